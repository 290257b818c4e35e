package rules

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aimsdev/aims/internal/gittest"
	"github.com/aimsdev/aims/lint"
)

// plantedCopy copies the example, applies edits (a file to delete when new is
// "-", else old replaced by new once) and lints the copy with every rule.
func plantedCopy(t *testing.T, edits ...[3]string) *lint.Result {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, "../testdata/example-aims", dir)
	for _, e := range edits {
		name := filepath.Join(dir, filepath.FromSlash(e[0]))
		if e[2] == "-" {
			if err := os.Remove(name); err != nil {
				t.Fatal(err)
			}
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), e[1]) {
			t.Fatalf("%s does not contain %q", e[0], e[1])
		}
		if err := os.WriteFile(name, []byte(strings.Replace(string(b), e[1], e[2], 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return lintAll(t, dir)
}

// coverageOf returns the coverage entry of ref.
func coverageOf(t *testing.T, res *lint.Result, ref string) lint.Coverage {
	t.Helper()
	i := slices.IndexFunc(res.Coverage, func(c lint.Coverage) bool { return c.Ref == ref })
	if i < 0 {
		t.Fatalf("no coverage of %s", ref)
	}
	return res.Coverage[i]
}

// TestCoverageItemsAndSystems checks the coverage of documented-information
// items and of per-system requirements on planted copies of the example.
func TestCoverageItemsAndSystems(t *testing.T) {
	type want struct {
		ref    string
		status lint.CoverageStatus
		item   string // an item of ref, and its status
		itemSt lint.CoverageStatus
		system string // a system of ref (or of item), and its status
		sysSt  lint.CoverageStatus
	}
	tests := []struct {
		name     string
		edits    [][3]string
		wants    []want
		findings map[string]string // rule -> a message it must give
	}{
		{
			name:  "the example",
			edits: nil,
			wants: []want{
				{ref: "6.1.3", status: lint.Evidenced, item: "soa", itemSt: lint.Evidenced},
				{ref: "A.5.3", status: lint.Evidenced, system: "SYS-TRIAGE", sysSt: lint.Evidenced},
				{ref: "A.7.4", status: lint.Evidenced, system: "SYS-CREDIT", sysSt: lint.Evidenced},
			},
		},
		{
			name:  "Statement of Applicability deleted",
			edits: [][3]string{{"risk/statement-of-applicability.yaml", "", "-"}},
			wants: []want{
				{ref: "6.1.3", status: lint.Missing, item: "soa", itemSt: lint.Missing},
				{ref: "6.1.3", status: lint.Missing, item: "treatment-plan", itemSt: lint.Evidenced},
			},
			findings: map[string]string{"AIMS4004": `write a statement-of-applicability artifact to evidence 6.1.3 "Statement of Applicability"`},
		},
		{
			// PROC-013 lists 9.2.2 and stays: a procedure says how audits
			// are run, it is not their results.
			name:  "the audit report deleted",
			edits: [][3]string{{"audits/AR-2026-01.md", "", "-"}},
			wants: []want{
				{ref: "9.2.2", status: lint.Missing, item: "results", itemSt: lint.Missing},
				{ref: "9.2.2", status: lint.Missing, item: "programme", itemSt: lint.Evidenced},
			},
			findings: map[string]string{"AIMS4004": `write an audit-report artifact to evidence 9.2.2 "Internal audit results"`},
		},
		{
			name:  "one impact assessment in review",
			edits: [][3]string{{"impact-assessments/AIA-002-customer-assistant.md", "status: approved", "status: in-review"}},
			wants: []want{
				{ref: "A.5.3", status: lint.DraftOnly, system: "SYS-ASSIST", sysSt: lint.DraftOnly},
				{ref: "A.5.4", status: lint.DraftOnly, system: "SYS-CREDIT", sysSt: lint.Evidenced},
				{ref: "6.1.4", status: lint.DraftOnly, item: "results", itemSt: lint.DraftOnly, system: "SYS-ASSIST", sysSt: lint.DraftOnly},
				{ref: "A.5.2", status: lint.Evidenced},
			},
			findings: map[string]string{
				"AIMS4005": `AI system "SYS-ASSIST" has no approved evidence of A.5.3 `,
				"AIMS3009": "A.5.3 is marked implemented, but SYS-ASSIST has no approved evidence",
			},
		},
		{
			name:     "one impact assessment a draft",
			edits:    [][3]string{{"impact-assessments/AIA-003-correspondence-triage.md", "status: approved", "status: draft"}},
			wants:    []want{{ref: "A.5.5", status: lint.DraftOnly, system: "SYS-TRIAGE", sysSt: lint.DraftOnly}},
			findings: map[string]string{"AIMS4005": `AI system "SYS-TRIAGE" has no approved evidence of 8.4 "AI system impact assessment results"`},
		},
		{
			name:     "a system without an impact assessment",
			edits:    [][3]string{{"impact-assessments/AIA-003-correspondence-triage.md", "", "-"}},
			wants:    []want{{ref: "A.5.3", status: lint.Missing, system: "SYS-TRIAGE", sysSt: lint.Missing}},
			findings: map[string]string{"AIMS4005": "write an impact-assessment with `ai_system: SYS-TRIAGE` and have it approved"},
		},
		{
			name:     "a dataset in review",
			edits:    [][3]string{{"data/bureau-credit-files.yaml", "status: approved", "status: in-review"}},
			wants:    []want{{ref: "A.7.3", status: lint.DraftOnly, system: "SYS-CREDIT", sysSt: lint.DraftOnly}},
			findings: map[string]string{"AIMS4005": "approve the records of the datasets it uses: data/bureau-credit-files.yaml (in review)"},
		},
		{
			name: "a retired system asks nothing",
			edits: [][3]string{
				{"impact-assessments/AIA-003-correspondence-triage.md", "", "-"},
				{"governance/aims-scope.md", "ai_systems: [SYS-CREDIT, SYS-ASSIST, SYS-TRIAGE]", "ai_systems: [SYS-CREDIT, SYS-ASSIST]"},
			},
			wants: []want{{ref: "A.5.3", status: lint.Evidenced}},
		},
		{
			name:     "a system whose own record is a draft warns",
			edits:    [][3]string{{"systems/correspondence-triage.yaml", "status: approved", "status: draft"}},
			wants:    []want{{ref: "A.6.2.3", status: lint.DraftOnly, system: "SYS-TRIAGE", sysSt: lint.DraftOnly}},
			findings: map[string]string{"AIMS4003": `AI system "SYS-TRIAGE" (its record is a draft) has no approved evidence of A.6.2.3 "Documentation of AI system design and development": approve its record systems/correspondence-triage.yaml (a draft)`},
		},
		{
			name:  "a policy in review is draft only everywhere",
			edits: [][3]string{{"governance/ai-policy.md", "status: approved", "status: in-review"}},
			wants: []want{
				{ref: "5.2", status: lint.DraftOnly, item: "policy", itemSt: lint.DraftOnly},
				{ref: "A.2.2", status: lint.DraftOnly},
			},
			findings: map[string]string{"AIMS4003": `only drafts evidence 5.2 "AI policy"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := plantedCopy(t, tt.edits...)
			for _, w := range tt.wants {
				c := coverageOf(t, res, w.ref)
				if c.Status != w.status {
					t.Errorf("%s: %s, want %s", w.ref, c.Status, w.status)
				}
				systems := c.Systems
				if w.item != "" {
					i := slices.IndexFunc(c.Items, func(it lint.ItemCoverage) bool { return it.ID == w.item })
					if i < 0 {
						t.Fatalf("%s has no item %s", w.ref, w.item)
					}
					if c.Items[i].Status != w.itemSt {
						t.Errorf("%s %s: %s, want %s", w.ref, w.item, c.Items[i].Status, w.itemSt)
					}
					systems = c.Items[i].Systems
				}
				if w.system != "" {
					i := slices.IndexFunc(systems, func(s lint.SystemCoverage) bool { return s.System == w.system })
					if i < 0 {
						t.Fatalf("%s %s: no system %s in %+v", w.ref, w.item, w.system, systems)
					}
					if systems[i].Status != w.sysSt {
						t.Errorf("%s %s %s: %s, want %s", w.ref, w.item, w.system, systems[i].Status, w.sysSt)
					}
				} else if w.ref == "A.5.3" && len(c.Systems) != 2 && tt.name == "a retired system asks nothing" {
					t.Errorf("A.5.3 systems %+v, want the two in scope", c.Systems)
				}
			}
			for rule, msg := range tt.findings {
				if !slices.ContainsFunc(res.Findings, func(f lint.Finding) bool { return f.RuleID == rule && strings.Contains(f.Message, msg) }) {
					t.Errorf("no %s finding containing %q", rule, msg)
				}
			}
			if tt.findings == nil {
				for _, f := range res.Findings {
					if strings.HasPrefix(f.RuleID, "AIMS400") {
						t.Errorf("unexpected %s: %s", f.RuleID, f.Message)
					}
				}
			}
		})
	}
}

// TestCoverageOfEvaluations checks the coverage of A.6.2.4 for each AI
// system (PerSystemEvaluation) and its detail line on small AIMSs: a
// high-risk system in use is evidenced only by an approved evaluation of its
// current version that passes the judgement; another system keeps its own
// record as evidence.
func TestCoverageOfEvaluations(t *testing.T) {
	system := func(id, level, status string) string {
		return "kind: ai-system\nid: " + id + "\ntitle: " + id + "\nstatus: " + status + "\nowner: data-scientists\nname: " + id +
			"\npurpose: Score applications\nintended_use: Lending decisions with human review\nrisk_level: " + level +
			"\nlifecycle_stage: operation-and-monitoring\nmodel_version: v2\nimpact_assessment: AIA-" + id + "\n"
	}
	assessment := func(id string) string {
		return "---\nkind: impact-assessment\nid: AIA-" + id + "\ntitle: Impact of " + id + "\nstatus: approved\nowner: ai-governance-lead\nai_system: " + id +
			"\nassessed_on: 2026-03-01\nassessor: ai-governance-lead\naffected_groups: [sex]\nimpacts:\n  - {subject: individuals, description: Wrongful declines, severity: high, mitigation: Human review}\n---\n\n## System\n\nIt.\n\n## Impacts\n\nDeclines.\n\n## Mitigations\n\nReview.\n"
	}
	const register = `kind: risk-register
id: RR-1
title: Risk register
status: approved
owner: ai-governance-lead
risks:
  - id: RSK-1
    ai_system: SYS-HIGH
    description: Approval rates for women fall below the target ratio
    acceptance: {approved_by: top-management, approved_on: 2026-05-09}
  - id: RSK-2
    ai_system: SYS-HIGH
    description: The same shortfall, not yet accepted
`
	evaluation := func(status, version, file string) string {
		return "kind: evaluation\nid: EVAL-H\ntitle: Evaluation\nstatus: " + status + "\nowner: data-scientists\nai_system: SYS-HIGH\nmodel_version: " + version +
			"\nevaluated_on: 2026-05-07\nevaluator: data-scientists\ndatasets: [DS-TEST]\nmethods: [performance, fairness, robustness]\nmetrics_file: " + file + "\n"
	}
	const header = "metric,method,group,value,threshold,comparison,risk\n"
	const passing = header + "auc,performance,overall,0.8,0.75,>=,\nselection_ratio,fairness,sex,0.95,0.9,>=,\nauc_noise,robustness,overall,0.78,0.7,>=,\n"
	base := map[string]string{
		"systems/high.yaml":  system("SYS-HIGH", "high", "approved"),
		"systems/low.yaml":   system("SYS-LOW", "limited", "approved"),
		"aia/high.md":        assessment("SYS-HIGH"),
		"aia/low.md":         assessment("SYS-LOW"),
		"risk/register.yaml": register,
		"evals/ok.csv":       passing,
		"evals/accepted.csv": header + "auc,performance,overall,0.8,0.75,>=,\nselection_ratio,fairness,sex=female,0.85,0.9,>=,RSK-1\nauc_noise,robustness,overall,0.78,0.7,>=,\n",
		"evals/open.csv":     header + "auc,performance,overall,0.8,0.75,>=,\nselection_ratio,fairness,sex=female,0.85,0.9,>=,RSK-2\nauc_noise,robustness,overall,0.78,0.7,>=,\n",
		"evals/fragile.csv":  header + "auc,performance,overall,0.8,0.75,>=,\nselection_ratio,fairness,sex,0.95,0.9,>=,\n",
	}
	tests := []struct {
		name        string
		files       map[string]string
		system      string
		status      lint.CoverageStatus
		detail      string
		finding     string // rule: a message it must give
		message     string
		noEvidenced bool // AIMS4005 must not report A.6.2.4 for the system
	}{
		{name: "no evaluation", system: "SYS-HIGH", status: lint.Missing, detail: "no approved evaluation",
			finding: "AIMS7301", message: "but has no evaluation", noEvidenced: true},
		{name: "a system that is not high-risk keeps its record", system: "SYS-LOW", status: lint.Evidenced, detail: "no approved evaluation"},
		{name: "a passing evaluation", files: map[string]string{"evals/h.yaml": evaluation("approved", "v2", "ok.csv")},
			system: "SYS-HIGH", status: lint.Evidenced, detail: "EVAL-H, v2 on 2026-05-07: 3 of 3 metrics met"},
		{name: "a passing evaluation due again", files: map[string]string{"evals/h.yaml": strings.Replace(evaluation("approved", "v2", "ok.csv"), "evaluated_on:", "review_cycle: 3mo\nevaluated_on:", 1)},
			system: "SYS-HIGH", status: lint.Evidenced, detail: "EVAL-H, v2 on 2026-05-07: 3 of 3 metrics met; due again by 2026-08-07 under its 3mo cycle",
			finding: "AIMS7305", message: "a new evaluation was due by 2026-08-07"},
		{name: "a failed metric under an accepted risk", files: map[string]string{"evals/h.yaml": evaluation("approved", "v2", "accepted.csv")},
			system: "SYS-HIGH", status: lint.Evidenced, detail: "EVAL-H, v2 on 2026-05-07: 2 of 3 metrics met; accepted risk for selection_ratio (sex=female)"},
		{name: "a failed metric whose risk is not accepted", files: map[string]string{"evals/h.yaml": evaluation("approved", "v2", "open.csv")},
			system: "SYS-HIGH", status: lint.Missing, detail: "EVAL-H, v2 on 2026-05-07: 2 of 3 metrics met; fails selection_ratio (sex=female)",
			finding: "AIMS4005", message: "its evaluation EVAL-H has metrics that fail their threshold (selection_ratio (sex=female))"},
		{name: "no robustness metric", files: map[string]string{"evals/h.yaml": evaluation("approved", "v2", "fragile.csv")},
			system: "SYS-HIGH", status: lint.Missing, detail: "EVAL-H, v2 on 2026-05-07: 2 of 2 metrics met; no robustness metric",
			finding: "AIMS7301", message: "has no usable robustness metric", noEvidenced: true},
		{name: "an evaluation of another version", files: map[string]string{"evals/h.yaml": evaluation("approved", "v1", "ok.csv")},
			system: "SYS-HIGH", status: lint.Missing, detail: "EVAL-H, v1 on 2026-05-07: 3 of 3 metrics met; not of the current model version v2",
			finding: "AIMS7301", message: "its evaluations in force are of other versions", noEvidenced: true},
		{name: "only a draft", files: map[string]string{"evals/h.yaml": evaluation("draft", "v2", "ok.csv")},
			system: "SYS-HIGH", status: lint.DraftOnly, detail: "no approved evaluation (EVAL-H is a draft)",
			finding: "AIMS7301", message: "is not reviewed or approved", noEvidenced: true},
		{name: "in review", files: map[string]string{"evals/h.yaml": evaluation("in-review", "v2", "ok.csv")},
			system: "SYS-HIGH", status: lint.DraftOnly, detail: "no approved evaluation (EVAL-H is in review)",
			finding: "AIMS4005", message: "approve its evaluation evals/h.yaml (in review)"},
		{name: "a results file that cannot be read", files: map[string]string{"evals/h.yaml": evaluation("approved", "v2", "gone.csv")},
			system: "SYS-HIGH", status: lint.Missing, detail: "EVAL-H, v2 on 2026-05-07: its results file cannot be used"},
		{name: "a system in draft", files: map[string]string{"systems/low.yaml": system("SYS-LOW", "limited", "draft")},
			system: "SYS-LOW", status: lint.DraftOnly, detail: "no approved evaluation",
			finding: "AIMS4003", message: `AI system "SYS-LOW" (its record is a draft) has no approved evidence of A.6.2.4 "AI system verification and validation": approve its record systems/low.yaml (a draft), or an evaluation of it`},
		{name: "a system in draft with an approved evaluation", files: map[string]string{
			"systems/low.yaml": system("SYS-LOW", "limited", "draft"),
			"evals/l.yaml":     strings.ReplaceAll(evaluation("approved", "v2", "ok.csv"), "SYS-HIGH", "SYS-LOW"),
		}, system: "SYS-LOW", status: lint.Evidenced, detail: "EVAL-H, v2 on 2026-05-07: 3 of 3 metrics met"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := maps.Clone(base)
			maps.Copy(files, tt.files)
			gittest.WriteFiles(t, dir, files)
			res := lintAll(t, dir)
			c := coverageOf(t, res, "A.6.2.4")
			i := slices.IndexFunc(c.Systems, func(s lint.SystemCoverage) bool { return s.System == tt.system })
			if i < 0 {
				t.Fatalf("A.6.2.4: no system %s in %+v", tt.system, c.Systems)
			}
			if got := c.Systems[i]; got.Status != tt.status || got.Detail != tt.detail {
				t.Errorf("A.6.2.4 %s: %s %q, want %s %q", tt.system, got.Status, got.Detail, tt.status, tt.detail)
			}
			if tt.finding != "" && !slices.ContainsFunc(res.Findings, func(f lint.Finding) bool {
				return f.RuleID == tt.finding && strings.Contains(f.Message, tt.message)
			}) {
				t.Errorf("no %s finding containing %q", tt.finding, tt.message)
			}
			for _, f := range res.Findings {
				if tt.noEvidenced && f.RuleID == "AIMS4005" && slices.Contains(f.Controls, "A.6.2.4") {
					t.Errorf("AIMS4005 repeats what AIMS7301 says: %s", f.Message)
				}
			}
		})
	}
}
