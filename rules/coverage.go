package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS4001 reports clauses that require documented information and that no
// artifact evidences. It also records the coverage of every clause and control.
var AIMS4001 = &lint.Rule{
	ID:       "AIMS4001",
	Name:     "ClauseNotEvidenced",
	Title:    "clause that requires documented information has no evidence",
	Doc:      doc("AIMS4001"),
	Severity: lint.Error,
	Controls: []string{"7.5.1"},
	Check:    checkClausesEvidenced,
}

// AIMS4002 reports applicable Annex A controls that no artifact evidences.
var AIMS4002 = &lint.Rule{
	ID:       "AIMS4002",
	Name:     "ControlNotEvidenced",
	Title:    "applicable Annex A control has no evidence",
	Doc:      doc("AIMS4002"),
	Severity: lint.Error,
	Controls: []string{"6.1.3"},
	Check:    checkControlsEvidenced,
}

// AIMS4003 reports required clauses and applicable controls that only draft
// artifacts evidence.
var AIMS4003 = &lint.Rule{
	ID:       "AIMS4003",
	Name:     "EvidencedOnlyByDrafts",
	Title:    "clause or control is evidenced only by drafts",
	Doc:      doc("AIMS4003"),
	Severity: lint.Warning,
	Controls: []string{"7.5.2"},
	Check:    checkDraftOnlyEvidence,
}

// AIMS4004 reports a documented-information item a clause requires that no
// artifact evidences, although other artifacts evidence the clause.
var AIMS4004 = &lint.Rule{
	ID:       "AIMS4004",
	Name:     "DocumentedInformationItemMissing",
	Title:    "documented-information item has no evidence",
	Doc:      doc("AIMS4004"),
	Severity: lint.Error,
	Controls: []string{"7.5.1", "6.1.3", "6.1.4", "9.2.2"},
	Check:    checkItemsEvidenced,
}

// AIMS4005 reports an AI system in scope that lacks approved evidence of a
// requirement every AI system must meet.
var AIMS4005 = &lint.Rule{
	ID:       "AIMS4005",
	Name:     "RequirementNotMetForEverySystem",
	Title:    "requirement is not met for every AI system",
	Doc:      doc("AIMS4005"),
	Severity: lint.Error,
	Controls: []string{"6.1.4", "8.4", "A.4.2", "A.5.3", "A.6.2.2", "A.7.2"},
	Check:    checkEverySystem,
}

// maxNamedDrafts is how many draft files an AIMS4003 message names.
const maxNamedDrafts = 3

// coverage is the evidence state of every clause and control in one run.
type coverage struct {
	cat *Catalogue
	// approved and drafts map a leaf reference to the approved and the draft
	// (draft, in-review or no valid status) artifacts that evidence it, in
	// path order.
	approved map[string][]*artifact.Document
	drafts   map[string][]*artifact.Document
	// unparsed maps a leaf reference to the artifacts that do not parse and
	// would evidence it (by their kind or the `controls` a line-by-line
	// reading finds): they evidence nothing, but AIMS1001 reports them, so the
	// reference is not also reported as missing.
	unparsed map[string][]*artifact.Document
	// excluded holds the controls a statement of applicability excludes.
	excluded map[string]bool
	// unknownApplicability is true when a statement of applicability does
	// not parse: which controls it excludes cannot be read.
	unknownApplicability bool
	// customKinds maps a custom kind to the references it evidences.
	customKinds map[string][]string
	// cited maps a leaf reference to the artifacts that evidence it through
	// their `controls` or a custom kind rather than their built-in kind's
	// defaults, in path order: they evidence a documented-information item
	// only when the item allows it (Item.ByControls).
	cited map[string][]*artifact.Document
	// custom maps a leaf reference to the parsed artifacts of a custom kind
	// that evidences it, in path order.
	custom map[string][]*artifact.Document
	// systems are the in-scope AI systems that are not retired, by id.
	systems []*artifact.Document
	// unparsedKinds holds the kinds of artifacts that do not parse: what
	// they would evidence for an AI system cannot be read, so per-system
	// gaps they might fill are not reported.
	unparsedKinds map[string]bool
	// rows holds, for each per-system mode, how each system meets it.
	rows map[string][]systemRow
}

// computeCoverage works out which artifacts evidence which references. It
// visits each artifact once: an artifact evidences its kind's defaults and
// the references in its `controls` (headings such as 9.2 expanded; groups
// such as 9 or A.6, which the schema rejects, count for nothing). Retired
// artifacts, artifacts that could not be parsed and artifacts of an unknown
// kind evidence nothing; those that could not be parsed are noted in
// unparsed.
//
// The coverage is worked out once per run and shared by the rules that ask.
func computeCoverage(p *lint.Pass) *coverage {
	return p.Shared(coverageKey{}, func() any { return newCoverage(p) }).(*coverage)
}

// coverageKey is the key of the run's coverage among its shared values.
type coverageKey struct{}

// newCoverage works out the coverage (computeCoverage).
func newCoverage(p *lint.Pass) *coverage {
	cat := DefaultCatalogue()
	c := &coverage{
		cat:           cat,
		approved:      map[string][]*artifact.Document{},
		drafts:        map[string][]*artifact.Document{},
		unparsed:      map[string][]*artifact.Document{},
		customKinds:   map[string][]string{},
		cited:         map[string][]*artifact.Document{},
		custom:        map[string][]*artifact.Document{},
		unparsedKinds: map[string]bool{},
	}
	builtin := map[string]bool{}
	for _, k := range cat.Kinds() {
		builtin[k] = true
	}
	for _, ck := range p.Config.CustomKinds {
		for _, ref := range ck.Evidences {
			c.customKinds[ck.Name] = append(c.customKinds[ck.Name], leaves(cat, ref)...)
		}
		if _, ok := c.customKinds[ck.Name]; !ok {
			c.customKinds[ck.Name] = nil
		}
	}
	for _, d := range p.Documents {
		if d.Status() == "retired" || d.Salvaged.Has("status", "retired") {
			continue
		}
		custom, isCustom := c.customKinds[d.Kind]
		if !builtin[d.Kind] && !isCustom {
			continue
		}
		into := c.drafts
		switch {
		case d.Data == nil:
			into = c.unparsed
			c.unparsedKinds[d.Kind] = true
			if d.Kind == "statement-of-applicability" {
				c.unknownApplicability = true
			}
		case d.Status() == "approved":
			into = c.approved
		}
		add := func(ref string) {
			// Documents come in path order, so one already added is last.
			if l := into[ref]; len(l) == 0 || l[len(l)-1] != d {
				into[ref] = append(into[ref], d)
			}
		}
		cite := func(ref string) {
			add(ref)
			if d.Data == nil {
				return
			}
			if l := c.cited[ref]; len(l) == 0 || l[len(l)-1] != d {
				c.cited[ref] = append(c.cited[ref], d)
			}
		}
		for _, ref := range cat.EvidencedBy(d.Kind) {
			add(ref)
		}
		for _, ref := range custom {
			cite(ref)
			if d.Data != nil {
				c.custom[ref] = append(c.custom[ref], d)
			}
		}
		for _, ref := range p.Config.EvidencedControls(d) {
			for _, leaf := range leaves(cat, ref) {
				cite(leaf)
			}
		}
	}
	c.excluded = excludedControls(p)
	c.systems = systemsInScope(p)
	c.rows = map[string][]systemRow{}
	for _, mode := range perSystemModes {
		c.rows[mode] = c.computeRows(mode, p)
	}
	return c
}

// leaves returns the leaf references ref stands for when it may be cited in
// `controls` (a leaf, or a clause heading such as 9.2); nil for anything else,
// such as a group or an unknown id, which the schema reports.
func leaves(cat *Catalogue, ref string) []string {
	if !cat.Valid(ref) {
		return nil
	}
	return cat.Expand(ref)
}

// excludedControls returns the Annex A controls that the statements of
// applicability exclude: listed with `applicable: false` in a parsed,
// non-retired statement and marked applicable in none. A control a statement
// does not list stays applicable: excluding a control takes an entry with a
// justification.
func excludedControls(p *lint.Pass) map[string]bool {
	excluded, included := map[string]bool{}, map[string]bool{}
	for _, d := range p.Index.ByKind("statement-of-applicability") {
		if d.Data == nil || d.Status() == "retired" {
			continue
		}
		for _, e := range d.List("annex_a") {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			ref, _ := m["ref"].(string)
			switch m["applicable"] {
			case true:
				included[ref] = true
			case false:
				excluded[ref] = true
			}
		}
	}
	for ref := range included {
		delete(excluded, ref)
	}
	return excluded
}

// reported reports whether the rules report r as missing or evidenced only
// by drafts: not when an artifact that does not parse would evidence it
// (AIMS1001 reports that artifact), nor, for a control, when a statement of
// applicability does not parse and its exclusions cannot be read.
func (c *coverage) reported(r Reference) bool {
	if !c.required(r) || len(c.unparsed[r.ID]) > 0 {
		return false
	}
	return !r.Control || !c.unknownApplicability
}

// status returns the coverage state of a leaf reference, ignoring applicability.
func (c *coverage) status(ref string) lint.CoverageStatus {
	switch {
	case len(c.approved[ref]) > 0:
		return lint.Evidenced
	case len(c.drafts[ref]) > 0:
		return lint.DraftOnly
	}
	return lint.Missing
}

// required reports whether the rules ask for evidence of r: a clause that
// requires documented information, or an Annex A control that is applicable.
func (c *coverage) required(r Reference) bool {
	if r.Control {
		return !c.excluded[r.ID]
	}
	return r.DocumentedInformation
}

// entries returns the coverage of every clause, then every control, in
// catalogue order. Evidence lists the approved artifacts, or the drafts when
// there is no approved one. A clause with documented-information items is
// only as evidenced as its least evidenced item, and a per-system
// requirement only as evidenced as its least evidenced AI system.
func (c *coverage) entries() []lint.Coverage {
	refs := c.cat.References()
	out := make([]lint.Coverage, 0, len(refs))
	for _, r := range refs {
		st := c.state(r)
		e := lint.Coverage{Ref: r.ID, Applicable: true, Status: st.status}
		switch st.own {
		case lint.Evidenced:
			e.Evidence = paths(c.approved[r.ID])
		case lint.DraftOnly:
			e.Evidence = paths(c.drafts[r.ID])
		}
		for _, is := range st.items {
			e.Items = append(e.Items, lint.ItemCoverage{
				ID:       is.item.ID,
				Title:    is.item.Title,
				Status:   is.status,
				Evidence: paths(shown(is.evidence)),
				Systems:  systemCoverage(is.rows),
			})
		}
		e.Systems = systemCoverage(st.rows)
		if r.Control && c.excluded[r.ID] {
			e.Applicable, e.Status = false, lint.NotApplicable
		}
		out = append(out, e)
	}
	return out
}

// paths returns the paths of docs.
func paths(docs []*artifact.Document) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Path
	}
	return out
}

// whatToWrite says what artifact evidences r: the kinds that evidence it by
// default (built-in, then custom), or a procedure that lists it.
func (c *coverage) whatToWrite(r Reference) string {
	kinds := slices.Clone(r.Kinds)
	for name, refs := range c.customKinds {
		if slices.Contains(refs, r.ID) && !slices.Contains(kinds, name) {
			kinds = append(kinds, name)
		}
	}
	slices.Sort(kinds[len(r.Kinds):])
	ref := c.name(r)
	if len(kinds) == 0 {
		return fmt.Sprintf("write a procedure that evidences %s by listing it in `controls`", ref)
	}
	return fmt.Sprintf("write %s %s artifact to evidence %s", article(kinds[0]), orList(kinds), ref)
}

// name returns a reference as messages cite it: its id and quoted title. The
// title of a subclause titled "General" names its heading: 6.1.1
// "Actions to address risks and opportunities (general)".
func (c *coverage) name(r Reference) string {
	title := r.Title
	if i := strings.LastIndexByte(r.ID, '.'); title == "General" && i > 0 {
		if h, ok := c.cat.Title(r.ID[:i]); ok {
			title = h + " (general)"
		}
	}
	return fmt.Sprintf("%s %q", r.ID, title)
}

// article returns "an" before a word starting with a vowel, else "a".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// orList joins words as "a", "a or b", "a, b or c".
func orList(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// checkClausesEvidenced records the coverage of every clause and control and
// reports each clause that requires documented information and has no
// evidence at all (drafts only is AIMS4003).
func checkClausesEvidenced(p *lint.Pass) error {
	c := computeCoverage(p)
	p.RecordCoverage(c.entries())
	for _, r := range c.cat.Clauses() {
		if c.reported(r) && c.status(r.ID) == lint.Missing {
			p.Report(artifact.Range{}, c.whatToWrite(r), r.ID)
		}
	}
	return nil
}

// checkControlsEvidenced reports each applicable Annex A control that has no
// evidence at all.
func checkControlsEvidenced(p *lint.Pass) error {
	c := computeCoverage(p)
	for _, r := range c.cat.Controls() {
		if c.reported(r) && c.status(r.ID) == lint.Missing {
			p.Report(artifact.Range{}, c.whatToWrite(r), r.ID)
		}
	}
	return nil
}

// checkDraftOnlyEvidence reports each required clause, documented-information
// item and applicable control whose only evidence is drafts, naming up to
// maxNamedDrafts of them and pointing at each as a related location. For a
// per-system requirement it reports each AI system whose own record is not
// approved yet and that has only drafts (AIMS4005 reports approved systems).
func checkDraftOnlyEvidence(p *lint.Pass) error {
	c := computeCoverage(p)
	for _, r := range c.cat.References() {
		if !c.reported(r) {
			continue
		}
		st := c.state(r)
		switch {
		case len(r.Items) > 0:
			for _, is := range st.items {
				if len(is.rows) > 0 {
					if is.own != lint.Missing {
						c.reportDraftRows(p, is.item.Name(), is.item.PerSystem, is.item.Ref, is.rows)
					}
					continue
				}
				if is.own == lint.DraftOnly {
					c.reportDrafts(p, is.item.Name(), r.ID, is.evidence)
				}
			}
		case len(st.rows) > 0:
			if st.own != lint.Missing {
				c.reportDraftRows(p, c.name(r), r.PerSystem, r.ID, st.rows)
			}
		case st.own == lint.DraftOnly:
			c.reportDrafts(p, c.name(r), r.ID, c.drafts[r.ID])
		}
	}
	return nil
}

// reportDrafts reports that only drafts evidence what (a reference or an
// item of ref).
func (c *coverage) reportDrafts(p *lint.Pass, what, ref string, drafts []*artifact.Document) {
	f := lint.Finding{
		Message:  fmt.Sprintf("%s: only drafts evidence %s", approveOne(paths(drafts)), what),
		Controls: []string{ref},
	}
	for _, d := range drafts {
		f.Related = append(f.Related, lint.Related{Range: d.FileRange(), Message: fmt.Sprintf("status %q: evidence of %s once approved", d.Status(), ref)})
	}
	p.ReportFinding(f)
}

// approveOne says which of names to approve.
func approveOne(names []string) string {
	switch {
	case len(names) == 1:
		return "approve " + names[0]
	case len(names) > maxNamedDrafts:
		return fmt.Sprintf("approve one of %s and %d more", strings.Join(names[:maxNamedDrafts], ", "), len(names)-maxNamedDrafts)
	}
	return "approve one of " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// reportDraftRows reports, for a per-system requirement, each AI system
// whose record is not approved yet and that has no approved evidence.
func (c *coverage) reportDraftRows(p *lint.Pass, what, mode, ref string, rows []systemRow) {
	if c.unparsedKinds[modeKind(mode)] {
		return
	}
	for _, r := range rows {
		if approved(r.system) || r.status == lint.Evidenced || mode == PerSystemEvaluation && len(evalGaps(p, r.system)) > 0 {
			continue
		}
		p.ReportFinding(lint.Finding{
			Range:    r.system.Locate("id"),
			Message:  fmt.Sprintf("AI system %q (its record is %s) has no approved evidence of %s: %s", r.system.ID, statusPhrase(r.system.Status()), what, rowAdvice(r, mode)),
			Controls: []string{ref},
			Related:  rowRelated(r, ref),
		})
	}
}

// rowAdvice says what a system lacking approved evidence needs, as an
// imperative.
func rowAdvice(r systemRow, mode string) string {
	var pending []string
	for _, d := range r.evidence {
		if !approved(d) {
			pending = append(pending, fmt.Sprintf("%s (%s)", d.Path, statusPhrase(d.Status())))
		}
	}
	switch {
	case mode == PerSystemImpactAssessment && len(r.evidence) == 0:
		return fmt.Sprintf("write an impact-assessment with `ai_system: %s` and have it approved", r.system.ID)
	case mode == PerSystemImpactAssessment:
		return "approve its impact assessment " + strings.Join(pending, " or ")
	case mode == PerSystemDatasets && len(r.evidence) == 0:
		return "list the datasets it uses in its `datasets` and have their dataset records approved"
	case mode == PerSystemDatasets:
		return "approve the records of the datasets it uses: " + strings.Join(pending, ", ")
	case mode == PerSystemEvaluation && r.evals != nil:
		return evaluationAdvice(r.evals, pending)
	case mode == PerSystemEvaluation:
		return "approve its record " + strings.Join(pending, ", ") + ", or an evaluation of it"
	}
	return "approve its record " + strings.Join(pending, ", ")
}

// evaluationAdvice says what a high-risk AI system in use needs for its
// evaluation to evidence A.6.2.4 (AIMS7301 reports the gaps it finds; this
// covers the rest). pending are its evaluations that are not approved.
func evaluationAdvice(se *systemEvals, pending []string) string {
	v := se.approved
	switch {
	case v != nil && v.run.problem != "":
		return fmt.Sprintf("the results file of its evaluation %s cannot be used: correct it (AIMS7304 says how)", v.run.doc.ID)
	case v != nil && len(v.failed) > 0:
		return fmt.Sprintf("its evaluation %s has metrics that fail their threshold (%s): improve the model and evaluate again, or record each shortfall as a risk of %s in the risk register, have its acceptance recorded (`acceptance.approved_by`, `approved_on`) and name it in the metric's `risk`", v.run.doc.ID, metricLabels(v.failed), se.system.ID)
	case v != nil && !v.passes():
		return fmt.Sprintf("its evaluation %s does not cover %s: add the missing metrics, or evaluate again", v.run.doc.ID, se.needs())
	case len(pending) > 0:
		return "approve its evaluation " + strings.Join(pending, " or ")
	case se.version == "":
		return "write its model version in `model_version` and have an evaluation of that version approved"
	}
	return fmt.Sprintf("write an evaluation with `ai_system: %s` and `model_version: %s` covering %s, and have it approved", se.system.ID, se.version, se.needs())
}

// rowRelated points at the evidence of a system that is not approved.
func rowRelated(r systemRow, ref string) []lint.Related {
	var out []lint.Related
	for _, d := range r.evidence {
		if d != r.system && !approved(d) {
			out = append(out, lint.Related{Range: d.FileRange(), Message: fmt.Sprintf("status %q: evidence of %s for %s once approved", d.Status(), ref, r.system.ID)})
		}
	}
	return out
}

// checkItemsEvidenced reports each documented-information item that nothing
// evidences, in a clause that other artifacts do evidence (AIMS4001 reports a
// clause with no evidence at all).
func checkItemsEvidenced(p *lint.Pass) error {
	c := computeCoverage(p)
	for _, r := range c.cat.Clauses() {
		if len(r.Items) == 0 || !c.reported(r) || c.status(r.ID) == lint.Missing {
			continue
		}
		for _, is := range c.state(r).items {
			if is.own != lint.Missing {
				continue
			}
			others := shown(append(slices.Clone(c.approved[r.ID]), c.drafts[r.ID]...))
			p.Report(artifact.Range{}, fmt.Sprintf("%s to evidence %s: documented information the clause requires on its own, which %s cannot stand in for",
				c.itemWhatToWrite(is.item), is.item.Name(), orList(paths(others))), r.ID)
		}
	}
	return nil
}

// itemWhatToWrite says what artifact evidences a documented-information item.
func (c *coverage) itemWhatToWrite(it Item) string {
	var ways []string
	if len(it.Kinds) > 0 {
		ways = append(ways, fmt.Sprintf("%s %s artifact", article(it.Kinds[0]), orList(it.Kinds)))
	}
	if it.ByControls {
		ways = append(ways, fmt.Sprintf("a procedure that lists %s in `controls`", it.Ref))
	}
	return "write " + strings.Join(ways, ", or ")
}

// checkEverySystem reports, for each requirement every AI system must meet,
// each in-scope system with an approved record that has no approved evidence
// of it, when other artifacts evidence the requirement (AIMS4001, AIMS4002
// and AIMS4004 report a requirement with no evidence at all). Systems whose
// own record is still a draft are AIMS4003's.
func checkEverySystem(p *lint.Pass) error {
	c := computeCoverage(p)
	for _, r := range c.cat.References() {
		if !c.reported(r) {
			continue
		}
		st := c.state(r)
		if st.own == lint.Missing {
			continue
		}
		c.reportSystems(p, c.name(r), r.PerSystem, r.ID, st.rows)
		for _, is := range st.items {
			if is.own != lint.Missing {
				c.reportSystems(p, is.item.Name(), is.item.PerSystem, r.ID, is.rows)
			}
		}
	}
	return nil
}

// reportSystems reports each approved AI system of rows that lacks approved
// evidence of what.
func (c *coverage) reportSystems(p *lint.Pass, what, mode, ref string, rows []systemRow) {
	if len(rows) == 0 || c.unparsedKinds[modeKind(mode)] {
		return
	}
	for _, r := range rows {
		if !approved(r.system) || r.status == lint.Evidenced || mode == PerSystemEvaluation && len(evalGaps(p, r.system)) > 0 {
			continue
		}
		p.ReportFinding(lint.Finding{
			Range:    r.system.Locate("id"),
			Message:  fmt.Sprintf("AI system %q has no approved evidence of %s, which every AI system in scope must have: %s", r.system.ID, what, rowAdvice(r, mode)),
			Controls: []string{ref},
			Related:  rowRelated(r, ref),
		})
	}
}
