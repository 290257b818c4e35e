package policy

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/cel-go/cel"

	"github.com/aimsdev/aims/lint"
)

// manySystems is a repository of n AI systems.
func manySystems(n int) fstest.MapFS {
	repo := testRepo(sysA)
	for i := range n {
		repo[fmt.Sprintf("systems/s%03d.yaml", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"kind: ai-system\nid: SYS-%03d\ntitle: S%d\nstatus: approved\nowner: overseers\nrisk_level: limited\n", i, i))}
	}
	return repo
}

func TestCostLimit(t *testing.T) {
	ten := "[0,1,2,3,4,5,6,7,8,9]"
	tests := []struct {
		name, expr string
	}{
		{"nested loops over the repository", "artifacts('ai-system').all(a, artifacts('ai-system').all(b, artifacts('ai-system').all(c, true)))"},
		{"a list grown tenfold again and again", "size(" + ten + ".map(a, " + ten + ".map(b, " + ten + ".map(c, " + ten + ".map(d, " + ten + ".map(e, " + ten + ".map(f, " + ten + "))))))) > 0"},
		{"a string grown again and again", "size(doc.title" + strings.Repeat(".replace('A', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')", 8) + ") > 0"},
		{"a loop in the message", "false"},
	}
	if testing.Short() {
		tests = tests[:1] // -short (CI's race run): one of them
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each takes a while to reach its limit
			msg := "m"
			if tt.name == "a loop in the message" {
				msg = "'{{ artifacts(\"ai-system\").map(a, artifacts(\"ai-system\").map(b, artifacts(\"ai-system\").map(c, a.id + b.id + c.id))) }}'"
			}
			src := rulesFile("ai-system", "expression: \""+tt.expr+"\"", "message: "+msg)
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			// The cost limit must stop the rule: a run that does not end
			// fails the test, after a generous while, instead of hanging it.
			type outcome struct {
				got []string
				err error
			}
			done := make(chan outcome, 1)
			go func() {
				_, got, err := tryLint(&lint.Config{}, src, manySystems(120))
				done <- outcome{got, err}
			}()
			var got []string
			select {
			case o := <-done:
				if o.err != nil {
					t.Fatal(o.err)
				}
				got = o.got
			case <-time.After(3 * time.Minute):
				t.Fatal("the run did not end: the cost limit did not stop the rule")
			}
			t.Logf("%s in %v", tt.name, time.Since(start))
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			// Up to four runs at once share the process's count.
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 4*(2<<30) {
				t.Errorf("the run allocated %d MB: the cost limit does not bound memory", grew>>20)
			}
			if len(got) != 1 {
				t.Fatalf("findings %q, want one: the rule stopped", got)
			}
			// The expression is on line 8 of the rule file, from column 17
			// (its opening quote), and that is where the finding points.
			want := "policies/p.yaml:8:18 rule ACME-1 was stopped: judging "
			if !strings.HasPrefix(got[0], want) || !strings.Contains(got[0], "went over the cost limit of 1000000") {
				t.Errorf("finding %q, want %q… saying it went over the cost limit", got[0], want)
			}
		})
	}
}

func TestFunctionsOddInput(t *testing.T) {
	tests := []struct {
		expr, want string // want: part of the finding's message; "" for none
	}{
		{"date('x') < today", `date("x"): not a date: write YYYY-MM-DD`},
		{"date('') < today", `date(""): not a date`},
		{"date('2026-13-45') < today", "not a date"},
		{"date('9999999-01-01') < today", "not a date"},
		{"today + days(9999999) > today", "days(9999999): out of range"},
		{"today + days(-9223372036854775807 - 1) > today", "out of range"},
		{"days(106752) > duration('0s')", "days(106752): out of range: a duration is at most 106751 days"},
		{"timestamp('9999-12-31T00:00:00Z') + days(2) > today", "could not be judged"},
		{"days(106751) > duration('0s') && days(-106751) < duration('0s')", ""},
		{"artifact('').size() > 0", "m"},
		{"has_artifact('') ", "m"},
		{"size(members('')) > 0", "m"},
		{"size(artifacts('')) > 0", "m"},
		{"has(field(doc, '').x)", `no field ""`},
		{"field(1, 'x') == 1", "field(): 1 is not a document or mapping"},
		{"field(doc.datasets, 'x') == 1", "is not a document or mapping"},
		{"has_field(doc.datasets, 'x')", "m"},
		{"artifact(field(doc, 'num')).size() > 0", "could not be judged"},
		{"has_artifact(dyn(1))", "could not be judged"},
		{"members(dyn(doc.datasets)).size() > 0", "could not be judged"},
		{"date(dyn(2026)) < today", "could not be judged"},
		{"days(dyn('x')) > duration('0s')", "could not be judged"},
		{"last_change(dyn(1)) < today", "could not be judged"},
		{"field(doc, dyn(1)) == 1", "could not be judged"},
		{"has_field(doc, dyn(1))", "could not be judged"},
		{"doc.title.substring(99) == ''", "could not be judged"},
		{"1 / (size(doc.title) - 1) > 0", "could not be judged"},
	}
	sys := strings.Replace(sysA, "ethics_board", "num: 7\nethics_board", 1)
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			src := rulesFile("ai-system", "expression: \""+tt.expr+"\"", "message: m")
			_, got := lintRepo(t, &lint.Config{}, src, testRepo(sys))
			if tt.want == "" {
				if len(got) != 0 {
					t.Errorf("findings %q, want none", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tt.want) {
				t.Errorf("findings %q, want one saying %q", got, tt.want)
			}
		})
	}
}

func TestRunCostLimit(t *testing.T) {
	repo := manySystems(120)
	src := rulesFile("ai-system", "expression: artifacts('ai-system').all(a, a.id != '')", "message: m")
	for _, tt := range []struct {
		name  string
		limit uint64
		want  int // ACME findings
	}{
		{"within", RunCostLimit, 0},
		{"over", 5000, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &lint.Config{}
			s, err := loadRules(cfg, src, repo)
			if err != nil {
				t.Fatal(err)
			}
			s.runLimit = tt.limit
			cfg.FS, cfg.AsOf = repo, testAsOf
			res, err := lint.Run(t.Context(), cfg, s.Rules)
			if err != nil {
				t.Fatal(err)
			}
			var got []lint.Finding
			for _, f := range res.Findings {
				if f.RuleID == "ACME-1" {
					got = append(got, f)
				}
			}
			if len(got) != tt.want {
				t.Fatalf("findings %v, want %d", got, tt.want)
			}
			if tt.want == 0 {
				return
			}
			f := got[0]
			if f.Range.File != "policies/p.yaml" || f.Range.Start.Line != 8 || f.Range.Start.Col != 17 ||
				!strings.Contains(f.Message, "rule ACME-1 was stopped at systems/") || !strings.Contains(f.Message, "cost limit of 5000 for a run") {
				t.Errorf("finding %s %s, want one at policies/p.yaml:8:17 saying the rule went over the cost limit of a run", f.Range, f.Message)
			}
			if len(res.Held["ACME-1"]) > 0 && len(res.Held["ACME-1"]) >= 120 {
				t.Errorf("held %d documents: the rule did not stop", len(res.Held["ACME-1"]))
			}
		})
	}
}

// A Go panic in a function (here, one bound to a repository without an
// index) becomes an evaluation error, never a crash.
func TestFunctionPanicIsAnError(t *testing.T) {
	pv, err := newProvider()
	if err != nil {
		t.Fatal(err)
	}
	env, err := newEnv(pv, cel.MapType(cel.StringType, cel.DynType), &repository{})
	if err != nil {
		t.Fatal(err)
	}
	for _, expr := range []string{"has_artifact('x')", "size(members('x')) > 0", "size(risks()) > 0"} {
		t.Run(expr, func(t *testing.T) {
			a, iss := env.Compile(expr)
			if iss.Err() != nil {
				t.Fatal(iss.Err())
			}
			prg, err := env.Program(a, cel.CostLimit(CostLimit))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = prg.Eval(&activation{doc: map[string]any{}})
			if err == nil || !strings.Contains(err.Error(), "internal error") {
				t.Errorf("error %v, want an internal error", err)
			}
		})
	}
}
