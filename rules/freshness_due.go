package rules

import (
	"fmt"
	"strconv"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS5006 reports suppliers whose next assessment date has passed.
var AIMS5006 = &lint.Rule{
	ID:       "AIMS5006",
	Name:     "SupplierAssessmentOverdue",
	Title:    "supplier reassessment is overdue",
	Doc:      doc("AIMS5006"),
	Severity: lint.Error,
	Controls: []string{"A.10.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkSupplierAssessment,
}

// AIMS5007 reports planned audits whose date has passed without an audit report.
var AIMS5007 = &lint.Rule{
	ID:       "AIMS5007",
	Name:     "PlannedAuditNotReported",
	Title:    "planned audit date has passed without an audit report",
	Doc:      doc("AIMS5007"),
	Severity: lint.Warning,
	Controls: []string{"9.2.1", "9.2.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkPlannedAudits,
}

// AIMS5008 reports risk treatments still open after their due date.
var AIMS5008 = &lint.Rule{
	ID:       "AIMS5008",
	Name:     "RiskTreatmentOverdue",
	Title:    "risk treatment is past its due date",
	Doc:      doc("AIMS5008"),
	Severity: lint.Warning,
	Controls: []string{"6.1.3", "8.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkRiskTreatmentDue,
}

// AIMS5009 reports nonconformities still open after their due date.
var AIMS5009 = &lint.Rule{
	ID:       "AIMS5009",
	Name:     "CorrectiveActionOverdue",
	Title:    "corrective action is past its due date",
	Doc:      doc("AIMS5009"),
	Severity: lint.Warning,
	Controls: []string{"10.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkCorrectiveActionDue,
}

// AIMS5010 reports AI objectives whose due date has passed with no result recorded.
var AIMS5010 = &lint.Rule{
	ID:       "AIMS5010",
	Name:     "ObjectiveOverdue",
	Title:    "objective is past its due date with no result recorded",
	Doc:      doc("AIMS5010"),
	Severity: lint.Warning,
	Controls: []string{"6.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkObjectivesDue,
}

// checkSupplierAssessment reports next_assessment dates before the as-of date.
func checkSupplierAssessment(p *lint.Pass) error {
	for _, d := range p.Index.ByKind("supplier") {
		if !inForce(d) {
			continue
		}
		next, text, ok := dateAt(d, "next_assessment")
		if !ok || !next.Before(p.AsOf) {
			continue
		}
		p.Reportf(d.Locate("next_assessment"),
			"the supplier assessment due on %s is overdue by %s: reassess the supplier, then update assessed_on and next_assessment",
			text, nDays(daysBetween(next, p.AsOf)))
	}
	return nil
}

// checkPlannedAudits reports audits of an audit programme planned before the
// as-of date that no audit report names in `audit`. A report counts whatever
// its status, unless it is retired: a draft report shows the audit was held.
func checkPlannedAudits(p *lint.Pass) error {
	reported := map[string]bool{}
	for _, d := range p.Index.ByKind("audit-report") {
		if d.Data != nil && d.Status() != "retired" {
			reported[d.String("audit")] = true
		}
		// A report that does not parse may name the audit: AIMS1001 says why.
		for _, a := range d.Salvaged.Values("audit") {
			reported[a] = true
		}
	}
	for _, d := range p.Index.ByKind("audit-programme") {
		if !inForce(d) {
			continue
		}
		for i := range d.List("audits") {
			ix := strconv.Itoa(i)
			id := d.String("audits", ix, "id")
			planned, text, ok := dateAt(d, "audits", ix, "planned_on")
			if id == "" || !ok || !planned.Before(p.AsOf) || reported[id] {
				continue
			}
			p.Reportf(d.Locate("audits", ix, "planned_on"),
				"audit %s was planned for %s, %s ago, and no audit report names it: write its audit-report with `audit: %s`, or move planned_on to the new date",
				id, text, nDays(daysBetween(planned, p.AsOf)), id)
		}
	}
	return nil
}

// checkRiskTreatmentDue reports risks whose treatment is still planned or in
// progress after its due date. Accepted risks have no treatment to finish.
func checkRiskTreatmentDue(p *lint.Pass) error {
	for _, d := range p.Index.ByKind("risk-register") {
		if !inForce(d) {
			continue
		}
		for i := range d.List("risks") {
			ix := strconv.Itoa(i)
			status := d.String("risks", ix, "treatment_status")
			if d.String("risks", ix, "treatment") == "accept" || (status != "planned" && status != "in-progress") {
				continue
			}
			due, text, ok := dateAt(d, "risks", ix, "due")
			if !ok || !due.Before(p.AsOf) {
				continue
			}
			p.Reportf(d.Locate("risks", ix, "due"),
				"the treatment of %s was due on %s and is still %s, %s late: finish it and update treatment_status, or agree a new due date with the risk owner",
				riskName(d, ix), text, status, nDays(daysBetween(due, p.AsOf)))
		}
	}
	return nil
}

// riskName returns a risk's id, or its position when it has none.
func riskName(d *artifact.Document, ix string) string {
	if id := d.String("risks", ix, "id"); id != "" {
		return id
	}
	n, _ := strconv.Atoi(ix)
	return fmt.Sprintf("risk #%d", n+1)
}

// checkCorrectiveActionDue reports nonconformities not closed by their due date.
func checkCorrectiveActionDue(p *lint.Pass) error {
	for _, d := range p.Index.ByKind("nonconformity") {
		if !inForce(d) {
			continue
		}
		state := d.String("state")
		if state == "" || state == "closed" {
			continue
		}
		due, text, ok := dateAt(d, "due")
		if !ok || !due.Before(p.AsOf) {
			continue
		}
		p.Reportf(d.Locate("due"),
			"the corrective action was due on %s and the nonconformity is still %s, %s late: finish it and close the record with an effectiveness review, or agree a new due date",
			text, state, nDays(daysBetween(due, p.AsOf)))
	}
	return nil
}

// checkObjectivesDue reports objectives past their due date whose status is
// still not-started, on-track or at-risk rather than achieved or missed.
func checkObjectivesDue(p *lint.Pass) error {
	for _, d := range p.Index.ByKind("ai-objectives") {
		if !inForce(d) {
			continue
		}
		for i := range d.List("objectives") {
			ix := strconv.Itoa(i)
			status := d.String("objectives", ix, "status")
			if status != "not-started" && status != "on-track" && status != "at-risk" {
				continue
			}
			due, text, ok := dateAt(d, "objectives", ix, "due")
			if !ok || !due.Before(p.AsOf) {
				continue
			}
			name := d.String("objectives", ix, "id")
			if name == "" {
				name = fmt.Sprintf("#%d", i+1)
			}
			p.Reportf(d.Locate("objectives", ix, "status"),
				"objective %s was due on %s and is still %s: record whether it was achieved or missed, or set a new due date",
				name, text, status)
		}
	}
	return nil
}
