package rules

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/lint"
)

// exampleAsOf is the date the bundled example is judged at (the README's command).
var exampleAsOf = time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)

// lintAll lints dir with its .aims.yaml and every rule, at exampleAsOf.
func lintAll(t *testing.T, dir string) *lint.Result {
	t.Helper()
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.AsOf = exampleAsOf
	res, err := lint.Run(context.Background(), cfg, All)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestExampleIsClean lints the bundled example AIMS with every rule: it must
// hold at least 30 artifacts of every kind and produce no finding.
func TestExampleIsClean(t *testing.T) {
	res := lintAll(t, "../testdata/example-aims")
	for _, f := range res.Findings {
		t.Errorf("%s: %s [%s]", f.Range, f.Message, f.RuleID)
	}
	if len(res.Artifacts) < 30 {
		t.Errorf("%d artifacts, want at least 30", len(res.Artifacts))
	}
	kinds := map[string]bool{}
	for _, a := range res.Artifacts {
		kinds[a.Kind] = true
	}
	for _, k := range DefaultCatalogue().Kinds() {
		if !kinds[k] {
			t.Errorf("the example has no %s", k)
		}
	}
	if res.Organization != "Northwind Lending Ltd" {
		t.Errorf("organization = %q", res.Organization)
	}
	if !slices.IsSortedFunc(res.Artifacts, func(a, b lint.Artifact) int {
		if a.Path < b.Path {
			return -1
		}
		return 1
	}) {
		t.Error("artifacts are not sorted by path")
	}
}

// TestCorpusIsClean keeps the benchmark corpus realistic: every rule passes on it.
func TestCorpusIsClean(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 500); err != nil {
		t.Fatal(err)
	}
	res := lintAll(t, dir)
	for _, f := range res.Findings {
		t.Errorf("%s: %s [%s]", f.Range, f.Message, f.RuleID)
	}
}
