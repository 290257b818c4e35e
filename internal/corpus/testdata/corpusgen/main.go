// Command corpusgen writes a synthetic AI management system repository for
// benchmarks and whole-process timings. It lives under testdata so that
// `go install ./...` (which pre-commit runs) builds aims alone:
//
//	go run ./internal/corpus/testdata/corpusgen -n 10000 -o /tmp/aims-10k
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/aimsdev/aims/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of artifacts")
	out := flag.String("o", "", "output folder (must not exist)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "corpusgen: -o DIR is required")
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "corpusgen: %s exists: choose a new folder\n", *out)
		os.Exit(2)
	}
	if err := corpus.Write(*out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "corpusgen:", err)
		os.Exit(1)
	}
}
