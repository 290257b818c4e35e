package lint

import (
	"github.com/aimsdev/aims/artifact"
)

// Runs that share a DocumentCache (aims trend: one commit per month end)
// share their unchanged documents: the same *artifact.Document stands for
// the same file of the same blob in every run. A Timeless rule judges each
// document alone, by its content and the configuration, whatever the date;
// its findings about a document it judged in the last run are therefore
// still its findings, and a run judges only the documents that are new to
// it. A finding is a document's when its file is the document's.

// reusable reports whether the findings of r can be carried between runs
// of a cache.
func reusable(r *Rule) bool {
	return r.Timeless && r.Scope == ScopeDocument && !r.History && r.Custom == nil && len(r.Evidences) == 0
}

// judgedBy returns what rule id found in each document of the last run
// that recorded it, or nil.
func (c *DocumentCache) judgedBy(id string) map[*artifact.Document][]Finding {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.judged[id]
}

// setJudged records what rule id found in each document of a run (nil
// forgets it), and how many documents it was not run on again.
func (c *DocumentCache) setJudged(id string, m map[*artifact.Document][]Finding, reused int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.judged == nil {
		c.judged = map[string]map[*artifact.Document][]Finding{}
	}
	if m == nil {
		delete(c.judged, id)
	} else {
		c.judged[id] = m
	}
	c.reused += reused
}

// Reused returns how many times a Timeless rule's findings about a
// document were taken from an earlier run instead of judging it again.
func (c *DocumentCache) Reused() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reused
}

// runReusing runs the Timeless rule of p over the documents the last run of
// cache did not judge, and returns its findings about every document of p:
// those it just reported, and those of the last run about the others. When
// the rule reports a finding that is not about one of the documents it was
// given, its findings cannot be told apart by document: run runs it over
// every document and the cache forgets it. run runs the rule over a pass
// and returns what it reported, and ok false when its result is not plain
// findings (an error, a skip, coverage).
func runReusing(p *Pass, cache *DocumentCache, run func(*Pass) ([]Finding, bool)) []Finding {
	all := p.Documents
	prev := cache.judgedBy(p.Rule.ID)
	fresh := make([]*artifact.Document, 0, len(all))
	for _, d := range all {
		if _, ok := prev[d]; !ok {
			fresh = append(fresh, d)
		}
	}
	// What rules share (Pass.Shared) is worked out from the documents they
	// see: a pass that sees fewer has a store of its own.
	runShared := p.shared
	if len(fresh) != len(all) {
		p.shared = &shared{}
	}
	p.Documents = fresh
	found, ok := run(p)
	p.Documents, p.shared = all, runShared
	if !ok {
		cache.setJudged(p.Rule.ID, nil, 0)
		return found
	}
	byPath := make(map[string]*artifact.Document, len(fresh))
	for _, d := range fresh {
		byPath[d.Path] = d
	}
	next := make(map[*artifact.Document][]Finding, len(all))
	for _, d := range fresh {
		next[d] = nil
	}
	for _, f := range found {
		d := byPath[f.Range.File]
		if d == nil {
			cache.setJudged(p.Rule.ID, nil, 0)
			if len(fresh) == len(all) {
				return found
			}
			found, _ = run(p)
			return found
		}
		next[d] = append(next[d], f)
	}
	out := found
	for _, d := range all {
		if fs, ok := prev[d]; ok {
			next[d] = fs
			out = append(out, fs...)
		}
	}
	cache.setJudged(p.Rule.ID, next, len(all)-len(fresh))
	return out
}
