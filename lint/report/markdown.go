package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/aimsdev/aims/lint"
)

// markdownFindingLimit is how many findings the job summary lists; GitHub
// refuses a step summary above 1 MiB, and the full list belongs in the other
// reports.
const markdownFindingLimit = 20

// Markdown writes a GitHub-flavoured Markdown job summary, for
// $GITHUB_STEP_SUMMARY: a title with the organization and the result (passed,
// or failed at the failure level), the as-of date and the linted commit
// with its date; a totals
// table; the evidence coverage per clause group and Annex A group, naming the
// missing references, and, when A.6.2.4 has per-system coverage, which AI
// systems have a passing current evaluation; the findings by clause and control; the first 20
// unsuppressed findings, errors first; and the run's notifications. Paths are
// relative to the repository root. The output has no raw HTML, and every
// table cell is escaped, so a message cannot break the table.
func Markdown(w io.Writer, r *lint.Result, o Options) error {
	var b bytes.Buffer
	markdownHeader(&b, r)
	markdownTotals(&b, r)
	markdownCoverage(&b, r)
	markdownByControl(&b, r)
	markdownFindings(&b, r)
	if len(r.Notifications) > 0 {
		b.WriteString("\n### Notes\n\n")
		for _, n := range r.Notifications {
			fmt.Fprintf(&b, "- %s\n", markdownMessage(n))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// markdownHeader writes the title and the line under it.
func markdownHeader(b *bytes.Buffer, r *lint.Result) {
	title := "AIMS lint"
	if r.Organization != "" {
		title = markdownText(r.Organization) + ": " + title
	}
	if r.Failed() {
		fmt.Fprintf(b, "## ❌ %s failed\n\n", title)
	} else {
		fmt.Fprintf(b, "## ✅ %s passed\n\n", title)
	}

	facts := []string{"Fails on **" + r.FailOn.String() + "**"}
	if !r.AsOf.IsZero() {
		facts = append(facts, "as of "+r.AsOf.Format("2006-01-02"))
	}
	if r.Revision != "" {
		commit := "commit " + markdownCode(shortHash(r.Revision))
		if !r.RevisionTime.IsZero() {
			commit += " (" + r.RevisionTime.UTC().Format("2006-01-02") + ")"
		}
		facts = append(facts, commit)
	}
	if p := strings.Trim(r.Prefix, "/"); p != "" && p != "." {
		facts = append(facts, "folder "+markdownCode(p))
	}
	if r.Version != "" {
		facts = append(facts, "aims "+markdownText(r.Version))
	}
	b.WriteString(strings.Join(facts, " · "))
	b.WriteString("\n")
}

// markdownTotals writes the counts by severity, suppressions and artifacts.
func markdownTotals(b *bytes.Buffer, r *lint.Result) {
	suppressed := suppressedCount(r)
	b.WriteString("\n| Errors | Warnings | Notes | Suppressed | Artifacts |\n")
	b.WriteString("|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(b, "| %d | %d | %d | %d | %d |\n",
		r.Count(lint.Error), r.Count(lint.Warning), r.Count(lint.Note), suppressed, len(r.Artifacts))
	if line := baselineLine(r); line != "" {
		b.WriteString("\n" + markdownMessage(line) + "\n")
	}
}

// markdownCoverage writes one row per clause group and Annex A group: how
// many references are evidenced, by drafts only, missing (named) or not
// applicable.
func markdownCoverage(b *bytes.Buffer, r *lint.Result) {
	groups := coverageByGroup(r)
	if len(groups) == 0 {
		return
	}
	b.WriteString("\n### Coverage\n\n")
	b.WriteString("| Group | Title | Evidenced | Draft only | Missing | Not applicable |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|\n")
	for _, gc := range groups {
		missingCell := fmt.Sprint(len(gc.Missing))
		if len(gc.Missing) > 0 {
			missingCell += ": " + markdownText(strings.Join(gc.Missing, ", "))
		}
		name := "Clause " + markdownText(gc.Group)
		if isAnnexGroup(gc.Group) {
			name = "Annex " + markdownText(gc.Group)
		}
		fmt.Fprintf(b, "| %s | %s | %d | %d | %s | %d |\n",
			name, markdownText(groupTitle(gc.Group, r.References)), gc.Evidenced, gc.DraftOnly, missingCell, gc.NotApplicable)
	}
	markdownValidation(b, r)
}

// markdownValidation writes, when A.6.2.4 has per-system coverage, how many
// AI systems have a passing current evaluation, and a row per system with
// what its latest evaluation shows.
func markdownValidation(b *bytes.Buffer, r *lint.Result) {
	v, ok := validation(r)
	if !ok {
		return
	}
	fmt.Fprintf(b, "\n**Verification and validation (%s):** %s.\n\n", validationRef, v.sentence())
	b.WriteString("| AI system | Passed | Latest result |\n")
	b.WriteString("|---|---|---|\n")
	for _, s := range v.Systems {
		passed := "no"
		if s.Status == lint.Evidenced {
			passed = "yes"
		}
		detail := markdownText(s.Detail)
		if detail == "" {
			detail = markdownText(strings.ReplaceAll(string(s.Status), "-", " "))
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", markdownCode(s.System), passed, detail)
	}
}

// groupTitle returns the title of a clause group or Annex A group, when the
// references include an entry for the group itself.
func groupTitle(g string, refs []lint.Reference) string {
	for _, ref := range refs {
		if ref.ID == g {
			return ref.Title
		}
	}
	return ""
}

// markdownByControl writes, for every reference that an unsuppressed finding
// names, its counts by severity: references in the order of r.References,
// then any the references lack, in the order findings name them.
func markdownByControl(b *bytes.Buffer, r *lint.Result) {
	counts := map[string]map[lint.Severity]int{}
	var named []string
	for i := range r.Findings {
		f := &r.Findings[i]
		if notListed(f) {
			continue
		}
		for _, c := range f.Controls {
			if counts[c] == nil {
				counts[c] = map[lint.Severity]int{}
				named = append(named, c)
			}
		}
		seen := map[string]bool{}
		for _, c := range f.Controls {
			if !seen[c] {
				seen[c] = true
				counts[c][f.Severity]++
			}
		}
	}
	if len(named) == 0 {
		return
	}

	type row struct{ id, title string }
	var rows []row
	listed := map[string]bool{}
	for _, g := range groupOrder(r.References, nil) {
		for _, ref := range r.References {
			if ref.Group == g && counts[ref.ID] != nil && !listed[ref.ID] {
				listed[ref.ID] = true
				rows = append(rows, row{ref.ID, ref.Title})
			}
		}
	}
	for _, id := range named {
		if !listed[id] {
			rows = append(rows, row{id, ""})
		}
	}

	b.WriteString("\n### By clause and control\n\n")
	b.WriteString("| Reference | Title | Errors | Warnings | Notes |\n")
	b.WriteString("|---|---|---:|---:|---:|\n")
	for _, rw := range rows {
		c := counts[rw.id]
		fmt.Fprintf(b, "| %s | %s | %d | %d | %d |\n",
			markdownText(rw.id), markdownText(rw.title), c[lint.Error], c[lint.Warning], c[lint.Note])
	}
}

// markdownFindings writes the first unsuppressed findings, errors first.
func markdownFindings(b *bytes.Buffer, r *lint.Result) {
	ordered := unsuppressedBySeverity(r)
	b.WriteString("\n### Worst findings\n\n")
	if len(ordered) == 0 {
		b.WriteString("No findings.\n")
		return
	}
	b.WriteString("| Severity | Location | Rule | Message | References |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, f := range ordered[:min(len(ordered), markdownFindingLimit)] {
		loc := repositoryLabel
		if f.Range.File != "" {
			loc = repoPath(r, f.Range.File)
			if f.Range.Start.Line > 0 {
				loc = fmt.Sprintf("%s:%d", loc, f.Range.Start.Line)
			}
			loc = markdownCode(loc)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n",
			markdownSeverity(f.Severity), loc, markdownText(f.RuleID),
			markdownMessage(f.Message), markdownText(strings.Join(f.Controls, ", ")))
	}
	if n := len(ordered) - markdownFindingLimit; n > 0 {
		fmt.Fprintf(b, "\n… and %d more (the text, JSON and SARIF reports list every finding)\n", n)
	}
}

// markdownSeverity names a severity with an emoji, for scanning the table.
func markdownSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "❌ error"
	case lint.Warning:
		return "⚠️ warning"
	case lint.Note:
		return "ℹ️ note"
	}
	return s.String()
}

// markdownMessage escapes a finding's message or a notification, keeping the
// code spans messages write in backticks (`impact_assessment`) as code. A
// message with an odd number of backticks is escaped throughout.
func markdownMessage(s string) string {
	parts := strings.Split(s, "`")
	if len(parts) == 1 || len(parts)%2 == 0 {
		return markdownText(s)
	}
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i%2 == 0:
			b.WriteString(markdownText(p))
		case p == "":
			b.WriteString("\\`\\`")
		default:
			b.WriteString(markdownCode(p))
		}
	}
	return b.String()
}

// markdownText escapes s so that Markdown shows it literally on one line:
// backslash before every character that could start emphasis, a link, code,
// an HTML tag, an entity or a table cell, a visible ↵ for a line break, and
// the other control and invisible characters as Printable writes them.
func markdownText(s string) string {
	var b strings.Builder
	s = strings.NewReplacer("\r\n", " ↵ ", "\n", " ↵ ", "\r", " ↵ ").Replace(s)
	for _, c := range Printable(s) {
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '&', '~', '#':
			b.WriteByte('\\')
			b.WriteRune(c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// markdownCode formats s as a code span that is safe in a table cell: the
// fence is longer than any run of backticks in s, '|' is escaped (GitHub
// unescapes it inside code in tables), line breaks show as ↵ and the other
// control and invisible characters as Printable writes them.
func markdownCode(s string) string {
	s = strings.NewReplacer("\r\n", "↵", "\n", "↵", "\r", "↵", "|", `\|`).Replace(s)
	s = Printable(s)
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}
