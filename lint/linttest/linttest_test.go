package linttest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.errors = append(r.errors, "fatal: "+fmt.Sprintf(format, args...))
}
func (r *recorder) Fatal(args ...any) { r.errors = append(r.errors, "fatal: "+fmt.Sprint(args...)) }

func rules() []*lint.Rule {
	unknown := &lint.Rule{ID: lint.RuleUnknown, Severity: lint.Error, Check: func(p *lint.Pass) error {
		for _, d := range p.Documents {
			for _, pr := range d.Problems {
				if pr.RuleID == lint.RuleUnknown {
					p.Report(pr.Range, pr.Message)
				}
			}
		}
		return nil
	}}
	repo := &lint.Rule{ID: "AIMS9001", Severity: lint.Error, Check: func(p *lint.Pass) error {
		p.Report(artifact.Range{}, "repository-level finding")
		return nil
	}}
	skipped := &lint.Rule{ID: "AIMS9002", Severity: lint.Error, Check: func(p *lint.Pass) error {
		return lint.Skip("not a git repository")
	}}
	row := &lint.Rule{ID: "AIMS9003", Severity: lint.Error, Check: func(p *lint.Pass) error {
		p.Report(artifact.Range{File: "results.csv", Start: artifact.Position{Line: 2, Col: 1}, End: artifact.Position{Line: 2, Col: 1}}, "row finding")
		return nil
	}}
	return []*lint.Rule{unknown, repo, skipped, row}
}

func TestRun(t *testing.T) {
	all := rules()
	tests := []struct {
		name string
		rule *lint.Rule
		dir  string
		want []string // substrings of the recorded errors, in order; none means success
	}{
		{"line expectation met", all[0], "testdata/ok", nil},
		{"repository expectation met", all[1], "testdata/ok", nil},
		{"wrong line", all[0], "testdata/bad", []string{"unexpected finding a.yaml:1:7", "a.yaml:2: no AIMS1003 finding"}},
		{"unexpected repository finding", all[1], "testdata/bad", []string{"unexpected finding .: repository-level finding"}},
		{"history expectations from the final files", all[0], "testdata/history", nil},
		{"skipped rule", all[2], "testdata/ok", []string{"AIMS9002 did not run: not a git repository"}},
		{"file:line expectation met", all[3], "testdata/fileline", nil},
		{"file:line expectation on the wrong line", all[3], "testdata/fileline-bad", []string{"unexpected finding results.csv:2:1", "results.csv:3: no AIMS9003 finding"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			Run(r, all, tt.rule, tt.dir)
			if len(r.errors) != len(tt.want) {
				t.Fatalf("errors = %q, want %d", r.errors, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(r.errors[i], w) {
					t.Errorf("error %d = %q, want it to contain %q", i, r.errors[i], w)
				}
			}
		})
	}
}

// TestDirHistory checks the repository Dir builds from testdata/history.
func TestDirHistory(t *testing.T) {
	root := Dir(t, "testdata/history")
	if root == "testdata/history" {
		t.Fatal("Dir did not build a repository")
	}
	repo, err := git.PlainOpen(root)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	log, err := repo.Log(&git.LogOptions{From: head.Hash()})
	if err != nil {
		t.Fatal(err)
	}
	type commit struct{ author, email, committed, message string }
	var got []commit
	err = log.ForEach(func(c *object.Commit) error {
		if !c.Author.When.Equal(c.Committer.When) || c.Author.Name != c.Committer.Name {
			t.Errorf("%s: author %v, committer %v", c.Hash, c.Author, c.Committer)
		}
		got = append(got, commit{c.Author.Name, c.Author.Email, c.Committer.When.UTC().Format(time.RFC3339), c.Message})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []commit{
		{"Lee Ray", "lee@corp.example", "2026-05-02T12:00:00Z", "remove b\n"},
		{"Test", "test@example.com", "2026-04-01T12:00:00Z", "add b\n"},
		{"Dana Ops", "dana.ops@example.com", "2026-03-10T12:00:00Z", "add a\n\nWhy it was added.\n"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("commits\n got %q\nwant %q", got, want)
	}
	c, err := repo.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.File("b.yaml"); err == nil {
		t.Error("b.yaml is still in the last commit")
	}
	f, err := c.File("a.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := f.Contents(); s != "kind: nosuch\nid: A\n" {
		t.Errorf("a.yaml in the last commit = %q, want its first version", s)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	st, err := wt.Status()
	if err != nil {
		t.Fatal(err)
	}
	if s := st.File("a.yaml"); s.Worktree != git.Modified {
		t.Errorf("a.yaml: worktree status %c, want modified", s.Worktree)
	}
	if s := st.File("c.yaml"); s.Worktree != git.Untracked {
		t.Errorf("c.yaml: worktree status %c, want untracked", s.Worktree)
	}
	if data, err := os.ReadFile(filepath.Join(root, "c.yaml")); err != nil || !strings.Contains(string(data), "kind: other") {
		t.Errorf("c.yaml = %q, %v", data, err)
	}
}

// TestDirRejects checks that a history fixture holds only its archive.
func TestDirRejects(t *testing.T) {
	r := &recorder{TB: t}
	Dir(r, "testdata/history-extra")
	if len(r.errors) == 0 || !strings.Contains(r.errors[0], "holds only history.txtar") {
		t.Errorf("errors = %q", r.errors)
	}
}

// TestBuildHistoryErrors checks the messages for archives that cannot be built.
func TestBuildHistoryErrors(t *testing.T) {
	tests := []struct{ name, archive, want string }{
		{"no subject", "-- a.yaml --\nx: 1\n-- @commit 2026-03-10 --\n", "write @commit YYYY-MM-DD [author] subject"},
		{"bad date", "-- a.yaml --\nx: 1\n-- @commit 2026-13-10 add --\n", "month out of range"},
		{"nothing to commit", "-- a.yaml --\nx: 1\n-- @commit 2026-03-10 add --\n-- @commit 2026-03-11 again --\n", "nothing changed"},
		{"unknown entry", "-- @tag v1 --\n", "unknown entry"},
		{"outside", "-- ../a.yaml --\nx: 1\n", "not a file path inside the repository"},
		{"into .git", "-- .git/config --\nx\n", "not a file path inside the repository"},
		{"rm missing", "-- @rm a.yaml --\n", "@rm a.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := buildHistory(t.TempDir(), txtar.Parse([]byte(tt.archive)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
