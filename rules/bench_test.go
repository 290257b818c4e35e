package rules

import (
	"context"
	"fmt"
	"testing"

	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/lint"
)

// BenchmarkLint lints generated repositories end to end (discovery, reading,
// parsing, schema validation and every rule):
//
//	go test ./rules -run '^$' -bench Lint -benchmem
//
// ns/artifact stays level from 1,000 to 10,000 artifacts while the work is
// linear; TestRulesLinear checks the same without timing.
func BenchmarkLint(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("artifacts=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Write(dir, n); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				cfg, err := lint.LoadConfig(dir, "")
				if err != nil {
					b.Fatal(err)
				}
				cfg.AsOf = exampleAsOf
				res, err := lint.Run(context.Background(), cfg, All)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Artifacts) < n {
					b.Fatalf("%d artifacts", len(res.Artifacts))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/artifact")
		})
	}
}
