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
	// month after the result's as-of date.
	Start time.Time
}

// A Plan is everything the workbook shows.
type Plan struct {
	Organization string
	Revision     string    // the linted commit, "" for a working tree
	AsOf         time.Time // the date the result was judged at
	Start        time.Time // first day of month 1
	End          time.Time // last day of month 12

	Dashboard  Dashboard
	Gaps       []Gap      // 32 clauses then 38 controls, in catalogue order
	Tasks      []Task     // one per gap that needs work, in phase then catalogue order
	Roles      []Role     // the RACI columns: the repository's roles, or the seven defaults
	RACI       []RACIRow  // plan activities against Roles
	SoA        []SoAEntry // all 38 controls
	SoADerived bool       // true when there is no SoA artifact and SoA was derived
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
	Applicable           int
	Evidenced            int
	ArtifactsByStatus    map[string]int // draft, in-review, approved, retired
	FindingsBySeverity   map[lint.Severity]int
	Groups               []GroupCoverage // clause groups 4..10, then Annex A groups A.2..A.10
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
	Priority   string   // "high", "medium", "low"
	Owner      string   // role id responsible
	Guidance   string   // what to write
}

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
	DependsOn   []string // task ids
	Status      string   // "not-started", "in-progress", "done"
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
}

// A Risk is one risk of a risk register.
type Risk struct {
	ID, Title, AISystem, Owner, Treatment, TreatmentStatus, Due string
	Likelihood, Impact, Score                                  int
	Level                                                      string // low, medium, high (by the register's acceptance threshold)
	Source                                                     string // the register's path
}

// A KPI is one key performance indicator.
type KPI struct {
	Name, Definition string
	Value, Target    float64
	Unit             string // "%", "count"
	Met              bool
}
