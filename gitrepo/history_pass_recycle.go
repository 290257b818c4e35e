package gitrepo

import (
	"math/bits"
	"sync"
	"sync/atomic"
)

// While step 2 of the history pass runs, every commit that changes a large
// folder makes the workers resolve two versions of its tree: at 10,000
// artifacts that is gigabytes of short-lived tree bytes, whose allocation,
// zeroing and collection cost more than the deltas that make them. So the
// cache of step 2 hands the buffers it evicts to a recycler, and the
// workers resolve objects into them again.
//
// A buffer evicted from the cache may still be read by a worker that took
// it from the cache before: workers hold objects only while they handle
// one commit, so the recycler uses epochs. Each worker announces the epoch
// in which it starts a commit and withdraws it when done; an evicted buffer
// is stamped with the epoch current when it left the cache, and is reused
// only once every worker busy with a commit started it in a later epoch.
// A worker that started later cannot have found the buffer in the cache.
//
// The recycler is used by step 2 alone: the objects that earlier versions
// are read from afterwards (History.ReadBlob) go to their callers and live
// in a cache of their own, which recycles nothing.
type recycler struct {
	epoch  atomic.Uint64
	active []atomic.Uint64 // by worker: the epoch of its commit, 0 between commits

	mu        sync.Mutex
	limbo     []retiredBuffer // in the order of their stamps
	free      map[int][][]byte
	freeBytes int
	reused    int // buffers handed out again
}

type retiredBuffer struct {
	data  []byte
	stamp uint64
}

const (
	// Objects smaller than this are not worth recycling.
	minRecycled = 16 << 10
	// The recycler keeps at most this many bytes of buffers ready for reuse.
	maxFreeBytes = 32 << 20
)

func newRecycler(workers int) *recycler {
	return &recycler{active: make([]atomic.Uint64, workers), free: map[int][][]byte{}}
}

// enter says that worker w starts on a commit; it holds no object yet.
func (rc *recycler) enter(w int) { rc.active[w].Store(rc.epoch.Add(1)) }

// leave says that worker w is done with its commit and holds no object.
func (rc *recycler) leave(w int) { rc.active[w].Store(0) }

// retire takes a buffer evicted from the cache. The caller holds the
// cache's lock, so no worker can take the buffer from the cache any more.
func (rc *recycler) retire(data []byte) {
	if cap(data) < minRecycled {
		return
	}
	stamp := rc.epoch.Load()
	rc.mu.Lock()
	rc.limbo = append(rc.limbo, retiredBuffer{data: data, stamp: stamp})
	rc.mu.Unlock()
}

// roundSize rounds n up to a size class: a multiple of an eighth to a
// quarter of the power of two below it, so reused buffers waste little.
func roundSize(n int) int {
	shift := max(bits.Len(uint(n))-3, 0)
	step := 1 << shift
	return (n + step - 1) &^ (step - 1)
}

// alloc returns an empty slice with room for n bytes, reused when one is
// free. A nil recycler allocates.
func (rc *recycler) alloc(n int) []byte {
	if rc == nil || n < minRecycled {
		return make([]byte, 0, n)
	}
	size := roundSize(n)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.free[size]) == 0 {
		rc.reclaim()
	}
	if l := rc.free[size]; len(l) > 0 {
		b := l[len(l)-1]
		l[len(l)-1] = nil
		rc.free[size] = l[:len(l)-1]
		rc.freeBytes -= cap(b)
		rc.reused++
		return b[:0]
	}
	return make([]byte, 0, size)
}

// reclaim moves the retired buffers no worker can hold to the free lists.
func (rc *recycler) reclaim() {
	oldest := uint64(0) // the earliest epoch a busy worker started in
	for i := range rc.active {
		if e := rc.active[i].Load(); e != 0 && (oldest == 0 || e < oldest) {
			oldest = e
		}
	}
	k := 0
	for ; k < len(rc.limbo); k++ {
		r := rc.limbo[k]
		if oldest != 0 && r.stamp >= oldest {
			break
		}
		size := cap(r.data)
		if size != roundSize(size) || rc.freeBytes+size > maxFreeBytes {
			continue // not made here, or enough in reserve: the collector takes it
		}
		rc.free[size] = append(rc.free[size], r.data)
		rc.freeBytes += size
	}
	clear(rc.limbo[:k])
	rc.limbo = rc.limbo[k:]
}
