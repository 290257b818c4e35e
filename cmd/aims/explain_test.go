package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
	"github.com/aimsdev/aims/schema"
)

// TestWriteChecks: each row gives its id and text, and says who judges it:
// the rules of aims, the auditor with the reason, or nobody yet.
func TestWriteChecks(t *testing.T) {
	checks := []rules.AuditCheck{
		{ID: "9.3.2-a", Text: "The review records each input.", Rules: []string{"AIMS1002", "AIMS2001"}},
		{ID: "9.3.2-b", Text: "No input is a placeholder.", Planned: rules.PlannedPlaceholders},
		{ID: "9.3.2-e", Text: "The inputs were discussed.", Auditor: "judged from the minutes"},
		{ID: "9.3.2-f", Text: strings.Repeat("word ", 30), Planned: rules.PlannedContent},
	}
	tests := []struct {
		name  string
		judge bool
		want  string
	}{
		{"with who judges", true, "" +
			"  9.3.2-a  The review records each input.\n" +
			"           aims: AIMS1002, AIMS2001\n" +
			"  9.3.2-b  No input is a placeholder.\n" +
			"           not checked by aims yet (planned: placeholders)\n" +
			"  9.3.2-e  The inputs were discussed.\n" +
			"           for the auditor: judged from the minutes\n" +
			"  9.3.2-f  word word word word word word word word word word word word word word\n" +
			"           word word word word word word word word word word word word word word\n" +
			"           word word\n" +
			"           not checked by aims yet (planned: content)\n"},
		{"ids and texts only", false, "" +
			"  9.3.2-a  The review records each input.\n" +
			"  9.3.2-b  No input is a placeholder.\n" +
			"  9.3.2-e  The inputs were discussed.\n" +
			"  9.3.2-f  word word word word word word word word word word word word word word\n" +
			"           word word word word word word word word word word word word word word\n" +
			"           word word\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			writeChecks(&b, checks, tt.judge)
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
}

// TestExplainChecklist: explaining any clause or control prints every row of
// its checklist, and explaining a rule every row it checks.
func TestExplainChecklist(t *testing.T) {
	c, l := rules.DefaultCatalogue(), rules.DefaultChecklist()
	explained := func(id string) string {
		var b bytes.Buffer
		if err := explain(&b, id, c, l, builtinRules(), schema.Kinds()); err != nil {
			t.Fatalf("explain %s: %v", id, err)
		}
		return b.String()
	}
	for _, r := range c.References() {
		out := explained(r.ID)
		for _, a := range l.For(r.ID) {
			if !strings.Contains(out, "\n  "+a.ID+" ") {
				t.Errorf("explain %s lacks checklist row %s", r.ID, a.ID)
			}
			if a.Auditor != "" && !strings.Contains(out, "for the auditor: ") {
				t.Errorf("explain %s does not say row %s is for the auditor", r.ID, a.ID)
			}
		}
	}
	for _, r := range rules.All {
		out := explained(r.ID)
		served := l.ServedBy(r.ID)
		if got := strings.Contains(out, "Audit checklist rows it checks:"); got != (len(served) > 0) {
			t.Errorf("explain %s: checklist heading shown %v, rows %d", r.ID, got, len(served))
		}
		for _, a := range served {
			if !strings.Contains(out, "\n  "+a.ID+" ") {
				t.Errorf("explain %s lacks checklist row %s", r.ID, a.ID)
			}
		}
	}
}

// TestExplainCustomRule: a custom rule is explained with its severity and
// the one .aims.yaml sets, what it concerns and evidences, where it is
// written, its examples, and its Doc without the heading.
func TestExplainCustomRule(t *testing.T) {
	r := &lint.Rule{ID: "ACME-001", Title: "systems name an owner", Severity: lint.Warning, Controls: []string{"A.9.2"}, Evidences: []string{"A.9.3"},
		Doc:    "# ACME-001: systems name an owner\n\nOwners answer for systems.\n",
		Custom: &lint.Custom{File: "policies/acme.yaml", Range: artifact.Range{Start: artifact.Position{Line: 4, Col: 9}}}}
	set := ruleSet{Rules: append(slices.Clip(rules.All), r), Config: &lint.Config{Severity: map[string]lint.Severity{"ACME-001": lint.Error}}, Examples: map[string]int{"ACME-001": 3}}
	var b bytes.Buffer
	if err := explain(&b, "acme-001", rules.DefaultCatalogue(), rules.DefaultChecklist(), set, schema.Kinds()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"ACME-001: systems name an owner\n\n",
		"Default severity:       warning (error in .aims.yaml)\n",
		"Concerns:               A.9.2 ",
		"Evidences (when held):  A.9.3 ",
		"Written in:             policies/acme.yaml:4 (a custom rule of this AIMS)\n",
		"Examples:               3 (run them with aims test)\n",
		"\nOwners answer for systems.\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "# ACME-001") {
		t.Errorf("the Doc's heading is repeated:\n%s", b.String())
	}
}
