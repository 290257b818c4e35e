package report

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// ANSI escape sequences used by the text format when Options.Color is set.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// Text writes the human-readable report: when a commit was linted rather
// than the working tree, first the line
//
//	linted commit 3f2a9c1 (2026-06-28) as of 2026-06-30
//
// (its short hash, its date, and the date dates were judged at); then one
// line per unsuppressed finding,
//
//	path:line:col: severity: message [RULE] (A.6.2.4, 6.1.4)
//
// with related locations indented below it, then a summary: counts by
// severity, the findings by clause and control, the evidence coverage per
// clause group and Annex A group (with how many AI systems have a passing
// current evaluation, A.6.2.4, when the coverage says), and the run's
// notifications. A
// repository-level finding is located at the linted path ("."), and a finding with a file but no
// line at the bare path. Suppressed findings are counted, not listed.
//
// Findings are printed in the result's order. Without o.Verbose, the
// repository-level findings that a requirement is evidenced only by drafts
// (AIMS4003) are folded into one line per clause group or Annex A group that
// has several, at the place of the group's first. o.Quiet prints the
// findings alone; o.Brief (file arguments, as a pre-commit hook passes)
// makes the summary at most briefLines lines: the counts, errors first, the
// clauses and controls with errors, the notifications that fit, and where
// the full summary is.
func Text(w io.Writer, r *lint.Result, o Options) error {
	var b bytes.Buffer
	t := textWriter{b: &b, color: o.Color, root: r.Root}
	if r.Revision != "" && !o.Quiet {
		b.WriteString("linted commit " + Printable(shortHash(r.Revision)))
		if !r.RevisionTime.IsZero() {
			b.WriteString(" (" + r.RevisionTime.UTC().Format(time.DateOnly) + ")")
		}
		if !r.AsOf.IsZero() {
			b.WriteString(" as of " + r.AsOf.Format(time.DateOnly))
		}
		b.WriteString("\n")
	}

	var folded map[int]*lint.Finding
	if !o.Verbose {
		folded = foldDrafts(r)
	}
	shown := 0
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppressed != nil {
			continue
		}
		shown++
		if g, ok := folded[i]; ok {
			if g != nil {
				t.finding(g)
			}
			continue
		}
		t.finding(f)
	}
	if o.Quiet {
		_, err := w.Write(b.Bytes())
		return err
	}
	suppressed := len(r.Findings) - shown
	artifacts := plural(len(r.Artifacts), "artifact", "artifacts")

	if shown == 0 {
		fmt.Fprintf(&b, "no findings in %s", artifacts)
		if suppressed > 0 {
			fmt.Fprintf(&b, " (%d suppressed)", suppressed)
		}
		b.WriteString("\n")
		if o.Brief {
			t.notifications(capNotes(r.Notifications, briefLines-1))
		} else {
			t.notifications(r.Notifications)
		}
		_, err := w.Write(b.Bytes())
		return err
	}

	fmt.Fprintf(&b, "\n%s, %s, %s in %s",
		plural(r.Count(lint.Error), "error", "errors"),
		plural(r.Count(lint.Warning), "warning", "warnings"),
		plural(r.Count(lint.Note), "note", "notes"),
		artifacts)
	if suppressed > 0 {
		fmt.Fprintf(&b, " (%d suppressed)", suppressed)
	}
	b.WriteString("\n")

	if o.Brief {
		t.brief(r)
		_, err := w.Write(b.Bytes())
		return err
	}
	t.byControl(r)
	if len(r.Artifacts) > 0 {
		t.coverage(r) // without artifacts, every line would say "missing"
	}
	if len(r.Notifications) > 0 {
		b.WriteString("\n")
		t.notifications(r.Notifications)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// briefLines is the most lines the brief summary (Options.Brief) takes,
// from the blank line after the findings to its end.
const briefLines = 10

// brief writes the rest of the brief summary, after the counts (which
// take two lines, a blank one and the counts, errors first): the clauses
// and controls that have errors, the notifications that fit, and where the
// full summary is.
func (t textWriter) brief(r *lint.Result) {
	left := briefLines - 3 // the blank line, the counts, the pointer to the full summary
	var refs []string
	seen := map[string]bool{}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppressed != nil || f.Severity != lint.Error {
			continue
		}
		for _, c := range f.Controls {
			if !seen[c] {
				seen[c] = true
				refs = append(refs, c)
			}
		}
	}
	if len(refs) > 0 {
		slices.SortFunc(refs, lint.CompareRefs)
		fmt.Fprintf(t.b, "errors concern %s\n", Printable(listSome(refs, 8)))
		left--
	}
	t.notifications(capNotes(r.Notifications, left))
	t.b.WriteString("run aims lint without file arguments for the summary by clause and control and the coverage\n")
}

// capNotes returns notes, or when there are more than n, the first n-1 and
// one that says how many more there are.
func capNotes(notes []string, n int) []string {
	if len(notes) <= n {
		return notes
	}
	if n <= 0 {
		return nil
	}
	out := append([]string{}, notes[:n-1]...)
	return append(out, fmt.Sprintf("%d more notes: run aims lint without file arguments to see them", len(notes)-(n-1)))
}

// draftOnlyRule is the rule that reports a requirement evidenced only by
// drafts, whose findings the text format folds by group.
const draftOnlyRule = "AIMS4003"

// foldDrafts folds the unsuppressed repository-level findings that a
// requirement is evidenced only by drafts (AIMS4003) into one finding per
// clause group or Annex A group that has more than one. It returns, by
// index in r.Findings, the folded finding to print in place of a group's
// first finding, and nil for its other findings, which are not printed.
func foldDrafts(r *lint.Result) map[int]*lint.Finding {
	groups := map[string][]int{}
	var order []string
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppressed != nil || f.RuleID != draftOnlyRule || f.Range.File != "" || len(f.Controls) == 0 {
			continue
		}
		g := refGroup(f.Controls[0])
		if groups[g] == nil {
			order = append(order, g)
		}
		groups[g] = append(groups[g], i)
	}
	out := map[int]*lint.Finding{}
	for _, g := range order {
		ix := groups[g]
		if len(ix) < 2 {
			continue
		}
		var refs []string
		seen := map[string]bool{}
		for _, i := range ix {
			for _, c := range r.Findings[i].Controls {
				if !seen[c] {
					seen[c] = true
					refs = append(refs, c)
				}
			}
			out[i] = nil
		}
		where := "clause " + g
		if isAnnexGroup(g) {
			where = "Annex " + g
		}
		first := r.Findings[ix[0]]
		out[ix[0]] = &lint.Finding{
			RuleID:   first.RuleID,
			Severity: first.Severity,
			Message:  fmt.Sprintf("only drafts evidence %d requirements of %s: approve their documents (aims lint --verbose lists each, with its drafts)", len(ix), where),
			Controls: refs,
		}
	}
	return out
}

// textWriter accumulates the text report.
type textWriter struct {
	b     *bytes.Buffer
	color bool
	root  string // the linted path as given; locations are shown below it
}

// location formats a range as the user can open it: below the linted path
// when that is not the current directory.
func (t textWriter) location(r artifact.Range) string {
	if t.root == "" || t.root == "." {
		return Printable(r.String())
	}
	root := strings.TrimSuffix(filepath.ToSlash(t.root), "/")
	if r.File == "" {
		return Printable(root)
	}
	r.File = path.Join(root, r.File)
	return Printable(r.String())
}

// paint wraps s in an ANSI sequence when colour is on.
func (t textWriter) paint(code, s string) string {
	if !t.color {
		return s
	}
	return code + s + ansiReset
}

// severity returns the severity word, coloured when colour is on.
func (t textWriter) severity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return t.paint(ansiRed, s.String())
	case lint.Warning:
		return t.paint(ansiYellow, s.String())
	case lint.Note:
		return t.paint(ansiCyan, s.String())
	}
	return s.String()
}

// finding writes one finding and its related locations.
func (t textWriter) finding(f *lint.Finding) {
	b := t.b
	b.WriteString(t.paint(ansiBold, t.location(f.Range)))
	b.WriteString(": ")
	b.WriteString(t.severity(f.Severity))
	b.WriteString(": ")
	b.WriteString(Printable(f.Message))
	if f.RuleID != "" {
		fmt.Fprintf(b, " [%s]", Printable(f.RuleID))
	}
	if len(f.Controls) > 0 {
		fmt.Fprintf(b, " (%s)", Printable(strings.Join(f.Controls, ", ")))
	}
	b.WriteString("\n")
	for _, rel := range f.Related {
		b.WriteString("    ")
		b.WriteString(t.paint(ansiBold, t.location(rel.Range)))
		if rel.Message != "" {
			b.WriteString(": ")
			b.WriteString(Printable(rel.Message))
		}
		b.WriteString("\n")
	}
}

// notifications writes each notification as a "note:" line.
func (t textWriter) notifications(ns []string) {
	for _, n := range ns {
		fmt.Fprintf(t.b, "note: %s\n", Printable(n))
	}
}

// controlRow is one line of the "by clause and control" table.
type controlRow struct {
	ref    lint.Reference
	counts map[lint.Severity]int
}

// byControl writes, for every reference that an unsuppressed finding names,
// its counts by severity, grouped by clause group and Annex A group in the
// order of r.References.
func (t textWriter) byControl(r *lint.Result) {
	counts := map[string]map[lint.Severity]int{}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppressed != nil {
			continue
		}
		seen := map[string]bool{}
		for _, c := range f.Controls {
			if seen[c] {
				continue
			}
			seen[c] = true
			if counts[c] == nil {
				counts[c] = map[lint.Severity]int{}
			}
			counts[c][f.Severity]++
		}
	}

	rows := map[string][]controlRow{}
	listed := map[string]bool{}
	idWidth, titleWidth := 0, 0
	for _, ref := range r.References {
		if counts[ref.ID] == nil || listed[ref.ID] {
			continue
		}
		listed[ref.ID] = true
		row := controlRow{ref: ref, counts: counts[ref.ID]}
		row.ref.ID, row.ref.Title = Printable(ref.ID), Printable(ref.Title)
		rows[ref.Group] = append(rows[ref.Group], row)
		idWidth = max(idWidth, utf8.RuneCountInString(row.ref.ID))
		titleWidth = max(titleWidth, utf8.RuneCountInString(row.ref.Title))
	}
	if len(listed) == 0 {
		return
	}

	b := t.b
	b.WriteString("\nby clause and control\n")
	for _, g := range groupOrder(r.References, nil) {
		if len(rows[g]) == 0 {
			continue
		}
		b.WriteString(Printable(groupHeading(g, r.References)))
		b.WriteString("\n")
		for _, row := range rows[g] {
			line := fmt.Sprintf("  %s  %s  %s",
				pad(row.ref.ID, idWidth), pad(row.ref.Title, titleWidth), severityCounts(row.counts))
			b.WriteString(strings.TrimRight(line, " "))
			b.WriteString("\n")
		}
	}
}

// coverage writes one line per clause group and Annex A group: how many of
// its references are evidenced, evidenced by drafts only, missing or not
// applicable, naming the missing ones; then, when A.6.2.4 has per-system
// coverage, how many AI systems have a passing current evaluation, naming
// the others.
func (t textWriter) coverage(r *lint.Result) {
	groups := coverageByGroup(r)
	if len(groups) == 0 {
		return
	}
	width := 0
	for i := range groups {
		groups[i].Group = Printable(groups[i].Group)
		width = max(width, utf8.RuneCountInString(groups[i].Group))
	}
	b := t.b
	b.WriteString("\ncoverage\n")
	for _, gc := range groups {
		unit, units := "clause", "clauses"
		if isAnnexGroup(gc.Group) {
			unit, units = "control", "controls"
		}
		fmt.Fprintf(b, "  %s  %s: %d evidenced, %d draft only, %d missing",
			pad(gc.Group, width), plural(gc.Total, unit, units), gc.Evidenced, gc.DraftOnly, len(gc.Missing))
		if len(gc.Missing) > 0 {
			fmt.Fprintf(b, " (%s)", Printable(strings.Join(gc.Missing, ", ")))
		}
		if gc.NotApplicable > 0 {
			fmt.Fprintf(b, ", %d not applicable", gc.NotApplicable)
		}
		b.WriteString("\n")
	}
	if v, ok := validation(r); ok {
		fmt.Fprintf(b, "  %s: %s", validationRef, v.sentence())
		if len(v.Failing) > 0 {
			fmt.Fprintf(b, " (not %s)", Printable(listSome(v.Failing, 5)))
		}
		b.WriteString("\n")
	}
}

// listSome joins up to n items and says how many more there are.
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// groupOrder lists the groups of refs in order of first appearance, clause
// groups before Annex A groups, followed by the extra groups not yet listed.
func groupOrder(refs []lint.Reference, extra []string) []string {
	var clauses, annex []string
	seen := map[string]bool{}
	add := func(g string) {
		if seen[g] {
			return
		}
		seen[g] = true
		if isAnnexGroup(g) {
			annex = append(annex, g)
		} else {
			clauses = append(clauses, g)
		}
	}
	for _, ref := range refs {
		add(ref.Group)
	}
	for _, g := range extra {
		add(g)
	}
	return append(clauses, annex...)
}

// groupHeading names a group: "Clause 6" or "Annex A.6", followed by the
// group's title when the references include an entry for the group itself.
func groupHeading(g string, refs []lint.Reference) string {
	h := "Clause " + g
	if isAnnexGroup(g) {
		h = "Annex " + g
	}
	for _, ref := range refs {
		if ref.ID == g && ref.Title != "" {
			return h + "  " + ref.Title
		}
	}
	return h
}

// isAnnexGroup reports whether g is an Annex A group ("A.6") rather than a
// clause group ("6").
func isAnnexGroup(g string) bool {
	return strings.HasPrefix(g, "A.")
}

// refGroup derives the group of a reference the catalogue does not list:
// "A.6.2.4" is in "A.6", "6.1.4" in "6".
func refGroup(ref string) string {
	if rest, ok := strings.CutPrefix(ref, "A."); ok {
		head, _, _ := strings.Cut(rest, ".")
		return "A." + head
	}
	head, _, _ := strings.Cut(ref, ".")
	return head
}

// severityCounts formats the non-zero counts, most serious first:
// "2 errors, 1 warning".
func severityCounts(counts map[lint.Severity]int) string {
	var parts []string
	if n := counts[lint.Error]; n > 0 {
		parts = append(parts, plural(n, "error", "errors"))
	}
	if n := counts[lint.Warning]; n > 0 {
		parts = append(parts, plural(n, "warning", "warnings"))
	}
	if n := counts[lint.Note]; n > 0 {
		parts = append(parts, plural(n, "note", "notes"))
	}
	return strings.Join(parts, ", ")
}

// plural formats n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// pad right-pads s with spaces to width code points.
func pad(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// shortHash abbreviates a commit hash to the 7 characters git shows.
func shortHash(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}
