package gitrepo

import "errors"

var errBadDelta = errors.New("invalid delta")

// patchDelta applies a git delta to its base and returns the result in a
// new slice. It stands in for go-git's packfile.PatchDelta, which grows its
// output from 64 KiB by doubling: for the large trees of a folder with
// thousands of artifacts, resolved once per commit that changes them, the
// growing and zeroing cost more than the rest of the history pass. This one
// allocates the size the delta announces (bounded, as it may lie) once,
// through alloc, which returns an empty slice with room for n bytes.
//
// The format (git's delta.h): the base's size and the result's size as
// little-endian base-128 numbers, then instructions: a byte with the high
// bit set copies from the base (its low 4 bits say which offset bytes
// follow, the next 3 which size bytes; a size of 0 is 0x10000), a byte
// 1–127 inserts that many bytes that follow it, 0 is reserved.
func patchDelta(base, delta []byte, alloc func(n int) []byte) ([]byte, error) {
	baseSize, delta, ok := deltaHeader(delta)
	if !ok || baseSize != uint64(len(base)) {
		return nil, errBadDelta
	}
	size, delta, ok := deltaHeader(delta)
	if !ok {
		return nil, errBadDelta
	}
	out := alloc(int(min(size, 1<<24)))
	for uint64(len(out)) < size {
		if len(delta) == 0 {
			return nil, errBadDelta
		}
		cmd := delta[0]
		delta = delta[1:]
		switch {
		case cmd&0x80 != 0:
			var off, n uint64
			for k := 0; k < 7; k++ {
				if cmd&(1<<k) == 0 {
					continue
				}
				if len(delta) == 0 {
					return nil, errBadDelta
				}
				if k < 4 {
					off |= uint64(delta[0]) << (8 * k)
				} else {
					n |= uint64(delta[0]) << (8 * (k - 4))
				}
				delta = delta[1:]
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) || n > size-uint64(len(out)) {
				return nil, errBadDelta
			}
			out = append(out, base[off:off+n]...)
		case cmd != 0:
			n := int(cmd)
			if n > len(delta) || uint64(n) > size-uint64(len(out)) {
				return nil, errBadDelta
			}
			out = append(out, delta[:n]...)
			delta = delta[n:]
		default:
			return nil, errBadDelta
		}
	}
	if len(delta) != 0 {
		return nil, errBadDelta
	}
	return out, nil
}

// deltaHeader reads one of a delta's two sizes.
func deltaHeader(d []byte) (uint64, []byte, bool) {
	var v uint64
	for i := 0; i < len(d) && i < 10; i++ {
		v |= uint64(d[i]&0x7f) << (7 * i)
		if d[i]&0x80 == 0 {
			return v, d[i+1:], true
		}
	}
	return 0, d, false
}
