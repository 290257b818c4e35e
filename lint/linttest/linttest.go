// Package linttest runs a rule over fixture repositories whose expected
// findings are written in the fixtures themselves, as golang.org/x/tools'
// analysistest does for analyzers.
//
// An expectation is a comment on the line the finding must point at:
//
//	risk_level: high   # want AIMS3004 "impact assessment"
//	## Scope           <!-- want AIMS2002 "empty" -->
//
// The quoted text is a regular expression the message must match. Findings
// with no line are expected in a file named want.txt at the fixture's root:
// `want AIMS4001 "regexp"` for the repository as a whole,
// `big.yaml: want AIMS1004 "regexp"` for a file at any line, and
// `results/eval.csv:3: want AIMS7302 "regexp"` for a line of a file that
// cannot hold a comment (a CSV or JSON results file). Every finding of the
// rule must be expected, and every expectation met.
//
// A fixture folder that holds history.txtar is a git history rather than a
// plain folder: Run builds a repository from the archive in a temporary
// folder and lints that (see Dir for the archive's form).
package linttest

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/lint"
)

// AsOf is the date fixtures are judged at.
var AsOf = time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)

var wantRe = regexp.MustCompile(`want\s+(AIMS\d{4})\s+"((?:[^"\\]|\\.)*)"`)

// fileLineRe matches the file:line a want.txt expectation may start with.
var fileLineRe = regexp.MustCompile(`^(.+):([1-9][0-9]*)$`)

// atoi converts the digits fileLineRe matched.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// An expectation is one wanted finding.
type expectation struct {
	file string // "" for the repository
	line int
	rule string
	re   *regexp.Regexp
	met  bool
}

// Run lints dir, judged at AsOf, and checks the findings of rule against the
// expectations in the files. Only rule runs, unless the fixture's .aims.yaml
// selects rules itself (the suppression rules need the rule they suppress to
// run too); all is the full rule list to select from. Findings of other rules
// are ignored. It returns the result for further checks.
func Run(t testing.TB, all []*lint.Rule, rule *lint.Rule, dir string) *lint.Result {
	t.Helper()
	cfg := Config(t, dir)
	root := cfg.Dir
	if len(cfg.Rules) == 0 {
		cfg.Rules = []string{rule.ID}
	}
	res, err := lint.Run(context.Background(), cfg, all)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	for _, n := range res.Notifications {
		if slices.Contains(Skipped(n), rule.ID) {
			t.Errorf("%s: %s did not run: %s", dir, rule.ID, n)
		}
	}
	wants, err := expectations(root)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	for _, f := range res.Findings {
		if f.RuleID != rule.ID || f.Suppressed != nil {
			continue
		}
		matched := false
		for _, w := range wants {
			if w.rule == f.RuleID && w.file == f.Range.File && (w.line == 0 || w.line == f.Range.Start.Line) && w.re.MatchString(f.Message) {
				w.met, matched = true, true
			}
		}
		if !matched {
			t.Errorf("%s: unexpected finding %s: %s [%s]", dir, f.Range, f.Message, f.RuleID)
		}
	}
	for _, w := range wants {
		if w.rule == rule.ID && !w.met {
			loc := w.file
			if loc == "" {
				loc = "want.txt"
			} else {
				loc += ":" + strconv.Itoa(w.line)
			}
			t.Errorf("%s: %s: no %s finding matching %q", dir, loc, w.rule, w.re)
		}
	}
	return res
}

// Config returns the configuration of the fixture at dir, judged at AsOf:
// its .aims.yaml read from the folder to lint (see Dir), with what its
// SpecialFile asks for made or simulated.
func Config(t testing.TB, dir string) *lint.Config {
	t.Helper()
	root, unreadable := special(t, Dir(t, dir))
	cfg, err := lint.LoadConfig(root, "")
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	if len(unreadable) > 0 {
		cfg.FS = unreadableFS{FS: os.DirFS(root), paths: unreadable}
	}
	cfg.AsOf = AsOf
	return cfg
}

// Skipped returns the rules a run notification says were skipped, as in
// "not a git repository: ... (skipped: AIMS6001, AIMS6002)", or nil. Run
// fails a fixture whose rule was skipped: it proves nothing about a rule that
// did not run.
func Skipped(note string) []string {
	_, list, ok := strings.Cut(note, "(skipped: ")
	if !ok {
		return nil
	}
	list, _, _ = strings.Cut(list, ")")
	return strings.Split(list, ", ")
}

// expectations reads the want comments of every file under dir.
func expectations(dir string) ([]*expectation, error) {
	var out []*expectation
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		if irregular(d) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if _, err := os.Stat(p); err != nil {
				return nil // a dangling or looping link holds no expectations
			}
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for line := 1; sc.Scan(); line++ {
			for _, m := range wantRe.FindAllStringSubmatch(sc.Text(), -1) {
				pat, err := strconv.Unquote(`"` + m[2] + `"`)
				if err != nil {
					return fmt.Errorf("%s:%d: bad want string: %v", rel, line, err)
				}
				re, err := regexp.Compile(pat)
				if err != nil {
					return fmt.Errorf("%s:%d: bad want pattern: %v", rel, line, err)
				}
				e := &expectation{file: rel, line: line, rule: m[1], re: re}
				if rel == "want.txt" {
					e.file, e.line = "", 0
					if before, _, ok := strings.Cut(sc.Text(), ": want "); ok {
						e.file = strings.TrimSpace(before)
						if m := fileLineRe.FindStringSubmatch(e.file); m != nil {
							e.file, e.line = m[1], atoi(m[2])
						}
					}
				}
				out = append(out, e)
			}
		}
		return sc.Err()
	})
	return out, err
}
