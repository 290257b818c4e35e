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
	}{
		{map[string]string{}, 200, memoryBudget},
		{map[string]string{"GOGC": "50"}, 100, memoryBudget},
		{map[string]string{"GOMEMLIMIT": "2GiB"}, 200, math.MaxInt64},
		{map[string]string{"GOGC": "off", "GOMEMLIMIT": "off"}, 100, math.MaxInt64},
	} {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		setMemory(func(k string) string { return c.env[k] })
		if got := debug.SetGCPercent(100); got != c.gc {
			t.Errorf("%v: GC percent %d, want %d", c.env, got, c.gc)
		}
		if got := debug.SetMemoryLimit(-1); got != c.limit {
			t.Errorf("%v: memory limit %d, want %d", c.env, got, c.limit)
		}
	}
}
