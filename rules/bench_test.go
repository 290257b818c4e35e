package rules

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

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

// BenchmarkEvaluations lints the corpus of 10,000 artifacts, whose AI systems
// each have an evaluation (every other one with a results CSV), and the same
// repository without the evaluations and results files, one after the other
// in each iteration so that both see the same machine load:
//
//	go test ./rules -run '^$' -bench Evaluations -benchtime 10x
//
// It reports the time of each and their ratio; the target is a ratio of at
// most 1.2. Every rule runs, and loadEvaluations too, so that every
// evaluation's metrics and results file are read even where no rule asks for
// them yet (the rules share that one load).
func BenchmarkEvaluations(b *testing.B) {
	const n = 10000
	rules := append(slices.Clone(All), loadEvaluations)
	with, without := b.TempDir(), b.TempDir()
	if err := corpus.WriteWith(with, n, corpus.Options{}); err != nil {
		b.Fatal(err)
	}
	if err := corpus.WriteWith(without, n, corpus.Options{NoEvaluations: true}); err != nil {
		b.Fatal(err)
	}
	run := func(dir string) (time.Duration, int) {
		start := time.Now()
		cfg, err := lint.LoadConfig(dir, "")
		if err != nil {
			b.Fatal(err)
		}
		cfg.AsOf = exampleAsOf
		res, err := lint.Run(context.Background(), cfg, rules)
		if err != nil {
			b.Fatal(err)
		}
		evals := 0
		for _, a := range res.Artifacts {
			if a.Kind == "evaluation" {
				evals++
			}
		}
		return time.Since(start), evals
	}
	var tWith, tWithout time.Duration
	evals, i := 0, 0
	b.ResetTimer()
	for b.Loop() {
		// Alternate which goes first, so neither always runs on a warm cache.
		var d1, d2 time.Duration
		if i%2 == 0 {
			d1, evals = run(with)
			d2, _ = run(without)
		} else {
			d2, _ = run(without)
			d1, evals = run(with)
		}
		tWith += d1
		tWithout += d2
		i++
	}
	b.ReportMetric(tWith.Seconds()/float64(i), "s-with/op")
	b.ReportMetric(tWithout.Seconds()/float64(i), "s-without/op")
	b.ReportMetric(float64(tWith)/float64(tWithout), "with/without")
	b.ReportMetric(float64(evals), "evaluations")
}

// loadEvaluations reads the metrics of every AI system's evaluations, as the
// evaluation rules do, and fails if a results file cannot be used.
var loadEvaluations = &lint.Rule{
	ID:    "AIMS9999",
	Name:  "BenchLoadEvaluations",
	Title: "every evaluation's metrics are read",
	Check: func(p *lint.Pass) error {
		for _, d := range kindDocs(p, "ai-system") {
			for _, r := range evaluationsOf(p, d.ID) {
				if r.problem != "" || len(r.metrics) == 0 {
					return fmt.Errorf("%s: no metrics read: %s", r.doc.Path, r.problem)
				}
			}
		}
		return nil
	},
}
