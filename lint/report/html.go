package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/plan"
)

// htmlFiles are the page's template, style sheet and script, inlined into
// every page: the page fetches nothing.
//
//go:embed html/page.html.tmpl html/page.css html/page.js
var htmlFiles embed.FS

// htmlUnassigned is the owner of a finding no gap's owner answers for.
const htmlUnassigned = "unassigned"

// htmlRepository is the file column of a finding about the repository as a whole.
const htmlRepository = "(repository)"

// HTML writes the progress dashboard: one self-contained HTML page (its style
// sheet and script inline, nothing fetched) built from the implementation
// plan (plan.Build, month 1 on o.PlanStart as for the xlsx format). Its
// sections, each a <section> with a stable id and an <h2>:
//
//   - rate: the compliance rate and its definition;
//   - coverage: clause groups 4–10 and Annex A groups A.2–A.10, as bars and a table;
//   - trend: o.Trend as an inline SVG chart and a table, or how to get one;
//   - timeline: the plan's tasks by phase, with the late ones marked (past
//     their end at the as-of date and not done);
//   - heatmap: the 5×5 risk heat map;
//   - findings: every finding, suppressed ones included, in a table that the
//     script filters by severity, clause group, control, owner and file,
//     searches and sorts; without the script every row is shown;
//   - owners: per role, what it answers for and what is overdue.
//
// Every text from documents goes through html/template, so it is escaped.
// The same result gives the same bytes.
func HTML(w io.Writer, r *lint.Result, o Options) error {
	p := plan.Build(r, plan.Options{Start: o.PlanStart})
	return writeHTML(w, r, p, o.Trend)
}

// writeHTML renders a plan; HTML builds the plan, tests build their own.
func writeHTML(w io.Writer, r *lint.Result, p *plan.Plan, trend []plan.TrendPoint) error {
	css, err := htmlFiles.ReadFile("html/page.css")
	if err != nil {
		return err
	}
	js, err := htmlFiles.ReadFile("html/page.js")
	if err != nil {
		return err
	}
	t, err := template.New("page.html.tmpl").Funcs(template.FuncMap{
		"pct": func(f float64) string { return strconv.FormatFloat(100*f, 'f', 0, 64) + " %" },
	}).ParseFS(htmlFiles, "html/page.html.tmpl")
	if err != nil {
		return err
	}
	page := buildHTMLPage(r, p, trend)
	page.CSS = template.CSS(css)
	page.JS = template.JS(js)
	if err := t.Execute(w, page); err != nil {
		return fmt.Errorf("write the HTML page: %w", err)
	}
	return nil
}

// htmlPage is what the template shows.
type htmlPage struct {
	CSS          template.CSS
	JS           template.JS
	Title        string
	Organization string
	Revision     string
	AsOf         string
	Start, End   string
	Rate         float64
	Evidenced    int
	Applicable   int
	Definition   string
	Errors       int
	Warnings     int
	Notes        int
	Missing      []string
	Groups       []htmlGroup
	Trend        []htmlTrendPoint
	TrendChart   htmlChart
	Phases       []htmlPhase
	Late         int
	Heat         []htmlHeatRow
	Risks        int
	Findings     []htmlFinding
	Options      htmlFilterOptions
	Owners       []htmlOwner
}

// htmlGroup is one bar of the coverage.
type htmlGroup struct {
	plan.GroupCoverage
	Annex bool
	Rate  float64
	Width int // percentage of the bar, 0..100
}

// htmlTrendPoint is one row of the trend table.
type htmlTrendPoint struct {
	Date, Commit           string
	Rate                   float64
	Evidenced, Applicable  int
	Errors, OverdueReviews int
	X, Y                   int // the point on the chart
}

// htmlChart is the trend's line chart, in SVG user units.
type htmlChart struct {
	Width, Height int
	Points        string // the polyline's points
	Labels        []htmlChartLabel
}

// htmlChartLabel is a date under the chart's x axis.
type htmlChartLabel struct {
	X    int
	Text string
}

// htmlPhase is one phase of the timeline.
type htmlPhase struct {
	Name  string
	Tasks []htmlTask
}

// htmlTask is one task of the timeline.
type htmlTask struct {
	plan.Task
	StartMonth, EndMonth int // 1..12
	StartDate, EndDate   string
	Late                 bool
	Offset, Span         int // the bar's position, percentages of the year
}

// htmlHeatRow is one likelihood of the heat map, impacts 1..5.
type htmlHeatRow struct {
	Likelihood int
	Cells      []htmlHeatCell
}

// htmlHeatCell is one cell of the heat map.
type htmlHeatCell struct {
	Impact, Count int
	Level         string // low, medium, high: the score's band
}

// htmlFinding is one row of the findings table.
type htmlFinding struct {
	Rule, Severity, File, Location, Message string
	Clauses, Controls, Owner, Status        string
	Rank                                    int // severity rank, for sorting
}

// htmlFilterOptions are the choices of the filter selects.
type htmlFilterOptions struct {
	Severities, Clauses, Controls, Owners, Files []string
}

// htmlOwner is what one role answers for.
type htmlOwner struct {
	ID, Title    string
	Gaps         []plan.Gap
	Tasks        []htmlTask
	OverdueTasks int
	Risks        []plan.Risk
	Findings     int
	Errors       int
}

// Overdue reports whether the role has anything overdue.
func (o htmlOwner) Overdue() bool { return o.OverdueTasks > 0 }

// buildHTMLPage turns the plan into what the template shows.
func buildHTMLPage(r *lint.Result, p *plan.Plan, trend []plan.TrendPoint) htmlPage {
	d := p.Dashboard
	pg := htmlPage{
		Title:        "AIMS progress",
		Organization: p.Organization,
		Revision:     p.Revision,
		AsOf:         p.AsOf.Format(time.DateOnly),
		Start:        p.Start.Format(time.DateOnly),
		End:          p.End.Format(time.DateOnly),
		Rate:         d.ComplianceRate,
		Evidenced:    d.Evidenced,
		Applicable:   d.Applicable,
		Definition:   d.ComplianceDefinition,
		Errors:       d.FindingsBySeverity[lint.Error],
		Warnings:     d.FindingsBySeverity[lint.Warning],
		Notes:        d.FindingsBySeverity[lint.Note],
		Missing:      p.Missing,
	}
	if p.Organization != "" {
		pg.Title = p.Organization + ": AIMS progress"
	}
	for _, g := range d.Groups {
		rate := 0.0
		if g.Applicable > 0 {
			rate = float64(g.Implemented) / float64(g.Applicable)
		}
		pg.Groups = append(pg.Groups, htmlGroup{GroupCoverage: g, Annex: strings.HasPrefix(g.Group, "A."), Rate: rate, Width: int(100*rate + 0.5)})
	}
	pg.Trend, pg.TrendChart = htmlTrend(trend)

	phases := []plan.Phase{plan.Planning, plan.Execution, plan.Monitoring}
	names := map[plan.Phase]string{plan.Planning: "Planning (months 1–3)", plan.Execution: "Execution (months 4–9)", plan.Monitoring: "Monitoring (months 10–12)"}
	var all []htmlTask
	for _, t := range p.Tasks {
		ht := htmlTaskOf(p, t)
		if ht.Late {
			pg.Late++
		}
		all = append(all, ht)
	}
	for _, ph := range phases {
		var list []htmlTask
		for _, t := range all {
			if t.Phase == ph {
				list = append(list, t)
			}
		}
		if len(list) > 0 {
			pg.Phases = append(pg.Phases, htmlPhase{Name: names[ph], Tasks: list})
		}
	}

	for l := 5; l >= 1; l-- {
		row := htmlHeatRow{Likelihood: l}
		for i := 1; i <= 5; i++ {
			n := p.HeatMap[l-1][i-1]
			pg.Risks += n
			level := "low"
			switch s := l * i; {
			case s >= 15:
				level = "high"
			case s >= 8:
				level = "medium"
			}
			row.Cells = append(row.Cells, htmlHeatCell{Impact: i, Count: n, Level: level})
		}
		pg.Heat = append(pg.Heat, row)
	}

	owners := map[string]string{} // reference → owner role
	for _, g := range p.Gaps {
		if g.Owner != "" {
			owners[g.Ref] = g.Owner
		}
	}
	sets := [5]map[string]bool{{}, {}, {}, {}, {}}
	findingsBy := map[string][2]int{} // owner → findings, errors (open only)
	for i := range p.Findings {
		f := &p.Findings[i]
		hf := htmlFindingOf(r, f, owners)
		pg.Findings = append(pg.Findings, hf)
		sets[0][hf.Severity] = true
		for _, c := range strings.Fields(hf.Clauses) {
			sets[1][c] = true
		}
		for _, c := range strings.Fields(hf.Controls) {
			sets[2][c] = true
		}
		sets[3][hf.Owner] = true
		sets[4][hf.File] = true
		if f.Suppressed == nil && !f.Baselined() {
			n := findingsBy[hf.Owner]
			n[0]++
			if f.Severity == lint.Error {
				n[1]++
			}
			findingsBy[hf.Owner] = n
		}
	}
	for _, s := range []string{"error", "warning", "note"} {
		if sets[0][s] {
			pg.Options.Severities = append(pg.Options.Severities, s)
		}
	}
	pg.Options.Clauses = sortedRefs(sets[1])
	pg.Options.Controls = sortedRefs(sets[2])
	pg.Options.Owners = sortedKeys(sets[3])
	pg.Options.Files = sortedKeys(sets[4])
	pg.Owners = htmlOwners(p, all, findingsBy)
	return pg
}

// htmlTaskOf places a task on the twelve-month timeline.
func htmlTaskOf(p *plan.Plan, t plan.Task) htmlTask {
	month := func(d time.Time) int {
		m := (d.Year()-p.Start.Year())*12 + int(d.Month()) - int(p.Start.Month()) + 1
		return min(max(m, 1), 12)
	}
	ht := htmlTask{Task: t, StartMonth: month(t.Start), EndMonth: month(t.End),
		StartDate: t.Start.Format(time.DateOnly), EndDate: t.End.Format(time.DateOnly)}
	ht.Late = !t.End.IsZero() && t.End.Before(p.AsOf) && t.Status != "done"
	ht.Offset = (ht.StartMonth - 1) * 100 / 12
	ht.Span = max((ht.EndMonth-ht.StartMonth+1)*100/12, 1)
	return ht
}

// htmlFindingOf turns a finding into a row: its clause groups and controls,
// and as owner the owner of the first of its references the gap analysis
// assigns.
func htmlFindingOf(r *lint.Result, f *lint.Finding, owners map[string]string) htmlFinding {
	hf := htmlFinding{Rule: f.RuleID, Severity: f.Severity.String(), Message: f.Message, Rank: int(f.Severity), Owner: htmlUnassigned, Status: "open"}
	hf.File = f.Range.File
	if hf.File == "" {
		hf.File = htmlRepository
		hf.Location = htmlRepository
	} else {
		if r.Prefix != "" {
			hf.File = path.Join(r.Prefix, hf.File)
		}
		hf.Location = hf.File
		if f.Range.Start.Line > 0 {
			hf.Location = fmt.Sprintf("%s:%d", hf.File, f.Range.Start.Line)
		}
	}
	var clauses, controls []string
	for _, c := range f.Controls {
		if strings.HasPrefix(c, "A.") {
			if !slices.Contains(controls, c) {
				controls = append(controls, c)
			}
		} else if g, _, _ := strings.Cut(c, "."); !slices.Contains(clauses, g) {
			clauses = append(clauses, g)
		}
	}
	for _, c := range f.Controls {
		if o, ok := owners[c]; ok {
			hf.Owner = o
			break
		}
	}
	hf.Clauses = strings.Join(clauses, " ")
	hf.Controls = strings.Join(controls, " ")
	switch {
	case f.Suppressed != nil:
		hf.Status = "suppressed: " + f.Suppressed.Reason
	case f.Baselined():
		hf.Status = "in the baseline"
	}
	return hf
}

// htmlOwners lists, per role of the plan and any other owner named, what it
// answers for: the gaps it owns that need work, the tasks it is responsible
// or accountable for (late ones counted), the risks it owns, and the open
// findings on its references.
func htmlOwners(p *plan.Plan, tasks []htmlTask, findings map[string][2]int) []htmlOwner {
	var out []htmlOwner
	index := map[string]int{}
	add := func(id, title string) int {
		if i, ok := index[id]; ok {
			return i
		}
		if title == "" {
			title = id
		}
		index[id] = len(out)
		out = append(out, htmlOwner{ID: id, Title: title})
		return len(out) - 1
	}
	for _, r := range p.Roles {
		add(r.ID, r.Title)
	}
	var others []string
	note := func(id string) {
		if _, ok := index[id]; !ok && id != "" && !slices.Contains(others, id) {
			others = append(others, id)
		}
	}
	for _, g := range p.Gaps {
		note(g.Owner)
	}
	for _, t := range tasks {
		note(t.Responsible)
		note(t.Accountable)
	}
	for _, r := range p.Risks {
		note(r.Owner)
	}
	for id := range findings {
		note(id)
	}
	slices.Sort(others)
	for _, id := range others {
		add(id, "")
	}
	for _, g := range p.Gaps {
		if g.Owner != "" && g.Applicable && g.Status != plan.Implemented {
			i := index[g.Owner]
			out[i].Gaps = append(out[i].Gaps, g)
		}
	}
	for _, t := range tasks {
		for _, id := range []string{t.Responsible, t.Accountable} {
			if id == "" {
				continue
			}
			i := index[id]
			if len(out[i].Tasks) > 0 && out[i].Tasks[len(out[i].Tasks)-1].ID == t.ID {
				continue
			}
			out[i].Tasks = append(out[i].Tasks, t)
			if t.Late {
				out[i].OverdueTasks++
			}
		}
	}
	for _, r := range p.Risks {
		if r.Owner != "" {
			i := index[r.Owner]
			out[i].Risks = append(out[i].Risks, r)
		}
	}
	for id, n := range findings {
		i := index[id]
		out[i].Findings, out[i].Errors = n[0], n[1]
	}
	return slices.DeleteFunc(out, func(o htmlOwner) bool {
		return len(o.Gaps) == 0 && len(o.Tasks) == 0 && len(o.Risks) == 0 && o.Findings == 0
	})
}

// htmlTrend lays the trend out as table rows and a line chart of the
// compliance rate.
func htmlTrend(trend []plan.TrendPoint) ([]htmlTrendPoint, htmlChart) {
	const w, h, left, right, top, bottom = 640, 240, 48, 16, 16, 32
	c := htmlChart{Width: w, Height: h}
	var rows []htmlTrendPoint
	var pts []string
	for i, t := range trend {
		x := left + (w-left-right)/2
		if len(trend) > 1 {
			x = left + i*(w-left-right)/(len(trend)-1)
		}
		y := top + int((1-t.ComplianceRate)*float64(h-top-bottom)+0.5)
		if step := (len(trend) + 11) / 12; i%step == 0 {
			c.Labels = append(c.Labels, htmlChartLabel{X: x, Text: t.Date.Format("2006-01")})
		}
		pts = append(pts, fmt.Sprintf("%d,%d", x, y))
		commit := t.Commit
		if len(commit) > 7 {
			commit = commit[:7]
		}
		rows = append(rows, htmlTrendPoint{Date: t.Date.Format(time.DateOnly), Commit: commit, Rate: t.ComplianceRate,
			Evidenced: t.Evidenced, Applicable: t.Applicable, Errors: t.Errors, OverdueReviews: t.OverdueReviews, X: x, Y: y})
	}
	c.Points = strings.Join(pts, " ")
	return rows, c
}

// sortedKeys returns a set's members, sorted.
func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// sortedRefs returns clause or control references in numeric order
// ("4" before "10", "A.2.2" before "A.10.1").
func sortedRefs(set map[string]bool) []string {
	out := sortedKeys(set)
	slices.SortFunc(out, compareRefs)
	return out
}

// compareRefs orders references part by part, numbers as numbers.
func compareRefs(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		switch {
		case ea == nil && eb == nil && na != nb:
			return na - nb
		case (ea != nil || eb != nil) && pa[i] != pb[i]:
			return strings.Compare(pa[i], pb[i])
		}
	}
	return len(pa) - len(pb)
}
