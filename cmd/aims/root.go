package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/report"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/aimsdev/aims/internal/suggest"
)

// Exit codes, as DESIGN.md fixes them. They never depend on the output format.
const (
	exitOK       = 0 // nothing at or above the failure level
	exitFindings = 1 // findings at or above the failure level
	exitUsage    = 2 // a usage or configuration error, or aims could not run
	// exitInterrupted is the shell's code for a process ended by SIGINT
	// (128+2); aims exits with it on SIGTERM too, having removed any file
	// it was writing.
	exitInterrupted = 130
)

// An exitCode is returned by a command that has printed all it had to say and
// only needs run to exit with the code.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// A plainError is an error whose message already says what to do: run prints
// it without the pointer to --help, and exits 2. Configuration errors
// (*lint.ConfigError) and failures of aims itself are printed the same way;
// every other error is a mistake on the command line.
type plainError struct{ err error }

func (e plainError) Error() string { return e.err.Error() }
func (e plainError) Unwrap() error { return e.err }

// run is the whole program: it parses args, runs the command and returns the
// exit code. It is separate from main so that it can use defer and be tested.
func run(args []string, stdout, stderr io.Writer) int {
	// An interrupt (Ctrl-C) or SIGTERM cancels ctx: the command stops at its
	// next look at it, removes any file it was writing and exits 130.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	root := newRootCmd()
	root.SetOut(stdout)
	root.SetErr(stderr)
	if args == nil {
		args = []string{} // cobra reads os.Args when given nil
	}
	root.SetArgs(args)

	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	var code exitCode
	if errors.As(err, &code) {
		return int(code)
	}
	if ctx.Err() != nil {
		// The command failed because a signal cancelled it: the error is
		// only "context canceled", or a failure the interrupt caused.
		fmt.Fprintln(stderr, "aims: interrupted")
		return exitInterrupted
	}
	msg := printableLines(strings.TrimRight(err.Error(), "\n"))
	fmt.Fprintf(stderr, "aims: %s\n", msg)
	var cfgErr *lint.ConfigError
	var plain plainError
	if !errors.As(err, &cfgErr) && !errors.As(err, &plain) {
		if strings.Contains(msg, "\n") {
			fmt.Fprintln(stderr)
		}
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return exitUsage
}

// printableLines escapes msg with report.Printable, keeping the line breaks
// and tabs that lay it out ("Did you mean this?\n\tHEAD"): an error quotes
// paths and values, and these must not act on the terminal. A line of msg
// that would start a GitHub workflow command ("::error::…") is indented.
func printableLines(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		fields := strings.Split(l, "\t")
		for j, f := range fields {
			fields[j] = report.Printable(f)
		}
		lines[i] = strings.Join(fields, "\t")
		if strings.HasPrefix(lines[i], "::") {
			lines[i] = "  " + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// newRootCmd builds the command tree. Each call builds a fresh tree: the
// commands keep their options in local structs, never in package variables.
func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "aims",
		Short: "Lint the documentation of an ISO/IEC 42001 AI management system",
		Long: `aims lints the documentation of an ISO/IEC 42001:2023 AI management system
(AIMS) kept as Markdown and YAML files in a git repository.

It validates every artifact (policy, scope, roles, risk register, Statement of
Applicability, impact assessments, AI system and dataset records, audits,
reviews, incidents, nonconformities) against the schema of its kind, checks the
links between artifacts and reports the documentation the standard asks for
that is missing. Every finding names the file and line, the rule, and the
clauses and Annex A controls it concerns.

aims plan turns the same result into an implementation plan: an Excel
workbook with the gap analysis, a twelve-month plan, a RACI matrix, the
Statement of Applicability, the risks and KPIs.

The document format is described in docs/format.md.

Exit codes: 0 when nothing is at or above the failure level, 1 when something
is, 2 on a usage or configuration error or when aims cannot run, 130 when
interrupted (Ctrl-C or SIGTERM; a file being written is removed).`,
		Example: `  aims lint                       lint the AIMS in the current directory
  aims lint --format json docs/   lint docs/ and print JSON
  aims plan -o aims-plan.xlsx     write the implementation plan workbook
  aims explain A.5.2              what a clause, control, rule or kind asks for
  aims rules                      list every rule
  aims test                       run the examples of the custom rules`,
		Version:       versionText(),
		SilenceUsage:  true,
		SilenceErrors: true,
		// Args stays nil so that cobra reports an unknown command with its
		// suggestions ("Did you mean this?").
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprint(cmd.OutOrStdout(), gettingStarted)
		},
	}
	// `aims completion SHELL` stays available, out of the command list.
	root.CompletionOptions.HiddenDefaultCmd = true
	root.SetVersionTemplate("{{.Version}}")
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		newLintCmd(),
		newPlanCmd(),
		newControlsCmd(),
		newRulesCmd(),
		newExplainCmd(),
		newVersionCmd(),
		newSchemaCmd(),
		newInitCmd(),
		newNewCmd(),
		newAdoptCmd(),
		newTestCmd(),
		newTrendCmd(),
	)
	return root
}

// gettingStarted is what `aims` alone prints.
const gettingStarted = `aims lints the documentation of an ISO/IEC 42001 AI management system (AIMS)
kept as Markdown and YAML files in a git repository.

Get started:
  aims init my-aims    write a starter AIMS (drafts of every required document)
  aims adopt           read documents you already have: propose the .aims.yaml
  aims lint            check the AIMS in the current directory
  aims controls        every clause and control with this repository's coverage
  aims new procedure   add a document, with the next free id
  aims plan            write the implementation plan workbook, aims-plan.xlsx
  aims explain A.5.2   what a clause, control, rule or artifact kind asks for
  aims rules           list every rule aims checks
  aims test            run the examples of your custom rules (docs/policies.md)
  aims schema export schemas   the JSON Schemas, for your editor

Run 'aims --help' for every command and flag, and see docs/format.md for the
document format.
`

// flagError turns a flag parsing error into a usage error, suggesting the
// closest flag for an unknown one.
func flagError(cmd *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	if best := closest(name, names); best != "" {
		return fmt.Errorf("%w\n\nDid you mean this?\n\t--%s", err, best)
	}
	return err
}

// closest returns the candidate nearest to s, or "" when none is close
// enough to be a likely typo. Case is ignored; ties go to the first candidate.
func closest(s string, candidates []string) string {
	best, bestD := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := suggest.Distance(ls, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := 2
	if len(s) <= 3 {
		limit = 1
	}
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// noArgs rejects positional arguments on a command that takes none.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%s takes no arguments, but got %q", cmd.CommandPath(), args[0])
	}
	return nil
}
