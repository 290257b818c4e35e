// Command aims lints the documentation of an ISO/IEC 42001 AI management system
// kept as Markdown and YAML files in a git repository.
//
// Run `aims --help` for the commands, and docs/format.md for the document
// format.
package main

import (
	"os"
	"runtime/debug"
)

// memoryBudget is the soft memory limit aims runs under when GOMEMLIMIT is
// not set: the garbage collector works harder as the heap nears it, which
// keeps a lint of 100,000 artifacts under 1 GB (it would take twice that)
// for about a third more CPU, and costs nothing on smaller repositories,
// whose heap stays far below it. It is soft: a repository whose documents
// need more than it still lints, with the collector running more often.
const memoryBudget = 800 << 20

func main() {
	setMemory(os.Getenv)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// setMemory tunes the garbage collector unless the environment does:
// aims is a short-lived process whose live heap is small, so collecting
// garbage half as often (GOGC=200) saves about a tenth of the run on large
// repositories; memoryBudget bounds what that costs in memory. GOGC and
// GOMEMLIMIT, when set, win.
func setMemory(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryBudget)
	}
}
