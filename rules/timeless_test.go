package rules

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/internal/gittest"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/linttest"
)

// TestTimelessRules checks what the rules that say they are Timeless
// (lint.Rule.Timeless: runs over many commits reuse their findings about
// unchanged documents) claim. Each is a document rule that reads no
// history; over the example and the rules' fixtures (its own, and a sixth
// of the others), its findings are the same judged in 1990 and in 2100;
// and, over its own fixtures, its findings about a document are the same
// when that document is linted alone.
func TestTimelessRules(t *testing.T) {
	if testing.Short() {
		t.Skip("lints fixtures one document at a time; nothing in it runs in parallel")
	}
	var ids []string
	for _, r := range All {
		if !r.Timeless {
			continue
		}
		ids = append(ids, r.ID)
		if r.Scope != lint.ScopeDocument || r.History || r.Custom != nil {
			t.Errorf("%s is Timeless but not a document rule that reads no history", r.ID)
		}
	}
	if len(ids) == 0 {
		t.Fatal("no rule is Timeless")
	}
	dirs := []string{"../testdata/example-aims"}
	for _, id := range ids {
		dirs = append(dirs, filepath.Join("testdata", id, "fail"), filepath.Join("testdata", id, "pass"))
	}
	own := len(dirs) // the example and the Timeless rules' own fixtures
	all, err := filepath.Glob(filepath.Join("testdata", "AIMS*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	// Every sixth of the other rules' fixtures: documents of every kind
	// with dates of every sort, in a few seconds.
	for i, d := range all {
		if st, err := os.Stat(d); err == nil && st.IsDir() && i%6 == 0 && !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	fired := map[string]bool{}
	for i, dir := range dirs {
		run := func(asOf time.Time, include ...string) []lint.Finding {
			cfg := linttest.Config(t, dir)
			cfg.Rules, cfg.AsOf = ids, asOf
			if len(include) > 0 {
				cfg.Include = include
			}
			res, err := lint.Run(context.Background(), cfg, All)
			if err != nil {
				t.Fatalf("%s: %v", dir, err)
			}
			return res.Findings
		}
		early, late := run(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)), run(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
		if !slices.EqualFunc(early, late, sameFinding) {
			t.Errorf("%s: findings in 1990\n%v\nin 2100\n%v", dir, early, late)
		}
		byFile := map[string][]lint.Finding{}
		for _, f := range late {
			fired[f.RuleID] = true
			byFile[f.Range.File] = append(byFile[f.Range.File], f)
		}
		// Each document with findings, linted alone, has the same.
		for file, want := range byFile {
			if i >= own {
				break
			}
			if file == "" {
				t.Errorf("%s: a finding without a file: %v", dir, want)
				continue
			}
			if got := run(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), file); !slices.EqualFunc(got, want, sameFinding) {
				t.Errorf("%s: %s linted alone has\n%v\nwith the others\n%v", dir, file, got, want)
			}
		}
	}
	for _, id := range ids {
		if !fired[id] {
			t.Errorf("%s reported nothing: the test checks nothing of it", id)
		}
	}
}

// sameFinding compares what a rule reports: the rule, where and what.
func sameFinding(a, b lint.Finding) bool {
	return a.RuleID == b.RuleID && a.Range == b.Range && a.Message == b.Message
}

// TestTimelessReuseHistory lints four commits of the example, in which the
// Timeless rules' planted problems come and go, with one DocumentCache, as
// aims trend does: every run's findings are those of a run without it, and
// the unchanged documents' findings are reused.
func TestTimelessReuseHistory(t *testing.T) {
	var plants []plant
	for _, p := range append(placeholderPlants(), structurePlants()...) {
		if slices.ContainsFunc(All, func(r *lint.Rule) bool { return r.ID == p.rule && r.Timeless }) {
			plants = append(plants, p)
		}
	}
	if len(plants) < 4 {
		t.Fatalf("%d plants of Timeless rules, want one for each of four", len(plants))
	}
	files := gittest.ReadFiles(t, filepath.Join("..", "testdata", "example-aims"))
	r := gittest.New(t, files)
	when := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	commits := []string{r.CommitAt("the example", when).String()}
	// Plant the first half, then the second half and take the first back,
	// then change nothing.
	half := len(plants) / 2
	edit := func(ps []plant, plantIt bool) {
		for _, p := range ps {
			old, new := p.old, p.new
			if !plantIt {
				old, new = new, old
			}
			files[p.file] = strings.Replace(files[p.file], old, new, 1)
			r.Write(map[string]string{p.file: files[p.file]})
		}
	}
	edit(plants[:half], true)
	commits = append(commits, r.CommitAt("some problems", when.AddDate(0, 1, 0)).String())
	edit(plants[:half], false)
	edit(plants[half:], true)
	commits = append(commits, r.CommitAt("other problems", when.AddDate(0, 2, 0)).String())
	commits = append(commits, r.CommitAt("nothing", when.AddDate(0, 3, 0)).String())

	cache := lint.NewDocumentCache()
	for i, c := range commits {
		lintAt := func(cache *lint.DocumentCache) *lint.Result {
			cfg, err := lint.LoadConfig(r.Dir, "")
			if err != nil {
				t.Fatal(err)
			}
			cfg.Rev, cfg.AsOf, cfg.DocumentCache, cfg.SkipFingerprints = c, exampleAsOf, cache, true
			var rs []*lint.Rule
			for _, rl := range All {
				if !rl.History {
					rs = append(rs, rl)
				}
			}
			res, err := lint.Run(context.Background(), cfg, rs)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		got, want := lintAt(cache), lintAt(nil)
		if !reflect.DeepEqual(got.Findings, want.Findings) {
			t.Errorf("commit %d: findings with the cache\n%v\nwithout\n%v", i+1, got.Findings, want.Findings)
		}
		timeless := 0
		for _, f := range want.Findings {
			if slices.ContainsFunc(plants, func(p plant) bool { return p.rule == f.RuleID }) {
				timeless++
			}
		}
		if i > 0 && timeless == 0 {
			t.Errorf("commit %d: no finding of a Timeless rule: the test checks nothing", i+1)
		}
	}
	if cache.Reused() == 0 {
		t.Error("no finding was reused")
	}
}
