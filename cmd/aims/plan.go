package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/report"
	"github.com/aimsdev/aims/plan"
	"github.com/spf13/cobra"
)

// defaultPlanFile is where `aims plan` writes the workbook without -o: the
// current directory, not the linted one.
const defaultPlanFile = "aims-plan.xlsx"

// planOptions are the flags of `aims plan`.
type planOptions struct {
	source          // --config, --as-of, --rev
	output   string // -o, --output: the workbook's path
	start    string // --start: YYYY-MM-DD, the first day of month 1
	startSet bool   // whether --start was given
	html     string // --html: the progress dashboard page's path, "" for none
	// outputSet says whether -o was given: with --html alone, only the
	// page is written.
	outputSet bool
	// --trend-from: YYYY-MM-DD, the start of the trend the page draws
	trendFrom    string
	trendFromSet bool
}

// newPlanCmd builds `aims plan`.
func newPlanCmd() *cobra.Command {
	var o planOptions
	cmd := &cobra.Command{
		Use:   "plan [PATH]",
		Short: "Write the ISO/IEC 42001 implementation plan workbook (.xlsx)",
		Long: `Plan lints the AIMS documentation in a directory (the current one by
default) with every rule .aims.yaml selects, as 'aims lint' does, and turns
the result into an implementation plan: an Excel workbook (.xlsx) with a
dashboard (compliance rate, artifacts by status, findings by severity,
coverage of every clause group and Annex A group), the gap analysis of every
clause and Annex A control, a twelve-month plan in three phases (planning,
execution, monitoring) with a task for every gap, a RACI matrix, the
Statement of Applicability, the risk register with a heat map, the KPIs,
and every finding.

The workbook goes to the file -o names, by default aims-plan.xlsx in the
current directory (not in PATH); it is written whole or not at all, replacing
an older one, and the summary printed says where it went. Run from the
repository itself, that is the repository: ignore the file in .gitignore, or
write it elsewhere with -o. Like the reports of 'aims lint --output', it
never replaces a file of the repository: a tracked file, a file in .git, a
document or configuration aims reads, or a read-only file is refused. Month 1 starts on --start (any date; by default
the first day of the month after --as-of, which is today by default).

--as-of, --rev and --config work as for 'aims lint': --as-of judges every
date at DATE and, in a git repository without --rev, plans from the last
commit made by then; --rev plans from the tree of a commit.

A repository with no artifacts, or with documents aims cannot read (an
unparsable Statement of Applicability, say), still gives a workbook: it
lists what is missing, and so does the summary printed here.
'aims lint --output xlsx=PATH' writes the same workbook in a lint run, so CI
never lints twice.

--html FILE writes the progress dashboard instead: one self-contained HTML
page (no network needed; it opens from disk or a web server) with the
compliance rate, coverage, trend, the plan's timeline with the late tasks,
the risk heat map, every finding in a table filterable by severity, clause,
control, owner and file, and what each role answers for. With -o as well,
both the workbook and the page are written. 'aims lint --output html=PATH'
writes the same page in a lint run.

Exit codes: 0 when the workbook was written, whatever the findings (the plan
is a deliverable, not a gate: use 'aims lint' to fail a build), 2 on a usage
or configuration error or when aims cannot run or write the workbook, 130
when interrupted (Ctrl-C or SIGTERM; no workbook is left half written).`,
		Example: `  # the plan for the AIMS in the current directory, in ./aims-plan.xlsx
  aims plan

  # another directory, into a chosen file, with month 1 in September
  aims plan ../governance -o reports/aims-plan.xlsx --start 2026-09-01

  # the plan as the AIMS stood at the end of June (the last commit by then)
  aims plan --as-of 2026-06-30

  # the progress dashboard page instead of the workbook
  aims plan --html aims-dashboard.html

  # the same workbook from a lint run, with the other reports
  aims lint --output sarif=aims.sarif --output xlsx=aims-plan.xlsx`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeDirs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.flagsSet(cmd)
			o.startSet = cmd.Flags().Changed("start")
			o.outputSet = cmd.Flags().Changed("output")
			o.trendFromSet = cmd.Flags().Changed("trend-from")
			return runPlan(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), o, args)
		},
	}
	f := cmd.Flags()
	o.addFlags(f)
	f.StringVarP(&o.output, "output", "o", defaultPlanFile, "write the workbook to `FILE`")
	f.StringVar(&o.html, "html", "", "write the progress dashboard, one self-contained HTML page, to `FILE` (with -o, the workbook too)")
	f.StringVar(&o.start, "start", "", "start month 1 of the plan on `YYYY-MM-DD` (default the first day of the month after --as-of)")
	f.StringVar(&o.trendFrom, "trend-from", "", "add the trend (as aims trend computes it) from the month of `YYYY-MM-DD` to --as-of; the html page draws it")
	mustRegister(cmd, "config", completeYAMLFiles)
	return cmd
}

// runPlan is `aims plan`: it checks the flags, lints the directory and writes
// the workbook.
func runPlan(ctx context.Context, stdout, stderr io.Writer, o planOptions, args []string) error {
	asOf, err := parseAsOf(o.asOf, o.asOfSet)
	if err != nil {
		return err
	}
	var start time.Time
	if o.startSet {
		if start, err = parseDate("--start", o.start); err != nil {
			return err
		}
	}
	var trendFrom time.Time
	if o.trendFromSet {
		if trendFrom, err = parseTrendFrom(o.trendFrom, asOf); err != nil {
			return err
		}
	}
	dir, err := repositoryDir(stderr, "plan", "plans", args)
	if err != nil {
		return err
	}
	var targets []*reportTarget
	var writers []planWriter
	if o.html == "" || o.outputSet {
		if err := checkPlanOutput(o.output); err != nil {
			return err
		}
		targets = append(targets, &reportTarget{flag: "--output " + o.output, path: o.output, example: defaultPlanFile})
		writers = append(writers, planWriter{"the workbook", xlsxFormat})
	}
	if o.html != "" {
		if err := checkOutputFile("--html "+o.html, o.html, defaultPageFile); err != nil {
			return err
		}
		targets = append(targets, &reportTarget{flag: "--html " + o.html, path: o.html, example: defaultPageFile})
		writers = append(writers, planWriter{"the page", htmlFormat})
	}

	cfg, err := o.load(dir, asOf, false, "")
	if err != nil {
		return err
	}
	if err := checkReportTargets(ctx, cfg, o.config, targets); err != nil {
		return err
	}
	res, err := runWithCoverage(ctx, cfg)
	if err != nil {
		return err
	}
	var points []plan.TrendPoint
	if o.trendFromSet {
		if points, err = computeTrend(ctx, cfg, trendFrom, asOf); err != nil {
			return err
		}
	}
	var paths []string
	for i, t := range targets {
		write, ok := report.Get(writers[i].format)
		if !ok {
			return plainError{fmt.Errorf("this build of aims has no %s format", writers[i].format)}
		}
		if err := writeReport(ctx, t.real, writers[i].what, write, res, report.Options{PlanStart: start, Trend: points}); err != nil {
			return err
		}
		paths = append(paths, t.path)
	}
	writePlanSummary(stdout, strings.Join(paths, " and "), res, start)
	return nil
}

// defaultPageFile is the page's file name suggested in errors.
const defaultPageFile = "aims-dashboard.html"

// A planWriter is one file aims plan writes: what it is, in words, and its
// report format.
type planWriter struct {
	what, format string
}

// repositoryDir turns the arguments of a command that works on a whole
// repository (plan, controls) into its directory: the AIMS root of the
// directory given, or of the current one without arguments (see findRoot);
// a line on stderr names the root when it is not the directory itself. verb
// says what the command does with it ("plans").
func repositoryDir(stderr io.Writer, command, verb string, args []string) (string, error) {
	switch len(args) {
	case 0:
		args = []string{"."}
	case 1:
	default:
		return "", fmt.Errorf("give one directory, not %d arguments: aims %s %s a whole repository", len(args), command, verb)
	}
	dir := args[0]
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("%s: no such file or directory: give the directory that holds the AIMS, or nothing for the current one", dir)
	case err != nil:
		return "", plainError{fmt.Errorf("read %s: %w: check the path and its permissions", dir, err)}
	case !st.IsDir():
		return "", fmt.Errorf("%s is not a directory: aims %s %s a whole repository; give its directory, or nothing for the current one (aims lint %s shows that file's findings)", dir, command, verb, dir)
	}
	scope, err := lintTargets([]string{dir})
	if err != nil {
		return "", err
	}
	if scope.found != "" {
		fmt.Fprintf(stderr, "aims: the AIMS repository of %s is %s (%s): aims %s %s it whole\n", dir, scope.dir, scope.found, command, verb)
	}
	return scope.dir, nil
}

// checkPlanOutput checks -o before the lint, so that a mistyped path fails
// at once: it must not be empty or a directory, and its folder must exist.
func checkPlanOutput(path string) error {
	if path == "" {
		return fmt.Errorf("--output needs a FILE to write the workbook to, such as %s", defaultPlanFile)
	}
	return checkOutputFile("--output "+path, path, defaultPlanFile)
}

// checkOutputFile checks, before any work is done, that a report can be
// written at path: not a directory, in a folder that exists. example names a
// file to suggest. Errors say what to do.
func checkOutputFile(what, path, example string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s is a directory: give a file, such as %s", what, filepath.Join(path, example))
	}
	folder := filepath.Dir(path)
	st, err := os.Stat(folder)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return plainError{fmt.Errorf("%s: folder %s does not exist: create it, or give another path", what, folder)}
	case err != nil:
		return plainError{fmt.Errorf("%s: %w: check the path and its permissions", what, err)}
	case !st.IsDir():
		return plainError{fmt.Errorf("%s: %s is not a folder: give a path in a folder", what, folder)}
	}
	return nil
}

// writePlanSummary prints where the workbook went, with the headline figures
// of its dashboard, on one line; then, one "note:" line each, what the plan
// could not use (no artifacts, an unparsable Statement of Applicability). The
// plan is built again from the same result and start as report.XLSX built
// it, so the figures are the workbook's.
func writePlanSummary(w io.Writer, path string, res *lint.Result, start time.Time) {
	p := plan.Build(res, plan.Options{Start: start})
	d := p.Dashboard
	of := ""
	if res.Revision != "" {
		of = fmt.Sprintf(" of commit %.7s (%s)", res.Revision, res.RevisionTime.Format(time.DateOnly))
	}
	fmt.Fprintf(w, "wrote %s: %d of %d applicable clauses and controls implemented (%.0f%%); %s, %s, %s in %s%s as of %s; plan from %s to %s\n",
		report.Printable(path), d.Evidenced, d.Applicable, 100*d.ComplianceRate,
		plural(res.Count(lint.Error), "error", "errors"),
		plural(res.Count(lint.Warning), "warning", "warnings"),
		plural(res.Count(lint.Note), "note", "notes"),
		plural(len(res.Artifacts), "artifact", "artifacts"), of, res.AsOf.Format(time.DateOnly),
		p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly))
	// A file aims could not parse has no kind, so the plan may not know it
	// was, say, the Statement of Applicability: name each one it does not.
	var unread []string
	seen := map[string]bool{}
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.RuleID != parseRule || f.Suppressed != nil || f.Range.File == "" || seen[f.Range.File] ||
			slices.ContainsFunc(p.Missing, func(m string) bool { return strings.Contains(m, f.Range.File) }) {
			continue
		}
		seen[f.Range.File] = true
		loc := f.Range.String()
		if res.Root != "" && res.Root != "." {
			loc = filepath.ToSlash(filepath.Join(res.Root, loc))
		}
		unread = append(unread, fmt.Sprintf("%s could not be parsed, so the plan leaves it out: %s", loc, f.Message))
	}
	for i, u := range unread {
		if i == maxUnreadNotes && len(unread) > maxUnreadNotes+1 {
			fmt.Fprintf(w, "note: %d more files could not be parsed: the workbook's Findings sheet lists them (%s)\n", len(unread)-i, parseRule)
			break
		}
		fmt.Fprintf(w, "note: %s\n", report.Printable(u))
	}
	for _, m := range p.Missing {
		fmt.Fprintf(w, "note: %s\n", report.Printable(m))
	}
}

// parseRule is the rule that reports a file aims could not parse.
const parseRule = "AIMS1001"

// maxUnreadNotes is how many unparsable files the summary names one by one.
const maxUnreadNotes = 10

// plural returns "1 one", or n and many.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
