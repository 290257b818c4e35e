package gitrepo

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/aimsdev/aims/artifact"
)

// The history benchmark reads the history of every artifact of a generated
// repository, packed as a clone is:
//
//	go test ./gitrepo -run '^$' -bench History -benchtime 3x -benchmem
//
// With AIMS_HISTORY_BENCH_DIR set, the repositories are built (once) in
// that folder and kept, so native git can be timed on the same ones:
//
//	hyperfine -N 'git -C DIR/commits=10000 log --name-only --no-renames --format=%H HEAD'
func BenchmarkHistory(b *testing.B) {
	needGit(b)
	root := os.Getenv("AIMS_HISTORY_BENCH_DIR")
	if root == "" {
		root = b.TempDir()
	}
	for _, n := range []int{1000, 10000} {
		name := "commits=" + strconv.Itoa(n)
		dir := filepath.Join(root, name)
		paths := benchRepo(b, dir, n, 2000)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				repo, err := git.PlainOpen(dir)
				if err != nil {
					b.Fatal(err)
				}
				start := headCommit(b, repo)
				b.StartTimer()
				h, err := readHistory(context.Background(), repo, start, "", paths)
				if err != nil {
					b.Fatal(err)
				}
				if len(h.paths) != len(paths) {
					b.Fatalf("%d histories for %d paths", len(h.paths), len(paths))
				}
			}
		})
	}
}

// TestHistoryBenchRepo reads the history of the repository in
// AIMS_HISTORY_REPO (every Markdown and YAML file of HEAD's tree), so that a
// test binary can be measured as a whole process:
//
//	go test -c -o /tmp/gitrepo.test ./gitrepo
//	AIMS_HISTORY_REPO=DIR /usr/bin/time -v /tmp/gitrepo.test -test.run TestHistoryBenchRepo
//
// With AIMS_HISTORY_ORACLE=N it then checks every Nth path against git log
// (the repository's main branch).
func TestHistoryBenchRepo(t *testing.T) {
	dir := os.Getenv("AIMS_HISTORY_REPO")
	if dir == "" {
		t.Skip("AIMS_HISTORY_REPO is not set")
	}
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	start := headCommit(t, repo)
	var paths []string
	files := map[string]object.TreeEntry{}
	if err := treeFiles(repo.Storer, start.TreeHash, "", files); err != nil {
		t.Fatal(err)
	}
	for p := range files {
		if artifact.Candidate(p) {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	h, err := readHistory(context.Background(), repo, start, "", paths)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ph := range h.paths {
		n += len(ph.Changes)
	}
	t.Logf("%d paths, %d changes", len(paths), n)
	if every, err := strconv.Atoi(os.Getenv("AIMS_HISTORY_ORACLE")); err == nil && every > 0 {
		var sample []string
		for i := 0; i < len(paths); i += every {
			sample = append(sample, paths[i])
		}
		checkHistory(t, dir, "", sample)
	}
}

// benchRepo builds, unless dir already holds it, a repository of about
// commits commits (one in twelve or so a merge of a short branch) that
// touch artifacts Markdown and YAML files in a few folders, plus a few other
// files, and packs it as a clone is. It returns the artifact paths.
func benchRepo(tb testing.TB, dir string, commits, artifacts int) []string {
	tb.Helper()
	g := newBenchGen(commits, artifacts)
	if _, err := os.Stat(filepath.Join(dir, ".git", "packed-refs")); err == nil {
		return g.paths
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	stream := g.stream()
	runGit(tb, dir, nil, "init", "-q", "-b", "main")
	runGit(tb, dir, stream, "fast-import", "--quiet")
	runGit(tb, dir, nil, "repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=10")
	runGit(tb, dir, nil, "gc", "-q")
	return g.paths
}

// A benchGen generates the benchmark repository's fast-import stream.
type benchGen struct {
	rng       *rand.Rand
	commits   int
	paths     []string
	others    []string // files that are no artifacts
	rev       []int    // the latest revision number of each path
	unborn    []int    // artifacts not added yet (or deleted, to come back)
	made      int
	when      int64
	mark      int
	out       bytes.Buffer
	mainMark  int
	mainState map[int]int // path index → revision, the tree of main
}

func newBenchGen(commits, artifacts int) *benchGen {
	g := &benchGen{rng: rand.New(rand.NewPCG(42, uint64(commits))), commits: commits, when: 1640995200}
	folders := []struct {
		dir, ext string
		share    int // per thousand
	}{
		{"policies", ".md", 50}, {"procedures", ".md", 100}, {"risks", ".yaml", 300},
		{"systems", ".yaml", 150}, {"assessments/impact", ".md", 200},
		{"records/datasets", ".yaml", 125}, {"records/incidents", ".md", 75},
	}
	for i, f := range folders {
		n := artifacts * f.share / 1000
		if i == len(folders)-1 {
			n = artifacts - len(g.paths)
		}
		for j := 0; j < n; j++ {
			g.paths = append(g.paths, fmt.Sprintf("%s/%s-%04d%s", f.dir, filepath.Base(f.dir), j, f.ext))
		}
	}
	g.others = []string{"README.txt", "tools/check.sh", ".github/workflows/ci.yml", "tools/templates/risk.tmpl"}
	g.rev = make([]int, len(g.paths)+len(g.others))
	for i := range g.paths {
		g.unborn = append(g.unborn, i)
	}
	g.rng.Shuffle(len(g.unborn), func(i, j int) { g.unborn[i], g.unborn[j] = g.unborn[j], g.unborn[i] })
	return g
}

func (g *benchGen) name(i int) string {
	if i < len(g.paths) {
		return g.paths[i]
	}
	return g.others[i-len(g.paths)]
}

// content is the text of revision rev of path i: frontmatter and a body of
// a few hundred bytes, one line of which changes with each revision.
func (g *benchGen) content(i, rev int) string {
	p := g.name(i)
	var b bytes.Buffer
	fmt.Fprintf(&b, "---\nid: %s-%04d\nkind: %s\ntitle: %s number %d\nowner: team-%d\nrevision: %d\nstatus: %s\n---\n",
		filepath.Base(filepath.Dir(p)), i, filepath.Base(filepath.Dir(p)), filepath.Base(p), i, i%17, rev, []string{"draft", "approved", "retired"}[rev%3])
	b.WriteString("# Purpose\n\nThis record describes the controls that apply and why they were chosen.\n")
	fmt.Fprintf(&b, "\n## Notes\n\nReviewed in revision %d; the next review is due within the year.\n", rev)
	for k := 0; k < i%5; k++ {
		fmt.Fprintf(&b, "- item %d of %d\n", k, i)
	}
	return b.String()
}

// touch changes one to three files of state and returns the operations.
func (g *benchGen) touch(state map[int]int) []string {
	var ops []string
	modify := func(i int) {
		g.rev[i]++
		state[i] = g.rev[i]
		c := g.content(i, g.rev[i])
		ops = append(ops, fmt.Sprintf("M 100644 inline %s\ndata %d\n%s\n", g.name(i), len(c), c))
	}
	// Spread the adds over the first 40% of the commits.
	left := max(1, g.commits*4/10-g.made)
	adds := len(g.unborn) / left
	if g.rng.IntN(left) < len(g.unborn)%left {
		adds++
	}
	for ; adds > 0 && len(g.unborn) > 0; adds-- {
		i := g.unborn[len(g.unborn)-1]
		g.unborn = g.unborn[:len(g.unborn)-1]
		modify(i)
	}
	for n := 1 + g.rng.IntN(3); n > 0; n-- {
		switch r := g.rng.IntN(1000); {
		case r < 40:
			modify(len(g.paths) + g.rng.IntN(len(g.others)))
		case r < 45 && len(state) > 10:
			i := g.present(state)
			if i < len(g.paths) {
				delete(state, i)
				ops = append(ops, "D "+g.name(i)+"\n")
				g.unborn = append([]int{i}, g.unborn...) // comes back later
			}
		default:
			if len(state) > 0 {
				modify(g.present(state))
			}
		}
	}
	return ops
}

// present picks an artifact of state: often one of a few busy ones.
func (g *benchGen) present(state map[int]int) int {
	for {
		i := g.rng.IntN(len(g.paths))
		if g.rng.IntN(2) == 0 {
			i = g.rng.IntN(min(100, len(g.paths)))
		}
		if _, ok := state[i]; ok {
			return i
		}
	}
}

func (g *benchGen) commit(from, merge int, ops []string) int {
	g.mark++
	g.made++
	g.when += int64(60 + g.rng.IntN(3600))
	fmt.Fprintf(&g.out, "commit refs/heads/main\nmark :%d\n", g.mark)
	fmt.Fprintf(&g.out, "author A%d <a%d@example.com> %d +0000\ncommitter A%d <a%d@example.com> %d +0000\n",
		g.mark%7, g.mark%7, g.when, g.mark%7, g.mark%7, g.when)
	msg := fmt.Sprintf("change %d\n\nwhat and why", g.mark)
	fmt.Fprintf(&g.out, "data %d\n%s\n", len(msg), msg)
	if from > 0 {
		fmt.Fprintf(&g.out, "from :%d\n", from)
	}
	if merge > 0 {
		fmt.Fprintf(&g.out, "merge :%d\n", merge)
	}
	for _, op := range ops {
		g.out.WriteString(op)
	}
	g.out.WriteString("\n")
	return g.mark
}

func (g *benchGen) stream() []byte {
	g.mainState = map[int]int{}
	// The first commit adds what the first 40% of the commits cannot.
	first := max(100, len(g.paths)-g.commits*4/10*2)
	var ops []string
	for k := 0; k < first && len(g.unborn) > 0; k++ {
		i := g.unborn[len(g.unborn)-1]
		g.unborn = g.unborn[:len(g.unborn)-1]
		g.rev[i]++
		g.mainState[i] = g.rev[i]
		c := g.content(i, g.rev[i])
		ops = append(ops, fmt.Sprintf("M 100644 inline %s\ndata %d\n%s\n", g.name(i), len(c), c))
	}
	g.mainMark = g.commit(0, 0, ops)
	for g.made < g.commits {
		if g.rng.IntN(100) < 7 && g.made+12 < g.commits {
			g.branch()
			continue
		}
		g.mainMark = g.commit(g.mainMark, 0, g.touch(g.mainState))
	}
	// Whatever was not added yet (or was deleted) comes now.
	if len(g.unborn) > 0 {
		var ops []string
		for _, i := range g.unborn {
			g.rev[i]++
			g.mainState[i] = g.rev[i]
			c := g.content(i, g.rev[i])
			ops = append(ops, fmt.Sprintf("M 100644 inline %s\ndata %d\n%s\n", g.name(i), len(c), c))
		}
		g.unborn = nil
		g.mainMark = g.commit(g.mainMark, 0, ops)
	}
	return g.out.Bytes()
}

// branch makes a short branch off main, a few commits on both, and merges
// the branch into main; a file changed on both sides gets a third version.
func (g *benchGen) branch() {
	side := make(map[int]int, len(g.mainState))
	for k, v := range g.mainState {
		side[k] = v
	}
	before := make(map[int]int, len(g.mainState))
	for k, v := range g.mainState {
		before[k] = v
	}
	sideMark := g.mainMark
	onSide, onMain := 1+g.rng.IntN(4), g.rng.IntN(4)
	for onSide+onMain > 0 {
		if g.rng.IntN(onSide+onMain) < onSide {
			sideMark = g.commit(sideMark, 0, g.touch(side))
			onSide--
		} else {
			g.mainMark = g.commit(g.mainMark, 0, g.touch(g.mainState))
			onMain--
		}
	}
	var ops []string
	changed := map[int]bool{}
	for i := range before {
		if side[i] != before[i] {
			changed[i] = true
		}
	}
	for i := range side {
		if _, ok := before[i]; !ok {
			changed[i] = true
		}
	}
	keys := make([]int, 0, len(changed))
	for i := range changed {
		keys = append(keys, i)
	}
	sort.Ints(keys)
	for _, i := range keys {
		rev, ok := side[i]
		switch {
		case !ok:
			if _, on := g.mainState[i]; on && g.mainState[i] == before[i] {
				delete(g.mainState, i)
				ops = append(ops, "D "+g.name(i)+"\n")
			}
			continue
		case g.mainState[i] != before[i] && g.mainState[i] != rev:
			g.rev[i]++ // changed on both sides: resolved as a new version
			rev = g.rev[i]
		}
		if g.mainState[i] == rev {
			continue
		}
		g.mainState[i] = rev
		c := g.content(i, rev)
		ops = append(ops, fmt.Sprintf("M 100644 inline %s\ndata %d\n%s\n", g.name(i), len(c), c))
	}
	g.mainMark = g.commit(g.mainMark, sideMark, ops)
}

// headCommit returns the commit HEAD points at.
func headCommit(t testing.TB, repo *git.Repository) *object.Commit {
	t.Helper()
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	return c
}
