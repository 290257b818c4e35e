package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/plan"
	"github.com/aimsdev/aims/rules"
	"github.com/aimsdev/aims/trend"
	"github.com/spf13/cobra"
)

// trendOptions are the flags of `aims trend`.
type trendOptions struct {
	config string // --config
	from   string // --from: YYYY-MM-DD
	to     string // --to: YYYY-MM-DD, default today
	toSet  bool
	every  string // --every: month
	format string // --format: text or json
}

// newTrendCmd builds `aims trend`.
func newTrendCmd() *cobra.Command {
	var o trendOptions
	cmd := &cobra.Command{
		Use:   "trend [PATH]",
		Short: "Show the compliance rate, open errors and overdue reviews at every month end",
		Long: `Trend reads the git history of the AIMS in a directory (the current one by
default) and shows, at the end of every month from --from to --to (today by
default), and at --to itself when it is not a month end: the compliance
rate (the clauses and controls implemented, as 'aims plan' counts them), the
open errors and the documents whose review is overdue (AIMS5001, AIMS5002).

Each point lints the commit current at the end of that day on the current
branch (first parents, committer date), judged at that date, as
'aims lint --as-of DATE' does, with the configuration of the working tree.
The rules that read the git history (AIMS6001-6003, AIMS6005, AIMS6006,
AIMS7143) are left out: the errors counted are those of every other rule;
custom rules run as written. A month before the first commit, or before
the commit that added the folder, shows no commit and zeros.

--format text prints a table with a bar of the compliance rate; --format
json prints the points for other tools.

Exit codes: 0 when the trend was shown, 2 on a usage or configuration error
(a bad date, a folder outside git) or when aims cannot run, 130 when
interrupted.`,
		Example: `  # the last two years, month by month
  aims trend --from 2024-12-01

  # one year of another repository, as JSON
  aims trend ../governance --from 2025-01-01 --to 2025-12-31 --format json`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeDirs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.toSet = cmd.Flags().Changed("to")
			return runTrend(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.config, "config", "", "read the configuration from `PATH` instead of the repository's .aims.yaml")
	f.StringVar(&o.from, "from", "", "start at the end of the month of `YYYY-MM-DD` (required)")
	f.StringVar(&o.to, "to", "", "end at `YYYY-MM-DD` (default today, UTC)")
	f.StringVar(&o.every, "every", "month", "the period between points: `month`")
	f.StringVar(&o.format, "format", "text", "print the trend as `text` or json")
	mustRegister(cmd, "config", completeYAMLFiles)
	return cmd
}

// runTrend is `aims trend`.
func runTrend(ctx context.Context, stdout, stderr io.Writer, o trendOptions, args []string) error {
	if strings.TrimSpace(o.from) == "" {
		return errors.New("--from is required: give the first month of the trend, such as --from 2025-01-01")
	}
	from, err := parseDate("--from", o.from)
	if err != nil {
		return err
	}
	to, err := parseAsOf(o.to, o.toSet)
	if err != nil {
		return errors.New(strings.Replace(err.Error(), "--as-of", "--to", 1))
	}
	if to.Before(from) {
		return fmt.Errorf("--from %s is after --to %s: give a start on or before the end", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	if o.every != "month" {
		return fmt.Errorf("--every %q is not a period aims knows: use --every month", o.every)
	}
	if o.format != "text" && o.format != "json" {
		return fmt.Errorf("--format %q is not a trend format: use text or json", o.format)
	}
	dir, err := repositoryDir(stderr, "trend", "reads", args)
	if err != nil {
		return err
	}
	cfg, err := source{config: o.config}.load(dir, to, false, "")
	if err != nil {
		return err
	}
	points, err := trend.Compute(ctx, cfg, rules.All, trend.Options{From: from, To: to})
	if err != nil {
		return runFailure("compute the trend of "+dir, err)
	}
	if o.format == "json" {
		return writeTrendJSON(stdout, points)
	}
	writeTrendText(stdout, points)
	return nil
}

// trendNote says what the errors of a trend are: those of every rule but
// the ones trend.LeftOut names.
func trendNote() string {
	var out []string
	for _, r := range rules.All {
		if trend.LeftOut(r) {
			out = append(out, r.ID)
		}
	}
	return "errors of every rule but those that read the git history (" + strings.Join(out, ", ") + "); overdue: documents whose review is overdue (AIMS5001, AIMS5002)"
}

// writeTrendText prints the points as a table with a bar of the
// compliance rate.
func writeTrendText(w io.Writer, points []plan.TrendPoint) {
	fmt.Fprintf(w, "%-10s  %-7s  %-11s  %-26s  %6s  %7s\n", "date", "commit", "implemented", "compliance", "errors", "overdue")
	for _, p := range points {
		commit, impl := "-", "-"
		if p.Commit != "" {
			commit = p.Commit[:min(7, len(p.Commit))]
			impl = fmt.Sprintf("%d/%d", p.Evidenced, p.Applicable)
		}
		fmt.Fprintf(w, "%-10s  %-7s  %-11s  %s %4.0f%%  %6d  %7d\n", p.Date.Format(time.DateOnly), commit, impl, bar(p.ComplianceRate, 20), 100*p.ComplianceRate, p.Errors, p.OverdueReviews)
	}
	fmt.Fprintf(w, "note: %s\n", trendNote())
}

// bar draws rate (0 to 1) as width cells: █ for the share reached, ░ for
// the rest.
func bar(rate float64, width int) string {
	n := int(rate*float64(width) + 0.5)
	n = max(0, min(width, n))
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}

// trendJSON is one point of `aims trend --format json`.
type trendJSON struct {
	Date           string  `json:"date"`
	Commit         string  `json:"commit"`
	Evidenced      int     `json:"evidenced"`
	Applicable     int     `json:"applicable"`
	ComplianceRate float64 `json:"compliance_rate"`
	Errors         int     `json:"errors"`
	OverdueReviews int     `json:"overdue_reviews"`
}

// writeTrendJSON prints the points as a JSON object.
func writeTrendJSON(w io.Writer, points []plan.TrendPoint) error {
	out := struct {
		Every  string      `json:"every"`
		Note   string      `json:"note"`
		Points []trendJSON `json:"points"`
	}{Every: "month", Note: trendNote(), Points: make([]trendJSON, 0, len(points))}
	for _, p := range points {
		out.Points = append(out.Points, trendJSON{Date: p.Date.Format(time.DateOnly), Commit: p.Commit, Evidenced: p.Evidenced, Applicable: p.Applicable, ComplianceRate: p.ComplianceRate, Errors: p.Errors, OverdueReviews: p.OverdueReviews})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// parseTrendFrom parses --trend-from of aims lint and aims plan: a date on
// or before asOf, the end of the trend.
func parseTrendFrom(s string, asOf time.Time) (time.Time, error) {
	from, err := parseDate("--trend-from", s)
	if err != nil {
		return time.Time{}, err
	}
	if from.After(asOf) {
		return time.Time{}, fmt.Errorf("--trend-from %s is after --as-of %s, where the trend ends: give an earlier date", from.Format(time.DateOnly), asOf.Format(time.DateOnly))
	}
	return from, nil
}

// computeTrend computes the trend of the reports of a lint or plan run of
// cfg, from the month of from to asOf, with the same root, configuration
// and custom rules.
func computeTrend(ctx context.Context, cfg *lint.Config, from, asOf time.Time) ([]plan.TrendPoint, error) {
	points, err := trend.Compute(ctx, cfg, rules.All, trend.Options{From: from, To: asOf})
	if err != nil {
		return nil, runFailure("compute the trend of "+cfg.Dir, err)
	}
	return points, nil
}
