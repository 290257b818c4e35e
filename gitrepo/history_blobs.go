package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
)

// blobCacheSize bounds the resolved objects kept while earlier versions are
// read: the delta bases a version is patched from, which are mostly the
// newer version of the same file read just before.
const blobCacheSize = 64 << 20

// A blobStore reads earlier versions of artifacts (History.ReadBlob) from
// the packs the history pass read, through the pass's own pack reader: any
// number of rules read at once, each through an objectReader of its own,
// and a read costs no more than resolving the object's deltas.
type blobStore struct {
	ctx context.Context
	st  *objectStore

	mu     sync.RWMutex // held for reading by each read, for writing by close
	closed bool
	idle   chan *objectReader // readers not in use, as many as processors
}

// keepStore lets h read blobs from st, the store of the pass that made it,
// until h is closed (or, failing that, collected). The pass's cache of
// trees is dropped.
func (h *History) keepStore(ctx context.Context, st *objectStore) {
	st.cache = newObjectCache(blobCacheSize)
	bs := &blobStore{ctx: ctx, st: st, idle: make(chan *objectReader, runtime.GOMAXPROCS(0))}
	h.readBlob = bs.read
	h.closeBlobs = bs.close
	runtime.AddCleanup(h, func(bs *blobStore) { bs.close() }, bs)
}

// errClosed says a blob was read after its history was closed.
var errClosed = errors.New("the history is closed: earlier versions can no longer be read")

// read returns the content of the blob hash (hex). Once the store's context
// is done it reads nothing and returns ctx.Err(), so that a rule reading
// many earlier versions stops.
func (bs *blobStore) read(hash string) ([]byte, error) {
	if !plumbing.IsHash(hash) {
		return nil, errors.New("not a blob hash: " + hash)
	}
	if err := bs.ctx.Err(); err != nil {
		return nil, err
	}
	bs.mu.RLock()
	defer bs.mu.RUnlock()
	if bs.closed {
		return nil, errClosed
	}
	var r *objectReader
	select {
	case r = <-bs.idle:
	default:
		r = bs.st.reader()
	}
	data, err := r.want(plumbing.NewHash(hash), plumbing.BlobObject)
	select {
	case bs.idle <- r:
	default:
	}
	if err != nil {
		return nil, err
	}
	// The content may be the cache's: the caller gets its own copy.
	return bytes.Clone(data), nil
}

// close unmaps and closes the packs, once reads in progress have ended.
func (bs *blobStore) close() error {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if bs.closed {
		return nil
	}
	bs.closed = true
	for {
		select {
		case <-bs.idle:
		default:
			return bs.st.close()
		}
	}
}
