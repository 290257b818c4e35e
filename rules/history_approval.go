package rules

import (
	"fmt"

	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/lint"
)

// AIMS6001 reports approved artifacts whose content changed in a commit after
// their approval that did not record a new approval.
var AIMS6001 = &lint.Rule{
	ID:       "AIMS6001",
	Name:     "ChangedAfterApproval",
	Title:    "approved artifact changed after its approval without re-approval",
	Doc:      doc("AIMS6001"),
	Severity: lint.Error,
	Controls: []string{"7.5.2", "7.5.3"},
	Scope:    lint.ScopeDocument,
	History:  true,
	Check:    checkChangedAfterApproval,
}

// checkChangedAfterApproval walks the commits of each approved artifact back
// from the last one by the as-of date, and stops at the commit that set
// approved_on or version (the last approval), at the commit that added the
// file (a document approved on paper may be committed later), and at commits
// no later than approved_on. It reports the newest commit it passed that
// changed the content of the document while it was approved.
func checkChangedAfterApproval(p *lint.Pass) error {
	h, err := p.History()
	if err != nil {
		return err
	}
	vs := versionsOf(p, h)
	for _, d := range p.Documents {
		if d.Data == nil || d.Status() != "approved" {
			continue
		}
		approved, approvedText, ok := dateAt(d, "approved_on")
		if !ok {
			continue
		}
		tl, ok := timelineOf(p, h, d)
		if !ok {
			continue
		}
		var newest *gitrepo.Change
		n := 0
		for _, c := range tl.changes {
			if c.Before == "" || !commitLaterThan(c.Commit, approved) {
				break
			}
			before, after, ok, err := vs.pair(d, c)
			if err != nil {
				return err
			}
			same := c.Before == c.Blob
			if !ok || !before.sameField(after, "approved_on", same) || !before.sameField(after, "version", same) {
				break
			}
			if !before.statusIs("approved") || before.sameContent(after, reviewRecordFields, same) {
				continue
			}
			if newest == nil {
				newest = &c
			}
			n++
		}
		if newest == nil {
			continue
		}
		msg := fmt.Sprintf("changed in %s, %s after its approval on %s, in a commit that updated neither approved_on nor version", describeCommit(newest.Commit), nDays(daysBetween(approved, day(newest.When))), approvedText)
		if n > 1 {
			msg += fmt.Sprintf(" (one of %d such commits)", n)
		}
		msg += ": have the changed document approved, then update approved_on (and version), or revert the change"
		p.Report(d.Locate("approved_on"), msg)
	}
	return nil
}
