package lint

import "time"

// A Reference is the part of an ISO 42001 clause or Annex A control that
// reports need: its id, short title and group. The catalogue itself lives in
// package rules; the driver copies what reports need into Config.References.
type Reference struct {
	ID      string
	Title   string
	Group   string // "4" … "10" for clauses, "A.2" … "A.10" for controls
	Control bool   // an Annex A control rather than a clause
}

// An Artifact describes one discovered artifact for reports.
type Artifact struct {
	Path   string
	Kind   string
	ID     string
	Title  string
	Status string
}

// A Coverage entry says how well one clause or Annex A control is evidenced.
type Coverage struct {
	Ref        string
	Applicable bool
	Status     CoverageStatus
	Evidence   []string // artifact paths, sorted
}

// CoverageStatus is the evidence state of a clause or control.
type CoverageStatus string

// The coverage states.
const (
	Evidenced     CoverageStatus = "evidenced"      // at least one artifact that is not a draft
	DraftOnly     CoverageStatus = "draft-only"     // only draft artifacts
	Missing       CoverageStatus = "missing"        // nothing
	NotApplicable CoverageStatus = "not-applicable" // excluded in the SoA
)

// A Result is everything one lint run found. Formatters read it and nothing else.
type Result struct {
	// Root is the linted path as the user gave it.
	Root string
	// Prefix is the slash path of the linted folder below the root of its git
	// work tree ("" at the root, or without git). Code scanning wants paths
	// from the repository root: Prefix + "/" + File.
	Prefix string
	// Version is the aims version that produced the result, from Config.Version.
	Version string
	// Organization is from .aims.yaml, may be empty.
	Organization string
	// AsOf is the date date-based rules were judged at.
	AsOf time.Time
	// Revision names the linted commit, empty for a working tree or a plain folder.
	Revision string
	// FailOn is the lowest severity that makes the run fail.
	FailOn Severity
	// Rules are the rules that ran, in list order.
	Rules []*Rule
	// Artifacts are every artifact found, sorted by path.
	Artifacts []Artifact
	// Findings are sorted by file, position, rule and message. Suppressed
	// findings are included and marked.
	Findings []Finding
	// Notifications say which checks were skipped and why (no git history, a
	// shallow clone), once each.
	Notifications []string
	// References are the catalogue entries reports use for titles and summaries.
	References []Reference
	// Coverage is the evidence state of every clause and control, when a rule
	// recorded it.
	Coverage []Coverage
}

// Count returns how many unsuppressed findings have severity s.
func (r *Result) Count(s Severity) int {
	n := 0
	for i := range r.Findings {
		if r.Findings[i].Suppressed == nil && r.Findings[i].Severity == s {
			n++
		}
	}
	return n
}

// Failed reports whether any unsuppressed finding is at or above FailOn.
func (r *Result) Failed() bool {
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppressed == nil && f.Severity >= r.FailOn {
			return true
		}
	}
	return false
}
