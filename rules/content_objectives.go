package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// This file holds the content rules of the AI objectives (AIMS7115-7117):
// each objective measurable, planned and followed up, as clause 6.2 asks.

// AIMS7115 reports objectives whose target is no value that can be measured.
var AIMS7115 = &lint.Rule{
	ID:       "AIMS7115",
	Name:     "ObjectiveNotMeasurable",
	Title:    "objective has no measurable target",
	Doc:      doc("AIMS7115"),
	Severity: lint.Error,
	Controls: []string{"6.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkObjectiveTargets,
}

// AIMS7116 reports open objectives without a plan: actions and resources.
var AIMS7116 = &lint.Rule{
	ID:       "AIMS7116",
	Name:     "ObjectiveWithoutPlan",
	Title:    "objective has no plan of actions and resources",
	Doc:      doc("AIMS7116"),
	Severity: lint.Error,
	Controls: []string{"6.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkObjectivePlans,
}

// AIMS7117 reports objectives whose status claims progress or a result that
// no measurement records.
var AIMS7117 = &lint.Rule{
	ID:       "AIMS7117",
	Name:     "ObjectiveNotMeasured",
	Title:    "objective's status is not backed by a recorded measurement",
	Doc:      doc("AIMS7117"),
	Severity: lint.Error,
	Controls: []string{"6.2", "9.1"},
	Scope:    lint.ScopeLinked,
	Check:    checkObjectiveMeasurements,
}

// quantity matches a target that states a value: a number, or a word that
// stands for one.
var quantity = regexp.MustCompile(`(?i)\d|\b(zero|none|all|every)\b`)

// objectiveEntry is one objective of an ai-objectives artifact.
type objectiveEntry struct {
	index int
	m     map[string]any
	label string
}

func (o objectiveEntry) at(key ...string) []string {
	return append([]string{"objectives", tok(o.index)}, key...)
}

func (o objectiveEntry) status() string {
	s, _ := o.m["status"].(string)
	return s
}

// objectiveEntries returns the objectives of the in-force ai-objectives
// artifacts, with their documents.
func objectiveEntries(p *lint.Pass, each func(d *artifact.Document, o objectiveEntry)) {
	for _, d := range kindDocs(p, "ai-objectives") {
		if !inForce(d) {
			continue
		}
		for i, v := range d.List("objectives") {
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			label, _ := m["id"].(string)
			if label == "" {
				label = fmt.Sprintf("#%d", i+1)
			}
			each(d, objectiveEntry{index: i, m: m, label: label})
		}
	}
}

// open reports whether an objective is still being worked on.
func open(status string) bool {
	return status == "not-started" || status == "on-track" || status == "at-risk"
}

func checkObjectiveTargets(p *lint.Pass) error {
	objectiveEntries(p, func(d *artifact.Document, o objectiveEntry) {
		t, ok := o.m["target"].(string)
		if !ok || strings.TrimSpace(t) == "" || quantity.MatchString(t) {
			return // a number, or missing (the schema rule says so)
		}
		p.Reportf(d.Locate(o.at("target")...), "objective %s has the target %q, which states no value that can be measured: give the value of the measure that counts as achieved, e.g. \"95%% or more\" or \"0 open major findings\"", o.label, t)
	})
	return nil
}

func checkObjectivePlans(p *lint.Pass) error {
	objectiveEntries(p, func(d *artifact.Document, o objectiveEntry) {
		if !open(o.status()) {
			return
		}
		var missing []string
		if len(d.List(o.at("actions")...)) == 0 {
			missing = append(missing, "`actions` (what will be done)")
		}
		if len(d.List(o.at("resources")...)) == 0 {
			missing = append(missing, "`resources` (the people, budget or tools it needs)")
		}
		if len(missing) == 0 {
			return
		}
		p.Reportf(d.Locate(o.at("id")...), "objective %s has no plan to achieve it: add %s", o.label, strings.Join(missing, " and "))
	})
	return nil
}

func checkObjectiveMeasurements(p *lint.Pass) error {
	objectiveEntries(p, func(d *artifact.Document, o objectiveEntry) {
		status := o.status()
		if status == "" || status == "not-started" || len(d.List(o.at("measurements")...)) > 0 {
			return
		}
		what := "its progress"
		if !open(status) {
			what = "its result"
		}
		p.Reportf(d.Locate(o.at("status")...), "objective %s is %s, but no measurement shows %s: add to `measurements` the value of the measure and when it was taken (on, value, source)", o.label, status, what)
	})
	return nil
}
