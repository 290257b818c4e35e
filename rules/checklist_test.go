package rules

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/aimsdev/aims/lint"
)

// TestChecklistLoads parses the embedded checklist against the catalogue and
// All: ids unique and well formed, each on a leaf clause or control, exactly
// one of rules, auditor and planned, and only rules that exist.
func TestChecklistLoads(t *testing.T) {
	l, err := LoadChecklist(DefaultCatalogue(), All)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range l.Checks() {
		if seen[a.ID] {
			t.Errorf("%s: duplicate id", a.ID)
		}
		seen[a.ID] = true
	}
}

// TestChecklistCoversCatalogue: every one of the 32 leaf clauses and the 38
// Annex A controls has at least one check.
func TestChecklistCoversCatalogue(t *testing.T) {
	c, l := DefaultCatalogue(), DefaultChecklist()
	clauses, controls := c.Clauses(), c.Controls()
	if len(clauses) != 32 || len(controls) != 38 {
		t.Fatalf("catalogue has %d clauses and %d controls, want 32 and 38", len(clauses), len(controls))
	}
	for _, r := range append(clauses, controls...) {
		if len(l.For(r.ID)) == 0 {
			t.Errorf("%s %s: no check in rules/checklist.yaml", r.ID, r.Title)
		}
	}
}

// notInChecklist lists the content rules that deliberately make no check of
// the checklist, with the reason. None today.
var notInChecklist = map[string]string{}

// TestChecklistNamesContentRules: every rule that judges content (the
// families AIMS2, 3, 5, 6 and 7) makes at least one check, so that the
// checklist says what each of them is for; and every rule named exists.
func TestChecklistNamesContentRules(t *testing.T) {
	l := DefaultChecklist()
	known := map[string]bool{}
	for _, r := range All {
		known[r.ID] = true
		if !regexp.MustCompile(`^AIMS[23567]`).MatchString(r.ID) {
			continue
		}
		_, exempt := notInChecklist[r.ID]
		served := len(l.ServedBy(r.ID)) > 0
		switch {
		case !served && !exempt:
			t.Errorf("%s (%s) makes no check of rules/checklist.yaml: name it in the rules of the checks it makes", r.ID, r.Title)
		case served && exempt:
			t.Errorf("%s is named in the checklist: remove it from notInChecklist", r.ID)
		}
	}
	for id := range notInChecklist {
		if !known[id] {
			t.Errorf("notInChecklist names %s, which is not in All", id)
		}
	}
	for _, a := range l.Checks() {
		for _, id := range a.Rules {
			if !known[id] {
				t.Errorf("%s: rule %s is not in All", a.ID, id)
			}
		}
	}
}

// TestChecklistLookups: For and ServedBy return the checks in order, and copies.
func TestChecklistLookups(t *testing.T) {
	l := DefaultChecklist()
	got := l.For("9.3.2")
	if len(got) == 0 || got[0].ID != "9.3.2-a" || got[0].Ref != "9.3.2" {
		t.Fatalf("For(9.3.2) = %+v", got)
	}
	for _, a := range got {
		if a.Ref != "9.3.2" {
			t.Errorf("For(9.3.2) returned %s", a.ID)
		}
	}
	served := l.ServedBy("AIMS3012")
	if len(served) == 0 {
		t.Fatal("ServedBy(AIMS3012) is empty")
	}
	for _, a := range served {
		if !strings.Contains(strings.Join(a.Rules, " "), "AIMS3012") {
			t.Errorf("ServedBy(AIMS3012) returned %s, rules %v", a.ID, a.Rules)
		}
	}
	served[0].Rules[0] = "changed"
	if l.ServedBy("AIMS3012")[0].Rules[0] == "changed" {
		t.Error("ServedBy returns the checklist's own slices")
	}
	if l.For("9.3") != nil || l.For("nosuch") != nil || l.ServedBy("AIMS0000") != nil {
		t.Error("For and ServedBy of an unknown id are not nil")
	}
	// Clauses come before controls, each in numeric order.
	all := l.Checks()
	for i := 1; i < len(all); i++ {
		if CompareIDs(all[i-1].Ref, all[i].Ref) > 0 {
			t.Errorf("%s comes before %s", all[i-1].ID, all[i].ID)
		}
	}
}

// TestParseChecklistErrors: each kind of bad data is reported, naming the check.
func TestParseChecklistErrors(t *testing.T) {
	rs := []*lint.Rule{{ID: "AIMS3012"}}
	tests := []struct {
		name, data, want string
	}{
		{"empty", ``, "empty data"},
		{"no checks", "checks: []\n", "no checks"},
		{"unknown field", "checks:\n  - id: 4.1-a\n    check: x\n    rules: [AIMS3012]\n    note: y\n", "field note not found"},
		{"missing id", "checks:\n  - check: x\n    rules: [AIMS3012]\n", "check #1: missing id"},
		{"bad id", "checks:\n  - id: 4.1a\n    check: x\n    rules: [AIMS3012]\n", `check "4.1a": id must be`},
		{"duplicate", "checks:\n  - id: 4.1-a\n    check: x\n    rules: [AIMS3012]\n  - id: 4.1-a\n    check: y\n    auditor: z\n", `check "4.1-a": duplicate id`},
		{"not a leaf", "checks:\n  - id: 6.1-a\n    check: x\n    rules: [AIMS3012]\n", `"6.1" is not a clause or control`},
		{"unknown control", "checks:\n  - id: A.6.1.1-a\n    check: x\n    rules: [AIMS3012]\n", `"A.6.1.1" is not a clause or control`},
		{"no check", "checks:\n  - id: 4.1-a\n    rules: [AIMS3012]\n", `check "4.1-a": missing check`},
		{"none of three", "checks:\n  - id: 4.1-a\n    check: x\n", "exactly one of rules, auditor and planned"},
		{"two of three", "checks:\n  - id: 4.1-a\n    check: x\n    rules: [AIMS3012]\n    auditor: y\n", "exactly one of rules, auditor and planned"},
		{"empty rules", "checks:\n  - id: 4.1-a\n    check: x\n    rules: []\n", "empty rules"},
		{"unknown rule", "checks:\n  - id: 4.1-a\n    check: x\n    rules: [AIMS9999]\n", `unknown rule "AIMS9999"`},
		{"rule twice", "checks:\n  - id: 4.1-a\n    check: x\n    rules: [AIMS3012, AIMS3012]\n", `rule "AIMS3012" listed twice`},
		{"unknown planned", "checks:\n  - id: 4.1-a\n    check: x\n    planned: later\n", `unknown planned "later"`},
		{"two documents", "checks:\n  - id: 4.1-a\n    check: x\n    auditor: y\n---\nchecks: []\n", "more than one YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseChecklist([]byte(tt.data), DefaultCatalogue(), rs)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	ok := "checks:\n  - id: A.10.4-b\n    check: x\n    auditor: y\n  - id: 4.1-a\n    check: x\n    planned: content\n  - id: 4.1-b\n    check: x\n    rules: [AIMS3012]\n"
	l, err := parseChecklist([]byte(ok), DefaultCatalogue(), rs)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range l.Checks() {
		ids = append(ids, a.ID)
	}
	if got := strings.Join(ids, " "); got != "4.1-a 4.1-b A.10.4-b" {
		t.Errorf("order %s, want clauses first, file order within a clause", got)
	}
}

// TestChecklistMarkdown: the rendering groups by clause and control, links
// rules, and marks auditor and planned checks.
func TestChecklistMarkdown(t *testing.T) {
	c := DefaultCatalogue()
	data := "checks:\n" +
		"  - id: 9.3.2-a\n    check: inputs | all\n    rules: [AIMS3014]\n" +
		"  - id: 9.3.2-b\n    check: discussed\n    auditor: judgement\n" +
		"  - id: A.2.3-a\n    check: related_policies\n    planned: content\n"
	l, err := parseChecklist([]byte(data), c, []*lint.Rule{{ID: "AIMS3014"}})
	if err != nil {
		t.Fatal(err)
	}
	md := ChecklistMarkdown(c, l)
	for _, want := range []string{
		"# Audit checklist\n",
		"aims checks documents, not practice",
		"3 checks: 1 made by aims rules, 1 for the auditor, 1 not checked yet.\n",
		"\n## Clause 9: Performance evaluation\n",
		"\n### 9.3.2 Management review inputs\n",
		"| 9.3.2-a | inputs \\| all | aims: [AIMS3014](../rules/docs/AIMS3014.md) |\n",
		"| 9.3.2-b | discussed | *for the auditor*: judgement |\n",
		"\n## A.2 Policies related to AI\n",
		"| A.2.3-a | related_policies | *not checked yet (planned: content rule)* |\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Index(md, "### 4.1 ") > strings.Index(md, "### A.2.2 ") {
		t.Error("clauses do not come before controls")
	}
}

// TestAuditChecklistDoc fails when docs/audit-checklist.md is not the one
// ChecklistMarkdown renders. `go generate ./rules` rewrites it.
func TestAuditChecklistDoc(t *testing.T) {
	const name = "../docs/audit-checklist.md"
	want := ChecklistMarkdown(DefaultCatalogue(), DefaultChecklist())
	got, err := os.ReadFile(name)
	if err == nil && string(got) == want {
		return
	}
	if *update {
		if err := os.WriteFile(name, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%v: run `go generate ./rules`", err)
	}
	t.Errorf("%s is out of date: run `go generate ./rules`", name)
}
