package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// This file holds the content rules that link AI systems to the risk
// register (AIMS7142): every system in scope has its risks assessed.

// AIMS7142 reports AI systems in scope, of any risk level, with no risk in a
// risk register in force.
var AIMS7142 = &lint.Rule{
	ID:       "AIMS7142",
	Name:     "SystemWithoutRisks",
	Title:    "in-scope AI system has no risk in a risk register in force",
	Doc:      doc("AIMS7142"),
	Severity: lint.Error,
	Controls: []string{"6.1.2", "8.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkSystemsHaveRisks,
}

// riskRegistersBySystem maps each AI system id to the risk registers that
// hold a risk of it (`risks[].ai_system`), each register once, in path order.
func riskRegistersBySystem(p *lint.Pass) map[string][]*artifact.Document {
	out := map[string][]*artifact.Document{}
	for _, r := range kindDocs(p, "risk-register") {
		for _, v := range r.List("risks") {
			s := itemString(v, "ai_system")
			if s != "" && !slices.Contains(out[s], r) {
				out[s] = append(out[s], r)
			}
		}
	}
	return out
}

// checkSystemsHaveRisks reports in-scope AI systems in force, not retired,
// with no risk in an approved or in-review risk register. A high-risk
// system with no risk in any register that is not retired is AIMS3005's, so
// one gap gets one finding.
func checkSystemsHaveRisks(p *lint.Pass) error {
	registers := riskRegistersBySystem(p)
	for _, d := range systemsInScope(p) {
		if !inForce(d) {
			continue
		}
		var drafts, retired []string
		covered, live := false, false
		for _, r := range registers[d.ID] {
			switch {
			case inForce(r):
				covered = true
			case r.Status() == "retired":
				retired = append(retired, r.ID)
			default:
				drafts = append(drafts, r.ID)
			}
			live = live || r.Status() != "retired"
		}
		if covered || unparsedMention(p, "risk-register", "ai_system", d.ID) {
			continue
		}
		if d.String("risk_level") == "high" && !live {
			continue // AIMS3005
		}
		msg := fmt.Sprintf("AI system %s has no risk in a risk register in force", d.ID)
		switch {
		case len(drafts) > 0:
			msg += fmt.Sprintf(": its risks are only in %s, which is not yet reviewed or approved; have the register reviewed and approved", strings.Join(drafts, ", "))
		case len(retired) > 0:
			msg += fmt.Sprintf(": its risks are only in the retired %s; assess them again and record them in the current risk register with `ai_system: %s`", strings.Join(retired, ", "), d.ID)
		default:
			level := d.String("risk_level")
			if level == "" {
				level = "unknown"
			}
			msg += fmt.Sprintf(" (risk level %s): every AI system in scope needs its risks assessed, however low; record them in a risk register with `ai_system: %s`", level, d.ID)
		}
		p.Report(d.Locate("id"), msg)
	}
	return nil
}
