package trend_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
	"github.com/aimsdev/aims/trend"
)

// BenchmarkTrend times 24 monthly points of a generated repository of 1,000
// artifacts and 800 commits spread over 25 months, against one lint of its
// last commit with every rule (BenchmarkTrend/lint): bench/trend.sh measures
// the 10,000 × 8,000 shape as whole processes.
func BenchmarkTrend(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "repo")
	if err := corpus.WriteGitRepo(dir, 1000, corpus.Shape{Commits: 800, Touch: 3, RegisterChanges: 37, Months: 25}); err != nil {
		b.Fatal(err)
	}
	load := func(b *testing.B) *lint.Config {
		cfg, err := lint.LoadConfig(dir, "")
		if err != nil {
			b.Fatal(err)
		}
		cfg.References = rules.DefaultCatalogue().LintReferences()
		return cfg
	}
	b.Run("lint", func(b *testing.B) {
		for b.Loop() {
			cfg := load(b)
			cfg.AsOf, cfg.AsOfCommit = date("2026-09-30"), true
			if _, err := lint.Run(context.Background(), cfg, rules.All); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("trend24", func(b *testing.B) {
		for b.Loop() {
			points, err := trend.Compute(context.Background(), load(b), rules.All, trend.Options{From: date("2024-10-01"), To: date("2026-09-30")})
			if err != nil {
				b.Fatal(err)
			}
			if len(points) != 24 {
				b.Fatalf("%d points, want 24", len(points))
			}
		}
	})
}
