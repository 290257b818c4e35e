package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/results"
)

// This file holds the verification and validation rules (AIMS73xx): what
// an evaluation's results show, the data it was measured on and whether its
// results file can be used at all.

// AIMS7302 reports metrics that miss their threshold with no accepted risk
// recording the shortfall.
var AIMS7302 = &lint.Rule{
	ID:       "AIMS7302",
	Name:     "EvaluationMetricFailed",
	Title:    "evaluation metric misses its threshold and no accepted risk covers it",
	Doc:      doc("AIMS7302"),
	Severity: lint.Error,
	Controls: []string{"A.6.2.4", "6.1.3"},
	// The risk a row names is in a risk register, which a results file
	// references by id (the partial run reads the file's ids).
	Scope: lint.ScopeLinked,
	Check: checkFailedMetrics,
}

// AIMS7303 reports evaluations measured on data that is not held-out
// evaluation data.
var AIMS7303 = &lint.Rule{
	ID:       "AIMS7303",
	Name:     "EvaluationOnTrainingData",
	Title:    "evaluation uses a training dataset of the system, or a dataset not meant for validation or testing",
	Doc:      doc("AIMS7303"),
	Severity: lint.Error,
	Controls: []string{"A.6.2.4", "A.7.2"},
	// The datasets and the system are referenced by the evaluation.
	Scope: lint.ScopeLinked,
	Check: checkEvaluationData,
}

// AIMS7304 reports results that cannot be used: a results file aims cannot
// read, rows with unusable cells, and groups the impact assessment does not
// name.
var AIMS7304 = &lint.Rule{
	ID:       "AIMS7304",
	Name:     "EvaluationResultsUnusable",
	Title:    "evaluation results cannot be used: unreadable results file, a value that is no number, a missing threshold or an unknown group",
	Doc:      doc("AIMS7304"),
	Severity: lint.Error,
	Controls: []string{"A.6.2.4", "A.5.4"},
	// The groups are judged against the impact assessment of the evaluated
	// system, which names the system; the partial run loads the documents
	// that name a changed evaluation's system.
	Scope: lint.ScopeLinked,
	Check: checkEvaluationResults,
}

// acceptedRisk is a risk of a risk register in force, for checking that a
// failed metric's `risk` covers it.
type acceptedRisk struct {
	id       string
	systems  []string // the risk's ai_system, else its register's ai_systems
	accepted bool     // acceptance.approved_by and approved_on are recorded
}

// risksByIDKey is the Pass.Shared key of riskByID's index.
type risksByIDKey struct{}

// riskByID returns the risks of the registers in force with id; unparsed
// reports whether a register that does not parse may define it.
func riskByID(p *lint.Pass, id string) (found []acceptedRisk, unparsed bool) {
	return registerRisks(p)[id], len(p.Index.Unparsed(id)) > 0
}

// registerRisks returns the risks of the registers in force by id, worked
// out once per run: what AIMS7302 and the judgement of each AI system's
// evaluations (acceptedRisks) both read, so they agree on which risk
// covers a failed metric.
func registerRisks(p *lint.Pass) map[string][]acceptedRisk {
	return p.Shared(risksByIDKey{}, func() any {
		m := map[string][]acceptedRisk{}
		for _, d := range kindDocs(p, "risk-register") {
			if !inForce(d) {
				continue
			}
			for _, r := range riskEntries(d) {
				rid := r.str("id")
				if rid == "" {
					continue
				}
				ar := acceptedRisk{id: rid, systems: d.Strings("ai_systems")}
				if s := r.str("ai_system"); s != "" {
					ar.systems = []string{s}
				}
				acc, _ := r.m["acceptance"].(map[string]any)
				ar.accepted = !blankText(acc["approved_by"]) && acc["approved_on"] != nil
				m[rid] = append(m[rid], ar)
			}
		}
		return m
	}).(map[string][]acceptedRisk)
}

// shortfall describes how a metric misses its threshold, for messages:
// "metric approval_rate_ratio (age_band=18-24) is 0.88, which fails its
// threshold (>= 0.9)".
func shortfall(m *evalMetric) string {
	return fmt.Sprintf("metric %s is %s, which fails its threshold (%s %s)", m.Label(), num(m.Value), m.Comparison, num(m.Threshold))
}

// num writes a number as briefly as it can.
func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// rowName names where a metric is written, for messages: "this row" of a
// results file or "this metric" of the evaluation.
func (m *evalMetric) rowName() string {
	if m.run.file != "" {
		return "this row"
	}
	return "this metric"
}

func checkFailedMetrics(p *lint.Pass) error {
	for _, r := range evaluations(p) {
		if !inForce(r.doc) {
			continue
		}
		sys := r.doc.String("ai_system")
		for i := range r.metrics {
			m := &r.metrics[i]
			if !m.Failed() {
				continue
			}
			what := shortfall(m)
			if m.Risk == "" {
				p.Reportf(m.Range("value"), "%s, and no accepted risk covers the shortfall: improve the system and record a passing result, or record the shortfall as a risk of %s in the risk register, have it accepted (`acceptance`: approved_by, approved_on) and name that risk in the `risk` of %s", what, systemLabel(sys), m.rowName())
				continue
			}
			risks, unparsed := riskByID(p, m.Risk)
			if len(risks) == 0 {
				if unparsed || r.file == "" {
					continue // AIMS1001 or AIMS3002 says why
				}
				p.Reportf(m.Range("risk"), "%s, and its `risk` %s is no risk of a risk register in force: name in `risk` the risk of the register that records this shortfall for %s", what, m.Risk, systemLabel(sys))
				continue
			}
			var forSystem *acceptedRisk
			for j := range risks {
				if sys == "" || slices.Contains(risks[j].systems, sys) {
					forSystem = &risks[j]
					break
				}
			}
			switch {
			case forSystem == nil:
				of := "no AI system"
				if len(risks[0].systems) > 0 {
					of = strings.Join(risks[0].systems, ", ")
				}
				p.Reportf(m.Range("risk"), "%s, and its `risk` %s is a risk of %s, not of %s: record the shortfall as a risk whose `ai_system` is %s, have it accepted (`acceptance`: approved_by, approved_on) and name it in `risk`", what, m.Risk, of, sys, sys)
			case !forSystem.accepted:
				p.Reportf(m.Range("risk"), "%s, and its `risk` %s is not accepted: record who accepted the shortfall in the risk register, in `acceptance` of %s (approved_by, approved_on), or improve the system and record a passing result", what, m.Risk, m.Risk)
			}
		}
	}
	return nil
}

// systemLabel names an AI system in messages, or "the system" when the
// evaluation names none.
func systemLabel(id string) string {
	if id == "" {
		return "the system"
	}
	return id
}

// evaluationUses are the dataset uses an evaluation may measure on.
var evaluationUses = []string{"validation", "test"}

// trainingUses are the dataset uses that make data part of what a system
// learnt from.
var trainingUses = []string{"training", "fine-tuning"}

func checkEvaluationData(p *lint.Pass) error {
	for _, r := range evaluations(p) {
		d := r.doc
		if !inForce(d) {
			continue
		}
		sysID := d.String("ai_system")
		var systemData []string // the datasets the system's record lists
		for _, s := range p.Index.ByID(sysID) {
			if s.Kind == "ai-system" && s.Data != nil {
				systemData = append(systemData, s.Strings("datasets")...)
			}
		}
		for i, v := range d.List("datasets") {
			id, _ := v.(string)
			if id == "" {
				continue
			}
			for _, ds := range p.Index.ByID(id) {
				if ds.Kind != "dataset" || ds.Data == nil {
					continue
				}
				uses := ds.Strings("uses")
				if len(uses) == 0 {
					continue // aims cannot tell what the data is for
				}
				at := d.Locate("datasets", tok(i))
				var trained []string
				for _, u := range uses {
					if slices.Contains(trainingUses, u) {
						trained = append(trained, u)
					}
				}
				listed := slices.Contains(systemData, id)
				names := slices.Contains(ds.Strings("ai_systems"), sysID)
				if len(trained) > 0 && sysID != "" && (listed || names) {
					link := sysID + " lists it in `datasets`"
					if !listed {
						link = "it names " + sysID + " in `ai_systems`"
					}
					p.Reportf(at, "dataset %s is %s data of %s (its `uses`: %s; %s), so results measured on it overstate how the system does on new data: evaluate on held-out data, a dataset whose `uses` is validation or test, and name it in `datasets`", id, strings.Join(trained, " and "), sysID, strings.Join(uses, ", "), link)
					continue
				}
				if !slices.ContainsFunc(uses, func(u string) bool { return slices.Contains(evaluationUses, u) }) {
					p.Reportf(at, "dataset %s is not evaluation data: its `uses` are %s, with neither validation nor test: evaluate on a dataset kept for validation or testing, or, if %s was held out for this, add validation or test to its `uses`", id, strings.Join(uses, ", "), id)
				}
			}
		}
	}
	return nil
}

// affectedGroups returns the attributes the impact assessments of system
// sys list in `affected_groups` (the one its record names in
// `impact_assessment` and those whose `ai_system` is sys, retired ones
// left out) and the assessments' ids; known is false when one of them, or
// the system's record, does not parse, so the groups cannot be told.
func affectedGroups(p *lint.Pass, sys string) (groups, from []string, known bool) {
	bySystem := p.Shared(assessmentsOfSystemKey{}, func() any {
		m := map[string][]*artifact.Document{}
		for _, a := range kindDocs(p, "impact-assessment") {
			if s := a.String("ai_system"); s != "" {
				m[s] = append(m[s], a)
			}
		}
		return m
	}).(map[string][]*artifact.Document)
	if unparsedMention(p, "impact-assessment", "ai_system", sys) {
		return nil, nil, false
	}
	docs := bySystem[sys]
	for _, s := range p.Index.ByID(sys) {
		if s.Kind != "ai-system" {
			continue
		}
		if s.Data == nil {
			return nil, nil, false
		}
		for _, a := range p.Index.ByID(s.String("impact_assessment")) {
			if a.Kind != "impact-assessment" || slices.Contains(docs, a) {
				continue
			}
			if a.Data == nil {
				return nil, nil, false
			}
			docs = append(slices.Clip(docs), a)
		}
	}
	for _, a := range docs {
		if a.Status() == "retired" {
			continue
		}
		if l := a.Strings("affected_groups"); len(l) > 0 {
			from = append(from, a.ID)
			for _, g := range l {
				if !slices.Contains(groups, g) {
					groups = append(groups, g)
				}
			}
		}
	}
	return groups, from, true
}

// assessmentsOfSystemKey is the Pass.Shared key of affectedGroups' index.
type assessmentsOfSystemKey struct{}

func checkEvaluationResults(p *lint.Pass) error {
	for _, r := range evaluations(p) {
		d := r.doc
		if d.Status() == "retired" {
			continue
		}
		if r.problem != "" {
			p.Report(r.at, r.problem)
			continue
		}
		for i := range r.metrics {
			m := &r.metrics[i]
			for _, pr := range m.Problems {
				// A metric written in the evaluation itself has its
				// types checked by the schema (AIMS1002); only whether
				// `passed` agrees with the numbers is left.
				if r.file == "" && pr.Column != "passed" {
					continue
				}
				p.Report(m.Range(pr.Column), pr.Message)
			}
		}
		sys := d.String("ai_system")
		if sys == "" {
			continue
		}
		groups, from, known := affectedGroups(p, sys)
		if !known || len(groups) == 0 {
			continue
		}
		for i := range r.metrics {
			m := &r.metrics[i]
			attr := results.Attribute(m.Group)
			if attr == "" || slices.Contains(groups, attr) {
				continue
			}
			p.Reportf(m.Range("group"), "metric %s is measured on the group %q, but %s is not among the `affected_groups` of %s's impact assessment %s (%s): write the group as one of those attributes (attribute or attribute=value), or, if the system can treat people differently by %s, add it to `affected_groups` in %s", m.Label(), m.Group, attr, sys, strings.Join(from, ", "), strings.Join(groups, ", "), attr, from[0])
		}
	}
	return nil
}
