package rules

import (
	"slices"
	"strings"
	"testing"
)

// TestCustomKindShape lints a repository whose custom kinds own their shape
// (testdata/customkinds): lower-case ids without an owner validate, the
// reference field is checked, the evidence field counts in coverage, and the
// files of an extra type are read only when they are of the kind.
func TestCustomKindShape(t *testing.T) {
	res := lintAll(t, "testdata/customkinds")
	var paths []string
	for _, a := range res.Artifacts {
		paths = append(paths, a.Path)
	}
	wantPaths := []string{"mitigations/MI-6.md", "mitigations/mi-2.md", "mitigations/mi-3.md.tmpl", "mitigations/mi-5.md", "risks/ri-1.md", "templates/mitigation.md.tmpl"}
	if !slices.Equal(paths, wantPaths) {
		t.Errorf("artifacts %v, want %v", paths, wantPaths)
	}
	type key struct {
		rule, file string
		line, col  int
	}
	want := map[key]string{
		{"AIMS3002", "mitigations/mi-3.md.tmpl", 6, 19}: "`mitigates[1]` names \"ri-9\", which no artifact has",
		{"AIMS1002", "mitigations/mi-5.md", 6, 12}:      "`iso_refs[0]` \"A.99.1\" is not an ISO 42001 clause or Annex A control",
		{"AIMS1002", "mitigations/MI-6.md", 3, 5}:       "does not match the id pattern of its kind",
	}
	for _, f := range res.Findings {
		file := f.Range.File
		if strings.HasPrefix(file, "notes/") {
			t.Errorf("finding in a file of no kind: %s: %s [%s]", f.Range, f.Message, f.RuleID)
		}
		k := key{f.RuleID, file, f.Range.Start.Line, f.Range.Start.Col}
		if msg, ok := want[k]; ok && strings.Contains(f.Message, msg) {
			delete(want, k)
			continue
		}
		if strings.HasPrefix(f.RuleID, "AIMS1") || f.RuleID == "AIMS3002" {
			t.Errorf("unexpected %s: %s: %s", f.RuleID, f.Range, f.Message)
		}
	}
	for k, msg := range want {
		t.Errorf("no %s at %s:%d:%d: %q", k.rule, k.file, k.line, k.col, msg)
	}
	evidence := map[string][]string{}
	for _, c := range res.Coverage {
		evidence[c.Ref] = c.Evidence
		for _, it := range c.Items {
			evidence[c.Ref] = append(evidence[c.Ref], it.Evidence...)
		}
	}
	for ref, path := range map[string]string{"A.7.4": "mitigations/mi-2.md", "7.4": "mitigations/mi-2.md", "A.6.2.2": "templates/mitigation.md.tmpl"} {
		if !slices.Contains(evidence[ref], path) {
			t.Errorf("%s is evidenced by %v, want %s among them", ref, evidence[ref], path)
		}
	}
}
