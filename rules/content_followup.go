package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// This file holds the content rules that follow the AIMS through time
// (AIMS7146-7150): audits and management reviews that recur, auditors who do
// not audit their own work, review actions that are followed up, and the
// objectives the life-cycle and use controls ask for.

// AIMS7146 reports audit programmes that leave more than 12 months between
// audits.
var AIMS7146 = &lint.Rule{
	ID:       "AIMS7146",
	Name:     "AuditIntervalExceeded",
	Title:    "audit programme leaves more than 12 months without an audit",
	Doc:      doc("AIMS7146"),
	Severity: lint.Error,
	Controls: []string{"9.2.1"},
	Scope:    lint.ScopeLinked,
	Check:    checkAuditRecurrence,
}

// AIMS7147 reports audit reports whose auditor owns what the audit covers.
var AIMS7147 = &lint.Rule{
	ID:       "AIMS7147",
	Name:     "AuditorOwnsAuditedWork",
	Title:    "auditor owns artifacts that evidence what the audit covers",
	Doc:      doc("AIMS7147"),
	Severity: lint.Error,
	Controls: []string{"9.2.2"},
	Check:    checkAuditorOwnWork,
}

// AIMS7148 reports an AIMS whose latest management review is more than 12
// months old.
var AIMS7148 = &lint.Rule{
	ID:       "AIMS7148",
	Name:     "ManagementReviewIntervalExceeded",
	Title:    "no management review has been held in the last 12 months",
	Doc:      doc("AIMS7148"),
	Severity: lint.Error,
	Controls: []string{"9.3.1"},
	Check:    checkReviewInterval,
}

// AIMS7149 reports management reviews that do not report on the actions of
// earlier reviews that were due by then.
var AIMS7149 = &lint.Rule{
	ID:       "AIMS7149",
	Name:     "ReviewActionNotFollowedUp",
	Title:    "management review action past its due date is not reported on by a later review",
	Doc:      doc("AIMS7149"),
	Severity: lint.Error,
	Controls: []string{"9.3.2", "9.3.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkReviewActionFollowUp,
}

// AIMS7150 reports AI objectives that set none for responsible development
// (A.6.1.2) or none for responsible use (A.9.3).
var AIMS7150 = &lint.Rule{
	ID:       "AIMS7150",
	Name:     "ObjectivesMissForDevelopmentOrUse",
	Title:    "no AI objective is set for responsible development or for responsible use",
	Doc:      doc("AIMS7150"),
	Severity: lint.Error,
	Controls: []string{"6.2", "A.6.1.2", "A.9.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkObjectivesForControls,
}

// twelveMonths is the longest interval between audits, and between
// management reviews, that the rules accept.
var twelveMonths = cycle{n: 12, unit: "mo"}

// A plannedAudit is an audit of a programme with a valid planned_on date.
type plannedAudit struct {
	doc   *artifact.Document
	index int
	on    time.Time
	text  string
}

func (a plannedAudit) label() string { return auditLabel(a.doc, a.index) }

func (a plannedAudit) at() artifact.Range { return a.doc.Locate("audits", tok(a.index), "planned_on") }

func checkAuditRecurrence(p *lint.Pass) error {
	var latest *plannedAudit // the last audit any programme in force plans
	for _, d := range kindDocs(p, "audit-programme") {
		if !inForce(d) {
			continue
		}
		from, fromText, hasFrom := dateAt(d, "period", "from")
		to, toText, hasTo := dateAt(d, "period", "to")
		if hasFrom && hasTo && to.Before(from) {
			hasFrom, hasTo = false, false // AIMS5004 reports the period
		}
		var audits []plannedAudit // within the period, by date
		for i := range d.List("audits") {
			t, text, ok := dateAt(d, "audits", tok(i), "planned_on")
			if !ok {
				continue
			}
			a := plannedAudit{doc: d, index: i, on: t, text: text}
			if latest == nil || t.After(latest.on) {
				latest = &a
			}
			if (hasFrom && t.Before(from)) || (hasTo && t.After(to)) {
				continue
			}
			audits = append(audits, a)
		}
		if len(audits) == 0 {
			continue // AIMS7205 reports a period no audit covers
		}
		slices.SortStableFunc(audits, func(a, b plannedAudit) int { return a.on.Compare(b.on) })
		first, last := audits[0], audits[len(audits)-1]
		if hasFrom && first.on.After(twelveMonths.after(from)) {
			p.Reportf(first.at(), "the programme's period starts on %s, but its first audit, %s, is planned for %s, more than 12 months later: plan an audit by %s (`audits[].planned_on`), so that the AIMS is audited in every 12 months of the period",
				fromText, first.label(), first.text, twelveMonths.after(from).Format(time.DateOnly))
		}
		for i := 1; i < len(audits); i++ {
			prev, next := audits[i-1], audits[i]
			if due := twelveMonths.after(prev.on); next.on.After(due) {
				p.Reportf(next.at(), "%s is planned for %s, more than 12 months after %s (%s): plan an audit by %s (`audits[].planned_on`), so that audits recur at least every 12 months",
					next.label(), next.text, prev.label(), prev.text, due.Format(time.DateOnly))
			}
		}
		if due := twelveMonths.after(last.on); hasTo && to.After(due) {
			p.Reportf(d.Locate("period", "to"), "the last audit of the period, %s on %s, leaves the rest of the period, to %s, more than 12 months without an audit: plan another audit by %s (`audits[].planned_on`)",
				last.label(), last.text, toText, due.Format(time.DateOnly))
		}
	}
	if latest != nil {
		if due := twelveMonths.after(latest.on); due.Before(p.AsOf) {
			p.Reportf(latest.at(), "no audit is planned after %s on %s, more than 12 months before %s: plan the next audits (`audits[].planned_on`), extending the programme's `period` or in the next audit programme",
				latest.label(), latest.text, p.AsOf.Format(time.DateOnly))
		}
	}
	return nil
}

// auditClauses maps the id of each audit planned in a parsed audit programme
// that is not retired to the leaf clauses and controls it covers.
func auditClauses(p *lint.Pass, cat *Catalogue) map[string][]string {
	out := map[string][]string{}
	for _, d := range liveKindDocs(p, "audit-programme") {
		for _, v := range d.List("audits") {
			id := itemString(v, "id")
			m, _ := v.(map[string]any)
			refs, _ := m["clauses"].([]any)
			if id == "" || len(out[id]) > 0 {
				continue
			}
			for _, r := range refs {
				if s, ok := r.(string); ok {
					out[id] = append(out[id], leaves(cat, s)...)
				}
			}
		}
	}
	return out
}

// evidencedBy returns the leaf references d evidences, as computeCoverage
// counts them: its kind's defaults, its custom kind's and those in its
// `controls` (and its custom kind's evidence_field); nothing for an artifact
// of an unknown kind.
func evidencedBy(p *lint.Pass, cat *Catalogue, d *artifact.Document) []string {
	refs := slices.Clone(cat.EvidencedBy(d.Kind))
	known := slices.Contains(cat.Kinds(), d.Kind)
	for _, ck := range p.Config.CustomKinds {
		if ck.Name == d.Kind {
			known = true
			for _, ref := range ck.Evidences {
				refs = append(refs, leaves(cat, ref)...)
			}
		}
	}
	if !known {
		return nil
	}
	for _, ref := range p.Config.EvidencedControls(d) {
		refs = append(refs, leaves(cat, ref)...)
	}
	return refs
}

func checkAuditorOwnWork(p *lint.Pass) error {
	cat := DefaultCatalogue()
	planned := auditClauses(p, cat)
	for _, r := range kindDocs(p, "audit-report") {
		if !inForce(r) {
			continue
		}
		auditor := strings.TrimSpace(r.String("auditor"))
		audit := r.String("audit")
		if auditor == "" || len(planned[audit]) == 0 {
			continue
		}
		if slices.ContainsFunc(r.Strings("auditees"), func(a string) bool { return strings.EqualFold(strings.TrimSpace(a), auditor) }) {
			continue // AIMS3015 reports the auditor among the auditees
		}
		covered := map[string]bool{}
		for _, ref := range planned[audit] {
			covered[ref] = true
		}
		var owned []string
		var related []lint.Related
		shared := map[string]bool{}
		for _, d := range p.Documents {
			if d == r || !inForce(d) || !strings.EqualFold(strings.TrimSpace(d.String("owner")), auditor) {
				continue
			}
			var refs []string
			for _, ref := range evidencedBy(p, cat, d) {
				if covered[ref] && !slices.Contains(refs, ref) {
					refs = append(refs, ref)
				}
			}
			if len(refs) == 0 {
				continue
			}
			slices.SortFunc(refs, CompareIDs)
			for _, ref := range refs {
				shared[ref] = true
			}
			name := d.ID
			if name == "" {
				name = d.Path
			}
			owned = append(owned, name)
			related = append(related, lint.Related{Range: d.Locate("owner"), Message: fmt.Sprintf("owned by the auditor; evidences %s", strings.Join(refs, ", "))})
		}
		if len(owned) == 0 {
			continue
		}
		refs := sortedSet(shared)
		slices.SortFunc(refs, CompareIDs)
		p.ReportFinding(lint.Finding{
			Range: r.Locate("auditor"),
			Message: fmt.Sprintf("the auditor %q owns %s, which %s %s that audit %s covers, so they audit their own work: have that part audited by someone who owns none of it (another role or an external auditor), and name them in `auditor`",
				auditor, strings.Join(owned, ", "), plural(len(owned), "evidences", "evidence"), strings.Join(refs, ", "), audit),
			Related: related,
		})
	}
	return nil
}

// selfReviewOverdue reports whether AIMS5001 or AIMS5002 reports d, a
// document in force: its next_review has passed, or its review cycle since
// its last review or approval has.
func selfReviewOverdue(p *lint.Pass, d *artifact.Document) bool {
	if reviewOverdue(d, p.AsOf) {
		return true
	}
	rv, ok := reviewOf(p, d)
	return ok && rv.cycle.after(rv.last).Before(p.AsOf)
}

func checkReviewInterval(p *lint.Pass) error {
	var latest *heldReview
	for _, d := range kindDocs(p, "management-review") {
		if !inForce(d) {
			continue
		}
		if t, text, ok := dateAt(d, "held_on"); ok && (latest == nil || t.After(latest.held)) {
			latest = &heldReview{d, t, text}
		}
	}
	if latest == nil {
		return nil // the coverage rules report a clause no review evidences
	}
	due := twelveMonths.after(latest.held)
	if !due.Before(p.AsOf) || selfReviewOverdue(p, latest.doc) {
		return nil // AIMS5001 or AIMS5002 reports the review's own review date
	}
	p.Reportf(latest.doc.Locate("held_on"), "the latest management review, %s, was held on %s, more than 12 months before %s: top management reviews the AIMS at planned intervals, so hold the next review (it was due by %s) and record it in a management-review with its `held_on`",
		latest.doc.ID, latest.text, p.AsOf.Format(time.DateOnly), due.Format(time.DateOnly))
	return nil
}

// followUpSettled are the statuses of action_follow_up that close an action:
// later reviews need not report on it again.
var followUpSettled = []string{"done", "cancelled"}

// A reviewAction is an action decided at a management review.
type reviewAction struct {
	review heldReview
	index  int
	id     string
	due    time.Time
	text   string // the due date as written
}

func (a reviewAction) label() string {
	if a.id != "" {
		return a.id
	}
	return fmt.Sprintf("actions[%d] of %s", a.index, a.review.doc.ID)
}

func checkReviewActionFollowUp(p *lint.Pass) error {
	var reviews []heldReview // in force, by date
	for _, d := range kindDocs(p, "management-review") {
		if !inForce(d) {
			continue
		}
		if t, text, ok := dateAt(d, "held_on"); ok {
			reviews = append(reviews, heldReview{d, t, text})
		}
	}
	slices.SortStableFunc(reviews, func(a, b heldReview) int { return a.held.Compare(b.held) })
	// reported maps an action id to the statuses later reviews give it, with
	// the date of each review.
	type report struct {
		by     heldReview
		status string
	}
	reported := map[string][]report{}
	for _, r := range reviews {
		for _, v := range r.doc.List("action_follow_up") {
			if id := itemString(v, "action"); id != "" {
				reported[id] = append(reported[id], report{r, itemString(v, "status")})
			}
		}
	}
	missing := map[*artifact.Document][]reviewAction{} // by the review that should report
	var order []*artifact.Document
	for _, r := range reviews {
		for i, v := range r.doc.List("actions") {
			due, text, ok := dateAt(r.doc, "actions", tok(i), "due")
			if !ok {
				continue
			}
			a := reviewAction{review: r, index: i, id: itemString(v, "id"), due: due, text: text}
			// The latest review held after r and on or after the due date
			// must report on the action, unless a review after r closed it.
			var owes *heldReview
			for j := range reviews {
				if l := reviews[j]; l.held.After(r.held) && !l.held.Before(due) {
					owes = &reviews[j]
				}
			}
			if owes == nil {
				continue // not due by any later review: the next one reports on it
			}
			settled, told := false, false
			for _, rep := range reported[a.id] {
				if !rep.by.held.After(r.held) {
					continue
				}
				if slices.Contains(followUpSettled, rep.status) {
					settled = true
				}
				if rep.by.doc == owes.doc {
					told = true
				}
			}
			if a.id != "" && (settled || told) {
				continue
			}
			if len(missing[owes.doc]) == 0 {
				order = append(order, owes.doc)
			}
			missing[owes.doc] = append(missing[owes.doc], a)
		}
	}
	for _, l := range order {
		actions := missing[l]
		var names []string
		var related []lint.Related
		noID := false
		for _, a := range actions {
			names = append(names, fmt.Sprintf("%s (%s, due %s)", a.label(), a.review.doc.ID, a.text))
			related = append(related, lint.Related{Range: a.review.doc.Locate("actions", tok(a.index), "due"), Message: "the action and its due date"})
			noID = noID || a.id == ""
		}
		what := fmt.Sprintf("add to `action_follow_up` an entry for %s with `action: <its id>` and its `status` (done, in-progress, not-started or cancelled)", pronoun(len(actions)))
		if noID {
			what = "give each action an `id` in the review that decided it, then " + what
		}
		at := l.LocateKey("held_on")
		if l.Get("action_follow_up") != nil {
			at = l.LocateKey("action_follow_up")
		}
		p.ReportFinding(lint.Finding{
			Range: at,
			Message: fmt.Sprintf("the review does not report on %s of earlier reviews that %s due by the day it was held, %s, and not reported done or cancelled: %s; %s",
				plural(len(actions), "an action", fmt.Sprintf("%d actions", len(actions))), plural(len(actions), "was", "were"), l.String("held_on"), strings.Join(names, "; "), what),
			Related: related,
		})
	}
	return nil
}

// objectiveControls are the controls that ask for AI objectives of their own,
// with what the objectives are for.
var objectiveControls = []struct{ ref, what string }{
	{"A.6.1.2", "responsible development of AI systems"},
	{"A.9.3", "responsible use of AI systems"},
}

func checkObjectivesForControls(p *lint.Pass) error {
	for _, d := range p.Index.ByKind("ai-objectives") {
		if d.Data == nil {
			return nil // it may set them: AIMS1001 says why it cannot be read
		}
	}
	var docs []*artifact.Document
	set := map[string]bool{}
	for _, d := range kindDocs(p, "ai-objectives") {
		if !inForce(d) {
			continue
		}
		docs = append(docs, d)
		for i := range d.List("objectives") {
			for _, ref := range d.Strings("objectives", tok(i), "controls") {
				set[ref] = true
			}
		}
	}
	if len(docs) == 0 {
		return nil
	}
	var missing, refs []string
	controls := []string{"6.2"}
	for _, c := range objectiveControls {
		if set[c.ref] || excludedControl(p, c.ref) {
			continue
		}
		missing = append(missing, fmt.Sprintf("%s (%s)", c.what, c.ref))
		refs = append(refs, c.ref)
		controls = append(controls, c.ref)
	}
	if len(missing) == 0 {
		return nil
	}
	list := make([]string, len(refs))
	for i, ref := range refs {
		list[i] = "`" + ref + "`"
	}
	p.Report(docs[0].LocateKey("objectives"),
		fmt.Sprintf("no AI objective is set for %s: list %s in the `controls` of the objectives that serve it, or set %s with a measure, target, owner and due date",
			strings.Join(missing, " or for "), strings.Join(list, " and "), plural(len(refs), "one", "one for each")),
		controls...)
	return nil
}
