package gitrepo

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/aimsdev/aims/artifact"
)

// A genFile is one file of a generated commit's tree.
type genFile struct {
	content string
	exec    bool   // mode 100755 rather than 100644
	link    bool   // a symbolic link to content
	gitlink string // a submodule at this commit, instead of a file
}

// A genCommit is one commit of a generated repository: its whole tree, so a
// test knows the truth without asking git.
type genCommit struct {
	parents []int // indexes of earlier commits, first parent first
	files   map[string]genFile
	when    int64 // committer (and author) date, Unix seconds
	author  string
	msg     string
}

// fastImportStream writes commits[from:to] as a git fast-import stream,
// which refers to commit i as mark i+1 (an earlier stream's marks are
// imported); commits[to-1] becomes refs/heads/main. Each commit's file
// operations are its tree's differences from its first parent's tree.
func fastImportStream(commits []genCommit, from, to int) []byte {
	var b bytes.Buffer
	data := func(s string) {
		fmt.Fprintf(&b, "data %d\n%s\n", len(s), s)
	}
	for i := from; i < to; i++ {
		c := commits[i]
		b.WriteString("reset refs/heads/gen\n")
		fmt.Fprintf(&b, "commit refs/heads/gen\nmark :%d\n", i+1)
		author := c.author
		if author == "" {
			author = "Ann Author <ann@example.com>"
		}
		fmt.Fprintf(&b, "author %s %d +0000\ncommitter %s %d +0000\n", author, c.when, author, c.when)
		msg := c.msg
		if msg == "" {
			msg = "commit " + strconv.Itoa(i) + "\n\nbody line"
		}
		data(msg)
		var base map[string]genFile
		for j, p := range c.parents {
			if j == 0 {
				fmt.Fprintf(&b, "from :%d\n", p+1)
				base = commits[p].files
			} else {
				fmt.Fprintf(&b, "merge :%d\n", p+1)
			}
		}
		var gone []string
		for p := range base {
			if _, ok := c.files[p]; !ok {
				gone = append(gone, p)
			}
		}
		sort.Strings(gone)
		for _, p := range gone {
			fmt.Fprintf(&b, "D %s\n", p)
		}
		names := make([]string, 0, len(c.files))
		for p := range c.files {
			names = append(names, p)
		}
		sort.Strings(names)
		for _, p := range names {
			f := c.files[p]
			if old, ok := base[p]; ok && old == f {
				continue
			}
			mode := "100644"
			switch {
			case f.gitlink != "":
				fmt.Fprintf(&b, "M 160000 %s %s\n", f.gitlink, p)
				continue
			case f.link:
				mode = "120000"
			case f.exec:
				mode = "100755"
			}
			fmt.Fprintf(&b, "M %s inline %s\n", mode, p)
			data(f.content)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "reset refs/heads/main\nfrom :%d\n\n", to)
	return b.Bytes()
}

// needGit fails the test when the git binary, the oracle of these tests, is
// missing: it is on every machine the tests run on, CI included.
func needGit(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		tb.Fatalf("the history tests need the git binary as their oracle: %v", err)
	}
}

// runGit runs git in dir, with no user or system configuration, and
// returns its standard output.
func runGit(tb testing.TB, dir string, stdin []byte, args ...string) string {
	tb.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "HOME="+dir)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// buildRepo creates a repository in dir from commits with git fast-import,
// with refs/heads/main checked out as HEAD (the work tree is left empty).
func buildRepo(tb testing.TB, dir string, commits []genCommit) {
	tb.Helper()
	needGit(tb)
	runGit(tb, dir, nil, "init", "-q", "-b", "main")
	runGit(tb, dir, fastImportStream(commits, 0, len(commits)), "fast-import", "--quiet")
}

// checkHistory reads the history of paths (below prefix) in the repository
// at dir from refs/heads/main and compares it with git's: each path's
// commits with `git log --format=%H -- PATH`, the first with `git log -1`,
// each change's blobs and commit with go-git's view of the commit. It
// returns the history for further checks.
func checkHistory(t *testing.T, dir, prefix string, paths []string) *History {
	t.Helper()
	return checkHistoryWith(t, &historyPass{ctx: context.Background()}, dir, prefix, paths)
}

// checkHistoryWith is checkHistory with the pass hp.
func checkHistoryWith(t *testing.T, hp *historyPass, dir, prefix string, paths []string) *History {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := repo.Reference(plumbing.NewBranchReferenceName("main"), true)
	if err != nil {
		t.Fatal(err)
	}
	start, err := repo.CommitObject(ref.Hash())
	if err != nil {
		t.Fatal(err)
	}
	h, err := hp.read(repo, start, prefix, paths)
	if err != nil {
		t.Fatalf("readHistory: %v", err)
	}
	if h.Head != commitOf(start) {
		t.Errorf("Head = %+v, want %+v", h.Head, commitOf(start))
	}
	for _, p := range paths {
		full := p
		if prefix != "" {
			full = prefix + "/" + p
		}
		want := strings.Fields(runGit(t, dir, nil, "--literal-pathspecs", "log", "--format=%H", "main", "--", full))
		ph, ok := h.paths[p]
		if !ok {
			t.Errorf("%s: no history", p)
			continue
		}
		var got []string
		for _, c := range ph.Changes {
			got = append(got, c.Hash)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: changes\n got %s\nwant %s (git log -- %s)", p, short(got), short(want), full)
			continue
		}
		if _, ok := h.Path(p); ok != (len(want) > 0) {
			t.Errorf("%s: Path ok = %v with %d changes", p, ok, len(want))
		}
		if len(want) > 0 {
			last := strings.TrimSpace(runGit(t, dir, nil, "--literal-pathspecs", "log", "-1", "--format=%H", "main", "--", full))
			if ph.Last().Hash != last {
				t.Errorf("%s: Last = %s, git log -1 says %s", p, ph.Last().Hash[:7], last[:7])
			}
		}
		for _, c := range ph.Changes {
			gc, err := repo.CommitObject(plumbing.NewHash(c.Hash))
			if err != nil {
				t.Fatal(err)
			}
			if c.Commit != commitOf(gc) {
				t.Errorf("%s: commit %+v, go-git reads %+v", p, c.Commit, commitOf(gc))
			}
			if b := blobAt(t, gc, full); c.Blob != b {
				t.Errorf("%s: %s: Blob = %q, want %q", p, c.Hash[:7], c.Blob, b)
			}
			before := ""
			if gc.NumParents() > 0 {
				parent, err := gc.Parent(0)
				if err != nil {
					t.Fatal(err)
				}
				before = blobAt(t, parent, full)
			}
			if c.Before != before {
				t.Errorf("%s: %s: Before = %q, want %q", p, c.Hash[:7], c.Before, before)
			}
		}
	}
	return h
}

// blobAt returns the blob hash of the file at p in c, or "".
func blobAt(t *testing.T, c *object.Commit, p string) string {
	t.Helper()
	tree, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	e, err := tree.FindEntry(p)
	if err != nil || !e.Mode.IsFile() {
		return ""
	}
	return e.Hash.String()
}

func short(hs []string) string {
	s := make([]string, len(hs))
	for i, h := range hs {
		s[i] = h[:7]
	}
	return "[" + strings.Join(s, " ") + "]"
}

// artifactPaths returns the Markdown and YAML paths below prefix (relative
// to it) that any commit has, sorted.
func artifactPaths(commits []genCommit, prefix string) []string {
	set := map[string]bool{}
	for _, c := range commits {
		for p := range c.files {
			rel := p
			if prefix != "" {
				var ok bool
				if rel, ok = strings.CutPrefix(p, prefix+"/"); !ok {
					continue
				}
			}
			if artifact.Candidate(rel) {
				set[rel] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// A history builds a genCommit list step by step.
type history struct {
	commits []genCommit
	when    int64
}

// commit adds a commit with the given parents whose tree is the first
// parent's with the changes applied: a path mapped to "" is deleted.
func (h *history) commit(changes map[string]string, parents ...int) int {
	files := map[string]genFile{}
	if len(parents) > 0 {
		for p, f := range h.commits[parents[0]].files {
			files[p] = f
		}
	}
	for p, c := range changes {
		if c == "" {
			delete(files, p)
		} else {
			files[p] = genFile{content: c}
		}
	}
	h.when += 3600
	h.commits = append(h.commits, genCommit{parents: parents, files: files, when: h.when,
		msg: fmt.Sprintf("commit %d: %d changes\n\nthe body\nof the message\n", len(h.commits), len(changes))})
	return len(h.commits) - 1
}

func TestReadHistoryScenarios(t *testing.T) {
	needGit(t)
	tests := []struct {
		name   string
		prefix string
		build  func(h *history)
		check  func(t *testing.T, hist *History)
	}{{
		name: "linear history with many touches",
		build: func(h *history) {
			c := h.commit(map[string]string{"a.md": "a0", "b.yaml": "b0", "docs/c.md": "c0", "README.txt": "r"})
			for i := 1; i <= 40; i++ {
				ch := map[string]string{}
				switch i % 4 {
				case 0:
					ch["a.md"] = fmt.Sprint("a", i)
				case 1:
					ch["docs/c.md"] = fmt.Sprint("c", i)
				case 2:
					ch["b.yaml"] = fmt.Sprint("b", i)
					ch["a.md"] = fmt.Sprint("a", i)
				case 3:
					ch["README.txt"] = fmt.Sprint("r", i)
				}
				c = h.commit(ch, c)
			}
		},
	}, {
		name: "deleted and added again",
		build: func(h *history) {
			c := h.commit(map[string]string{"a.md": "one", "keep.md": "k"})
			c = h.commit(map[string]string{"a.md": "two"}, c)
			c = h.commit(map[string]string{"a.md": ""}, c)
			c = h.commit(map[string]string{"keep.md": "k2"}, c)
			c = h.commit(map[string]string{"a.md": "three"}, c)
			h.commit(map[string]string{"a.md": "two"}, c) // content seen before
		},
		check: func(t *testing.T, hist *History) {
			ph, _ := hist.Path("a.md")
			if len(ph.Changes) != 5 || ph.Changes[2].Blob != "" || ph.Changes[3].Before == "" || ph.First().Before != "" {
				t.Errorf("a.md: want 5 changes, a deletion third: %+v", ph.Changes)
			}
		},
	}, {
		name: "exact renames",
		build: func(h *history) {
			c := h.commit(map[string]string{"old/a.md": "text of a", "b.md": "text of b", "c.md": "same", "d.md": "same"})
			c = h.commit(map[string]string{"old/a.md": "", "new/a.md": "text of a"}, c)  // moved
			c = h.commit(map[string]string{"b.md": "", "b2.md": "text of b, edited"}, c) // renamed with an edit
			c = h.commit(map[string]string{"c.md": "", "d.md": "", "e.md": "same", "x/d.md": "same"}, c)
			h.commit(map[string]string{"new/a.md": "text of a, edited"}, c)
		},
		check: func(t *testing.T, hist *History) {
			for p, want := range map[string]string{"new/a.md": "old/a.md", "b2.md": "", "e.md": "c.md", "x/d.md": "d.md"} {
				if ph, _ := hist.Path(p); ph.RenamedFrom != want {
					t.Errorf("%s: RenamedFrom = %q, want %q", p, ph.RenamedFrom, want)
				}
			}
		},
	}, {
		name: "merge bringing a path from the second parent",
		build: func(h *history) {
			base := h.commit(map[string]string{"a.md": "a", "b.md": "b"})
			side := h.commit(map[string]string{"side.md": "s1", "a.md": "a-side"}, base)
			side = h.commit(map[string]string{"side.md": "s2"}, side)
			main := h.commit(map[string]string{"b.md": "b-main"}, base)
			m := h.commit(map[string]string{"side.md": "s2", "a.md": "a-side"}, main, side)
			h.commit(map[string]string{"b.md": "b-after"}, m)
		},
	}, {
		name: "evil merge",
		build: func(h *history) {
			base := h.commit(map[string]string{"a.md": "a", "b.md": "b"})
			side := h.commit(map[string]string{"a.md": "a-side"}, base)
			side = h.commit(map[string]string{"b.md": "b-side"}, side)
			main := h.commit(map[string]string{"a.md": "a-main"}, base)
			// Both sides changed a.md; the merge has a third version, and
			// changes b.md, which the sides agree on, too.
			m := h.commit(map[string]string{"a.md": "a-merged", "b.md": "b-evil"}, main, side)
			h.commit(map[string]string{"c.md": "c"}, m)
		},
	}, {
		name: "criss-cross merges",
		build: func(h *history) {
			base := h.commit(map[string]string{"a.md": "a", "b.md": "b"})
			x := h.commit(map[string]string{"a.md": "a-x"}, base)
			y := h.commit(map[string]string{"b.md": "b-y"}, base)
			x2 := h.commit(map[string]string{"b.md": "b-y"}, x, y)
			y2 := h.commit(map[string]string{"a.md": "a-x"}, y, x)
			x3 := h.commit(map[string]string{"a.md": "a-x3"}, x2)
			y3 := h.commit(map[string]string{"b.md": "b-y3"}, y2)
			m := h.commit(map[string]string{"b.md": "b-y3"}, x3, y3)
			h.commit(map[string]string{"a.md": "a-final"}, m)
		},
	}, {
		name:   "lint root in a subfolder",
		prefix: "compliance/aims",
		build: func(h *history) {
			c := h.commit(map[string]string{"compliance/aims/a.md": "a", "compliance/aims/r/b.yaml": "b", "a.md": "outside", "compliance/other.md": "o"})
			c = h.commit(map[string]string{"a.md": "outside 2"}, c)
			c = h.commit(map[string]string{"compliance/aims/a.md": "a2", "compliance/other.md": "o2"}, c)
			c = h.commit(map[string]string{"compliance/aims/r/b.yaml": "", "compliance/aims/r/c.yaml": "b"}, c)
			h.commit(map[string]string{"compliance/aims/r/b.yaml": "back"}, c)
		},
		check: func(t *testing.T, hist *History) {
			if ph, _ := hist.Path("r/c.yaml"); ph.RenamedFrom != "r/b.yaml" {
				t.Errorf("r/c.yaml: RenamedFrom = %q, want r/b.yaml", ph.RenamedFrom)
			}
		},
	}, {
		name: "identical content committed again",
		build: func(h *history) {
			c := h.commit(map[string]string{"a.md": "same", "b.md": "b"})
			c = h.commit(map[string]string{"a.md": "same", "b.md": "b2"}, c)
			c = h.commit(map[string]string{"a.md": "same"}, c)
			h.commit(map[string]string{"b.md": "b3"}, c)
		},
		check: func(t *testing.T, hist *History) {
			if ph, _ := hist.Path("a.md"); len(ph.Changes) != 1 {
				t.Errorf("a.md: %d changes, want 1", len(ph.Changes))
			}
		},
	}, {
		name: "committer dates out of order",
		build: func(h *history) {
			base := h.commit(map[string]string{"a.md": "a", "b.md": "b"})
			x := h.commit(map[string]string{"a.md": "a1"}, base)
			h.commits[x].when -= 3 * 3600 // before its parent
			y := h.commit(map[string]string{"b.md": "b1"}, base)
			h.commits[y].when = h.commits[base].when // the same second
			x = h.commit(map[string]string{"a.md": "a2", "b.md": "b2"}, x)
			h.commits[x].when -= 10 * 3600
			m := h.commit(map[string]string{"b.md": "b2"}, y, x)
			h.commits[m].when = h.commits[y].when
			m = h.commit(map[string]string{"a.md": "a3"}, m)
			h.commits[m].when = h.commits[base].when - 100
		},
	}, {
		name: "symbolic links and submodules",
		build: func(h *history) {
			c := h.commit(map[string]string{"a.md": "a", "docs/b.md": "b"})
			h.commits[c].files["link.md"] = genFile{content: "a.md", link: true}
			h.commits[c].files["sub"] = genFile{gitlink: "1111111111111111111111111111111111111111"}
			c = h.commit(map[string]string{"a.md": "a2"}, c)
			h.commits[c].files["link.md"] = genFile{content: "docs/b.md", link: true}
			c = h.commit(map[string]string{"docs/b.md": "b2"}, c)
			h.commits[c].files["sub"] = genFile{gitlink: "2222222222222222222222222222222222222222"}
			c = h.commit(map[string]string{"sub": "", "sub/x.md": "now a folder"}, c)
			c = h.commit(map[string]string{"docs/b.md": "", "link.md": ""}, c)
			h.commits[c].files["docs/b.md"] = genFile{content: "b2", link: true} // a file became a link
			h.commits[c].files["link.md"] = genFile{content: "docs/b.md"}        // and a link a file
			c = h.commit(map[string]string{"sub/x.md": ""}, c)
			h.commits[c].files["sub"] = genFile{gitlink: "3333333333333333333333333333333333333333"}
		},
	}, {
		name: "path that is a folder in some commits",
		build: func(h *history) {
			c := h.commit(map[string]string{"a.md": "a", "b": "file"})
			c = h.commit(map[string]string{"b": "", "b/c.md": "c"}, c)
			c = h.commit(map[string]string{"a.md": "", "a.md/x.md": "x"}, c)
			c = h.commit(map[string]string{"a.md/x.md": "", "a.md": "a again"}, c)
			h.commit(map[string]string{"b/c.md": "c2"}, c)
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &history{when: 1700000000}
			tt.build(h)
			for _, variant := range []string{"fast-import", "gc", "ref-delta", "loose", "gc then loose"} {
				t.Run(variant, func(t *testing.T) {
					dir := t.TempDir()
					if variant == "gc then loose" {
						// The commit-graph file and the pack miss the last
						// commits, which are loose objects.
						needGit(t)
						half := len(h.commits) / 2
						marks := filepath.Join(dir, ".git", "marks")
						runGit(t, dir, nil, "init", "-q", "-b", "main")
						runGit(t, dir, fastImportStream(h.commits, 0, half), "fast-import", "--quiet", "--export-marks="+marks)
						packRepo(t, dir, "gc")
						packed, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "pack-*.pack"))
						runGit(t, dir, fastImportStream(h.commits, half, len(h.commits)), "fast-import", "--quiet", "--import-marks="+marks)
						unpack(t, dir, packed)
					} else {
						buildRepo(t, dir, h.commits)
						packRepo(t, dir, variant)
					}
					hist := checkHistory(t, dir, tt.prefix, artifactPaths(h.commits, tt.prefix))
					if tt.check != nil {
						tt.check(t, hist)
					}
				})
			}
		})
	}
}

// packRepo stores a repository's objects as variant says: "fast-import"
// leaves fast-import's pack, "gc" repacks with fresh deltas and writes the
// commit-graph file, "ref-delta" repacks with deltas that name their bases
// by hash rather than offset, "loose" unpacks every object.
func packRepo(t *testing.T, dir, variant string) {
	t.Helper()
	switch variant {
	case "ref-delta":
		runGit(t, dir, nil, "-c", "repack.useDeltaBaseOffset=false", "repack", "-a", "-d", "-f", "-q")
	case "gc":
		runGit(t, dir, nil, "repack", "-a", "-d", "-f", "-q")
		runGit(t, dir, nil, "gc", "-q")
		if _, err := os.Stat(filepath.Join(dir, ".git", "objects", "info", "commit-graph")); err != nil {
			t.Fatalf("no commit-graph file after git gc: %v", err)
		}
	case "loose":
		unpack(t, dir, nil)
	}
}

// unpack turns the objects of every pack but those of keep into loose
// objects.
func unpack(t *testing.T, dir string, keep []string) {
	t.Helper()
	packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "pack-*.pack"))
	for _, p := range packs {
		if slices.Contains(keep, p) {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, ext := range []string{".pack", ".idx", ".rev"} {
			if err := os.Remove(strings.TrimSuffix(p, ".pack") + ext); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
		runGit(t, dir, data, "unpack-objects", "-q")
	}
}

// randomCommits generates a random history of about n commits, the same
// for the same seed: branches and merges (criss-cross and octopus ones
// among them), merges that take each path from any parent or change it
// themselves, edits that restore earlier content or change nothing, files
// deleted, added again, moved and made executable, a second root, and
// committer dates that repeat or go back in time (with one seed in four,
// all within three seconds). It ends with merges of
// every branch, so the last commit reaches them all.
func randomCommits(seed uint64, n int) []genCommit {
	rng := rand.New(rand.NewPCG(seed, 7))
	pool := []string{"a.md", "b.yaml", "c.yml", "docs/d.md", "docs/e.yaml", "docs/sub/f.md", "docs/sub/g.md",
		"docs/deep/er/h.md", "x/i.md", "j k.md", "notes.txt", "docs/tool.sh"}
	content := func() string {
		if rng.IntN(3) == 0 {
			return fmt.Sprintf("unique %d", rng.Int())
		}
		return fmt.Sprintf("version %d", rng.IntN(4))
	}
	var commits []genCommit
	children := map[int]int{}
	heads := func() []int {
		var hs []int
		for i := range commits {
			if children[i] == 0 {
				hs = append(hs, i)
			}
		}
		return hs
	}
	pick := func() int {
		if hs := heads(); rng.IntN(4) > 0 {
			return hs[rng.IntN(len(hs))]
		}
		return rng.IntN(len(commits))
	}
	when := int64(1700000000)
	add := func(parents []int) {
		files := map[string]genFile{}
		if len(parents) > 0 {
			for p, f := range commits[parents[0]].files {
				files[p] = f
			}
		}
		if len(parents) > 1 {
			all := map[string]bool{}
			for _, par := range parents {
				for p := range commits[par].files {
					all[p] = true
				}
			}
			names := make([]string, 0, len(all))
			for p := range all {
				names = append(names, p)
			}
			sort.Strings(names)
			for _, p := range names {
				switch r := rng.IntN(20); {
				case r < 9: // the first parent's
				case r < 16: // another parent's
					other := commits[parents[1+rng.IntN(len(parents)-1)]].files
					if f, ok := other[p]; ok {
						files[p] = f
					} else {
						delete(files, p)
					}
				case r < 19:
					files[p] = genFile{content: content()}
				default:
					delete(files, p)
				}
			}
		}
		for k := rng.IntN(4); k > 0; k-- {
			p := pool[rng.IntN(len(pool))]
			f, ok := files[p]
			switch r := rng.IntN(10); {
			case r < 5:
				files[p] = genFile{content: content(), exec: f.exec}
			case r < 6 && ok:
				delete(files, p)
			case r < 8 && ok: // move
				to := pool[rng.IntN(len(pool))]
				if rng.IntN(2) == 0 {
					to = fmt.Sprintf("docs/r%d/%s", rng.IntN(3), path.Base(p))
				}
				if _, taken := files[to]; !taken {
					delete(files, p)
					files[to] = f
				}
			case r < 9 && ok:
				files[p] = genFile{content: f.content, exec: !f.exec}
			default:
				files[p] = f // committed again as it was
			}
		}
		// Dates: mostly forward; some repeat an earlier date, some go back.
		// With some seeds all commits are made within a few seconds, as a
		// script or a rebase makes them.
		switch r := rng.IntN(10); {
		case seed%4 == 1:
			when = 1700000000 + int64(rng.IntN(3))
		case r < 1 && len(commits) > 0:
			when = commits[rng.IntN(len(commits))].when
		case r < 2:
			when -= int64(rng.IntN(5000))
		default:
			when += int64(1 + rng.IntN(3000))
		}
		for _, p := range parents {
			children[p]++
		}
		commits = append(commits, genCommit{parents: parents, files: files, when: when,
			author: fmt.Sprintf("Dev %d <dev%d@example.com>", len(commits)%3, len(commits)%3),
			msg:    fmt.Sprintf("change %d\n\nbody", len(commits))})
	}
	add(nil)
	for len(commits) < n {
		switch r := rng.IntN(100); {
		case r < 3:
			add(nil) // another root
		case r < 6 && len(commits) > 3: // octopus
			ps := []int{pick(), pick(), pick()}
			if ps[0] != ps[1] && ps[1] != ps[2] && ps[0] != ps[2] {
				add(ps)
			}
		case r < 30 && len(commits) > 1:
			if a, b := pick(), pick(); a != b {
				add([]int{a, b})
			}
		default:
			add([]int{pick()})
		}
	}
	for hs := heads(); len(hs) > 1; hs = heads() {
		add([]int{hs[len(hs)-1], hs[rng.IntN(len(hs)-1)]})
	}
	return commits
}

// TestReadHistoryRandom checks random histories against git: 48 of them,
// or as many as AIMS_HISTORY_SEEDS says.
func TestReadHistoryRandom(t *testing.T) {
	needGit(t)
	seeds := 48
	if n, err := strconv.Atoi(os.Getenv("AIMS_HISTORY_SEEDS")); err == nil {
		seeds = n
	}
	for seed := uint64(100); seed < 100+uint64(seeds); seed++ {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			t.Parallel()
			commits := randomCommits(seed, 60+int(seed%7)*20)
			prefix := ""
			if seed%4 == 0 {
				prefix = "docs"
			}
			dir := t.TempDir()
			buildRepo(t, dir, commits)
			packRepo(t, dir, []string{"fast-import", "gc", "ref-delta"}[seed%3])
			hist := checkHistory(t, dir, prefix, artifactPaths(commits, prefix))
			checkRenames(t, dir, prefix, hist)
		})
	}
}

// checkRenames compares RenamedFrom with the exact renames git finds
// (`git diff-tree -M100%`) in the commit that last added each path.
func checkRenames(t *testing.T, dir, prefix string, hist *History) {
	t.Helper()
	for p, ph := range hist.paths {
		var added *Change
		for i := range ph.Changes {
			if ph.Changes[i].Before == "" && ph.Changes[i].Blob != "" {
				added = &ph.Changes[i]
				break
			}
		}
		want := ""
		if added != nil {
			parents := strings.Fields(runGit(t, dir, nil, "log", "-1", "--format=%P", added.Hash))
			if len(parents) == 1 {
				spec := "."
				if prefix != "" {
					spec = prefix
				}
				out := runGit(t, dir, nil, "diff-tree", "-r", "-z", "--no-commit-id", "-M100%", "--name-status", "--diff-filter=R", parents[0], added.Hash, "--", spec)
				f := strings.Split(out, "\x00")
				for i := 0; i+2 < len(f); i += 3 {
					to := strings.TrimPrefix(f[i+2], prefix+"/")
					if to == p {
						want = strings.TrimPrefix(f[i+1], prefix+"/")
					}
				}
			}
		}
		if ph.RenamedFrom != want {
			t.Errorf("%s: RenamedFrom = %q, git diff-tree -M100%% finds %q", p, ph.RenamedFrom, want)
		}
	}
}

// TestReadHistoryMemoryStorer reads a history from a repository that go-git
// keeps in memory, which has no packs to map: every object comes through
// the storer.
func TestReadHistoryMemoryStorer(t *testing.T) {
	needGit(t)
	commits := randomCommits(7, 60)
	dir := t.TempDir()
	buildRepo(t, dir, commits)
	paths := artifactPaths(commits, "")
	want := checkHistory(t, dir, "", paths)
	repo, err := git.Clone(memory.NewStorage(), nil, &git.CloneOptions{URL: dir, ReferenceName: plumbing.NewBranchReferenceName("main"), SingleBranch: true})
	if err != nil {
		t.Fatal(err)
	}
	start := headCommit(t, repo)
	got, err := readHistory(context.Background(), repo, start, "", paths)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if !reflect.DeepEqual(got.paths[p], want.paths[p]) {
			t.Errorf("%s: in memory %+v\non disk %+v", p, got.paths[p], want.paths[p])
		}
	}
	read := 0
	for _, p := range paths {
		if ph, ok := got.Path(p); ok && ph.Last().Blob != "" {
			c := ph.Last()
			data, err := got.ReadBlob(c.Blob)
			if err != nil || blobHash(data).String() != c.Blob {
				t.Errorf("ReadBlob(%s) = %q, %v", c.Blob, data, err)
			}
			read++
		}
	}
	if read == 0 {
		t.Error("no blob to read")
	}
}
