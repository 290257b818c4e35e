package plan

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// kpis fills the key performance indicators, each with its definition,
// value and target:
//
//   - compliance rate: as on the dashboard; target 100 %;
//   - reviews within their cycle: the share of approved artifacts with a
//     review schedule that are within it at the as-of date; target 100 %;
//   - open nonconformities: nonconformity records whose state is not closed;
//     target 0;
//   - open incidents: incident records whose state is neither resolved nor
//     closed; target 0;
//   - competence coverage: the share of the plan's roles that a competence
//     record covers; target 100 %;
//   - objectives on track: the share of AI objectives on track or achieved;
//     target 80 %.
//
// Records that could not be parsed, and retired ones, are not counted.
func (b *builder) kpis() {
	d := b.p.Dashboard
	b.p.KPIs = append(b.p.KPIs, percentKPI("Compliance rate", d.ComplianceDefinition, d.Evidenced, d.Applicable, 1))
	b.p.KPIs = append(b.p.KPIs, b.reviewKPI())
	openNC, openInc := 0, 0
	covered := map[string]bool{}
	objectives, onTrack := 0, 0
	for _, doc := range b.docs {
		if !inForceDoc(doc) {
			continue
		}
		switch doc.Kind {
		case "nonconformity":
			if doc.String("state") != "closed" {
				openNC++
			}
		case "incident":
			switch doc.String("state") {
			case "closed", "resolved":
			default:
				openInc++
			}
		case "competence-record":
			for _, e := range doc.List("competences") {
				if m, ok := e.(map[string]any); ok {
					if r := str(m["role"]); r != "" {
						covered[r] = true
					}
				}
			}
		case "ai-objectives":
			for _, e := range doc.List("objectives") {
				m, ok := e.(map[string]any)
				if !ok {
					continue
				}
				objectives++
				switch str(m["status"]) {
				case "on-track", "achieved":
					onTrack++
				}
			}
		}
	}
	b.p.KPIs = append(b.p.KPIs,
		countKPI("Open nonconformities", "Nonconformity records (10.2) whose state is not closed.", openNC),
		countKPI("Open incidents", "Incident records whose state is open or contained, neither resolved nor closed.", openInc))
	roles := 0
	for _, r := range b.p.Roles {
		if covered[r.ID] {
			roles++
		}
	}
	b.p.KPIs = append(b.p.KPIs, percentKPI("Competence coverage",
		fmt.Sprintf("Share of the plan's roles (%s) that a competence record (7.2) covers with required competencies and evidence.", rolesSource(b.rolesDefd)),
		roles, len(b.p.Roles), 1))
	if objectives == 0 && len(b.docs) > 0 {
		b.missing("There are no AI objectives (6.2), so the objectives KPI is 0: write an ai-objectives artifact.")
	}
	b.p.KPIs = append(b.p.KPIs, percentKPI("AI objectives on track",
		"Share of the AI objectives (6.2) whose status is on-track or achieved.", onTrack, objectives, 0.8))
}

func rolesSource(defined bool) string {
	if defined {
		return "those the roles artifacts define"
	}
	return "the seven default roles"
}

// percentKPI returns a share KPI: num of den as a fraction, met at or above
// target; 0 and not met when there is nothing to count.
func percentKPI(name, definition string, num, den int, target float64) KPI {
	k := KPI{Name: name, Definition: definition, Target: target, Unit: "%", Numerator: num, Denominator: den}
	if den > 0 {
		k.Value = float64(num) / float64(den)
		k.Met = k.Value >= target-1e-9
	}
	return k
}

// countKPI returns a count of open items, met at zero.
func countKPI(name, definition string, n int) KPI {
	return KPI{Name: name, Definition: definition, Value: float64(n), Unit: "count", Met: n == 0, LowerIsBetter: true}
}

// reviewKPI measures the share of approved artifacts reviewed within their
// cycle at the as-of date. An approved artifact has a review schedule when it
// has a review cycle (its own review_cycle, else the default for its kind) or
// a next_review date. It is within it when its last review (last_reviewed,
// else approved_on) plus the cycle is on or after the as-of date, and its
// next_review, if any, is not before it.
func (b *builder) reviewKPI() KPI {
	asOf := dateOf(b.r.AsOf)
	scheduled, within, unscheduled := 0, 0, 0
	for _, d := range b.docs {
		if d.Data == nil || d.Status() != "approved" {
			continue
		}
		cs := d.String("review_cycle")
		if cs == "" {
			cs = b.o.ReviewCycles[d.Kind]
		}
		c, hasCycle := parseCycle(cs)
		next, hasNext := parseDate(d.String("next_review"))
		if !hasCycle && !hasNext {
			unscheduled++
			continue
		}
		scheduled++
		ok := true
		if hasCycle {
			last, hasLast := parseDate(d.String("last_reviewed"))
			if d.String("last_reviewed") == "" {
				last, hasLast = parseDate(d.String("approved_on"))
			}
			ok = hasLast && !c.after(last).Before(asOf)
		}
		if hasNext && next.Before(asOf) {
			ok = false
		}
		if ok {
			within++
		}
	}
	def := fmt.Sprintf("Share of the approved artifacts with a review schedule (a review_cycle, a default cycle for their kind, or a next_review date) whose last review (last_reviewed, else approved_on) plus their cycle reaches %s and whose next_review has not passed.", asOf.Format(time.DateOnly))
	if unscheduled > 0 {
		def += fmt.Sprintf(" %d approved artifacts have no review schedule and are not counted.", unscheduled)
	}
	return percentKPI("Reviews within their cycle", def, within, scheduled, 1)
}

// parseDate parses a YYYY-MM-DD date as UTC midnight.
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	return t, err == nil
}

// A cycle is a review period: 90d, 2w, 6mo, 1y.
type cycle struct {
	n    int
	unit string
}

// maxCycle caps the number of a cycle, as the review rules do: ten million
// days or more is longer than the calendar, and a larger number would
// overflow the date arithmetic.
const maxCycle = 10_000_000

// parseCycle parses a review cycle as the schema writes it; an enormous one
// is capped, so that it is never due.
func parseCycle(s string) (cycle, bool) {
	for _, u := range []string{"mo", "d", "w", "y"} {
		num, ok := strings.CutSuffix(s, u)
		if !ok || num == "" || num[0] == '0' {
			continue
		}
		if strings.Trim(num, "0123456789") != "" {
			return cycle{}, false
		}
		n, err := strconv.Atoi(num)
		if err != nil || n > maxCycle {
			n = maxCycle
		}
		return cycle{n: n, unit: u}, true
	}
	return cycle{}, false
}

// after returns t plus the cycle; months and years end on the month's last
// day when the day does not exist there, as the review rules count them.
func (c cycle) after(t time.Time) time.Time {
	switch c.unit {
	case "d":
		return t.AddDate(0, 0, c.n)
	case "w":
		return t.AddDate(0, 0, 7*c.n)
	case "y":
		return addMonths(t, 12*c.n)
	}
	return addMonths(t, c.n)
}
