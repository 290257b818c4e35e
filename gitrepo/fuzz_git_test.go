package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	commitgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// A fuzzRepo is the small repository the git fuzz targets work on, built
// with go-git once per fuzz target: a packfile (with deltas) holding the
// first commits, loose objects for the later ones, a commit-graph file for
// some of them, a branch, a merge, an exact rename, a lightweight and an
// annotated tag.
type fuzzRepo struct {
	dir     string
	commits []plumbing.Hash // in the order made
	head    *object.Commit
}

// fuzzTime is the date of the repository's first commit.
var fuzzTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func newFuzzRepo(tb testing.TB) *fuzzRepo {
	tb.Helper()
	dir := tb.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		tb.Fatal(err)
	}
	r := &fuzzRepo{dir: dir}
	s := repo.Storer
	store := func(o interface {
		Encode(plumbing.EncodedObject) error
	}) plumbing.Hash {
		eo := s.NewEncodedObject()
		if err := o.Encode(eo); err != nil {
			tb.Fatal(err)
		}
		h, err := s.SetEncodedObject(eo)
		if err != nil {
			tb.Fatal(err)
		}
		return h
	}
	blob := func(content string) plumbing.Hash {
		eo := s.NewEncodedObject()
		eo.SetType(plumbing.BlobObject)
		w, _ := eo.Writer()
		w.Write([]byte(content))
		w.Close()
		h, err := s.SetEncodedObject(eo)
		if err != nil {
			tb.Fatal(err)
		}
		return h
	}
	// tree stores the tree of files (path to content) below dir.
	var tree func(files map[string]string, dir string) plumbing.Hash
	tree = func(files map[string]string, dir string) plumbing.Hash {
		var t object.Tree
		subdirs := map[string]bool{}
		for p, content := range files {
			rest, ok := strings.CutPrefix(p, dir)
			if !ok {
				continue
			}
			if name, _, sub := strings.Cut(rest, "/"); sub {
				if !subdirs[name] {
					subdirs[name] = true
					t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: 0o040000, Hash: tree(files, dir+name+"/")})
				}
				continue
			}
			t.Entries = append(t.Entries, object.TreeEntry{Name: rest, Mode: 0o100644, Hash: blob(content)})
		}
		sort.Slice(t.Entries, func(i, j int) bool {
			key := func(e object.TreeEntry) string {
				if e.Mode == 0o040000 {
					return e.Name + "/"
				}
				return e.Name
			}
			return key(t.Entries[i]) < key(t.Entries[j])
		})
		return store(&t)
	}
	commit := func(files map[string]string, msg string, parents ...int) int {
		when := fuzzTime.Add(time.Duration(len(r.commits)) * time.Hour)
		sig := object.Signature{Name: "Ann Author", Email: "ann@example.com", When: when}
		c := &object.Commit{Author: sig, Committer: sig, Message: msg + "\n\nbody line\n", TreeHash: tree(files, "")}
		for _, p := range parents {
			c.ParentHashes = append(c.ParentHashes, r.commits[p])
		}
		r.commits = append(r.commits, store(c))
		return len(r.commits) - 1
	}
	long := strings.Repeat("a line of the procedure that stays the same\n", 40)
	v1 := map[string]string{"a.md": "---\nkind: ai-policy\nid: POL-1\n---\n# Purpose\n" + long, "docs/b.yaml": "kind: dataset\nid: DS-1\n", "notes.txt": "notes"}
	c0 := commit(v1, "add the policy")
	v2 := clone(v1)
	v2["a.md"] += "one more line\n"
	v2["docs/sub/c.md"] = "---\nkind: procedure\nid: PRO-1\n---\n" + long
	c1 := commit(v2, "edit the policy", c0)
	v3 := clone(v2)
	v3["docs/b2.yaml"] = v3["docs/b.yaml"]
	delete(v3, "docs/b.yaml")
	c2 := commit(v3, "rename the dataset", c1)

	// The first commits go into a pack (repacking packs what the refs
	// reach), without their loose objects.
	if err := s.SetReference(plumbing.NewHashReference("refs/heads/main", r.commits[c2])); err != nil {
		tb.Fatal(err)
	}
	if err := repo.RepackObjects(&git.RepackConfig{}); err != nil {
		tb.Fatal(err)
	}
	loose, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "[0-9a-f][0-9a-f]"))
	for _, d := range loose {
		if err := os.RemoveAll(d); err != nil {
			tb.Fatal(err)
		}
	}

	v4 := clone(v3)
	v4["docs/sub/c.md"] += "a change on the branch\n"
	c3 := commit(v4, "change the procedure on a branch", c2)
	v5 := clone(v3)
	v5["a.md"] += "a change on main\n"
	c4 := commit(v5, "change the policy on main", c2)
	v6 := clone(v5)
	v6["docs/sub/c.md"] = v4["docs/sub/c.md"]
	c5 := commit(v6, "merge the branch", c4, c3)

	// A commit-graph file for the packed commits and the branch.
	idx := commitgraph.NewMemoryIndex()
	for _, i := range []int{c0, c1, c2, c3} {
		c, err := object.GetCommit(s, r.commits[i])
		if err != nil {
			tb.Fatal(err)
		}
		idx.Add(c.Hash, &commitgraph.CommitData{TreeHash: c.TreeHash, ParentHashes: c.ParentHashes, When: c.Committer.When})
	}
	var graph bytes.Buffer
	if err := commitgraph.NewEncoder(&graph).Encode(idx); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "objects", "info", "commit-graph"), graph.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}

	ref := func(name string, h plumbing.Hash) {
		if err := s.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(name), h)); err != nil {
			tb.Fatal(err)
		}
	}
	ref("refs/heads/main", r.commits[c5])
	ref("refs/heads/feature", r.commits[c3])
	ref("refs/heads/deadbeef", r.commits[c0])
	ref("refs/tags/v1.0", r.commits[c1])
	tag := store(&object.Tag{Name: "v2.0", Tagger: object.Signature{Name: "Ann", Email: "ann@example.com", When: fuzzTime}, Message: "release\n", TargetType: plumbing.CommitObject, Target: r.commits[c4]})
	ref("refs/tags/v2.0", tag)
	if err := s.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, "refs/heads/main")); err != nil {
		tb.Fatal(err)
	}
	var err2 error
	if r.head, err2 = object.GetCommit(s, r.commits[c5]); err2 != nil {
		tb.Fatal(err2)
	}
	return r
}

func clone(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// objectFiles lists the files of the repository's object store, as slash
// paths below .git: the pack, its index, the loose objects and the
// commit-graph file.
func objectFiles(tb testing.TB, dir string) []string {
	tb.Helper()
	var out []string
	root := filepath.Join(dir, ".git")
	err := filepath.WalkDir(filepath.Join(root, "objects"), func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// withTimeout runs fn and fails t when it takes longer than d: a damaged
// repository or a strange revision must not hang the run.
func withTimeout(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s takes more than %s", what, d)
	}
}

// FuzzResolveRevision resolves arbitrary --rev values in a small repository:
// a revision resolves to a commit of the repository, the same when asked by
// its hash, or to a *ConfigError that names it; the forms go-git would
// misread are refused; every answer is the same twice.
func FuzzResolveRevision(f *testing.F) {
	r := newFuzzRepo(f)
	for _, s := range []string{
		"HEAD", "HEAD~1", "HEAD~2", "HEAD~99", "HEAD^", "HEAD^2", "HEAD^3", "main^2~1", "main~1^2",
		"feature", "feature~1", "v1.0", "v2.0", "v2.0^{}", "v2.0^{commit}", "HEAD^{/rename}", "HEAD^{/[}",
		"deadbeef", "refs/heads/main", "heads/main", "origin/main", "@{-1}", "HEAD@{1}", "HEAD:a.md", "HEAD^{tree}",
		"", " ", "~", "^", "^{}", "HEAD~-1", "HEAD~99999999999999999999", "HEAD^99999999999", "HEAD~1~1~1~1~1~1",
		r.commits[0].String(), r.commits[2].String()[:7], r.commits[4].String()[:4], strings.ToUpper(r.commits[1].String()),
	} {
		f.Add(s)
	}
	repo, err := git.PlainOpen(r.dir)
	if err != nil {
		f.Fatal(err)
	}
	known := map[plumbing.Hash]bool{}
	for _, h := range r.commits {
		known[h] = true
	}
	f.Fuzz(func(t *testing.T, rev string) {
		var c, c2 *object.Commit
		var err, err2 error
		withTimeout(t, 10*time.Second, "resolving "+rev, func() {
			c, err = resolveCommit(repo, rev)
			c2, err2 = resolveCommit(repo, rev)
		})
		if (err == nil) != (err2 == nil) || (c != nil && c2 != nil && c.Hash != c2.Hash) {
			t.Fatalf("two resolutions of %q differ: %v, %v", rev, err, err2)
		}
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || !strings.Contains(ce.Msg, "--rev "+rev) {
				t.Fatalf("resolving %q: %v, not a ConfigError that names it", rev, err)
			}
			return
		}
		if !resolvable(rev) {
			t.Fatalf("%q resolved, though aims cannot resolve all of it", rev)
		}
		if !known[c.Hash] {
			t.Fatalf("%q resolved to %s, which is no commit of the repository", rev, c.Hash)
		}
		if byHash, err := resolveCommit(repo, c.Hash.String()); err != nil || byHash.Hash != c.Hash {
			t.Fatalf("%q is %s, which does not resolve to itself: %v", rev, c.Hash, err)
		}
	})
}

// FuzzHistoryDamaged damages one file of a repository's object store (the
// pack, its index, a loose object or the commit-graph file) and reads the
// history: the pass returns an error or a history, in bounded time, never
// panics, reads only what the files hold, and a change that leaves the
// bytes as they were leaves the history as it was. op picks the damage:
// 0 overwrites bytes at off with patch, 1 XORs them with patch, 2 truncates
// the file at off, 3 inserts patch at off; bit 2 reads the history below the
// docs folder rather than the root.
func FuzzHistoryDamaged(f *testing.F) {
	r := newFuzzRepo(f)
	files := objectFiles(f, r.dir)
	var kinds []string
	for _, p := range files {
		switch {
		case strings.HasSuffix(p, ".pack"), strings.HasSuffix(p, ".idx"), strings.HasSuffix(p, "commit-graph"):
			kinds = append(kinds, path.Ext(p))
		case !strings.Contains(p, "/info/") && !strings.Contains(p, "/pack/"):
			kinds = append(kinds, "loose")
		}
	}
	if k := strings.Join(slices.Compact(slices.Sorted(slices.Values(kinds))), " "); k != " .idx .pack loose" {
		f.Fatalf("the repository's object files are %v (%s), want a pack, its index, loose objects and a commit-graph", files, k)
	}
	orig := map[string][]byte{}
	for _, p := range files {
		data, err := os.ReadFile(filepath.Join(r.dir, ".git", p))
		if err != nil {
			f.Fatal(err)
		}
		orig[p] = data
	}
	type layout struct {
		prefix string
		paths  []string
	}
	layouts := []layout{
		{"", []string{"a.md", "docs/b.yaml", "docs/b2.yaml", "docs/sub/c.md", "gone.md"}},
		{"docs", []string{"b.yaml", "b2.yaml", "sub/c.md"}},
	}
	want := make([]*History, len(layouts))
	for i, l := range layouts {
		repo, err := git.PlainOpen(r.dir)
		if err != nil {
			f.Fatal(err)
		}
		if want[i], err = readHistory(context.Background(), repo, r.head, l.prefix, l.paths); err != nil {
			f.Fatal(err)
		}
	}
	if n := len(want[0].paths["a.md"].Changes); n != 3 {
		f.Fatalf("a.md has %d changes in the undamaged repository, want 3", n)
	}
	for i, p := range files {
		size := uint32(len(orig[p]))
		f.Add(uint8(i), uint8(0), uint32(0), []byte{})                        // nothing changes
		f.Add(uint8(i), uint8(1), size/2, []byte{0xff})                       // a flipped byte
		f.Add(uint8(i), uint8(2), size/2, []byte{})                           // cut in half
		f.Add(uint8(i), uint8(0), uint32(12), []byte{0xff, 0xff, 0xff, 0x7f}) // a huge count or offset
		f.Add(uint8(i), uint8(3), size-20, []byte("x"))                       // the checksum moved
	}
	f.Fuzz(func(t *testing.T, which, op uint8, off uint32, patch []byte) {
		name := files[int(which)%len(files)]
		data := damage(orig[name], op&3, off, patch)
		l := int(op>>2) & 1
		dir := t.TempDir()
		for _, p := range files {
			dst := filepath.Join(dir, ".git", filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if p == name {
				err := os.WriteFile(dst, data, 0o644)
				if err != nil {
					t.Fatal(err)
				}
			} else if err := os.Link(filepath.Join(r.dir, ".git", filepath.FromSlash(p)), dst); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range []string{"HEAD", "config", "refs/heads/main"} {
			src, err := os.ReadFile(filepath.Join(r.dir, ".git", p))
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Dir(filepath.Join(dir, ".git", p)), 0o755)
			if err := os.WriteFile(filepath.Join(dir, ".git", p), src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		read := func() (*History, error) {
			repo, err := git.PlainOpen(dir)
			if err != nil {
				return nil, err
			}
			h, err := readHistory(context.Background(), repo, r.head, layouts[l].prefix, layouts[l].paths)
			if err != nil {
				return nil, err
			}
			for _, p := range layouts[l].paths {
				for _, c := range h.paths[p].Changes {
					h.ReadBlob(c.Blob)
				}
			}
			return h, nil
		}
		var got, again *History
		var err, err2 error
		withTimeout(t, 20*time.Second, "reading the history of "+name+" damaged", func() {
			got, err = read()
			again, err2 = read()
		})
		if (err == nil) != (err2 == nil) || (err == nil && !reflect.DeepEqual(got.paths, again.paths)) {
			t.Fatalf("two reads differ: %v, %v", err, err2)
		}
		if bytes.Equal(data, orig[name]) {
			if err != nil {
				t.Fatalf("the undamaged repository: %v", err)
			}
			if !reflect.DeepEqual(got.paths, want[l].paths) {
				t.Fatalf("the undamaged repository gives another history")
			}
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		for _, p := range layouts[l].paths {
			ph := got.paths[p]
			if ph == nil {
				t.Fatalf("no history for %s", p)
			}
			for _, c := range ph.Changes {
				if !plumbing.IsHash(c.Hash) || (c.Blob != "" && !plumbing.IsHash(c.Blob)) || (c.Before != "" && !plumbing.IsHash(c.Before)) {
					t.Fatalf("%s: a change with bad hashes: %+v", p, c)
				}
			}
		}
	})
}

// damage returns a copy of data damaged as op says (see FuzzHistoryDamaged).
func damage(data []byte, op uint8, off uint32, patch []byte) []byte {
	out := append([]byte(nil), data...)
	at := 0
	if len(out) > 0 {
		at = int(off % uint32(len(out)+1))
	}
	switch op {
	case 0:
		for i, b := range patch {
			if at+i < len(out) {
				out[at+i] = b
			}
		}
	case 1:
		for i, b := range patch {
			if at+i < len(out) {
				out[at+i] ^= b
			}
		}
	case 2:
		out = out[:at]
	case 3:
		out = append(out[:at:at], append(append([]byte(nil), patch...), data[at:]...)...)
	}
	return out
}
