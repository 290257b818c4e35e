package gitrepo

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage"
)

// maxLinkHops is how many symbolic links one lookup follows, as Linux does.
const maxLinkHops = 40

// ErrLinkEscape says that a symbolic link leads out of the commit's lint
// root or is absolute: like the working tree, the linted tree never reads
// what lies outside it. It is a kind of fs.ErrNotExist.
var ErrLinkEscape = fmt.Errorf("a symbolic link leads outside the linted folder: %w", fs.ErrNotExist)

// ErrLinkLoop says that symbolic links lead in a loop, or through more links
// than maxLinkHops. It is a kind of fs.ErrNotExist.
var ErrLinkLoop = fmt.Errorf("symbolic links lead in a loop: %w", fs.ErrNotExist)

// A commitFS is the tree of a commit, below the lint root, as an fs.FS: the
// working tree as the commit recorded it, without checking it out. Trees are
// read as they are reached and blobs when a file is opened. Symbolic links
// are followed while they stay inside the lint root. A submodule is the tree
// of the commit it records, read from the submodule's repository when that is
// at hand (in .git/modules, or checked out in the work tree); otherwise it is
// left out and notes says so.
//
// Objects are read from the packs directly (see objectStore), which stay open
// for the life of the FS: a file's size comes from its object's header in the
// pack, without inflating it, and its blob is inflated only when the file is
// read. The tree is read under mu; blobs are read in parallel, each reader
// with its own pack scanners.
type commitFS struct {
	mu    sync.Mutex
	root  *gitNode
	when  time.Time // the commit's date: every file's modification time
	notes []string  // submodules left out
	sizes *Sizes    // blob sizes shared with other commits' file systems; may be nil
}

// Sizes remembers the sizes of blobs by hash, for the file systems of
// several commits (Revision.ShareSizes): a blob's hash names its content,
// so its size is the same in every commit and repository. Reading a size
// from a pack can mean inflating the head of a delta; a run over many
// commits of one history (aims trend) reads each once. It is safe for
// concurrent use.
type Sizes struct {
	mu sync.Mutex
	m  map[plumbing.Hash]int64
}

// NewSizes returns an empty Sizes.
func NewSizes() *Sizes { return &Sizes{m: map[plumbing.Hash]int64{}} }

func (s *Sizes) get(h plumbing.Hash) (int64, bool) {
	if s == nil {
		return 0, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.m[h]
	return n, ok
}

func (s *Sizes) put(h plumbing.Hash, n int64) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[h] = n
}

// A gitNode is one entry of the tree.
type gitNode struct {
	name string
	mode fs.FileMode // fs.ModeDir, fs.ModeSymlink, or a regular file's permissions
	hash plumbing.Hash
	repo *gitModule // the repository the entry is stored in
	// repoPath is the entry's slash path in that repository, for finding
	// the submodules below a folder.
	repoPath string

	size   int64      // a blob's size; -1 until read
	target *string    // a symbolic link's target, once read
	kids   []*gitNode // a folder's entries by name, once read
	read   bool       // kids has been read
}

// A gitModule is a repository whose objects the tree reads: the linted one,
// or a submodule's.
type gitModule struct {
	store storage.Storer
	// workRoot is where the repository's work tree is checked out on disk,
	// "" for a bare repository or a submodule that is not checked out.
	workRoot string
	// root is the root tree of the commit, for reading .gitmodules.
	root plumbing.Hash
	// names maps submodule paths to their names, from .gitmodules; nil until read.
	names map[string]string
	// objects reads the repository's packs, and its other objects through
	// store.
	objects *objectStore
	mu      sync.Mutex      // guards readers
	readers []*objectReader // idle readers of objects, for reuse
}

// newGitModule opens the packs of store for reading. They are closed once
// the module is no longer used.
func newGitModule(store storage.Storer, workRoot string, root plumbing.Hash) (*gitModule, error) {
	st, err := openObjectStore(store)
	if err != nil {
		return nil, err
	}
	m := &gitModule{store: store, workRoot: workRoot, root: root, objects: st}
	runtime.AddCleanup(m, func(st *objectStore) { st.close() }, st)
	return m, nil
}

// reader returns a reader of the module's objects that no one else uses;
// done gives it back.
func (m *gitModule) reader() *objectReader {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := len(m.readers); n > 0 {
		r := m.readers[n-1]
		m.readers = m.readers[:n-1]
		return r
	}
	return m.objects.reader()
}

// done gives back a reader that reader returned.
func (m *gitModule) done(r *objectReader) {
	m.mu.Lock()
	m.readers = append(m.readers, r)
	m.mu.Unlock()
}

// object reads the object h, which must be of type t. Its content may be
// shared: callers must not change it.
func (m *gitModule) object(h plumbing.Hash, t plumbing.ObjectType) ([]byte, error) {
	r := m.reader()
	defer m.done(r)
	return r.want(h, t)
}

// size returns the size of the object h: in a pack, from its header, or
// for a delta from the head of the delta's data, which starts with the sizes
// of its base and of the object it makes; nothing else is inflated.
func (m *gitModule) size(h plumbing.Hash) (int64, error) {
	r := m.reader()
	defer m.done(r)
	for i, p := range r.st.packs {
		off, ok := findOffset(p.idx, h)
		if !ok {
			continue
		}
		sc := r.scanners[i]
		oh, err := sc.SeekObjectHeader(off)
		if err != nil {
			return 0, fmt.Errorf("read pack object at %d: %w", off, err)
		}
		switch oh.Type {
		case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
			return oh.Length, nil
		case plumbing.OFSDeltaObject, plumbing.REFDeltaObject:
			return deltaSize(sc)
		}
		return 0, fmt.Errorf("read pack object at %d: type %v", off, oh.Type)
	}
	m.objects.mu.Lock()
	defer m.objects.mu.Unlock()
	if s, ok := m.objects.storer.(interface {
		EncodedObjectSize(plumbing.Hash) (int64, error)
	}); ok {
		return s.EncodedObjectSize(h)
	}
	o, err := m.objects.storer.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		return 0, err
	}
	return o.Size(), nil
}

// deltaSize reads the size of the object a delta makes from the head of the
// delta's data, where the scanner stands: two sizes in git's variable-length
// encoding (seven bits a byte, least significant first), the base's and the
// result's.
func deltaSize(sc *packfile.Scanner) (int64, error) {
	rc, err := sc.ReadObject()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	var head [2 * binary.MaxVarintLen64]byte
	n, err := io.ReadFull(rc, head[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, err
	}
	_, k := binary.Uvarint(head[:n])
	if k <= 0 {
		return 0, errors.New("malformed delta")
	}
	size, j := binary.Uvarint(head[k:n])
	if j <= 0 || size > 1<<62 {
		return 0, errors.New("malformed delta")
	}
	return int64(size), nil
}

// newCommitFS returns the tree of c below prefix (a slash path; "" for the
// root), reading objects from repo. ok is false when c has no folder there.
func newCommitFS(repo *git.Repository, workRoot string, c *object.Commit, prefix string) (fsys *commitFS, ok bool, err error) {
	mod, err := newGitModule(repo.Storer, workRoot, c.TreeHash)
	if err != nil {
		return nil, false, err
	}
	root := &gitNode{name: ".", mode: fs.ModeDir | 0o755, hash: c.TreeHash, repo: mod, size: -1}
	f := &commitFS{root: root, when: c.Committer.When.UTC()}
	if prefix == "" {
		return f, true, nil
	}
	n, err := f.lookup(prefix, true)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !n.isDir() {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	sub := *n
	sub.name = "."
	f.root = &sub
	f.notes = nil // about submodules on the way, outside the lint root
	return f, true, nil
}

func (n *gitNode) isDir() bool     { return n.mode.IsDir() }
func (n *gitNode) isSymlink() bool { return n.mode&fs.ModeSymlink != 0 }

// children reads a folder's entries once. Submodules become folders when
// their commit can be read, and are left out with a note otherwise.
func (f *commitFS) children(n *gitNode) ([]*gitNode, error) {
	if n.read {
		return n.kids, nil
	}
	t, err := n.repo.tree(n.hash)
	if err != nil {
		return nil, fmt.Errorf("read the tree of %s: %w", n.repoPath, err)
	}
	kids := make([]*gitNode, 0, len(t.Entries))
	for _, e := range t.Entries {
		k := &gitNode{name: e.Name, hash: e.Hash, repo: n.repo, repoPath: path.Join(n.repoPath, e.Name), size: -1}
		switch e.Mode {
		case filemode.Dir:
			k.mode = fs.ModeDir | 0o755
		case filemode.Regular, filemode.Deprecated:
			k.mode = 0o644
		case filemode.Executable:
			k.mode = 0o755
		case filemode.Symlink:
			k.mode = fs.ModeSymlink | 0o777
		case filemode.Submodule:
			mod, tree := f.submodule(n.repo, k.repoPath, e.Hash)
			if mod == nil {
				continue
			}
			k.mode, k.hash, k.repo, k.repoPath = fs.ModeDir|0o755, tree, mod, ""
		default:
			continue
		}
		kids = append(kids, k)
	}
	slices.SortFunc(kids, func(a, b *gitNode) int { return strings.Compare(a.name, b.name) })
	n.kids, n.read = kids, true
	return kids, nil
}

// submodule opens the repository of the submodule at p (a path in parent)
// and returns it with the root tree of commit h, or nil, noting why the
// submodule is left out.
func (f *commitFS) submodule(parent *gitModule, p string, h plumbing.Hash) (*gitModule, plumbing.Hash) {
	if parent.names == nil {
		parent.names = map[string]string{}
		if data, err := readBlobAt(parent.store, parent.root, ".gitmodules"); err == nil {
			m := config.NewModules()
			if m.Unmarshal(data) == nil {
				for name, s := range m.Submodules {
					parent.names[path.Clean(s.Path)] = name
				}
			}
		}
	}
	name := parent.names[p]
	if name == "" {
		name = p
	}
	var stores []storage.Storer
	if ms, ok := parent.store.(storage.ModuleStorer); ok {
		if s, err := ms.Module(name); err == nil {
			stores = append(stores, s)
		}
	}
	workRoot := ""
	if parent.workRoot != "" {
		workRoot = parent.workRoot + "/" + p
		if r, err := git.PlainOpenWithOptions(workRoot, &git.PlainOpenOptions{EnableDotGitCommonDir: true}); err == nil {
			stores = append(stores, r.Storer)
		}
	}
	for _, s := range stores {
		if c, err := object.GetCommit(s, h); err == nil {
			if mod, err := newGitModule(s, workRoot, c.TreeHash); err == nil {
				return mod, c.TreeHash
			}
		}
	}
	f.notes = append(f.notes, fmt.Sprintf("submodule %s: its commit %s is not in this clone, so its files were not linted: fetch it with git submodule update --init", p, h.String()[:7]))
	return nil, plumbing.ZeroHash
}

// readBlobAt reads the file at p (a slash path) in the tree h.
func readBlobAt(s storer.EncodedObjectStorer, h plumbing.Hash, p string) ([]byte, error) {
	t, err := object.GetTree(s, h)
	if err != nil {
		return nil, err
	}
	e, err := t.FindEntry(p)
	if err != nil {
		return nil, err
	}
	if !e.Mode.IsFile() {
		return nil, fs.ErrNotExist
	}
	return readBlob(s, e.Hash)
}

func readBlob(s storer.EncodedObjectStorer, h plumbing.Hash) ([]byte, error) {
	b, err := object.GetBlob(s, h)
	if err != nil {
		return nil, err
	}
	r, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// tree reads and decodes the tree object h.
func (m *gitModule) tree(h plumbing.Hash) (*object.Tree, error) {
	data, err := m.object(h, plumbing.TreeObject)
	if err != nil {
		return nil, err
	}
	o := &plumbing.MemoryObject{}
	o.SetType(plumbing.TreeObject)
	if _, err := o.Write(data); err != nil {
		return nil, err
	}
	t := &object.Tree{}
	if err := t.Decode(o); err != nil {
		return nil, err
	}
	return t, nil
}

// blobSize returns the size of a file or the length of a link's target,
// from the blob's header: the blob is not inflated.
func (f *commitFS) blobSize(n *gitNode) (int64, error) {
	if n.size < 0 {
		if size, ok := f.sizes.get(n.hash); ok {
			n.size = size
			return size, nil
		}
		size, err := n.repo.size(n.hash)
		if err != nil {
			return 0, err
		}
		n.size = size
		f.sizes.put(n.hash, size)
	}
	return n.size, nil
}

// linkTarget returns a symbolic link's target.
func (f *commitFS) linkTarget(n *gitNode) (string, error) {
	if n.target == nil {
		data, err := n.repo.object(n.hash, plumbing.BlobObject)
		if err != nil {
			return "", err
		}
		s := string(data)
		n.target = &s
	}
	return *n.target, nil
}

// lookup finds the node at name (a valid fs path), following symbolic links
// on the way, and at the end when follow is set. A link that leads out of the
// root or is absolute gives ErrLinkEscape, one that loops ErrLinkLoop. The
// caller holds mu.
func (f *commitFS) lookup(name string, follow bool) (*gitNode, error) {
	chain := []*gitNode{f.root} // the folders walked through, for ".."
	todo := splitPath(name)
	hops := 0
	for len(todo) > 0 {
		seg := todo[0]
		todo = todo[1:]
		switch seg {
		case "", ".":
			continue
		case "..":
			if len(chain) == 1 {
				return nil, ErrLinkEscape
			}
			chain = chain[:len(chain)-1]
			continue
		}
		dir := chain[len(chain)-1]
		if !dir.isDir() {
			return nil, fs.ErrNotExist
		}
		kids, err := f.children(dir)
		if err != nil {
			return nil, err
		}
		i, found := slices.BinarySearchFunc(kids, seg, func(n *gitNode, s string) int { return strings.Compare(n.name, s) })
		if !found {
			return nil, fs.ErrNotExist
		}
		k := kids[i]
		if k.isSymlink() && (len(todo) > 0 || follow) {
			if hops++; hops > maxLinkHops {
				return nil, ErrLinkLoop
			}
			target, err := f.linkTarget(k)
			if err != nil {
				return nil, err
			}
			if strings.HasPrefix(target, "/") || target == "" {
				return nil, ErrLinkEscape
			}
			todo = append(splitPath(target), todo...)
			continue
		}
		chain = append(chain, k)
	}
	return chain[len(chain)-1], nil
}

func splitPath(p string) []string {
	if p == "." || p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// walk lists the files below the root whose slash paths keep accepts, as
// discovery does on disk: a symbolic link is followed to a file inside the
// root; one that leads out of it or nowhere is listed as Broken, and one to
// a folder is not descended. Once ctx is done it returns ctx.Err().
func (f *commitFS) walk(ctx context.Context, keep func(path string) bool) ([]File, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var files []File
	var visit func(n *gitNode, rel string) error
	visit = func(n *gitNode, rel string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		kids, err := f.children(n)
		if err != nil {
			return err
		}
		for _, k := range kids {
			p := path.Join(rel, k.name)
			switch {
			case k.isDir():
				if err := visit(k, p); err != nil {
					return err
				}
				continue
			case !keep(p):
				continue
			}
			target := k
			if k.isSymlink() {
				target, err = f.lookup(p, true)
				if errors.Is(err, fs.ErrNotExist) { // dangling, looping or leading out
					files = append(files, File{Path: p, Broken: err})
					continue
				}
				if err != nil {
					return err
				}
				if target.isDir() {
					continue // linked folders are not descended, so nothing is read twice
				}
			}
			size, err := f.blobSize(target)
			if err != nil {
				return fmt.Errorf("read %s: %w", p, err)
			}
			files = append(files, File{Path: p, Size: size})
		}
		return nil
	}
	if err := visit(f.root, ""); err != nil {
		return nil, err
	}
	return files, nil
}

// pathError wraps err for an fs operation on name.
func pathError(op, name string, err error) error {
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// Open opens the file or folder at name, following symbolic links.
func (f *commitFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, pathError("open", name, fs.ErrInvalid)
	}
	f.mu.Lock()
	n, info, entries, err := f.open(name)
	f.mu.Unlock()
	if err != nil {
		return nil, pathError("open", name, err)
	}
	if n.isDir() {
		return &commitDir{info: info, entries: entries}, nil
	}
	// The blob is read outside mu, so that files are read in parallel.
	data, err := n.repo.object(n.hash, plumbing.BlobObject)
	if err != nil {
		return nil, pathError("open", name, err)
	}
	return &commitFile{info: info, Reader: bytes.NewReader(data)}, nil
}

// open finds the node at name and describes it, with a folder's entries;
// the caller holds mu.
func (f *commitFS) open(name string) (*gitNode, fs.FileInfo, []fs.DirEntry, error) {
	n, err := f.lookup(name, true)
	if err != nil {
		return nil, nil, nil, err
	}
	info, err := f.info(n, path.Base(name))
	if err != nil {
		return nil, nil, nil, err
	}
	if !n.isDir() {
		return n, info, nil, nil
	}
	entries, err := f.entries(n)
	if err != nil {
		return nil, nil, nil, err
	}
	return n, info, entries, nil
}

// ReadFile reads the file at name, following symbolic links.
func (f *commitFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, pathError("readfile", name, fs.ErrInvalid)
	}
	f.mu.Lock()
	n, err := f.lookup(name, true)
	f.mu.Unlock()
	if err != nil {
		return nil, pathError("readfile", name, err)
	}
	if n.isDir() {
		return nil, pathError("readfile", name, errors.New("is a directory"))
	}
	data, err := n.repo.object(n.hash, plumbing.BlobObject)
	if err != nil {
		return nil, pathError("readfile", name, err)
	}
	return bytes.Clone(data), nil // the caller may change it; the cache's copy stays
}

// Stat describes the file or folder at name, following symbolic links.
func (f *commitFS) Stat(name string) (fs.FileInfo, error) {
	return f.stat("stat", name, true)
}

// Lstat describes the entry at name without following a final symbolic link.
func (f *commitFS) Lstat(name string) (fs.FileInfo, error) {
	return f.stat("lstat", name, false)
}

func (f *commitFS) stat(op, name string, follow bool) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, pathError(op, name, fs.ErrInvalid)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n, err := f.lookup(name, follow)
	if err != nil {
		return nil, pathError(op, name, err)
	}
	info, err := f.info(n, path.Base(name))
	if err != nil {
		return nil, pathError(op, name, err)
	}
	return info, nil
}

// ReadLink returns the target of the symbolic link at name.
func (f *commitFS) ReadLink(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", pathError("readlink", name, fs.ErrInvalid)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n, err := f.lookup(name, false)
	if err != nil {
		return "", pathError("readlink", name, err)
	}
	if !n.isSymlink() {
		return "", pathError("readlink", name, fs.ErrInvalid)
	}
	target, err := f.linkTarget(n)
	if err != nil {
		return "", pathError("readlink", name, err)
	}
	return target, nil
}

// ReadDir lists the folder at name, sorted by name; entries are not
// followed (a link is a link, as os.ReadDir reports it).
func (f *commitFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, pathError("readdir", name, fs.ErrInvalid)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n, err := f.lookup(name, true)
	if err != nil {
		return nil, pathError("readdir", name, err)
	}
	if !n.isDir() {
		return nil, pathError("readdir", name, errors.New("not a directory"))
	}
	entries, err := f.entries(n)
	if err != nil {
		return nil, pathError("readdir", name, err)
	}
	return entries, nil
}

// entries returns a folder's entries; their sizes are read only when
// asked for. The caller holds mu.
func (f *commitFS) entries(n *gitNode) ([]fs.DirEntry, error) {
	kids, err := f.children(n)
	if err != nil {
		return nil, err
	}
	out := make([]fs.DirEntry, 0, len(kids))
	for _, k := range kids {
		out = append(out, &commitEntry{f: f, n: k})
	}
	return out, nil
}

// commitEntry is the fs.DirEntry of a tree entry.
type commitEntry struct {
	f *commitFS
	n *gitNode
}

func (e *commitEntry) Name() string      { return e.n.name }
func (e *commitEntry) IsDir() bool       { return e.n.isDir() }
func (e *commitEntry) Type() fs.FileMode { return e.n.mode.Type() }
func (e *commitEntry) String() string    { return fs.FormatDirEntry(e) }

// Info describes the entry itself, a symbolic link not followed.
func (e *commitEntry) Info() (fs.FileInfo, error) {
	e.f.mu.Lock()
	defer e.f.mu.Unlock()
	return e.f.info(e.n, e.n.name)
}

// info describes a node; the caller holds mu.
func (f *commitFS) info(n *gitNode, name string) (fs.FileInfo, error) {
	fi := &commitInfo{name: name, mode: n.mode, when: f.when}
	if n.mode.IsRegular() {
		fi.blob = n.hash.String()
	}
	if !n.isDir() {
		size, err := f.blobSize(n)
		if err != nil {
			return nil, err
		}
		fi.size = size
	}
	return fi, nil
}

// commitInfo is the fs.FileInfo of a tree entry.
type commitInfo struct {
	name string
	size int64
	mode fs.FileMode
	when time.Time
	blob string // the blob's hash (hex) of a regular file, "" otherwise
}

// BlobID returns the hash of the git blob a file of a commit's tree holds,
// from its fs.FileInfo (Lstat of a Revision's FS): the same id means the same
// bytes. It is "" for anything else: a folder, a symbolic link, a file on
// disk.
func BlobID(fi fs.FileInfo) string {
	if ci, ok := fi.(*commitInfo); ok {
		return ci.blob
	}
	return ""
}

func (i *commitInfo) Name() string       { return i.name }
func (i *commitInfo) Size() int64        { return i.size }
func (i *commitInfo) Mode() fs.FileMode  { return i.mode }
func (i *commitInfo) ModTime() time.Time { return i.when }
func (i *commitInfo) IsDir() bool        { return i.mode.IsDir() }
func (i *commitInfo) Sys() any           { return nil }

// commitFile is an open file: its blob, read whole.
type commitFile struct {
	info fs.FileInfo
	*bytes.Reader
}

func (f *commitFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *commitFile) Close() error               { return nil }

// commitDir is an open folder.
type commitDir struct {
	info    fs.FileInfo
	entries []fs.DirEntry
	off     int
}

func (d *commitDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *commitDir) Close() error               { return nil }
func (d *commitDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.Name(), Err: errors.New("is a directory")}
}

// ReadDir reads the next n entries, as fs.ReadDirFile specifies.
func (d *commitDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return slices.Clone(rest), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return slices.Clone(rest[:n]), nil
}
