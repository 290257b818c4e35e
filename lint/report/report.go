// Package report writes a lint.Result in the formats aims offers: one file per
// format, each a pure function of the result. A formatter never filters, sorts
// or decides the exit code; the engine has done all three, so the same result
// always gives the same bytes.
package report

import (
	"fmt"
	"github.com/aimsdev/aims/plan"
	"io"
	"slices"
	"time"

	"github.com/aimsdev/aims/lint"
)

// Options shape presentation only; they never filter, sort or change the exit code.
type Options struct {
	// Color turns on ANSI colour in the text format. The driver sets it only
	// for a terminal, and never when NO_COLOR is set.
	Color bool
	// Quiet makes the text format print the findings only: no header, no
	// summary, no notes, and nothing at all when there are no findings.
	Quiet bool
	// Verbose makes the text format list every finding; without it, the
	// findings that a clause or Annex A group is evidenced only by drafts
	// (AIMS4003) are folded into one line per group.
	Verbose bool
	// Brief makes the text format's summary short (at most ten lines:
	// the counts, errors first, the clauses and controls with errors, and
	// the notes), as for a pre-commit hook that passes the committed files.
	Brief bool
	// PlanStart is the first day of month 1 of the implementation plan (the
	// xlsx format); the zero time means the first day of the month after the
	// result's as-of date.
	PlanStart time.Time
	// Trend, when set, is the AIMS over time, oldest first (`aims trend`):
	// the html format draws it.
	Trend []plan.TrendPoint
	// Digest, for the digest format, is the earlier lint the result is
	// compared with and what the comparison needs.
	Digest *Digest
}

// baselineLine is the line that says what a baseline accepted: "12
// findings are in the baseline (.aims-baseline.json); 2 are gone: run aims
// lint --write-baseline .aims-baseline.json to record that". It is "" when
// no baseline was applied.
func baselineLine(r *lint.Result) string {
	b := r.Baseline
	if b == nil {
		return ""
	}
	line := fmt.Sprintf("%s in the baseline (%s)", pluralVerb(b.Unchanged, "finding is", "findings are"), b.File)
	if gone := b.GoneCount(); gone > 0 {
		verb := "are"
		if gone == 1 {
			verb = "is"
		}
		line += fmt.Sprintf("; %d %s gone: run aims lint --write-baseline %s to record that", gone, verb, b.File)
	}
	return line
}

// pluralVerb returns "1 finding is" or "3 findings are".
func pluralVerb(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// notListed reports whether a report that lists findings leaves f out:
// suppressed, or in the baseline. Such findings are counted, not listed.
func notListed(f *lint.Finding) bool {
	return f.Suppressed != nil || f.Baselined()
}

// suppressedCount returns how many findings of r are suppressed.
func suppressedCount(r *lint.Result) int {
	n := 0
	for i := range r.Findings {
		if r.Findings[i].Suppressed != nil {
			n++
		}
	}
	return n
}

// A Func writes one report format.
type Func func(w io.Writer, r *lint.Result, o Options) error

// format is one named formatter.
type format struct {
	name string
	fn   Func
}

// formats returns every format, built afresh on each call so the package holds
// no mutable state.
func formats() []format {
	return []format{
		{"digest", DigestMarkdown},
		{"github", GitHub},
		{"html", HTML},
		{"json", JSON},
		{"junit", JUnit},
		{"markdown", Markdown},
		{"sarif", SARIF},
		{"text", Text},
		{"xlsx", XLSX},
	}
}

// Get returns the formatter for a format name.
func Get(name string) (Func, bool) {
	for _, f := range formats() {
		if f.name == name {
			return f.fn, true
		}
	}
	return nil, false
}

// Names returns the format names, sorted (for flag help).
func Names() []string {
	var names []string
	for _, f := range formats() {
		names = append(names, f.name)
	}
	slices.Sort(names)
	return names
}
