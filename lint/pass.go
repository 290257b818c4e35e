package lint

import (
	"fmt"
	"io/fs"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
)

// An Index finds artifacts by id and by kind. It is built once per run and
// shared by every rule, so cross-document rules never scan nested.
type Index struct {
	byID     map[string][]*artifact.Document
	byKind   map[string][]*artifact.Document
	unparsed map[string][]*artifact.Document
	served   atomic.Int64 // documents ByKind has returned
}

func newIndex(docs []*artifact.Document) *Index {
	ix := &Index{byID: map[string][]*artifact.Document{}, byKind: map[string][]*artifact.Document{}, unparsed: map[string][]*artifact.Document{}}
	for _, d := range docs {
		if d.ID != "" {
			ix.byID[d.ID] = append(ix.byID[d.ID], d)
		}
		for _, id := range d.Salvaged.Values("id") {
			if l := ix.unparsed[id]; len(l) == 0 || l[len(l)-1] != d {
				ix.unparsed[id] = append(l, d)
			}
		}
		if d.Kind != "" {
			ix.byKind[d.Kind] = append(ix.byKind[d.Kind], d)
		}
	}
	return ix
}

// ByID returns the artifacts with id (more than one when the id is duplicated),
// in path order.
func (ix *Index) ByID(id string) []*artifact.Document { return ix.byID[id] }

// Lookup returns the first artifact with id.
func (ix *Index) Lookup(id string) (*artifact.Document, bool) {
	d := ix.byID[id]
	if len(d) == 0 {
		return nil, false
	}
	return d[0], true
}

// Unparsed returns the documents that do not parse and appear to define id,
// as an artifact's id or an item's, in path order. A reference to such an id
// cannot be checked until they parse; rules do not report it as dangling.
func (ix *Index) Unparsed(id string) []*artifact.Document { return ix.unparsed[id] }

// ByKind returns the artifacts of kind, in path order.
func (ix *Index) ByKind(kind string) []*artifact.Document {
	l := ix.byKind[kind]
	ix.served.Add(int64(len(l)))
	return l
}

// Served returns how many documents ByKind has returned so far, counting
// each once per call. A rule that asks for all the artifacts of a kind once
// per AI system shows here as work that grows with the square of the
// repository; tests of how rules scale compare it between repository sizes.
func (ix *Index) Served() int64 { return ix.served.Load() }

// IDs returns every artifact id, sorted.
func (ix *Index) IDs() []string {
	ids := make([]string, 0, len(ix.byID))
	for id := range ix.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// A Pass is what a rule sees of one lint run: the documents, the index, the
// configuration and the date to judge at. Rules read files only through it.
type Pass struct {
	// Rule is the rule being run.
	Rule *Rule
	// Documents are every artifact, sorted by path, including those that could
	// not be parsed (their Data is nil).
	Documents []*artifact.Document
	// NotArtifacts are the problems of paths that are not artifacts, by
	// path: folders that cannot be read (AIMS1011), and Markdown or YAML
	// files among artifacts that are not artifacts themselves (AIMS1010).
	NotArtifacts []artifact.Problem
	// Index finds documents by id and kind.
	Index *Index
	// Config is the run's configuration.
	Config *Config
	// AsOf is the date to judge dates at (UTC midnight).
	AsOf time.Time
	// FS is the repository's file tree, for rules that read other files.
	FS fs.FS

	report   func(Finding)
	coverage func([]Coverage)
	held     func([]string)
	history  *historyOnce
	shared   *shared
}

// shared holds what rules of one run work out once and share (Pass.Shared).
type shared struct {
	mu     sync.Mutex
	values map[any]*sharedValue
}

type sharedValue struct {
	once sync.Once
	v    any
}

// Shared returns the value compute returns for key, computing it once per
// run however many rules ask, and at the same time: the others wait for the
// first. Rules that see other documents (Documents) than the run's, as a
// partial run's document rules do, share among themselves only. Rules use it for what several of them derive from the same
// documents (the coverage of every clause, say). key is best an unexported
// type of the asking package, as for context values; compute must not call
// Shared with the same key.
func (p *Pass) Shared(key any, compute func() any) any {
	if p.shared == nil {
		return compute()
	}
	p.shared.mu.Lock()
	if p.shared.values == nil {
		p.shared.values = map[any]*sharedValue{}
	}
	sv, ok := p.shared.values[key]
	if !ok {
		sv = &sharedValue{}
		p.shared.values[key] = sv
	}
	p.shared.mu.Unlock()
	sv.once.Do(func() { sv.v = compute() })
	return sv.v
}

// History returns the git history of the artifacts, read once per run on
// first use. Without usable history (no git repository, a shallow clone) it
// returns a *SkipError: a history rule returns that error from Check, and the
// run reports the rule as skipped rather than passed.
//
// A rule that does not declare that it reads the history (Rule.History)
// gets an error instead.
func (p *Pass) History() (*gitrepo.History, error) {
	if p.Rule != nil && !p.Rule.History {
		return nil, fmt.Errorf("rule %s reads the git history but does not declare it (Rule.History)", p.Rule.ID)
	}
	if p.history == nil {
		return nil, Skip("no git history is available")
	}
	return p.history.get()
}

// Report records a finding of the pass's rule at r. The finding cites the
// rule's controls unless controls are given.
func (p *Pass) Report(r artifact.Range, msg string, controls ...string) {
	if len(controls) == 0 {
		controls = p.Rule.Controls
	}
	p.report(Finding{RuleID: p.Rule.ID, Range: r, Message: msg, Controls: controls})
}

// Reportf is Report with a format string.
func (p *Pass) Reportf(r artifact.Range, format string, args ...any) {
	p.Report(r, fmt.Sprintf(format, args...))
}

// ReportFinding records a fully built finding (with related locations, say).
// RuleID, and Controls when empty, are filled from the pass's rule.
func (p *Pass) ReportFinding(f Finding) {
	f.RuleID = p.Rule.ID
	if len(f.Controls) == 0 {
		f.Controls = p.Rule.Controls
	}
	p.report(f)
}

// Held records the documents (paths) a rule judged and found to hold, for
// the coverage of the clauses and controls it evidences (Rule.Evidences).
func (p *Pass) Held(paths []string) {
	if p.held != nil {
		p.held(paths)
	}
}

// RecordCoverage stores the evidence state of clauses and controls in the
// result. The last call wins.
func (p *Pass) RecordCoverage(c []Coverage) { p.coverage(c) }

// ReadFile reads a repository file by slash path.
// Anything but a regular file (a named pipe, say) is refused.
func (p *Pass) ReadFile(name string) ([]byte, error) { return artifact.ReadFile(p.FS, name) }
