package rules

// plantedEvaluation is an approved evaluation of system at version,
// measured on evaluatedOn, with the given metrics (a YAML list). Its data is
// the assistant's evaluation set, which is no system's training data.
func plantedEvaluation(id, system, version, evaluatedOn, metrics string) string {
	return "id: " + id + `
kind: evaluation
title: Planted evaluation ` + id + `
status: approved
owner: data-scientists
approved_by: ai-governance-lead
approved_on: ` + evaluatedOn + `
ai_system: ` + system + `
model_version: ` + version + `
evaluated_on: ` + evaluatedOn + `
evaluator: data-scientists
datasets: [DS-ASSIST-EVAL]
methods: [performance]
metrics:
` + metrics
}

// evaluationSystemPlants are the planted problems of the rules on each AI
// system's evaluation (AIMS7301, AIMS7305). Each adds the evaluation it
// needs, dated after any the example holds, so that it is the latest.
func evaluationSystemPlants() []plant {
	perf := "  - {name: gini, method: performance, value: 0.62, threshold: 0.55, comparison: \">=\"}\n"
	return []plant{
		{
			// The credit scorecard moves to NAS 4.2, evaluated on
			// performance only: no robustness and no fairness metric. The
			// Statement of Applicability rightly no longer holds A.6.2.4
			// implemented for it.
			rule: "AIMS7301",
			file: "systems/credit-scoring.yaml",
			old:  "model_version: NAS 4.1",
			new:  "model_version: NAS 4.2 #",
			also: []string{"AIMS3009"},
			add: map[string]string{
				"evaluations/planted-credit-42.yaml": plantedEvaluation("EVAL-PLANTED-CREDIT-42", "SYS-CREDIT", "NAS 4.2", "2026-09-20", perf),
			},
		},
		{
			// The correspondence classifier moves to CTC 1.4 while its
			// latest evaluation is of CTC 1.3.
			rule: "AIMS7305",
			file: "systems/correspondence-triage.yaml",
			old:  "model_version: CTC 1.3",
			new:  "model_version: CTC 1.4 #",
			add: map[string]string{
				"evaluations/planted-triage-13.yaml": plantedEvaluation("EVAL-PLANTED-TRIAGE-13", "SYS-TRIAGE", "CTC 1.3", "2026-09-20", perf),
			},
		},
	}
}
