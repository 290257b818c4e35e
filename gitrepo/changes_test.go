package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/aimsdev/aims/internal/gittest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/aimsdev/aims/artifact"
)

// discover lists the candidate files of the working tree at dir (absolute,
// without symbolic links) as the engine's discovery does: it returns the
// repository that holds dir, nil when there is none, and the slash paths of
// the Markdown and YAML files git does not ignore.
func discover(dir string) (*Repo, []string, error) {
	repo := OpenWorkTree(dir)
	if repo == nil {
		return nil, nil, nil
	}
	files, _, err := artifact.WalkDisk(context.Background(), dir, repo.prefix, repo.Ignore(), artifact.FileTypes{})
	if err != nil {
		return nil, nil, err
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	return repo, paths, nil
}

// changedPaths runs discovery and gitChanges on the folder root below the
// repository, and returns the sorted changed paths and what was compared.
func changedPaths(r *gittest.Repo, root, base string) ([]string, string, error) {
	r.T.Helper()
	tr, files, err := discover(filepath.Join(r.Dir, filepath.FromSlash(root)))
	if err != nil {
		r.T.Fatal(err)
	}
	if tr == nil {
		r.T.Fatal("discovery did not find the repository")
	}
	cs, err := gitChanges(context.Background(), tr.root, tr.prefix, base, files)
	if err != nil {
		return nil, "", err
	}
	var out []string
	for p := range cs.paths {
		out = append(out, p)
	}
	slices.Sort(out)
	return out, cs.against, nil
}

// changesFiles are the files of the repository most tests start from.
var changesFiles = map[string]string{
	".gitignore":        "*.draft.md\n",
	"policy.md":         "---\nkind: ai-policy\n---\n# Policy\n",
	"systems/a.yaml":    "kind: ai-system\nid: SYS-A\n",
	"systems/b.yaml":    "kind: ai-system\nid: SYS-B\n",
	"systems/c.yaml":    "kind: ai-system\nid: SYS-C\n",
	"docs/guide.md":     "---\nkind: procedure\n---\n# Guide\n",
	"docs/sub/notes.md": "---\nkind: procedure\n---\n# Notes\n",
}

func TestGitChanges(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // no user configuration
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	tests := []struct {
		name string
		// fresh leaves the repository without commits; otherwise
		// changesFiles are committed on main first.
		fresh bool
		setup func(r *gittest.Repo)
		root  string // the lint root below the repository
		base  string // --base; "" for --changed
		want  []string
		// against is what the notification says was compared; a prefix
		// when it ends in "…".
		against string
	}{
		{name: "nothing changed", setup: func(r *gittest.Repo) {}, want: nil, against: "against HEAD"},
		{name: "modified, not staged", setup: func(r *gittest.Repo) {
			r.Write(map[string]string{"systems/a.yaml": "kind: ai-system\nid: SYS-A\nname: A\n"})
		}, want: []string{"systems/a.yaml"}},
		{name: "modified, same size", setup: func(r *gittest.Repo) {
			r.Write(map[string]string{"systems/a.yaml": "kind: ai-system\nid: SYS-X\n"})
		}, want: []string{"systems/a.yaml"}},
		{name: "modified, same size and time, racily clean", setup: func(r *gittest.Repo) {
			// Size and time as recorded, in the second the index was
			// written: only the content can tell.
			name := filepath.Join(r.Dir, "systems", "a.yaml")
			st, err := os.Stat(name)
			if err != nil {
				t.Fatal(err)
			}
			r.Write(map[string]string{"systems/a.yaml": "kind: ai-system\nid: SYS-X\n"})
			for _, p := range []string{name, filepath.Join(r.Dir, ".git", "index")} {
				if err := os.Chtimes(p, st.ModTime(), st.ModTime()); err != nil {
					t.Fatal(err)
				}
			}
		}, want: []string{"systems/a.yaml"}},
		{name: "touched, content unchanged", setup: func(r *gittest.Repo) {
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(filepath.Join(r.Dir, "systems", "a.yaml"), later, later); err != nil {
				t.Fatal(err)
			}
		}, want: nil},
		{name: "executable bit", setup: func(r *gittest.Repo) {
			if err := os.Chmod(filepath.Join(r.Dir, "systems", "a.yaml"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, want: []string{"systems/a.yaml"}},
		{name: "staged", setup: func(r *gittest.Repo) {
			r.Write(map[string]string{"systems/b.yaml": "kind: ai-system\nid: SYS-B\nname: B\n"})
			r.Add("systems/b.yaml")
		}, want: []string{"systems/b.yaml"}},
		{name: "staged, then undone in the work tree", setup: func(r *gittest.Repo) {
			r.Write(map[string]string{"systems/b.yaml": "kind: ai-system\nid: SYS-B\nname: B\n"})
			r.Add("systems/b.yaml")
			r.Write(map[string]string{"systems/b.yaml": changesFiles["systems/b.yaml"]})
		}, want: []string{"systems/b.yaml"}},
		{name: "new file, untracked", setup: func(r *gittest.Repo) {
			r.Write(map[string]string{"systems/new.yaml": "kind: ai-system\nid: SYS-NEW\n", "image.png": "x"})
		}, want: []string{"systems/new.yaml"}},
		{name: "new file, staged", setup: func(r *gittest.Repo) {
			r.Write(map[string]string{"systems/new.yaml": "kind: ai-system\nid: SYS-NEW\n"})
			r.Add("systems/new.yaml")
		}, want: []string{"systems/new.yaml"}},
		{name: "new file, ignored", setup: func(r *gittest.Repo) {
			r.Write(map[string]string{"plan.draft.md": "---\nkind: ai-policy\n---\n"})
		}, want: nil},
		{name: "deleted, not staged", setup: func(r *gittest.Repo) {
			r.Remove("systems/c.yaml")
		}, want: []string{"systems/c.yaml"}},
		{name: "deleted, staged", setup: func(r *gittest.Repo) {
			if _, err := r.WT.Remove("systems/c.yaml"); err != nil {
				t.Fatal(err)
			}
		}, want: []string{"systems/c.yaml"}},
		{name: "renamed, staged", setup: func(r *gittest.Repo) {
			if _, err := r.WT.Move("systems/c.yaml", "systems/renamed.yaml"); err != nil {
				t.Fatal(err)
			}
		}, want: []string{"systems/c.yaml", "systems/renamed.yaml"}},
		{name: "renamed, not staged", setup: func(r *gittest.Repo) {
			if err := os.Rename(filepath.Join(r.Dir, "docs", "guide.md"), filepath.Join(r.Dir, "docs", "howto.md")); err != nil {
				t.Fatal(err)
			}
		}, want: []string{"docs/guide.md", "docs/howto.md"}},
		{name: "a file replaced by a folder", setup: func(r *gittest.Repo) {
			r.Remove("policy.md")
			r.Write(map[string]string{"policy.md/part.md": "---\nkind: ai-policy\n---\n"})
		}, want: []string{"policy.md", "policy.md/part.md"}},
		{name: "lint root in a subfolder", root: "docs", setup: func(r *gittest.Repo) {
			r.Write(map[string]string{
				"docs/guide.md":   "---\nkind: procedure\n---\n# Guide, revised\n",
				"docs/sub/new.md": "---\nkind: procedure\n---\n",
				"systems/a.yaml":  "kind: ai-system\nid: SYS-A\nname: A\n", // outside the root
				"top.md":          "---\nkind: procedure\n---\n",           // outside the root
			})
			r.Remove("docs/sub/notes.md")
		}, want: []string{"guide.md", "sub/new.md", "sub/notes.md"}},
		{name: "no commits yet", fresh: true, setup: func(r *gittest.Repo) {
			r.Add(".gitignore", "systems/a.yaml")
			r.Write(map[string]string{"notes.draft.md": "---\nkind: procedure\n---\n"})
		}, want: []string{".gitignore", "docs/guide.md", "docs/sub/notes.md", "policy.md", "systems/a.yaml", "systems/b.yaml", "systems/c.yaml"},
			against: "in a repository with no commits yet"},
		{name: "feature branch", base: "main", setup: featureBranch,
			want: []string{"policy.md", "systems/a.yaml", "systems/new.yaml"}, against: "since the merge base …"},
		{name: "feature branch, remote base", base: "origin/main", setup: func(r *gittest.Repo) {
			featureBranch(r)
			main, err := r.Repo.Reference(plumbing.NewBranchReferenceName("main"), true)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Repo.Storer.SetReference(plumbing.NewHashReference(plumbing.NewRemoteReferenceName("origin", "main"), main.Hash())); err != nil {
				t.Fatal(err)
			}
		}, want: []string{"policy.md", "systems/a.yaml", "systems/new.yaml"}, against: "since the merge base …"},
		{name: "feature branch, lint root in a subfolder", base: "main", root: "systems", setup: featureBranch,
			want: []string{"a.yaml", "new.yaml"}},
		{name: "base is a tag on HEAD's history", base: "v1", setup: func(r *gittest.Repo) {
			if _, err := r.Repo.CreateTag("v1", r.Head(), nil); err != nil {
				t.Fatal(err)
			}
			r.Write(map[string]string{"docs/guide.md": "---\nkind: procedure\n---\n# Guide, revised\n"})
			r.CommitAll("revise the guide")
			r.Remove("docs/sub/notes.md")
			r.CommitAll("drop the notes")
			r.Write(map[string]string{"systems/b.yaml": "kind: ai-system\nid: SYS-B\nname: B\n"})
		}, want: []string{"docs/guide.md", "docs/sub/notes.md", "systems/b.yaml"}},
		{name: "base is a commit hash", setup: func(r *gittest.Repo) {
			r.Write(map[string]string{"docs/guide.md": "---\nkind: procedure\n---\n# Guide, revised\n"})
			r.CommitAll("revise the guide")
		}, base: "HASH", want: []string{"docs/guide.md"}},
		{name: "base is HEAD", base: "HEAD", setup: func(r *gittest.Repo) {
			r.Write(map[string]string{"systems/b.yaml": "kind: ai-system\nid: SYS-B\nname: B\n"})
		}, want: []string{"systems/b.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := gittest.New(t, changesFiles)
			var first plumbing.Hash
			if !tt.fresh {
				first = r.CommitAll("first version")
			}
			tt.setup(r)
			base := tt.base
			if base == "HASH" {
				base = first.String()[:7]
			}
			got, against, err := changedPaths(r, tt.root, base)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("changed = %q\nwant      %q", got, tt.want)
			}
			if want, ok := strings.CutSuffix(tt.against, "…"); ok && !strings.HasPrefix(against, want) || !ok && tt.against != "" && against != tt.against {
				t.Errorf("compared %q, want %q", against, tt.against)
			}
			if oracle := gitOracle(t, r.Dir, tt.root, base); oracle != nil && !slices.Equal(got, oracle) {
				t.Errorf("changed = %q\ngit says  %q", got, oracle)
			}
		})
	}
}

// featureBranch makes a branch feature off main that changes systems/a.yaml
// and adds systems/new.yaml, then a commit on main after the branch point
// that changes systems/b.yaml, which a pull request from feature does not
// change; and leaves feature checked out with policy.md changed in the work
// tree.
func featureBranch(r *gittest.Repo) {
	r.Checkout("feature", true)
	r.Write(map[string]string{
		"systems/a.yaml":   "kind: ai-system\nid: SYS-A\nname: A\n",
		"systems/new.yaml": "kind: ai-system\nid: SYS-NEW\n",
	})
	r.CommitAll("feature work")
	r.Checkout("main", false)
	r.Write(map[string]string{"systems/b.yaml": "kind: ai-system\nid: SYS-B\nname: B on main\n"})
	r.CommitAll("work on main")
	r.Checkout("feature", false)
	r.Write(map[string]string{"policy.md": "---\nkind: ai-policy\n---\n# Policy, revised\n"})
}

// gitOracle asks the git binary, when there is one, which files below root
// changed: `git status` (staged, unstaged, and untracked Markdown and YAML
// files, which are all discovery lists), plus, with base, `git diff` between
// the merge base and HEAD. It returns nil when git is missing.
func gitOracle(t *testing.T, dir, root, base string) []string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		return nil
	}
	gitOut := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"--no-optional-locks", "-c", "core.quotepath=off"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return string(out)
	}
	spec := "."
	if root != "" {
		spec = root
	}
	set := map[string]bool{}
	for _, rec := range strings.Split(gitOut("status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all", "--", spec), "\x00") {
		if len(rec) < 4 {
			continue
		}
		if rec[:2] == "??" && !artifact.Candidate(rec[3:]) {
			continue
		}
		set[rec[3:]] = true
	}
	if base != "" {
		mb := strings.TrimSpace(gitOut("merge-base", base, "HEAD"))
		for _, p := range strings.Split(gitOut("diff", "--name-only", "--no-renames", "-z", mb, "HEAD", "--", spec), "\x00") {
			if p != "" {
				set[p] = true
			}
		}
	}
	var out []string
	for p := range set {
		if root != "" {
			p = strings.TrimPrefix(p, root+"/")
		}
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

func TestGitChangesErrors(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	r := gittest.New(t, changesFiles)
	r.CommitAll("first version")
	if _, err := r.Repo.CreateRemote(&gitconfig.RemoteConfig{Name: "origin", URLs: []string{"https://example.com/aims.git"}}); err != nil {
		t.Fatal(err)
	}
	// An unrelated history: a root commit of its own on branch orphan.
	head, err := r.Repo.CommitObject(r.Head())
	if err != nil {
		t.Fatal(err)
	}
	orphan := &object.Commit{Author: head.Author, Committer: head.Committer, Message: "unrelated", TreeHash: head.TreeHash}
	obj := r.Repo.Storer.NewEncodedObject()
	if err := orphan.Encode(obj); err != nil {
		t.Fatal(err)
	}
	h, err := r.Repo.Storer.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Repo.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName("orphan"), h)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		base string
		want []string // substrings of the message
	}{
		{"orphan", []string{"--base orphan: it has no common ancestor with HEAD"}},
		{"origin/nosuch", []string{"--base origin/nosuch: no branch, tag or commit", "git fetch origin nosuch", "fetch-depth: 0"}},
		{"nosuch", []string{"--base nosuch: no branch", "(git fetch)", "fetch-depth: 0"}},
		{"0123456789abcdef0123456789abcdef01234567", []string{"no branch, tag or commit"}},
		{"main~5", []string{"--base main~5: "}},
	}
	for _, tt := range tests {
		_, _, err := changedPaths(r, "", tt.base)
		var cfgErr *ConfigError
		if !errors.As(err, &cfgErr) {
			t.Errorf("base %q: error %v, want a *ConfigError", tt.base, err)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("base %q: error %q does not say %q", tt.base, err, w)
			}
		}
	}
}

// TestGitChangesShallow checks that a merge base cut off by a shallow clone
// is explained, with the fix.
func TestGitChangesShallow(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	r := gittest.New(t, changesFiles)
	first := r.CommitAll("first version")
	r.Checkout("feature", true)
	r.Write(map[string]string{"systems/a.yaml": "kind: ai-system\nid: SYS-A\nname: A\n"})
	feature := r.CommitAll("feature work")
	r.Checkout("main", false)
	r.Write(map[string]string{"systems/b.yaml": "kind: ai-system\nid: SYS-B\nname: B\n"})
	main := r.CommitAll("work on main")
	r.Checkout("feature", false)
	// A clone of depth 1 of each branch has neither the first commit nor
	// any other common ancestor.
	gittest.WriteFiles(t, r.Dir, map[string]string{".git/shallow": feature.String() + "\n" + main.String() + "\n"})
	obj := first.String()
	if err := os.Remove(filepath.Join(r.Dir, ".git", "objects", obj[:2], obj[2:])); err != nil {
		t.Fatal(err)
	}
	_, _, err := changedPaths(r, "", "main")
	var cfgErr *ConfigError
	if !errors.As(err, &cfgErr) || !strings.Contains(err.Error(), "shallow") || !strings.Contains(err.Error(), "fetch-depth: 0") {
		t.Errorf("error %v, want a *ConfigError about the shallow history", err)
	}
}

// TestMergeBase checks mergeBase against `git merge-base --all` on the
// shapes of history that pull requests have.
func TestMergeBase(t *testing.T) {
	r := gittest.New(t, nil)
	empty := &object.Tree{}
	obj := r.Repo.Storer.NewEncodedObject()
	if err := empty.Encode(obj); err != nil {
		t.Fatal(err)
	}
	tree, err := r.Repo.Storer.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	hour := 0
	mk := func(parents ...plumbing.Hash) plumbing.Hash {
		t.Helper()
		hour++
		sig := object.Signature{Name: "Test", Email: "test@example.com", When: time.Date(2026, 1, 1, hour, 0, 0, 0, time.UTC)}
		c := &object.Commit{Author: sig, Committer: sig, Message: fmt.Sprintf("c%d", hour), TreeHash: tree, ParentHashes: parents}
		obj := r.Repo.Storer.NewEncodedObject()
		if err := c.Encode(obj); err != nil {
			t.Fatal(err)
		}
		h, err := r.Repo.Storer.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	root := mk()
	m1 := mk(root)
	f1 := mk(root)
	m2 := mk(m1)
	f2 := mk(f1, m1) // main merged into the feature branch
	f3 := mk(f2)
	m3 := mk(m2)
	// Criss-cross: two best common ancestors.
	a1, b1 := mk(m3), mk(m3)
	a2, b2 := mk(a1, b1), mk(b1, a1)
	orphan := mk()
	tests := []struct {
		name string
		a, b plumbing.Hash
	}{
		{"same", m2, m2},
		{"ancestor", m3, root},
		{"descendant", root, m3},
		{"diverged", f1, m2},
		{"main merged into the branch", f3, m3},
		{"criss-cross", a2, b2},
		{"unrelated", orphan, m3},
	}
	for _, tt := range tests {
		ca, err := r.Repo.CommitObject(tt.a)
		if err != nil {
			t.Fatal(err)
		}
		cb, err := r.Repo.CommitObject(tt.b)
		if err != nil {
			t.Fatal(err)
		}
		got, err := mergeBase(context.Background(), r.Repo, ca, cb)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		gotHash := ""
		if got != nil {
			gotHash = got.Hash.String()
		}
		if _, err := exec.LookPath("git"); err != nil {
			continue
		}
		out, _ := exec.Command("git", "-C", r.Dir, "merge-base", "--all", tt.a.String(), tt.b.String()).Output()
		all := strings.Fields(string(out))
		if len(all) == 0 && gotHash != "" || len(all) > 0 && !slices.Contains(all, gotHash) {
			t.Errorf("%s: merge base %s, git says one of %q", tt.name, gotHash, all)
		}
	}
}

func TestBlobHash(t *testing.T) {
	// git hash-object of an empty file and of "hello\n".
	for data, want := range map[string]string{
		"":        "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
		"hello\n": "ce013625030ba8dba906f756967f9e9ca394464a",
	} {
		if got := blobHash([]byte(data)).String(); got != want {
			t.Errorf("blobHash(%q) = %s, want %s", data, got, want)
		}
	}
}

// BenchmarkGitChanges measures finding one changed file among many, as
// --changed does before a commit:
//
//	go test ./gitrepo -run '^$' -bench GitChanges -benchmem
func BenchmarkGitChanges(b *testing.B) {
	const n = 5000
	files := map[string]string{".gitignore": "*.draft.md\n"}
	for i := range n {
		files[path.Join(fmt.Sprintf("dir%02d", i%50), fmt.Sprintf("artifact-%05d.yaml", i))] = fmt.Sprintf("kind: dataset\nid: DS-%05d\n", i)
	}
	r := gittest.New(b, files)
	// Files older than the index, as they are in real use, are not
	// "racily clean" and need no hashing.
	old := time.Now().Add(-time.Minute)
	for name := range files {
		if err := os.Chtimes(filepath.Join(r.Dir, filepath.FromSlash(name)), old, old); err != nil {
			b.Fatal(err)
		}
	}
	r.CommitAll("first version")
	r.Write(map[string]string{"dir07/artifact-00007.yaml": "kind: dataset\nid: DS-00007\ntitle: changed\n"})
	tr, disc, err := discover(r.Dir)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		cs, err := gitChanges(context.Background(), tr.root, tr.prefix, "", disc)
		if err != nil {
			b.Fatal(err)
		}
		if len(cs.paths) != 1 {
			b.Fatalf("changed %v, want one file", cs.paths)
		}
	}
}
