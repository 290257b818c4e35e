package gitrepo

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestCommitFS checks the commit's file system against testing/fstest, on a
// tree whose links all stay inside it.
func TestCommitFS(t *testing.T) {
	r := newTestRepo(t, map[string]string{
		"a.yaml":          system("SYS-A"),
		"docs/b.md":       "# B\n",
		"docs/deep/c.yml": system("SYS-C"),
		"empty.txt":       "",
	})
	if err := os.Symlink("docs/b.md", filepath.Join(r.dir, "link.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	h := r.commitAll("tree")
	c, err := r.repo.CommitObject(h)
	if err != nil {
		t.Fatal(err)
	}
	fsys, ok, err := newCommitFS(r.repo, r.dir, c, "")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if err := fstest.TestFS(fsys, "a.yaml", "docs/b.md", "docs/deep/c.yml", "empty.txt", "link.md"); err != nil {
		t.Error(err)
	}
	sub, ok, err := newCommitFS(r.repo, r.dir, c, "docs")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if err := fstest.TestFS(sub, "b.md", "deep/c.yml"); err != nil {
		t.Error(err)
	}
	if _, ok, _ := newCommitFS(r.repo, r.dir, c, "a.yaml"); ok {
		t.Error("a file is no lint root")
	}
}

// system is an artifact whose id tells which version of a file was read.
func system(id string) string { return "kind: ai-system\nid: " + id + "\n" }
