package rules

import (
	"fmt"
	"strings"

	"github.com/aimsdev/aims/lint"
)

// AIMS3010 reports closed incidents without a root cause or corrective actions.
var AIMS3010 = &lint.Rule{
	ID:       "AIMS3010",
	Name:     "ClosedIncidentWithoutRootCause",
	Title:    "closed incident has no root cause or corrective action",
	Doc:      doc("AIMS3010"),
	Severity: lint.Error,
	Controls: []string{"10.2", "A.8.4"},
	Scope:    lint.ScopeLinked,
	Check:    checkClosedIncidents,
}

// AIMS3011 reports major and minor audit findings without a nonconformity
// record.
var AIMS3011 = &lint.Rule{
	ID:       "AIMS3011",
	Name:     "FindingWithoutNonconformity",
	Title:    "major or minor audit finding has no nonconformity record",
	Doc:      doc("AIMS3011"),
	Severity: lint.Error,
	Controls: []string{"9.2.2", "10.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkMajorFindings,
}

// AIMS3015 reports audit reports whose auditor is one of the auditees.
var AIMS3015 = &lint.Rule{
	ID:       "AIMS3015",
	Name:     "AuditorNotIndependent",
	Title:    "auditor is one of the auditees",
	Doc:      doc("AIMS3015"),
	Severity: lint.Error,
	Controls: []string{"9.2.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkAuditorIndependence,
}

// AIMS3017 reports closed nonconformities without a correction, a root cause
// or an effectiveness review.
var AIMS3017 = &lint.Rule{
	ID:       "AIMS3017",
	Name:     "ClosedNonconformityWithoutReview",
	Title:    "closed nonconformity has no correction, root cause or effectiveness review",
	Doc:      doc("AIMS3017"),
	Severity: lint.Error,
	Controls: []string{"10.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkClosedNonconformities,
}

func checkClosedIncidents(p *lint.Pass) error {
	for _, d := range kindDocs(p, "incident") {
		if d.String("state") != "closed" {
			continue
		}
		if blankText(d.Get("root_cause")) {
			p.Report(d.Locate("state"), "the incident is closed without a root cause: write in `root_cause` why it happened, or reopen it")
		}
		if len(d.Strings("corrective_actions")) == 0 {
			p.Report(d.Locate("state"), "the incident is closed without corrective actions: list in `corrective_actions` the nonconformity records that remove its cause, or reopen it")
		}
	}
	return nil
}

func checkMajorFindings(p *lint.Pass) error {
	sources := map[string]bool{} // the sources nonconformities name
	for _, n := range kindDocs(p, "nonconformity") {
		if s := n.String("source"); s != "" {
			sources[s] = true
		}
	}
	for _, d := range kindDocs(p, "audit-report") {
		for i, v := range d.List("findings") {
			kind := itemString(v, "type")
			if kind != "major" && kind != "minor" {
				continue
			}
			id, nc := itemString(v, "id"), itemString(v, "nonconformity")
			if id != "" && sources[id] {
				continue
			}
			label, source := fmt.Sprintf("%q", id), id
			if id == "" {
				label, source = fmt.Sprintf("findings[%d]", i), "<the finding's id>"
			}
			if nc == "" {
				p.Reportf(d.Locate("findings", tok(i), "type"), "%s finding %s has no nonconformity record: add a nonconformity with `source: %s` and name it in the finding's `nonconformity`", kind, label, source)
				continue
			}
			what := "which does not exist"
			for j, x := range p.Index.ByID(nc) {
				if x.Kind == "nonconformity" {
					what = ""
					break
				}
				if j == 0 {
					what = "which is " + withArticle(x.Kind) + ", not a nonconformity"
				}
			}
			if what == "" || len(p.Index.Unparsed(nc)) > 0 {
				continue
			}
			p.Reportf(d.Locate("findings", tok(i), "nonconformity"), "%s finding %s names the nonconformity %q, %s: add the nonconformity record (with `source: %s`) or fix the id", kind, label, nc, what, source)
		}
	}
	return nil
}

func checkAuditorIndependence(p *lint.Pass) error {
	for _, d := range kindDocs(p, "audit-report") {
		auditor := strings.TrimSpace(d.String("auditor"))
		if auditor == "" {
			continue
		}
		for j, a := range d.List("auditees") {
			s, _ := a.(string)
			if !strings.EqualFold(strings.TrimSpace(s), auditor) {
				continue
			}
			p.ReportFinding(lint.Finding{
				Range:   d.Locate("auditor"),
				Message: fmt.Sprintf("the auditor %q is also an auditee, so they audit their own work: have the audit done by someone independent of the `auditees`", auditor),
				Related: []lint.Related{{Range: d.Locate("auditees", tok(j)), Message: "listed as an auditee here"}},
			})
			break
		}
	}
	return nil
}

func checkClosedNonconformities(p *lint.Pass) error {
	for _, d := range kindDocs(p, "nonconformity") {
		if d.String("state") != "closed" {
			continue
		}
		if blankText(d.Get("correction")) {
			p.Report(d.Locate("state"), "the nonconformity is closed without a correction: write in `correction` what was done at once to control and correct it and to deal with its consequences, or reopen it")
		}
		if blankText(d.Get("root_cause")) {
			p.Report(d.Locate("state"), "the nonconformity is closed without a root cause: write in `root_cause` why it happened, so that the corrective action can be seen to remove the cause, or reopen it")
		}
		review := d.Get("effectiveness_review")
		m, isMap := review.(map[string]any)
		switch {
		case review == nil || (isMap && len(m) == 0):
			p.Report(d.Locate("state"), "the nonconformity is closed without an effectiveness review: record in `effectiveness_review` when the corrective action was reviewed and whether it worked, or reopen it")
		case isMap && m["effective"] == false:
			p.Report(d.Locate("effectiveness_review", "effective"), "the nonconformity is closed although its effectiveness review found the corrective action not effective: reopen it and take further action")
		}
	}
	return nil
}
