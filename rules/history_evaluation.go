package rules

import (
	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/lint"
)

// AIMS6006 reports AI systems whose model version changed after their
// latest evaluation.
var AIMS6006 = &lint.Rule{
	ID:       "AIMS6006",
	Name:     "ModelVersionChangedAfterEvaluation",
	Title:    "model version of an AI system changed after its latest evaluation",
	Doc:      doc("AIMS6006"),
	Severity: lint.Error,
	Controls: []string{"A.6.2.4", "A.6.2.6"},
	Scope:    lint.ScopeLinked,
	History:  true,
	Check:    checkEvaluationAfterVersionChange,
}

// checkEvaluationAfterVersionChange reports each AI system in force, not
// retired, whose record's `model_version` value was last changed by a
// commit made more than a day after the evaluated_on of its latest
// evaluation in force of that version: the results were measured before the
// version now recorded was in place. The commit that added the record is no
// change. A system or evaluation with uncommitted changes, or changed after
// the as-of date, is left until it is committed.
func checkEvaluationAfterVersionChange(p *lint.Pass) error {
	h, err := p.History()
	if err != nil {
		return err
	}
	if excludedControl(p, "A.6.2.4") {
		return nil
	}
	vs := versionsOf(p, h)
	for _, s := range liveKindDocs(p, "ai-system") {
		if !inForce(s) || s.ID == "" || s.String("lifecycle_stage") == "retirement" {
			continue
		}
		v := evalsOfSystem(p, s).latest
		if v == nil || v.on.IsZero() {
			continue
		}
		if _, ok := timelineOf(p, h, v.run.doc); !ok {
			continue
		}
		tl, ok := timelineOf(p, h, s)
		if !ok {
			continue
		}
		changed, err := tl.lastChange(vs, s,
			func(c gitrepo.Commit) bool { return commitLaterThan(c, v.on) },
			func(before, after *version, sameBlob bool) bool {
				return !before.sameField(after, "model_version", sameBlob)
			})
		if err != nil {
			return err
		}
		if changed == nil {
			continue
		}
		p.Reportf(s.Locate("model_version"),
			"the `model_version` of %s was changed to %q in %s, after its latest evaluation %s (evaluated on %s): evaluate the version now recorded and record its results in an evaluation whose `evaluated_on` is after the change",
			s.ID, s.String("model_version"), describeCommit(changed.Commit), v.run.doc.ID, v.onText)
	}
	return nil
}
