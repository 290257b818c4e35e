package rules

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// systemsInScope returns the AI systems every per-system requirement applies
// to: the parsed ai-system records that are not retired (neither the record
// nor the system, whose `lifecycle_stage` is retirement) and that a parsed,
// non-retired AIMS scope lists in `ai_systems`; every such record when no
// scope parses. They are sorted by id.
func systemsInScope(p *lint.Pass) []*artifact.Document {
	inScope := map[string]bool{}
	scoped := false
	for _, s := range liveKindDocs(p, "aims-scope") {
		scoped = true
		for _, id := range s.Strings("ai_systems") {
			inScope[id] = true
		}
	}
	var out []*artifact.Document
	seen := map[string]bool{}
	for _, d := range liveKindDocs(p, "ai-system") {
		if d.ID == "" || d.String("lifecycle_stage") == "retirement" || scoped && !inScope[d.ID] {
			continue
		}
		if seen[d.ID] {
			continue // a duplicate id: AIMS2001 reports it
		}
		seen[d.ID] = true
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *artifact.Document) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// worse returns the less evidenced of two states: missing, then draft only,
// then evidenced.
func worse(a, b lint.CoverageStatus) lint.CoverageStatus {
	rank := func(s lint.CoverageStatus) int {
		switch s {
		case lint.Missing:
			return 0
		case lint.DraftOnly:
			return 1
		}
		return 2
	}
	if rank(b) < rank(a) {
		return b
	}
	return a
}

// stateOf returns the coverage state of a set of evidence: evidenced when one
// is approved, draft only when there are others, missing when there is none.
func stateOf(docs []*artifact.Document) lint.CoverageStatus {
	switch {
	case slices.ContainsFunc(docs, approved):
		return lint.Evidenced
	case len(docs) > 0:
		return lint.DraftOnly
	}
	return lint.Missing
}

// approved reports whether d is evidence: parsed and approved. Every other
// status (draft, in-review, a misspelt or missing one) is draft only.
func approved(d *artifact.Document) bool {
	return d.Data != nil && d.Status() == "approved"
}

// shown returns the evidence a coverage row lists: the approved artifacts, or
// every artifact when none is approved.
func shown(docs []*artifact.Document) []*artifact.Document {
	var ok []*artifact.Document
	for _, d := range docs {
		if approved(d) {
			ok = append(ok, d)
		}
	}
	if len(ok) > 0 {
		return ok
	}
	return docs
}

// itemEvidence returns the artifacts, approved or not, that evidence a
// documented-information item across the whole AIMS: those of its kinds that
// evidence its clause, and, when the item allows it, those that list the
// clause in `controls`. A custom kind that evidences the clause (.aims.yaml)
// evidences such an item too, and the clause's only item. They are in path
// order.
func (c *coverage) itemEvidence(it Item) []*artifact.Document {
	var out []*artifact.Document
	r, _ := c.cat.Lookup(it.Ref)
	for _, list := range [][]*artifact.Document{c.approved[it.Ref], c.drafts[it.Ref]} {
		for _, d := range list {
			custom := slices.Contains(c.custom[it.Ref], d) && len(r.Items) == 1
			if slices.Contains(it.Kinds, d.Kind) || custom || it.ByControls && slices.Contains(c.cited[it.Ref], d) {
				out = append(out, d)
			}
		}
	}
	slices.SortFunc(out, func(a, b *artifact.Document) int { return cmp.Compare(a.Path, b.Path) })
	return out
}

// A systemRow is how one AI system meets a per-system requirement.
type systemRow struct {
	system   *artifact.Document
	status   lint.CoverageStatus
	evidence []*artifact.Document // approved or not, in path order
	// capped is true when the system has no evidence at all but its own
	// record is not approved: the gap belongs to a system still in draft,
	// so it is draft only, not missing.
	capped bool
	// detail is the line of lint.SystemCoverage.Detail (PerSystemEvaluation).
	detail string
	// evals is the judgement of the system's evaluations, for a high-risk
	// system in use (PerSystemEvaluation); nil otherwise.
	evals *systemEvals
}

// systemRows returns how each in-scope AI system meets a requirement of the
// given per-system mode; nil when there is no mode or no system in scope.
func (c *coverage) systemRows(mode string) []systemRow {
	return c.rows[mode]
}

// computeRows works out how each in-scope AI system meets a requirement of
// the given per-system mode. The evidence of every system is found through
// one index of the mode's artifacts (systemEvidence), so the work grows with
// the artifacts, not with systems times artifacts.
func (c *coverage) computeRows(mode string, p *lint.Pass) []systemRow {
	if len(c.systems) == 0 {
		return nil
	}
	ix := newSystemEvidence(p, mode)
	rows := make([]systemRow, 0, len(c.systems))
	for _, s := range c.systems {
		var ev []*artifact.Document
		switch mode {
		case PerSystemImpactAssessment:
			ev = ix.bySystem[s.ID]
		case PerSystemRecord:
			ev = []*artifact.Document{s}
		case PerSystemDatasets:
			ev = ix.datasetsOf(s)
		case PerSystemEvaluation:
			rows = append(rows, evaluationRow(p, s))
			continue
		}
		r := systemRow{system: s, evidence: ev, status: stateOf(ev)}
		if mode == PerSystemDatasets && len(ev) > 0 && !slices.ContainsFunc(ev, func(d *artifact.Document) bool { return !approved(d) }) {
			r.status = lint.Evidenced
		} else if mode == PerSystemDatasets && len(ev) > 0 {
			r.status = lint.DraftOnly // every dataset it uses must be approved
		}
		if r.status == lint.Missing && !approved(s) {
			r.status, r.capped = lint.DraftOnly, true
		}
		rows = append(rows, r)
	}
	return rows
}

// systemEvidence indexes the live artifacts that evidence a per-system mode
// for the systems they name, each list in path order.
type systemEvidence struct {
	// bySystem maps a system id to the impact assessments whose
	// `ai_system` is it, or to the datasets whose `ai_systems` list it.
	bySystem map[string][]*artifact.Document
	// byID maps a dataset id to the datasets with it.
	byID map[string][]*artifact.Document
	// order is each indexed artifact's place in path order.
	order map[*artifact.Document]int
}

// newSystemEvidence indexes the live artifacts of mode's kind.
func newSystemEvidence(p *lint.Pass, mode string) *systemEvidence {
	ix := &systemEvidence{bySystem: map[string][]*artifact.Document{}, byID: map[string][]*artifact.Document{}, order: map[*artifact.Document]int{}}
	switch mode {
	case PerSystemImpactAssessment:
		for _, a := range liveKindDocs(p, "impact-assessment") {
			id := a.String("ai_system")
			ix.bySystem[id] = append(ix.bySystem[id], a)
		}
	case PerSystemDatasets:
		for i, d := range liveKindDocs(p, "dataset") {
			ix.order[d] = i
			ix.byID[d.ID] = append(ix.byID[d.ID], d)
			for _, sys := range d.Strings("ai_systems") {
				if l := ix.bySystem[sys]; len(l) == 0 || l[len(l)-1] != d {
					ix.bySystem[sys] = append(l, d)
				}
			}
		}
	}
	return ix
}

// datasetsOf returns the datasets s uses, in path order: those its
// `datasets` lists by id and those whose `ai_systems` lists it.
func (ix *systemEvidence) datasetsOf(s *artifact.Document) []*artifact.Document {
	seen := map[*artifact.Document]bool{}
	var ev []*artifact.Document
	add := func(l []*artifact.Document) {
		for _, d := range l {
			if !seen[d] {
				seen[d] = true
				ev = append(ev, d)
			}
		}
	}
	for _, id := range s.Strings("datasets") {
		add(ix.byID[id])
	}
	add(ix.bySystem[s.ID])
	slices.SortFunc(ev, func(a, b *artifact.Document) int { return cmp.Compare(ix.order[a], ix.order[b]) })
	return ev
}

// modeKind is the artifact kind that evidences a per-system mode.
func modeKind(mode string) string {
	switch mode {
	case PerSystemImpactAssessment:
		return "impact-assessment"
	case PerSystemDatasets:
		return "dataset"
	case PerSystemEvaluation:
		return "evaluation"
	}
	return "ai-system"
}

// rowsStatus folds the systems' states into one: the least evidenced.
func rowsStatus(s lint.CoverageStatus, rows []systemRow) lint.CoverageStatus {
	for _, r := range rows {
		s = worse(s, r.status)
	}
	return s
}

// systemCoverage turns rows into their reported form.
func systemCoverage(rows []systemRow) []lint.SystemCoverage {
	var out []lint.SystemCoverage
	for _, r := range rows {
		out = append(out, lint.SystemCoverage{System: r.system.ID, Status: r.status, Evidence: paths(shown(r.evidence)), Detail: r.detail})
	}
	return out
}

// refState is the full coverage of one reference: its own evidence, its
// items and, for a per-system requirement, each AI system.
type refState struct {
	ref    Reference
	own    lint.CoverageStatus // from every artifact that evidences it
	status lint.CoverageStatus // own, folded with its items and systems
	items  []itemState
	rows   []systemRow
}

// itemState is the coverage of one documented-information item.
type itemState struct {
	item     Item
	evidence []*artifact.Document
	own      lint.CoverageStatus
	status   lint.CoverageStatus
	rows     []systemRow
}

// state works out the full coverage of r.
func (c *coverage) state(r Reference) refState {
	st := refState{ref: r, own: c.status(r.ID)}
	st.status = st.own
	for _, it := range r.Items {
		is := itemState{item: it, evidence: c.itemEvidence(it)}
		is.own = stateOf(is.evidence)
		is.rows = c.systemRows(it.PerSystem)
		is.status = rowsStatus(is.own, is.rows)
		st.items = append(st.items, is)
		st.status = worse(st.status, is.status)
	}
	st.rows = c.systemRows(r.PerSystem)
	st.status = rowsStatus(st.status, st.rows)
	return st
}

// evaluationRow works out how AI system s meets A.6.2.4
// (PerSystemEvaluation). A high-risk system in use is evidenced only by its
// latest approved evaluation of its current model version when that
// evaluation passes the judgement of rules/evaluation.go (methods and
// groups covered, every failed metric covered by an accepted risk, results
// file usable); it is draft only when no evaluation of it is approved and
// some are drafts or in review, and missing otherwise, an approved
// evaluation that fails the judgement included. Any other system is
// evidenced by its own approved record or an approved evaluation of it.
func evaluationRow(p *lint.Pass, s *artifact.Document) systemRow {
	se := evalsOfSystem(p, s)
	r := systemRow{system: s, detail: "no approved evaluation"}
	if v := cmp.Or(se.approved, se.lastApproved); v != nil {
		r.detail = v.detail(se.version, p.AsOf)
	}
	var approvedRuns, pending []*artifact.Document
	for _, run := range se.runs {
		if approved(run.doc) {
			approvedRuns = append(approvedRuns, run.doc)
		} else {
			pending = append(pending, run.doc)
		}
	}
	if !highRiskInUse(s) {
		r.evidence = append([]*artifact.Document{s}, approvedRuns...)
		r.status = stateOf(r.evidence)
		if r.status != lint.Evidenced && len(approvedRuns) == 0 && len(pending) > 0 && r.detail == "no approved evaluation" {
			r.detail += " (" + describeRuns(pending) + ")"
		}
		return r
	}
	r.evals = se
	switch {
	case se.approved.passes():
		r.status, r.evidence = lint.Evidenced, []*artifact.Document{se.approved.run.doc}
	case len(approvedRuns) > 0:
		r.status, r.evidence = lint.Missing, append(approvedRuns, pending...)
	case len(pending) > 0:
		r.status, r.evidence = lint.DraftOnly, pending
		r.detail += " (" + describeRuns(pending) + ")"
	default:
		r.status = lint.Missing
		if !approved(s) {
			r.status, r.capped = lint.DraftOnly, true
		}
	}
	slices.SortFunc(r.evidence, func(a, b *artifact.Document) int { return cmp.Compare(a.Path, b.Path) })
	return r
}

// describeRuns names evaluations that are not approved with their status:
// "EVAL-7 is a draft", "EVAL-7 and EVAL-8 are not approved".
func describeRuns(docs []*artifact.Document) string {
	if len(docs) == 1 {
		return fmt.Sprintf("%s is %s", docs[0].ID, statusPhrase(docs[0].Status()))
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	return andList(ids) + " are not approved"
}
