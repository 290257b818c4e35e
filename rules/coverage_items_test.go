package rules

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

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
			wants:    []want{{ref: "A.6.2.4", status: lint.DraftOnly, system: "SYS-TRIAGE", sysSt: lint.DraftOnly}},
			findings: map[string]string{"AIMS4003": `AI system "SYS-TRIAGE" (its record is a draft) has no approved evidence of A.6.2.4 "AI system verification and validation": approve its record systems/correspondence-triage.yaml (a draft)`},
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
