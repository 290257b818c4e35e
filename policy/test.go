package policy

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// defaultTestDate is the date rule tests are judged at when they give no
// as_of: fixed, so that a test written today passes next year too.
var defaultTestDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// A TestResult is the outcome of one example of a rule.
type TestResult struct {
	// Rule is the rule's id.
	Rule string
	// Name is the example's name: its `name:`, or for the folder
	// convention pass/FILE or fail/FILE.
	Name string
	// Where is where the example is written: file:line for an inline
	// test, the example's file for the folder convention (slash paths
	// relative to the AIMS root).
	Where string
	// Fail says the example expects a finding.
	Fail bool
	// OK says the example came out as expected.
	OK bool
	// Skipped says the rule could not judge the example (it calls
	// last_change(), and an example has no git history); Why says so. A
	// skipped example is not OK, and does not fail a run either.
	Skipped bool
	// Why says what went wrong ("expected a finding, got none"), or why
	// the example was skipped; empty when OK.
	Why string
	// Findings are the messages of the rule's findings on the example's
	// document.
	Findings []string
}

// Select returns the part of the set whose rule ids keep accepts, in the
// same order.
func (s *Set) Select(keep func(id string) bool) *Set {
	out := &Set{Files: s.Files, pv: s.pv}
	for i, d := range s.Defs {
		if keep(d.ID) {
			out.Defs = append(out.Defs, d)
			out.Rules = append(out.Rules, s.Rules[i])
			if i < len(s.compiled) {
				out.compiled = append(out.compiled, s.compiled[i])
			}
		}
	}
	return out
}

// Test runs every example of every rule of the set, each in a repository of
// its own that holds the example's document and its `with` documents, with
// the engine and the configuration a lint uses: base's kinds, custom kinds
// (their schemas read from base.FS, else base.Dir on disk), mappings and
// review cycles. Only the rule under test runs. A pass example passes when
// the rule reports nothing on the document; a fail example when the rule
// reports at least one finding there (containing the example's message,
// if it gives one). A finding "could not be judged" fails either. The
// error is for what stops every test (a custom kind's schema that cannot
// be read, a cancelled context).
func (s *Set) Test(ctx context.Context, base *lint.Config) ([]TestResult, error) {
	schemas, err := customSchemas(base)
	if err != nil {
		return nil, err
	}
	var out []TestResult
	for i, d := range s.Defs {
		for _, t := range d.Tests {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			r, err := s.runTest(ctx, base, schemas, i, t)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// customSchemas reads the schema files of base's custom kinds.
func customSchemas(base *lint.Config) (map[string][]byte, error) {
	fsys := base.FS
	if fsys == nil {
		fsys = artifact.DirFS(base.Dir)
	}
	out := map[string][]byte{}
	for _, ck := range base.CustomKinds {
		if ck.Schema == "" {
			continue
		}
		data, err := artifact.ReadFile(fsys, ck.Schema)
		if err != nil {
			return nil, &lint.ConfigError{Path: base.ConfigPath, Pos: ck.Source.Start, Msg: fmt.Sprintf("custom kind %q: cannot read its schema %s for the rule tests: %v", ck.Name, ck.Schema, err)}
		}
		out[ck.Schema] = data
	}
	return out, nil
}

// where is how a test result names the place an example is written.
func where(at artifact.Range) string {
	if at.Start.Line > 0 {
		return fmt.Sprintf("%s:%d", at.File, at.Start.Line)
	}
	return at.File
}

// runTest judges one example.
func (s *Set) runTest(ctx context.Context, base *lint.Config, schemas map[string][]byte, i int, t Test) (TestResult, error) {
	d, rule := s.Defs[i], s.Rules[i]
	res := TestResult{Rule: d.ID, Name: t.Name, Where: where(t.At), Fail: t.Fail}
	broken := func(format string, args ...any) (TestResult, error) {
		res.Why = fmt.Sprintf(format, args...)
		return res, nil
	}
	asOf := defaultTestDate
	if t.AsOf != "" {
		a, err := time.Parse(time.DateOnly, strings.TrimSpace(t.AsOf))
		if err != nil {
			return broken("as_of %q is not a date: write YYYY-MM-DD", t.AsOf)
		}
		asOf = a
	}
	repo := fstest.MapFS{}
	for p, data := range schemas {
		repo[p] = &fstest.MapFile{Data: data}
	}
	docPath := t.Document.Name
	for _, w := range t.With {
		if w.Name == "" {
			continue
		}
		if _, dup := repo[w.Name]; dup {
			return broken("two documents of the example are named %s: rename one", w.Name)
		}
		repo[w.Name] = &fstest.MapFile{Data: w.Src}
	}
	if _, dup := repo[docPath]; dup {
		docPath = "test-" + docPath
	}
	repo[docPath] = &fstest.MapFile{Data: t.Document.Src}
	if t.LastChange != "" {
		lc, err := time.Parse(time.DateOnly, strings.TrimSpace(t.LastChange))
		if err != nil {
			return broken("last_change %q is not a date: write YYYY-MM-DD", t.LastChange)
		}
		rule = s.withChanges(i, map[string]time.Time{docPath: lc})
	}

	cfg := &lint.Config{
		FS:              repo,
		Kinds:           base.Kinds,
		Mappings:        base.Mappings,
		CustomKinds:     base.CustomKinds,
		ReviewCycles:    base.ReviewCycles,
		MonitoringCycle: base.MonitoringCycle,
		MaxFileSize:     base.MaxFileSize,
		References:      base.References,
		Rules:           []string{d.ID},
		CustomRules:     []*lint.Rule{rule},
		AsOf:            asOf,
		Workers:         1,
	}
	doc := cfg.ParseDocument(docPath, t.Document.Src)
	switch {
	case doc == nil:
		return broken("the example's document is not an artifact: give it a `kind:` (in its frontmatter for Markdown)")
	case !slices.Contains(d.Kinds, doc.Kind):
		return broken("the example's document is of kind %q, which the rule does not judge (kinds: %s)", doc.Kind, strings.Join(d.Kinds, ", "))
	}
	lr, err := lint.Run(ctx, cfg, nil)
	if err != nil {
		var ce *lint.ConfigError
		if errors.As(err, &ce) || ctx.Err() != nil {
			return res, err
		}
		return broken("the example could not be linted: %v", err)
	}
	var judged []string // "could not be judged", "was stopped"
	for _, f := range lr.Findings {
		if f.RuleID != d.ID {
			continue
		}
		if f.Range.File != docPath && f.Range.File != d.File {
			continue
		}
		if strings.HasPrefix(f.Message, "rule "+d.ID+" could not be judged") || strings.HasPrefix(f.Message, "rule "+d.ID+" was stopped") {
			judged = append(judged, f.Message)
			continue
		}
		res.Findings = append(res.Findings, f.Message)
	}
	if len(res.Findings) == 0 && len(judged) == 0 {
		for _, n := range lr.Notifications {
			if strings.Contains(n, "(skipped: ") && strings.Contains(n, d.ID) {
				res.Skipped = true
				res.Why = "the rule was skipped: " + n
				return res, nil
			}
		}
	}
	got := func() string {
		all := append(slices.Clone(res.Findings), judged...)
		if len(all) == 0 {
			return "got none"
		}
		return "got " + quoteAll(all)
	}
	switch {
	case len(judged) > 0:
		res.Findings = append(res.Findings, judged...)
		want := "no finding"
		if t.Fail {
			want = "a finding"
		}
		res.Why = fmt.Sprintf("expected %s, but the rule could not judge the document: %s", want, quoteAll(judged))
	case !t.Fail && len(res.Findings) > 0:
		res.Why = "expected no finding, " + got()
	case t.Fail && len(res.Findings) == 0:
		res.Why = "expected a finding, " + got()
	case t.Fail && t.Message != "" && !slices.ContainsFunc(res.Findings, func(m string) bool { return strings.Contains(m, t.Message) }):
		res.Why = fmt.Sprintf("expected a finding containing %q, %s", t.Message, got())
	default:
		res.OK = true
	}
	return res, nil
}

// quoteAll quotes messages and joins them with "; ".
func quoteAll(msgs []string) string {
	q := make([]string, len(msgs))
	for i, m := range msgs {
		q[i] = fmt.Sprintf("%q", m)
	}
	return strings.Join(q, "; ")
}

// folderTests adds to defs the examples of the folder convention beside the
// rule file file: NAME.tests/RULE-ID/pass/* and .../fail/*, each file one
// example, with the files of .../with/* in the repository of each. A folder
// for an id the rule file does not define is an error, as is a file the
// examples cannot read.
func folderTests(fsys fs.FS, file string, display func(string) string, defs []*Def) []error {
	stem := strings.TrimSuffix(strings.TrimSuffix(file, ".yaml"), ".yml")
	if stem == file {
		return nil
	}
	dir := stem + ".tests"
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil // no tests folder
	}
	var errs []error
	fail := func(p, format string, args ...any) {
		errs = append(errs, &FileError{Path: display(p), Msg: fmt.Sprintf(format, args...)})
	}
	for _, e := range entries {
		if !e.IsDir() {
			fail(path.Join(dir, e.Name()), "a file directly in %s: put examples in %s/RULE-ID/pass/ or .../fail/", dir, dir)
			continue
		}
		i := slices.IndexFunc(defs, func(d *Def) bool { return d.ID == e.Name() })
		if i < 0 {
			fail(path.Join(dir, e.Name()), "tests folder %s names no rule of %s: name it after a rule id the file defines", path.Join(dir, e.Name()), display(file))
			continue
		}
		d := defs[i]
		rdir := path.Join(dir, e.Name())
		sub, err := fs.ReadDir(fsys, rdir)
		if err != nil {
			fail(rdir, "cannot read the tests folder: %v", err)
			continue
		}
		var with []TestFile
		var tests []Test
		for _, s := range sub {
			kind := s.Name()
			sdir := path.Join(rdir, kind)
			if !s.IsDir() || (kind != "pass" && kind != "fail" && kind != "with") {
				fail(sdir, "unexpected %s in a rule's tests folder: use pass/, fail/ and with/", kind)
				continue
			}
			files, err := fs.ReadDir(fsys, sdir)
			if err != nil {
				fail(sdir, "cannot read the tests folder: %v", err)
				continue
			}
			for _, f := range files {
				p := path.Join(sdir, f.Name())
				if f.IsDir() || strings.HasPrefix(f.Name(), ".") {
					continue
				}
				src, err := artifact.ReadFile(fsys, p)
				if err != nil {
					fail(p, "cannot read the example: %v", err)
					continue
				}
				tf := TestFile{Name: f.Name(), Src: src}
				if kind == "with" {
					with = append(with, tf)
					continue
				}
				tests = append(tests, Test{Name: kind + "/" + f.Name(), Fail: kind == "fail", Document: tf, At: artifact.Range{File: p}})
			}
		}
		for j := range tests {
			tests[j].With = with
		}
		d.Tests = append(d.Tests, tests...)
	}
	return errs
}
