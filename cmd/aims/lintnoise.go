package main

import (
	"fmt"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/report"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// noiseOptions are the flags of `aims lint` that say how much it shows:
// --quiet, --verbose and --min-severity.
type noiseOptions struct {
	quiet          bool   // --quiet: the findings only, no header, summary or notes
	verbose        bool   // --verbose: every finding, none folded
	minSeverity    string // --min-severity: the lowest severity reported
	minSeveritySet bool   // whether --min-severity was given
}

// addNoiseFlags registers --quiet, --verbose and --min-severity on f.
func (n *noiseOptions) addNoiseFlags(f *pflag.FlagSet) {
	f.BoolVarP(&n.quiet, "quiet", "q", false, "print the findings only: no summary, no notes, nothing when there are none (text format)")
	f.BoolVarP(&n.verbose, "verbose", "v", false, "list every finding: without it, clauses and controls evidenced only by drafts are folded into one line per group (text format)")
	f.StringVar(&n.minSeverity, "min-severity", "", "lowest `SEVERITY` reported: error, warning or note (default min_severity in .aims.yaml, else note); findings below it are neither shown nor fail the run")
}

// noiseFlagsSet records which of the noise flags were given on cmd's command line.
func (n *noiseOptions) noiseFlagsSet(cmd *cobra.Command) {
	n.minSeveritySet = cmd.Flags().Changed("min-severity")
}

// severity parses --min-severity; 0 when it was not given.
func (n noiseOptions) severity() (lint.Severity, error) {
	if !n.minSeveritySet {
		return 0, nil
	}
	s, err := lint.ParseSeverity(n.minSeverity)
	if err != nil {
		return 0, fmt.Errorf("--min-severity: %v", err)
	}
	return s, nil
}

// stdoutOptions are the presentation options of the report on standard
// output: the flags, and a brief summary for file arguments (what a
// pre-commit hook passes), which must stay short.
func (n noiseOptions) stdoutOptions(color bool, files []string) report.Options {
	return report.Options{Color: color, Quiet: n.quiet, Verbose: n.verbose, Brief: len(files) > 0}
}
