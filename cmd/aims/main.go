// Command aims lints the documentation of an ISO/IEC 42001 AI management system
// kept as Markdown and YAML files in a git repository.
//
// Run `aims --help` for the commands, and docs/format.md for the document
// format.
package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// memoryBudget is the soft memory limit aims runs under when GOMEMLIMIT is
// not set: the garbage collector works harder as the heap nears it, which
// keeps a lint of 100,000 artifacts under 1 GB (it would take twice that),
// and costs nothing on smaller repositories, whose heap stays far below it.
// When the live data alone comes near the limit (a larger repository, or
// one huge file), the limit moves up ahead of it (see nextLimit), so that
// the collector never runs all the time.
const memoryBudget = 800 << 20

func main() {
	if setMemory(os.Getenv) {
		go followLiveHeap(memoryBudget)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// setMemory tunes the garbage collector unless the environment does:
// aims is a short-lived process whose live heap is small, so collecting
// garbage half as often (GOGC=200) saves about a tenth of the run on large
// repositories; memoryBudget bounds what that costs in memory. GOGC and
// GOMEMLIMIT, when set, win. It reports whether it set the memory limit.
func setMemory(getenv func(string) string) bool {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if getenv("GOMEMLIMIT") != "" {
		return false
	}
	debug.SetMemoryLimit(memoryBudget)
	return true
}

// followLiveHeap raises the memory limit, starting at limit, as the live
// heap grows near it, for as long as the process runs.
func followLiveHeap(limit int64) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	for range time.Tick(50 * time.Millisecond) {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		if next := nextLimit(sample[0].Value.Uint64(), limit); next != limit {
			limit = next
			debug.SetMemoryLimit(limit)
		}
	}
}

// nextLimit is the memory limit for a live heap of live bytes under the
// current limit: unchanged while the live heap is under four fifths of it,
// and half as much again as the live heap above that, so that the
// collector still has room to work in.
func nextLimit(live uint64, limit int64) int64 {
	if live > 1<<62 || int64(live) <= limit/5*4 {
		return limit
	}
	return int64(live) / 2 * 3
}
