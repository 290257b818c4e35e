package rules

import (
	"slices"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/lint"
)

// AIMS6005 reports AI system records that changed after their impact
// assessment.
var AIMS6005 = &lint.Rule{
	ID:       "AIMS6005",
	Name:     "SystemChangedAfterImpactAssessment",
	Title:    "record of an AI system changed after its impact assessment",
	Doc:      doc("AIMS6005"),
	Severity: lint.Warning,
	Controls: []string{"8.4", "6.1.4", "A.5.2"},
	Scope:    lint.ScopeLinked,
	History:  true,
	Check:    checkSystemChangedAfterAssessment,
}

// systemRecordFields are the fields of an ai-system record about the
// document rather than the system: changing them does not change the system.
// impact_assessment is among them, since linking the assessment is no change
// the assessment must consider.
var systemRecordFields = []string{
	"status", "version", "approved_by", "approved_on", "last_reviewed", "review_cycle", "next_review",
	"owner", "suppressions", "impact_assessment",
}

// An assessment is what the history says of a system's impact assessments.
type assessment struct {
	ids        []string
	assessedOn time.Time // the latest assessed_on
	text       string    // as written
	changed    time.Time // the latest commit to any of them
}

// checkSystemChangedAfterAssessment reports AI systems whose record last
// changed (the system, not its document fields, and not by the commit that
// added it) more than a day after the latest assessed_on of their impact
// assessments and after the last commit to any of those assessments.
// Drafts and retired systems and assessments are left out.
func checkSystemChangedAfterAssessment(p *lint.Pass) error {
	h, err := p.History()
	if err != nil {
		return err
	}
	vs := versionsOf(p, h)
	bySystem := assessmentsBySystem(p)
	for _, sys := range p.Index.ByKind("ai-system") {
		if !inForce(sys) || sys.ID == "" {
			continue
		}
		a, ok := assessmentsOf(p, h, sys, bySystem[sys.ID])
		if !ok {
			continue
		}
		tl, ok := timelineOf(p, h, sys)
		if !ok {
			continue
		}
		changed, err := tl.lastChange(vs, sys,
			func(c gitrepo.Commit) bool { return commitLaterThan(c, a.assessedOn) && c.When.After(a.changed) },
			func(before, after *version, sameBlob bool) bool {
				return !before.sameContent(after, systemRecordFields, sameBlob)
			})
		if err != nil {
			return err
		}
		if changed == nil {
			continue
		}
		at := sys.Locate("impact_assessment")
		if sys.Get("impact_assessment") == nil {
			at = sys.Locate("id")
		}
		ids := strings.Join(a.ids, " and ")
		p.Reportf(at,
			"the record of %s changed in %s, after its impact assessment %s (assessed on %s): if the change is significant, assess the system again and update assessed_on; if not, review %s against the change and commit the review",
			sys.ID, describeCommit(changed.Commit), ids, a.text, ids)
	}
	return nil
}

// assessmentsBySystem indexes the impact assessments in force by the AI
// system their ai_system names, once per run, so that each system finds its
// own without a scan of them all.
func assessmentsBySystem(p *lint.Pass) map[string][]*artifact.Document {
	out := map[string][]*artifact.Document{}
	for _, d := range p.Index.ByKind("impact-assessment") {
		if inForce(d) {
			if id := d.String("ai_system"); id != "" {
				out[id] = append(out[id], d)
			}
		}
	}
	return out
}

// assessmentsOf returns the impact assessments in force of sys: the one its
// impact_assessment names and those whose ai_system is sys (own, from
// assessmentsBySystem). ok is false when there is none, or when one has no
// valid assessed_on or no history to judge (it is being rewritten: judge the
// system once it is committed).
func assessmentsOf(p *lint.Pass, h *gitrepo.History, sys *artifact.Document, own []*artifact.Document) (assessment, bool) {
	docs := own
	if named := sys.String("impact_assessment"); named != "" {
		for _, d := range p.Index.ByID(named) {
			if d.Kind == "impact-assessment" && inForce(d) && !slices.Contains(docs, d) {
				docs = append(slices.Clip(docs), d)
			}
		}
	}
	// In path order, as the scan of every assessment gave them.
	slices.SortFunc(docs, func(a, b *artifact.Document) int { return strings.Compare(a.Path, b.Path) })
	var a assessment
	for _, d := range docs {
		on, text, ok := dateAt(d, "assessed_on")
		if !ok {
			return assessment{}, false
		}
		tl, ok := timelineOf(p, h, d)
		if !ok {
			return assessment{}, false
		}
		a.ids = append(a.ids, d.ID)
		if on.After(a.assessedOn) {
			a.assessedOn, a.text = on, text
		}
		if w := tl.last().When; w.After(a.changed) {
			a.changed = w
		}
	}
	return a, len(a.ids) > 0
}
