package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/report"
	"github.com/aimsdev/aims/plan"
	"github.com/aimsdev/aims/rules"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// lintOptions are the flags of `aims lint`.
type lintOptions struct {
	source                // --config, --as-of, --rev
	format       string   // --format: report format on standard output
	outputs      []string // --output: FORMAT=PATH reports written to files
	planStart    string   // --plan-start: YYYY-MM-DD, month 1 of an xlsx report
	planStartSet bool     // whether --plan-start was given
	failOn       string   // --fail-on: error, warning or note
	failOnSet    bool     // whether --fail-on was given
	changed      bool     // --changed: only the findings of files changed against HEAD
	base         string   // --base: only the findings of files changed since the merge base with REF
	baseSet      bool     // whether --base was given
	noiseOptions          // --quiet, --verbose, --min-severity
	baseline     string   // --baseline: compare with this baseline file ('' for none)
	baselineSet  bool     // whether --baseline was given
	noBaseline   bool     // --no-baseline: ignore the configured baseline
	writeBase    string   // --write-baseline: record the findings in this file
	writeBaseSet bool     // whether --write-baseline was given
	since        string   // --since: YYYY-MM-DD, the date the digest compares with
	sinceSet     bool     // whether --since was given
	trendFrom    string   // --trend-from: YYYY-MM-DD, the start of the reports' trend
	trendFromSet bool     // whether --trend-from was given
}

// source holds the flags that say what a run lints and when, shared by
// `aims lint` and `aims plan`: --config, --as-of and --rev.
type source struct {
	config  string // --config: configuration file, instead of DIR/.aims.yaml
	asOf    string // --as-of: YYYY-MM-DD
	asOfSet bool   // whether --as-of was given
	rev     string // --rev: lint the tree of this commit
	revSet  bool   // whether --rev was given
}

// addFlags registers --config, --as-of and --rev on f.
func (s *source) addFlags(f *pflag.FlagSet) {
	f.StringVar(&s.config, "config", "", "read the configuration from `PATH` instead of the linted repository's .aims.yaml (it does not move the root)")
	f.StringVar(&s.asOf, "as-of", "", "judge dates as of `YYYY-MM-DD` (default today, UTC); in a git repository, without --rev, lint the last commit made by then")
	f.StringVar(&s.rev, "rev", "", "lint the tree of the commit `REV` (a hash, branch, tag, HEAD~1) instead of the working tree")
}

// flagsSet records which of the source flags were given on cmd's command line.
func (s *source) flagsSet(cmd *cobra.Command) {
	s.asOfSet = cmd.Flags().Changed("as-of")
	s.revSet = cmd.Flags().Changed("rev")
}

// An output is a report to write to a file.
type output struct {
	format string
	write  report.Func
	target *reportTarget
}

// newLintCmd builds `aims lint`.
func newLintCmd() *cobra.Command {
	var o lintOptions
	cmd := &cobra.Command{
		Use:   "lint [PATH | FILE...]",
		Short: "Check the AIMS documentation in a directory or in some files",
		Long: `Lint checks the AI management system documentation in a directory (the
current one by default): every Markdown file with YAML frontmatter and every
YAML file that declares a kind is parsed, validated against its kind's schema
and checked by the rules (run 'aims rules' for the list).

aims lints from the AIMS root of its argument: the nearest folder upwards
with .aims.yaml (looking no higher than the root of the git work tree), else
the root of the git work tree, else the directory given (by default the
current directory). It reads the root's .aims.yaml, and every path in it
(custom kinds' schemas, the baseline, globs, layout) is relative to the
root. A subfolder of the root shows only the findings in the files below it,
plus the findings about the repository as a whole. File arguments, as a
pre-commit hook passes them, do the same for those files; without a root (no
.aims.yaml or git work tree above them) they belong to the current
directory. A file outside the root is left out with a note, and files of two
roots are an error: lint each. When the root is not the argument itself, a
line on standard error names it. --config replaces the root's .aims.yaml; it
does not move the root. A directory and files cannot be mixed.

A baseline lets a repository adopt aims with the findings it has:
--write-baseline FILE records today's findings (commit the file); --baseline
FILE, or baseline: in .aims.yaml (relative to the root), then reports and
fails only on the findings not in it, counts the others in one line, and
says how many of its findings are gone (fixed): run --write-baseline again
to record that. Findings are matched by rule, message, the text of the
flagged line and their file (or artifact id), not by line number.
--no-baseline (or --baseline '') ignores the configured one. See
docs/baseline.md.

With --changed, aims shows only the findings in the files changed against HEAD
(staged and unstaged changes, and new files that git does not ignore). It
reads the changed files, the documents they reference or that reference them,
and the governance documents; the rules about the repository as a whole (the
coverage) run only when the change can alter them (an artifact added or
deleted, or one's kind, status, id or controls changed), and a note says when
they did not. --base REF does the same for a pull request: the files changed
since the merge base of REF and HEAD, plus the uncommitted changes. Both need
a git repository, and neither goes with file arguments. A shallow clone may
lack REF or the merge base: fetch them, or in GitHub Actions check out with
fetch-depth: 0.

With --rev REV, aims lints the tree of a commit instead of the working tree,
without checking it out (it works in a bare repository too): REV is a commit
hash, a branch, a tag or HEAD~2. The commit's own .aims.yaml is read, unless
--config is given; .gitignore does not apply to committed files. --as-of DATE
judges every date at DATE (default today); in a git repository, without
--rev, it also lints the last commit made on or before that date on the
current branch (by committer date, in UTC, following first parents from
HEAD), so that the AIMS is seen as it stood then. Uncommitted changes are not
part of it. In a plain folder, and with --changed or --base, --as-of only
sets the date. A date before the first commit is an error.

Checks that need the git history are reported as skipped, not passed, in a
plain folder and in a shallow clone (check out with fetch-depth: 0).

Findings are printed as

  path:line:col: severity: message [RULE] (clauses and controls)

in the order to work through them (in every format): errors, then warnings,
then notes; within each, the problems of reading, parsing and configuration
(AIMS1xxx), then the findings in files, then the missing documentation in the
order an AIMS is built (clauses 4 to 10, then Annex A). The clauses and
controls evidenced only by drafts are one line per group unless --verbose;
--quiet prints the findings alone. --min-severity LEVEL (or min_severity in
.aims.yaml) leaves out the findings below LEVEL: they are neither shown nor
fail the run, and a note says how many. With file arguments the summary is at
most ten lines. With --changed or --base, when the rules about the repository
as a whole run, the repository-wide warnings and notes that HEAD (or the merge
base) has too are left out, with a note: the change did not cause them. A
repository where no file declares a kind gets one error (AIMS1014) that says
what to do, instead of one per missing requirement.

The findings are followed by a summary; when a commit was linted, a first line says which:
"linted commit 3f2a9c1 (2026-06-28) as of 2026-06-30". --output writes further reports to files in the same
run, so CI never lints twice; each file is written whole or not at all.
A report never replaces a file of the repository: a target tracked by git,
inside .git, read by aims (a document, .aims.yaml or --config, a custom
kind's schema), read-only or not a regular file is refused before the lint,
as are two --output flags naming one file. A new file, or a report aims
wrote before, is fine; keep a Markdown report outside the repository or in
a folder .gitignore names, since aims reads Markdown files in it.
--output xlsx=PATH writes the implementation plan workbook that 'aims plan'
writes; its month 1 starts on --plan-start, by default on the first day of
the month after --as-of (today by default). The workbook is binary, so it is
never the --format on standard output.

--format digest (or --output digest=PATH) writes a short Markdown digest for
a newsletter or a chat post: the compliance rate now and at --since DATE, the
documents approved since, the findings closed and opened (matched as a
baseline matches them), and the reviews due in the month after --as-of. The
earlier state is the last commit made by the end of DATE, judged at DATE;
without --since it is 30 days before --as-of. It needs a git repository, and
does not go with --changed or --base; --since without the digest is an error.

Exit codes: 0 when no finding is at or above the failure level (--fail-on,
else fail_on in .aims.yaml, else error), 1 when one is (leaving out the
findings in the baseline), 2 on a usage or configuration error or when aims
cannot run, 130 when interrupted (Ctrl-C or SIGTERM). The format never
changes the exit code.`,
		Example: `  # lint the AIMS in the current directory
  aims lint

  # the AIMS as it stood at the end of June: the last commit by then,
  # judged at that date
  aims lint --as-of 2026-06-30

  # the commit before the last one, judged today; a tag, judged at a date
  aims lint --rev HEAD~1
  aims lint --rev v1.0 --as-of 2026-06-30 ../governance

  # the errors only, without the summary
  aims lint --quiet --min-severity error

  # lint only the files a commit touches (what the pre-commit hook does)
  aims lint policy/ai-policy.md systems/credit.yaml

  # only the findings in the files you are about to commit
  aims lint --changed

  # adopt aims on a repository with findings: record them, then fail on new ones only
  aims lint --write-baseline .aims-baseline.json
  aims lint --baseline .aims-baseline.json

  # only the findings in the files a pull request into main changes
  aims lint --base origin/main

  # print text, and also write JSON for another tool, failing on warnings too
  aims lint --output json=aims.json --fail-on warning

  # what changed since the start of June, for the newsletter
  aims lint --format digest --since 2026-06-01

  # one CI run: annotations, SARIF, and the implementation plan workbook
  aims lint --format github --output sarif=aims.sarif --output xlsx=aims-plan.xlsx`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.flagsSet(cmd)
			o.planStartSet = cmd.Flags().Changed("plan-start")
			o.failOnSet = cmd.Flags().Changed("fail-on")
			o.baseSet = cmd.Flags().Changed("base")
			o.noiseFlagsSet(cmd)
			o.baselineSet = cmd.Flags().Changed("baseline")
			o.writeBaseSet = cmd.Flags().Changed("write-baseline")
			o.sinceSet = cmd.Flags().Changed("since")
			o.trendFromSet = cmd.Flags().Changed("trend-from")
			return runLint(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), o, args)
		},
	}
	f := cmd.Flags()
	o.addFlags(f)
	f.StringVarP(&o.format, "format", "f", "text", "report `FORMAT` on standard output: "+strings.Join(stdoutFormats(), ", "))
	f.StringArrayVar(&o.outputs, "output", nil, "also write a report to a file, as `FORMAT=PATH`; repeatable")
	f.StringVar(&o.planStart, "plan-start", "", "start month 1 of an --output xlsx= workbook on `YYYY-MM-DD` (default the first day of the month after --as-of)")
	f.StringVar(&o.failOn, "fail-on", "", "lowest `SEVERITY` that fails the run: error, warning or note (default fail_on in .aims.yaml, else error)")
	f.BoolVar(&o.changed, "changed", false, "show only findings in files changed against HEAD (staged, unstaged or new), and repository-wide ones")
	f.StringVar(&o.base, "base", "", "show only findings in files changed since the merge base of `REF` and HEAD or not committed, and repository-wide ones")
	o.addNoiseFlags(f)
	f.StringVar(&o.baseline, "baseline", "", "report and fail only on findings not in the baseline `FILE` (default baseline in .aims.yaml; '' for none)")
	f.BoolVar(&o.noBaseline, "no-baseline", false, "ignore the baseline configured in .aims.yaml")
	f.StringVar(&o.writeBase, "write-baseline", "", "record today's findings in the baseline `FILE` (to commit), then compare with it")
	f.StringVar(&o.since, "since", "", "compare the digest report with the commit current at the end of `YYYY-MM-DD`, judged then (default 30 days before --as-of)")
	f.StringVar(&o.trendFrom, "trend-from", "", "give the --output reports the trend (as aims trend computes it) from the month of `YYYY-MM-DD` to --as-of; the html page draws it")
	registerLintCompletions(cmd)
	return cmd
}

// runLint is `aims lint`: it checks the flags, loads the configuration, runs
// the rules and writes the reports.
func runLint(ctx context.Context, stdout, stderr io.Writer, o lintOptions, args []string) error {
	write, err := stdoutFormat(o.format)
	if err != nil {
		return err
	}
	outputs, err := parseOutputs(o.outputs)
	if err != nil {
		return err
	}
	asOf, err := parseAsOf(o.asOf, o.asOfSet)
	if err != nil {
		return err
	}
	var planStart time.Time
	if o.planStartSet {
		if planStart, err = parseDate("--plan-start", o.planStart); err != nil {
			return err
		}
		if !slices.ContainsFunc(outputs, func(out output) bool { return out.format == xlsxFormat || out.format == htmlFormat }) {
			return fmt.Errorf("--plan-start sets month 1 of the implementation plan workbook: add --output %s=PATH (or %s=PATH for the page), or run aims plan --start %s", xlsxFormat, htmlFormat, o.planStart)
		}
	}
	var trendFrom time.Time
	if o.trendFromSet {
		if trendFrom, err = parseTrendFrom(o.trendFrom, asOf); err != nil {
			return err
		}
		if len(outputs) == 0 {
			return fmt.Errorf("--trend-from gives the trend to the reports written with --output: add --output html=PATH, or run aims trend --from %s", o.trendFrom)
		}
	}
	var failOn lint.Severity
	if o.failOnSet {
		if failOn, err = lint.ParseSeverity(o.failOn); err != nil {
			return fmt.Errorf("--fail-on: %v", err)
		}
	}
	minSeverity, err := o.severity()
	if err != nil {
		return err
	}
	digest := o.format == digestFormat || slices.ContainsFunc(outputs, func(out output) bool { return out.format == digestFormat })
	since, err := o.sinceDate(digest, asOf)
	if err != nil {
		return err
	}
	scope, err := lintTargets(args)
	if err != nil {
		return err
	}
	dir, files := scope.dir, scope.files
	if o.baseSet && strings.TrimSpace(o.base) == "" {
		return errors.New("--base needs a REF to compare with, such as origin/main")
	}
	if err := o.checkBaselineFlags(scope); err != nil {
		return err
	}
	if (o.changed || o.baseSet) && len(files) > 0 {
		flag := "--changed"
		if o.baseSet {
			flag = "--base"
		}
		return fmt.Errorf("%s and file arguments cannot be combined: %s picks the files itself; give a directory, or nothing for the current one", flag, flag)
	}

	if digest && (o.changed || o.baseSet) {
		return errors.New("the digest compares the whole AIMS at two dates, so it cannot be combined with --changed or --base: lint without them")
	}

	if scope.under != "" && (o.revSet || o.asOfSet) {
		// The subfolder must be in the commit linted, as a folder given
		// as the root must.
		sub := &lint.Config{Dir: filepath.Join(dir, filepath.FromSlash(scope.under)), Rev: strings.TrimSpace(o.rev), AsOf: asOf, AsOfCommit: o.asOfSet, Changed: o.changed, Base: strings.TrimSpace(o.base)}
		if _, err := lint.ResolveRevision(sub); err != nil {
			return runFailure("find the commit to lint", err)
		}
	}
	cfg, err := o.load(dir, asOf, o.changed, strings.TrimSpace(o.base))
	if err != nil {
		return err
	}
	cfg.Files = files
	cfg.Under = scope.under
	if line := scope.rootLine(); line != "" {
		fmt.Fprintln(stderr, line)
	}
	targets := make([]*reportTarget, len(outputs))
	for i, out := range outputs {
		targets[i] = out.target
	}
	if err := checkReportTargets(ctx, cfg, o.config, targets); err != nil {
		return err
	}
	bl, err := o.prepareBaseline(cfg, targets)
	if err != nil {
		return err
	}
	if failOn != 0 {
		cfg.FailOn = failOn
	}
	if minSeverity != 0 {
		cfg.MinSeverity = minSeverity
	}
	run := runRules
	if o.format == htmlFormat || slices.ContainsFunc(outputs, func(out output) bool { return out.format == xlsxFormat || out.format == htmlFormat }) {
		run = runWithCoverage // the workbook and the page need coverage, as aims plan does
	}
	var dg *report.Digest
	if digest {
		run = runWithCoverage // the compliance rate needs coverage
		if dg, err = o.digestSince(ctx, dir, since, cfg, run); err != nil {
			return err
		}
	}
	res, err := run(ctx, cfg)
	if err != nil {
		return err
	}
	res.Notifications = append(res.Notifications, scope.notes...)
	if err := bl.apply(ctx, stderr, res, cfg, scope); err != nil {
		return err
	}

	var points []plan.TrendPoint
	if o.trendFromSet {
		if points, err = computeTrend(ctx, cfg, trendFrom, asOf); err != nil {
			return err
		}
	}

	color := o.format == "text" && colorable(stdout)
	stdoutOpts := o.stdoutOptions(color, files)
	stdoutOpts.Digest = dg
	if err := write(stdout, res, stdoutOpts); err != nil {
		return plainError{fmt.Errorf("write the %s report: %w", o.format, err)}
	}
	for _, out := range outputs {
		opts := report.Options{PlanStart: planStart, Verbose: o.verbose, Digest: dg, Trend: points}
		if err := writeReport(ctx, out.target.real, "the "+out.format+" report", out.write, res, opts); err != nil {
			return err
		}
	}
	if res.Failed() {
		return exitCode(exitFindings)
	}
	return nil
}

// digestFormat is the digest's format name: it needs the lint of an earlier
// commit (--since).
const digestFormat = "digest"

// sinceDate returns the date the digest compares with: --since, or 30 days
// before asOf. --since without the digest format is an error, as is a date
// after asOf.
func (o lintOptions) sinceDate(digest bool, asOf time.Time) (time.Time, error) {
	if !o.sinceSet {
		return asOf.AddDate(0, 0, -30), nil
	}
	if !digest {
		return time.Time{}, fmt.Errorf("--since sets the date the digest compares with: add --format %s or --output %s=PATH", digestFormat, digestFormat)
	}
	since, err := parseDate("--since", o.since)
	if err != nil {
		return time.Time{}, err
	}
	if since.After(asOf) {
		return time.Time{}, fmt.Errorf("--since %s is after the as-of date %s: give an earlier date", o.since, asOf.Format(time.DateOnly))
	}
	return since, nil
}

// digestSince lints the commit current at the end of since, judged at since,
// with that commit's configuration (or --config) and cur's files, folder and
// severities, and returns what the digest compares cur's result with.
func (o lintOptions) digestSince(ctx context.Context, dir string, since time.Time, cur *lint.Config, run func(context.Context, *lint.Config) (*lint.Result, error)) (*report.Digest, error) {
	src := o.source
	src.asOf, src.asOfSet, src.rev, src.revSet = since.Format(time.DateOnly), true, "", false
	cfg, err := src.load(dir, since, false, "")
	if err != nil {
		return nil, err
	}
	if cfg.Rev == "" {
		return nil, fmt.Errorf("the digest compares with the commit current at --since %s, and %s is not in a git repository: lint a git work tree", since.Format(time.DateOnly), dir)
	}
	cfg.Files, cfg.Under = cur.Files, cur.Under
	cfg.FailOn, cfg.MinSeverity = cur.FailOn, cur.MinSeverity
	res, err := run(ctx, cfg)
	if err != nil {
		return nil, err
	}
	cycles := cur.ReviewCycles
	return &report.Digest{
		Since:        res,
		ReviewCycles: cycles,
		ReviewDue:    func(d *artifact.Document) (time.Time, bool) { return rules.ReviewDue(d, cycles) },
	}, nil
}

// load resolves the commit to lint, if any, and loads the configuration:
// from that commit's tree unless --config names a file, else from dir or
// --config. The configuration it returns lints dir as of asOf, at the commit
// resolved here (once, so that the run lints the commit the configuration
// came from), with the catalogue's references and aims's version. changed
// and base are lint's --changed and --base: they lint the working tree, so
// --as-of then picks no commit.
func (s source) load(dir string, asOf time.Time, changed bool, base string) (*lint.Config, error) {
	rev := strings.TrimSpace(s.rev)
	if s.revSet && rev == "" {
		return nil, errors.New("--rev needs a REV to lint: a commit hash, a branch, a tag or HEAD~1")
	}
	// The commit to lint, if any, comes first: its tree holds the
	// configuration.
	commit, err := lint.ResolveRevision(&lint.Config{Dir: dir, Rev: rev, AsOf: asOf, AsOfCommit: s.asOfSet, Changed: changed, Base: base})
	if err != nil {
		return nil, runFailure("find the commit to lint", err)
	}
	var cfg *lint.Config
	if commit != nil && s.config == "" {
		cfg, err = lint.LoadConfigRevision(dir, commit)
	} else {
		cfg, err = lint.LoadConfig(dir, s.config)
	}
	if err != nil {
		return nil, runFailure("load the configuration", err)
	}
	cfg.Changed = changed
	cfg.Base = base
	cfg.AsOf = asOf
	if commit != nil {
		cfg.Rev = commit.Hash
	}
	cfg.References = rules.DefaultCatalogue().LintReferences()
	cfg.Version = mainVersion()
	if _, err := loadPolicies(cfg, commit); err != nil {
		return nil, runFailure("load the custom rules", err)
	}
	return cfg, nil
}

// runRules lints with every rule the configuration selects.
func runRules(ctx context.Context, cfg *lint.Config) (*lint.Result, error) {
	res, err := lint.Run(ctx, cfg, rules.All)
	if err != nil {
		return nil, runFailure("lint "+cfg.Dir, err)
	}
	return res, nil
}

// runWithCoverage runs the rules as runRules does, and also the coverage rule
// (AIMS4001, which records the coverage of every clause and control) when
// .aims.yaml switched it off: the reports built on coverage (aims controls,
// the plan) need it. Its findings are then left out, since aims lint would
// not report them.
func runWithCoverage(ctx context.Context, cfg *lint.Config) (*lint.Result, error) {
	forced := !selects(cfg.Rules, coverageRule)
	if forced {
		// Last, after any "-AIMS4001", so that it runs.
		cfg.Rules = append(slices.Clone(cfg.Rules), coverageRule)
	}
	res, err := runRules(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if forced {
		res.Findings = slices.DeleteFunc(res.Findings, func(f lint.Finding) bool { return f.RuleID == coverageRule })
	}
	if len(res.Coverage) == 0 {
		return nil, plainError{fmt.Errorf("rule %s recorded no coverage of %s: this is a bug in aims, please report it", coverageRule, cfg.Dir)}
	}
	return res, nil
}

// writeReport writes one report of res to the file at path, whole or not at
// all; what names the report in the error ("the json report"). The report
// is rendered in memory first, so that the file is created only to write
// bytes that are ready.
func writeReport(ctx context.Context, path, what string, write report.Func, res *lint.Result, opts report.Options) error {
	data, err := render(func(w *bufio.Writer) error { return write(w, res, opts) })
	if err == nil {
		err = writeFileAtomic(ctx, path, data)
	}
	if err != nil {
		return plainError{fmt.Errorf("write %s: %w", what, err)}
	}
	return nil
}

// xlsxFormat is the implementation plan workbook's format name. It is binary,
// so it is written to files only (--output xlsx=PATH, aims plan), never to
// standard output.
const xlsxFormat = "xlsx"

// htmlFormat is the progress dashboard's format name: one self-contained
// HTML page built from the implementation plan, like the workbook; it is
// text, so --format html writes it to standard output too.
const htmlFormat = "html"

// stdoutFormats are the format names --format accepts: every format but the
// workbook.
func stdoutFormats() []string {
	return slices.DeleteFunc(report.Names(), func(name string) bool { return name == xlsxFormat })
}

// stdoutFormat returns the formatter --format names.
func stdoutFormat(name string) (report.Func, error) {
	if name == xlsxFormat {
		return nil, fmt.Errorf("--format %s: the workbook is binary and is written to a file: use --output %s=PATH, or aims plan", name, name)
	}
	write, ok := report.Get(name)
	if !ok {
		return nil, fmt.Errorf("unknown format %q for --format: use one of %s", name, strings.Join(stdoutFormats(), ", "))
	}
	return write, nil
}

// runFailure classifies an error from the engine: configuration problems
// pass through as they are (they already name the file, line and column);
// anything else means aims could not run.
func runFailure(what string, err error) error {
	var cfgErr *lint.ConfigError
	if errors.As(err, &cfgErr) {
		return err
	}
	return plainError{fmt.Errorf("%s: %w", what, err)}
}

// parseOutputs parses the --output values, FORMAT=PATH each.
func parseOutputs(specs []string) ([]output, error) {
	var outs []output
	seen := map[string]bool{}
	for _, s := range specs {
		name, path, ok := strings.Cut(s, "=")
		if !ok || name == "" || path == "" {
			return nil, fmt.Errorf("--output %q: write FORMAT=PATH, such as json=aims.json (formats: %s)", s, strings.Join(report.Names(), ", "))
		}
		write, ok := report.Get(name)
		if !ok {
			return nil, fmt.Errorf("--output %q: unknown format %q: use one of %s", s, name, strings.Join(report.Names(), ", "))
		}
		clean := filepath.Clean(path)
		if seen[clean] {
			return nil, fmt.Errorf("--output %q: %s is already written by another --output: give each report its own file", s, path)
		}
		seen[clean] = true
		if err := checkOutputFile(fmt.Sprintf("--output %q", s), path, "aims."+name); err != nil {
			return nil, err
		}
		flag := fmt.Sprintf("--output %q", s)
		outs = append(outs, output{format: name, write: write, target: &reportTarget{flag: flag, path: path, example: "aims." + name}})
	}
	return outs, nil
}

// parseAsOf parses --as-of; without it, the date is today in UTC.
func parseAsOf(s string, set bool) (time.Time, error) {
	if !set {
		now := time.Now().UTC()
		return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	return parseDate("--as-of", s)
}

// parseDate parses the YYYY-MM-DD value of a date flag.
func parseDate(flag, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not a valid date: write YYYY-MM-DD, such as 2026-06-30", flag, s)
	}
	return t, nil
}

// colorable reports whether w is a terminal that should get colour: a
// character device, with NO_COLOR empty or unset (https://no-color.org) and
// TERM not "dumb".
func colorable(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	return os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}
