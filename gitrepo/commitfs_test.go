package gitrepo

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/aimsdev/aims/internal/gittest"
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

// packedRepo makes a repository with git whose files are packed, most of them
// as deltas of each other, and whose last commit adds loose objects: an
// empty file, files that differ by a line, one large enough that its delta
// is larger than the head read for its size.
func packedRepo(t *testing.T) (dir string, files map[string]string) {
	t.Helper()
	needGit(t)
	dir = t.TempDir()
	body := strings.Repeat("a line of the procedure that stays the same in every version\n", 50)
	files = map[string]string{"empty.md": ""}
	for i := range 40 {
		files[fmt.Sprintf("docs/p%02d.md", i)] = fmt.Sprintf("---\nkind: procedure\nid: PRO-%d\n---\n", i) + body + strings.Repeat("x", i*37)
	}
	var large strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&large, "risk %d: a line that differs %d\n", i, i*i)
	}
	files["risk/register.yaml"] = large.String()
	gittest.WriteFiles(t, dir, files)
	t.Setenv("GIT_AUTHOR_DATE", "2026-09-10T09:00:00Z")
	t.Setenv("GIT_COMMITTER_DATE", "2026-09-10T09:00:00Z")
	commit := func(msg string) {
		runGit(t, dir, nil, "-c", "gc.auto=0", "add", "-A")
		runGit(t, dir, nil, "-c", "gc.auto=0", "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q", "-m", msg)
	}
	runGit(t, dir, nil, "init", "-q", "-b", "main")
	commit("first")
	runGit(t, dir, nil, "repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=50")
	later := map[string]string{"docs/p00.md": files["docs/p00.md"] + "a loose change\n", "loose.yaml": "kind: dataset\n", "risk/register.yaml": files["risk/register.yaml"] + "risk: one more\n"}
	gittest.WriteFiles(t, dir, later)
	for k, v := range later {
		files[k] = v
	}
	commit("second")
	return dir, files
}

// TestCommitFSSizes checks that the size a file's object header gives is the
// length of its blob, for every blob of a pack with deltas and for loose
// objects, and that the commit's files are listed and read as git has them.
func TestCommitFSSizes(t *testing.T) {
	dir, files := packedRepo(t)
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := newGitModule(repo.Storer, dir, plumbing.ZeroHash)
	if err != nil {
		t.Fatal(err)
	}
	// The pack holds deltas, so that their sizes are read from the delta.
	deltas := 0
	r := mod.reader()
	for i, p := range mod.objects.packs {
		entries, err := p.idx.Entries()
		if err != nil {
			t.Fatal(err)
		}
		for {
			e, err := entries.Next()
			if err != nil {
				break
			}
			h, err := r.scanners[i].SeekObjectHeader(int64(e.Offset))
			if err != nil {
				t.Fatal(err)
			}
			if h.Type == plumbing.OFSDeltaObject || h.Type == plumbing.REFDeltaObject {
				deltas++
			}
		}
	}
	mod.done(r)
	if deltas < 10 {
		t.Fatalf("%d deltas in the pack: the test needs many", deltas)
	}
	blobs, err := repo.BlobObjects()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = blobs.ForEach(func(b *object.Blob) error {
		n++
		data, err := readBlob(repo.Storer, b.Hash)
		if err != nil {
			return err
		}
		size, err := mod.size(b.Hash)
		if err != nil {
			return err
		}
		if size != int64(len(data)) {
			t.Errorf("blob %s: size %d from its header, %d bytes read", b.Hash, size, len(data))
		}
		return nil
	})
	if err != nil || n < 45 {
		t.Fatal(n, err)
	}

	root, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	rev, err := root.Resolve("HEAD", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	listed, err := rev.Files(context.Background(), func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != len(files) {
		t.Fatalf("%d files listed, %d committed", len(listed), len(files))
	}
	// Read in parallel, as lint does.
	var wg sync.WaitGroup
	for _, f := range listed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data, err := fs.ReadFile(rev.FS(), f.Path)
			if err != nil {
				t.Error(err)
				return
			}
			if string(data) != files[f.Path] || f.Size != int64(len(data)) {
				t.Errorf("%s: listed with %d bytes, read %d, committed %d", f.Path, f.Size, len(data), len(files[f.Path]))
			}
		}()
	}
	wg.Wait()
}

// TestIgnoreIndexOnDemand checks that the ignore rules read the index only
// once a pattern matches, and that a tracked file stays listed then.
func TestIgnoreIndexOnDemand(t *testing.T) {
	r := gittest.New(t, map[string]string{"a.md": "# A\n", "keep.tmp.md": "# tracked\n"})
	r.CommitAll("files")
	gittest.WriteFiles(t, r.Dir, map[string]string{".gitignore": "*.tmp.md\n", "new.tmp.md": "# ignored\n"})
	g := OpenWorkTree(r.Dir).Ignore()
	g.Enter(r.Dir, nil)
	if g.Ignored([]string{"a.md"}, false) || g.tracked != nil {
		t.Fatal("a.md is ignored, or the index was read without a pattern matching")
	}
	if !g.Ignored([]string{"new.tmp.md"}, false) {
		t.Error("new.tmp.md is not ignored")
	}
	if g.Ignored([]string{"keep.tmp.md"}, false) {
		t.Error("keep.tmp.md is tracked, and yet ignored")
	}
}

// TestShareSizes checks that the file systems of two commits sharing a
// Sizes read each blob's size once: the first listing records every size
// it reads, and the second takes them from there, not from the pack.
func TestShareSizes(t *testing.T) {
	r := gittest.New(t, map[string]string{"a.yaml": "id: A\n", "b/c.md": "# C\n\nsome text\n"})
	r.CommitAll("first")
	r.Write(map[string]string{"a.yaml": "id: A\nname: changed\n"})
	r.CommitAll("second")
	repo, err := Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	sizes := NewSizes()
	list := func(rev string) map[string]int64 {
		t.Helper()
		res, err := repo.Resolve(rev, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		res.ShareSizes(sizes)
		files, err := res.Files(context.Background(), func(string) bool { return true })
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int64{}
		for _, f := range files {
			out[f.Path] = f.Size
		}
		return out
	}
	first := list("HEAD~1")
	if first["a.yaml"] != 6 || first["b/c.md"] != 15 || len(sizes.m) != 2 {
		t.Fatalf("sizes %v, recorded %v", first, sizes.m)
	}
	// A size recorded by hash is the one the second commit's listing
	// gives: plant a wrong one for the unchanged blob.
	for h := range sizes.m {
		if sizes.m[h] == 15 {
			sizes.m[h] = 99
		}
	}
	second := list("HEAD")
	if second["a.yaml"] != 20 || second["b/c.md"] != 99 || len(sizes.m) != 3 {
		t.Errorf("sizes %v, recorded %v: want the changed blob read and the other taken from Sizes", second, sizes.m)
	}
}
