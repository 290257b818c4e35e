package lint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/schema"

	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/internal/suggest"
)

// ConfigFile is the name of the configuration file at the repository root.
const ConfigFile = ".aims.yaml"

// Rule ids of the problems the engine finds while validating documents
// against their schemas; package artifact has those of reading and parsing.
// The rules that report them are in package rules, with their documentation.
const (
	RuleSchema     = "AIMS1002" // the artifact breaks its kind's schema
	RuleUnknown    = "AIMS1003" // the declared kind does not exist
	RuleMisspelled = "AIMS1012" // a top-level key looks like a misspelt field
)

// Run lints the repository cfg describes with rules and returns the result.
// An error means aims could not run (an unreadable folder, a broken custom
// schema, a rule that failed); problems in the documents are findings.
//
// Run checks ctx between its steps and in every long loop (per folder
// walked, per file loaded, per commit of the history): once ctx is done it
// returns an error for which errors.Is(err, ctx.Err()) holds, and no result.
func Run(ctx context.Context, cfg *Config, rules []*Rule) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if cfg.FailOn == 0 {
		cfg.FailOn = Error
	}
	if len(cfg.CustomRules) > 0 {
		rules = append(slices.Clip(rules), cfg.CustomRules...)
	}
	if cfg.MaxFileSize == 0 {
		cfg.MaxFileSize = DefaultMaxFileSize
	}
	asOf := cfg.AsOf
	if asOf.IsZero() {
		now := time.Now().UTC()
		asOf = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	t, files, err := discover(ctx, cfg)
	if cerr := ctx.Err(); cerr != nil {
		return nil, cerr
	}
	if err != nil {
		var cfgErr *ConfigError
		if errors.As(err, &cfgErr) {
			return nil, err
		}
		return nil, fmt.Errorf("discover files: %w", err)
	}
	only, note, ch, err := onlyFiles(ctx, cfg, t, files)
	if err != nil {
		return nil, err
	}
	set, err := compileSchemas(t.fsys, cfg)
	if err != nil {
		return nil, err
	}
	selected, err := selectRules(rules, cfg)
	if err != nil {
		return nil, err
	}
	// --changed and --base load what the changed files' findings depend on,
	// unless the change can alter the repository-wide rules.
	var part *partial
	if ch != nil {
		if part, _, err = planPartial(ctx, cfg, t, files, ch, selected); err != nil {
			return nil, err
		}
	}
	toLoad, run := files, selected
	var stubs []*artifact.Document
	if part != nil {
		toLoad, stubs = part.files, part.stubs
		run = slices.DeleteFunc(slices.Clone(selected), func(r *Rule) bool { return slices.Contains(part.skipped, r) })
	}
	docs, skips, err := load(ctx, t.fsys, toLoad, cfg, set)
	if err != nil {
		return nil, err
	}
	if cfg.DocumentCache != nil {
		cfg.DocumentCache.endLoading()
	}
	// all is every artifact: those loaded, and the stubs that stand for the
	// others in a partial run.
	all := docs
	if len(stubs) > 0 {
		all = append(slices.Clone(docs), stubs...)
		sort.Slice(all, func(i, j int) bool { return all[i].Path < all[j].Path })
	}
	others := append(append([]artifact.Problem{}, t.problems...), artifact.NotArtifacts(all, skips, cfg.Layout)...)
	sort.SliceStable(others, func(i, j int) bool { return others[i].Range.File < others[j].Range.File })
	res := &Result{
		Root:         cfg.Dir,
		Prefix:       t.prefix,
		Version:      cfg.Version,
		Organization: cfg.Organization,
		AsOf:         asOf,
		FailOn:       cfg.FailOn,
		Rules:        selected,
		References:   cfg.References,
	}
	if res.Root == "" {
		res.Root = "."
	}
	if t.rev != nil {
		res.Revision, res.RevisionTime = t.rev.Hash, t.rev.Time
	}
	res.Notifications = append(res.Notifications, t.notes...)
	res.Notifications = append(res.Notifications, unparsedNotifications(docs, only)...)
	if note != "" {
		res.Notifications = append(res.Notifications, note)
		if part != nil {
			if why := skippedNote(part.skipped); why != "" {
				res.Notifications = append(res.Notifications, why)
			}
		}
	}
	if _, err := fs.Stat(t.fsys, ConfigFile); err == nil {
		res.ConfigFile = ConfigFile
	}
	res.Documents = all
	for _, d := range docs {
		res.Artifacts = append(res.Artifacts, Artifact{Path: d.Path, Kind: d.Kind, ID: d.ID, Title: d.String("title"), Status: d.Status()})
	}
	if part != nil && len(part.listed) > 0 {
		res.Artifacts = append(res.Artifacts, part.listed...)
		sort.SliceStable(res.Artifacts, func(i, j int) bool { return res.Artifacts[i].Path < res.Artifacts[j].Path })
	}
	ix := newIndex(all)
	// A partial run reads the history of the changed files and the
	// documents linked to them only.
	histDocs := docs
	if part != nil {
		histDocs = slices.DeleteFunc(slices.Clone(docs), func(d *artifact.Document) bool { return !part.linked[d.Path] })
	}
	hist := &historyOnce{load: func() (*gitrepo.History, error) { return loadHistory(ctx, t, histDocs, files) }}
	defer hist.close()
	// An evaluation's results file is part of it.
	withResults(only, docs)
	// In a partial run, rules that judge each document alone see only the
	// documents whose findings are reported.
	var focus []*artifact.Document
	if part != nil {
		focus = make([]*artifact.Document, 0, len(only))
		for _, d := range docs {
			if only[d.Path] {
				focus = append(focus, d)
			}
		}
	}
	findings, coverage, skipped, held, err := runRules(ctx, run, focus, &Pass{Documents: docs, NotArtifacts: others, Index: ix, Config: cfg, AsOf: asOf, FS: t.fsys, history: hist, shared: &shared{}})
	if err != nil {
		return nil, err
	}
	findings = append(findings, withControls(configFindings(cfg, files, all, only, run), run)...)
	if len(all) == 0 && slices.ContainsFunc(run, func(r *Rule) bool { return r.ID == RuleNoArtifacts }) {
		findings = noArtifacts(findings, files, cfg)
		withControls(findings[len(findings)-1:], run)
	}
	res.Notifications = append(res.Notifications, skipNotifications(skipped)...)
	res.Coverage = coverage
	res.Held = held
	// The custom rules' evidence is judged on every finding, before those
	// of files outside only are dropped: a finding elsewhere is open all
	// the same.
	res.Findings = finish(findings, rules, run, cfg, docs, ix, asOf, only, func(all []Finding) []Finding {
		res.Coverage, all = heldCoverage(res.Coverage, all, run, held, docs, cfg.References)
		return all
	})
	if part == nil {
		var note string
		if res.Findings, note, err = dropInherited(ctx, cfg, ch, res.Findings, rules); err != nil {
			return nil, err
		}
		if note != "" {
			res.Notifications = append(res.Notifications, note)
		}
	}
	if cfg.MinSeverity > Note {
		var below int
		res.Findings, below = floor(res.Findings, cfg.MinSeverity)
		if below > 0 {
			res.Notifications = append(res.Notifications, fmt.Sprintf("%d %s below %s left out (min_severity, --min-severity)", below, pluralFindings(below), cfg.MinSeverity))
		}
	}
	if !cfg.SkipFingerprints {
		addFingerprints(t.fsys, res.Findings)
	}
	if err := ctx.Err(); err != nil {
		return nil, err // an interrupted run has no result, however far it got
	}
	return res, nil
}

// compileSchemas compiles the built-in schemas and the custom kinds' schemas
// read from the repository, or takes them from cfg.DocumentCache when the
// run before compiled the same.
func compileSchemas(fsys fs.FS, cfg *Config) (*schema.Set, error) {
	customs, err := cfg.SchemaCustoms(func(p string) ([]byte, error) { return fs.ReadFile(fsys, p) })
	if err != nil {
		return nil, err
	}
	c := cfg.DocumentCache
	if c != nil {
		if set := c.useSchemas(schemasID(customs)); set != nil {
			return set, nil
		}
	}
	set, err := schema.Compile(customs)
	if err != nil {
		return nil, &ConfigError{Path: cfg.ConfigPath, Msg: err.Error()}
	}
	if c != nil {
		c.setSchemas(set)
	}
	return set, nil
}

// SchemaCustoms returns the custom kinds as package schema takes them, their
// schemas read with read (a repository-relative path). A schema that cannot
// be read is a *ConfigError.
func (c *Config) SchemaCustoms(read func(string) ([]byte, error)) ([]schema.Custom, error) {
	customs := make([]schema.Custom, 0, len(c.CustomKinds))
	for _, ck := range c.CustomKinds {
		sc := schema.Custom{Kind: ck.Name, Path: ck.Schema, Requires: ck.Requires, IDPattern: ck.IDPattern, EvidenceField: ck.EvidenceField}
		for _, ref := range ck.References {
			sc.Fields = append(sc.Fields, ref.Field)
		}
		if ck.Schema != "" {
			data, err := read(ck.Schema)
			if err != nil {
				return nil, &ConfigError{Path: c.ConfigPath, Msg: fmt.Sprintf("custom kind %q: cannot read its schema %s: check the path, relative to the repository root", ck.Name, ck.Schema)}
			}
			sc.Data = data
		}
		customs = append(customs, sc)
	}
	return customs, nil
}

// selectRules applies the selection of cfg.Rules, like ["all",
// "-AIMS3001"], to rules, keeping list order. A rule id that rules do not
// hold, in the selection or in cfg.Severity, is a *ConfigError at the line
// that names it.
func selectRules(rules []*Rule, cfg *Config) ([]*Rule, error) {
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
	}
	for _, id := range slices.Sorted(maps.Keys(cfg.Severity)) {
		if !known[id] {
			return nil, cfg.unknownRule("severity", id, cfg.severityAt[id])
		}
	}
	sel := cfg.Rules
	if len(sel) == 0 {
		return rules, nil
	}
	on := map[string]bool{}
	for i, s := range sel {
		at := artifact.Range{}
		if i < len(cfg.rulesAt) {
			at = cfg.rulesAt[i]
		}
		switch {
		case s == "all":
			for _, r := range rules {
				on[r.ID] = true
			}
		case strings.HasPrefix(s, "-"):
			if !known[s[1:]] {
				return nil, cfg.unknownRule("rules", s[1:], at)
			}
			delete(on, s[1:])
		default:
			if !known[s] {
				return nil, cfg.unknownRule("rules", s, at)
			}
			on[s] = true
		}
	}
	var out []*Rule
	for _, r := range rules {
		if on[r.ID] {
			out = append(out, r)
		}
	}
	return out, nil
}

// unknownRule is the error about id, named under key (rules, severity) at
// at in the configuration file, which is no rule of the run. A custom
// rule's id says where custom rules come from.
func (c *Config) unknownRule(key, id string, at artifact.Range) error {
	msg := fmt.Sprintf("%s: unknown rule %s: run `aims rules` for the list", key, id)
	if CustomRuleID(id) {
		msg += fmt.Sprintf("; a custom rule such as %s is defined in a rule file that policies names", id)
	}
	return &ConfigError{Path: c.ConfigPath, Pos: at.Start, Msg: msg}
}

// load reads, parses and validates the files in parallel and returns the
// artifacts sorted by path, and the files that are not artifacts with why.
func load(ctx context.Context, fsys fs.FS, files []artifact.File, cfg *Config, set *schema.Set) ([]*artifact.Document, []artifact.Skipped, error) {
	workers := cfg.workers()
	types := cfg.FileTypes()
	out := make([]*artifact.Document, len(files))
	why := make([]*artifact.Skipped, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var strs artifact.Strings // the worker's documents share their short strings
			for i := range jobs {
				out[i], why[i] = loadCached(fsys, files[i], cfg, set, &strs)
				if types.Extra(files[i].Path) && !keepExtra(files[i].Path, out[i], cfg) {
					// A file of an extra type that is of no kind reading
					// it is not an artifact, and no noise either.
					out[i], why[i] = nil, nil
				}
			}
		}()
	}
	var err error
	for i := range files {
		if err = ctx.Err(); err != nil {
			break
		}
		if !included(files[i].Path, cfg) {
			continue
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, nil, err
	}
	docs := make([]*artifact.Document, 0, len(out))
	var skips []artifact.Skipped
	for i, d := range out {
		switch {
		case d != nil:
			docs = append(docs, d)
		case why[i] != nil:
			skips = append(skips, *why[i])
		}
	}
	return docs, skips, nil
}

// included applies the include and exclude globs. The configuration file
// itself is never an artifact, nor are the rule files of custom rules and
// their tests (Config.PolicyPath).
func included(p string, cfg *Config) bool {
	if p == ConfigFile || cfg.PolicyPath(p) {
		return false
	}
	if len(cfg.Include) > 0 {
		ok := false
		for _, g := range cfg.Include {
			if artifact.MatchGlob(g, p) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	for _, g := range cfg.Exclude {
		if artifact.MatchGlob(g, p) {
			return false
		}
	}
	return true
}

// kindFor returns the kind a glob of .aims.yaml gives p, or "".
func kindFor(p string, cfg *Config) string {
	return cfg.Reading().GlobKind(p)
}

// keepExtra reports whether d, read from the file at p of an extra type
// (Config.FileTypes), is an artifact (see extraOfKind).
func keepExtra(p string, d *artifact.Document, cfg *Config) bool {
	kind := ""
	if d != nil {
		kind = d.Kind
	}
	return extraOfKind(p, kind, cfg)
}

// extraOfKind reports whether the file at p of an extra type, of kind ("" for
// none), is an artifact: a kind glob names it, or kind is a custom kind that
// lists its file type. Any other such file is not an artifact, and no noise.
func extraOfKind(p, kind string, cfg *Config) bool {
	if kindFor(p, cfg) != "" || cfg.FileTypes().MatchesGlob(p) {
		return true
	}
	ck := cfg.CustomKind(kind)
	return ck != nil && (artifact.FileTypes{Suffixes: ck.FileTypes}).HasSuffix(p)
}

// loadCached is loadOne through cfg.DocumentCache, when there is one and
// the file is a blob of a commit.
func loadCached(fsys fs.FS, f artifact.File, cfg *Config, set *schema.Set, strs *artifact.Strings) (*artifact.Document, *artifact.Skipped) {
	c := cfg.DocumentCache
	if c == nil || f.Problem != nil {
		return loadOne(fsys, f, cfg.Reading(), cfg, set, strs)
	}
	k, ok := blobKey(fsys, f.Path)
	if !ok {
		return loadOne(fsys, f, cfg.Reading(), cfg, set, strs)
	}
	if l, ok := c.get(k); ok {
		return l.d, l.skipped
	}
	rd := cfg.Reading()
	rd.KeepTree = true // the document's findings are located at every run
	d, skipped := loadOne(fsys, f, rd, cfg, set, strs)
	c.put(k, loaded{d, skipped})
	return d, skipped
}

// loadOne loads the file f, read as rd says, and validates it against its
// kind's schema.
func loadOne(fsys fs.FS, f artifact.File, rd *artifact.Reading, cfg *Config, set *schema.Set, strs *artifact.Strings) (*artifact.Document, *artifact.Skipped) {
	d, skipped := artifact.Load(fsys, f, rd, cfg.MaxFileSize, strs)
	if d == nil || d.Data == nil {
		return d, skipped
	}
	if !set.Has(d.Kind) {
		r := d.Locate("kind")
		if d.String("kind") == "" {
			r = d.FileRange()
		}
		msg := unknownKindMessage(d.Kind, knownKinds(cfg))
		if from := d.WrittenAs("kind"); from != "kind" {
			msg += fmt.Sprintf(" (the kind is the value of `%s`, as .aims.yaml's kinds say: map the value to a kind under that entry's values)", from)
		}
		d.Problems = append(d.Problems, artifact.Problem{RuleID: RuleUnknown, Range: r, Message: msg})
		return d, nil
	}
	vs, err := set.Validate(d.Kind, d.Data)
	if err != nil {
		p := artifact.Position{Line: 1, Col: 1}
		d.Problems = append(d.Problems, artifact.Problem{RuleID: RuleSchema, Range: artifact.Range{File: d.Path, Start: p, End: p}, Message: "the schema could not be applied: " + err.Error()})
		return d, nil
	}
	misspelt := set.Misspellings(d.Kind, d.Data)
	misspeltAs := map[string]string{} // known field → the key that misspells it
	for k, f := range misspelt {
		if prev, ok := misspeltAs[f]; !ok || k < prev {
			misspeltAs[f] = k
		}
	}
	reported := map[string]bool{} // top-level keys the schema already reports
	for _, v := range vs {
		r, msg := d.Locate(v.Path...), v.Message
		if k, ok := misspeltAs[v.Key]; ok && len(v.Path) == 0 {
			// "approved_by is required" is about the line that misspells it.
			r, msg = d.LocateKey(k), fmt.Sprintf("%s; `%s` may be a misspelling of it", msg, k)
		}
		if len(v.Path) == 1 && v.Key == "" {
			reported[v.Path[0]] = true
		}
		if len(v.Path) > 0 && d.WrittenAs(v.Path[0]) != v.Path[0] {
			msg += fmt.Sprintf(" (written `%s` in this file, as .aims.yaml maps it)", d.WrittenAs(v.Path[0]))
		}
		d.Problems = append(d.Problems, artifact.Problem{RuleID: RuleSchema, Range: r, Message: msg})
	}
	for _, k := range slices.Sorted(maps.Keys(misspelt)) {
		if !reported[k] {
			d.Problems = append(d.Problems, artifact.Problem{RuleID: RuleMisspelled, Range: d.LocateKey(k),
				Message: fmt.Sprintf("unknown field `%s`: did you mean `%s`? aims ignores fields it does not know, so rename it if it is a misspelling", k, misspelt[k])})
		}
	}
	return d, nil
}

// knownKinds returns the built-in kinds followed by the custom ones.
func knownKinds(cfg *Config) []string {
	kinds := schema.Kinds()
	for _, ck := range cfg.CustomKinds {
		kinds = append(kinds, ck.Name)
	}
	return kinds
}

func unknownKindMessage(kind string, kinds []string) string {
	best := suggest.Closest(kind, kinds, 3)
	msg := fmt.Sprintf("unknown kind %q", kind)
	if best != "" {
		return msg + fmt.Sprintf(": did you mean %q? Run `aims explain` for the kinds", best)
	}
	return msg + ": use one of " + strings.Join(kinds, ", ") + ", or declare a custom kind in .aims.yaml"
}

// runRules runs every rule over the pass, in parallel, and gathers findings.
// When focus is not nil, rules of ScopeDocument see only its documents.
func runRules(ctx context.Context, rules []*Rule, focus []*artifact.Document, base *Pass) ([]Finding, []Coverage, map[string][]string, map[string][]string, error) {
	type out struct {
		findings []Finding
		coverage []Coverage
		held     []string
		skipped  string
		err      error
	}
	outs := make([]out, len(rules))
	// The rules that see only focus share what they work out from it
	// (Pass.Shared) among themselves, not with those that see every
	// document.
	focusShared := &shared{}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, r := range rules {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				return
			}
			p := *base
			p.Rule = r
			if focus != nil && r.Scope == ScopeDocument {
				p.Documents, p.shared = focus, focusShared
			}
			o := &outs[i]
			check := func(p *Pass) ([]Finding, bool) {
				*o = out{}
				p.report = func(f Finding) { o.findings = append(o.findings, f) }
				p.coverage = func(c []Coverage) { o.coverage = c }
				p.held = func(paths []string) { o.held = append(o.held, paths...) }
				if err := r.Check(p); err != nil {
					var skip *SkipError
					if errors.As(err, &skip) {
						o.findings, o.coverage, o.held, o.skipped = nil, nil, nil, skip.Reason
						return nil, false
					}
					o.err = fmt.Errorf("rule %s: %w", r.ID, err)
					return nil, false
				}
				return o.findings, o.coverage == nil && o.held == nil
			}
			if cache := base.Config.DocumentCache; cache != nil && focus == nil && reusable(r) {
				found := runReusing(&p, cache, check)
				if o.err == nil && o.skipped == "" {
					o.findings = found
				}
				return
			}
			check(&p)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, nil, err
	}
	var all []Finding
	var coverage []Coverage
	skipped := map[string][]string{}
	held := map[string][]string{}
	for i, o := range outs {
		if o.err != nil {
			return nil, nil, nil, nil, o.err
		}
		if o.held != nil {
			held[rules[i].ID] = o.held
		}
		if o.skipped != "" {
			skipped[o.skipped] = append(skipped[o.skipped], rules[i].ID)
			continue
		}
		all = append(all, o.findings...)
		if o.coverage != nil {
			coverage = o.coverage
		}
	}
	return all, coverage, skipped, held, nil
}

// finish sets severities, applies suppressions (adding the findings about
// them), passes every finding to judged, drops the findings of files outside
// only (unless only is nil) from what judged returns, and sorts.
func finish(findings []Finding, all, selected []*Rule, cfg *Config, docs []*artifact.Document, ix *Index, asOf time.Time, only map[string]bool, judged func([]Finding) []Finding) []Finding {
	ran := map[string]*Rule{}
	for _, r := range selected {
		rr := *r
		if s, ok := cfg.Severity[r.ID]; ok {
			rr.Severity = s
		}
		ran[r.ID] = &rr
	}
	known := map[string]bool{}
	for _, r := range all {
		known[r.ID] = true
	}
	for i := range findings {
		findings[i].Severity = ran[findings[i].RuleID].Severity
	}
	findings = append(findings, suppress(findings, collectSuppressions(docs, cfg), ix, asOf, ran, known)...)
	findings = judged(findings)
	out := findings[:0]
	for _, f := range findings {
		if only != nil && f.Range.File != "" && !only[f.Range.File] {
			continue
		}
		out = append(out, f)
	}
	SortFindings(out)
	out = slices.CompactFunc(out, func(a, b Finding) bool { return compareFindings(&a, &b) == 0 })
	return out
}

// configFindings returns the findings the engine makes about the
// configuration (AIMS1013: globs and custom kinds that match no file), when
// that rule runs and its findings would be kept (only, when not nil, lists
// the files whose findings are).
func configFindings(cfg *Config, files []artifact.File, all []*artifact.Document, only map[string]bool, run []*Rule) []Finding {
	if !slices.ContainsFunc(run, func(r *Rule) bool { return r.ID == RuleUnmatched }) {
		return nil
	}
	keep := func(file string) bool { return only == nil || only[file] }
	return append(unmatchedGlobs(cfg.configGlobs(), files, cfg, keep), unusedCustomKinds(cfg, all, keep)...)
}

// withControls gives findings the engine made (no rule reported them
// through a Pass) the controls of their rule, and returns them.
func withControls(findings []Finding, run []*Rule) []Finding {
	for i := range findings {
		for _, r := range run {
			if r.ID == findings[i].RuleID {
				findings[i].Controls = r.Controls
			}
		}
	}
	return findings
}

// floor drops the findings below min and returns the rest, and how many
// unsuppressed findings it dropped.
func floor(findings []Finding, min Severity) ([]Finding, int) {
	n := 0
	out := slices.DeleteFunc(findings, func(f Finding) bool {
		if f.Severity >= min {
			return false
		}
		if f.Suppressed == nil {
			n++
		}
		return true
	})
	return out, n
}

// pluralFindings is "finding" or "findings" for n.
func pluralFindings(n int) string {
	if n == 1 {
		return "finding"
	}
	return "findings"
}
