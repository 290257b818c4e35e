// Package corpus writes deterministic, synthetic AI management system
// repositories of any size for benchmarks: mixed kinds, realistic
// cross-references (systems to datasets and suppliers, risks, impact
// assessments, incidents and nonconformities), Markdown bodies with the
// required sections. The same n always gives the same bytes.
package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// core is the fixed part every corpus has: scope, policy, roles, SoA,
// objectives, competence, audit programme and management review.
func core(systems int) map[string]string {
	var soa strings.Builder
	soa.WriteString(header("statement-of-applicability", "SOA", "Statement of Applicability", "yaml") + "annex_a:\n")
	for _, c := range controls {
		fmt.Fprintf(&soa, "  - ref: %s\n    applicable: true\n    justification: required by the risk assessment for the AI systems in scope\n    implementation: implemented\n    evidence: [POL-001]\n", c)
	}
	var scopeSystems []string
	for i := 0; i < systems; i++ {
		scopeSystems = append(scopeSystems, sysID(i))
	}
	return map[string]string{
		".aims.yaml": "organization: Synthetic Corp\n",
		"governance/scope.md": header("aims-scope", "SCOPE-001", "AIMS scope", "md") +
			"organization: Synthetic Corp\nai_systems: [" + strings.Join(scopeSystems, ", ") + "]\nboundaries: [all business units]\n" +
			"ai_roles: [producer]\nlegal_requirements: [data protection law, consumer credit regulation]\nexternal_issues: [regulation of automated decisions, climate change is not a relevant issue]\n" +
			"internal_issues: [a small data science team]\ninterfaces: [cloud platform hosting the models]\n" +
			"interested_parties:\n  - name: customers\n    needs: [fair decisions]\n    addressed: true\n---\n## Context\nWe build and run AI systems.\n\n## Interested parties\nCustomers and regulators.\n\n## Scope\nAll AI systems.\n",
		"governance/policy.md": header("ai-policy", "POL-001", "AI policy", "md") +
			"related_policies: [information security policy]\n---\n## Purpose\nWhy.\n\n## Principles\nFairness; we meet the requirements that apply to us.\n\n## Objectives\nSee OBJ.\n\n## Roles\nSee ROLES.\n\n## Continual improvement\nWe improve the AIMS yearly.\n",
		"governance/roles.yaml": header("roles", "ROLES", "Roles", "yaml") + "aims_owner: ai-governance-lead\nroles:\n" + rolesYAML(),
		"governance/soa.yaml":   soa.String(),
		"governance/objectives.yaml": header("ai-objectives", "OBJ", "AI objectives", "yaml") +
			"objectives:\n  - id: OBJ-001\n    statement: keep models fair\n    measure: disparity ratio\n    target: \"0.8\"\n    owner: ai-governance-lead\n    due: 2027-03-31\n    status: on-track\n" +
			"    controls: [A.6.1.2, A.9.3]\n    actions: [quarterly fairness test]\n    resources: [two analysts]\n    measurements:\n      - \"on\": 2026-08-31\n        value: 0.91\n",
		"governance/competence.yaml": header("competence-record", "COMP", "Competence", "yaml") +
			"competences:\n" + competencesYAML(),
		"audits/programme.yaml": header("audit-programme", "AUDP", "Audit programme", "yaml") +
			"period:\n  from: 2026-01-01\n  to: 2028-12-31\nfrequency: every clause and control once in the period\nmethods: document review, interviews and sampling\nreporting: to top management and the management review\n" +
			"audits:\n  - id: AUD-001\n    scope: whole AIMS\n    planned_on: 2026-06-01\n    auditor: External Audit LLP\n    criteria: [ISO/IEC 42001]\n" +
			"    clauses: [\"4.1\", \"4.2\", \"4.3\", \"4.4\", \"5.1\", \"5.2\", \"5.3\", \"6.1\", \"6.2\", \"6.3\", \"7.1\", \"7.2\", \"7.3\", \"7.4\", \"7.5\", \"8.1\", \"8.2\", \"8.3\", \"8.4\", \"9.1\", \"9.2\", \"9.3\", \"10.1\", \"10.2\", " + strings.Join(controls, ", ") + "]\n" +
			"  - id: AUD-002\n    scope: operation and improvement\n    planned_on: 2027-05-01\n    auditor: External Audit LLP\n    criteria: [ISO/IEC 42001]\n    clauses: [\"8.1\", \"9.1\", \"10.2\"]\n" +
			"  - id: AUD-003\n    scope: planning and risk\n    planned_on: 2028-04-01\n    auditor: External Audit LLP\n    criteria: [ISO/IEC 42001]\n    clauses: [\"6.1\", \"8.2\", \"8.3\"]\n",
		"audits/report.md": header("audit-report", "AR-001", "Internal audit", "md") +
			"audit: AUD-001\nperformed_on: 2026-06-02\nauditor: External Audit LLP\nauditees: [ai-governance-lead]\ncriteria: [ISO/IEC 42001]\nconclusion: conforms\nreported_to: [top-management]\nreported_on: 2026-06-03\n" +
			"findings:\n  - id: AF-001\n    type: observation\n    clause: \"7.5.2\"\n    description: a template could be clearer\n---\n## Scope\nAll.\n\n## Findings\nOne observation.\n\n## Conclusion\nEffective.\n",
		"reviews/mr.md": header("management-review", "MR-001", "Management review", "md") +
			"held_on: 2026-07-01\nattendees: [top-management, ai-governance-lead]\ninputs:\n  previous_actions: closed\n  context_changes: none\n  interested_party_changes: none\n  performance:\n    nonconformities: few\n    monitoring: on target\n    audits: one observation\n  risks_and_opportunities: reviewed\n  improvement_opportunities: two\ndecisions: [continue]\nimprovement_decisions: [automate checks]\nchange_decisions: [none needed]\nactions:\n  - action: automate checks\n    owner: data-scientists\n    due: 2026-12-31\n---\n## Inputs\nAll.\n\n## Decisions\nContinue.\n\n## Actions\nNone.\n",
		"operations/monitoring.md": header("monitoring-report", "MON-001", "Monitoring report", "md") +
			"ai_systems: [" + strings.Join(scopeSystems, ", ") + "]\nperiod:\n  from: 2026-07-01\n  to: 2026-08-31\nmethods: dashboard extracts\nevaluation: all targets met\nkpis:\n  - name: approval rate disparity\n    value: 0.91\n    target: 0.8\n---\n## Summary\nOn target.\n\n## Results\nAll KPIs met.\n\n## Actions\nNone.\n",
		"procedures/proc-core.md": header("procedure", "PROC-CORE", "Core processes", "md") +
			"controls: [A.6.1.3, A.8.3, A.8.5, A.9.2, A.10.4, \"6.1.4\"]\n---\n## Purpose\nWhy.\n\n## Scope\nAll.\n\n## Steps\n1. Do.\n\n## Records\nKept.\n",
	}
}

// controls are the 38 Annex A controls.
var controls = strings.Fields("A.2.2 A.2.3 A.2.4 A.3.2 A.3.3 A.4.2 A.4.3 A.4.4 A.4.5 A.4.6 A.5.2 A.5.3 A.5.4 A.5.5 " +
	"A.6.1.2 A.6.1.3 A.6.2.2 A.6.2.3 A.6.2.4 A.6.2.5 A.6.2.6 A.6.2.7 A.6.2.8 A.7.2 A.7.3 A.7.4 A.7.5 A.7.6 " +
	"A.8.2 A.8.3 A.8.4 A.8.5 A.9.2 A.9.3 A.9.4 A.10.2 A.10.3 A.10.4")

// roles are the default roles of the corpus.
var roles = []string{"top-management", "ai-governance-lead", "data-scientists", "compliance-officers", "legal-advisors", "ethics-committee", "it-security"}

func rolesYAML() string {
	var b strings.Builder
	for _, r := range roles {
		fmt.Fprintf(&b, "  - id: %s\n    title: %s\n    responsibilities: [govern AI]\n    authority: [approve]\n    members: [member of %s]\n", r, r, r)
	}
	return b.String()
}

func competencesYAML() string {
	var b strings.Builder
	for _, r := range roles {
		fmt.Fprintf(&b, "  - role: %s\n    required: [AI risk awareness]\n    evidence: [training records]\n", r)
	}
	return b.String()
}

// header writes the common fields of an approved artifact.
func header(kind, id, title, form string) string {
	return headerOn(kind, id, title, form, "2026-09-10")
}

// headerOn writes the common fields of an artifact approved and reviewed on
// the day approved.
func headerOn(kind, id, title, form, approved string) string {
	open := ""
	if form == "md" {
		open = "---\n"
	}
	return open + fmt.Sprintf("kind: %s\nid: %s\ntitle: %s\nstatus: approved\nowner: ai-governance-lead\napproved_by: top-management\napproved_on: %s\nversion: \"1.0\"\nlast_reviewed: %s\nreview_cycle: 12mo\nnext_review: 2027-09-01\n", kind, id, title, approved, approved)
}

func sysID(i int) string  { return fmt.Sprintf("SYS-%05d", i) }
func dsID(i int) string   { return fmt.Sprintf("DS-%05d", i) }
func supID(i int) string  { return fmt.Sprintf("SUP-%05d", i) }
func iaID(i int) string   { return fmt.Sprintf("AIA-%05d", i) }
func ncID(i int) string   { return fmt.Sprintf("NC-%05d", i) }
func evalID(i int) string { return fmt.Sprintf("EVAL-%05d", i) }

// Options change what FilesWith writes.
type Options struct {
	// NoEvaluations leaves out the evaluations and their results files:
	// the same repository without them, to measure what they cost.
	NoEvaluations bool
}

// modelVersion is the model_version of every system and of its evaluation.
const modelVersion = "1.0 (released 2026-01-12)"

// evaluation writes the evaluation of system s (its id, the text, and the
// path and text of its results file, for every other system): performance,
// fairness for each affected group and robustness on its test dataset, every
// metric passing. It is measured on 2026-09-11, after the first commit of a
// generated history (2026-09-10), which sets the systems' model_version.
func evaluation(s int, sys, testData string) (id, text, csvPath, csv string) {
	id = evalID(s)
	text = headerOn("evaluation", id, "Evaluation of "+sys, "yaml", "2026-09-11") +
		"ai_system: " + sys + "\nmodel_version: " + modelVersion + "\nevaluated_on: 2026-09-11\nevaluator: data-scientists\n" +
		"datasets: [" + testData + "]\nmethods: [performance, fairness, robustness]\n"
	if s%2 == 1 {
		csvPath = "evaluations/results/" + strings.ToLower(id) + ".csv"
		csv = "metric,method,group,value,threshold,comparison,passed,n\n" +
			"auc,performance,overall,0.81,0.75,>=,true,12000\n" +
			"calibration_error,performance,overall,0.04,0.1,<=,true,12000\n" +
			"approval_rate_ratio,fairness,age_band,0.93,0.9,>=,true,12000\n" +
			"approval_rate_ratio,fairness,age_band=18-24,0.93,0.9,>=,true,2100\n" +
			"approval_rate_ratio,fairness,sex,0.97,0.9,>=,true,11400\n" +
			"auc_under_noise,robustness,overall,0.78,0.7,>=,true,12000\n"
		text += "metrics_file: results/" + strings.ToLower(id) + ".csv\nconclusion: meets every criterion\n"
		return id, text, csvPath, csv
	}
	text += "metrics:\n" +
		"  - name: auc\n    method: performance\n    value: 0.81\n    threshold: 0.75\n    comparison: \">=\"\n" +
		"  - name: approval_rate_ratio\n    method: fairness\n    group: age_band\n    value: 0.93\n    threshold: 0.9\n    comparison: \">=\"\n" +
		"  - name: approval_rate_ratio\n    method: fairness\n    group: sex\n    value: 0.97\n    threshold: 0.9\n    comparison: \">=\"\n" +
		"  - name: auc_under_noise\n    method: robustness\n    value: 0.78\n    threshold: 0.7\n    comparison: \">=\"\n" +
		"conclusion: meets every criterion\n"
	return id, text, "", ""
}

// Files returns the corpus of about n artifacts as paths and contents. About
// one artifact in six is an AI system; each system has two datasets (training
// and test data), a supplier every fifth, an impact assessment (every AI
// system needs its own), an evaluation (every other one with its metrics in a
// results CSV), risks, high risk every fourth, and incidents with their
// nonconformities every third.
func Files(n int) map[string]string { return FilesWith(n, Options{}) }

// FilesWith returns the corpus of Files, changed as o says.
func FilesWith(n int, o Options) map[string]string {
	files := core(n / 10)
	count := len(files) - 1
	var risks strings.Builder
	risks.WriteString(header("risk-register", "RSK-REG", "Risk register", "yaml") +
		"criteria:\n  likelihood:\n" + scale() + "  impact:\n" + scale() + "  acceptance_threshold: 8\n  acceptance_authority:\n    within_threshold: [ai-governance-lead]\n    above_threshold: [top-management]\nrisks:\n")
	count++
	nRisk := 0
	s := 0
	for ; count < n; s++ {
		sys := sysID(s)
		high := s%4 == 0
		ds := []string{dsID(2 * s), dsID(2*s + 1)}
		for i, d := range ds {
			uses := "uses: [training]\n"
			if i == 1 {
				uses = "uses: [test]\n"
			}
			files["data/"+strings.ToLower(d)+".yaml"] = header("dataset", d, "Dataset "+d, "yaml") +
				"ai_systems: [" + sys + "]\n" + uses + "source: internal records\nacquisition: exported monthly from the core system\nprovenance: lineage kept in the catalogue\n" +
				"quality_checks:\n  - check: completeness\n    last_run: 2026-09-01\n    result: pass\npreparation: cleaned and deduplicated\nrights: own records\nknown_limitations: none known after profiling\npersonal_data: false\n"
			count++
		}
		sup := ""
		if s%5 == 0 {
			id := supID(s / 5)
			sup = "suppliers: [" + id + "]\n"
			files["suppliers/"+strings.ToLower(id)+".yaml"] = header("supplier", id, "Supplier "+id, "yaml") +
				"services: [model hosting]\nai_systems: [" + sys + "]\nresponsibilities:\n  - area: uptime\n    party: supplier\nassessed_on: 2026-02-01\nnext_assessment: 2027-02-01\nassessment_result: approved\nassessment_summary: questionnaire reviewed\n"
			count++
		}
		level := "limited"
		extra := ""
		if high {
			level = "high"
			extra = "human_oversight: a credit officer reviews every refusal\noversight_roles: [compliance-officers]\nimpact_assessment: " + iaID(s) + "\n"
		}
		{
			files["impact/"+strings.ToLower(iaID(s))+".md"] = header("impact-assessment", iaID(s), "Impact assessment "+sys, "md") +
				"ai_system: " + sys + fmt.Sprintf("\nrisks: [RSK-%06d]", nRisk) + "\nassessed_on: 2026-02-20\nassessor: ethics-committee\naffected_groups: [age_band, sex]\nimpacts:\n" +
				"  - subject: individuals\n    description: wrongful refusal\n    severity: high\n    mitigation: human review\n" +
				"  - subject: society\n    description: exclusion\n    severity: medium\n    mitigation: monitoring\n" +
				"---\n## System\nScores applications.\n\n## Impacts\nSee above.\n\n## Mitigations\nHuman review.\n"
			count++
		}
		files["systems/"+strings.ToLower(sys)+".yaml"] = header("ai-system", sys, "System "+sys, "yaml") +
			"name: System " + sys + "\npurpose: supports decisions\nintended_use: internal decision support\nrisk_level: " + level + "\n" +
			"ai_role: producer\nlifecycle_stage: operation-and-monitoring\nmodel_version: " + modelVersion + "\ndatasets: [" + strings.Join(ds, ", ") + "]\n" + sup + extra +
			"event_logging:\n  enabled: true\n  retention: 1y\n  location: central log store\n" +
			"requirements: REQ-1\ndesign: gradient-boosted trees, design note DES-1\nverification:\n  criteria: accuracy 0.9\n  validated_on: 2026-01-10\n  result: met\n" +
			"deployment:\n  plan: staged release\n  approved_by: top-management\n  approved_on: 2026-01-12\nmonitoring: daily dashboard\n" +
			"user_information: notice in the app\ndocumentation: [model card]\n" +
			"resources:\n  tooling: [python]\n  computing: [two containers]\n  people: [model owner]\n"
		count++
		if id, text, csvPath, csv := evaluation(s, sys, ds[1]); !o.NoEvaluations {
			files["evaluations/"+strings.ToLower(id)+".yaml"] = text
			if csvPath != "" {
				files[csvPath] = csv
			}
		}
		count++
		for r := 0; r < 2; r++ {
			fmt.Fprintf(&risks, "  - id: RSK-%06d\n    title: risk %d of %s\n    ai_system: %s\n    source: complexity of environment\n    likelihood: %d\n    impact: %d\n    owner: ai-governance-lead\n    treatment: mitigate\n    controls: [A.6.2.4]\n    treatment_status: in-progress\n    due: 2027-01-31\n    residual_likelihood: 1\n    residual_impact: 1\n",
				nRisk, r, sys, sys, 1+(s+r)%3, 1+(s+2*r)%3)
			nRisk++
		}
		if s%3 == 0 && count+2 <= n {
			inc := fmt.Sprintf("INC-%05d", s)
			nc := ncID(s)
			files["operations/"+strings.ToLower(inc)+".yaml"] = header("incident", inc, "Incident "+inc, "yaml") +
				"occurred_on: 2026-04-01\ndetected_on: 2026-04-02\nai_system: " + sys + "\nseverity: medium\nstate: closed\n" +
				"informed:\n  - party: customers\n    \"on\": 2026-04-03\nroot_cause: a stale feature\ncorrective_actions: [" + nc + "]\n"
			files["operations/"+strings.ToLower(nc)+".yaml"] = header("nonconformity", nc, "Nonconformity "+nc, "yaml") +
				"source: " + inc + "\nclause: \"8.1\"\ndescription: stale feature reached production\ncorrection: rolled back\nroot_cause: no freshness check\n" +
				"corrective_action: add a freshness check\ndue: 2026-12-31\nstate: open\n"
			count += 2
		}
		if s%7 == 0 && count < n {
			p := fmt.Sprintf("PROC-%05d", s)
			files["procedures/"+strings.ToLower(p)+".md"] = header("procedure", p, "Procedure "+p, "md") +
				"controls: [A.6.2.6, \"8.1\"]\n---\n# Operating " + sys + "\n\n## Purpose\nRun it well.\n\n## Scope\n" + sys + ".\n\n## Steps\n1. Monitor.\n2. Respond.\n\n## Records\nDashboards.\n"
			count++
		}
	}
	files["risk/register.yaml"] = risks.String()
	// Every system generated is in scope, and monitored.
	final := core(s)
	files["governance/scope.md"] = final["governance/scope.md"]
	files["operations/monitoring.md"] = final["operations/monitoring.md"]
	return files
}

func scale() string {
	var b strings.Builder
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&b, "    - level: %d\n      label: level %d\n", i, i)
	}
	return b.String()
}

// Write writes the corpus of about n artifacts under dir.
func Write(dir string, n int) error { return WriteWith(dir, n, Options{}) }

// WriteWith writes the corpus of FilesWith under dir.
func WriteWith(dir string, n int, o Options) error {
	for name, content := range FilesWith(n, o) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}
