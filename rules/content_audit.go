package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS7204 reports audit programmes that do not say how audits are run.
var AIMS7204 = &lint.Rule{
	ID:       "AIMS7204",
	Name:     "AuditProgrammeIncomplete",
	Title:    "audit programme lacks its period, frequency, methods, reporting, or an audit's criteria and clauses",
	Doc:      doc("AIMS7204"),
	Severity: lint.Error,
	Controls: []string{"9.2.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkAuditProgrammeContent,
}

// AIMS7205 reports audit programmes that leave part of the AIMS unaudited.
var AIMS7205 = &lint.Rule{
	ID:       "AIMS7205",
	Name:     "AuditProgrammeGap",
	Title:    "audit programme leaves a clause or applicable control unaudited",
	Doc:      doc("AIMS7205"),
	Severity: lint.Error,
	Controls: []string{"9.2.1", "9.2.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkAuditProgrammeCoverage,
}

// AIMS7206 reports audit reports that lack what 9.2.2 asks audits to record.
var AIMS7206 = &lint.Rule{
	ID:       "AIMS7206",
	Name:     "AuditReportIncomplete",
	Title:    "audit report lacks its criteria, conclusion, reporting to management, or a finding's clause",
	Doc:      doc("AIMS7206"),
	Severity: lint.Error,
	Controls: []string{"9.2.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkAuditReportContent,
}

// auditLabel names the planned audit i of a programme for messages.
func auditLabel(d *artifact.Document, i int) string {
	if id := d.String("audits", tok(i), "id"); id != "" {
		return fmt.Sprintf("audit %s", id)
	}
	return fmt.Sprintf("audits[%d]", i)
}

func checkAuditProgrammeContent(p *lint.Pass) error {
	for _, d := range kindDocs(p, "audit-programme") {
		if !inForce(d) {
			continue
		}
		if d.Get("period") == nil {
			p.Report(d.LocateKey("audits"), "the programme does not say which period it covers: record in `period` (`from`, `to`) the cycle within which every clause and applicable control is audited, such as the three years of a certification cycle")
		}
		for _, f := range []struct{ key, what string }{
			{"frequency", "how often each part of the AIMS is audited (for example every clause at least once in the period, high-risk systems every year)"},
			{"methods", "how audits are carried out (document review, interviews, sampling, end-to-end traces of AI systems)"},
			{"reporting", "to whom and how audit results are reported (for example the report to top management and the management review)"},
		} {
			if !hasText(d, f.key) {
				p.Reportf(locateField(d, f.key), "the programme does not say %s: write it in `%s`", f.what, f.key)
			}
		}
		for i := range d.List("audits") {
			if !hasText(d, "audits", tok(i), "criteria") {
				p.Reportf(locateField(d, "audits", tok(i), "criteria"), "%s has no audit criteria: list in `criteria` what it judges against (ISO/IEC 42001, the AI policy, the procedures, contracts)", auditLabel(d, i))
			}
			if len(d.List("audits", tok(i), "clauses")) == 0 {
				p.Reportf(locateField(d, "audits", tok(i), "clauses"), "%s names no clauses: list in `clauses` the clauses and Annex A controls it covers", auditLabel(d, i))
			}
		}
	}
	return nil
}

func checkAuditProgrammeCoverage(p *lint.Pass) error {
	cat := DefaultCatalogue()
	var required []string
	for _, r := range cat.Clauses() {
		required = append(required, r.ID)
	}
	applicable := map[string]bool{}
	for _, s := range liveKindDocs(p, "statement-of-applicability") {
		for _, v := range s.List("annex_a") {
			m, _ := v.(map[string]any)
			if ref, _ := m["ref"].(string); ref != "" && m["applicable"] == true {
				applicable[ref] = true
			}
		}
	}
	for _, d := range kindDocs(p, "audit-programme") {
		if !inForce(d) {
			continue
		}
		from, _, hasFrom := dateAt(d, "period", "from")
		to, _, hasTo := dateAt(d, "period", "to")
		covered := map[string]bool{}
		for _, v := range d.List("audits") {
			m, _ := v.(map[string]any)
			planned, _ := m["planned_on"].(string)
			if t, ok := parseDate(planned); ok && ((hasFrom && t.Before(from)) || (hasTo && t.After(to))) {
				continue // outside the programme's period
			}
			refs, _ := m["clauses"].([]any)
			for _, r := range refs {
				if s, ok := r.(string); ok {
					for _, leaf := range cat.Expand(s) {
						covered[leaf] = true
					}
				}
			}
		}
		var clauses, controls []string
		for _, c := range required {
			if !covered[c] {
				clauses = append(clauses, c)
			}
		}
		for c := range applicable {
			if !covered[c] {
				controls = append(controls, c)
			}
		}
		slices.SortFunc(controls, CompareIDs)
		within := "in the programme"
		if hasFrom && hasTo {
			within = fmt.Sprintf("within the programme's period (%s to %s)", from.Format(time.DateOnly), to.Format(time.DateOnly))
		}
		if len(clauses) > 0 {
			p.Reportf(d.LocateKey("audits"), "no audit %s covers %s %s: plan audits that list %s in their `clauses`, so that the whole AIMS is audited over the cycle", within, plural(len(clauses), "clause", "clauses"), strings.Join(clauses, ", "), pronoun(len(clauses)))
		}
		if len(controls) > 0 {
			p.Reportf(d.LocateKey("audits"), "no audit %s covers the applicable Annex A %s %s: plan audits that list %s in their `clauses`", within, plural(len(controls), "control", "controls"), strings.Join(controls, ", "), pronoun(len(controls)))
		}
	}
	return nil
}

// plural returns one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// pronoun returns "it" or "them" by n.
func pronoun(n int) string { return plural(n, "it", "them") }

func checkAuditReportContent(p *lint.Pass) error {
	for _, d := range kindDocs(p, "audit-report") {
		if !inForce(d) {
			continue
		}
		if !hasText(d, "criteria") {
			p.Report(locateField(d, "criteria"), "the report does not say what the audit judged against: list in `criteria` the audit criteria (ISO/IEC 42001, the AI policy, the procedures, contracts)")
		}
		if !hasText(d, "conclusion") {
			p.Report(locateField(d, "conclusion"), "the report records no conclusion: write in `conclusion` whether what was audited conforms to the criteria and is effectively implemented")
		}
		if len(d.List("reported_to")) == 0 || d.Get("reported_on") == nil {
			p.Report(locateField(d, "reported_to"), "the report does not show that the results reached management: record in `reported_to` the roles of the relevant management and in `reported_on` when they were told")
		}
		for i, v := range d.List("findings") {
			t := itemString(v, "type")
			if (t != "major" && t != "minor") || itemString(v, "clause") != "" {
				continue
			}
			label := itemString(v, "id")
			if label == "" {
				label = fmt.Sprintf("findings[%d]", i)
			}
			p.Reportf(d.Locate("findings", tok(i), "type"), "%s nonconformity %s names no requirement: write in `clause` the clause or Annex A control that was not met", t, label)
		}
	}
	return nil
}
