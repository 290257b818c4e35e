package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// This file holds the content rules on the evaluation of each AI system
// (AIMS7301, AIMS7305): that a high-risk system in use has an evaluation of
// the version in use covering what it must, and that evaluations in force
// are current. They read the judgement of rules/evaluation.go.

// AIMS7301 reports high-risk AI systems in use without an evaluation in
// force of their current model version that covers performance, fairness
// for every affected group and robustness.
var AIMS7301 = &lint.Rule{
	ID:       "AIMS7301",
	Name:     "HighRiskSystemNotEvaluated",
	Title:    "high-risk AI system in use has no evaluation of its current model version covering performance, fairness and robustness",
	Doc:      doc("AIMS7301"),
	Severity: lint.Error,
	Controls: []string{"A.6.2.4", "A.5.4"},
	Scope:    lint.ScopeLinked,
	Check:    checkSystemsEvaluated,
}

// AIMS7305 reports evaluations in force that are out of date: older than
// their review cycle, or of another model version than the one in use.
var AIMS7305 = &lint.Rule{
	ID:       "AIMS7305",
	Name:     "EvaluationOutOfDate",
	Title:    "evaluation is older than its review cycle or not of the model version in use",
	Doc:      doc("AIMS7305"),
	Severity: lint.Warning,
	Controls: []string{"A.6.2.4", "A.6.2.6"},
	Scope:    lint.ScopeLinked,
	Check:    checkEvaluationsCurrent,
}

// An evalGap is one thing AIMS7301 finds missing for a system: where to
// report it and what to say.
type evalGap struct {
	at  artifact.Range
	msg string
}

// evalGaps returns what AIMS7301 reports for system s: nothing unless it
// is a high-risk system in use whose record is in force, and nothing while
// an evaluation naming it does not parse (AIMS1001) or the results file of
// its latest evaluation cannot be used (AIMS7304).
func evalGaps(p *lint.Pass, s *artifact.Document) []evalGap {
	if !inForce(s) || s.ID == "" || !highRiskInUse(s) || excludedControl(p, "A.6.2.4") || unparsedMention(p, "evaluation", "ai_system", s.ID) {
		return nil
	}
	se := evalsOfSystem(p, s)
	stage := s.String("lifecycle_stage")
	what := se.needs()
	if se.version == "" {
		return []evalGap{{locateField(s, "model_version"), fmt.Sprintf("high-risk AI system %s is in use (%s) but its record states no `model_version`, so no evaluation can be matched to the version in use: write the version in `model_version`, the same text as in the `model_version` of its evaluation, which must cover %s", s.ID, stage, what)}}
	}
	if v := se.latest; v != nil {
		if v.run.problem != "" {
			return nil
		}
		at := evalMetricsAt(v.run.doc)
		var gaps []evalGap
		for _, m := range v.missingMethods {
			advice := fmt.Sprintf("add a %s metric with its threshold (method %s)", m, m)
			switch m {
			case "robustness":
				advice = "add a robustness metric (method robustness: the result under adversarial, noisy or shifted input) with its threshold"
			case "fairness":
				advice = "add a fairness metric (method fairness) for each attribute by which the system could treat people unequally, and list those attributes in `affected_groups` of its impact assessment"
			}
			gaps = append(gaps, evalGap{at, fmt.Sprintf("evaluation %s of high-risk AI system %s (%s) has no usable %s metric: %s", v.run.doc.ID, s.ID, se.version, m, advice)})
		}
		for _, g := range v.missingGroups {
			gaps = append(gaps, evalGap{at, fmt.Sprintf("evaluation %s of high-risk AI system %s (%s) has no usable fairness metric for `%s`, which its impact assessment lists in `affected_groups`: add a fairness metric with group `%s` (across its values) or `%s=<value>` (one slice) and its threshold", v.run.doc.ID, s.ID, se.version, g, g, g)})
		}
		return gaps
	}
	var drafts, current, others []string
	for _, r := range se.runs {
		mv := strings.TrimSpace(r.doc.String("model_version"))
		switch {
		case !inForce(r.doc) && mv == se.version:
			current = append(current, r.doc.ID)
		case !inForce(r.doc):
			drafts = append(drafts, r.doc.ID)
		default:
			others = append(others, fmt.Sprintf("%s of %q", r.doc.ID, mv))
		}
	}
	switch {
	case len(current) > 0:
		return []evalGap{{s.Locate("id"), fmt.Sprintf("high-risk AI system %s is in use (%s) but its evaluation of %s, %s, is not reviewed or approved: have it reviewed and approved (status in-review, then approved)", s.ID, stage, se.version, strings.Join(current, ", "))}}
	case len(others) > 0:
		return []evalGap{{locateField(s, "model_version"), fmt.Sprintf("high-risk AI system %s is in use (%s) with model_version %q, but its evaluations in force are of other versions (%s): evaluate %q on %s and record it in an approved evaluation with `model_version: %s`", s.ID, stage, se.version, strings.Join(others, ", "), se.version, what, se.version)}}
	case len(drafts) > 0:
		return []evalGap{{s.Locate("id"), fmt.Sprintf("high-risk AI system %s is in use (%s) but has only draft evaluations (%s), none of its model_version %q: evaluate %q on %s and have the evaluation approved", s.ID, stage, strings.Join(drafts, ", "), se.version, se.version, what)}}
	}
	return []evalGap{{s.Locate("id"), fmt.Sprintf("high-risk AI system %s is in use (%s) but has no evaluation: write an evaluation with `ai_system: %s` and `model_version: %s` whose metrics cover %s, each with its threshold, and have it approved", s.ID, stage, s.ID, se.version, what)}}
}

// needs says what the evaluation of the system must cover.
func (se *systemEvals) needs() string {
	fair := "fairness"
	if len(se.groups) > 0 {
		var gs []string
		for _, g := range se.groups {
			gs = append(gs, "`"+g+"`")
		}
		fair = "fairness for " + andList(gs)
	}
	return "performance, " + fair + " and robustness"
}

// evalMetricsAt is where a finding about an evaluation's metrics points:
// its `metrics_file`, else its `metrics`, else its `methods`.
func evalMetricsAt(d *artifact.Document) artifact.Range {
	for _, key := range []string{"metrics_file", "metrics", "methods"} {
		if d.Get(key) != nil {
			return d.LocateKey(key)
		}
	}
	return d.LocateKey("kind")
}

func checkSystemsEvaluated(p *lint.Pass) error {
	for _, s := range liveKindDocs(p, "ai-system") {
		for _, g := range evalGaps(p, s) {
			p.Report(g.at, g.msg)
		}
	}
	return nil
}

// checkEvaluationsCurrent reports, for each AI system that is not retired,
// its evaluations in force that are out of date: of another model version
// than its record's (when its record is in force), or older than their
// review cycle. An evaluation older than the system's latest evaluation in
// force of its current version is superseded and not reported.
func checkEvaluationsCurrent(p *lint.Pass) error {
	if excludedControl(p, "A.6.2.4") {
		return nil
	}
	for _, s := range liveKindDocs(p, "ai-system") {
		if s.ID == "" || s.String("lifecycle_stage") == "retirement" {
			continue
		}
		se := evalsOfSystem(p, s)
		superseded := false
		for _, r := range se.runs {
			if superseded {
				break
			}
			if !inForce(r.doc) {
				continue
			}
			superseded = se.latest != nil && r == se.latest.run
			mv := strings.TrimSpace(r.doc.String("model_version"))
			if inForce(s) && se.version != "" && mv != "" && mv != se.version {
				p.Reportf(locateField(r.doc, "model_version"), "evaluation %s is of model version %q, but AI system %s now runs %q (its record's `model_version`): evaluate %q and record it in a new evaluation, or correct `model_version` if the record or the evaluation is wrong", r.doc.ID, mv, s.ID, se.version, se.version)
				continue
			}
			on, text, ok := dateAt(r.doc, "evaluated_on")
			if !ok {
				continue
			}
			c, ok := reviewCycleOf(p, r.doc)
			if !ok {
				continue
			}
			due := c.after(on)
			if !due.Before(p.AsOf) {
				continue
			}
			p.Reportf(r.doc.Locate("evaluated_on"), "evaluation %s of AI system %s was measured on %s, so under its %s cycle a new evaluation was due by %s and is %s late: evaluate the system again and record the results in a new evaluation (or set a longer `review_cycle` if that is the policy)", r.doc.ID, s.ID, text, c, due.Format(time.DateOnly), nDays(daysBetween(due, p.AsOf)))
		}
	}
	return nil
}
