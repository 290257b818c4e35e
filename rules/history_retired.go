package rules

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS6004 reports approved artifacts that rely on a retired artifact.
var AIMS6004 = &lint.Rule{
	ID:       "AIMS6004",
	Name:     "ReferencesRetired",
	Title:    "approved artifact references a retired one",
	Doc:      doc("AIMS6004"),
	Severity: lint.Error,
	Controls: []string{"7.5.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkRetiredReferences,
}

// A refField is a field whose values are artifact ids.
type refField struct {
	kind string   // the kind that has it; "" for every kind
	path []string // from the root; "*" matches each list item
}

// retiredRefFields are the references AIMS6004 follows: the fields AIMS3002
// checks that name an artifact, but for the AI system an incident names (see
// eventRecords). References to items in an artifact (risks, planned audits,
// audit findings) are not followed: a retired register or programme is
// replaced by one that carries its items, and a report of a past audit names
// the programme of its year.
var retiredRefFields = []refField{
	{"", []string{"ai_systems", "*"}},
	{"ai-system", []string{"datasets", "*"}},
	{"ai-system", []string{"suppliers", "*"}},
	{"ai-system", []string{"impact_assessment"}},
	{"risk-register", []string{"risks", "*", "ai_system"}},
	{"impact-assessment", []string{"ai_system"}},
	{"incident", []string{"corrective_actions", "*"}},
	{"statement-of-applicability", []string{"annex_a", "*", "evidence", "*"}},
	{"nonconformity", []string{"source"}},
	{"audit-report", []string{"findings", "*", "nonconformity"}},
}

// eventRecords are the kinds that record what happened. The AI systems they
// name are the systems as they were then: a system retired since does not
// make the record wrong, so their ai_systems (and an incident's ai_system)
// are not followed.
var eventRecords = []string{"incident", "nonconformity", "audit-report", "monitoring-report", "management-review"}

// checkRetiredReferences reports, in approved artifacts, ids that name only
// retired artifacts. Ids that name nothing, or the wrong kind, are AIMS3002's.
func checkRetiredReferences(p *lint.Pass) error {
	for _, d := range p.Documents {
		if d.Data == nil || d.Status() != "approved" {
			continue
		}
		for _, f := range retiredRefFields {
			if f.kind != "" && f.kind != d.Kind {
				continue
			}
			if f.kind == "" && slices.Contains(eventRecords, d.Kind) {
				continue
			}
			eachDate(d.Data, f.path, nil, func(path []string, id string) {
				target, ok := retiredTarget(p, id)
				if !ok || unsupportedEvidence(p, d, path) {
					return
				}
				p.ReportFinding(lint.Finding{
					Range: d.Locate(path...),
					Message: fmt.Sprintf("`%s` names %s, which is retired (%s): name the %s that replaced it, or remove the reference; retire this artifact too if it no longer applies",
						fieldLabel(path...), id, target.Path, target.Kind),
					Related: []lint.Related{{Range: target.Locate("status"), Message: id + " is retired here"}},
				})
			})
		}
	}
	return nil
}

// retiredTarget returns the artifact id names when every artifact with that
// id is retired.
func retiredTarget(p *lint.Pass, id string) (*artifact.Document, bool) {
	docs := p.Index.ByID(id)
	if len(docs) == 0 {
		return nil, false
	}
	for _, x := range docs {
		if x.Status() != "retired" {
			return nil, false
		}
	}
	return docs[0], true
}

// unsupportedEvidence reports whether path is evidence of a statement of
// applicability entry marked implemented with no approved evidence at all:
// AIMS3009 reports that entry, retired evidence included.
func unsupportedEvidence(p *lint.Pass, d *artifact.Document, path []string) bool {
	if d.Kind != statementKind || len(path) < 2 || path[0] != "annex_a" {
		return false
	}
	if d.String("annex_a", path[1], "implementation") != "implemented" {
		return false
	}
	for j := range d.List("annex_a", path[1], "evidence") {
		for _, x := range p.Index.ByID(d.String("annex_a", path[1], "evidence", strconv.Itoa(j))) {
			if x.Status() == "approved" {
				return false
			}
		}
	}
	return true
}
