package rules

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS7223 reports indicators of a monitoring report that missed their
// target with no action or nonconformity recorded for them.
var AIMS7223 = &lint.Rule{
	ID:       "AIMS7223",
	Name:     "MissedTargetNotFollowedUp",
	Title:    "indicator that missed its target has no action or nonconformity",
	Doc:      doc("AIMS7223"),
	Severity: lint.Error,
	Controls: []string{"9.1", "10.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkMissedTargets,
}

// AIMS7224 reports monitoring reports whose periods leave a gap, and
// monitoring whose latest reported period ended longer ago than the
// monitoring cycle.
var AIMS7224 = &lint.Rule{
	ID:       "AIMS7224",
	Name:     "MonitoringIrregular",
	Title:    "monitoring reports leave a gap or the latest is older than the monitoring cycle",
	Doc:      doc("AIMS7224"),
	Severity: lint.Error,
	Controls: []string{"9.1"},
	Check:    checkMonitoringRegular,
}

// AIMS7225 reports AI systems in operation that no recent monitoring report
// names.
var AIMS7225 = &lint.Rule{
	ID:       "AIMS7225",
	Name:     "SystemMonitoringNotReported",
	Title:    "no recent monitoring report names an AI system in operation",
	Doc:      doc("AIMS7225"),
	Severity: lint.Error,
	Controls: []string{"A.6.2.6", "9.1"},
	Scope:    lint.ScopeLinked,
	Check:    checkSystemsMonitored,
}

// AIMS7226 reports data quality checks that last ran longer ago than their
// dataset's review cycle.
var AIMS7226 = &lint.Rule{
	ID:       "AIMS7226",
	Name:     "DataQualityCheckStale",
	Title:    "data quality check last ran longer ago than the dataset's review cycle",
	Doc:      doc("AIMS7226"),
	Severity: lint.Error,
	Controls: []string{"A.7.4"},
	Scope:    lint.ScopeLinked,
	Check:    checkQualityChecksCurrent,
}

// defaultMonitoringCycle is the monitoring cycle when .aims.yaml sets none:
// quarterly reports, with a quarter to write each one.
const defaultMonitoringCycle = "6mo"

// A comparison is a KPI target read as a condition on the value.
type comparison struct {
	op     string  // ">=", ">", "<=", "<", "between" or "=" (a bare number)
	n, max float64 // the number; max is the upper bound of "between"
}

// met reports whether value meets the target, and whether that can be
// judged: a bare number is met when the value equals it, and missed only
// when it is 100 of a percentage (no value can exceed it); otherwise it does
// not say whether higher or lower is better.
func (c comparison) met(v float64, percent bool) (met, judged bool) {
	switch c.op {
	case ">=":
		return v >= c.n, true
	case ">":
		return v > c.n, true
	case "<=":
		return v <= c.n, true
	case "<":
		return v < c.n, true
	case "between":
		return v >= c.n && v <= c.max, true
	}
	if v == c.n {
		return true, true
	}
	if percent && c.n == 100 {
		return v > 100, true
	}
	return false, false
}

// The forms of a target aims reads. numPat is a number, with thousands
// separators or a decimal point.
const numPat = `(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)`

var targetForms = []struct {
	re *regexp.Regexp
	op string
}{
	{regexp.MustCompile(`^(?:>=|=>|≥)\s*` + numPat + `$`), ">="},
	{regexp.MustCompile(`^>\s*` + numPat + `$`), ">"},
	{regexp.MustCompile(`^(?:<=|=<|≤)\s*` + numPat + `$`), "<="},
	{regexp.MustCompile(`^<\s*` + numPat + `$`), "<"},
	{regexp.MustCompile(`^=?\s*` + numPat + `$`), "="},
	{regexp.MustCompile(`^(?:at least|minimum|min\.?|no less than|not less than|no fewer than|not below|no lower than)\s*:?\s*` + numPat + `$`), ">="},
	{regexp.MustCompile(`^(?:at most|maximum|max\.?|no more than|not more than|up to|not above|no higher than|no greater than|not exceeding)\s*:?\s*` + numPat + `$`), "<="},
	{regexp.MustCompile(`^(?:above|over|more than|greater than|higher than|exceeding)\s+` + numPat + `$`), ">"},
	{regexp.MustCompile(`^(?:below|under|less than|fewer than|lower than)\s+` + numPat + `$`), "<"},
	{regexp.MustCompile(`^` + numPat + `\s*(?:or|and)\s+(?:higher|more|above|greater|over)$`), ">="},
	{regexp.MustCompile(`^` + numPat + `\s*\+$`), ">="},
	{regexp.MustCompile(`^` + numPat + `\s*(?:or|and)\s+(?:lower|less|fewer|below|under)$`), "<="},
	{regexp.MustCompile(`^(?:between|from)\s+` + numPat + `\s+(?:and|to)\s+` + numPat + `$`), "between"},
	{regexp.MustCompile(`^` + numPat + `\s*(?:-|–|—|to)\s*` + numPat + `$`), "between"},
}

// parseNumber reads a number written with optional thousands separators.
func parseNumber(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
}

// kpiText returns a KPI value or target as lower-case text without its unit
// (when written after a number or alone) and without percent signs, and
// whether it was written as a percentage.
func kpiText(v any, unit string) (text string, percent bool) {
	switch n := v.(type) {
	case int:
		return strconv.Itoa(n), false
	case int64:
		return strconv.FormatInt(n, 10), false
	case uint64:
		return strconv.FormatUint(n, 10), false
	case float64:
		return strconv.FormatFloat(n, 'f', -1, 64), false
	case string:
		s := strings.ToLower(strings.TrimSpace(n))
		percent = strings.Contains(s, "%")
		s = strings.ReplaceAll(s, "%", " ")
		if u := strings.ToLower(strings.TrimSpace(unit)); u != "" && u != "%" && strings.ContainsFunc(u, isLetter) {
			end := `\b`
			if last := u[len(u)-1]; !isLetter(rune(last)) && (last < '0' || last > '9') {
				end = ""
			}
			s = regexp.MustCompile(`(\d)\s*`+regexp.QuoteMeta(u)+end).ReplaceAllString(s, "$1 ")
		}
		return strings.Join(strings.Fields(s), " "), percent
	}
	return "", false
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' }

// parseTarget reads a KPI target; ok is false for a target written in a form
// aims does not read.
func parseTarget(v any, unit string) (c comparison, percent, ok bool) {
	s, percent := kpiText(v, unit)
	for _, f := range targetForms {
		m := f.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		n, ok := parseNumber(m[1])
		if !ok {
			return comparison{}, false, false
		}
		c := comparison{op: f.op, n: n}
		if f.op == "between" {
			hi, ok := parseNumber(m[2])
			if !ok || hi < n {
				return comparison{}, false, false
			}
			c.max = hi
		}
		return c, percent, true
	}
	return comparison{}, false, false
}

// parseValue reads a KPI value: a number, or text that is only a number
// (with its unit or a percent sign).
func parseValue(v any, unit string) (float64, bool) {
	s, _ := kpiText(v, unit)
	if s == "" {
		return 0, false
	}
	return parseNumber(s)
}

// isPercent reports whether a KPI's unit is a percentage.
func isPercent(unit string) bool {
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "%", "percent", "per cent", "pct":
		return true
	}
	return false
}

// kpiMissed reports whether a KPI's value misses its target, as far as that
// can be judged from how they are written.
func kpiMissed(kpi map[string]any) bool {
	unit, _ := kpi["unit"].(string)
	c, percent, ok := parseTarget(kpi["target"], unit)
	if !ok {
		return false
	}
	v, ok := parseValue(kpi["value"], unit)
	if !ok {
		return false
	}
	met, judged := c.met(v, percent || isPercent(unit))
	return judged && !met
}

// kpiShown returns a KPI value or target as written, for messages.
func kpiShown(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

func checkMissedTargets(p *lint.Pass) error {
	for _, d := range kindDocs(p, "monitoring-report") {
		if !inForce(d) {
			continue
		}
		for i, v := range d.List("kpis") {
			kpi, _ := v.(map[string]any)
			if kpi == nil || !kpiMissed(kpi) || !blankText(kpi["action"]) || !blankText(kpi["nonconformity"]) {
				continue
			}
			name := itemString(v, "name")
			if strings.TrimSpace(name) == "" {
				name = fmt.Sprintf("#%d", i+1)
			} else {
				name = strconv.Quote(name)
			}
			p.Reportf(d.Locate("kpis", tok(i), "value"),
				"the indicator %s missed its target (%s against %s) and the report names no follow-up: write in the indicator's `action` what is done about it, or in `nonconformity` the id of the nonconformity record that corrects it",
				name, kpiShown(kpi["value"]), kpiShown(kpi["target"]))
		}
	}
	return nil
}

// A monitoringReport is a monitoring report in force with a valid period.
type monitoringReport struct {
	d        *artifact.Document
	from, to time.Time
}

// monitoringReports returns the monitoring reports in force whose period has
// valid dates in order, in path order. A period out of order is AIMS5004's.
func monitoringReports(p *lint.Pass) []monitoringReport {
	var out []monitoringReport
	for _, d := range kindDocs(p, "monitoring-report") {
		if !inForce(d) {
			continue
		}
		from, _, ok1 := dateAt(d, "period", "from")
		to, _, ok2 := dateAt(d, "period", "to")
		if ok1 && ok2 && !from.After(to) {
			out = append(out, monitoringReport{d: d, from: from, to: to})
		}
	}
	return out
}

// monitoringCycle returns the monitoring cycle of .aims.yaml, or the default.
func monitoringCycle(p *lint.Pass) cycle {
	if p.Config != nil && p.Config.MonitoringCycle != "" {
		if c, ok := parseCycle(p.Config.MonitoringCycle); ok {
			return c
		}
	}
	c, _ := parseCycle(defaultMonitoringCycle)
	return c
}

// latestReport returns the report whose period ends last (the first in path
// order on a tie); ok is false when there is none.
func latestReport(reports []monitoringReport) (monitoringReport, bool) {
	if len(reports) == 0 {
		return monitoringReport{}, false
	}
	latest := reports[0]
	for _, r := range reports[1:] {
		if r.to.After(latest.to) {
			latest = r
		}
	}
	return latest, true
}

// monitoringStale reports whether the latest period reported ended more than
// the monitoring cycle before the as-of date: AIMS7224 reports it once, and
// AIMS7225 then says nothing more of systems whose reports are merely old.
func monitoringStale(p *lint.Pass, reports []monitoringReport) bool {
	latest, ok := latestReport(reports)
	return ok && monitoringCycle(p).after(latest.to).Before(p.AsOf)
}

// A monitoringGap is a stretch of days that no report of a series covers,
// between the period of prev and that of next.
type monitoringGap struct {
	next, prev monitoringReport
	start, end time.Time
	systems    []string // the AI systems whose reports leave it; nil for all reports
}

// seriesGaps returns the gaps between the periods of reports, sorted by
// period.
func seriesGaps(reports []monitoringReport) []monitoringGap {
	rs := slices.Clone(reports)
	sort.SliceStable(rs, func(i, j int) bool {
		if !rs[i].from.Equal(rs[j].from) {
			return rs[i].from.Before(rs[j].from)
		}
		return rs[i].to.Before(rs[j].to)
	})
	var gaps []monitoringGap
	if len(rs) == 0 {
		return nil
	}
	prev := rs[0] // the report whose period reaches furthest so far
	for _, r := range rs[1:] {
		if start := prev.to.AddDate(0, 0, 1); r.from.After(start) {
			gaps = append(gaps, monitoringGap{next: r, prev: prev, start: start, end: r.from.AddDate(0, 0, -1)})
		}
		if r.to.After(prev.to) {
			prev = r
		}
	}
	return gaps
}

// monitoringGaps returns the gaps in the monitoring: between the periods of
// all reports, and between those of the reports that name each AI system. A
// system's gap that is a gap of all reports is not repeated, and the same
// days missing for several systems before the same report are one gap.
func monitoringGaps(reports []monitoringReport) []monitoringGap {
	gaps := seriesGaps(reports)
	type key struct {
		next       *artifact.Document
		start, end time.Time
	}
	seen := map[key]bool{}
	for _, g := range gaps {
		seen[key{g.next.d, g.start, g.end}] = true
	}
	bySystem := reportsBySystem(reports)
	ids := make([]string, 0, len(bySystem))
	for id := range bySystem {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	systemGaps := map[key]int{} // index in gaps
	for _, id := range ids {
		for _, g := range seriesGaps(bySystem[id]) {
			k := key{g.next.d, g.start, g.end}
			if seen[k] {
				continue // a gap of all reports
			}
			if i, ok := systemGaps[k]; ok {
				gaps[i-1].systems = append(gaps[i-1].systems, id)
				continue
			}
			g.systems = []string{id}
			gaps = append(gaps, g)
			systemGaps[k] = len(gaps)
		}
	}
	sort.SliceStable(gaps, func(i, j int) bool {
		a, b := gaps[i], gaps[j]
		if a.next.d.Path != b.next.d.Path {
			return a.next.d.Path < b.next.d.Path
		}
		return a.start.Before(b.start)
	})
	return gaps
}

// reportsBySystem maps each AI system id to the reports whose `ai_systems`
// name it, in the order of reports, each report once.
func reportsBySystem(reports []monitoringReport) map[string][]monitoringReport {
	bySystem := map[string][]monitoringReport{}
	for _, r := range reports {
		for _, id := range r.d.Strings("ai_systems") {
			// A report's systems are added together: a repeated id is the
			// last one added.
			if l := bySystem[id]; len(l) == 0 || l[len(l)-1].d != r.d {
				bySystem[id] = append(l, r)
			}
		}
	}
	return bySystem
}

// andList joins words as "A", "A and B", "A, B and C".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func checkMonitoringRegular(p *lint.Pass) error {
	reports := monitoringReports(p)
	for _, g := range monitoringGaps(reports) {
		days := fmt.Sprintf("%s to %s", g.start.Format(time.DateOnly), g.end.Format(time.DateOnly))
		prevID := g.prev.d.ID
		if prevID == "" {
			prevID = g.prev.d.Path
		}
		var msg string
		if g.systems == nil {
			msg = fmt.Sprintf("no monitoring report in force covers %s: the report before, %s, ends its period on %s and this one starts on %s; write the monitoring report for those days, or correct `period.from`",
				days, prevID, g.prev.to.Format(time.DateOnly), g.next.from.Format(time.DateOnly))
		} else {
			msg = fmt.Sprintf("no monitoring report in force names %s in `ai_systems` for %s: the one before that does, %s, ends its period on %s and this one starts on %s; name %s in the `ai_systems` of the report that covers those days, or write one",
				andList(g.systems), days, prevID, g.prev.to.Format(time.DateOnly), g.next.from.Format(time.DateOnly), plural(len(g.systems), "it", "them"))
		}
		p.ReportFinding(lint.Finding{
			Range:   g.next.d.Locate("period", "from"),
			Message: msg,
			Related: []lint.Related{{Range: g.prev.d.Locate("period", "to"), Message: "the period before ends here"}},
		})
	}
	if monitoringStale(p, reports) {
		latest, _ := latestReport(reports)
		c := monitoringCycle(p)
		p.Reportf(latest.d.Locate("period", "to"),
			"monitoring is reported only up to %s, more than the monitoring cycle of %s before %s: write the monitoring report for the period since %s, or set `monitoring_cycle` in .aims.yaml to how often monitoring is reported",
			latest.to.Format(time.DateOnly), c, p.AsOf.Format(time.DateOnly), latest.to.AddDate(0, 0, 1).Format(time.DateOnly))
	}
	return nil
}

func checkSystemsMonitored(p *lint.Pass) error {
	if excludedControl(p, "A.6.2.6") {
		return nil
	}
	reports := monitoringReports(p)
	stale := monitoringStale(p, reports)
	bySystem := reportsBySystem(reports)
	for _, s := range liveKindDocs(p, "ai-system") {
		if !inForce(s) || stageIndex(s) != stageOperation || s.ID == "" {
			continue
		}
		c, own := parseCycle(s.String("monitoring_cycle"))
		if !own {
			c = monitoringCycle(p)
		}
		latest, ok := latestReport(bySystem[s.ID])
		if !ok {
			// A system released within its cycle may not be reported on yet.
			if released, text, ok := dateAt(s, "deployment", "approved_on"); ok {
				if !c.after(released).Before(p.AsOf) {
					continue
				}
				p.Reportf(s.Locate("lifecycle_stage"),
					"the system has been in operation since its release on %s (`deployment.approved_on`), but no monitoring report in force names it: add %s to the `ai_systems` of the monitoring report that covers it, or write one",
					text, s.ID)
				continue
			}
			p.Reportf(s.Locate("lifecycle_stage"),
				"the system is at operation-and-monitoring, but no monitoring report in force names it: add %s to the `ai_systems` of the monitoring report that covers it, or write one",
				s.ID)
			continue
		}
		if stale || !c.after(latest.to).Before(p.AsOf) {
			continue
		}
		which := "the monitoring cycle"
		if own {
			which = "its monitoring cycle"
		}
		p.ReportFinding(lint.Finding{
			Range: s.Locate("lifecycle_stage"),
			Message: fmt.Sprintf("the latest monitoring report in force that names this system, %s, ends its period on %s, more than %s of %s before %s: name %s in the `ai_systems` of the latest monitoring report if it covers the system, or report on its monitoring since %s",
				latest.d.ID, latest.to.Format(time.DateOnly), which, c, p.AsOf.Format(time.DateOnly), s.ID, latest.to.AddDate(0, 0, 1).Format(time.DateOnly)),
			Related: []lint.Related{{Range: latest.d.Locate("period", "to"), Message: "the latest period that names the system"}},
		})
	}
	return nil
}

func checkQualityChecksCurrent(p *lint.Pass) error {
	if excludedControl(p, "A.7.4") {
		return nil
	}
	for _, d := range kindDocs(p, "dataset") {
		if !inForce(d) {
			continue
		}
		c, ok := reviewCycleOf(p, d)
		if !ok {
			continue
		}
		for i, v := range d.List("quality_checks") {
			last, text, ok := dateAt(d, "quality_checks", tok(i), "last_run")
			if !ok {
				continue
			}
			due := c.after(last)
			if !due.Before(p.AsOf) {
				continue
			}
			p.Reportf(d.Locate("quality_checks", tok(i), "last_run"),
				"the quality check %q last ran on %s, so the run due by %s under the dataset's %s review cycle is %s late: run it again and record the new `last_run` and `result`, or replace it with the check that is now made",
				itemString(v, "check"), text, due.Format(time.DateOnly), c, nDays(daysBetween(due, p.AsOf)))
		}
	}
	return nil
}
