// Package plan turns a lint result into an ISO/IEC 42001 implementation plan:
// where the management system stands against every clause and Annex A
// control, the tasks that close each gap in three phases over twelve months,
// who is responsible and accountable, the Statement of Applicability, the
// risks, and the KPIs that track progress. It is pure data; the workbook
// (lint/report's xlsx format) renders it.
package plan

import (
	"time"

	"github.com/aimsdev/aims/lint"
)

// Options shape a plan.
type Options struct {
	// Start is the first day of month 1; zero means the first day of the
	// month after the result's as-of date. Only its date counts: it is taken
	// as UTC midnight of its year, month and day.
	Start time.Time
	// ReviewCycles are the default review cycles per kind from .aims.yaml
	// (Config.ReviewCycles), used by the review KPI for artifacts without a
	// review_cycle of their own; nil means none.
	ReviewCycles map[string]string
}

// A Plan is everything the workbook shows.
type Plan struct {
	Organization string
	Revision     string    // the linted commit, "" for a working tree
	RevisionTime time.Time // the linted commit's date, zero without Revision
	AsOf         time.Time // the date the result was judged at
	Start        time.Time // first day of month 1
	End          time.Time // last day of month 12

	Dashboard  Dashboard
	Gaps       []Gap      // 32 clauses then 38 controls, in catalogue order
	Tasks      []Task     // per phase: its opening standing activities, one task per gap that needs work (catalogue order), its closing standing activities
	Roles      []Role     // the RACI columns: the repository's roles, or the seven defaults
	RACI       []RACIRow  // plan activities against Roles
	SoA        []SoAEntry // all 38 controls
	SoADerived bool       // true when there is no usable SoA artifact and SoA was derived
	SoASource  string     // the path of the SoA artifact read, "" when derived
	Risks      []Risk
	HeatMap    [5][5]int // HeatMap[likelihood-1][impact-1]: number of risks (scales above 5 are clamped)
	KPIs       []KPI
	Findings   []lint.Finding // every finding, as in the result
	Missing    []string       // what the plan could not use, said plainly (no artifacts, an unparsable SoA)
}

// Dashboard holds the headline figures.
type Dashboard struct {
	// ComplianceRate is the share of applicable clauses and controls
	// evidenced by approved artifacts, 0..1.
	ComplianceRate float64
	// ComplianceDefinition says in words how ComplianceRate is computed.
	ComplianceDefinition string
	// Applicable is the number of applicable clauses and controls: all 32
	// clauses and the controls the SoA does not exclude.
	Applicable int
	// Evidenced is how many of them are implemented: evidenced by an approved
	// artifact with no open error finding citing them.
	Evidenced int
	// GapsByStatus counts the gap analysis rows by status (all four keys).
	GapsByStatus map[GapStatus]int
	// ArtifactsByStatus counts artifacts by status: draft, in-review,
	// approved, retired (always present), and "unknown" for an artifact
	// without a valid status (present only when there is one).
	ArtifactsByStatus map[string]int
	// FindingsBySeverity counts the open (unsuppressed) findings by
	// severity; all three severities are present.
	FindingsBySeverity map[lint.Severity]int
	// SuppressedFindings is the number of findings accepted by a suppression.
	SuppressedFindings int
	// Tasks and HighPriority count the plan's tasks and its high-priority gaps.
	Tasks, HighPriority int

	Groups []GroupCoverage // clause groups 4..10, then Annex A groups A.2..A.10
}

// GroupCoverage is the coverage of one clause group or Annex A group.
type GroupCoverage struct {
	Group         string // "4" … "10", "A.2" … "A.10"
	Title         string
	Applicable    int
	Implemented   int
	Partial       int
	Missing       int
	NotApplicable int
}

// GapStatus is where a clause or control stands.
type GapStatus string

// The gap states.
const (
	Implemented   GapStatus = "implemented"    // evidenced by an approved artifact, no open error finding
	Partial       GapStatus = "partial"        // drafts only, or evidenced with open error findings
	Missing       GapStatus = "missing"        // no evidence
	NotApplicable GapStatus = "not applicable" // excluded in the SoA
)

// A Gap is one row of the gap analysis.
type Gap struct {
	Ref        string
	Title      string
	Control    bool // an Annex A control rather than a clause
	Group      string
	Applicable bool
	Status     GapStatus
	Evidence   []string // artifact paths, relative to the linted folder
	Findings   int      // open (unsuppressed) findings that cite the reference
	Priority   string   // "high", "medium", "low"; "" when implemented or not applicable
	Owner      string   // role id responsible
	Guidance   string   // what to write
	// Systems says how each AI system in scope meets a requirement every
	// system must meet on its own (A.5.3, A.6.2.4 …), in the order of the
	// coverage; empty for any other requirement and when not applicable.
	Systems []SystemStatus
	// Notes say what the organisation's custom rules that evidence the
	// reference add to it (lint.Coverage.Notes).
	Notes []string
}

// A SystemStatus says how one AI system meets a requirement that every AI
// system in scope must meet.
type SystemStatus struct {
	System   string              // the ai-system id, "SYS-CREDIT"
	Status   lint.CoverageStatus // evidenced, draft-only or missing
	Evidence []string            // artifact ids
	// Detail says in a line what the evidence shows where the requirement
	// has more to say than present or missing: for A.6.2.4 the latest
	// evaluation, its date and how many of its metrics were met. "" otherwise.
	Detail string
}

// Passed reports whether the system meets the requirement: approved
// evidence; for A.6.2.4, a passing evaluation of its current model.
func (s SystemStatus) Passed() bool { return s.Status == lint.Evidenced }

// A Phase of the twelve-month plan.
type Phase int

// The phases: planning (months 1–3), execution (4–9), monitoring (10–12).
const (
	Planning   Phase = 1
	Execution  Phase = 2
	Monitoring Phase = 3
)

// A Task closes one gap, or is one of the plan's standing activities.
type Task struct {
	ID          string // "T-001"
	Phase       Phase
	Name        string
	Ref         string // the clause or control it addresses, "" for standing activities
	Responsible string // role id
	Accountable string // role id
	Start, End  time.Time
	DependsOn   []string // ids of its direct prerequisites, all earlier in Plan.Tasks (indirect ones are implied)
	Status      string   // "not-started", "in-progress", "done"
	Group       string   // the clause or Annex A group of Ref, "" for standing activities
	Guidance    string   // what to do, in one sentence
}

// A Role is a RACI column.
type Role struct {
	ID, Title string
}

// A RACIRow assigns an activity to roles: "R", "A", "C", "I" or "" per role,
// in the order of Plan.Roles.
type RACIRow struct {
	Activity string
	Phase    Phase
	Codes    []string
	// Refs are the clauses, headings, groups and controls the activity
	// covers ("5.2", "6.1", "A.7"); the tasks for them are part of it.
	Refs []string
}

// An SoAEntry is one Annex A control in the Statement of Applicability.
type SoAEntry struct {
	Ref            string
	Title          string
	Applicable     bool
	Justification  string
	Implementation string   // not-started, planned, in-progress, implemented, not-applicable
	Evidence       []string // artifact ids
	Derived        bool     // derived from coverage, not read from an SoA artifact
	// Systems is how each AI system in scope meets the control, for one
	// every system must meet on its own (Gap.Systems); empty otherwise.
	Systems []SystemStatus
}

// A Risk is one risk of a risk register.
type Risk struct {
	ID, Title, AISystem, Owner, Treatment, TreatmentStatus, Due string
	Likelihood, Impact, Score                                   int
	Level                                                       string // low, medium, high (by the register's acceptance threshold)
	Source                                                      string // the register's path
	// Register is the register's artifact id; RiskSource is the risk's own
	// `source` (where the risk comes from, e.g. an Annex C risk source).
	Register, RiskSource string
	Controls             []string // the controls that treat it
	// ResidualLikelihood, ResidualImpact and ResidualScore are after
	// treatment, 0 when the register does not say.
	ResidualLikelihood, ResidualImpact, ResidualScore int
	// Threshold is the register's acceptance threshold the level was judged by.
	Threshold int
}

// A KPI is one key performance indicator. A "%" KPI holds fractions
// (0.8 is 80 %), as spreadsheets format percentages; a "count" KPI holds
// whole numbers.
type KPI struct {
	Name, Definition string
	Value, Target    float64
	Unit             string // "%", "count"
	Met              bool
	// LowerIsBetter is true when the KPI is met at or below its target
	// (counts of open items); otherwise it is met at or above it.
	LowerIsBetter bool
	// Numerator and Denominator are the counts a "%" KPI divides (the
	// denominator is 0 when there was nothing to count).
	Numerator, Denominator int
}
