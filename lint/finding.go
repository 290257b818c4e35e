package lint

import (
	"fmt"
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
	// Line is the text of the finding's start line, spaces at both ends
	// trimmed, for baselines (package lint/baseline), which match findings
	// by what the line says rather than by its number. It is "" for a
	// finding without a file or a line.
	Line string
	// Baseline says how the finding compares with a baseline: BaselineNew
	// or BaselineUnchanged when one was applied, "" otherwise (and for a
	// suppressed finding).
	Baseline BaselineState
}

// BaselineState is how a finding compares with a baseline, named as SARIF's
// result.baselineState.
type BaselineState string

// The baseline states of a finding.
const (
	BaselineNew       BaselineState = "new"       // not in the baseline: reported, and may fail the run
	BaselineUnchanged BaselineState = "unchanged" // recorded in the baseline: counted, not listed, never fails the run
)

// Baselined reports whether the finding is recorded in the baseline the run
// was compared with, so that it is counted but neither listed nor failing.
func (f *Finding) Baselined() bool {
	return f.Baseline == BaselineUnchanged
}

// compareFindings orders findings by file, position, rule and message, so output
// is deterministic. Parse failures (AIMS1001) come before all others, since a
// file that does not parse explains findings elsewhere; then repository-level
// findings (no file).
func compareFindings(a, b *Finding) int {
	if pa, pb := a.RuleID == artifact.RuleParse, b.RuleID == artifact.RuleParse; pa != pb {
		if pa {
			return -1
		}
		return 1
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
