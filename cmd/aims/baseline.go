package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/baseline"
)

// exampleBaseline is the baseline file name aims suggests.
const exampleBaseline = ".aims-baseline.json"

// A baselineRun is what aims lint does with a baseline: write one
// (--write-baseline) or compare with one (--baseline, baseline: in
// .aims.yaml). A nil *baselineRun does nothing.
type baselineRun struct {
	name  string             // the file as the user reads it
	real  string             // its absolute path, symbolic links resolved
	write bool               // record the findings, rather than compare
	read  *baseline.Baseline // the baseline compared with, when not writing
}

// checkBaselineFlags checks the baseline flags against each other and the
// arguments, before anything is read.
func (o lintOptions) checkBaselineFlags(scope lintScope) error {
	if o.writeBaseSet && strings.TrimSpace(o.writeBase) == "" {
		return fmt.Errorf("--write-baseline needs a FILE to write, such as %s", exampleBaseline)
	}
	if o.noBaseline && o.baselineSet && o.baseline != "" {
		return fmt.Errorf("--baseline %s and --no-baseline contradict each other: give one", o.baseline)
	}
	if !o.writeBaseSet {
		return nil
	}
	var partial string
	switch {
	case o.changed:
		partial = "--changed"
	case o.baseSet:
		partial = "--base"
	case scope.files != nil:
		partial = "file arguments"
	case scope.under != "":
		partial = "a subfolder (" + scope.under + " of " + scope.dir + ")"
	}
	if partial != "" {
		return fmt.Errorf("--write-baseline records the findings of the whole repository, and %s would leave some out: run it on the repository root, without %s", partial, partial)
	}
	return nil
}

// prepareBaseline checks the baseline file before the lint: the file
// --write-baseline replaces must be new or a baseline aims wrote, outside
// .git; the file compared with must exist and parse. No report may be
// written over either.
func (o lintOptions) prepareBaseline(cfg *lint.Config, targets []*reportTarget) (*baselineRun, error) {
	var b *baselineRun
	switch {
	case o.writeBaseSet:
		real, err := checkBaselineTarget(cfg, o.writeBase)
		if err != nil {
			return nil, err
		}
		b = &baselineRun{name: o.writeBase, real: real, write: true}
	case o.baselineSet && o.baseline == "", o.noBaseline:
		return nil, nil
	default:
		name, from := o.baseline, "--baseline"
		if !o.baselineSet {
			if cfg.Baseline == "" {
				return nil, nil
			}
			name, from = filepath.Join(cfg.Dir, filepath.FromSlash(cfg.Baseline)), "baseline in "+configName(cfg)
			if cfg.Rev != "" {
				// A commit is linted with the baseline committed with it.
				read, err := readBaselineRevision(cfg, from)
				if err != nil {
					return nil, err
				}
				return &baselineRun{name: name, read: read}, nil
			}
		}
		read, real, err := readBaseline(name, from)
		if err != nil {
			return nil, err
		}
		b = &baselineRun{name: name, real: real, read: read}
	}
	for _, t := range targets {
		if t.real == b.real {
			return nil, plainError{fmt.Errorf("%s: %s is the baseline file: write the report to another file, such as %s", t.flag, t.path, t.example)}
		}
	}
	return b, nil
}

// configName names the configuration file for messages.
func configName(cfg *lint.Config) string {
	if cfg.ConfigPath != "" {
		return cfg.ConfigPath
	}
	return lint.ConfigFile
}

// readBaseline reads and parses the baseline file at name; from says who
// named it, for the message when it does not exist.
func readBaseline(name, from string) (*baseline.Baseline, string, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", plainError{fmt.Errorf("the baseline %s (%s) does not exist: write it with aims lint --write-baseline %s, or lint without it (--no-baseline)", name, from, name)}
	}
	if err != nil {
		return nil, "", plainError{fmt.Errorf("read the baseline %s (%s): %w: check the path and its permissions", name, from, err)}
	}
	b, err := baseline.Parse(name, data)
	if err != nil {
		return nil, "", plainError{err}
	}
	real, _, err := resolveTarget(name)
	if err != nil {
		return nil, "", plainError{fmt.Errorf("the baseline %s %v", name, err)}
	}
	return b, real, nil
}

// readBaselineRevision reads and parses the configured baseline from the
// tree of the commit cfg lints (--rev, or the commit --as-of picked).
func readBaselineRevision(cfg *lint.Config, from string) (*baseline.Baseline, error) {
	rev, err := lint.ResolveRevision(&lint.Config{Dir: cfg.Dir, Rev: cfg.Rev})
	if err != nil {
		return nil, runFailure("find the commit to lint", err)
	}
	name := rev.Name(cfg.Baseline)
	data, err := fs.ReadFile(rev.FS(), cfg.Baseline)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, plainError{fmt.Errorf("the baseline %s (%s) is not in the commit linted: commit it, or lint the commit without it (--no-baseline)", name, from)}
	}
	if err != nil {
		return nil, plainError{fmt.Errorf("read the baseline %s (%s): %w", name, from, err)}
	}
	b, err := baseline.Parse(name, data)
	if err != nil {
		return nil, plainError{err}
	}
	return b, nil
}

// checkBaselineTarget checks the file --write-baseline writes, at path: not
// inside a git directory, and either new or a regular, writable file that
// holds an aims baseline. It may be tracked by git: a baseline is meant to
// be committed. It returns the real path to write.
func checkBaselineTarget(cfg *lint.Config, path string) (string, error) {
	fail := func(format string, args ...any) error {
		return plainError{fmt.Errorf("--write-baseline: %s %s", path, fmt.Sprintf(format, args...))}
	}
	real, exists, err := resolveTarget(path)
	if err != nil {
		return "", fail("%v", err)
	}
	root, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return "", plainError{err}
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	if dir, ok := insideGitDir(real, repositoryGitDirs(root)); ok {
		return "", fail("is inside the git directory %s: write the baseline in the repository, such as %s", dir, exampleBaseline)
	}
	if !exists {
		return real, nil
	}
	st, err := os.Stat(real)
	if err != nil {
		return "", fail("cannot be checked: %v: check the path and its permissions", err)
	}
	if !st.Mode().IsRegular() {
		return "", fail("is not a regular file (%s): give the path of a file, such as %s", fileType(st.Mode()), exampleBaseline)
	}
	data, err := os.ReadFile(real)
	if err != nil {
		return "", fail("cannot be read to check that it is a baseline: %v", err)
	}
	if !baseline.IsBaseline(data) {
		return "", fail("exists and is not an aims baseline, so aims does not replace it: give a new file, such as %s", exampleBaseline)
	}
	if st.Mode().Perm()&0o200 == 0 {
		return "", fail("is read-only: make it writable to refresh the baseline")
	}
	return real, nil
}

// apply writes the baseline of res, or compares res with the baseline read,
// and sets res.Baseline and each finding's state. scope says which files'
// findings the run shows, so that only those can be gone.
func (b *baselineRun) apply(ctx context.Context, stderr io.Writer, res *lint.Result, cfg *lint.Config, scope lintScope) error {
	if b == nil {
		return nil
	}
	if b.write {
		rec := baseline.FromResult(res)
		data, err := rec.Marshal()
		if err == nil {
			err = writeFileAtomic(ctx, b.real, data)
		}
		if err != nil {
			return plainError{fmt.Errorf("write the baseline %s: %w", b.name, err)}
		}
		next := "commit it"
		if cfg.Baseline == "" || filepath.Join(cfg.Dir, filepath.FromSlash(cfg.Baseline)) != filepath.Clean(b.name) {
			next += fmt.Sprintf(", and compare with it: --baseline %s, or baseline: in %s", b.name, lint.ConfigFile)
		}
		fmt.Fprintf(stderr, "aims: recorded %s in the baseline %s: %s\n", plural(rec.Len(), "finding", "findings"), b.name, next)
		baseline.Apply(res, rec, baseline.Options{File: b.name})
		return nil
	}
	o := baseline.Options{File: b.name, Partial: cfg.Changed || cfg.Base != ""}
	switch {
	case scope.files != nil:
		in := map[string]bool{}
		for _, f := range scope.files {
			in[f] = true
		}
		o.InScope = func(file string) bool { return in[file] }
	case scope.under != "":
		o.InScope = func(file string) bool { return strings.HasPrefix(file, scope.under+"/") }
	}
	baseline.Apply(res, b.read, o)
	return nil
}
