package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimsdev/aims/lint"
)

// This file holds the content rules of the statement of applicability beyond
// AIMS3006-3009 (AIMS7110) and of impact assessments (AIMS7140-7141).

// AIMS7110 reports applicable controls without a justification for their
// inclusion.
var AIMS7110 = &lint.Rule{
	ID:       "AIMS7110",
	Name:     "InclusionWithoutJustification",
	Title:    "applicable control has no real justification for its inclusion",
	Doc:      doc("AIMS7110"),
	Severity: lint.Error,
	Controls: []string{"6.1.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkInclusions,
}

// AIMS7140 reports impact assessments that do not assess impacts on
// individuals or groups, or on society.
var AIMS7140 = &lint.Rule{
	ID:       "AIMS7140",
	Name:     "ImpactAssessmentMissesSubject",
	Title:    "impact assessment does not assess individuals or groups, or society",
	Doc:      doc("AIMS7140"),
	Severity: lint.Error,
	Controls: []string{"6.1.4", "A.5.4", "A.5.5"},
	Scope:    lint.ScopeLinked,
	Check:    checkImpactSubjects,
}

// AIMS7141 reports impact assessments whose serious impacts are not carried
// into the risk register, or that name risks of another AI system.
var AIMS7141 = &lint.Rule{
	ID:       "AIMS7141",
	Name:     "ImpactNotLinkedToRisks",
	Title:    "impact assessment's results are not carried into the risk register",
	Doc:      doc("AIMS7141"),
	Severity: lint.Error,
	Controls: []string{"6.1.4", "6.1.2", "A.5.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkImpactRisks,
}

func checkInclusions(p *lint.Pass) error {
	for _, d := range kindDocs(p, statementKind) {
		if !inForce(d) {
			continue
		}
		for _, e := range applicabilityEntries(d) {
			if applicable, ok := e.m["applicable"].(bool); !ok || !applicable {
				continue // exclusions: AIMS3008
			}
			if why := justificationProblem(e.m["justification"]); why != "" {
				p.Reportf(d.Locate(e.at("justification")...), "%s is included with %s: say why it is needed, naming the risks it treats (e.g. RSK-001) or the requirement it meets", e.label(), why)
			}
		}
	}
	return nil
}

func checkImpactSubjects(p *lint.Pass) error {
	for _, d := range kindDocs(p, "impact-assessment") {
		if !inForce(d) {
			continue
		}
		impacts, ok := d.Get("impacts").([]any)
		if !ok || len(impacts) == 0 {
			continue // the schema rule says so
		}
		subjects := map[string]bool{}
		for _, v := range impacts {
			subjects[itemString(v, "subject")] = true
		}
		if !subjects["individuals"] && !subjects["groups"] {
			p.Reportf(d.LocateKey("impacts"), "the assessment records no impact on individuals or groups of individuals (A.5.4): add impacts with `subject: individuals` or `subject: groups`, such as on their rights, access to services or safety, with severity and mitigation")
		}
		if !subjects["society"] {
			p.Reportf(d.LocateKey("impacts"), "the assessment records no impact on society (A.5.5): add at least one impact with `subject: society`, such as on access to services, trust or the environment, with severity and mitigation, or say why the effect is negligible")
		}
	}
	return nil
}

func checkImpactRisks(p *lint.Pass) error {
	items := itemIDs(p)
	for _, d := range kindDocs(p, "impact-assessment") {
		if !inForce(d) {
			continue
		}
		system := d.String("ai_system")
		risks := d.List("risks")
		if len(risks) == 0 {
			var serious []string
			for _, v := range d.List("impacts") {
				if s := itemString(v, "severity"); s == "high" || s == "critical" {
					serious = append(serious, s)
				}
			}
			if len(serious) > 0 {
				slices.Sort(serious)
				p.Reportf(d.LocateKey("impacts"), "the assessment rates %d impact(s) %s but names no risk of the risk register: the results of an impact assessment feed the risk assessment; add the risks to the register and list their ids in `risks`", len(serious), strings.Join(slices.Compact(serious), " or "))
			}
			continue
		}
		for j, v := range risks {
			id, _ := v.(string)
			for _, it := range items[id] {
				if it.list.list != "risks" {
					continue
				}
				other, _ := it.doc.Get("risks", tok(it.index), "ai_system").(string)
				if system == "" || other == "" || other == system {
					continue
				}
				p.ReportFinding(lint.Finding{
					Range:   d.Locate("risks", tok(j)),
					Message: fmt.Sprintf("the assessment of %s names risk %s, which is a risk of %s: name the risks of %s, or correct the risk's ai_system", system, id, other, system),
					Related: []lint.Related{{Range: it.doc.Locate("risks", tok(it.index), "ai_system"), Message: "the risk's AI system"}},
				})
			}
		}
	}
	return nil
}
