// Command corpusgen writes a synthetic AI management system repository for
// benchmarks and whole-process timings. It lives under testdata so that
// `go install ./...` (which pre-commit runs) builds aims alone:
//
//	go run ./internal/corpus/testdata/corpusgen -n 10000 -o /tmp/aims-10k
//
// -no-evaluations writes the same folder without the evaluations and their
// results files, to compare what they cost.
//
// With -commits it writes a git repository instead: one commit adding the
// corpus, then that many commits changing -touch artifacts each (and -hot,
// and the risk register -register times), packed as a clone is and checked
// out. It runs git (fast-import, repack, checkout) to build it quickly:
//
//	go run ./internal/corpus/testdata/corpusgen -n 10000 -commits 8000 -register 37 -o /tmp/aims-10k-8k
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
	var s corpus.Shape
	flag.IntVar(&s.Commits, "commits", -1, "write a git repository with this many commits after the first (default: a plain folder)")
	flag.IntVar(&s.Touch, "touch", 3, "artifacts changed by each commit")
	flag.StringVar(&s.Hot, "hot", "", "a path every commit changes too")
	flag.IntVar(&s.RegisterChanges, "register", 0, "how many commits change the risk register")
	flag.IntVar(&s.Months, "months", 0, "spread the commits over this many months before 2026-09-29 (default 19 days from 2026-09-10)")
	noEval := flag.Bool("no-evaluations", false, "leave out the evaluations and their results files (a plain folder only)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "corpusgen: -o DIR is required")
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "corpusgen: %s exists: choose a new folder\n", *out)
		os.Exit(2)
	}
	var err error
	if s.Commits < 0 {
		err = corpus.WriteWith(*out, *n, corpus.Options{NoEvaluations: *noEval})
	} else {
		err = corpus.WriteGitRepo(*out, *n, s)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "corpusgen:", err)
		os.Exit(1)
	}
}
