package rules

import (
	"fmt"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/lint"
)

// AIMS6002 reports review and approval dates later than every commit of the
// artifact.
var AIMS6002 = &lint.Rule{
	ID:       "AIMS6002",
	Name:     "DateAheadOfHistory",
	Title:    "review or approval date is later than the last commit of the artifact",
	Doc:      doc("AIMS6002"),
	Severity: lint.Error,
	Controls: []string{"7.5.2", "7.5.3"},
	Scope:    lint.ScopeDocument,
	History:  true,
	Check:    checkDateAheadOfHistory,
}

// AIMS6003 reports review dates within the review cycle that no commit within
// the cycle recorded.
var AIMS6003 = &lint.Rule{
	ID:       "AIMS6003",
	Name:     "ReviewNotRecorded",
	Title:    "review is not recorded in the history",
	Doc:      doc("AIMS6003"),
	Severity: lint.Warning,
	Controls: []string{"7.5.2", "7.5.3"},
	Scope:    lint.ScopeDocument,
	History:  true,
	Check:    checkReviewNotRecorded,
}

// checkDateAheadOfHistory reports last_reviewed, else approved_on, when it is
// later than the day of the last commit that changed the file (by more than
// the one day time zones allow): the file held the date before the day it
// names. Drafts are skipped, as AIMS5003 skips them: a draft may carry the
// dates it is planned to get. Dates after the as-of date are AIMS5003's.
func checkDateAheadOfHistory(p *lint.Pass) error {
	h, err := p.History()
	if err != nil {
		return err
	}
	for _, d := range p.Documents {
		if d.Data == nil || d.Status() == "draft" {
			continue
		}
		tl, ok := timelineOf(p, h, d)
		if !ok {
			continue
		}
		last := tl.last()
		for _, field := range []string{"last_reviewed", "approved_on"} {
			t, text, ok := dateAt(d, field)
			if !ok || t.After(p.AsOf) || !laterThanCommit(t, last.Commit) {
				continue
			}
			ahead := nDays(daysBetween(day(last.When), t))
			if field == "last_reviewed" {
				p.Report(d.Locate(field),
					fmt.Sprintf("last_reviewed %s is later than every commit of this file: the last, %s, is %s earlier, so the date was written before the review happened or the review was never committed; commit the review when it takes place, with the day it happened", text, describeCommit(last.Commit), ahead),
					reviewFindingControls(d)...)
			} else {
				p.Reportf(d.Locate(field),
					"approved_on %s is later than every commit of this file: the last, %s, is %s earlier, so the approval was recorded before it was given or never committed; record the approval in a commit on or after the day it is given",
					text, describeCommit(last.Commit), ahead)
			}
			break
		}
	}
	return nil
}

// checkReviewNotRecorded reports artifacts whose last review (last_reviewed,
// or approved_on when never reviewed) lies within the review cycle while the
// commit that wrote that date lies before it and more than a cycle ago: no
// commit within the cycle recorded a review, since a review changes at least
// last_reviewed. The same artifact with no commit at all on or after the
// date is AIMS6002's; a review older than the cycle is AIMS5002's, and a
// passed next_review AIMS5001's.
func checkReviewNotRecorded(p *lint.Pass) error {
	h, err := p.History()
	if err != nil {
		return err
	}
	vs := versionsOf(p, h)
	for _, d := range p.Documents {
		if !inForce(d) || reviewOverdue(d, p.AsOf) {
			continue
		}
		rv, ok := reviewOf(p, d)
		c, last, text, field := rv.cycle, rv.last, rv.text, rv.field
		if !ok || last.After(p.AsOf) || c.after(last).Before(p.AsOf) {
			continue
		}
		tl, ok := timelineOf(p, h, d)
		if !ok || laterThanCommit(last, tl.last().Commit) {
			continue
		}
		wrote, ok, err := tl.wrote(vs, d, field)
		if err != nil {
			return err
		}
		if !ok || !c.after(day(wrote.When)).Before(p.AsOf) {
			continue
		}
		what := "review"
		if field == "approved_on" {
			what = "approval"
		}
		p.Report(d.Locate(field),
			fmt.Sprintf("%s %s claims %s within the %s review cycle, but the date was written in %s, before that %s, and no commit since changed it: git holds no record of the %s; when the document is reviewed, commit last_reviewed with the day it happened",
				field, text, withArticle(what), c, describeCommit(wrote.Commit), what, what),
			reviewFindingControls(d)...)
	}
	return nil
}

// wrote returns the commit that gave field its current value in d: the
// oldest of the newest commits that all hold that value. ok is false when an
// earlier version cannot be read as an artifact, so the commit is unknown.
func (tl timeline) wrote(vs *versions, d *artifact.Document, field string) (gitrepo.Change, bool, error) {
	value := d.String(field)
	for _, c := range tl.changes {
		if c.Before == "" {
			return c, true, nil
		}
		before, err := vs.of(d, c.Before)
		if err != nil {
			return gitrepo.Change{}, false, err
		}
		if before == nil {
			return gitrepo.Change{}, false, nil
		}
		if !before.textIs(field, value) {
			return c, true, nil
		}
	}
	// The oldest commit git lists held the value already (the history of the
	// path starts later, at a rename): it is the earliest commit known.
	return tl.changes[len(tl.changes)-1], true, nil
}
