// Command aims lints the documentation of an ISO/IEC 42001 AI management system
// kept as Markdown and YAML files in a git repository.
//
// Run `aims --help` for the commands, and docs/format.md for the document
// format.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
