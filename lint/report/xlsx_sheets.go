package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/plan"
)

// writeDashboard writes the headline figures, the coverage table and its
// chart on one printed page. What the plan could not use comes first, in
// red.
func (wb *workbook) writeDashboard() error {
	f, p, s, sh := wb.f, wb.p, wb.s, sheetDashboard
	for _, w := range []struct {
		cols  string
		width float64
	}{{"A", 34}, {"B", 40}, {"C", 13}, {"D", 13}, {"E", 13}, {"F", 13}, {"G", 13}, {"H", 14}} {
		if err := f.SetColWidth(sh, w.cols, w.cols, w.width); err != nil {
			return err
		}
	}
	var err error
	set := func(ref string, v any, style int) {
		if err == nil {
			err = wb.setCell(sh, ref, v)
		}
		if err == nil && style != 0 {
			err = f.SetCellStyle(sh, ref, ref, style)
		}
	}
	section := func(row int, text string, lastCol string) {
		set(fmt.Sprintf("A%d", row), text, 0)
		if err == nil {
			err = f.SetCellStyle(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", lastCol, row), s.section)
		}
	}
	height := func(row int, h float64) {
		if err == nil {
			err = f.SetRowHeight(sh, row, h)
		}
	}

	title := "ISO/IEC 42001 implementation plan"
	if p.Organization != "" {
		title = p.Organization + ": " + title
	}
	set("A1", title, s.title)
	height(1, 30)
	set("A2", "Written by aims from the lint result. Sheets: gap analysis, plan, RACI, Statement of Applicability, risks, KPIs and every finding.", s.subtitle)

	row := 3
	for _, m := range p.Missing {
		ref := fmt.Sprintf("A%d", row)
		set(ref, "⚠ "+m, s.missing)
		if err == nil {
			err = f.MergeCell(sh, ref, fmt.Sprintf("H%d", row))
		}
		height(row, xlsxRowHeight(xlsxLines("⚠ "+m, 110))+6)
		row++
	}
	row++

	// Key figures.
	section(row, "Key figures", "H")
	row++
	kv := func(label string, v any, style int) {
		set(fmt.Sprintf("A%d", row), label, s.label)
		set(fmt.Sprintf("B%d", row), v, style)
		row++
	}
	org := p.Organization
	if org == "" {
		org = "(not named: set organization in .aims.yaml)"
	}
	kv("Organization", org, s.value)
	commit := "working tree (no commit)"
	if p.Revision != "" {
		commit = p.Revision[:min(len(p.Revision), 12)]
		if !wb.r.RevisionTime.IsZero() {
			commit += ", committed " + wb.r.RevisionTime.UTC().Format("2006-01-02")
		}
	}
	kv("Linted commit", commit, s.value)
	if pre := strings.Trim(wb.r.Prefix, "/"); pre != "" && pre != "." {
		kv("Folder in the repository", pre, s.value)
	}
	kv("As of", xlsxDate(p.AsOf), s.valueDate)
	if !p.Start.IsZero() {
		kv("Plan period", fmt.Sprintf("%s to %s (M1 begins %s)",
			p.Start.Format("2006-01-02"), p.End.Format("2006-01-02"), p.Start.Format("January 2006")), s.value)
	}
	if wb.r.Version != "" {
		kv("aims version", wb.r.Version, s.value)
	}
	rateRow := row
	kv("Compliance rate", p.Dashboard.ComplianceRate, s.rate)
	set(fmt.Sprintf("C%d", rateRow), p.Dashboard.ComplianceDefinition, s.definition)
	if err == nil {
		err = f.MergeCell(sh, fmt.Sprintf("C%d", rateRow), fmt.Sprintf("H%d", rateRow))
	}
	height(rateRow, 48)
	kv("Applicable clauses and controls", p.Dashboard.Applicable, s.value)
	kv("Evidenced by approved artifacts", p.Dashboard.Evidenced, s.value)
	row++

	// Artifacts by status and findings by severity, with the chart beside them.
	chartRow := row
	section(row, "Artifacts and findings", "B")
	row++
	set(fmt.Sprintf("A%d", row), "Artifact status", s.header)
	set(fmt.Sprintf("B%d", row), "Artifacts", s.header)
	row++
	statuses := []string{"draft", "in-review", "approved", "retired"}
	var extra []string
	for st := range p.Dashboard.ArtifactsByStatus {
		if !slices.Contains(statuses, st) {
			extra = append(extra, st)
		}
	}
	slices.Sort(extra)
	total := 0
	for _, st := range append(statuses, extra...) {
		n := p.Dashboard.ArtifactsByStatus[st]
		total += n
		kv(st, n, s.value)
	}
	kv("total", total, s.valueBold)
	row++
	set(fmt.Sprintf("A%d", row), "Finding severity", s.header)
	set(fmt.Sprintf("B%d", row), "Open findings", s.header)
	row++
	for _, sev := range []lint.Severity{lint.Error, lint.Warning, lint.Note} {
		kv(sev.String(), p.Dashboard.FindingsBySeverity[sev], s.value)
	}
	suppressed := 0
	for i := range p.Findings {
		if p.Findings[i].Suppressed != nil {
			suppressed++
		}
	}
	kv("suppressed (accepted with a reason)", suppressed, s.value)
	row++

	// Coverage per group.
	coverageRow := row
	section(row, "Coverage by clause group and Annex A group", "H")
	row++
	heads := []string{"Group", "Title", "Applicable", "Implemented", "Partial", "Missing", "Not applicable", "Implemented share"}
	headRow := row
	for i, h := range heads {
		set(cell(i+1, row), h, s.header)
	}
	height(row, 34)
	row++
	first := row
	for _, g := range p.Dashboard.Groups {
		name := "Clause " + g.Group
		if strings.HasPrefix(g.Group, "A.") {
			name = "Annex " + g.Group
		}
		set(cell(1, row), name, s.text)
		set(cell(2, row), g.Title, s.text)
		for i, n := range []int{g.Applicable, g.Implemented, g.Partial, g.Missing, g.NotApplicable} {
			set(cell(3+i, row), n, s.int)
		}
		if g.Applicable > 0 {
			set(cell(8, row), float64(g.Implemented)/float64(g.Applicable), s.percent)
		}
		row++
	}
	if err != nil {
		return err
	}
	if last := row - 1; last >= first {
		// The chart fills the rows beside artifacts and findings (20 pixels
		// each), above the coverage table.
		height := uint(max(coverageRow-chartRow-1, 10)*20 - 4)
		if err := wb.coverageChart(fmt.Sprintf("C%d", chartRow), height, headRow, first, last); err != nil {
			return err
		}
	}
	return wb.pageSetup(sh, 1, false)
}

// coverageChart adds a stacked bar chart of the coverage table: implemented,
// partial and missing references per group.
func (wb *workbook) coverageChart(at string, height uint, head, first, last int) error {
	series := []struct {
		col    string
		colour string
	}{{"D", "2E7D32"}, {"E", "F9A825"}, {"F", "C62828"}}
	var cs []excelize.ChartSeries
	for _, sr := range series {
		cs = append(cs, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$%d", sheetDashboard, sr.col, head),
			Categories: fmt.Sprintf("%s!$A$%d:$A$%d", sheetDashboard, first, last),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", sheetDashboard, sr.col, first, sr.col, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{sr.colour}},
		})
	}
	gap, overlap := uint(40), 100
	return wb.f.AddChart(sheetDashboard, at, &excelize.Chart{
		Type:      excelize.BarStacked,
		Series:    cs,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Clauses and controls by status", Font: &excelize.Font{Family: xlsxFont, Size: 12, Bold: true, Color: "1F4E78"}}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Family: xlsxFont, Size: 9, Color: "404040"}},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: excelize.Font{Family: xlsxFont, Size: 9, Color: "404040"}},
		Dimension: excelize.ChartDimension{Width: 540, Height: height},
		GapWidth:  &gap,
		Overlap:   &overlap,
		Format:    excelize.GraphicOptions{OffsetX: 24, OffsetY: 2},
	})
}

// writeGaps writes the gap analysis: every clause, then every control.
func (wb *workbook) writeGaps() error {
	s, sh := wb.s, sheetGaps
	cols := []xlsxCol{
		{"Ref", 9, s.text, ""},
		{"Title", 32, s.wrap, ""},
		{"Type", 9, s.text, ""},
		{"Group", 7, s.text, ""},
		{"Applicable", 11, s.text, listYesNo},
		{"Status", 14, s.text, listGapStatus},
		{"Evidence", 42, s.wrap, ""},
		{"Further evidence", 30, s.wrap, ""},
		{"Open findings", 10, s.int, ""},
		{"Priority", 10, s.text, listPriority},
		{"Owner", 19, s.text, listRoles},
		{"Guidance", 50, s.wrap, ""},
		{"AI systems not evidenced", 48, s.wrap, ""},
	}
	var rows [][]any
	for _, g := range wb.p.Gaps {
		kind := "clause"
		if g.Control {
			kind = "control"
		}
		var evidence, further string
		if len(g.Evidence) > 0 {
			evidence = g.Evidence[0]
			rest := g.Evidence[1:]
			if len(rest) > xlsxMaxEvidence {
				rest = append(slices.Clone(rest[:xlsxMaxEvidence]), fmt.Sprintf("… and %d more", len(rest)-xlsxMaxEvidence))
			}
			further = strings.Join(rest, "\n")
		}
		var unmet []plan.SystemStatus
		for _, sys := range g.Systems {
			if !sys.Passed() {
				unmet = append(unmet, sys)
			}
		}
		guidance := strings.Join(append([]string{g.Guidance}, g.Notes...), "\n")
		rows = append(rows, []any{g.Ref, g.Title, kind, g.Group, xlsxYesNo(g.Applicable), string(g.Status),
			evidence, further, g.Findings, g.Priority, g.Owner, guidance, xlsxSystems(unmet)})
	}
	last, err := wb.writeTable(sh, "tblGaps", cols, rows)
	if err != nil {
		return err
	}
	for i, g := range wb.p.Gaps {
		if len(g.Evidence) == 0 {
			continue
		}
		if err := wb.linkCell(sh, cell(7, i+2), g.Evidence[0]); err != nil {
			return err
		}
	}
	if err := wb.colour(sh, fmt.Sprintf("F2:F%d", last), []xlsxColour{
		{string(plan.Implemented), s.good}, {string(plan.Partial), s.warn},
		{string(plan.Missing), s.bad}, {string(plan.NotApplicable), s.grey},
	}); err != nil {
		return err
	}
	if err := wb.colour(sh, fmt.Sprintf("E2:E%d", last), []xlsxColour{{"No", s.grey}}); err != nil {
		return err
	}
	return wb.colour(sh, fmt.Sprintf("J2:J%d", last), []xlsxColour{{"high", s.bad}, {"medium", s.warn}})
}

// writePlan writes the tasks and their twelve-month timeline. Conditional
// formatting fills a month cell when the task's dates overlap the month, in
// the colour of its phase; the formulas compare the task's start and end
// cells with the month's dates, which come from the plan, never from text.
func (wb *workbook) writePlan() error {
	s, p, sh := wb.s, wb.p, sheetPlan
	cols := []xlsxCol{
		{"ID", 8, s.text, ""},
		{"Phase", 12, s.text, listPhase},
		{"Task", 46, s.wrap, ""},
		{"Ref", 9, s.text, ""},
		{"Responsible", 19, s.text, listRoles},
		{"Accountable", 19, s.text, listRoles},
		{"Start", 11, s.date, ""},
		{"End", 11, s.date, ""},
		{"Depends on", 12, s.wrap, ""},
		{"Status", 12, s.text, listTaskStatus},
	}
	const firstMonth = 11 // column K
	for m := 1; m <= 12; m++ {
		cols = append(cols, xlsxCol{fmt.Sprintf("M%d", m), 4.5, s.month, ""})
	}
	var rows [][]any
	for _, t := range p.Tasks {
		rows = append(rows, []any{t.ID, xlsxPhase(t.Phase), t.Name, t.Ref, t.Responsible, t.Accountable,
			xlsxDate(t.Start), xlsxDate(t.End), strings.Join(t.DependsOn, ", "), t.Status})
	}
	last, err := wb.writeTable(sh, "tblTasks", cols, rows)
	if err != nil {
		return err
	}
	if err := wb.colour(sh, fmt.Sprintf("J2:J%d", last), []xlsxColour{
		{"done", s.good}, {"in-progress", s.warn},
	}); err != nil {
		return err
	}
	if p.Start.IsZero() {
		return nil
	}
	start := xlsxDay(p.Start)
	for m := range 12 {
		from := start.AddDate(0, m, 0)
		to := start.AddDate(0, m+1, -1)
		col := colName(firstMonth + m)
		var opts []excelize.ConditionalFormatOptions
		for _, ph := range []struct {
			name string
			dxf  int
		}{{"Planning", s.planning}, {"Execution", s.execution}, {"Monitoring", s.monitoring}} {
			dxf := ph.dxf
			opts = append(opts, excelize.ConditionalFormatOptions{
				Type:     "formula",
				Criteria: fmt.Sprintf(`AND($B2="%s",$G2<>"",$H2<>"",$G2<=%s,$H2>=%s)`, ph.name, xlsxDateFormula(to), xlsxDateFormula(from)),
				Format:   &dxf,
			})
		}
		if err := wb.f.SetConditionalFormat(sh, fmt.Sprintf("%s2:%s%d", col, col, last), opts); err != nil {
			return err
		}
	}
	return nil
}

// xlsxDateFormula writes a date as a DATE() call.
func xlsxDateFormula(t time.Time) string {
	return fmt.Sprintf("DATE(%d,%d,%d)", t.Year(), int(t.Month()), t.Day())
}

// writeRACI writes the activities against the roles.
func (wb *workbook) writeRACI() error {
	s, p, sh := wb.s, wb.p, sheetRACI
	cols := []xlsxCol{
		{"Activity", 48, s.wrap, ""},
		{"Phase", 12, s.text, listPhase},
	}
	for _, r := range p.Roles {
		head := r.Title
		if head == "" {
			head = r.ID
		}
		cols = append(cols, xlsxCol{head, 14, s.center, listRACI})
	}
	var rows [][]any
	for _, a := range p.RACI {
		row := []any{a.Activity, xlsxPhase(a.Phase)}
		for i := range p.Roles {
			code := ""
			if i < len(a.Codes) {
				code = a.Codes[i]
			}
			row = append(row, code)
		}
		rows = append(rows, row)
	}
	last, err := wb.writeTable(sh, "tblRACI", cols, rows)
	if err != nil {
		return err
	}
	if len(p.Roles) == 0 {
		return nil
	}
	return wb.colour(sh, fmt.Sprintf("C2:%s", cell(len(cols), last)), []xlsxColour{
		{"R", s.good}, {"A", s.planning}, {"C", s.warn}, {"I", s.grey},
	})
}

// writeSoA writes the Statement of Applicability.
func (wb *workbook) writeSoA() error {
	s, sh := wb.s, sheetSoA
	cols := []xlsxCol{
		{"Ref", 9, s.text, ""},
		{"Title", 38, s.wrap, ""},
		{"Applicable", 11, s.text, listYesNo},
		{"Justification", 56, s.wrap, ""},
		{"Implementation", 15, s.text, listImplementation},
		{"Evidence", 30, s.wrap, ""},
		{"AI systems", 48, s.wrap, ""},
		{"Derived", 9, s.text, ""},
	}
	var rows [][]any
	for _, e := range wb.p.SoA {
		rows = append(rows, []any{e.Ref, e.Title, xlsxYesNo(e.Applicable), e.Justification, e.Implementation,
			strings.Join(e.Evidence, ", "), xlsxSystems(e.Systems), xlsxYesNo(e.Derived)})
	}
	last, err := wb.writeTable(sh, "tblSoA", cols, rows)
	if err != nil {
		return err
	}
	if err := wb.colour(sh, fmt.Sprintf("E2:E%d", last), []xlsxColour{
		{"implemented", s.good}, {"in-progress", s.warn}, {"planned", s.warn},
		{"not-started", s.bad}, {"not-applicable", s.grey},
	}); err != nil {
		return err
	}
	return wb.colour(sh, fmt.Sprintf("C2:C%d", last), []xlsxColour{{"No", s.grey}})
}

// xlsxSystems writes one line per AI system: its id, whether it meets the
// requirement, the ids of its evidence and what the evidence shows,
//
//	SYS-CREDIT: passed (EVAL-CREDIT-41) — EVAL-CREDIT-41, NAS 4.1 on 2026-05-07: 6 of 6 metrics met
//	SYS-HR: not passed — no approved evaluation
//	SYS-FRAUD: draft only (AIA-002)
//
// "passed" or "not passed" where the evidence has a result to show (a
// Detail, as A.6.2.4's evaluations do), the coverage status otherwise.
func xlsxSystems(systems []plan.SystemStatus) string {
	lines := make([]string, len(systems))
	for i, s := range systems {
		word := strings.ReplaceAll(string(s.Status), "-", " ")
		if s.Detail != "" {
			word = "not passed"
			if s.Passed() {
				word = "passed"
			}
		}
		line := s.System + ": " + word
		if len(s.Evidence) > 0 {
			line += " (" + strings.Join(s.Evidence, ", ") + ")"
		}
		if s.Detail != "" {
			line += " — " + s.Detail
		}
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}

// writeRisks writes the risks and, two rows below them, the 5×5 heat map
// (outside the table, so filtering the risks never hides it).
func (wb *workbook) writeRisks() error {
	f, s, p, sh := wb.f, wb.s, wb.p, sheetRisks
	cols := []xlsxCol{
		{"ID", 10, s.text, ""},
		{"Title", 38, s.wrap, ""},
		{"AI system", 18, s.text, ""},
		{"Likelihood", 11, s.int, ""},
		{"Impact", 11, s.int, ""},
		{"Score", 11, s.int, ""},
		{"Level", 11, s.text, listLevel},
		{"Treatment", 11, s.text, listTreatment},
		{"Treatment status", 14, s.text, listTreatmentStatus},
		{"Owner", 19, s.text, listRoles},
		{"Due", 11, s.date, ""},
		{"Register", 30, s.wrap, ""},
	}
	var rows [][]any
	for _, r := range p.Risks {
		var due any = r.Due
		if t, err := time.Parse(time.DateOnly, r.Due); err == nil {
			due = t
		}
		rows = append(rows, []any{r.ID, r.Title, r.AISystem, r.Likelihood, r.Impact, r.Score, r.Level,
			r.Treatment, r.TreatmentStatus, r.Owner, due, r.Source})
	}
	last, err := wb.writeTable(sh, "tblRisks", cols, rows)
	if err != nil {
		return err
	}
	for i, r := range p.Risks {
		if err := wb.linkCell(sh, cell(12, i+2), r.Source); err != nil {
			return err
		}
	}
	if err := wb.colour(sh, fmt.Sprintf("G2:G%d", last), []xlsxColour{
		{"high", s.bad}, {"medium", s.warn}, {"low", s.good},
	}); err != nil {
		return err
	}

	// The heat map: likelihood 5 at the top, impact 1 to 5 from the left,
	// in columns C to H.
	top := last + 3
	if err := f.SetCellStr(sh, cell(3, top), "Heat map: number of risks by likelihood and impact"); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, cell(3, top), cell(8, top), s.section); err != nil {
		return err
	}
	if err := f.SetCellStr(sh, cell(3, top+1), "Likelihood ↓ / Impact →"); err != nil {
		return err
	}
	for i := 1; i <= 5; i++ {
		if err := f.SetCellInt(sh, cell(3+i, top+1), int64(i)); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, cell(3, top+1), cell(8, top+1), s.heatHead); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, top+1, 32); err != nil {
		return err
	}
	for l := 5; l >= 1; l-- {
		row := top + 2 + (5 - l)
		if err := f.SetCellInt(sh, cell(3, row), int64(l)); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, cell(3, row), cell(3, row), s.heatHead); err != nil {
			return err
		}
		for i := 1; i <= 5; i++ {
			if err := f.SetCellInt(sh, cell(3+i, row), int64(p.HeatMap[l-1][i-1])); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(sh, cell(4, row), cell(8, row), s.heat); err != nil {
			return err
		}
		if err := f.SetRowHeight(sh, row, 24); err != nil {
			return err
		}
	}
	if err := f.SetCellStr(sh, cell(3, top+7), "Scores above 5 are counted as 5. Darker red: more risks."); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, cell(3, top+7), cell(3, top+7), s.note); err != nil {
		return err
	}
	return f.SetConditionalFormat(sh, cell(4, top+2)+":"+cell(8, top+6), []excelize.ConditionalFormatOptions{{
		Type: "3_color_scale", Criteria: "=",
		MinType: "num", MinValue: "0", MinColor: "#FFFFFF",
		MidType: "percentile", MidValue: "50", MidColor: "#FFEB84",
		MaxType: "max", MaxColor: "#F8696B",
	}})
}

// writeKPIs writes the key performance indicators: shares as percentages,
// counts as whole numbers.
func (wb *workbook) writeKPIs() error {
	s, sh := wb.s, sheetKPIs
	cols := []xlsxCol{
		{"KPI", 30, s.wrap, ""},
		{"Definition", 60, s.wrap, ""},
		{"Value", 10, s.number, ""},
		{"Target", 10, s.number, ""},
		{"Unit", 8, s.center, ""},
		{"Met when", 16, s.text, ""},
		{"Counted", 12, s.text, ""},
		{"Met", 8, s.text, listYesNo},
	}
	var rows [][]any
	for _, k := range wb.p.KPIs {
		when := "value ≥ target"
		if k.LowerIsBetter {
			when = "value ≤ target"
		}
		counted := ""
		if k.Unit == "%" && k.Denominator > 0 {
			counted = fmt.Sprintf("%d of %d", k.Numerator, k.Denominator)
		}
		rows = append(rows, []any{k.Name, k.Definition, k.Value, k.Target, k.Unit, when, counted, xlsxYesNo(k.Met)})
	}
	last, err := wb.writeTable(sh, "tblKPIs", cols, rows)
	if err != nil {
		return err
	}
	for i, k := range wb.p.KPIs {
		style := 0
		switch k.Unit {
		case "%":
			style = s.percent
		case "count":
			style = s.int
		}
		if style != 0 {
			if err := wb.f.SetCellStyle(sh, cell(3, i+2), cell(4, i+2), style); err != nil {
				return err
			}
		}
	}
	return wb.colour(sh, fmt.Sprintf("H2:H%d", last), []xlsxColour{{"Yes", s.good}, {"No", s.bad}})
}

// writeFindings streams every finding. The print set-up comes first, as
// normal-mode calls after Flush are silently lost; the hyperlinks are added
// when the package is re-zipped.
func (wb *workbook) writeFindings() error {
	f, s, p, sh := wb.f, wb.s, wb.p, sheetFindings
	cols := []xlsxCol{
		{"Rule", 11, s.text, ""},
		{"Severity", 10, s.text, ""},
		{"File", 38, s.wrap, ""},
		{"Line", 7, s.int, ""},
		{"Message", 80, s.wrap, ""},
		{"ISO references", 22, s.wrap, ""},
		{"Suppressed", 30, s.wrap, ""},
	}
	last := max(len(p.Findings)+1, 2)
	if err := wb.pageSetup(sh, 0, true); err != nil {
		return err
	}

	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	head := make([]any, len(cols))
	for i, h := range tableHeads(cols) {
		head[i] = excelize.Cell{StyleID: s.header, Value: h}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: headerHeight(cols)}); err != nil {
		return err
	}
	for i := range p.Findings {
		fd := &p.Findings[i]
		file, fileStyle := fd.Range.File, s.wrap
		if file == "" {
			file = repositoryLabel
		}
		if fd.Range.File != "" && wb.addLink(sh, cell(3, i+2), fd.Range.File) {
			fileStyle = s.link
		}
		var line any
		if fd.Range.Start.Line > 0 {
			line = fd.Range.Start.Line
		}
		suppressed := ""
		if sp := fd.Suppressed; sp != nil {
			suppressed = sp.Reason
			if suppressed == "" {
				suppressed = "suppressed"
			}
		}
		sevStyle, ok := s.severity[fd.Severity]
		if !ok {
			sevStyle = s.text
		}
		row := []any{
			excelize.Cell{StyleID: s.text, Value: xlsxText(fd.RuleID)},
			excelize.Cell{StyleID: sevStyle, Value: fd.Severity.String()},
			excelize.Cell{StyleID: fileStyle, Value: xlsxText(file)},
			excelize.Cell{StyleID: s.center, Value: line},
			excelize.Cell{StyleID: s.wrap, Value: xlsxText(fd.Message)},
			excelize.Cell{StyleID: s.wrap, Value: xlsxText(strings.Join(fd.Controls, ", "))},
			excelize.Cell{StyleID: s.wrap, Value: xlsxText(suppressed)},
		}
		var opts []excelize.RowOpts
		lines := 1
		for c, v := range row {
			if text, ok := v.(excelize.Cell).Value.(string); ok && cols[c].wraps(s) {
				lines = max(lines, xlsxLines(text, cols[c].width))
			}
		}
		if lines > 1 {
			opts = append(opts, excelize.RowOpts{Height: xlsxRowHeight(lines)})
		}
		if err := sw.SetRow(cell(1, i+2), row, opts...); err != nil {
			return err
		}
	}
	if err := sw.AddTable(&excelize.Table{
		Range: "A1:" + cell(len(cols), last), Name: "tblFindings", StyleName: "TableStyleLight1",
	}); err != nil {
		return err
	}
	return sw.Flush()
}
