package gitrepo

import (
	"github.com/aimsdev/aims/internal/gittest"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestCommitFS checks the commit's file system against testing/fstest, on a
// tree whose links all stay inside it.
func TestCommitFS(t *testing.T) {
	r := gittest.New(t, map[string]string{
		"a.yaml":          system("SYS-A"),
		"docs/b.md":       "# B\n",
		"docs/deep/c.yml": system("SYS-C"),
		"empty.txt":       "",
	})
	if err := os.Symlink("docs/b.md", filepath.Join(r.Dir, "link.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	h := r.CommitAll("tree")
	c, err := r.Repo.CommitObject(h)
	if err != nil {
		t.Fatal(err)
	}
	fsys, ok, err := newCommitFS(r.Repo, r.Dir, c, "")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if err := fstest.TestFS(fsys, "a.yaml", "docs/b.md", "docs/deep/c.yml", "empty.txt", "link.md"); err != nil {
		t.Error(err)
	}
	sub, ok, err := newCommitFS(r.Repo, r.Dir, c, "docs")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if err := fstest.TestFS(sub, "b.md", "deep/c.yml"); err != nil {
		t.Error(err)
	}
	if _, ok, _ := newCommitFS(r.Repo, r.Dir, c, "a.yaml"); ok {
		t.Error("a file is no lint root")
	}
}

// system is an artifact whose id tells which version of a file was read.
func system(id string) string { return "kind: ai-system\nid: " + id + "\n" }
