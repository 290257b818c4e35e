package rules

import (
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS7201 reports management reviews that leave out an input 9.3.2 asks for.
var AIMS7201 = &lint.Rule{
	ID:       "AIMS7201",
	Name:     "ReviewInputMissing",
	Title:    "management review leaves out an input the standard requires",
	Doc:      doc("AIMS7201"),
	Severity: lint.Error,
	Controls: []string{"9.3.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkReviewInputs,
}

// AIMS7202 reports management reviews without the results 9.3.3 asks for.
var AIMS7202 = &lint.Rule{
	ID:       "AIMS7202",
	Name:     "ReviewOutputMissing",
	Title:    "management review records no decision on improvement or on changes to the AIMS",
	Doc:      doc("AIMS7202"),
	Severity: lint.Error,
	Controls: []string{"9.3.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkReviewOutputs,
}

// AIMS7203 reports management reviews that do not follow up the previous one.
var AIMS7203 = &lint.Rule{
	ID:       "AIMS7203",
	Name:     "ReviewPreviousNotFollowed",
	Title:    "management review does not follow up the previous review",
	Doc:      doc("AIMS7203"),
	Severity: lint.Error,
	Controls: []string{"9.3.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkPreviousReview,
}

// A reviewInput is one input of 9.3.2 as the management-review records it.
type reviewInput struct {
	path []string // under inputs
	what string   // what the input is, for messages
}

// reviewInputs are the inputs 9.3.2 lists, in its order.
var reviewInputs = []reviewInput{
	{[]string{"previous_actions"}, "the status of the actions of previous management reviews"},
	{[]string{"context_changes"}, "changes in the external and internal issues that matter to the AIMS"},
	{[]string{"interested_party_changes"}, "changes in the needs and expectations of interested parties"},
	{[]string{"performance", "nonconformities"}, "the AIMS's performance: nonconformities and corrective actions, and their trend"},
	{[]string{"performance", "monitoring"}, "the AIMS's performance: monitoring and measurement results, and their trend"},
	{[]string{"performance", "audits"}, "the AIMS's performance: audit results, and their trend"},
	{[]string{"improvement_opportunities"}, "opportunities for continual improvement"},
}

func checkReviewInputs(p *lint.Pass) error {
	for _, d := range kindDocs(p, "management-review") {
		if !inForce(d) {
			continue
		}
		inputs, ok := d.Get("inputs").(map[string]any)
		if !ok {
			continue // missing or not a mapping: the schema rule says so
		}
		if perf, ok := inputs["performance"].(string); ok && strings.TrimSpace(perf) != "" {
			p.Report(d.Locate("inputs", "performance"), "`inputs.performance` is one text, so it cannot show that each part of the AIMS's performance was considered: write it as `performance.nonconformities` (nonconformities and corrective actions), `performance.monitoring` (monitoring and measurement results) and `performance.audits` (audit results), each with its trend")
			continue
		}
		for _, in := range reviewInputs {
			tokens := append([]string{"inputs"}, in.path...)
			if _, present := inputs[in.path[0]]; !present && len(in.path) == 1 {
				continue // a required key: the schema rule reports it
			}
			if hasText(d, tokens...) {
				continue
			}
			p.Reportf(locateField(d, tokens...), "the review records nothing on %s: write in `%s` what the review considered", in.what, fieldLabel(tokens...))
		}
	}
	return nil
}

func checkReviewOutputs(p *lint.Pass) error {
	for _, d := range kindDocs(p, "management-review") {
		if !inForce(d) {
			continue
		}
		improvement := hasText(d, "improvement_decisions")
		if !improvement {
			p.Report(locateField(d, "improvement_decisions"), "the review records no decision on the opportunities for continual improvement: list in `improvement_decisions` what top management decided to improve")
		}
		if !hasText(d, "change_decisions") {
			p.Report(locateField(d, "change_decisions"), "the review records no decision on whether the AIMS needs changes: list in `change_decisions` the changes decided (scope, policy, objectives, resources, processes), or write that none is needed and why")
		}
		if improvement && len(d.List("actions")) == 0 {
			p.Report(d.LocateKey("improvement_decisions"), "the review decides on improvements but records no action: list in `actions` what will be done, with an `owner` and a `due` date for each")
		}
	}
	return nil
}

// A heldReview is a management review with the date it was held.
type heldReview struct {
	doc  *artifact.Document
	held time.Time
	text string
}

func checkPreviousReview(p *lint.Pass) error {
	var held []heldReview // reviews that took place: not drafts
	for _, d := range kindDocs(p, "management-review") {
		if d.Status() == "draft" || d.ID == "" {
			continue
		}
		if t, text, ok := dateAt(d, "held_on"); ok {
			held = append(held, heldReview{d, t, text})
		}
	}
	for _, r := range held {
		if !inForce(r.doc) {
			continue
		}
		var prev *heldReview // the latest review held before r
		for i, o := range held {
			if o.held.Before(r.held) && (prev == nil || o.held.After(prev.held)) {
				prev = &held[i]
			}
		}
		named := r.doc.String("previous_review")
		if o, ok := p.Index.Lookup(named); ok && o.Kind == "management-review" {
			if t, text, ok := dateAt(o, "held_on"); ok && !t.Before(r.held) {
				p.Reportf(r.doc.Locate("previous_review"), "`previous_review` names %q, held on %s, which is not before this review (%s): name the review held last before it", named, text, r.text)
				continue
			}
		} else if named != "" {
			continue // AIMS3002 reports a reference to something else
		}
		switch {
		case prev == nil:
		case named == "":
			p.Reportf(r.doc.LocateKey("held_on"), "the review does not say which review it follows up: the previous one is %s (held on %s); set `previous_review: %s` and record in `inputs.previous_actions` the status of each of its actions", prev.doc.ID, prev.text, prev.doc.ID)
		case named != prev.doc.ID:
			p.Reportf(r.doc.Locate("previous_review"), "`previous_review` names %q, but the review held last before this one is %s (on %s): follow up %s and set `previous_review: %s`", named, prev.doc.ID, prev.text, prev.doc.ID, prev.doc.ID)
		}
	}
	return nil
}
