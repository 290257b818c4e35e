package rules

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/lint"
)

// TestRulesLinear: the rules' work grows in proportion to the artifacts. It
// is not timed, it counts, over generated repositories of 500 and 4,000
// artifacts (8×), for every rule's Check: the documents it takes from the
// index (Index.Served), and its memory allocations. A rule that goes through
// every artifact of a kind once for each AI system takes 64× as many
// documents at the larger size; the test allows 12× in all. On failure it
// names the rules whose work grew most: `go run
// ./internal/corpus/testdata/lintprof` shows where it goes.
func TestRulesLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("lints two generated repositories")
	}
	const small, large, allowed = 500, 4000, 12.0
	a, b := ruleWork(t, small), ruleWork(t, large)
	for _, m := range []struct {
		what string
		of   func(work) uint64
	}{
		{"take documents from the index", func(w work) uint64 { return w.served }},
		{"allocate", func(w work) uint64 { return w.allocs }},
	} {
		var total [2]uint64
		type growth struct {
			id    string
			ratio float64
			large uint64
		}
		var grew []growth
		for id, w := range b {
			total[0] += m.of(a[id])
			total[1] += m.of(w)
			grew = append(grew, growth{id, float64(m.of(w)) / float64(max(m.of(a[id]), 1)), m.of(w)})
		}
		ratio := float64(total[1]) / float64(max(total[0], 1))
		t.Logf("the rules %s %d times at %d artifacts, %d times at %d: %.1f×", m.what, total[0], small, total[1], large, ratio)
		if ratio <= allowed {
			continue
		}
		slices.SortFunc(grew, func(x, y growth) int { return cmp.Compare(y.large, x.large) })
		var top []string
		for _, g := range grew[:min(8, len(grew))] {
			top = append(top, fmt.Sprintf("%s %.1f× (%d)", g.id, g.ratio, g.large))
		}
		t.Errorf("for %d× the artifacts the rules %s %.1f× as often, more than %.0f×: their work grows faster than the repository; the rules that do it most:\n%s",
			large/small, m.what, ratio, allowed, strings.Join(top, "\n"))
	}
}

// work is what one rule's Check did.
type work struct{ served, allocs uint64 }

// ruleWork lints a generated repository of n artifacts with every rule and
// returns the work of each rule's Check. The checks run one at a time, so
// that each count is the rule's own.
func ruleWork(t *testing.T, n int) map[string]work {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.Write(dir, n); err != nil {
		t.Fatal(err)
	}
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.AsOf = exampleAsOf
	var mu sync.Mutex
	done := map[string]work{}
	var rules []*lint.Rule
	for _, r := range All {
		r2 := *r
		check := r.Check
		r2.Check = func(p *lint.Pass) error {
			mu.Lock()
			defer mu.Unlock()
			var before, after runtime.MemStats
			served := p.Index.Served()
			runtime.ReadMemStats(&before)
			err := check(p)
			runtime.ReadMemStats(&after)
			done[r2.ID] = work{served: uint64(p.Index.Served() - served), allocs: after.Mallocs - before.Mallocs}
			return err
		}
		rules = append(rules, &r2)
	}
	res, err := lint.Run(context.Background(), cfg, rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) > 0 {
		t.Fatalf("the generated repository of %d artifacts has findings: %v", n, res.Findings[0])
	}
	return done
}
