// Package lint is the aims engine: it discovers the artifacts of an AI management
// system repository, parses them with positions, validates them against their
// schemas, runs rules over them and collects the findings into a Result.
//
// The rules themselves live in package rules; lint never imports them. A driver
// (cmd/aims) joins the two with Run(ctx, cfg, rules.All).
package lint

import (
	"fmt"
	"strings"
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

// A Position is a 1-based line and column. Columns count Unicode code points.
// The zero Position means "no position".
type Position struct {
	Line int
	Col  int
}

// A Range is a span of a file. File is the slash-separated path relative to the
// repository root; it is empty for findings about the repository as a whole
// (a missing artifact, for example).
type Range struct {
	File  string
	Start Position
	End   Position
}

// String formats the range as path:line:col, or "." for the repository.
func (r Range) String() string {
	if r.File == "" {
		return "."
	}
	if r.Start.Line == 0 {
		return r.File
	}
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Col)
}

// Related is a secondary location of a finding, such as the first definition of
// a duplicated id.
type Related struct {
	Range   Range
	Message string
}

// A Suppression records why a finding was accepted: an auditor can read it.
type Suppression struct {
	Reason  string
	Owner   string // role id, may be empty
	Expires string // YYYY-MM-DD, may be empty
	Source  Range  // where the suppression was written
}

// A Finding is one problem found in the repository.
type Finding struct {
	RuleID     string
	Severity   Severity
	Range      Range
	Message    string       // lower case, no final period, says what to do
	Controls   []string     // ISO 42001 clause and Annex A references it concerns
	Related    []Related    // secondary locations
	Suppressed *Suppression // non-nil when an accepted suppression matched
	// Fingerprint is GitHub's primaryLocationLineHash of the finding's start
	// line (see package fingerprint): it follows the line's content, not its
	// number. It is "" for a finding without a file or a line.
	Fingerprint string
}

// compareFindings orders findings by file, position, rule and message, so output
// is deterministic. Parse failures (AIMS1001) come before all others, since a
// file that does not parse explains findings elsewhere; then repository-level
// findings (no file).
func compareFindings(a, b *Finding) int {
	if pa, pb := a.RuleID == RuleParse, b.RuleID == RuleParse; pa != pb {
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
