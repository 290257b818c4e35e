package lint

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/gittest"
)

// judging is a document rule that notes the documents it is given and
// reports the ones whose title holds "bad" at their title.
type judging struct {
	mu     sync.Mutex
	judged []string
}

func (j *judging) rule(id string, timeless bool) *Rule {
	return &Rule{ID: id, Title: "bad title", Severity: Error, Scope: ScopeDocument, Timeless: timeless, Check: func(p *Pass) error {
		for _, d := range p.Documents {
			j.mu.Lock()
			j.judged = append(j.judged, d.Path)
			j.mu.Unlock()
			if strings.Contains(d.String("title"), "bad") {
				p.Reportf(d.Locate("title"), "the title of %s is bad", d.ID)
			}
		}
		return nil
	}}
}

// take returns the documents judged since the last call, sorted.
func (j *judging) take() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := slices.Sorted(slices.Values(j.judged))
	j.judged = nil
	return out
}

func titled(id, title string) string {
	return "kind: ai-system\nid: " + id + "\ntitle: " + title + "\n"
}

// reuseHistory commits three versions of four systems: the second changes b
// and c, removes d and adds e; the third changes nothing.
func reuseHistory(t *testing.T) (dir string, commits []string) {
	r := gittest.New(t, map[string]string{
		"a.yaml": titled("SYS-A", "a bad one"),
		"b.yaml": titled("SYS-B", "fine"),
		"c.yaml": titled("SYS-C", "a bad one"),
		"d.yaml": titled("SYS-D", "fine"),
	})
	c1 := r.CommitAt("first", time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC))
	r.Write(map[string]string{
		"b.yaml": titled("SYS-B", "\n  now bad"),
		"c.yaml": titled("SYS-C", "fine now"),
		"e.yaml": titled("SYS-E", "bad from the start"),
	})
	r.Remove("d.yaml")
	c2 := r.CommitAt("second", time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC))
	c3 := r.CommitAt("third", time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	return r.Dir, []string{c1.String(), c2.String(), c3.String()}
}

// TestTimelessReuse lints three commits with one DocumentCache: a Timeless
// rule judges only the documents new to each run, and every run's findings
// are those of a run without the cache; a rule that is not Timeless judges
// every document every time.
func TestTimelessReuse(t *testing.T) {
	dir, commits := reuseHistory(t)
	var timeless, dated judging
	rules := []*Rule{timeless.rule("AIMS9001", true), dated.rule("AIMS9002", false)}
	cache := NewDocumentCache()
	wantJudged := [][]string{
		{"a.yaml", "b.yaml", "c.yaml", "d.yaml"},
		{"b.yaml", "c.yaml", "e.yaml"},
		nil,
	}
	for i, c := range commits {
		got := runCfg(t, &Config{Dir: dir, Rev: c, AsOf: day("2026-03-31"), DocumentCache: cache, SkipFingerprints: true}, rules...)
		if j := timeless.take(); !slices.Equal(j, wantJudged[i]) {
			t.Errorf("commit %d: the Timeless rule judged %q, want %q", i+1, j, wantJudged[i])
		}
		if j := dated.take(); len(j) != len(got.Documents) {
			t.Errorf("commit %d: the other rule judged %q, want all %d documents", i+1, j, len(got.Documents))
		}
		want := runCfg(t, &Config{Dir: dir, Rev: c, AsOf: day("2026-03-31"), SkipFingerprints: true}, rules...)
		timeless.take()
		dated.take()
		if !reflect.DeepEqual(got.Findings, want.Findings) {
			t.Errorf("commit %d: findings with the cache\n%v\nwithout\n%v", i+1, got.Findings, want.Findings)
		}
		if n := len(want.Findings); n == 0 {
			t.Errorf("commit %d: no findings: the test checks nothing", i+1)
		}
	}
	// a.yaml at the second commit, and all four at the third.
	if got := cache.Reused(); got != 1+4 {
		t.Errorf("Reused = %d, want 5", got)
	}
}

// TestTimelessStray checks a Timeless rule that reports a finding about a
// file other than its documents': its findings cannot be told apart by
// document, so every run judges every document and keeps the finding.
func TestTimelessStray(t *testing.T) {
	dir, commits := reuseHistory(t)
	var judged judging
	stray := judged.rule("AIMS9001", true)
	check := stray.Check
	stray.Check = func(p *Pass) error {
		p.Report(artifact.Range{File: "elsewhere.txt"}, "a finding about another file")
		return check(p)
	}
	cache := NewDocumentCache()
	for i, c := range commits {
		res := runCfg(t, &Config{Dir: dir, Rev: c, DocumentCache: cache, SkipFingerprints: true}, stray)
		if j := judged.take(); len(j) < len(res.Documents) {
			t.Errorf("commit %d: judged %q, want every document", i+1, j)
		}
		want := runCfg(t, &Config{Dir: dir, Rev: c, SkipFingerprints: true}, stray)
		judged.take()
		if !reflect.DeepEqual(res.Findings, want.Findings) {
			t.Errorf("commit %d: findings with the cache\n%v\nwithout\n%v", i+1, res.Findings, want.Findings)
		}
	}
	if got := cache.Reused(); got != 0 {
		t.Errorf("Reused = %d, want 0", got)
	}
}

// TestReusedShared checks that what a Timeless rule works out from the few
// documents it is given (Pass.Shared) is not what a rule that sees every
// document gets under the same key.
func TestReusedShared(t *testing.T) {
	dir, commits := reuseHistory(t)
	type countKey struct{}
	count := func(p *Pass) int { return p.Shared(countKey{}, func() any { return len(p.Documents) }).(int) }
	var mu sync.Mutex
	var seen []int
	var counted chan struct{}
	doc := &Rule{ID: "AIMS9001", Title: "doc", Severity: Note, Scope: ScopeDocument, Timeless: true, Check: func(p *Pass) error {
		count(p)
		close(counted)
		return nil
	}}
	repo := &Rule{ID: "AIMS9002", Title: "repo", Severity: Note, Check: func(p *Pass) error {
		// Count after the document rule, when it runs at the same time.
		select {
		case <-counted:
		case <-time.After(time.Second):
		}
		n := count(p)
		mu.Lock()
		seen = append(seen, n)
		mu.Unlock()
		return nil
	}}
	cache := NewDocumentCache()
	for _, c := range commits[1:] {
		counted = make(chan struct{})
		runCfg(t, &Config{Dir: dir, Rev: c, DocumentCache: cache}, doc, repo)
	}
	if !slices.Equal(seen, []int{4, 4}) {
		t.Errorf("the repository rule counted %v documents, want 4 at both commits", seen)
	}
}

// TestDocumentCacheKeepsOneCommit checks that the cache holds the documents
// of the last run only: after the second commit, the first one's version of
// a changed file is read again.
func TestDocumentCacheKeepsOneCommit(t *testing.T) {
	dir, commits := reuseHistory(t)
	cache := NewDocumentCache()
	for _, c := range []string{commits[0], commits[1], commits[0]} {
		runCfg(t, &Config{Dir: dir, Rev: c, DocumentCache: cache})
	}
	// The second run takes a.yaml; the third takes a.yaml again, not the
	// first commit's b, c and d, which the second run did not have.
	if got := cache.Hits(); got != 2 {
		t.Errorf("Hits = %d, want 2", got)
	}
}

// TestDocumentCacheSchemas checks that a custom kind's schema that changes
// between commits is compiled again, and the documents validated again: a
// cached document is never judged by the schema of another commit.
func TestDocumentCacheSchemas(t *testing.T) {
	schemaWith := func(required string) string {
		return `{"type": "object", "required": [` + required + `], "properties": {"purpose": {"type": "string"}}}`
	}
	r := gittest.New(t, map[string]string{
		".aims.yaml":        "custom_kinds:\n  - name: model-card\n    schema: schemas/card.json\n",
		"schemas/card.json": schemaWith(`"purpose"`),
		"card.yaml":         "kind: model-card\nid: MC-1\ntitle: A card\nstatus: draft\nowner: model-owners\n",
	})
	var commits []string
	commits = append(commits, r.CommitAt("purpose required", time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)).String())
	r.Write(map[string]string{"schemas/card.json": schemaWith("")})
	commits = append(commits, r.CommitAt("purpose optional", time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)).String())
	r.Write(map[string]string{"schemas/card.json": schemaWith(`"purpose"`)})
	commits = append(commits, r.CommitAt("purpose required again", time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)).String())
	cfg, err := LoadConfig(r.Dir, "")
	if err != nil {
		t.Fatal(err)
	}
	schemaRule := &Rule{ID: RuleSchema, Title: "schema", Severity: Error, Scope: ScopeDocument, Check: func(p *Pass) error {
		for _, d := range p.Documents {
			for _, pr := range d.Problems {
				p.Report(pr.Range, pr.Message)
			}
		}
		return nil
	}}
	cache := NewDocumentCache()
	for i, c := range commits {
		run := func(cache *DocumentCache) []Finding {
			cc := *cfg
			cc.Rev, cc.DocumentCache, cc.SkipFingerprints = c, cache, true
			return runCfg(t, &cc, schemaRule).Findings
		}
		got, want := run(cache), run(nil)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("commit %d: findings with the cache %v, without %v", i+1, got, want)
		}
		if wantN := []int{1, 0, 1}[i]; len(want) != wantN {
			t.Errorf("commit %d: %d findings without the cache, want %d: %v", i+1, len(want), wantN, want)
		}
	}
}
