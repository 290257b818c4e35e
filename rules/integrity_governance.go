package rules

import (
	"slices"

	"github.com/aimsdev/aims/lint"
)

// AIMS3013 reports an approved AI policy that top management did not approve.
var AIMS3013 = &lint.Rule{
	ID:       "AIMS3013",
	Name:     "PolicyNotApprovedByTopManagement",
	Title:    "the AI policy is not approved by top management",
	Doc:      doc("AIMS3013"),
	Severity: lint.Error,
	Controls: []string{"5.2", "A.2.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkPolicyApproval,
}

// AIMS3014 reports management reviews that top management did not attend.
var AIMS3014 = &lint.Rule{
	ID:       "AIMS3014",
	Name:     "ReviewWithoutTopManagement",
	Title:    "management review is held without top management",
	Doc:      doc("AIMS3014"),
	Severity: lint.Error,
	Controls: []string{"9.3.1"},
	Scope:    lint.ScopeLinked,
	Check:    checkReviewAttendance,
}

func checkPolicyApproval(p *lint.Pass) error {
	for _, d := range kindDocs(p, "ai-policy") {
		if d.Status() != "approved" {
			continue
		}
		by := d.String("approved_by")
		if by == "" || by == topManagement {
			continue // a missing approver is the schema rule's finding
		}
		p.Reportf(d.Locate("approved_by"), "the AI policy is approved by %q, but top management must establish it: have top management approve it and set `approved_by: %s`", by, topManagement)
	}
	return nil
}

func checkReviewAttendance(p *lint.Pass) error {
	for _, d := range kindDocs(p, "management-review") {
		if _, ok := d.Get("attendees").([]any); !ok {
			continue // missing or not a list: the schema rule says so
		}
		if !slices.Contains(d.Strings("attendees"), topManagement) {
			p.Reportf(d.LocateKey("attendees"), "top management is not among the attendees: the management review is top management's own review of the AIMS; hold it with them and add %s to `attendees`", topManagement)
		}
	}
	return nil
}
