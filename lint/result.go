package lint

import (
	"time"

	"github.com/aimsdev/aims/artifact"
)

// A Reference is the part of an ISO 42001 clause or Annex A control that
// reports need: its id, short title and group, and what evidences it. The
// catalogue itself lives in package rules; the driver copies what reports
// need into Config.References. A group ("6", "A.6") is listed as a Reference
// whose ID equals its Group; its other fields are empty.
type Reference struct {
	ID      string
	Title   string
	Group   string // "4" … "10" for clauses, "A.2" … "A.10" for controls
	Control bool   // an Annex A control rather than a clause
	// DocumentedInformation is true when the reference requires documented
	// information: every Annex A control, and the clauses that ask for it.
	DocumentedInformation bool
	// Guidance says in one sentence what evidence to write.
	Guidance string
	// Kinds are the artifact kinds that evidence the reference by default.
	Kinds []string
	// ByProcedure is true for a process control that no kind evidences by
	// default: a procedure (or any artifact) must list it in `controls`.
	ByProcedure bool
	// HasItems is true for a clause that requires several pieces of
	// documented information, each its own coverage item.
	HasItems bool
	// PerSystem is true for a requirement (or an item of it) that every
	// in-scope AI system must meet on its own.
	PerSystem bool
	// Tags are the crosswalks to other frameworks, ready to show as labels:
	// "EU AI Act Art 17(1)(a)", "NIST AI RMF GOVERN 1.1", "ISO/IEC 27001 A.5.1".
	Tags []string
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
// Only an approved artifact is evidence; any other status is draft only.
type Coverage struct {
	Ref        string
	Applicable bool
	// Status is the least evidenced of the reference's items and AI systems
	// when it has any (missing, then draft only, then evidenced): a clause is
	// evidenced only when every documented-information item is, a
	// per-system requirement only when every in-scope AI system meets it.
	Status   CoverageStatus
	Evidence []string // artifact paths, sorted
	// Items are the documented-information items the clause requires, each
	// with its own coverage; empty for a reference that is one item.
	Items []ItemCoverage
	// Systems is the coverage for each in-scope AI system that is not
	// retired, for a requirement each must meet; empty otherwise.
	Systems []SystemCoverage
	// Notes say what the custom rules that evidence the reference
	// (Rule.Evidences) add to it, one line each: which documents a rule
	// that holds adds, or which rule has open findings and so adds nothing.
	Notes []string
}

// An ItemCoverage says how well one documented-information item of a clause
// is evidenced.
type ItemCoverage struct {
	ID       string // "soa", unique within its clause
	Title    string // "Statement of Applicability"
	Status   CoverageStatus
	Evidence []string // artifact paths, sorted
	// Systems is the coverage for each AI system, for an item each must have.
	Systems []SystemCoverage
}

// A SystemCoverage says how well one AI system meets a requirement that
// every AI system must meet.
type SystemCoverage struct {
	System   string // the ai-system id, "SYS-CREDIT"
	Status   CoverageStatus
	Evidence []string // artifact paths, sorted
	// Detail says in a line what the evidence shows, where a requirement has
	// more to say than present or missing: for A.6.2.4 the latest evaluation,
	// its model version and date, and how many of its metrics passed.
	Detail string
}

// CoverageStatus is the evidence state of a clause or control.
type CoverageStatus string

// The coverage states.
const (
	Evidenced     CoverageStatus = "evidenced"      // at least one approved artifact
	DraftOnly     CoverageStatus = "draft-only"     // only artifacts not approved (draft, in-review, no status)
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
	// ConfigFile is the slash path, relative to the lint root, of the
	// configuration file in the linted tree (ConfigFile, ".aims.yaml"), or ""
	// when the tree has none. Reports use it as a stable place to show
	// findings about the repository as a whole.
	ConfigFile string
	// Organization is from .aims.yaml, may be empty.
	Organization string
	// AsOf is the date date-based rules were judged at.
	AsOf time.Time
	// Revision is the full hash of the linted commit (Config.Rev, or the
	// commit Config.AsOfCommit picked); empty for a working tree or a plain
	// folder.
	Revision string
	// RevisionTime is the linted commit's committer date, in UTC; zero
	// without Revision.
	RevisionTime time.Time
	// FailOn is the lowest severity that makes the run fail.
	FailOn Severity
	// Rules are the rules that ran, in list order.
	Rules []*Rule
	// Artifacts are every artifact found, sorted by path.
	Artifacts []Artifact
	// Documents are the artifacts themselves, sorted by path, for reports
	// that read their content (the implementation plan workbook).
	Documents []*artifact.Document
	// Findings are in the order to work through them: errors, then
	// warnings, then notes; within each, the problems of reading, parsing
	// and configuration (AIMS1xxx), then the findings in files by file,
	// position, rule and message, then the repository-level findings
	// (missing documentation) by the first clause or control they concern,
	// clauses 4 to 10 before Annex A. Suppressed findings are included and
	// marked.
	Findings []Finding
	// Notifications say which checks were skipped and why (no git history, a
	// shallow clone), once each.
	Notifications []string
	// References are the catalogue entries reports use for titles and summaries.
	References []Reference
	// Coverage is the evidence state of every clause and control, when a rule
	// recorded it.
	Coverage []Coverage
	// Held maps a custom rule that evidences clauses or controls
	// (Rule.Evidences) to the documents it judged and found to hold.
	Held map[string][]string
	// Baseline, when the findings were compared with a baseline, says which
	// file, and what it holds that this run no longer finds; nil otherwise.
	Baseline *BaselineSummary
}

// A BaselineSummary describes the baseline a run's findings were compared
// with (package lint/baseline sets it and each finding's Baseline).
type BaselineSummary struct {
	// File is the baseline file as the user named it (the flag's value, or
	// the configured path below the root).
	File string
	// Unchanged is how many findings of the run are in the baseline.
	Unchanged int
	// Gone are the baseline's findings this run no longer finds, sorted as
	// in the baseline file; nil when Partial.
	Gone []GoneFinding
	// Partial is true when the run reported the findings of some files only
	// (--changed, --base): what is gone is then not known.
	Partial bool
}

// GoneCount returns how many findings of the baseline are gone: the sum of
// the Gone entries' counts.
func (b *BaselineSummary) GoneCount() int {
	n := 0
	for _, g := range b.Gone {
		n += g.Count
	}
	return n
}

// A GoneFinding is a finding recorded in a baseline that a run no longer
// finds: fixed, or changed so that it is a new finding.
type GoneFinding struct {
	RuleID  string
	File    string // slash path relative to the root, "" for the repository
	ID      string // the id of the artifact in File, when known
	Message string
	Count   int // how many identical findings are gone
}

// Count returns how many unsuppressed findings have severity s, leaving out
// those in the baseline.
func (r *Result) Count(s Severity) int {
	n := 0
	for i := range r.Findings {
		if r.Findings[i].Suppressed == nil && !r.Findings[i].Baselined() && r.Findings[i].Severity == s {
			n++
		}
	}
	return n
}

// Failed reports whether any unsuppressed finding that is not in the
// baseline is at or above FailOn.
func (r *Result) Failed() bool {
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppressed == nil && !f.Baselined() && f.Severity >= r.FailOn {
			return true
		}
	}
	return false
}
