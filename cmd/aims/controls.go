package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/report"
	"github.com/aimsdev/aims/rules"
	"github.com/spf13/cobra"
)

// coverageRule is the rule that records the coverage of every clause and
// control; `aims controls` turns it on whatever .aims.yaml selects.
const coverageRule = "AIMS4001"

// controlsOptions are the flags of `aims controls`.
type controlsOptions struct {
	source            // --config, --as-of, --rev
	format   string   // --format: text or json
	groups   []string // --group: clause or Annex A groups, or headings
	statuses []string // --status: coverage states
}

// newControlsCmd builds `aims controls`.
func newControlsCmd() *cobra.Command {
	var o controlsOptions
	cmd := &cobra.Command{
		Use:   "controls [PATH]",
		Short: "List every clause and Annex A control with this repository's coverage",
		Long: `Controls lints the AIMS documentation in a directory (the current one by
default) as 'aims lint' does, and lists every ISO/IEC 42001 clause and Annex A
control, grouped by clause and by Annex A group, with

  applicable   yes, or no for an Annex A control the Statement of
               Applicability excludes
  status       evidenced       an approved artifact evidences it
               draft only      only artifacts not yet approved (draft,
                               in-review or any other status) do
               missing         nothing does
               not applicable  excluded in the Statement of Applicability
  evidence     the artifacts that evidence it: the approved ones, or the
               drafts when none is approved

A clause that requires several pieces of documented information (6.1.3: the
risk treatment process, the Statement of Applicability, the treatment plan)
lists each below it, marked "-", with its own status and evidence; the clause
is only as evidenced as its least evidenced item. A requirement every AI
system in scope must meet (an impact assessment, the system record, data)
lists each system below it, marked "*"; it is only as evidenced as its least
evidenced system, and its evidence column starts with how many are
("2 of 3 AI systems evidenced"). For A.6.2.4 (verification and validation) a
system's row also says what its latest evaluation shows: its id, the model
version and date, and how many of its metrics were met. 'aims explain REF'
says which kinds evidence each item.

An artifact evidences the clauses and controls its kind evidences by default
('aims explain KIND') and those it lists in its controls field. Coverage is
always computed: rule AIMS4001 records it, and controls runs it even when
.aims.yaml turns it off. It lists no findings: 'aims lint' does.

A custom rule (policies: in .aims.yaml) that lists the reference in its
evidences adds the approved documents it holds on as evidence, when none of
its findings is open; a reference with nothing else becomes evidenced. A
custom rule with open findings adds nothing. Either way a line marked
"- custom rule" under the reference says so.

--group keeps a clause (4 … 10), an Annex A group (A.2 … A.10) or a heading
within one (6.1, A.6.2); --status keeps evidenced, draft-only, missing or
not-applicable. Both are repeatable and take comma-separated lists.

--format json prints a JSON array, one object per clause and control in the
standard's order, with these fields (within this shape, fields are only ever
added):

  ref         "A.6.2.4"
  title       "AI system verification and validation"
  group       "A.6" (a clause's group is its number, "6")
  control     true for an Annex A control, false for a clause
  applicable  false only for a control the SoA excludes
  status      "evidenced", "draft-only", "missing" or "not-applicable"
  evidence    artifact paths relative to PATH, sorted; [] when none
  items       (only for a clause with several) each documented-information
              item: id, title, status, evidence, and systems when each AI
              system needs its own
  systems     (only for a per-system requirement) each AI system in scope:
              system (its id), status, evidence, and detail where the
              requirement has more to say (A.6.2.4: the latest evaluation,
              its model version and date, how many metrics were met)
  notes       (only when a custom rule evidences it) one line per such
              rule: the documents it holds on, or that it has open findings

--as-of, --rev and --config work as for 'aims lint'.

Exit codes: 0 when the list was printed, whatever the coverage (it is a
report, not a gate: use 'aims lint' to fail a build), 2 on a usage or
configuration error or when aims cannot run.`,
		Example: `  # every clause and control of the AIMS in the current directory
  aims controls

  # what is still missing in Annex A.6
  aims controls --group A.6 --status missing

  # clauses and controls not evidenced by an approved artifact, as JSON
  aims controls --status missing,draft-only --format json

  # the coverage as it stood at the end of June
  aims controls --as-of 2026-06-30 ../governance`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeDirs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.flagsSet(cmd)
			// --group '' leaves the list empty: say so rather than show all.
			if cmd.Flags().Changed("group") && len(o.groups) == 0 {
				o.groups = []string{""}
			}
			if cmd.Flags().Changed("status") && len(o.statuses) == 0 {
				o.statuses = []string{""}
			}
			return runControls(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), o, args)
		},
	}
	f := cmd.Flags()
	o.addFlags(f)
	f.StringVarP(&o.format, "format", "f", "text", "output `FORMAT`: text or json")
	f.StringSliceVar(&o.groups, "group", nil, "show only the clauses and controls of `GROUP`: a clause (6), an Annex A group (A.6) or a heading (A.6.2); repeatable")
	f.StringSliceVar(&o.statuses, "status", nil, "show only the clauses and controls with `STATUS`: evidenced, draft-only, missing or not-applicable; repeatable")
	mustRegister(cmd, "format", fixedValues(candidate{"text", "a table, grouped by clause and Annex A group"}, candidate{"json", "a JSON array, one object per clause and control"}))
	mustRegister(cmd, "group", func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return matching(referenceCandidates(rules.DefaultCatalogue(), false), toComplete), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	})
	mustRegister(cmd, "status", fixedValues(statusCandidates...))
	mustRegister(cmd, "config", completeYAMLFiles)
	return cmd
}

// statusCandidates are the values of --status, in the order of the table.
var statusCandidates = []candidate{
	{string(lint.Evidenced), "an approved artifact evidences it"},
	{string(lint.DraftOnly), "only artifacts not yet approved evidence it"},
	{string(lint.Missing), "nothing evidences it"},
	{string(lint.NotApplicable), "the Statement of Applicability excludes it"},
}

// A controlRow is one clause or control of `aims controls`. Its JSON form
// is documented in the command's help: fields are only ever added.
type controlRow struct {
	Ref        string      `json:"ref"`
	Title      string      `json:"title"`
	Group      string      `json:"group"`
	Control    bool        `json:"control"`
	Applicable bool        `json:"applicable"`
	Status     string      `json:"status"`
	Evidence   []string    `json:"evidence"`
	Items      []itemRow   `json:"items,omitempty"`
	Systems    []systemRow `json:"systems,omitempty"`
	// Notes say what the custom rules that evidence the reference add.
	Notes []string `json:"notes,omitempty"`
}

// An itemRow is one documented-information item of a clause.
type itemRow struct {
	ID       string      `json:"id"`
	Title    string      `json:"title"`
	Status   string      `json:"status"`
	Evidence []string    `json:"evidence"`
	Systems  []systemRow `json:"systems,omitempty"`
}

// A systemRow is how one AI system meets a per-system requirement.
type systemRow struct {
	System   string   `json:"system"`
	Status   string   `json:"status"`
	Evidence []string `json:"evidence"`
	Detail   string   `json:"detail,omitempty"`
}

// systemRows converts the per-system coverage.
func systemRows(cs []lint.SystemCoverage) []systemRow {
	var out []systemRow
	for _, c := range cs {
		out = append(out, systemRow{System: c.System, Status: string(c.Status), Evidence: nonNilStrings(c.Evidence), Detail: c.Detail})
	}
	return out
}

// runControls is `aims controls`: it checks the flags, lints the directory
// with the coverage rule on, and prints the coverage of every clause and
// control the filters keep.
func runControls(ctx context.Context, stdout, stderr io.Writer, o controlsOptions, args []string) error {
	if o.format != "text" && o.format != "json" {
		msg := fmt.Sprintf("unknown format %q for --format: use text or json", o.format)
		if o.format == "xlsx" {
			msg += " (the workbook is aims plan's)"
		}
		return errors.New(msg)
	}
	c := rules.DefaultCatalogue()
	keepRef, err := parseGroups(c, o.groups)
	if err != nil {
		return err
	}
	keepStatus, err := parseStatuses(o.statuses)
	if err != nil {
		return err
	}
	asOf, err := parseAsOf(o.asOf, o.asOfSet)
	if err != nil {
		return err
	}
	dir, err := repositoryDir(stderr, "controls", "reports on", args)
	if err != nil {
		return err
	}

	cfg, err := o.load(dir, asOf, false, "")
	if err != nil {
		return err
	}
	res, err := runWithCoverage(ctx, cfg)
	if err != nil {
		return err
	}

	rows := controlRows(c, res, keepRef, keepStatus)
	if o.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if rows == nil {
			rows = []controlRow{}
		}
		if err := enc.Encode(rows); err != nil {
			return plainError{fmt.Errorf("write the list: %w", err)}
		}
		return nil
	}
	writeControlsText(stdout, c, res, rows, len(res.Coverage), filterFlags(o))
	return nil
}

// controlRows turns the coverage of res into the rows of `aims controls`,
// keeping the references in keepRef and the statuses in keepStatus (all when
// nil).
func controlRows(c *rules.Catalogue, res *lint.Result, keepRef map[string]bool, keepStatus map[lint.CoverageStatus]bool) []controlRow {
	var rows []controlRow
	for _, cov := range res.Coverage {
		if keepRef != nil && !keepRef[cov.Ref] || keepStatus != nil && !keepStatus[cov.Status] {
			continue
		}
		ref, _ := c.Lookup(cov.Ref)
		row := controlRow{
			Ref:        cov.Ref,
			Title:      ref.Title,
			Group:      ref.Group,
			Control:    ref.Control,
			Applicable: cov.Applicable,
			Status:     string(cov.Status),
			Evidence:   nonNilStrings(cov.Evidence),
			Systems:    systemRows(cov.Systems),
			Notes:      cov.Notes,
		}
		if !cov.Applicable {
			row.Systems = nil // an excluded control asks nothing of any system
		}
		for _, it := range cov.Items {
			row.Items = append(row.Items, itemRow{ID: it.ID, Title: it.Title, Status: string(it.Status), Evidence: nonNilStrings(it.Evidence), Systems: systemRows(it.Systems)})
		}
		rows = append(rows, row)
	}
	return rows
}

// selects reports whether a rule selection ("all", "-AIMS3001", applied in
// order; empty for all) turns the rule id on.
func selects(selection []string, id string) bool {
	on := len(selection) == 0
	for _, s := range selection {
		switch s {
		case "all", id:
			on = true
		case "-" + id:
			on = false
		}
	}
	return on
}

// nonNilStrings returns s, or an empty slice that encodes as [].
func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// filterFlags spells the filters given, as on the command line.
func filterFlags(o controlsOptions) string {
	var parts []string
	if len(o.groups) > 0 {
		parts = append(parts, "--group "+strings.Join(o.groups, ","))
	}
	if len(o.statuses) > 0 {
		parts = append(parts, "--status "+strings.Join(o.statuses, ","))
	}
	return strings.Join(parts, " ")
}

// parseGroups turns the --group values into the set of leaf references they
// cover; nil when none was given. A value is a clause or Annex A group or a
// heading within one; ids are not case-sensitive.
func parseGroups(c *rules.Catalogue, values []string) (map[string]bool, error) {
	if len(values) == 0 {
		return nil, nil
	}
	keep := map[string]bool{}
	for _, v := range values {
		id := strings.TrimSpace(v)
		if rest, ok := strings.CutPrefix(id, "a."); ok {
			id = "A." + rest
		}
		if ref, ok := c.Lookup(id); ok {
			what := "a clause"
			if ref.Control {
				what = "an Annex A control"
			}
			return nil, fmt.Errorf("--group %s: %s is %s, not a group: give its group, --group %s, or run aims explain %s", v, id, what, ref.Group, id)
		}
		leaves := c.Expand(id)
		if len(leaves) == 0 {
			if id == "" {
				return nil, errors.New("--group needs a GROUP: a clause (4 … 10), an Annex A group (A.2 … A.10) or a heading such as A.6.2")
			}
			var ids []string
			for _, cand := range referenceCandidates(c, false) {
				ids = append(ids, cand.value)
			}
			err := fmt.Errorf("unknown group %q for --group: give a clause (4 … 10), an Annex A group (A.2 … A.10) or a heading such as A.6.2; aims explain lists them", v)
			if best := closest(id, ids); best != "" {
				err = fmt.Errorf("%w\n\nDid you mean this?\n\t%s", err, best)
			}
			return nil, err
		}
		for _, l := range leaves {
			keep[l] = true
		}
	}
	return keep, nil
}

// parseStatuses turns the --status values into a set; nil when none was
// given. "draft only" and "draft_only" are read as draft-only.
func parseStatuses(values []string) (map[lint.CoverageStatus]bool, error) {
	if len(values) == 0 {
		return nil, nil
	}
	var names []string
	for _, c := range statusCandidates {
		names = append(names, c.value)
	}
	keep := map[lint.CoverageStatus]bool{}
	for _, v := range values {
		s := strings.ToLower(strings.TrimSpace(v))
		s = strings.NewReplacer(" ", "-", "_", "-").Replace(s)
		if !slices.Contains(names, s) {
			err := fmt.Errorf("unknown status %q for --status: use %s", v, strings.Join(names, ", "))
			best := closest(s, names)
			for _, n := range names {
				if best == "" && s != "" && strings.HasPrefix(n, s) {
					best = n // "draft" for draft-only
				}
			}
			if best != "" {
				err = fmt.Errorf("%w\n\nDid you mean this?\n\t%s", err, best)
			}
			return nil, err
		}
		keep[lint.CoverageStatus(s)] = true
	}
	return keep, nil
}

// maxEvidence is how many evidence files a row of the text table names.
const maxEvidence = 2

// writeControlsText writes the rows as a table under a heading per clause
// and Annex A group, then the totals. total is how many clauses and
// controls there are before filtering; filters spells the filters.
func writeControlsText(w io.Writer, c *rules.Catalogue, res *lint.Result, rows []controlRow, total int, filters string) {
	if res.Revision != "" {
		fmt.Fprintf(w, "linted commit %.7s (%s) as of %s\n\n", report.Printable(res.Revision), res.RevisionTime.Format(time.DateOnly), res.AsOf.Format(time.DateOnly))
	}
	if len(rows) == 0 {
		fmt.Fprintf(w, "no clause or control matches %s\n", report.Printable(filters))
		return
	}
	if res.Root != "" && res.Root != "." {
		fmt.Fprintf(w, "evidence paths are relative to %s\n\n", report.Printable(res.Root))
	}

	type line struct{ ref, title, applicable, status, evidence string }
	lines := make([]line, len(rows))
	subs := make([][]line, len(rows))
	head := line{"REF", "TITLE", "APPLICABLE", "STATUS", "EVIDENCE"}
	widths := [4]int{width(head.ref), width(head.title), width(head.applicable), width(head.status)}
	counts := map[string]int{}
	for i, r := range rows {
		applicable := "no"
		if r.Applicable {
			applicable = "yes"
		}
		files := make([]string, len(r.Evidence))
		for j, e := range r.Evidence {
			files[j] = report.Printable(e)
		}
		evidence := strings.Join(files, ", ")
		if len(files) > maxEvidence {
			evidence = fmt.Sprintf("%s +%d more", strings.Join(files[:maxEvidence], ", "), len(files)-maxEvidence)
		}
		evidence = withSystemCount(evidence, r.Systems)
		l := line{report.Printable(r.Ref), report.Printable(r.Title), applicable, strings.ReplaceAll(r.Status, "-", " "), evidence}
		lines[i] = l
		for j, s := range []string{l.ref, l.title, l.applicable, l.status} {
			widths[j] = max(widths[j], width(s))
		}
		counts[r.Status]++
		sub := func(title, status, evidence string) {
			sl := line{"", title, "", strings.ReplaceAll(status, "-", " "), evidence}
			subs[i] = append(subs[i], sl)
			widths[1] = max(widths[1], width(sl.title))
			widths[3] = max(widths[3], width(sl.status))
		}
		for _, it := range r.Items {
			sub("- "+report.Printable(it.Title), it.Status, withSystemCount(evidenceCell(it.Evidence), it.Systems))
			for _, sr := range it.Systems {
				sub("  * "+report.Printable(sr.System), sr.Status, systemCell(sr))
			}
		}
		for _, sr := range r.Systems {
			sub("* "+report.Printable(sr.System), sr.Status, systemCell(sr))
		}
		for _, n := range r.Notes {
			sub("- custom rule", "", report.Printable(n))
		}
	}
	row := func(l line) {
		s := fmt.Sprintf("  %s  %s  %s  %s  %s", pad(l.ref, widths[0]), pad(l.title, widths[1]), pad(l.applicable, widths[2]), pad(l.status, widths[3]), l.evidence)
		fmt.Fprintln(w, strings.TrimRight(s, " "))
	}

	row(head)
	group := ""
	for i, r := range rows {
		if r.Group != group {
			group = r.Group
			heading := "Clause " + report.Printable(group)
			if strings.HasPrefix(group, "A.") {
				heading = "Annex " + report.Printable(group)
			}
			if title, ok := c.Title(group); ok {
				heading += "  " + report.Printable(title)
			}
			fmt.Fprintf(w, "\n%s\n", heading)
		}
		row(lines[i])
		for _, sl := range subs[i] {
			row(sl)
		}
	}

	fmt.Fprintln(w)
	shown := plural(total, "clause or control", "clauses and controls")
	if len(rows) < total {
		shown = fmt.Sprintf("%d of %d clauses and controls (%s)", len(rows), total, report.Printable(filters))
	}
	fmt.Fprintf(w, "%s: %d evidenced, %d draft only, %d missing, %d not applicable\n", shown,
		counts[string(lint.Evidenced)], counts[string(lint.DraftOnly)], counts[string(lint.Missing)], counts[string(lint.NotApplicable)])
	if len(res.Artifacts) == 0 {
		fmt.Fprintf(w, "note: no artifacts in %s: docs/format.md describes what to write\n", report.Printable(res.Root))
	}
	if e, wn := res.Count(lint.Error), res.Count(lint.Warning); e+wn > 0 {
		fmt.Fprintf(w, "aims lint reports %s and %s in %s: run it to see what to fix\n",
			plural(e, "error", "errors"), plural(wn, "warning", "warnings"), plural(len(res.Artifacts), "artifact", "artifacts"))
	}
}

// evidenceCell names up to maxEvidence files.
func evidenceCell(ev []string) string {
	files := make([]string, len(ev))
	for j, e := range ev {
		files[j] = report.Printable(e)
	}
	if len(files) > maxEvidence {
		return fmt.Sprintf("%s +%d more", strings.Join(files[:maxEvidence], ", "), len(files)-maxEvidence)
	}
	return strings.Join(files, ", ")
}

// withSystemCount puts in front of the evidence of a per-system requirement
// how many of its AI systems are evidenced: "2 of 3 AI systems evidenced;
// evaluations/credit.yaml, evaluations/fraud.yaml". Evidence without systems
// is returned as it is.
func withSystemCount(evidence string, systems []systemRow) string {
	if len(systems) == 0 {
		return evidence
	}
	n := 0
	for _, s := range systems {
		if s.Status == string(lint.Evidenced) {
			n++
		}
	}
	count := fmt.Sprintf("%d of %s evidenced", n, plural(len(systems), "AI system", "AI systems"))
	if evidence == "" {
		return count
	}
	return count + "; " + evidence
}

// systemCell is the evidence of one AI system followed by what it shows:
// "evaluations/credit.yaml — EVAL-CREDIT-41, NAS 4.1 on 2026-05-07: 6 of 6
// metrics met".
func systemCell(s systemRow) string {
	cell := evidenceCell(s.Evidence)
	switch {
	case s.Detail == "":
		return cell
	case cell == "":
		return report.Printable(s.Detail)
	}
	return cell + " — " + report.Printable(s.Detail)
}

// width is the display width of s, in runes.
func width(s string) int { return utf8.RuneCountInString(s) }

// pad pads s with spaces to n runes.
func pad(s string, n int) string {
	return s + strings.Repeat(" ", max(0, n-width(s)))
}
