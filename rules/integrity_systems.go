package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS3004 reports high-risk AI systems that no impact assessment covers.
var AIMS3004 = &lint.Rule{
	ID:       "AIMS3004",
	Name:     "HighRiskWithoutImpactAssessment",
	Title:    "high-risk AI system has no impact assessment",
	Doc:      doc("AIMS3004"),
	Severity: lint.Error,
	Controls: []string{"6.1.4", "8.4", "A.5.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkImpactAssessed,
}

// AIMS3005 reports high-risk AI systems with no risk in any risk register.
var AIMS3005 = &lint.Rule{
	ID:       "AIMS3005",
	Name:     "HighRiskWithoutRisks",
	Title:    "high-risk AI system has no risk in a risk register",
	Doc:      doc("AIMS3005"),
	Severity: lint.Error,
	Controls: []string{"6.1.2", "8.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkHighRiskHasRisks,
}

// highRiskSystems returns the AI systems in use (not retired) whose risk
// level is high.
func highRiskSystems(p *lint.Pass) []*artifact.Document {
	var out []*artifact.Document
	for _, d := range liveKindDocs(p, "ai-system") {
		if d.ID != "" && d.String("risk_level") == "high" {
			out = append(out, d)
		}
	}
	return out
}

func checkImpactAssessed(p *lint.Pass) error {
	assessments := map[string][]*artifact.Document{} // ai_system -> its assessments
	for _, a := range kindDocs(p, "impact-assessment") {
		if s := a.String("ai_system"); s != "" {
			assessments[s] = append(assessments[s], a)
		}
	}
	for _, d := range highRiskSystems(p) {
		// otherSystem is set when impact_assessment names another system's
		// assessment.
		otherSystem := ""
		named := d.String("impact_assessment")
		if a, ok := p.Index.Lookup(named); ok && a.Kind == "impact-assessment" {
			if s := a.String("ai_system"); s != "" && s != d.ID {
				otherSystem = s
			}
		}
		// Only an approved assessment counts: draft, in-review and any other
		// status are not yet accepted by anyone with authority.
		var usable, drafts, retired []string
		for _, a := range assessments[d.ID] {
			switch a.Status() {
			case "approved":
				usable = append(usable, a.ID)
			case "retired":
				retired = append(retired, a.ID)
			default:
				drafts = append(drafts, a.ID+" ("+statusPhrase(a.Status())+")")
			}
		}
		if len(usable) == 0 && (len(p.Index.Unparsed(named)) > 0 || unparsedMention(p, "impact-assessment", "ai_system", d.ID)) {
			continue // its assessment may be in a file that does not parse: AIMS1001 says so
		}
		switch {
		case len(usable) > 0:
			if otherSystem != "" {
				p.Reportf(d.Locate("impact_assessment"), "`impact_assessment` names %q, which assesses %q, not %q: name %s", named, otherSystem, d.ID, strings.Join(usable, " or "))
			}
		case len(drafts) > 0:
			p.Reportf(d.Locate("risk_level"), "high-risk AI system %q has no approved impact assessment, only %s: complete it and have it reviewed and approved", d.ID, strings.Join(drafts, ", "))
		case len(retired) > 0:
			p.Reportf(d.Locate("risk_level"), "high-risk AI system %q has only retired impact assessments (%s): assess the system again and record it in a current impact-assessment", d.ID, strings.Join(retired, ", "))
		default:
			msg := fmt.Sprintf("high-risk AI system %q has no impact assessment: write an impact-assessment with `ai_system: %s` and name it in `impact_assessment`", d.ID, d.ID)
			if otherSystem != "" {
				msg += fmt.Sprintf(" (`impact_assessment` names %q, which assesses %q)", named, otherSystem)
			}
			p.Report(d.Locate("risk_level"), msg)
		}
	}
	return nil
}

func checkHighRiskHasRisks(p *lint.Pass) error {
	assessed := map[string]bool{}    // ai_system ids with a risk in a current register
	retired := map[string][]string{} // ai_system ids -> retired registers with a risk of theirs
	for _, r := range kindDocs(p, "risk-register") {
		live := r.Status() != "retired"
		for _, v := range r.List("risks") {
			s := itemString(v, "ai_system")
			switch {
			case s == "":
			case live:
				assessed[s] = true
			case !slices.Contains(retired[s], r.ID):
				retired[s] = append(retired[s], r.ID)
			}
		}
	}
	for _, d := range highRiskSystems(p) {
		if assessed[d.ID] || unparsedMention(p, "risk-register", "ai_system", d.ID) {
			continue
		}
		msg := fmt.Sprintf("high-risk AI system %q has no risk in any risk register: assess its risks and record them in a risk register with `ai_system: %s`", d.ID, d.ID)
		if regs := retired[d.ID]; len(regs) > 0 {
			msg += fmt.Sprintf(" (its risks are only in the retired %s)", strings.Join(regs, ", "))
		}
		p.Report(d.Locate("risk_level"), msg)
	}
	return nil
}
