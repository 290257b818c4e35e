package rules

import (
	"fmt"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS5001 reports artifacts whose next review date has passed.
var AIMS5001 = &lint.Rule{
	ID:       "AIMS5001",
	Name:     "ReviewOverdue",
	Title:    "next review date has passed",
	Doc:      doc("AIMS5001"),
	Severity: lint.Error,
	Controls: []string{"7.5.2", "7.5.3"},
	Scope:    lint.ScopeDocument,
	Check:    checkReviewOverdue,
}

// AIMS5002 reports artifacts last reviewed (or approved, when never reviewed)
// longer ago than their review cycle.
var AIMS5002 = &lint.Rule{
	ID:       "AIMS5002",
	Name:     "ReviewCycleExceeded",
	Title:    "last review is older than the review cycle",
	Doc:      doc("AIMS5002"),
	Severity: lint.Error,
	Controls: []string{"7.5.2", "7.5.3"},
	Scope:    lint.ScopeDocument,
	Check:    checkReviewCycle,
}

// AIMS5005 reports next review dates set further out than the review cycle allows.
var AIMS5005 = &lint.Rule{
	ID:       "AIMS5005",
	Name:     "ReviewScheduledBeyondCycle",
	Title:    "next review is scheduled beyond the review cycle",
	Doc:      doc("AIMS5005"),
	Severity: lint.Warning,
	Controls: []string{"7.5.2", "7.5.3"},
	Scope:    lint.ScopeDocument,
	Check:    checkReviewSchedule,
}

// reviewFindingControls returns the controls a review finding on d cites:
// 7.5.2 and 7.5.3, and the clause or control that asks for the periodic
// review of its kind.
func reviewFindingControls(d *artifact.Document) []string {
	var c string
	switch d.Kind {
	case "aims-scope":
		c = "4.3"
	case "ai-policy":
		c = "A.2.4"
	case "roles":
		c = "A.3.2"
	case "risk-register":
		c = "8.2"
	case "statement-of-applicability":
		c = "6.1.3"
	case "impact-assessment":
		c = "8.4"
	case "ai-objectives":
		c = "6.2"
	case "competence-record":
		c = "7.2"
	case "supplier":
		c = "A.10.3"
	default:
		return []string{"7.5.2", "7.5.3"}
	}
	return []string{"7.5.2", "7.5.3", c}
}

// inForce reports whether d is a parsed artifact whose dates bind: neither a
// draft, which is not in force yet, nor retired, which no longer is.
func inForce(d *artifact.Document) bool {
	if d.Data == nil {
		return false
	}
	s := d.Status()
	return s != "draft" && s != "retired"
}

// dateAt returns the date at path in d and its text; ok is false when the
// field is absent or not a valid YYYY-MM-DD date (the schema reports those).
func dateAt(d *artifact.Document, tokens ...string) (t time.Time, text string, ok bool) {
	text = d.String(tokens...)
	if text == "" {
		return time.Time{}, "", false
	}
	t, ok = parseDate(text)
	return t, text, ok
}

// daysBetween returns the whole days from a to b, both UTC midnights.
func daysBetween(a, b time.Time) int {
	return int(b.Sub(a).Hours()/24 + 0.5)
}

// nDays formats a number of days: "1 day", "92 days".
func nDays(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// reviewCycleOf returns d's review cycle: its own review_cycle, else the
// default for its kind in .aims.yaml. ok is false when neither is set or the
// one that applies is not a valid cycle.
func reviewCycleOf(p *lint.Pass, d *artifact.Document) (cycle, bool) {
	return cycleOf(d, p.Config.ReviewCycles)
}

// cycleOf returns d's own review_cycle, else cycles[d.Kind]; ok is false
// when neither is set or the one that applies is not a valid cycle.
func cycleOf(d *artifact.Document, cycles map[string]string) (cycle, bool) {
	s := d.String("review_cycle")
	if s == "" {
		s = cycles[d.Kind]
	}
	if s == "" {
		return cycle{}, false
	}
	return parseCycle(s)
}

// lastReview returns the date d was last reviewed, or approved when it has no
// last_reviewed, and the field it came from.
func lastReview(d *artifact.Document) (t time.Time, text, field string, ok bool) {
	if d.String("last_reviewed") != "" {
		t, text, ok = dateAt(d, "last_reviewed")
		return t, text, "last_reviewed", ok
	}
	t, text, ok = dateAt(d, "approved_on")
	return t, text, "approved_on", ok
}

// A review is what the review rules judge a document by: its cycle and the
// date of its last review (or approval), with the field that date is in.
type review struct {
	cycle       cycle
	last        time.Time
	text, field string
}

// reviewOf returns d's review: ok is false when d has no valid cycle or no
// valid last review or approval date.
func reviewOf(p *lint.Pass, d *artifact.Document) (review, bool) {
	c, ok := reviewCycleOf(p, d)
	if !ok {
		return review{}, false
	}
	last, text, field, ok := lastReview(d)
	return review{cycle: c, last: last, text: text, field: field}, ok
}

// reviewOverdue reports whether d's next_review is a valid date before asOf.
func reviewOverdue(d *artifact.Document, asOf time.Time) bool {
	next, _, ok := dateAt(d, "next_review")
	return ok && next.Before(asOf)
}

// checkReviewOverdue reports next_review dates before the as-of date.
func checkReviewOverdue(p *lint.Pass) error {
	for _, d := range p.Documents {
		if !inForce(d) {
			continue
		}
		next, text, ok := dateAt(d, "next_review")
		if !ok || !next.Before(p.AsOf) {
			continue
		}
		p.Report(d.Locate("next_review"),
			fmt.Sprintf("the review due on %s is overdue by %s: review the document, then update last_reviewed and next_review", text, nDays(daysBetween(next, p.AsOf))),
			reviewFindingControls(d)...)
	}
	return nil
}

// checkReviewCycle reports artifacts whose last review (or approval, when
// never reviewed) is more than one review cycle before the as-of date. An
// artifact whose next_review has passed is left to AIMS5001, so one stale
// document gets one error.
func checkReviewCycle(p *lint.Pass) error {
	for _, d := range p.Documents {
		if !inForce(d) || reviewOverdue(d, p.AsOf) {
			continue
		}
		rv, ok := reviewOf(p, d)
		if !ok {
			continue
		}
		c, last, text, field := rv.cycle, rv.last, rv.text, rv.field
		due := c.after(last)
		if !due.Before(p.AsOf) {
			continue
		}
		late := nDays(daysBetween(due, p.AsOf))
		var msg string
		if field == "last_reviewed" {
			msg = fmt.Sprintf("last reviewed on %s, so the review due by %s under its %s cycle is %s late: review the document, then update last_reviewed and next_review", text, due.Format(time.DateOnly), c, late)
		} else {
			msg = fmt.Sprintf("approved on %s and not reviewed since, so the review due by %s under its %s cycle is %s late: review the document, then record last_reviewed and next_review", text, due.Format(time.DateOnly), c, late)
		}
		p.Report(d.Locate(field), msg, reviewFindingControls(d)...)
	}
	return nil
}

// checkReviewSchedule reports next_review dates later than one review cycle
// after the last review (or approval). Reviews already overdue, by
// next_review or by the cycle, are left to AIMS5001 and AIMS5002.
func checkReviewSchedule(p *lint.Pass) error {
	for _, d := range p.Documents {
		if !inForce(d) {
			continue
		}
		next, nextText, ok := dateAt(d, "next_review")
		if !ok || next.Before(p.AsOf) {
			continue
		}
		rv, ok := reviewOf(p, d)
		if !ok {
			continue
		}
		c, last, text, field := rv.cycle, rv.last, rv.text, rv.field
		latest := c.after(last)
		if latest.Before(p.AsOf) || !next.After(latest) {
			continue
		}
		p.Report(d.Locate("next_review"),
			fmt.Sprintf("next_review %s is later than the %s review cycle allows after %s %s: set next_review to %s or earlier", nextText, c, field, text, latest.Format(time.DateOnly)),
			reviewFindingControls(d)...)
	}
	return nil
}

// ReviewDue returns the date d's next review falls due, as the review rules
// judge it: the earlier of its next_review (AIMS5001) and one review cycle
// after its last review or approval (AIMS5002), the cycle being its own
// review_cycle or else cycles[kind] (.aims.yaml's review_cycles). ok is
// false for a document not in force (a draft, retired, unparsed) and for one
// with neither date.
func ReviewDue(d *artifact.Document, cycles map[string]string) (due time.Time, ok bool) {
	if !inForce(d) {
		return time.Time{}, false
	}
	next, _, hasNext := dateAt(d, "next_review")
	c, hasCycle := cycleOf(d, cycles)
	last, _, _, hasLast := lastReview(d)
	switch {
	case hasCycle && hasLast && (!hasNext || c.after(last).Before(next)):
		return c.after(last), true
	case hasNext:
		return next, true
	}
	return time.Time{}, false
}
