package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aimsdev/aims/artifact"
)

// A Severity says how serious a finding is.
type Severity int

// The severities, from least to most serious.
const (
	Note Severity = iota + 1
	Warning
	Error
)

// String returns the severity's lower-case name.
func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity parses "error", "warning" or "note".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "note":
		return Note, nil
	}
	return 0, fmt.Errorf("unknown severity %q: use error, warning or note", s)
}

// Related is a secondary location of a finding, such as the first definition of
// a duplicated id.
type Related struct {
	Range   artifact.Range
	Message string
}

// A Suppression records why a finding was accepted: an auditor can read it.
type Suppression struct {
	Reason  string
	Owner   string         // role id, may be empty
	Expires string         // YYYY-MM-DD, may be empty
	Source  artifact.Range // where the suppression was written
}

// A Finding is one problem found in the repository.
type Finding struct {
	RuleID     string
	Severity   Severity
	Range      artifact.Range
	Message    string       // lower case, no final period, says what to do
	Controls   []string     // ISO 42001 clause and Annex A references it concerns
	Related    []Related    // secondary locations
	Suppressed *Suppression // non-nil when an accepted suppression matched
	// Fingerprint is GitHub's primaryLocationLineHash of the finding's start
	// line (see package fingerprint): it follows the line's content, not its
	// number. It is "" for a finding without a file or a line.
	Fingerprint string
}

// compareFindings orders findings so that the first one is the place to
// start, and output is deterministic: errors first, then warnings, then
// notes; within a severity, first the problems of reading, parsing and
// configuration (the AIMS1xxx rules: one about the repository as a whole
// first, then a file that does not parse, AIMS1001, since it explains
// findings elsewhere), then the findings in
// files by file, position, rule and message, then the repository-level
// findings (missing documentation) in the order an implementer builds an
// AIMS: by the first clause or control they concern, clauses 4 to 10 before
// Annex A, numerically (CompareRefs).
func compareFindings(a, b *Finding) int {
	if c := cmp.Compare(b.Severity, a.Severity); c != 0 {
		return c
	}
	if c := cmp.Compare(findingClass(a), findingClass(b)); c != 0 {
		return c
	}
	if a.Range.File == "" && b.Range.File != "" || a.Range.File != "" && b.Range.File == "" {
		return strings.Compare(a.Range.File, b.Range.File)
	}
	if pa, pb := a.RuleID == artifact.RuleParse, b.RuleID == artifact.RuleParse; pa != pb {
		if pa {
			return -1
		}
		return 1
	}
	if a.Range.File == "" && b.Range.File == "" {
		if c := CompareRefs(firstRef(a), firstRef(b)); c != 0 {
			return c
		}
	}
	if c := strings.Compare(a.Range.File, b.Range.File); c != 0 {
		return c
	}
	if c := a.Range.Start.Line - b.Range.Start.Line; c != 0 {
		return c
	}
	if c := a.Range.Start.Col - b.Range.Start.Col; c != 0 {
		return c
	}
	if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
		return c
	}
	if c := strings.Compare(a.Message, b.Message); c != 0 {
		return c
	}
	return strings.Compare(strings.Join(a.Controls, ","), strings.Join(b.Controls, ","))
}

// SortFindings sorts findings in the order of a Result (compareFindings):
// the order to work through them.
func SortFindings(findings []Finding) {
	slices.SortStableFunc(findings, func(a, b Finding) int { return compareFindings(&a, &b) })
}

// findingClass ranks a finding within its severity: 0 for the problems of
// reading, parsing and configuration (rules AIMS1xxx), 1 for the other
// findings in a file, 2 for findings about the repository as a whole.
func findingClass(f *Finding) int {
	switch {
	case strings.HasPrefix(f.RuleID, "AIMS1"):
		return 0
	case f.Range.File != "":
		return 1
	}
	return 2
}

// firstRef returns the first clause or control f concerns, or "".
func firstRef(f *Finding) string {
	if len(f.Controls) == 0 {
		return ""
	}
	return f.Controls[0]
}

// CompareRefs orders ISO 42001 references as the standard lists them, which
// is the order an AIMS is built in: clauses ("4.1" … "10.2") before Annex A
// controls ("A.2.2" … "A.10.4"), each by its numbers ("6.1.10" after
// "6.1.2"); a part that is not a number compares as text, and "" (no
// reference) comes last.
func CompareRefs(a, b string) int {
	if a == b {
		return 0
	}
	if a == "" || b == "" {
		if a == "" {
			return 1
		}
		return -1
	}
	ra, annexA := strings.CutPrefix(a, "A.")
	rb, annexB := strings.CutPrefix(b, "A.")
	if annexA != annexB {
		if annexB {
			return -1
		}
		return 1
	}
	pa, pb := strings.Split(ra, "."), strings.Split(rb, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, errA := strconv.Atoi(pa[i])
		nb, errB := strconv.Atoi(pb[i])
		var c int
		if errA == nil && errB == nil {
			c = cmp.Compare(na, nb)
		} else {
			c = strings.Compare(pa[i], pb[i])
		}
		if c != 0 {
			return c
		}
	}
	if c := cmp.Compare(len(pa), len(pb)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
