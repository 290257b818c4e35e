package gitrepo

import (
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"path"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	commitgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// A commitGraph is every commit reachable from the start of a history pass,
// numbered in the order they were found (start is 0).
type commitGraph struct {
	hashes []plumbing.Hash
	trees  []plumbing.Hash
	when   []int64 // committer date, Unix seconds: what git log orders by
	// parents of commit c are parentList[parentAt[c] : parentAt[c]+parentN[c]].
	parentAt   []int32
	parentN    []int32
	parentList []int32
	// info is each commit as reports show it (Hash left empty), when known
	// is set; the commit-graph file does not hold it.
	info  []Commit
	known []bool
	// order is the order in which step 2 compares commits: newest first,
	// so that a tree read for a commit is still cached for its parent and
	// delta bases are read before the objects based on them.
	order []int32
}

func (g *commitGraph) parents(c int32) []int32 {
	return g.parentList[g.parentAt[c] : g.parentAt[c]+g.parentN[c]]
}

// loadGraph lists the commits reachable from start (step 1), newest first.
// It reads each commit's tree, parents and date from the commit-graph file
// when that has it, and from the commit object otherwise.
func (hp *historyPass) loadGraph(repo *git.Repository, st *objectStore, start *object.Commit) (*commitGraph, error) {
	g := &commitGraph{}
	cg := openCommitGraph(repo)
	if cg != nil {
		defer cg.Close()
	}
	rd := st.reader()
	ids := map[plumbing.Hash]int32{}
	parentHashes := [][]plumbing.Hash{}
	read := func(h plumbing.Hash) (parsedCommit, bool, error) {
		if cg != nil {
			if i, err := cg.GetIndexByHash(h); err == nil {
				data, err := cg.GetCommitDataByIndex(i)
				if err != nil {
					return parsedCommit{}, false, err
				}
				return parsedCommit{tree: data.TreeHash, parents: data.ParentHashes, when: data.When.Unix()}, false, nil
			}
		}
		data, err := rd.want(h, plumbing.CommitObject)
		if err != nil {
			return parsedCommit{}, false, fmt.Errorf("read commit %s: %w", h, err)
		}
		pc, err := parseCommit(data)
		if err != nil {
			return parsedCommit{}, false, fmt.Errorf("read commit %s: %w", h, err)
		}
		return pc, true, nil
	}
	add := func(h plumbing.Hash) (int32, error) {
		id := int32(len(g.hashes))
		pc, known, err := read(h)
		if err != nil {
			return 0, err
		}
		ids[h] = id
		g.hashes = append(g.hashes, h)
		g.trees = append(g.trees, pc.tree)
		g.when = append(g.when, pc.when)
		g.info = append(g.info, pc.info)
		g.known = append(g.known, known)
		parentHashes = append(parentHashes, pc.parents)
		return id, nil
	}
	q := &dateQueue{when: &g.when}
	if _, err := add(start.Hash); err != nil {
		return nil, err
	}
	heap.Push(q, int32(0))
	g.parentAt = make([]int32, 0, 1024)
	for q.Len() > 0 {
		if err := hp.stopped(); err != nil {
			return nil, err
		}
		c := heap.Pop(q).(int32)
		g.order = append(g.order, c)
		for int(c) >= len(g.parentAt) {
			g.parentAt = append(g.parentAt, 0)
			g.parentN = append(g.parentN, 0)
		}
		g.parentAt[c] = int32(len(g.parentList))
		g.parentN[c] = int32(len(parentHashes[c]))
		for _, ph := range parentHashes[c] {
			p, ok := ids[ph]
			if !ok {
				var err error
				if p, err = add(ph); err != nil {
					return nil, err
				}
				heap.Push(q, p)
			}
			g.parentList = append(g.parentList, p)
		}
		hp.handled(1)
	}
	return g, nil
}

// A dateQueue hands out commits newest first, in the order they came for
// equal dates.
type dateQueue struct {
	when  *[]int64
	items []int32
}

func (q *dateQueue) Len() int { return len(q.items) }
func (q *dateQueue) Less(i, j int) bool {
	wi, wj := (*q.when)[q.items[i]], (*q.when)[q.items[j]]
	if wi != wj {
		return wi > wj
	}
	return q.items[i] < q.items[j] // numbered as found
}
func (q *dateQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *dateQueue) Push(x any)    { q.items = append(q.items, x.(int32)) }
func (q *dateQueue) Pop() any {
	x := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return x
}

// openCommitGraph opens the repository's commit-graph file (or chain), read
// into memory, or returns nil when there is none or it cannot be read:
// commits then come from their objects.
func openCommitGraph(repo *git.Repository) commitgraph.Index {
	fss, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return nil
	}
	fs := fss.Filesystem()
	read := func(name string) (commitgraph.ReaderAtCloser, error) {
		f, err := fs.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			return nil, err
		}
		return memFile{bytes.NewReader(data)}, nil
	}
	info := path.Join("objects", "info")
	if r, err := read(path.Join(info, "commit-graph")); err == nil {
		idx, err := commitgraph.OpenFileIndex(r)
		if err != nil {
			return nil
		}
		return idx
	}
	r, err := read(path.Join(info, "commit-graphs", "commit-graph-chain"))
	if err != nil {
		return nil
	}
	chain, err := commitgraph.OpenChainFile(r.(memFile))
	if err != nil {
		return nil
	}
	var idx commitgraph.Index
	for _, h := range chain {
		r, err := read(path.Join(info, "commit-graphs", "graph-"+h+".graph"))
		if err == nil {
			idx, err = commitgraph.OpenFileIndexWithParent(r, idx)
		}
		if err != nil {
			if idx != nil {
				idx.Close()
			}
			return nil
		}
	}
	return idx
}

type memFile struct{ *bytes.Reader }

func (memFile) Close() error { return nil }

// A parsedCommit is what the history pass reads from a commit object.
type parsedCommit struct {
	tree    plumbing.Hash
	parents []plumbing.Hash
	when    int64 // committer date, Unix seconds
	info    Commit
}

var errBadCommit = errors.New("malformed commit object")

// parseCommit reads a raw commit object as go-git's decoder does (and so
// commitOf would convert it): a tree line first, then the parent lines,
// the author line if it comes next, the committer line if it comes next,
// other headers up to a blank line, and the message.
func parseCommit(data []byte) (parsedCommit, error) {
	var pc parsedCommit
	line := func() ([]byte, bool) {
		if len(data) == 0 {
			return nil, false
		}
		i := bytes.IndexByte(data, '\n')
		var l []byte
		if i < 0 {
			l, data = data, nil
		} else {
			l, data = data[:i+1], data[i+1:]
		}
		return l, true
	}
	header := func(l []byte) (string, []byte) {
		l = bytes.TrimSuffix(l, []byte("\n"))
		k, v, _ := bytes.Cut(l, []byte(" "))
		return string(k), v
	}
	l, ok := line()
	if !ok {
		return pc, errBadCommit
	}
	k, v := header(l)
	if k != "tree" || !plumbing.IsHash(string(v)) {
		return pc, errBadCommit
	}
	pc.tree = plumbing.NewHash(string(v))
	var author, committer object.Signature
	state := 0 // 0 parents, 1 author, 2 committer, 3 other headers
	for {
		l, ok = line()
		if !ok {
			break
		}
		if len(l) == 1 && l[0] == '\n' {
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				data = data[:i]
			}
			pc.info.Subject = string(data)
			break
		}
		k, v = header(l)
		if state == 0 {
			if k == "parent" {
				if !plumbing.IsHash(string(v)) {
					return pc, errBadCommit
				}
				pc.parents = append(pc.parents, plumbing.NewHash(string(v)))
				continue
			}
			state = 1
		}
		if state == 1 {
			state = 2
			if k == "author" {
				author.Decode(v)
				continue
			}
		}
		if state == 2 {
			state = 3
			if k == "committer" {
				committer.Decode(v)
				continue
			}
		}
	}
	pc.info.Author, pc.info.Email = author.Name, author.Email
	pc.info.When = committer.When.UTC()
	if !committer.When.IsZero() {
		pc.when = committer.When.Unix()
	}
	return pc, nil
}
