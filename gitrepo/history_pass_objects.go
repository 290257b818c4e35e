package gitrepo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/hash"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// The history pass reads tens of thousands of commits and trees, most of
// them stored as deltas in a packfile. go-git's object storage is built for
// reading a few objects: each object it caches is hashed again, a tree
// larger than 16 KiB is re-read through a newly opened file on every read,
// and a Tree is decoded into a slice of entries with a string per name. So
// the pass reads the packs itself, through go-git's pack index and pack
// scanner and its delta patcher, keeps the resolved objects it will need
// again (delta bases, the trees a parent shares with its child) in a cache
// keyed by pack offset, and leaves trees as raw bytes (history_pass_trees.go).
// Objects found in no pack (loose objects, alternates) come from the
// repository's storer.

// An objectStore holds what the workers of one history pass share: the
// packs, mapped into memory where the system allows, and the cache of
// resolved objects. Each worker reads through its own objectReader.
type objectStore struct {
	packs  []*packData
	cache  objectCache
	mu     sync.Mutex // go-git's storer is not safe for concurrent use
	storer storer.EncodedObjectStorer
}

// A packData is one pack: its index and its bytes.
type packData struct {
	idx  *idxfile.MemoryIndex
	data []byte       // the mapped pack, or nil
	file packFile     // read through when data is nil
	size int64        // of the pack file
	done func() error // unmaps and closes
}

// openObjectStore finds the packs of a filesystem storer. Any other storer
// (a repository in memory, in tests) is read through the storer alone.
func openObjectStore(s storer.EncodedObjectStorer) (*objectStore, error) {
	st := &objectStore{storer: s, cache: newObjectCache(32 << 20)}
	fss, ok := s.(*filesystem.Storage)
	if !ok {
		return st, nil
	}
	fs := fss.Filesystem()
	dir := path.Join("objects", "pack")
	infos, err := fs.ReadDir(dir)
	if err != nil {
		return st, nil // no pack yet
	}
	open := func(name string) (packFile, error) { return fs.Open(name) }
	// A pack is mapped through the operating system's file, found below the
	// storage's root (go-git's files hide theirs).
	var osOpen func(string) (*os.File, error)
	if r, ok := fs.(interface{ Root() string }); ok && r.Root() != "" {
		osOpen = func(name string) (*os.File, error) { return os.Open(filepath.Join(r.Root(), filepath.FromSlash(name))) }
	}
	for _, fi := range infos {
		name := fi.Name()
		if !strings.HasPrefix(name, "pack-") || !strings.HasSuffix(name, ".pack") {
			continue
		}
		p, err := openPack(open, osOpen, path.Join(dir, strings.TrimSuffix(name, ".pack")))
		if err != nil {
			st.close()
			return nil, err
		}
		if p != nil {
			st.packs = append(st.packs, p)
		}
	}
	return st, nil
}

// A packFile is an open file of the repository's storage.
type packFile interface {
	io.Reader
	io.ReaderAt
	io.Seeker
	io.Closer
}

// openPack reads a pack's index and maps the pack; it returns nil for a
// pack without an index (one being written).
func openPack(open func(string) (packFile, error), osOpen func(string) (*os.File, error), base string) (*packData, error) {
	f, err := open(base + ".idx")
	if err != nil {
		return nil, nil
	}
	idx := idxfile.NewMemoryIndex()
	err = idxfile.NewDecoder(f).Decode(idx)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("read %s.idx: %w", base, err)
	}
	pf, err := open(base + ".pack")
	if err != nil {
		return nil, nil
	}
	size, err := pf.Seek(0, io.SeekEnd)
	if err != nil {
		pf.Close()
		return nil, err
	}
	p := &packData{idx: idx, file: pf, size: size, done: pf.Close}
	if osOpen == nil {
		return p, nil
	}
	of, err := osOpen(base + ".pack")
	if err != nil {
		return p, nil
	}
	defer of.Close() // a mapping outlives its file
	if fi, err := of.Stat(); err != nil || fi.Size() != size {
		return p, nil
	}
	if data, unmap, ok := mapFile(of, size); ok {
		p.data = data
		p.done = func() error {
			err := unmap()
			if cerr := pf.Close(); err == nil {
				err = cerr
			}
			return err
		}
	}
	return p, nil
}

func (st *objectStore) close() error {
	var err error
	for _, p := range st.packs {
		if cerr := p.done(); err == nil {
			err = cerr
		}
	}
	st.packs = nil
	return err
}

// An objectReader reads objects for one goroutine: a pack scanner is not
// safe for concurrent use.
type objectReader struct {
	st       *objectStore
	scanners []*packfile.Scanner
	deltas   [][]byte // scratch for delta data, by depth
}

func (st *objectStore) reader() *objectReader {
	r := &objectReader{st: st, scanners: make([]*packfile.Scanner, len(st.packs))}
	for i, p := range st.packs {
		var rs io.ReadSeeker
		if p.data != nil {
			rs = bytes.NewReader(p.data)
		} else {
			rs = io.NewSectionReader(p.file, 0, p.size)
		}
		r.scanners[i] = packfile.NewScanner(rs)
	}
	return r
}

// errNotFound says an object is in none of the repository's stores.
var errNotFound = errors.New("object not found")

// object returns the type and content of the object h. The content may be
// shared through the cache: callers must not change it.
func (r *objectReader) object(h plumbing.Hash) (plumbing.ObjectType, []byte, error) {
	return r.objectAt(h, 0)
}

// objectAt reads the object h as the base of a delta at depth (0 for an
// object asked for).
func (r *objectReader) objectAt(h plumbing.Hash, depth int) (plumbing.ObjectType, []byte, error) {
	for i, p := range r.st.packs {
		if off, ok := findOffset(p.idx, h); ok {
			return r.packed(i, off, depth)
		}
	}
	return r.st.loose(h)
}

// loose reads an object that is in no pack through the storer.
func (st *objectStore) loose(h plumbing.Hash) (plumbing.ObjectType, []byte, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	o, err := st.storer.EncodedObject(plumbing.AnyObject, h)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return 0, nil, fmt.Errorf("%w: %s", errNotFound, h)
	}
	if err != nil {
		return 0, nil, err
	}
	rc, err := o.Reader()
	if err != nil {
		return 0, nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	return o.Type(), data, err
}

// want returns the content of h, which must be of type t.
func (r *objectReader) want(h plumbing.Hash, t plumbing.ObjectType) ([]byte, error) {
	typ, data, err := r.object(h)
	if err != nil {
		return nil, err
	}
	if typ != t {
		return nil, fmt.Errorf("object %s is a %s, not a %s", h, typ, t)
	}
	return data, nil
}

// findOffset looks h up in a pack index. It stands in for the index's
// FindOffset, which also records each offset it finds in a map, under a lock
// the workers would contend for, for a reverse lookup the pass never makes.
func findOffset(idx *idxfile.MemoryIndex, h plumbing.Hash) (int64, bool) {
	k := idx.FanoutMapping[h[0]]
	if k < 0 || k >= len(idx.Names) {
		return 0, false
	}
	names := idx.Names[k]
	lo, hi := 0, len(names)/hash.Size
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		switch c := bytes.Compare(h[:], names[mid*hash.Size:(mid+1)*hash.Size]); {
		case c == 0:
			off := binary.BigEndian.Uint32(idx.Offset32[k][mid*4:])
			if off&(1<<31) == 0 {
				return int64(off), true
			}
			at := int(off&^(1<<31)) * 8
			if at+8 > len(idx.Offset64) {
				return 0, false
			}
			return int64(binary.BigEndian.Uint64(idx.Offset64[at:])), true
		case c < 0:
			hi = mid
		default:
			lo = mid + 1
		}
	}
	return 0, false
}

// maxDeltaDepth bounds a delta chain, as a defence against a corrupt pack.
const maxDeltaDepth = 10000

// packed resolves the object at off in pack i, applying deltas on bases
// read (or found in the cache) first.
func (r *objectReader) packed(i int, off int64, depth int) (plumbing.ObjectType, []byte, error) {
	key := cacheKey{pack: int32(i), off: off}
	if o, ok := r.st.cache.get(key); ok {
		return o.typ, o.data, nil
	}
	if depth > maxDeltaDepth {
		return 0, nil, errors.New("delta chain too long")
	}
	sc := r.scanners[i]
	h, err := sc.SeekObjectHeader(off)
	if err != nil {
		return 0, nil, fmt.Errorf("read pack object at %d: %w", off, err)
	}
	var typ plumbing.ObjectType
	var data []byte
	switch h.Type {
	case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
		w := sliceWriter(r.st.cache.rec.alloc(int(min(h.Length, 1<<24)))) // the length may lie
		if _, _, err := sc.NextObject(&w); err != nil {
			return 0, nil, err
		}
		typ, data = h.Type, w
	case plumbing.OFSDeltaObject, plumbing.REFDeltaObject:
		for len(r.deltas) <= depth {
			r.deltas = append(r.deltas, nil)
		}
		w := sliceWriter(r.deltas[depth][:0])
		if _, _, err := sc.NextObject(&w); err != nil {
			return 0, nil, err
		}
		r.deltas[depth] = w
		var base []byte
		if h.Type == plumbing.OFSDeltaObject {
			typ, base, err = r.packed(i, h.OffsetReference, depth+1)
		} else {
			typ, base, err = r.objectAt(h.Reference, depth+1)
		}
		if err != nil {
			return 0, nil, err
		}
		if data, err = patchDelta(base, r.deltas[depth], r.st.cache.rec.alloc); err != nil {
			return 0, nil, fmt.Errorf("read pack object at %d: %w", off, err)
		}
	default:
		return 0, nil, fmt.Errorf("read pack object at %d: type %v", off, h.Type)
	}
	r.st.cache.put(key, cachedObject{typ: typ, data: data})
	return typ, data, nil
}

// A sliceWriter appends what is written to it.
type sliceWriter []byte

func (w *sliceWriter) Write(p []byte) (int, error) {
	*w = append(*w, p...)
	return len(p), nil
}

type cacheKey struct {
	pack int32
	off  int64
}

type cachedObject struct {
	typ  plumbing.ObjectType
	data []byte
}

// An objectCache keeps recently used objects in two generations: when the
// young one is full it becomes the old one, and an object found in the old
// generation moves back to the young one. That is nearly an LRU at the cost
// of two map lookups, and holds at most limit bytes.
type objectCache struct {
	mu         sync.Mutex
	young, old map[cacheKey]cachedObject
	size, half int
	// rec, when set, takes the objects the cache evicts, for reuse.
	rec *recycler
}

func newObjectCache(limit int) objectCache {
	return objectCache{young: map[cacheKey]cachedObject{}, half: limit / 2}
}

func (c *objectCache) get(k cacheKey) (cachedObject, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if o, ok := c.young[k]; ok {
		return o, true
	}
	o, ok := c.old[k]
	if ok {
		delete(c.old, k)
		c.add(k, o)
	}
	return o, ok
}

func (c *objectCache) put(k cacheKey, o cachedObject) {
	if len(o.data) > c.half/2 {
		return
	}
	c.mu.Lock()
	c.add(k, o)
	c.mu.Unlock()
}

func (c *objectCache) add(k cacheKey, o cachedObject) {
	if c.size+len(o.data) > c.half {
		if c.rec != nil {
			for _, e := range c.old {
				c.rec.retire(e.data)
			}
		}
		c.old, c.young, c.size = c.young, make(map[cacheKey]cachedObject, len(c.young)), 0
	}
	c.young[k] = o
	c.size += len(o.data)
}
