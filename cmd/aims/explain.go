package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
	"github.com/aimsdev/aims/schema"
	"github.com/spf13/cobra"
)

// newExplainCmd builds `aims explain`.
func newExplainCmd() *cobra.Command {
	var config string // --config: configuration file, instead of the root's .aims.yaml
	cmd := &cobra.Command{
		Use:   "explain [RULE | CLAUSE | CONTROL | KIND] [PATH]",
		Short: "Explain a rule, an ISO/IEC 42001 clause or control, or an artifact kind",
		Long: `Explain prints what aims knows about an id:

  a rule (AIMS1002)          its title, default severity, the clauses and controls
                             it concerns, the audit checklist rows it checks, why
                             it matters, a failing and a passing example
  a clause or control        its title, what it asks for, whether documented
  (6.1.2, A.5.2)             information is required and in what form, the kinds
                             of artifact that evidence it, what to write, its
                             audit checklist (what aims checks, with the rules,
                             and what is for the auditor), and crosswalks to the
                             EU AI Act, the NIST AI RMF and ISO/IEC 27001
  a clause or Annex A group  its title, objective and members
  (6, A.6)
  an artifact kind           the clauses and controls it evidences by default
  (ai-system)

The custom rules of the AIMS that holds PATH (the current directory when none
is given; its root is found as aims lint finds it) are explained too: title,
severity (and the one .aims.yaml sets), the clauses and controls it concerns
and evidences, the rule file and line it is written at, its description and
condition, and how many examples it has.

Without an argument it lists everything that can be explained. Summaries and
guidance are paraphrased: buy the standard for its wording. The whole audit
checklist is docs/audit-checklist.md.`,
		Example: `  aims explain A.5.2
  aims explain 6.1.2
  aims explain A.6
  aims explain AIMS1001
  aims explain ai-system
  aims explain ACME-001 governance/
  aims explain`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 2 {
				if _, err := os.Stat(args[1]); err == nil {
					return nil // ID PATH
				}
			}
			if len(args) > 1 {
				return fmt.Errorf("explain takes one id at a time: run 'aims explain %s', then 'aims explain %s'", args[0], args[1])
			}
			return nil
		},
		ValidArgsFunction: completeExplain,
		RunE: func(cmd *cobra.Command, args []string) error {
			path := ""
			if len(args) == 2 {
				path = args[1]
			}
			rs, err := rootRules(path, config)
			if err != nil {
				return err
			}
			var b bytes.Buffer
			if len(args) == 0 {
				writeExplainList(&b, rules.DefaultCatalogue(), rs.Rules, schema.Kinds())
			} else if err := explain(&b, args[0], rules.DefaultCatalogue(), rules.DefaultChecklist(), rs, schema.Kinds()); err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(b.Bytes())
			return err
		},
	}
	cmd.Flags().StringVar(&config, "config", "", "read the configuration, and so the rule files it names, from `PATH` instead of the AIMS root's .aims.yaml")
	return cmd
}

// explain writes the explanation of id, which may be a rule, a clause or
// control, a heading, a group or a kind.
func explain(w io.Writer, id string, c *rules.Catalogue, l *rules.Checklist, set ruleSet, kinds []string) error {
	rs := set.Rules
	id = strings.TrimSpace(id)
	ref := id
	if rest, ok := strings.CutPrefix(id, "a."); ok {
		ref = "A." + rest // ids are not case-sensitive: a.5.2 is A.5.2
	}
	for _, r := range rs {
		if strings.EqualFold(r.ID, id) {
			if r.Custom != nil {
				explainCustomRule(w, r, c, set)
			} else {
				explainRule(w, r, c, l)
			}
			return nil
		}
	}
	if r, ok := c.Lookup(ref); ok {
		explainReference(w, r, c, l, rs)
		return nil
	}
	if g, ok := c.Group(ref); ok {
		explainGroup(w, g, c)
		return nil
	}
	if title, ok := c.Title(ref); ok {
		explainHeading(w, ref, title, c)
		return nil
	}
	for _, k := range kinds {
		if strings.EqualFold(k, id) {
			explainKind(w, k, c)
			return nil
		}
	}

	var candidates []string
	for _, r := range rs {
		candidates = append(candidates, r.ID)
	}
	for _, r := range c.References() {
		candidates = append(candidates, r.ID)
	}
	for _, g := range c.Groups() {
		candidates = append(candidates, g.ID)
	}
	candidates = append(candidates, kinds...)
	err := fmt.Errorf("unknown rule, clause, control or kind %q: run `aims rules` or `aims explain`", id)
	if best := closest(id, candidates); best != "" {
		err = fmt.Errorf("%w\n\nDid you mean this?\n\t%s", err, best)
	}
	return plainError{err}
}

// explainRule writes a rule's id, title, default severity, the references it
// concerns, the checklist rows it checks and its documentation.
func explainRule(w io.Writer, r *lint.Rule, c *rules.Catalogue, l *rules.Checklist) {
	fmt.Fprintf(w, "%s: %s\n\n", r.ID, r.Title)
	field(w, "Default severity:", r.Severity.String())
	field(w, "Concerns:", describeRefs(r.Controls, c))
	if checks := l.ServedBy(r.ID); len(checks) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Audit checklist rows it checks:")
		writeChecks(w, checks, false)
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, strings.TrimRight(r.Doc, "\n")+"\n")
}

// explainCustomRule writes a custom rule's id, title, severity (and the
// one the configuration sets), the references it concerns and evidences,
// where it is written, how many examples it has, and its documentation.
func explainCustomRule(w io.Writer, r *lint.Rule, c *rules.Catalogue, set ruleSet) {
	fmt.Fprintf(w, "%s: %s\n\n", r.ID, r.Title)
	sev := r.Severity.String()
	if set.Config != nil {
		if s, ok := set.Config.Severity[r.ID]; ok && s != r.Severity {
			from := lint.ConfigFile
			if set.Config.ConfigPath != "" {
				from = filepath.Base(set.Config.ConfigPath)
			}
			sev += fmt.Sprintf(" (%s in %s)", s, from)
		}
	}
	field(w, "Default severity:", sev)
	field(w, "Concerns:", describeRefs(r.Controls, c))
	if len(r.Evidences) > 0 {
		field(w, "Evidences (when held):", describeRefs(r.Evidences, c))
	}
	field(w, "Written in:", writtenAt(r.Custom)+" (a custom rule of this AIMS)")
	n := set.Examples[r.ID]
	examples := fmt.Sprintf("%d (run them with aims test)", n)
	if n == 0 {
		examples = "none: add tests to the rule and run aims test"
	}
	field(w, "Examples:", examples)
	fmt.Fprintln(w)
	doc := strings.TrimSpace(r.Doc)
	if rest, ok := strings.CutPrefix(doc, "# "); ok {
		_, doc, _ = strings.Cut(rest, "\n") // the title is above
	}
	fmt.Fprint(w, strings.TrimSpace(doc)+"\n")
}

// formDescription says in words what a form of documented information is.
func formDescription(form string) string {
	switch form {
	case rules.FormDocument:
		return "a document that is maintained"
	case rules.FormRecord:
		return "records retained as evidence of results"
	case rules.FormDocumentRecord:
		return "a document, and records of its results"
	case rules.FormProcessRecord:
		return "a process in operation, evidenced by its records"
	case rules.FormProcess:
		return "an activity"
	}
	return form
}

// explainReference writes what the catalogue holds about a clause or control.
func explainReference(w io.Writer, r rules.Reference, c *rules.Catalogue, l *rules.Checklist, rs []*lint.Rule) {
	fmt.Fprintf(w, "%s: %s\n", r.ID, r.Title)
	what := "Clause"
	if r.Control {
		what = "Annex A control"
	}
	if g, ok := c.Group(r.Group); ok {
		fmt.Fprintf(w, "%s in %s %s\n", what, g.ID, g.Title)
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, wrap(r.Summary, 0, 80))
	fmt.Fprintln(w)

	di := "not required (" + formDescription(r.Form) + ")"
	if r.DocumentedInformation {
		di = "required: " + formDescription(r.Form)
	}
	field(w, "Documented information:", di)
	evidence := "no kind by default"
	if len(r.Kinds) > 0 {
		evidence = strings.Join(r.Kinds, ", ")
	}
	field(w, "Evidenced by:", evidence+" (and any artifact that lists "+r.ID+" in its controls)")
	if len(r.Items) > 0 {
		fmt.Fprintf(w, "Items (%s is evidenced only when each of them is):\n", r.ID)
		for _, it := range r.Items {
			var by []string
			if len(it.Kinds) > 0 {
				by = append(by, strings.Join(it.Kinds, ", "))
			}
			if it.ByControls {
				by = append(by, "a procedure that lists "+r.ID)
			}
			line := fmt.Sprintf("  - %s: %s", it.Title, strings.Join(by, ", or "))
			if it.PerSystem != "" {
				line += "; for every AI system in scope"
			}
			fmt.Fprintln(w, line)
		}
	}
	if r.PerSystem != "" {
		field(w, "Per AI system:", perSystemText(r.PerSystem))
	}
	var checkedBy []string
	for _, rule := range rs {
		for _, ctl := range rule.Controls {
			if slices.Contains(c.Expand(ctl), r.ID) {
				checkedBy = append(checkedBy, rule.ID)
				break
			}
		}
	}
	if len(checkedBy) > 0 {
		listField(w, "Rules:", checkedBy)
	}
	field(w, "Guidance:", r.Guidance)
	if checks := l.For(r.ID); len(checks) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Audit checklist (aims checks documents; the auditor also checks practice):")
		writeChecks(w, checks, true)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Crosswalks:")
	listField(w, "  EU AI Act:", r.EUAIAct)
	listField(w, "  NIST AI RMF:", r.NISTAIRMF)
	listField(w, "  ISO/IEC 27001:", r.ISO27001)
}

// perSystemText says what evidences a per-system requirement for one system.
func perSystemText(mode string) string {
	switch mode {
	case rules.PerSystemImpactAssessment:
		return "every AI system in scope needs its own approved impact-assessment (ai_system: its id)"
	case rules.PerSystemDatasets:
		return "every AI system in scope needs approved dataset records for all the data it uses"
	case rules.PerSystemEvaluation:
		return "every high-risk AI system in use needs an approved evaluation of its current model_version covering performance, fairness for each affected group and robustness, with every failed metric under an accepted risk; any other AI system in scope its own approved ai-system record or an approved evaluation"
	}
	return "every AI system in scope needs its own approved ai-system record"
}

// explainGroup writes a clause or Annex A group and its members.
func explainGroup(w io.Writer, g rules.Group, c *rules.Catalogue) {
	fmt.Fprintf(w, "%s: %s\n", g.ID, g.Title)
	members := "Clauses:"
	if g.Control {
		fmt.Fprintln(w, "Annex A control group")
		members = "Controls:"
	} else {
		fmt.Fprintln(w, "Clause")
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, wrap(g.Summary, 0, 80))
	fmt.Fprintln(w)
	fmt.Fprintln(w, members)
	writeMembers(w, c.Expand(g.ID), c)
}

// explainHeading writes an intermediate heading (6.1, A.6.2) and its members.
func explainHeading(w io.Writer, id, title string, c *rules.Catalogue) {
	fmt.Fprintf(w, "%s: %s\n", id, title)
	if strings.HasPrefix(id, "A.") {
		fmt.Fprintln(w, "Annex A heading")
	} else {
		fmt.Fprintln(w, "Clause heading")
	}
	fmt.Fprintln(w)
	if c.Valid(id) {
		fmt.Fprintf(w, "An artifact that lists %s in its controls evidences every clause below.\n\n", id)
	}
	fmt.Fprintln(w, "Contains:")
	writeMembers(w, c.Expand(id), c)
}

// writeChecks writes checklist rows, each as its id and text, and, when judge
// is set, a line under it that says who judges it: the rules of aims, the
// auditor (with why), or nobody yet.
func writeChecks(w io.Writer, checks []rules.AuditCheck, judge bool) {
	width := 0
	for _, a := range checks {
		width = max(width, len(a.ID))
	}
	indent := 2 + width + 2
	for _, a := range checks {
		text := wrap(a.Text, indent, 80)
		fmt.Fprintf(w, "  %-*s%s", width+2, a.ID, text[indent:])
		if !judge {
			continue
		}
		var who string
		switch {
		case len(a.Rules) > 0:
			who = "aims: " + strings.Join(a.Rules, ", ")
		case a.Auditor != "":
			who = "for the auditor: " + a.Auditor
		default:
			who = "not checked by aims yet (planned: " + a.Planned + ")"
		}
		fmt.Fprint(w, wrap(who, indent, 80))
	}
}

// writeMembers writes reference ids with their titles, one a line.
func writeMembers(w io.Writer, ids []string, c *rules.Catalogue) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, id := range ids {
		title, _ := c.Title(id)
		fmt.Fprintf(tw, "  %s\t%s\n", id, title)
	}
	tw.Flush()
}

// explainKind writes what an artifact kind evidences and where its format is
// described.
func explainKind(w io.Writer, kind string, c *rules.Catalogue) {
	fmt.Fprintf(w, "kind: %s\n\n", kind)
	if ids := c.EvidencedBy(kind); len(ids) > 0 {
		fmt.Fprintln(w, "Evidences by default:")
		writeMembers(w, ids, c)
		fmt.Fprintln(w, "\nand the clauses and controls listed in an artifact's own controls field.")
	} else {
		fmt.Fprintln(w, "Evidences only the clauses and controls listed in its own controls field.")
	}
	fmt.Fprintf(w, "\nIts fields and sections are described under `%s` in docs/format.md.\n", kind)
}

// writeExplainList writes everything `aims explain` can explain.
func writeExplainList(w io.Writer, c *rules.Catalogue, rs []*lint.Rule, kinds []string) {
	fmt.Fprintln(w, "Run 'aims explain ID' with any of these ids.")
	section := func(title string, rows [][2]string) {
		fmt.Fprintf(w, "\n%s:\n", title)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, r := range rows {
			fmt.Fprintf(tw, "  %s\t%s\n", r[0], r[1])
		}
		tw.Flush()
	}
	var rows [][2]string
	for _, r := range rs {
		rows = append(rows, [2]string{r.ID, r.Title})
	}
	section("Rules", rows)
	rows = nil
	for _, g := range c.Groups() {
		if !g.Control {
			rows = append(rows, [2]string{g.ID, g.Title})
		}
	}
	section("Clause groups", rows)
	rows = nil
	for _, r := range c.Clauses() {
		rows = append(rows, [2]string{r.ID, r.Title})
	}
	section("Clauses", rows)
	rows = nil
	for _, g := range c.Groups() {
		if g.Control {
			rows = append(rows, [2]string{g.ID, g.Title})
		}
	}
	section("Annex A groups", rows)
	rows = nil
	for _, r := range c.Controls() {
		rows = append(rows, [2]string{r.ID, r.Title})
	}
	section("Annex A controls", rows)
	rows = nil
	for _, k := range kinds {
		evidence := strings.Join(c.EvidencedBy(k), ", ")
		if evidence == "" {
			evidence = "(its own controls)"
		}
		rows = append(rows, [2]string{k, evidence})
	}
	section("Artifact kinds (and what they evidence by default)", rows)
}

// describeRefs lists references with their titles, one per line after the first.
func describeRefs(ids []string, c *rules.Catalogue) string {
	var parts []string
	for _, id := range ids {
		if t, ok := c.Title(id); ok {
			parts = append(parts, id+" "+t)
		} else {
			parts = append(parts, id)
		}
	}
	return strings.Join(parts, "; ")
}

// labelWidth is the width of the label column of field.
const labelWidth = 24

// field writes "label value", the value wrapped at 80 columns under itself.
func field(w io.Writer, label, value string) {
	text := wrap(value, labelWidth, 80)
	fmt.Fprintf(w, "%-*s%s", labelWidth, label, strings.TrimLeft(text, " "))
}

// listField writes "label item, item, …", wrapped at 80 columns between
// items, or "none" for an empty list.
func listField(w io.Writer, label string, items []string) {
	if len(items) == 0 {
		field(w, label, "none")
		return
	}
	// Join the words of each item with a NUL byte so that wrap keeps
	// items whole, then restore the spaces.
	glued := make([]string, len(items))
	for i, it := range items {
		glued[i] = strings.ReplaceAll(it, " ", "\x00")
	}
	text := wrap(strings.Join(glued, ", "), labelWidth, 80)
	text = strings.ReplaceAll(text, "\x00", " ")
	fmt.Fprintf(w, "%-*s%s", labelWidth, label, strings.TrimLeft(text, " "))
}

// wrap wraps s at width columns, indenting every line by indent spaces, and
// ends it with a newline.
func wrap(s string, indent, width int) string {
	var b strings.Builder
	pad := strings.Repeat(" ", indent)
	col := 0
	for _, word := range strings.Fields(s) {
		switch {
		case col == 0:
			b.WriteString(pad)
			col = indent
		case col+1+len(word) > width:
			b.WriteString("\n" + pad)
			col = indent
		default:
			b.WriteString(" ")
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	b.WriteString("\n")
	return b.String()
}
