package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
	"github.com/spf13/cobra"
)

// rulesOptions are the flags of `aims rules`.
type rulesOptions struct {
	format string // --format: text or json
}

// newRulesCmd builds `aims rules`.
func newRulesCmd() *cobra.Command {
	var o rulesOptions
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rules aims checks",
		Long: `Rules lists every rule aims checks: its id, default severity, title and the
ISO/IEC 42001 clauses and Annex A controls it concerns, in id order.

A rule's severity can be changed, and a rule turned off, in .aims.yaml
(severity: and rules:). Run 'aims explain RULE' for why a rule matters and an
example that fails and one that passes.`,
		Example: `  aims rules
  aims rules --format json
  aims explain AIMS1002`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch o.format {
			case "text":
				return writeRulesText(cmd.OutOrStdout(), rules.All)
			case "json":
				return writeRulesJSON(cmd.OutOrStdout(), rules.All)
			}
			return fmt.Errorf("unknown format %q for --format: use text or json", o.format)
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "text", "output `FORMAT`: text or json")
	mustRegister(cmd, "format", fixedValues(candidate{"text", "a table"}, candidate{"json", "a JSON array"}))
	return cmd
}

// writeRulesText writes the rules as an aligned table.
func writeRulesText(w io.Writer, rs []*lint.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tTITLE\tISO/IEC 42001")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Title, strings.Join(r.Controls, ", "))
	}
	return tw.Flush()
}

// jsonRule is one rule in `aims rules --format json`.
type jsonRule struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Title    string   `json:"title"`
	Severity string   `json:"severity"`
	Controls []string `json:"controls"`
}

// writeRulesJSON writes the rules as a JSON array, in list order.
func writeRulesJSON(w io.Writer, rs []*lint.Rule) error {
	out := make([]jsonRule, 0, len(rs))
	for _, r := range rs {
		controls := append([]string{}, r.Controls...)
		out = append(out, jsonRule{ID: r.ID, Name: r.Name, Title: r.Title, Severity: r.Severity.String(), Controls: controls})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
