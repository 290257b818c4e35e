package policy_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/policy"
	"github.com/aimsdev/aims/rules"
)

// TestExamplePolicies loads the ready-to-copy policies of docs/policies and
// runs their examples: every file compiles against the built-in schemas and
// the catalogue, holds a passing and a failing example, and every example
// comes out as it says; none is skipped (an example that calls
// last_change() gives its date with last_change:).
func TestExamplePolicies(t *testing.T) {
	known := map[string]bool{}
	for _, r := range rules.DefaultCatalogue().LintReferences() {
		known[r.ID] = true
	}
	cfg := &lint.Config{FS: os.DirFS("../docs/policies"), References: rules.DefaultCatalogue().LintReferences()}
	set, err := policy.Load(cfg, policy.Options{
		FS:    cfg.FS,
		Globs: []string{"*.yaml"},
		Known: func(ref string) bool { return known[ref] },
	})
	if err != nil {
		t.Fatalf("the example policies do not load: %v", err)
	}
	if len(set.Files) < 10 || len(set.Defs) < 10 {
		t.Fatalf("docs/policies has %d files and %d rules; it promises ten policies", len(set.Files), len(set.Defs))
	}
	results, err := set.Test(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	pass, fail := map[string]bool{}, map[string]bool{}
	for _, d := range set.Defs {
		for _, tc := range d.Tests {
			if tc.Fail {
				fail[d.File] = true
			} else {
				pass[d.File] = true
			}
		}
		if len(d.Tests) == 0 {
			t.Errorf("%s (%s) has no examples", d.ID, d.File)
		}
	}
	ref, err := os.ReadFile("../docs/policies.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range set.Files {
		if !strings.Contains(string(ref), "(policies/"+f+")") {
			t.Errorf("docs/policies.md does not link %s: add its line to the table of example policies", f)
		}
		if !pass[f] || !fail[f] {
			t.Errorf("%s needs a passing and a failing example (pass %v, fail %v)", f, pass[f], fail[f])
		}
	}
	ran := 0
	for _, r := range results {
		switch {
		case r.Skipped:
			t.Errorf("%s %s (%s) was skipped: %s", r.Rule, r.Name, r.Where, r.Why)
		case !r.OK:
			t.Errorf("%s %s (%s): %s", r.Rule, r.Name, r.Where, r.Why)
		default:
			ran++
		}
	}
	if ran < 20 {
		t.Errorf("only %d examples ran and passed", ran)
	}
}
