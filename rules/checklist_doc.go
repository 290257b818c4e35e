package rules

import (
	"fmt"
	"strings"
)

// checklistIntro opens docs/audit-checklist.md.
const checklistIntro = `# Audit checklist

This is what an ISO/IEC 42001 auditor looks for in the documents of an AI management
system, clause by clause (4 to 10) and control by control (the 38 controls of Annex A),
and who judges each point. It is written in our own words: buy the standard for its
wording.

**aims checks documents, not practice.** A clean ` + "`aims lint`" + ` shows that the documents
say what an auditor expects them to say, consistently and on time. It cannot show that
people do what the documents say, that the records are genuine, or that a judgement in
them is sound: an auditor finds that out in interviews, by sampling records and by
following one AI system from its requirements to its monitoring. Those points are
listed here too, marked *for the auditor*, so you can prepare for them.

How to read a row:

- **id**: the clause or control and a letter (` + "`9.3.2-a`" + `). ` + "`aims explain 9.3.2`" + ` prints the
  rows of a clause or control, and ` + "`aims explain AIMS3012`" + ` the rows a rule checks.
- **what is looked for**: the check, naming the kind and field where aims reads it.
- **who judges it**: the rules of aims that make the check (each links to its
  explanation), *for the auditor* with the reason a linter cannot judge it, or *not
  checked yet* for a check a linter could make that no rule makes yet.

A point checked by aims can still fail an audit: a field can be filled in truthfully or
not. Treat every row marked *for the auditor* as a question you will be asked.

This file is generated from ` + "`rules/checklist.yaml`" + ` by ` + "`go generate ./rules`" + `; do not edit it.
`

// plannedLabel says in words what a planned check waits for.
func plannedLabel(p string) string {
	switch p {
	case PlannedCoverage:
		return "not checked yet (planned: coverage)"
	case PlannedPlaceholders:
		return "not checked yet (planned: placeholders)"
	}
	return "not checked yet (planned: content rule)"
}

// ChecklistMarkdown renders the checklist as docs/audit-checklist.md: the
// introduction, a count, then one table per clause and control, grouped by
// clause and Annex A group, in catalogue order.
func ChecklistMarkdown(c *Catalogue, l *Checklist) string {
	var b strings.Builder
	b.WriteString(checklistIntro)

	var nRules, nAuditor, nPlanned int
	for _, a := range l.checks {
		switch {
		case len(a.Rules) > 0:
			nRules++
		case a.Auditor != "":
			nAuditor++
		default:
			nPlanned++
		}
	}
	fmt.Fprintf(&b, "\n%d checks: %d made by aims rules, %d for the auditor", len(l.checks), nRules, nAuditor)
	if nPlanned > 0 {
		fmt.Fprintf(&b, ", %d not checked yet", nPlanned)
	}
	b.WriteString(".\n")

	group := ""
	for _, r := range c.References() {
		if r.Group != group {
			group = r.Group
			g, _ := c.Group(group)
			if g.Control {
				fmt.Fprintf(&b, "\n## %s %s\n", g.ID, g.Title)
			} else {
				fmt.Fprintf(&b, "\n## Clause %s: %s\n", g.ID, g.Title)
			}
		}
		fmt.Fprintf(&b, "\n### %s %s\n\n", r.ID, r.Title)
		b.WriteString("| id | what is looked for | who judges it |\n| --- | --- | --- |\n")
		for _, a := range l.For(r.ID) {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", a.ID, cell(a.Text), cell(judge(a)))
		}
	}
	return b.String()
}

// judge renders the "who judges it" cell of a check.
func judge(a AuditCheck) string {
	switch {
	case len(a.Rules) > 0:
		links := make([]string, len(a.Rules))
		for i, id := range a.Rules {
			links[i] = fmt.Sprintf("[%s](../rules/docs/%s.md)", id, id)
		}
		return "aims: " + strings.Join(links, ", ")
	case a.Auditor != "":
		return "*for the auditor*: " + a.Auditor
	}
	return "*" + plannedLabel(a.Planned) + "*"
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}
