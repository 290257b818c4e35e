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

func main() {
	// aims is a short-lived process whose live heap is small: collecting
	// garbage half as often saves about a tenth of the run on large
	// repositories for a few dozen megabytes. GOGC, when set, wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
