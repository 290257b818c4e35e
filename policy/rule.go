package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/schema"
)

// A Set is the custom rules of an AIMS, compiled.
type Set struct {
	// Defs are the rules as written, in file and then list order.
	Defs []*Def
	// Rules are the rules as the engine runs them, Defs index for index.
	Rules []*lint.Rule
	// Files are the rule files read, slash paths from the AIMS root.
	Files []string

	pv       *provider
	compiled []map[string]*compiled
	// runLimit is what one rule may cost over a run (0 for RunCostLimit;
	// lower in tests).
	runLimit uint64
}

// Options say where rule files are and what they are checked against.
type Options struct {
	// FS is the AIMS root's file tree (the rule files and the custom
	// kinds' schemas are read from it).
	FS fs.FS
	// Display turns a slash path from the root into the name errors show
	// (the path on disk); nil shows the slash path.
	Display func(string) string
	// Globs name the rule files (the `policies` of .aims.yaml). A glob
	// that matches no file is not an error here: the lint reports it
	// (AIMS1013) at its line in .aims.yaml.
	Globs []string
	// Known reports whether a reference is an ISO/IEC 42001 clause or
	// Annex A control; nil accepts any.
	Known func(ref string) bool
}

// Load reads and compiles the rule files opt.Globs name, for the AIMS
// cfg configures (its custom kinds). Every mistake
// (a glob that matches nothing, YAML, a duplicate id, a CEL expression
// that does not compile or type-check against its kinds' schemas) is an
// error at its line and column; they are all returned, joined. With no
// policies configured it returns an empty set.
func Load(cfg *lint.Config, opt Options) (*Set, error) {
	display := opt.Display
	if display == nil {
		display = func(s string) string { return s }
	}
	s := &Set{}
	if len(opt.Globs) == 0 {
		return s, nil
	}
	read := func(name string) ([]byte, error) { return artifact.ReadFile(opt.FS, name) }
	var errs []error
	seen := map[string]bool{}
	for _, g := range opt.Globs {
		files, err := expand(opt.FS, g)
		if err != nil {
			return nil, err
		}
		// A glob that matches no file is AIMS1013 of the lint, at its line.
		for _, f := range files {
			if !seen[f] {
				seen[f] = true
				s.Files = append(s.Files, f)
			}
		}
	}
	slices.Sort(s.Files)
	for _, f := range s.Files {
		src, err := read(f)
		if err != nil {
			errs = append(errs, &lint.ConfigError{Path: display(f), Msg: "cannot read the rule file: " + err.Error()})
			continue
		}
		defs, perrs := ParseFile(f, display(f), src, read)
		errs = append(errs, perrs...)
		errs = append(errs, folderTests(opt.FS, f, display, defs)...)
		s.Defs = append(s.Defs, defs...)
	}
	ids := map[string]*Def{}
	for _, d := range s.Defs {
		if first, ok := ids[d.ID]; ok {
			errs = append(errs, &lint.ConfigError{Path: display(d.File), Pos: d.at.Start, Msg: fmt.Sprintf("rule id %s is used twice: first at %s:%d; give each rule its own id", d.ID, display(first.File), first.at.Start.Line)})
			continue
		}
		ids[d.ID] = d
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	customs, err := cfg.SchemaCustoms(read)
	if err != nil {
		return nil, err
	}
	set, err := schema.Compile(customs)
	if err != nil {
		return nil, err
	}
	pv, err := newProvider()
	if err != nil {
		return nil, err
	}
	c := &compiler{set: set, pv: pv, known: opt.Known, kinds: map[string]bool{}, envs: map[string]*cel.Env{}, docTy: map[string]*cel.Type{}}
	for _, k := range schema.Kinds() {
		c.kinds[k] = true
	}
	c.schemaless = map[string]bool{}
	for _, ck := range cfg.CustomKinds {
		c.kinds[ck.Name] = true
		if ck.Schema == "" {
			c.schemaless[ck.Name] = true
		}
	}
	s.pv = pv
	for _, d := range s.Defs {
		cp, cerrs := c.compile(d, display(d.File))
		errs = append(errs, cerrs...)
		s.compiled = append(s.compiled, cp)
		s.Rules = append(s.Rules, s.rule(d, cp))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// expand lists the files of the AIMS root that glob matches, sorted.
func expand(fsys fs.FS, glob string) ([]string, error) {
	// Walk only below the glob's fixed leading folders.
	segs := strings.Split(glob, "/")
	base := "."
	for i, sg := range segs[:len(segs)-1] {
		if strings.ContainsAny(sg, "*?[") {
			break
		}
		base = strings.Join(segs[:i+1], "/")
	}
	var out []string
	err := fs.WalkDir(fsys, base, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			if p == base && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return nil // unreadable folders hold no rule file
		}
		if de.IsDir() {
			if de.Name() == ".git" {
				return fs.SkipDir
			}
			return nil
		}
		if artifact.MatchGlob(glob, p) {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// rule makes the engine's rule of d.
func (s *Set) rule(d *Def, cp map[string]*compiled) *lint.Rule {
	r := &lint.Rule{
		ID:        d.ID,
		Name:      pascal(d.ID, d.Title),
		Title:     d.Title,
		Doc:       ruleDoc(d),
		Severity:  d.Severity,
		Controls:  d.Controls,
		Evidences: d.Evidences,
		Custom:    &lint.Custom{File: d.File, Range: d.at},
		Scope:     lint.ScopeDocument,
	}
	for _, c := range cp {
		r.History = r.History || c.uses["last_change"]
		switch {
		case c.uses["artifacts"] || c.uses["risks"]:
			r.Scope = lint.ScopeRepository
		case (c.uses["artifact"] || c.uses["has_artifact"] || c.uses["members"] || c.uses["roles"]) && r.Scope != lint.ScopeRepository:
			r.Scope = lint.ScopeLinked
		}
	}
	r.Check = func(p *lint.Pass) error { return check(p, d, s.pv, cp, nil, s.runLimit) }
	return r
}

// withChanges returns the i-th rule with last_change() reading changes
// (slash path → date) instead of git history: an example's repository has
// none.
func (s *Set) withChanges(i int, changes map[string]time.Time) *lint.Rule {
	r := *s.Rules[i]
	d, cp := s.Defs[i], s.compiled[i]
	r.Check = func(p *lint.Pass) error { return check(p, d, s.pv, cp, changes, s.runLimit) }
	return &r
}

// pascal makes the PascalCase name SARIF tools show: from the title's
// words, else the id's parts, with no two capitals in a row (SARIF2012):
// a one-letter word is lower case ("NameAhumanOverseer").
func pascal(id, title string) string {
	src := title
	if src == "" {
		src = id
	}
	var b strings.Builder
	prevUpper := false
	for _, w := range strings.FieldsFunc(src, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		rs := []rune(strings.ToLower(w))
		if !prevUpper {
			rs[0] = unicode.ToUpper(rs[0])
		}
		prevUpper = len(rs) == 1 && unicode.IsUpper(rs[0])
		b.WriteString(string(rs))
	}
	return b.String()
}

// ruleDoc is the Markdown help of a custom rule: its description, the
// condition and where the rule is written. Like a built-in rule's, it has
// no heading: reports show the id and title above it.
func ruleDoc(d *Def) string {
	var b strings.Builder
	if d.Description != "" {
		b.WriteString(strings.TrimSpace(d.Description) + "\n\n")
	}
	fmt.Fprintf(&b, "A custom rule of this AIMS, written in `%s`. It judges the documents of kind %s", d.File, strings.Join(d.Kinds, ", "))
	if d.When != "" {
		fmt.Fprintf(&b, " for which `%s` holds", strings.TrimSpace(d.When))
	}
	b.WriteString(", and reports each one for which this CEL condition does not hold:\n\n")
	fmt.Fprintf(&b, "```cel\n%s\n```\n", strings.TrimSpace(d.Expression))
	if len(d.Evidences) > 0 {
		fmt.Fprintf(&b, "\nWhen it holds, it evidences %s.\n", strings.Join(d.Evidences, ", "))
	}
	var pass, fail int
	for _, t := range d.Tests {
		if t.Fail {
			fail++
		} else {
			pass++
		}
	}
	if len(d.Tests) > 0 {
		fmt.Fprintf(&b, "\nIts examples (`aims test`): %d passing, %d failing.\n", pass, fail)
	}
	return b.String()
}

// costError is what cel-go reports when an evaluation goes over its cost
// limit.
func costError(err error) bool {
	return err != nil && strings.Contains(err.Error(), "actual cost limit exceeded")
}

// check runs rule d over the pass's documents of its kinds.
func check(p *lint.Pass, d *Def, pv *provider, cp map[string]*compiled, changes map[string]time.Time, runLimit uint64) error {
	if runLimit == 0 {
		runLimit = RunCostLimit
	}
	rp := &repository{ix: p.Index, docs: p.Documents, asOf: p.AsOf, history: p.History, changes: changes, runLimit: runLimit}
	type progs struct {
		when, expr *cel.Program
		parts      []*cel.Program
	}
	byKind := map[string]*progs{}
	for _, k := range d.Kinds {
		c := cp[k]
		env, err := newEnv(pv, c.env.Variables()[0].Type(), rp)
		if err != nil {
			return err
		}
		pr := &progs{}
		plan := func(a *cel.Ast) (*cel.Program, error) {
			prg, err := env.Program(a, cel.CostLimit(CostLimit), cel.EvalOptions(cel.OptOptimize))
			if err != nil {
				return nil, err
			}
			return &prg, nil
		}
		if c.when != nil {
			if pr.when, err = plan(c.when); err != nil {
				return err
			}
		}
		if pr.expr, err = plan(c.expr); err != nil {
			return err
		}
		for _, part := range c.parts {
			var prg *cel.Program
			if part.expr != nil {
				if prg, err = plan(part.expr); err != nil {
					return err
				}
			}
			pr.parts = append(pr.parts, prg)
		}
		byKind[k] = pr
	}
	var held []string
	act := &activation{today: p.AsOf}
	for _, doc := range p.Documents {
		pr, ok := byKind[doc.Kind]
		if !ok || doc.Data == nil {
			continue
		}
		c := cp[doc.Kind]
		*act = activation{doc: doc.Data, path: doc.Path, kind: doc.Kind, id: doc.ID, status: doc.Status(), today: p.AsOf}
		ok, stop, err := judge(p, d, c, pr.when, pr.expr, pr.parts, doc, act, rp)
		if err != nil || stop {
			return err
		}
		if ok {
			held = append(held, doc.Path)
		}
	}
	if len(d.Evidences) > 0 {
		p.Held(held)
	}
	return nil
}

// judge evaluates the rule on one document and reports what it finds. held
// is set when the rule judged the document and it holds; stop when the rule
// must not go on (its cost limit was reached).
func judge(p *lint.Pass, d *Def, c *compiled, when, expr *cel.Program, parts []*cel.Program, doc *artifact.Document, act *activation, rp *repository) (held, stop bool, err error) {
	eval := func(prg *cel.Program) (ref.Val, error) {
		out, det, err := (*prg).Eval(act)
		if det != nil {
			if c := det.ActualCost(); c != nil {
				rp.spent += *c
			}
		}
		if err == nil && rp.spent > rp.runLimit {
			err = errRunCost
		}
		return out, err
	}
	failed := func(err error) (bool, bool, error) {
		if rp.histErr != nil {
			return false, true, lint.Skip("the rule calls last_change(), and %v", rp.histErr)
		}
		if errors.Is(err, errRunCost) {
			p.ReportFinding(lint.Finding{
				Range:   d.expr.rangeIn(d.File),
				Message: fmt.Sprintf("rule %s was stopped at %s: over the documents judged before it, it went over the cost limit of %d for a run; the expression does too much for each document (loops over artifacts(), say): narrow it", d.ID, doc.Path, rp.runLimit),
			})
			return false, true, nil
		}
		if costError(err) {
			p.ReportFinding(lint.Finding{
				Range:   d.expr.rangeIn(d.File),
				Message: fmt.Sprintf("rule %s was stopped: judging %s went over the cost limit of %d; the expression loops over too much (nested loops over artifacts(), say): narrow it", d.ID, doc.Path, CostLimit),
			})
			return false, true, nil
		}
		p.ReportFinding(lint.Finding{
			Range:   locate(doc, c.field),
			Message: fmt.Sprintf("rule %s could not be judged: %s", d.ID, err),
		})
		return false, false, nil
	}
	if when != nil {
		v, err := eval(when)
		if err != nil {
			return failed(err)
		}
		if v != types.True {
			return false, false, nil
		}
	}
	v, err := eval(expr)
	if err != nil {
		return failed(err)
	}
	if v == types.True {
		return true, false, nil
	}
	if _, ok := v.(types.Bool); !ok {
		return failed(fmt.Errorf("the expression gave %s, not true or false", show(v)))
	}
	var msg strings.Builder
	for i, part := range c.parts {
		if parts[i] == nil {
			msg.WriteString(part.text)
			continue
		}
		v, err := eval(parts[i])
		if err != nil {
			if costError(err) || errors.Is(err, errRunCost) {
				return failed(err)
			}
			msg.WriteString("?")
			continue
		}
		msg.WriteString(show(v))
	}
	m := strings.TrimSpace(msg.String())
	if m == "" {
		m = d.Title
	}
	p.ReportFinding(lint.Finding{Range: locate(doc, c.field), Message: m})
	return false, false, nil
}

// locate is the range of the first field of path the document has, else
// the document.
func locate(doc *artifact.Document, path []string) artifact.Range {
	for n := len(path); n > 0; n-- {
		if doc.Get(path[:n]...) != nil {
			return doc.Locate(path[:n]...)
		}
	}
	return doc.FileRange()
}

// rangeIn is the range of a CEL text in the rule file.
func (s source) rangeIn(file string) artifact.Range {
	pos := s.at(1, 1)
	return artifact.Range{File: file, Start: pos, End: pos}
}
