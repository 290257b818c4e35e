package gitrepo

// A listed change is one commit in a path's history.
type listed struct {
	commit int32
	change *fileChange
}

// walkHistory applies git's history simplification to every path at once
// (step 3) and returns, by path number, the commits that changed each path
// in the order `git log -- PATH` prints them.
//
// git log walks one path's history with a queue of commits ordered by
// committer date, newest first, and for equal dates by when they were
// queued; it takes out the newest, lists it if it changed the path, and
// queues the parents its simplification follows that were not queued
// before. This walk runs all those walks at once: its queue holds entries
// of a commit and a set of paths, ordered by date and then by a sequence
// number given when the entry is queued, and a commit's parents are queued
// per path as git would, remembering per commit which paths reached it.
// Restricted to one path, the entries come out in the order git's walk for
// that path takes its commits, because that walk queues its commits in the
// same order. A commit reached again by other paths while an entry of it is
// queued joins that entry, unless another queued entry has the same date
// (then the sequence numbers decide, so it gets its own entry).
//
// It stops, returning the context's error, once the pass's context is done.
func (hp *historyPass) walkHistory(g *commitGraph, diffs []commitDiff, npaths int) ([][]listed, error) {
	lists := make([][]listed, npaths)
	w := &walker{
		g:       g,
		seen:    make([]*bitSet, len(g.hashes)),
		pending: make([]*walkEntry, len(g.hashes)),
		dates:   map[int64]int{},
	}
	all := newBitSet(npaths)
	for i := range all.w {
		all.w[i] = ^uint64(0)
	}
	if r := npaths % 64; r != 0 {
		all.w[len(all.w)-1] = 1<<r - 1
	}
	w.push(0, all)
	var extra []*bitSet
	for len(w.q) > 0 {
		if err := hp.stopped(); err != nil {
			return nil, err
		}
		e := w.pop()
		c, set := e.commit, e.set
		ps := g.parents(c)
		changes := diffs[c].changes
		if len(ps) <= 1 {
			for k := range changes {
				ch := &changes[k]
				if set.has(ch.file) {
					lists[ch.file] = append(lists[ch.file], listed{commit: c, change: ch})
				}
			}
			if len(ps) == 1 {
				w.push(ps[0], set)
			}
			hp.handled(3)
			continue
		}
		// A merge: each path follows the first parent with its entry, or
		// all of them when none has it.
		extra = extra[:0]
		for range ps {
			extra = append(extra, nil)
		}
		first := set
		for k := range changes {
			ch := &changes[k]
			if !set.has(ch.file) {
				continue
			}
			if ch.same != 0 {
				if first == set {
					first = set.clone()
				}
				first.clear(ch.file)
				extra[ch.same] = extra[ch.same].with(ch.file, npaths)
				continue
			}
			lists[ch.file] = append(lists[ch.file], listed{commit: c, change: ch})
			for i := 1; i < len(ps); i++ {
				extra[i] = extra[i].with(ch.file, npaths)
			}
		}
		w.push(ps[0], first)
		for i := 1; i < len(ps); i++ {
			if extra[i] != nil {
				w.push(ps[i], extra[i])
			}
		}
		hp.handled(3)
	}
	return lists, nil
}

type walkEntry struct {
	commit int32
	seq    int64
	set    *bitSet
	at     int // index in the queue
}

type walker struct {
	g       *commitGraph
	q       []*walkEntry // a binary heap
	seq     int64
	seen    []*bitSet     // by commit: the paths that reached it
	pending []*walkEntry  // by commit: its queued entry
	dates   map[int64]int // queued entries by date
}

// push queues commit c for the paths of set that have not reached it yet.
// Sets are never changed once made, so they can be shared.
func (w *walker) push(c int32, set *bitSet) {
	if set.empty() {
		return
	}
	seen := w.seen[c]
	switch {
	case seen == nil:
		w.seen[c] = set
	case seen == set:
		return
	default:
		set = set.minus(seen)
		if set == nil {
			return
		}
		w.seen[c] = seen.union(set)
	}
	when := w.g.when[c]
	if e := w.pending[c]; e != nil && w.dates[when] == 1 {
		e.set = e.set.union(set)
		return
	}
	w.seq++
	e := &walkEntry{commit: c, seq: w.seq, set: set}
	w.pending[c] = e
	w.dates[when]++
	e.at = len(w.q)
	w.q = append(w.q, e)
	w.up(e.at)
}

func (w *walker) pop() *walkEntry {
	e := w.q[0]
	last := len(w.q) - 1
	w.swap(0, last)
	w.q = w.q[:last]
	if last > 0 {
		w.down(0)
	}
	if w.pending[e.commit] == e {
		w.pending[e.commit] = nil
	}
	when := w.g.when[e.commit]
	if w.dates[when]--; w.dates[when] == 0 {
		delete(w.dates, when)
	}
	return e
}

func (w *walker) less(i, j int) bool {
	a, b := w.q[i], w.q[j]
	wa, wb := w.g.when[a.commit], w.g.when[b.commit]
	if wa != wb {
		return wa > wb
	}
	return a.seq < b.seq
}

func (w *walker) swap(i, j int) {
	w.q[i], w.q[j] = w.q[j], w.q[i]
	w.q[i].at, w.q[j].at = i, j
}

func (w *walker) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !w.less(i, p) {
			return
		}
		w.swap(i, p)
		i = p
	}
}

func (w *walker) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(w.q) {
			return
		}
		m := l
		if r := l + 1; r < len(w.q) && w.less(r, l) {
			m = r
		}
		if !w.less(m, i) {
			return
		}
		w.swap(i, m)
		i = m
	}
}

// A bitSet is a set of path numbers.
type bitSet struct{ w []uint64 }

func newBitSet(n int) *bitSet { return &bitSet{w: make([]uint64, (n+63)/64)} }

func (s *bitSet) has(i int32) bool { return s.w[i/64]&(1<<(uint(i)%64)) != 0 }

func (s *bitSet) clear(i int32) { s.w[i/64] &^= 1 << (uint(i) % 64) }

func (s *bitSet) clone() *bitSet { return &bitSet{w: append([]uint64(nil), s.w...)} }

func (s *bitSet) empty() bool {
	for _, x := range s.w {
		if x != 0 {
			return false
		}
	}
	return true
}

// with returns s, made for n paths if nil, with i added (s is changed: only
// for a set still being built).
func (s *bitSet) with(i int32, n int) *bitSet {
	if s == nil {
		s = newBitSet(n)
	}
	s.w[i/64] |= 1 << (uint(i) % 64)
	return s
}

// minus returns a new set of the paths in s and not in t, or nil if none.
func (s *bitSet) minus(t *bitSet) *bitSet {
	var r *bitSet
	for i, x := range s.w {
		if y := x &^ t.w[i]; y != 0 {
			if r == nil {
				r = newBitSet(len(s.w) * 64)
			}
			r.w[i] = y
		}
	}
	return r
}

// union returns a new set of the paths in s or t.
func (s *bitSet) union(t *bitSet) *bitSet {
	r := &bitSet{w: make([]uint64, len(s.w))}
	for i, x := range s.w {
		r.w[i] = x | t.w[i]
	}
	return r
}
