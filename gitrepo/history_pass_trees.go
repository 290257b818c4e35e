package gitrepo

import (
	"bytes"
	"cmp"
	"errors"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// A pathTrie holds the artifact paths by folder, so that comparing two
// commits reads only the trees on the way to an artifact.
type pathTrie struct {
	dirs  []trieDir // dirs[0] is the repository's root
	files int       // paths, numbered as given
}

type trieDir struct {
	children map[string]trieChild
}

// A trieChild is what a name in a folder leads to: an artifact, a folder
// holding artifacts, or (in a tree where a path is both) both; -1 is none.
type trieChild struct {
	file, dir int32
}

// newPathTrie builds the trie of paths, which are repository paths.
func newPathTrie(paths []string) *pathTrie {
	t := &pathTrie{dirs: []trieDir{{children: map[string]trieChild{}}}, files: len(paths)}
	for i, p := range paths {
		d := int32(0)
		for {
			name, rest, more := strings.Cut(p, "/")
			c, ok := t.dirs[d].children[name]
			if !ok {
				c = trieChild{file: -1, dir: -1}
			}
			if !more {
				c.file = int32(i)
				t.dirs[d].children[name] = c
				break
			}
			if c.dir < 0 {
				c.dir = int32(len(t.dirs))
				t.dirs = append(t.dirs, trieDir{children: map[string]trieChild{}})
				t.dirs[d].children[name] = c
			}
			d, p = c.dir, rest
		}
	}
	return t
}

// A treeEntry is what a tree holds at a path: a mode (canonical, as git
// compares them) and an object; the zero entry is nothing.
type treeEntry struct {
	mode uint32
	hash plumbing.Hash
}

const (
	modeDir     = 0o040000
	modeFile    = 0o100644
	modeExec    = 0o100755
	modeLink    = 0o120000
	modeGitlink = 0o160000
)

// canonMode folds a tree entry's mode as git does before comparing: a
// regular file is 100644 or 100755, whatever else its permission bits say.
func canonMode(m uint32) uint32 {
	switch m & 0o170000 {
	case 0o100000:
		if m&0o100 != 0 {
			return modeExec
		}
		return modeFile
	case 0o040000:
		return modeDir
	case 0o120000:
		return modeLink
	}
	return modeGitlink
}

// isFile reports whether the entry is a file (a symbolic link included).
func (e treeEntry) isFile() bool { return e.mode != 0 && e.mode != modeDir && e.mode != modeGitlink }

// blob returns the entry's hash as a blob hash: "" when it is no file.
func (e treeEntry) blob() string {
	if !e.isFile() {
		return ""
	}
	return e.hash.String()
}

var errBadTree = errors.New("malformed tree object")

// A rawEntry is an entry parsed in place from a tree object's bytes.
type rawEntry struct {
	name []byte
	mode uint32 // canonical
	hash []byte
	end  int // where the next entry starts
}

// parseEntry parses the entry of tree t at i: "<octal mode> <name>\0<hash>".
func parseEntry(t []byte, i int) (rawEntry, error) {
	var m uint32
	j := i
	for ; j < len(t) && t[j] != ' '; j++ {
		c := t[j] - '0'
		if c > 7 {
			return rawEntry{}, errBadTree
		}
		m = m<<3 | uint32(c)
	}
	nul := bytes.IndexByte(t[j:], 0)
	if j == i || j >= len(t) || nul < 0 || j+nul+21 > len(t) {
		return rawEntry{}, errBadTree
	}
	nul += j
	return rawEntry{name: t[j+1 : nul], mode: canonMode(m), hash: t[nul+1 : nul+21], end: nul + 21}, nil
}

func (e rawEntry) entry() treeEntry {
	if e.name == nil {
		return treeEntry{}
	}
	return treeEntry{mode: e.mode, hash: plumbing.Hash(e.hash)}
}

// compareEntries orders entries as git sorts a tree: by name, a folder's
// name compared as if it ended in a slash.
func compareEntries(a, b rawEntry) int {
	n := min(len(a.name), len(b.name))
	if c := bytes.Compare(a.name[:n], b.name[:n]); c != 0 {
		return c
	}
	ca, cb := nameEnd(a, n), nameEnd(b, n)
	return int(ca) - int(cb)
}

func nameEnd(e rawEntry, n int) byte {
	if n < len(e.name) {
		return e.name[n]
	}
	if e.mode == modeDir {
		return '/'
	}
	return 0
}

// diffRaw calls visit for every name whose entries differ between the trees
// a and b (raw tree objects; nil is an empty tree), with the entry on each
// side (a zero rawEntry where there is none). A name that is a folder on
// one side and not on the other is visited twice, once for each entry.
//
// Two versions of a large folder usually differ in an entry or two, so it
// does not parse what the two trees share at their start and end: the
// bytes before the first difference are identical entries, and once both
// sides are at an entry boundary with the same remaining bytes, so are all
// the entries after it.
func diffRaw(a, b []byte, visit func(x, y rawEntry) error) error {
	n := min(len(a), len(b))
	k := commonPrefix(a, b, n)
	if k == len(a) && k == len(b) {
		return nil
	}
	s := commonSuffix(a, b, n-k)
	// The entry holding the first difference starts at i in both.
	i := 0
	for i < k {
		nul := bytes.IndexByte(a[i:k], 0)
		if nul < 0 || i+nul+21 > k {
			break
		}
		i += nul + 21
	}
	j := i
	for {
		if len(a)-i == len(b)-j && len(a)-i <= s {
			return nil
		}
		var x, y rawEntry
		var err error
		if i < len(a) {
			if x, err = parseEntry(a, i); err != nil {
				return err
			}
		}
		if j < len(b) {
			if y, err = parseEntry(b, j); err != nil {
				return err
			}
		}
		c := 0
		switch {
		case i >= len(a):
			c = 1
		case j >= len(b):
			c = -1
		default:
			c = compareEntries(x, y)
		}
		switch {
		case c == 0:
			if x.mode != y.mode || !bytes.Equal(x.hash, y.hash) {
				if err := visit(x, y); err != nil {
					return err
				}
			}
			i, j = x.end, y.end
		case c < 0:
			if err := visit(x, rawEntry{}); err != nil {
				return err
			}
			i = x.end
		default:
			if err := visit(rawEntry{}, y); err != nil {
				return err
			}
			j = y.end
		}
	}
}

// commonPrefix returns how many bytes a and b share at their start, up to n.
func commonPrefix(a, b []byte, n int) int {
	k := 0
	for k+256 <= n && bytes.Equal(a[k:k+256], b[k:k+256]) {
		k += 256
	}
	for k < n && a[k] == b[k] {
		k++
	}
	return k
}

// commonSuffix returns how many bytes a and b share at their end, up to n.
func commonSuffix(a, b []byte, n int) int {
	la, lb := len(a), len(b)
	k := 0
	for k+256 <= n && bytes.Equal(a[la-k-256:la-k], b[lb-k-256:lb-k]) {
		k += 256
	}
	for k < n && a[la-k-1] == b[lb-k-1] {
		k++
	}
	return k
}

// A fileChange is an artifact whose entry differs between a commit and a
// parent (or the empty tree, for a root commit).
type fileChange struct {
	file  int32
	after treeEntry // in the commit
	prior treeEntry // in the parent
	// same is, at a merge, the first parent after the first whose entry
	// equals the commit's: the parent the path's history continues in.
	// 0 when there is none (or the commit is no merge).
	same int32
}

// added reports whether the change added the file: no file before, one
// after.
func (c *fileChange) added() bool { return !c.prior.isFile() && c.after.isFile() }

// A differ compares commits' trees, restricted to the paths of a trie.
type differ struct {
	trie *pathTrie
	rd   *objectReader
	// With restrict, only the files and folders marked with the current
	// generation gen are compared.
	restrict bool
	fileMark []uint32
	dirMark  []uint32
	gen      uint32
	out      []fileChange
	stack    []diffFrame
}

type diffFrame struct {
	dir  int32
	a, b plumbing.Hash
}

func newDiffer(t *pathTrie, rd *objectReader) *differ {
	return &differ{trie: t, rd: rd, fileMark: make([]uint32, t.files), dirMark: make([]uint32, len(t.dirs))}
}

// diff returns the artifacts whose entries differ between the trees a (a
// commit's) and b (a parent's; the zero hash is the empty tree), sorted by
// file. Folders with equal hashes are skipped unread.
func (d *differ) diff(a, b plumbing.Hash) ([]fileChange, error) {
	d.out = d.out[:0]
	d.stack = append(d.stack[:0], diffFrame{dir: 0, a: a, b: b})
	for len(d.stack) > 0 {
		f := d.stack[len(d.stack)-1]
		d.stack = d.stack[:len(d.stack)-1]
		if err := d.diffDir(f); err != nil {
			return nil, err
		}
	}
	return d.sorted(), nil
}

func (d *differ) tree(h plumbing.Hash) ([]byte, error) {
	if h.IsZero() {
		return nil, nil
	}
	return d.rd.want(h, plumbing.TreeObject)
}

func (d *differ) diffDir(f diffFrame) error {
	if f.a == f.b {
		return nil
	}
	ta, err := d.tree(f.a)
	if err != nil {
		return err
	}
	tb, err := d.tree(f.b)
	if err != nil {
		return err
	}
	children := d.trie.dirs[f.dir].children
	return diffRaw(ta, tb, func(x, y rawEntry) error {
		name := x.name
		if name == nil {
			name = y.name
		}
		c, ok := children[string(name)]
		if !ok {
			return nil
		}
		if c.file >= 0 && (!d.restrict || d.fileMark[c.file] == d.gen) {
			d.out = append(d.out, fileChange{file: c.file, after: x.entry(), prior: y.entry()})
		}
		if c.dir >= 0 && (!d.restrict || d.dirMark[c.dir] == d.gen) {
			var ha, hb plumbing.Hash
			if x.mode == modeDir {
				ha = plumbing.Hash(x.hash)
			}
			if y.mode == modeDir {
				hb = plumbing.Hash(y.hash)
			}
			if ha != hb {
				d.stack = append(d.stack, diffFrame{dir: c.dir, a: ha, b: hb})
			}
		}
		return nil
	})
}

// sorted sorts the changes found by file and joins the two halves of a
// name that is a folder on one side: its entries were visited apart.
func (d *differ) sorted() []fileChange {
	out := d.out
	if len(out) == 0 {
		return nil
	}
	sortChanges(out)
	w := 0
	for r := 0; r < len(out); r++ {
		if w > 0 && out[w-1].file == out[r].file {
			if out[w-1].after.mode == 0 {
				out[w-1].after = out[r].after
			}
			if out[w-1].prior.mode == 0 {
				out[w-1].prior = out[r].prior
			}
			continue
		}
		out[w] = out[r]
		w++
	}
	res := make([]fileChange, 0, w)
	for _, c := range out[:w] {
		if c.after != c.prior {
			res = append(res, c)
		}
	}
	return res
}

// mark restricts the next diffs to files (and the folders on their way).
func (d *differ) mark(files []fileChange, paths []string) {
	d.gen++
	d.restrict = true
	for _, c := range files {
		if c.same != 0 {
			continue
		}
		d.fileMark[c.file] = d.gen
		dir := int32(0)
		p := paths[c.file]
		for {
			d.dirMark[dir] = d.gen
			name, rest, more := strings.Cut(p, "/")
			if !more {
				break
			}
			dir, p = d.trie.dirs[dir].children[name].dir, rest
		}
	}
}

func sortChanges(cs []fileChange) {
	slices.SortFunc(cs, func(a, b fileChange) int { return cmp.Compare(a.file, b.file) })
}
