package gitrepo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestRecycler checks the epochs: a buffer evicted while a worker is busy
// with a commit it started before is not handed out until that worker is
// done; one evicted before a worker started is free at once.
func TestRecycler(t *testing.T) {
	same := func(a, b []byte) bool { return cap(a) > 0 && cap(b) > 0 && &a[:1][0] == &b[:1][0] }
	n := 20000
	size := roundSize(n)
	if size < n || size > n+n/4 {
		t.Fatalf("roundSize(%d) = %d", n, size)
	}
	steps := []struct {
		name string
		run  func(t *testing.T, rc *recycler)
	}{
		{"busy worker holds it", func(t *testing.T, rc *recycler) {
			rc.enter(0)
			b := make([]byte, 0, size)
			rc.retire(b)
			if got := rc.alloc(n); same(got, b) {
				t.Fatal("reused a buffer a busy worker may hold")
			}
			rc.enter(1) // a worker starting now cannot hold it
			if got := rc.alloc(n); same(got, b) {
				t.Fatal("reused a buffer a busy worker may hold")
			}
			rc.leave(0)
			if got := rc.alloc(n); !same(got, b) || len(got) != 0 {
				t.Fatal("did not reuse a buffer no worker holds")
			}
		}},
		{"idle workers", func(t *testing.T, rc *recycler) {
			b := make([]byte, 0, size)
			rc.retire(b)
			if got := rc.alloc(n); !same(got, b) {
				t.Fatal("did not reuse a buffer no worker holds")
			}
		}},
		{"other size class", func(t *testing.T, rc *recycler) {
			b := make([]byte, 0, size)
			rc.retire(b)
			if got := rc.alloc(2 * n); same(got, b) || cap(got) < 2*n {
				t.Fatal("reused a buffer too small")
			}
		}},
		{"not made by the recycler", func(t *testing.T, rc *recycler) {
			b := make([]byte, 0, size+1)
			rc.retire(b)
			if got := rc.alloc(size + 1); same(got, b) {
				t.Fatal("reused a buffer of a size it does not make")
			}
		}},
		{"small", func(t *testing.T, rc *recycler) {
			b := make([]byte, 0, minRecycled/2)
			rc.retire(b)
			if got := rc.alloc(minRecycled / 2); same(got, b) {
				t.Fatal("reused a small buffer")
			}
		}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) { s.run(t, newRecycler(2)) })
	}
	var nilRec *recycler
	if b := nilRec.alloc(n); cap(b) < n {
		t.Fatal("a nil recycler does not allocate")
	}
}

// TestReadHistoryRecycled checks histories against git when the pass's
// cache is so small that the large trees of a folder with 700 files are
// evicted all the time and their buffers reused by three workers at once:
// a buffer reused while a worker still reads it would change the diffs.
func TestReadHistoryRecycled(t *testing.T) {
	needGit(t)
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			t.Parallel()
			commits := withBigFolder(randomCommits(seed, 80), seed)
			dir := t.TempDir()
			buildRepo(t, dir, commits)
			packRepo(t, dir, []string{"fast-import", "gc", "ref-delta"}[seed%3])
			var paths []string
			for _, p := range artifactPaths(commits, "") {
				if !strings.HasPrefix(p, "big/") || strings.HasSuffix(p, "0.md") {
					paths = append(paths, p)
				}
			}
			hp := &historyPass{ctx: context.Background(), workers: 3, cacheSize: 200 << 10}
			checkHistoryWith(t, hp, dir, "", paths)
			if hp.reused == 0 {
				t.Fatal("no buffer was reused: the test does not test recycling")
			}
		})
	}
}

// withBigFolder adds to each commit a folder big/ of 700 files, of which
// each commit with one parent changes a few (a merge keeps its first
// parent's).
func withBigFolder(commits []genCommit, seed uint64) []genCommit {
	rng := rand.New(rand.NewPCG(seed, 11))
	big := make([]map[string]string, len(commits))
	for i := range commits {
		m := map[string]string{}
		if ps := commits[i].parents; len(ps) > 0 {
			for k, v := range big[ps[0]] {
				m[k] = v
			}
		} else {
			for f := 0; f < 700; f++ {
				m[fmt.Sprintf("big/f%04d.md", f)] = "v0\n"
			}
		}
		if len(commits[i].parents) < 2 {
			for k := rng.IntN(4); k > 0; k-- {
				m[fmt.Sprintf("big/f%04d.md", rng.IntN(700))] = fmt.Sprintf("v%d\n", i)
			}
		}
		big[i] = m
		files := make(map[string]genFile, len(commits[i].files)+len(m))
		for k, v := range commits[i].files {
			files[k] = v
		}
		for k, v := range m {
			files[k] = genFile{content: v}
		}
		commits[i].files = files
	}
	return commits
}
