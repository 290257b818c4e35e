package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/aimsdev/aims/lint"
	"github.com/spf13/cobra"
)

// rulesOptions are the flags of `aims rules`.
type rulesOptions struct {
	format string // --format: text or json
	config string // --config: configuration file, instead of the root's .aims.yaml
}

// newRulesCmd builds `aims rules`.
func newRulesCmd() *cobra.Command {
	var o rulesOptions
	cmd := &cobra.Command{
		Use:   "rules [PATH]",
		Short: "List the rules aims checks",
		Long: `Rules lists every rule aims checks: its id, default severity, title and the
ISO/IEC 42001 clauses and Annex A controls it concerns, in id order.

The custom rules of the AIMS that holds PATH (the current directory when none
is given; its root is found as aims lint finds it) follow the built-in ones,
each with the rule file and line it is written at: those of the rule files
that .aims.yaml's policies: names. A rule file that does not compile is an
error, at its line and column.

A rule's severity can be changed, and a rule turned off, in .aims.yaml
(severity: and rules:). Run 'aims explain RULE' for why a rule matters and an
example that fails and one that passes.`,
		Example: `  aims rules
  aims rules --format json
  aims rules governance/
  aims explain AIMS1002`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return fmt.Errorf("aims rules takes one folder of the AIMS, but got %d arguments: %s", len(args), strings.Join(args, " "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.format != "text" && o.format != "json" {
				return fmt.Errorf("unknown format %q for --format: use text or json", o.format)
			}
			path := ""
			if len(args) == 1 {
				path = args[0]
			}
			rs, err := rootRules(path, o.config)
			if err != nil {
				return err
			}
			if o.format == "json" {
				return writeRulesJSON(cmd.OutOrStdout(), rs.Rules)
			}
			return writeRulesText(cmd.OutOrStdout(), rs.Rules)
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "text", "output `FORMAT`: text or json")
	cmd.Flags().StringVar(&o.config, "config", "", "read the configuration, and so the rule files it names, from `PATH` instead of the AIMS root's .aims.yaml")
	mustRegister(cmd, "format", fixedValues(candidate{"text", "a table"}, candidate{"json", "a JSON array"}))
	return cmd
}

// writeRulesText writes the rules as an aligned table: the built-in ones,
// then the custom ones, if any, in a table of their own that says where each
// is written.
func writeRulesText(w io.Writer, rs []*lint.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tTITLE\tISO/IEC 42001")
	var custom []*lint.Rule
	for _, r := range rs {
		if r.Custom != nil {
			custom = append(custom, r)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Title, strings.Join(r.Controls, ", "))
	}
	if err := tw.Flush(); err != nil || len(custom) == 0 {
		return err
	}
	fmt.Fprintln(w, "\nCustom rules:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tTITLE\tISO/IEC 42001\tWRITTEN IN")
	for _, r := range custom {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Title, strings.Join(r.Controls, ", "), writtenAt(r.Custom))
	}
	return tw.Flush()
}

// writtenAt says where a custom rule is written: its rule file and line.
func writtenAt(c *lint.Custom) string {
	if c.Range.Start.Line > 0 {
		return fmt.Sprintf("%s:%d", c.File, c.Range.Start.Line)
	}
	return c.File
}

// jsonRule is one rule in `aims rules --format json`.
type jsonRule struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Title    string   `json:"title"`
	Severity string   `json:"severity"`
	Controls []string `json:"controls"`
	// Custom is set for a custom rule, which File (a slash path from the
	// AIMS root) holds at Line.
	Custom    bool     `json:"custom,omitempty"`
	File      string   `json:"file,omitempty"`
	Line      int      `json:"line,omitempty"`
	Evidences []string `json:"evidences,omitempty"`
}

// writeRulesJSON writes the rules as a JSON array, in list order.
func writeRulesJSON(w io.Writer, rs []*lint.Rule) error {
	out := make([]jsonRule, 0, len(rs))
	for _, r := range rs {
		controls := append([]string{}, r.Controls...)
		jr := jsonRule{ID: r.ID, Name: r.Name, Title: r.Title, Severity: r.Severity.String(), Controls: controls}
		if r.Custom != nil {
			jr.Custom, jr.File, jr.Line, jr.Evidences = true, r.Custom.File, r.Custom.Range.Start.Line, r.Evidences
		}
		out = append(out, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
