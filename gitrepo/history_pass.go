package gitrepo

import (
	"context"
	"errors"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// readHistory reads, in one pass from start back to the root, the history of
// paths (slash paths relative to the lint root, which is prefix below the
// repository root).
//
// Each path's changes are what `git log -- PATH` lists, in its order: git's
// default history simplification. A commit with one parent changed the path
// when the path's entry (object and mode; absent counts) differs from the
// parent's. At a merge, the history of the path follows the first parent
// whose entry equals the merge's, and the merge is not listed; when no
// parent's does (a conflict resolved by hand, or an evil merge), the merge
// is listed and the history follows every parent. A root commit changed the
// path when it has it. The history goes on past the commit that added a path,
// as git's does: a path deleted and added again lists its earlier life too.
// Like git log without --topo-order, commits come out newest first by
// committer date along each path's walk, so a commit dated before its parent
// can be listed after it.
//
// The pass runs in three steps:
//
//  1. It lists every commit reachable from start, with its tree and parents,
//     from the commit-graph file when there is one.
//  2. Workers (one per processor) compare each commit with its first parent,
//     reading only the trees on the way to the paths and skipping folders
//     whose hashes are equal, and a merge with its other parents for the
//     paths that changed against the first. Each tree is read once while it
//     is needed: a parent's trees are read again as the next commit's.
//  3. One walk from start applies git's simplification to all paths at once:
//     it carries, to each commit, the set of paths whose simplified history
//     goes through it, as a bit set (shared, not copied, along a chain of
//     commits), and orders the commits as git log does for each path.
//
// Each step checks ctx before every commit it handles: once ctx is done,
// the pass stops and returns ctx.Err(), never a partial history.
func readHistory(ctx context.Context, repo *git.Repository, start *object.Commit, prefix string, paths []string) (*History, error) {
	return (&historyPass{ctx: ctx}).read(repo, start, prefix, paths)
}

// A historyPass is one run of readHistory.
type historyPass struct {
	ctx context.Context
	// workers is how many goroutines step 2 uses; 0 is one per processor,
	// up to 8 (fewer for a short history).
	workers int
	// cacheSize, when not 0, replaces the bound of the cache of resolved
	// objects (tests make it small, so that objects are evicted and their
	// buffers reused).
	cacheSize int
	// reused counts the buffers step 2 reused (for tests).
	reused int
	// onCommit, when set, is called after each commit a step (1, 2 or 3)
	// handled, from the goroutine that handled it: tests cancel ctx through
	// it.
	onCommit func(step int)
}

// stopped returns ctx.Err() once the pass's context is done, else nil. It
// does not block and costs a channel check: it runs once per commit.
func (hp *historyPass) stopped() error {
	select {
	case <-hp.ctx.Done():
		return hp.ctx.Err()
	default:
		return nil
	}
}

// handled reports that step handled one more commit.
func (hp *historyPass) handled(step int) {
	if hp.onCommit != nil {
		hp.onCommit(step)
	}
}

func (hp *historyPass) read(repo *git.Repository, start *object.Commit, prefix string, paths []string) (*History, error) {
	if err := hp.stopped(); err != nil {
		return nil, err
	}
	h := &History{Head: commitOf(start), paths: make(map[string]*PathHistory, len(paths))}
	if len(paths) == 0 {
		h.readBlob = storerBlobReader(hp.ctx, repo)
		return h, nil
	}
	full := paths
	if prefix != "" {
		full = make([]string, len(paths))
		for i, p := range paths {
			full[i] = prefix + "/" + p
		}
	}
	st, err := openObjectStore(repo.Storer)
	if err != nil {
		return nil, err
	}
	if hp.cacheSize > 0 {
		st.cache = newObjectCache(hp.cacheSize)
	}
	// The store stays open for reading earlier versions (History.ReadBlob)
	// once the pass has succeeded; it is closed on every other way out.
	kept := false
	defer func() {
		if !kept {
			st.close()
		}
	}()
	g, err := hp.loadGraph(repo, st, start)
	if err != nil {
		return nil, err
	}
	trie := newPathTrie(full)
	diffs, err := hp.diffCommits(st, g, trie, full, prefix)
	if err != nil {
		return nil, err
	}
	lists, err := hp.walkHistory(g, diffs, len(paths))
	if err != nil {
		return nil, err
	}

	hashes := make([]string, len(g.hashes))
	for i, p := range paths {
		if err := hp.stopped(); err != nil {
			return nil, err
		}
		ph := &PathHistory{}
		h.paths[p] = ph
		if len(lists[i]) == 0 {
			continue
		}
		ph.Changes = make([]Change, len(lists[i]))
		var added *listed
		for k := range lists[i] {
			l := &lists[i][k]
			c := l.commit
			if hashes[c] == "" {
				hashes[c] = g.hashes[c].String()
			}
			info := g.info[c]
			info.Hash = hashes[c]
			ch := l.change
			ph.Changes[k] = Change{Commit: info, Blob: ch.after.blob(), Before: ch.prior.blob()}
			if added == nil && ch.added() {
				added = l
			}
		}
		if added != nil && len(g.parents(added.commit)) == 1 {
			ph.RenamedFrom = renamedFrom(diffs[added.commit].renames, p)
		}
	}
	kept = true
	h.keepStore(hp.ctx, st)
	return h, nil
}

// renamedFrom returns the path that p was renamed from by the commit that
// added it, if that was an exact rename: only renames without edits are
// found, as telling others takes comparing contents (git's -M100%).
func renamedFrom(rs []renamed, p string) string {
	for _, r := range rs {
		if r.to == p {
			return r.from
		}
	}
	return ""
}

// storerBlobReader reads blobs through the repository's storer, one at a
// time: go-git's storage is not safe for concurrent use. It serves a
// history without paths, which has no earlier versions to read.
func storerBlobReader(ctx context.Context, repo *git.Repository) func(string) ([]byte, error) {
	var mu sync.Mutex
	return func(hash string) ([]byte, error) {
		if !plumbing.IsHash(hash) {
			return nil, errors.New("not a blob hash: " + hash)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		mu.Lock()
		defer mu.Unlock()
		return readBlob(repo.Storer, plumbing.NewHash(hash))
	}
}

// A commitDiff is what step 2 found about one commit.
type commitDiff struct {
	// changes are the paths whose entries differ from the first parent's
	// (from an empty tree at a root commit), by path number; at a merge,
	// each says which later parent, if any, has the merge's entry.
	changes []fileChange
	// renames are the exact renames below the lint root of a commit with
	// one parent that added a path.
	renames []renamed
}

// A renamed file moved, unchanged, from one path to another (relative to
// the lint root).
type renamed struct {
	from, to string
}

// diffCommits compares every commit of g with its parents (step 2).
func (hp *historyPass) diffCommits(st *objectStore, g *commitGraph, trie *pathTrie, paths []string, prefix string) ([]commitDiff, error) {
	diffs := make([]commitDiff, len(g.hashes))
	workers := min(runtime.GOMAXPROCS(0), 8, 1+len(g.order)/64)
	if hp.workers > 0 {
		workers = hp.workers
	}
	const chunk = 16
	var next atomic.Int64
	var failed atomic.Bool
	errs := make([]error, workers)
	// The cache's evicted objects are reused while the workers run only.
	rec := newRecycler(workers)
	st.cache.rec = rec
	defer func() {
		st.cache.rec = nil
		hp.reused = rec.reused
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rd := st.reader()
			d := newDiffer(trie, rd)
			for !failed.Load() {
				from := int(next.Add(chunk)) - chunk
				if from >= len(g.order) {
					return
				}
				for _, c := range g.order[from:min(from+chunk, len(g.order))] {
					err := hp.stopped()
					if err == nil {
						rec.enter(w)
						err = diffCommit(d, g, c, diffs, paths, prefix)
						rec.leave(w)
					}
					if err != nil {
						errs[w] = err
						failed.Store(true)
						return
					}
					hp.handled(2)
				}
			}
		}()
	}
	wg.Wait()
	if err := hp.stopped(); err != nil {
		return nil, err // not a worker's error that the cancellation caused
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return diffs, nil
}

func diffCommit(d *differ, g *commitGraph, c int32, diffs []commitDiff, paths []string, prefix string) error {
	if !g.known[c] {
		data, err := d.rd.want(g.hashes[c], plumbing.CommitObject)
		if err != nil {
			return err
		}
		pc, err := parseCommit(data)
		if err != nil {
			return err
		}
		g.info[c] = pc.info
	}
	ps := g.parents(c)
	var first plumbing.Hash
	if len(ps) > 0 {
		first = g.trees[ps[0]]
	}
	d.restrict = false
	changes, err := d.diff(g.trees[c], first)
	if err != nil {
		return err
	}
	for i := 1; i < len(ps) && len(changes) > 0; i++ {
		d.mark(changes, paths)
		other, err := d.diff(g.trees[c], g.trees[ps[i]])
		if err != nil {
			return err
		}
		// Entries the diff did not report equal the merge's.
		k := 0
		for j := range changes {
			if changes[j].same != 0 {
				continue
			}
			for k < len(other) && other[k].file < changes[j].file {
				k++
			}
			if k == len(other) || other[k].file != changes[j].file {
				changes[j].same = int32(i)
			}
		}
	}
	diffs[c].changes = changes
	if len(ps) == 1 {
		for _, ch := range changes {
			if ch.added() {
				diffs[c].renames, err = d.renames(g.trees[c], first, prefix)
				break
			}
		}
	}
	return err
}

// renames finds the exact renames below prefix between the trees b (the
// parent's) and a (the commit's) as `git diff -M100%` does: each file added
// (in the order of the diff) takes a deleted file with the same blob (and
// mode, unless both are regular files) that no earlier one took, one with
// the same base name first, else the first.
func (d *differ) renames(a, b plumbing.Hash, prefix string) ([]renamed, error) {
	var err error
	if prefix != "" {
		for _, name := range strings.Split(prefix, "/") {
			if a, err = d.lookupDir(a, name); err != nil {
				return nil, err
			}
			if b, err = d.lookupDir(b, name); err != nil {
				return nil, err
			}
		}
	}
	type file struct {
		path  string
		entry treeEntry
		used  bool
	}
	var added, deleted []file
	var walk func(dir string, a, b plumbing.Hash) error
	walk = func(dir string, a, b plumbing.Hash) error {
		if a == b {
			return nil
		}
		ta, err := d.tree(a)
		if err != nil {
			return err
		}
		tb, err := d.tree(b)
		if err != nil {
			return err
		}
		return diffRaw(ta, tb, func(x, y rawEntry) error {
			name := x.name
			if name == nil {
				name = y.name
			}
			p := string(name)
			if dir != "" {
				p = dir + "/" + p
			}
			if x.mode == modeDir || y.mode == modeDir {
				var ha, hb plumbing.Hash
				if x.mode == modeDir {
					ha = plumbing.Hash(x.hash)
				}
				if y.mode == modeDir {
					hb = plumbing.Hash(y.hash)
				}
				return walk(p, ha, hb)
			}
			switch {
			case x.name == nil:
				deleted = append(deleted, file{path: p, entry: y.entry()})
			case y.name == nil:
				added = append(added, file{path: p, entry: x.entry()})
			}
			return nil
		})
	}
	if err := walk("", a, b); err != nil {
		return nil, err
	}
	var out []renamed
	for _, to := range added {
		var best *file
		for i := range deleted {
			from := &deleted[i]
			if from.used || from.entry.hash != to.entry.hash {
				continue
			}
			regular := func(m uint32) bool { return m == modeFile || m == modeExec }
			if (!regular(from.entry.mode) || !regular(to.entry.mode)) && from.entry.mode != to.entry.mode {
				continue
			}
			if best == nil {
				best = from
			}
			if path.Base(from.path) == path.Base(to.path) {
				best = from
				break
			}
		}
		if best != nil {
			best.used = true
			out = append(out, renamed{from: best.path, to: to.path})
		}
	}
	return out, nil
}

// lookupDir returns the hash of the folder name in the tree h, or the zero
// hash.
func (d *differ) lookupDir(h plumbing.Hash, name string) (plumbing.Hash, error) {
	t, err := d.tree(h)
	if err != nil || t == nil {
		return plumbing.ZeroHash, err
	}
	for i := 0; i < len(t); {
		e, err := parseEntry(t, i)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if e.mode == modeDir && string(e.name) == name {
			return plumbing.Hash(e.hash), nil
		}
		i = e.end
	}
	return plumbing.ZeroHash, nil
}
