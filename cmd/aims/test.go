package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/report"
	"github.com/aimsdev/aims/policy"
	"github.com/aimsdev/aims/rules"
	"github.com/spf13/cobra"
)

// testOptions are the flags of `aims test`.
type testOptions struct {
	run     string // --run: a regular expression selecting rules by id
	verbose bool   // -v: list every example
	format  string // --format: text or json
}

// newTestCmd builds `aims test`.
func newTestCmd() *cobra.Command {
	var o testOptions
	cmd := &cobra.Command{
		Use:   "test [PATH]",
		Short: "Run the examples of the custom rules",
		Long: `Test runs the examples of every custom rule: the tests: of each rule in the
rule files that policies: in .aims.yaml names, and the files of the folder
convention beside a rule file (NAME.tests/RULE-ID/pass/*, .../fail/*, with
the documents of .../with/* in the repository of each). See
docs/policies.md.

Each example is judged by the engine aims lint uses, in a repository of its
own that holds the example's document and its with: documents, with the
kinds, custom kinds, mappings and review cycles of .aims.yaml, at the
example's as_of: date (default 2026-01-01). Only the rule under test runs.
A pass example passes when the rule reports nothing on its document; a fail
example when the rule reports at least one finding there, containing the
example's message: if it gives one. A finding "could not be judged" fails
either. A rule that calls last_change() is skipped: an example has no git
history.

aims test finds the AIMS root as aims lint does: the nearest folder upwards
with .aims.yaml, else the root of the git work tree, else PATH (by default
the current directory).

It prints one line per rule ("ok  ACME-001  3 examples"), one line per
example that failed, with where it is written and why, and a summary. -v
lists every example; --run REGEXP tests only the rules whose id it matches.

Exit codes: 0 when every example passes, 1 when one fails, 2 when
.aims.yaml names no rule files, a rule file has a mistake (it is shown at
its line and column), --run matches no rule, or aims cannot run.`,
		Example: `  aims test
  aims test -v --run '^ACME-HR-'
  aims test --format json governance/`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTest(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.run, "run", "", "test only the rules whose id matches the regular expression `REGEXP`")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "list every example, passed or not")
	f.StringVarP(&o.format, "format", "f", "text", "output `FORMAT`: text or json")
	mustRegister(cmd, "format", fixedValues(candidate{"text", "a line per rule"}, candidate{"json", "a JSON object"}))
	return cmd
}

// runTest is `aims test`.
func runTest(ctx context.Context, stdout, stderr io.Writer, o testOptions, args []string) error {
	if o.format != "text" && o.format != "json" {
		return fmt.Errorf("unknown format %q for --format: use text or json", o.format)
	}
	var sel *regexp.Regexp
	if o.run != "" {
		re, err := regexp.Compile(o.run)
		if err != nil {
			return fmt.Errorf("--run %q is not a regular expression: %v", o.run, err)
		}
		sel = re
	}
	scope, err := lintTargets(args)
	if err != nil {
		return err
	}
	if scope.files != nil {
		return fmt.Errorf("%s is a file: give the folder of the AIMS, or nothing for the current one", args[0])
	}
	if scope.found != "" {
		fmt.Fprintf(stderr, "aims: testing the custom rules of the AIMS repository at %s (%s)\n", scope.dir, scope.found)
	}
	cfg, err := lint.LoadConfig(scope.dir, "")
	if err != nil {
		return runFailure("load the configuration", err)
	}
	cfg.References = rules.DefaultCatalogue().LintReferences()
	if len(cfg.Policies) == 0 {
		where := "the AIMS at " + scope.dir + " has no " + lint.ConfigFile
		if cfg.ConfigPath != "" {
			where = cfg.ConfigPath + " names no rule files"
		}
		return plainError{fmt.Errorf("no custom rules to test: %s: list your rule files under policies:, such as\n\n  policies:\n    - policies/*.yaml\n\n(see docs/policies.md)", where)}
	}
	set, err := loadPolicies(cfg, nil)
	if err != nil {
		return runFailure("load the custom rules", err)
	}
	if sel != nil {
		set = set.Select(sel.MatchString)
		if len(set.Defs) == 0 {
			return plainError{fmt.Errorf("--run %q matches no custom rule id: run aims rules for the ids", o.run)}
		}
	}
	results, err := set.Test(ctx, cfg)
	if err != nil {
		return runFailure("run the rule tests", err)
	}
	var sum testSummary
	for _, r := range results {
		switch {
		case r.Skipped:
			sum.skipped++
		case r.OK:
			sum.passed++
		default:
			sum.failed++
		}
	}
	if o.format == "json" {
		err = writeTestJSON(stdout, set, results, sum)
	} else {
		err = writeTestText(stdout, set, results, sum, o.verbose)
	}
	if err != nil {
		return plainError{fmt.Errorf("write the test report: %w", err)}
	}
	if sum.failed > 0 {
		return exitCode(exitFindings)
	}
	return nil
}

// testSummary counts the examples by outcome.
type testSummary struct{ passed, failed, skipped int }

// byRule groups results by rule id, keeping their order.
func byRule(results []policy.TestResult) map[string][]policy.TestResult {
	out := map[string][]policy.TestResult{}
	for _, r := range results {
		out[r.Rule] = append(out[r.Rule], r)
	}
	return out
}

// writeTestText writes a line per rule, a line per failed example (every
// example when verbose) and the summary.
func writeTestText(w io.Writer, set *policy.Set, results []policy.TestResult, sum testSummary, verbose bool) error {
	var b strings.Builder
	groups := byRule(results)
	width := 0 // ids are padded to the longest, so the counts line up
	for _, d := range set.Defs {
		width = max(width, len(d.ID))
	}
	for _, d := range set.Defs {
		rs := groups[d.ID]
		var failed, skipped int
		for _, r := range rs {
			if r.Skipped {
				skipped++
			} else if !r.OK {
				failed++
			}
		}
		switch {
		case len(rs) == 0:
			fmt.Fprintf(&b, "?    %-*s  no examples (%s)\n", width, d.ID, d.File)
		case failed > 0:
			// The failures say it.
		case skipped == len(rs):
			fmt.Fprintf(&b, "skip %-*s  %s\n", width, d.ID, plural(len(rs), "example", "examples"))
		default:
			fmt.Fprintf(&b, "ok   %-*s  %s\n", width, d.ID, plural(len(rs), "example", "examples"))
		}
		for _, r := range rs {
			line := fmt.Sprintf("%s %s (%s)", r.Rule, report.Printable(r.Name), r.Where)
			switch {
			case !r.OK && !r.Skipped:
				fmt.Fprintf(&b, "FAIL %s: %s\n", line, report.Printable(r.Why))
			case r.Skipped && (verbose || skipped < len(rs)):
				fmt.Fprintf(&b, "     skip %s: %s\n", line, report.Printable(r.Why))
			case verbose && r.OK:
				expect := "pass"
				if r.Fail {
					expect = "fail"
				}
				fmt.Fprintf(&b, "     ok   %s, expect %s\n", line, expect)
			}
		}
	}
	total := sum.passed + sum.failed + sum.skipped
	fmt.Fprintf(&b, "\n%s of %s: %d passed, %d failed", plural(total, "example", "examples"), plural(len(set.Defs), "custom rule", "custom rules"), sum.passed, sum.failed)
	if sum.skipped > 0 {
		fmt.Fprintf(&b, ", %d skipped", sum.skipped)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonTestReport is the output of `aims test --format json`.
type jsonTestReport struct {
	Rules   []jsonTestRule `json:"rules"`
	Passed  int            `json:"passed"`
	Failed  int            `json:"failed"`
	Skipped int            `json:"skipped"`
}

// jsonTestRule is one rule and its examples.
type jsonTestRule struct {
	ID       string            `json:"id"`
	File     string            `json:"file"`
	OK       bool              `json:"ok"`
	Examples []jsonTestExample `json:"examples"`
}

// jsonTestExample is one example's outcome.
type jsonTestExample struct {
	Name     string   `json:"name"`
	Where    string   `json:"where"`
	Expect   string   `json:"expect"`
	OK       bool     `json:"ok"`
	Skipped  bool     `json:"skipped,omitempty"`
	Why      string   `json:"why,omitempty"`
	Findings []string `json:"findings"`
}

// writeTestJSON writes the results as one JSON object.
func writeTestJSON(w io.Writer, set *policy.Set, results []policy.TestResult, sum testSummary) error {
	out := jsonTestReport{Rules: []jsonTestRule{}, Passed: sum.passed, Failed: sum.failed, Skipped: sum.skipped}
	groups := byRule(results)
	width := 0 // ids are padded to the longest, so the counts line up
	for _, d := range set.Defs {
		width = max(width, len(d.ID))
	}
	for _, d := range set.Defs {
		jr := jsonTestRule{ID: d.ID, File: d.File, OK: true, Examples: []jsonTestExample{}}
		for _, r := range groups[d.ID] {
			expect := "pass"
			if r.Fail {
				expect = "fail"
			}
			findings := append([]string{}, r.Findings...)
			jr.Examples = append(jr.Examples, jsonTestExample{Name: r.Name, Where: r.Where, Expect: expect, OK: r.OK, Skipped: r.Skipped, Why: r.Why, Findings: findings})
			if !r.OK && !r.Skipped {
				jr.OK = false
			}
		}
		out.Rules = append(out.Rules, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
