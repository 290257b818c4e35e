package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestSetMemory: aims sets GOGC and its memory budget only where the
// environment does not.
func TestSetMemory(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	for _, c := range []struct {
		env   map[string]string
		gc    int
		limit int64
		set   bool
	}{
		{map[string]string{}, 200, memoryBudget, true},
		{map[string]string{"GOGC": "50"}, 100, memoryBudget, true},
		{map[string]string{"GOMEMLIMIT": "2GiB"}, 200, math.MaxInt64, false},
		{map[string]string{"GOGC": "off", "GOMEMLIMIT": "off"}, 100, math.MaxInt64, false},
	} {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		if set := setMemory(func(k string) string { return c.env[k] }); set != c.set {
			t.Errorf("%v: setMemory = %v, want %v", c.env, set, c.set)
		}
		if got := debug.SetGCPercent(100); got != c.gc {
			t.Errorf("%v: GC percent %d, want %d", c.env, got, c.gc)
		}
		if got := debug.SetMemoryLimit(-1); got != c.limit {
			t.Errorf("%v: memory limit %d, want %d", c.env, got, c.limit)
		}
	}
}

// TestNextLimit: the limit stays while the live heap is under four fifths
// of it, and moves to half as much again as the live heap above that; it
// never moves down.
func TestNextLimit(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live  uint64
		limit int64
		want  int64
	}{
		{0, 800 * mib, 800 * mib},
		{450 * mib, 800 * mib, 800 * mib},
		{640 * mib, 800 * mib, 800 * mib},
		{641 * mib, 800 * mib, 961*mib + mib/2},
		{2000 * mib, 800 * mib, 3000 * mib},
		{500 * mib, 3000 * mib, 3000 * mib},
		{math.MaxUint64, 800 * mib, 800 * mib},
	} {
		if got := nextLimit(c.live, c.limit); got != c.want {
			t.Errorf("nextLimit(%d MiB, %d MiB) = %d, want %d", c.live/mib, c.limit/mib, got, c.want)
		}
	}
}
