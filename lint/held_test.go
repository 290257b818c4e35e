package lint

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aimsdev/aims/artifact"
)

// heldRules are a coverage rule that finds A.9.2 and A.9.3 without evidence
// and a custom rule that evidences A.9.2 with every ai-system that has an
// owner, as package policy makes it.
func heldRules() []*Rule {
	coverage := &Rule{ID: RuleControlMissing, Title: "controls evidenced", Severity: Warning, Check: func(p *Pass) error {
		var cov []Coverage
		for _, ref := range []string{"A.9.2", "A.9.3"} {
			cov = append(cov, Coverage{Ref: ref, Applicable: true, Status: Missing})
			p.Report(artifact.Range{}, "write evidence of "+ref, ref)
		}
		p.RecordCoverage(cov)
		return nil
	}}
	custom := &Rule{ID: "ACME-001", Title: "systems name an owner", Severity: Error, Controls: []string{"A.9.2"},
		Evidences: []string{"A.9.2"}, Custom: &Custom{File: "policies/acme.yaml"}, Scope: ScopeDocument,
		Check: func(p *Pass) error {
			var held []string
			for _, d := range p.Documents {
				if d.Kind != "ai-system" {
					continue
				}
				if d.String("owner") == "" {
					p.Report(d.LocateKey("id"), "no owner")
					continue
				}
				held = append(held, d.Path)
			}
			p.Held(held)
			return nil
		}}
	return []*Rule{coverage, custom}
}

func TestHeldCoverage(t *testing.T) {
	system := func(id, status, owner string) *fstest.MapFile {
		s := "kind: ai-system\nid: " + id + "\ntitle: T\nstatus: " + status + "\n"
		if owner != "" {
			s += "owner: " + owner + "\n"
		}
		return &fstest.MapFile{Data: []byte(s)}
	}
	tests := []struct {
		name      string
		files     fstest.MapFS
		sel       []string
		evidences []string // the custom rule's, when not A.9.2
		only      []string // Config.Files: the files whose findings are shown
		supp      []ConfigSuppression
		status    CoverageStatus
		evidence  []string
		note      string // a substring of the notes of A.9.2, "" for none
		missingOf bool   // the coverage rule still finds A.9.2 without evidence
	}{
		{
			name:     "held on approved documents: evidenced",
			files:    fstest.MapFS{"a.yaml": system("SYS-A", "approved", "lead"), "b.yaml": system("SYS-B", "approved", "lead")},
			status:   Evidenced,
			evidence: []string{"a.yaml", "b.yaml"},
			note:     "ACME-001 (policies/acme.yaml) holds on a.yaml, b.yaml",
		},
		{
			name:      "open findings: not raised, and said",
			files:     fstest.MapFS{"a.yaml": system("SYS-A", "approved", "lead"), "b.yaml": system("SYS-B", "approved", "")},
			status:    Missing,
			note:      "ACME-001 (policies/acme.yaml) does not hold: 1 open finding",
			missingOf: true,
		},
		{
			name:      "open findings in files not shown: not raised",
			files:     fstest.MapFS{"a.yaml": system("SYS-A", "approved", "lead"), "b.yaml": system("SYS-B", "approved", "")},
			only:      []string{"a.yaml"},
			status:    Missing,
			note:      "does not hold: 1 open finding",
			missingOf: true,
		},
		{
			name:      "a group: each of its controls",
			files:     fstest.MapFS{"a.yaml": system("SYS-A", "approved", "lead")},
			evidences: []string{"A.9"},
			status:    Evidenced,
			evidence:  []string{"a.yaml"},
			note:      "holds on a.yaml",
		},
		{
			name:     "suppressed findings are not open",
			files:    fstest.MapFS{"a.yaml": system("SYS-A", "approved", "lead"), "b.yaml": system("SYS-B", "approved", "")},
			supp:     []ConfigSuppression{{Rule: "ACME-001", ID: "SYS-B", Reason: "retired next month"}},
			status:   Evidenced,
			evidence: []string{"a.yaml"},
			note:     "holds on a.yaml",
		},
		{
			name:      "drafts only: not evidenced",
			files:     fstest.MapFS{"a.yaml": system("SYS-A", "draft", "lead")},
			status:    Missing,
			note:      "not approved",
			missingOf: true,
		},
		{
			name:      "rule deselected: nothing",
			files:     fstest.MapFS{"a.yaml": system("SYS-A", "approved", "lead")},
			sel:       []string{"all", "-ACME-001"},
			status:    Missing,
			missingOf: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := heldRules()
			if tt.evidences != nil {
				rs[1].Evidences = tt.evidences
			}
			refs := []Reference{{ID: "A.9.2", Group: "A.9", Control: true}, {ID: "A.9.3", Group: "A.9", Control: true}, {ID: "A.9", Group: "A.9", Control: true}}
			cfg := &Config{References: refs, FS: tt.files, Rules: tt.sel, Files: tt.only, Suppressions: tt.supp, CustomRules: rs[1:], AsOf: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
			res, err := Run(context.Background(), cfg, rs[:1])
			if err != nil {
				t.Fatal(err)
			}
			var got, other *Coverage
			for i := range res.Coverage {
				switch res.Coverage[i].Ref {
				case "A.9.2":
					got = &res.Coverage[i]
				case "A.9.3":
					other = &res.Coverage[i]
				}
			}
			if got == nil || other == nil {
				t.Fatalf("coverage %+v", res.Coverage)
			}
			if got.Status != tt.status || !slices.Equal(got.Evidence, tt.evidence) {
				t.Errorf("A.9.2: %s %v, want %s %v", got.Status, got.Evidence, tt.status, tt.evidence)
			}
			notes := strings.Join(got.Notes, "\n")
			if tt.note == "" && notes != "" || !strings.Contains(notes, tt.note) {
				t.Errorf("A.9.2 notes %q, want %q", notes, tt.note)
			}
			if tt.evidences == nil && (other.Status != Missing || len(other.Notes) > 0) || tt.evidences != nil && other.Status != tt.status {
				t.Errorf("A.9.3: %+v", other)
			}
			missing := map[string]bool{}
			for _, f := range res.Findings {
				if f.RuleID == RuleControlMissing {
					missing[f.Controls[0]] = true
				}
			}
			if missing["A.9.2"] != tt.missingOf || missing["A.9.3"] != (tt.evidences == nil || tt.missingOf) {
				t.Errorf("missing-evidence findings for %v, want A.9.2 %v and A.9.3", missing, tt.missingOf)
			}
		})
	}
}
