package rules

import (
	"fmt"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS7207 reports nonconformities that do not name the requirement not met.
var AIMS7207 = &lint.Rule{
	ID:       "AIMS7207",
	Name:     "NonconformityWithoutRequirement",
	Title:    "nonconformity does not name the requirement that was not met",
	Doc:      doc("AIMS7207"),
	Severity: lint.Error,
	Controls: []string{"10.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkNonconformityClause,
}

// AIMS7208 reports incidents not communicated as the AI system's plan asks.
var AIMS7208 = &lint.Rule{
	ID:       "AIMS7208",
	Name:     "IncidentNotCommunicated",
	Title:    "incident is not communicated as the communication plan requires",
	Doc:      doc("AIMS7208"),
	Severity: lint.Error,
	Controls: []string{"A.8.4"},
	Check:    checkIncidentCommunication,
}

// AIMS7209 reports incidents not reported to a party the AI system must
// report to.
var AIMS7209 = &lint.Rule{
	ID:       "AIMS7209",
	Name:     "IncidentNotReported",
	Title:    "incident is not reported to a party the AI system must report to",
	Doc:      doc("AIMS7209"),
	Severity: lint.Error,
	Controls: []string{"A.8.5", "A.8.4"},
	Scope:    lint.ScopeLinked,
	Check:    checkIncidentReporting,
}

// AIMS7210 reports serious incidents without a nonconformity record.
var AIMS7210 = &lint.Rule{
	ID:       "AIMS7210",
	Name:     "SeriousIncidentWithoutNonconformity",
	Title:    "serious incident has no nonconformity record",
	Doc:      doc("AIMS7210"),
	Severity: lint.Error,
	Controls: []string{"10.2", "A.8.4"},
	Scope:    lint.ScopeLinked,
	Check:    checkSeriousIncidents,
}

func checkNonconformityClause(p *lint.Pass) error {
	items := itemIDs(p)
	for _, d := range kindDocs(p, "nonconformity") {
		if !inForce(d) || d.String("clause") != "" {
			continue
		}
		hint := ""
		for _, it := range items[d.String("source")] {
			if it.list.list != "findings" {
				continue
			}
			if c := it.doc.String("findings", tok(it.index), "clause"); c != "" {
				hint = fmt.Sprintf(" (its audit finding names %s)", c)
			}
		}
		p.Reportf(locateField(d, "clause"), "the nonconformity does not name the requirement it breaks: write in `clause` the clause or Annex A control that was not met%s", hint)
	}
	return nil
}

// incidentSystem returns the AI system an incident names, when it is a parsed
// ai-system.
func incidentSystem(p *lint.Pass, d *artifact.Document) (*artifact.Document, bool) {
	s, ok := p.Index.Lookup(d.String("ai_system"))
	if !ok || s.Kind != "ai-system" || s.Data == nil {
		return nil, false
	}
	return s, true
}

// informedParties returns the party texts of an incident's informed list.
func informedParties(d *artifact.Document) []string {
	var out []string
	for _, v := range d.List("informed") {
		if s := itemString(v, "party"); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// informedIndex returns the index of the first informed entry that mentions
// party, or -1.
func informedIndex(d *artifact.Document, party string) int {
	for i, v := range d.List("informed") {
		if mentions(itemString(v, "party"), party) {
			return i
		}
	}
	return -1
}

func checkIncidentCommunication(p *lint.Pass) error {
	for _, d := range kindDocs(p, "incident") {
		if !inForce(d) || d.String("state") == "open" {
			continue
		}
		severity := d.String("severity")
		sys, ok := incidentSystem(p, d)
		plan, hasPlan := map[string]any(nil), false
		if ok {
			plan, hasPlan = sys.Get("incident_communication").(map[string]any)
		}
		if !hasPlan {
			if atLeast(severity, "high") && len(informedParties(d)) == 0 {
				p.Reportf(d.LocateKey("severity"), "the %s-severity incident records nobody informed: list in `informed` who was told (affected users, customers, management) and when, and record the system's incident communication plan in its `incident_communication`", severity)
			}
			continue
		}
		from, _ := plan["from_severity"].(string)
		if from == "" {
			from = "low"
		}
		if !atLeast(severity, from) {
			continue
		}
		var missing []string
		for _, v := range sys.List("incident_communication", "parties") {
			if party, _ := v.(string); strings.TrimSpace(party) != "" && informedIndex(d, party) < 0 {
				missing = append(missing, party)
			}
		}
		if len(missing) > 0 {
			p.Reportf(locateField(d, "informed"), "the incident communication plan of %s says to tell %s of incidents from %s severity, but `informed` does not name %s: record who was told and when, naming each party as the plan does", sys.ID, strings.Join(missing, ", "), from, pronoun(len(missing)))
		}
	}
	return nil
}

func checkIncidentReporting(p *lint.Pass) error {
	for _, d := range kindDocs(p, "incident") {
		if !inForce(d) {
			continue
		}
		sys, ok := incidentSystem(p, d)
		if !ok {
			continue
		}
		detected, detectedText, hasDetected := dateAt(d, "detected_on")
		for _, v := range sys.List("reporting_obligations") {
			m, _ := v.(map[string]any)
			from, _ := m["incidents_from"].(string)
			party, _ := m["party"].(string)
			if from == "" || party == "" || !atLeast(d.String("severity"), from) {
				continue
			}
			within, hasWithin := parseCycle(itemString(v, "within"))
			i := informedIndex(d, party)
			if i < 0 {
				overdue := hasWithin && hasDetected && p.AsOf.After(within.after(detected))
				if d.String("state") != "open" || overdue {
					p.Reportf(locateField(d, "informed"), "%s must report incidents of %s severity or higher to %s, but `informed` does not name them: report the incident and record in `informed` when it was reported", sys.ID, from, party)
				}
				continue
			}
			on, onText, ok := dateAt(d, "informed", tok(i), "on")
			if ok && hasWithin && hasDetected && on.After(within.after(detected)) {
				p.Reportf(d.Locate("informed", tok(i), "on"), "%s must report such incidents to %s within %s of detection, but this one, detected on %s, was reported on %s: record why it was late and what was done so that the next one is reported in time", sys.ID, party, within, detectedText, onText)
			}
		}
	}
	return nil
}

func checkSeriousIncidents(p *lint.Pass) error {
	for _, d := range kindDocs(p, "incident") {
		if !inForce(d) {
			continue
		}
		state := d.String("state")
		// A closed incident without corrective actions is AIMS3010's finding.
		if !atLeast(d.String("severity"), "high") || state == "open" || state == "closed" || len(d.List("corrective_actions")) > 0 {
			continue
		}
		p.Reportf(d.LocateKey("severity"), "the %s-severity incident is %s but names no nonconformity: raise a nonconformity record (with `source: %s`) for the root cause and corrective action, and list it in `corrective_actions`", d.String("severity"), state, d.ID)
	}
	return nil
}
