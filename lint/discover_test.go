package lint

import (
	"context"
	"github.com/aimsdev/aims/internal/gittest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/aimsdev/aims/artifact"
)

// commitAll stages paths and commits them with go-git.
func commitAll(t *testing.T, repo *git.Repository, paths ...string) {
	t.Helper()
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if _, err := wt.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	sig := &object.Signature{Name: "Test", Email: "test@example.com", When: time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)}
	if _, err := wt.Commit("add", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
}

func paths(files []artifact.File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}

func TestDiscoverGit(t *testing.T) {
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	gittest.WriteFiles(t, dir, map[string]string{
		".gitignore":             "ignored.yaml\nbuild/\n*.tmp.md\n",
		"tracked.yaml":           "kind: dataset\n",
		"forced.yaml":            "kind: dataset\n",
		"untracked.md":           "---\nkind: ai-policy\n---\n",
		"ignored.yaml":           "kind: dataset\n",
		"notes.tmp.md":           "---\nkind: ai-policy\n---\n",
		"build/out.yaml":         "kind: dataset\n",
		"docs/.gitignore":        "private/\n!keep.md\n",
		"docs/private/secret.md": "---\nkind: ai-policy\n---\n",
		"docs/public.md":         "---\nkind: ai-policy\n---\n",
		"docs/readme.txt":        "not a candidate",
		"excluded-by-info.yaml":  "kind: dataset\n",
		"sub/dir/deep.yml":       "kind: dataset\n",
		"outside-target/x.yaml":  "kind: dataset\n",
	})
	gittest.WriteFiles(t, dir, map[string]string{".git/info/exclude": "excluded-by-info.yaml\n"})
	commitAll(t, repo, ".gitignore", "tracked.yaml")
	// A tracked file that .gitignore would ignore is still linted.
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("ignored.yaml\nbuild/\n*.tmp.md\ntracked.yaml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	gittest.WriteFiles(t, outside, map[string]string{"evil.yaml": "kind: dataset\n"})
	if err := os.Symlink(filepath.Join(outside, "evil.yaml"), filepath.Join(dir, "link-out.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "tracked.yaml"), filepath.Join(dir, "link-in.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "linked-dir")); err != nil {
		t.Fatal(err)
	}

	tr, files, err := discover(context.Background(), &Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !tr.git {
		t.Error("want git discovery")
	}
	want := []string{"docs/public.md", "forced.yaml", "link-in.yaml", "link-out.yaml", "outside-target/x.yaml", "sub/dir/deep.yml", "tracked.yaml", "untracked.md"}
	if got := paths(files); !slices.Equal(got, want) {
		t.Errorf("files = %v\nwant    %v", got, want)
	}
	for _, f := range files {
		if f.Path == "link-out.yaml" && (f.Problem == nil || f.Problem.RuleID != artifact.RuleLinkEscape) {
			t.Errorf("link-out.yaml: want a %s problem, got %+v", artifact.RuleLinkEscape, f.Problem)
		}
		if f.Path != "link-out.yaml" && f.Problem != nil {
			t.Errorf("%s: unexpected problem %+v", f.Path, f.Problem)
		}
	}

	// Linting a subfolder applies the .gitignore files above it.
	_, files, err = discover(context.Background(), &Config{Dir: filepath.Join(dir, "docs")})
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(files); !slices.Equal(got, []string{"public.md"}) {
		t.Errorf("subfolder files = %v", got)
	}
}

func TestDiscoverPlainFolder(t *testing.T) {
	dir := t.TempDir()
	gittest.WriteFiles(t, dir, map[string]string{
		".gitignore": "a.yaml\n", // not a repository: .gitignore has no meaning
		"a.yaml":     "kind: dataset\n",
		"b/c.md":     "---\nkind: ai-policy\n---\n",
		"b/d.png":    "x",
	})
	tr, files, err := discover(context.Background(), &Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if tr.git {
		t.Error("a plain folder is not git")
	}
	if got := paths(files); !slices.Equal(got, []string{"a.yaml", "b/c.md"}) {
		t.Errorf("files = %v", got)
	}
}

func TestDiscoverErrors(t *testing.T) {
	if _, _, err := discover(context.Background(), &Config{Dir: filepath.Join(t.TempDir(), "missing")}); err == nil {
		t.Error("want an error for a missing folder")
	}
	f := filepath.Join(t.TempDir(), "f.yaml")
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := discover(context.Background(), &Config{Dir: f}); err == nil {
		t.Error("want an error for a file")
	}
}
