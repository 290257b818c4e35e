package rules

// Paths of the evaluation each evaluation plant adds to the copy of the
// example, with its results file.
const (
	plantedEvaluationFile = "evaluations/planted/assistant-2026-07.yaml"
	plantedResults        = "evaluations/planted/results/assistant-2026-07.csv"
)

// plantedEvaluationFiles are an approved evaluation of the Northwind
// Assistant on its evaluation set, all of whose metrics pass: the plants
// below break one thing in it.
func plantedEvaluationFiles() map[string]string {
	return map[string]string{
		plantedEvaluationFile: `id: EVAL-PLANTED-ASSIST
kind: evaluation
title: Release evaluation of the Northwind Assistant, July 2026
status: approved
owner: data-scientists
version: "1.0"
approved_by: ai-governance-lead
approved_on: 2026-07-24
ai_system: SYS-ASSIST
model_version: Assistant release 2026-07
evaluated_on: 2026-07-22
evaluator: data-scientists
datasets: [DS-ASSIST-EVAL]
methods: [performance, robustness, safety]
metrics_file: results/assistant-2026-07.csv
conclusion: >-
  Every criterion met on evaluation set v2.0: grounded answers, hand-offs and resistance
  to prompt injection are at or above their release thresholds.
`,
		plantedResults: `metric,method,group,value,threshold,comparison
grounded_answer_rate,performance,overall,0.96,0.95,>=
handoff_recall,safety,overall,0.99,0.98,>=
handoff_recall,safety,channel=app,0.985,0.98,>=
injection_resistance,robustness,overall,0.97,0.95,>=
`,
	}
}

// evaluationPlants are the planted problems of the verification and
// validation rules (AIMS7302 to AIMS7304), each in a copy of the example
// that also holds plantedEvaluationFiles.
func evaluationPlants() []plant {
	return []plant{
		{
			// Hand-offs in the app fall short of their threshold, and no
			// accepted risk records the shortfall.
			rule: "AIMS7302",
			file: plantedResults,
			old:  "handoff_recall,safety,channel=app,0.985,0.98,>=",
			new:  "handoff_recall,safety,channel=app,0.93,0.98,>=",
			add:  plantedEvaluationFiles(),
		},
		{
			// The evaluation set was also used to fine-tune the assistant,
			// so its results say little about new questions.
			rule: "AIMS7303",
			file: "data/assistant-evaluation-set.yaml",
			old:  "uses: [test]\n",
			new:  "uses: [fine-tuning, test]\n",
			add:  plantedEvaluationFiles(),
		},
		{
			// The robustness harness wrote no number for prompt injection.
			rule: "AIMS7304",
			file: plantedResults,
			old:  "injection_resistance,robustness,overall,0.97,0.95,>=",
			new:  "injection_resistance,robustness,overall,n/a,0.95,>=",
			add:  plantedEvaluationFiles(),
		},
	}
}
