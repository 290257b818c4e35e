// Package trend computes the state of an AIMS over time from its git
// history: for each month end, the commit current at the end of that day on
// the first-parent chain, linted as of that date, summed up as a
// plan.TrendPoint (compliance rate, open errors, overdue reviews). `aims
// trend` prints the points; `aims lint --trend-from` and `aims plan
// --trend-from` draw them in the HTML page.
//
// Each point is a lint of its commit with every rule the configuration
// selects but the built-in rules that read the git history (LeftOut), which
// would each read the history again at every point: Errors are the errors
// of every other rule. The commits of all the points are found in one walk
// of the first-parent chain (lint.CommitsAt). Points whose commit is the
// commit of the point before are linted again, since the date alone changes
// what is overdue. The points share a lint.DocumentCache: a file unchanged
// since the point before is neither read nor parsed nor validated again,
// its YAML tree stays at hand to locate findings, and the rules that do not
// depend on the date (lint.Rule.Timeless) judge only the documents that
// changed, their findings about the others carried over.
package trend

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/plan"
)

// CoverageRule is the rule that records the coverage the compliance rate is
// computed from; it runs even when the configuration switches it off, and
// its findings are then not counted.
const CoverageRule = "AIMS4001"

// OverdueRules are the rules whose findings say that a document's review is
// overdue: its next review date has passed (AIMS5001) or its last review is
// older than its review cycle (AIMS5002). OverdueReviews counts the distinct
// files they flag.
var OverdueRules = []string{"AIMS5001", "AIMS5002"}

// Options say which points a trend has.
type Options struct {
	// From is the first day of the trend: the first point is the end of
	// its month.
	From time.Time
	// To is the last day: a point for every month end up to it, and one
	// for To itself when it is not a month end. Zero means today (UTC).
	To time.Time
}

// Dates returns the dates of a trend from from to to: every month end on or
// after from and on or before to, and to itself when it is not one. Only
// the dates count (UTC). It is empty when to is before from.
func Dates(from, to time.Time) []time.Time {
	from, to = day(from), day(to)
	var out []time.Time
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); ; m = m.AddDate(0, 1, 0) {
		end := m.AddDate(0, 1, -1)
		if end.After(to) {
			break
		}
		out = append(out, end)
	}
	if !to.Before(from) && (len(out) == 0 || !out[len(out)-1].Equal(to)) {
		out = append(out, to)
	}
	return out
}

// day returns t's date as UTC midnight.
func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// ErrNoHistory is returned when the configuration's folder is not in a git
// repository: a trend reads the commits.
var ErrNoHistory = errors.New("not in a git repository: aims trend reads the commits of the repository's history; run it in a git work tree")

// Compute returns the trend of the repository cfg describes (cfg.Dir, or
// cfg.FS is refused), linted with rules: one point per date of Dates(From,
// To). cfg is not changed; its AsOf, AsOfCommit and Rev are set per point.
// A date before the first commit gives a point with no commit and zero
// figures. Errors name what to do; a cancelled ctx stops between points and
// inside each lint.
func Compute(ctx context.Context, cfg *lint.Config, rules []*lint.Rule, o Options) ([]plan.TrendPoint, error) {
	if cfg.FS != nil {
		return nil, ErrNoHistory
	}
	to := o.To
	if to.IsZero() {
		to = time.Now().UTC()
	}
	dates := Dates(o.From, to)
	if len(dates) == 0 {
		return nil, fmt.Errorf("--from %s is after --to %s: give a start on or before the end", day(o.From).Format(time.DateOnly), day(to).Format(time.DateOnly))
	}
	commits, ok, err := lint.CommitsAt(cfg, dates)
	if err != nil {
		return nil, fmt.Errorf("find the commits of the trend: %w", err)
	}
	if !ok {
		return nil, ErrNoHistory
	}
	base := *cfg
	if base.DocumentCache == nil {
		base.DocumentCache = lint.NewDocumentCache()
	}
	run := slices.DeleteFunc(slices.Clone(rules), LeftOut)
	// Each point is summed up while the next one is linted.
	points := make([]plan.TrendPoint, len(dates))
	var wg sync.WaitGroup
	defer wg.Wait()
	for i, d := range dates {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		points[i].Date = d
		if commits[i] == "" {
			continue
		}
		res, err := lint1(ctx, &base, run, d, commits[i])
		if err != nil {
			return nil, err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			points[i] = Summarize(res, d)
		}()
	}
	wg.Wait()
	return points, nil
}

// lint1 lints commit, the commit current at the end of date, judged at
// date, for a point.
func lint1(ctx context.Context, base *lint.Config, rules []*lint.Rule, date time.Time, commit string) (*lint.Result, error) {
	c := *base
	c.AsOf, c.AsOfCommit, c.Rev, c.Changed, c.Base = date, false, commit, false, ""
	c.SkipFingerprints = true // the findings are counted, never reported
	forced := !selects(c.Rules, CoverageRule)
	if forced {
		c.Rules = append(slices.Clone(c.Rules), CoverageRule)
	}
	res, err := lint.Run(ctx, &c, rules)
	if err != nil {
		return nil, fmt.Errorf("lint the commit %.7s of %s: %w", commit, date.Format(time.DateOnly), err)
	}
	if forced {
		res.Findings = slices.DeleteFunc(res.Findings, func(f lint.Finding) bool { return f.RuleID == CoverageRule })
	}
	return res, nil
}

// LeftOut reports whether a trend leaves rule r out of its points: the
// built-in rules that read the git history (Rule.History: AIMS6001–6003,
// AIMS6005, AIMS6006, AIMS7143) would each read the history again at
// every point. A custom rule runs as written: one that calls last_change()
// reads the history of each point's commit.
func LeftOut(r *lint.Rule) bool { return r.History && r.Custom == nil }

// Summarize turns one lint result, judged at date, into a trend point: the
// compliance rate as plan.Build's dashboard counts it, the open
// (unsuppressed) errors, and the files with an overdue review.
func Summarize(res *lint.Result, date time.Time) plan.TrendPoint {
	d := plan.Build(res, plan.Options{}).Dashboard
	p := plan.TrendPoint{Date: date, Commit: res.Revision, Evidenced: d.Evidenced, Applicable: d.Applicable, ComplianceRate: d.ComplianceRate}
	overdue := map[string]bool{}
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Suppressed != nil {
			continue
		}
		if f.Severity == lint.Error {
			p.Errors++
		}
		if slices.Contains(OverdueRules, f.RuleID) && f.Range.File != "" {
			overdue[f.Range.File] = true
		}
	}
	p.OverdueReviews = len(overdue)
	return p
}

// selects reports whether the rule selection sel (Config.Rules) runs id:
// an empty selection runs every rule.
func selects(sel []string, id string) bool {
	if len(sel) == 0 {
		return true
	}
	on := false
	for _, s := range sel {
		switch {
		case s == "all", s == id:
			on = true
		case s == "-"+id:
			on = false
		}
	}
	return on
}
