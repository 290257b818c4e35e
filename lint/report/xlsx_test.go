package report

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/plan"
	"github.com/aimsdev/aims/rules"
)

// xlsxAsOf is the as-of date of the hand-built plans.
var xlsxAsOf = time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)

// xlsxResult is the result behind xlsxPlan: a repository linted as
// "governance" from the directory aims ran in.
func xlsxResult() *lint.Result {
	return &lint.Result{
		Root:         "governance",
		Prefix:       "governance",
		Organization: "Northwind Lending",
		Version:      "0.4.0",
		AsOf:         xlsxAsOf,
		Revision:     "3f2a9c1e5b7d4a6f8e0c2b4d6f8a0c2e4b6d8f0a",
		RevisionTime: time.Date(2026, 6, 28, 12, 0, 0, 0, time.UTC),
		FailOn:       lint.Error,
	}
}

// xlsxPlan is a small plan with one of everything, and some hostile text.
func xlsxPlan() *plan.Plan {
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	findings := []lint.Finding{
		{RuleID: "AIMS4001", Severity: lint.Error, Message: "add evidence for 6.1.4", Controls: []string{"6.1.4"}},
		{RuleID: "AIMS2001", Severity: lint.Error, Range: artifact.Range{File: "systems/credit.yaml", Start: artifact.Position{Line: 3, Col: 1}},
			Message: "add an impact assessment for \"SYS-CREDIT\"", Controls: []string{"6.1.4", "A.5.2"}},
		{RuleID: "AIMS3004", Severity: lint.Warning, Range: artifact.Range{File: "systems/legacy.yaml", Start: artifact.Position{Line: 1, Col: 1}},
			Message: "=HYPERLINK(\"http://example.com\",\"click\")", Controls: []string{"A.6.2.6"},
			Suppressed: &lint.Suppression{Reason: "retired next month"}},
	}
	return &plan.Plan{
		Organization: "Northwind Lending",
		Revision:     "3f2a9c1e5b7d4a6f8e0c2b4d6f8a0c2e4b6d8f0a",
		AsOf:         xlsxAsOf,
		Start:        start,
		End:          time.Date(2027, 9, 30, 0, 0, 0, 0, time.UTC),
		Dashboard: plan.Dashboard{
			ComplianceRate:       0.5,
			ComplianceDefinition: "implemented clauses and controls divided by applicable ones",
			Applicable:           4,
			Evidenced:            2,
			ArtifactsByStatus:    map[string]int{"approved": 2, "draft": 1, "superseded": 1},
			FindingsBySeverity:   map[lint.Severity]int{lint.Error: 2},
			Groups: []plan.GroupCoverage{
				{Group: "6", Title: "Planning", Applicable: 2, Implemented: 1, Missing: 1},
				{Group: "A.5", Title: "Assessing impacts of AI systems", Applicable: 2, Implemented: 1, Partial: 1},
			},
		},
		Gaps: []plan.Gap{
			{Ref: "6.1.2", Title: "AI risk assessment", Group: "6", Applicable: true, Status: plan.Implemented,
				Evidence: []string{"risk/register.yaml", "risk/other.yaml"}, Priority: "low", Owner: "ai-governance-lead",
				Guidance: "keep the register current"},
			{Ref: "6.1.4", Title: "+AI system impact assessment", Group: "6", Applicable: true, Status: plan.Missing,
				Findings: 2, Priority: "high", Owner: "ethics-committee", Guidance: "-write an impact assessment"},
			{Ref: "A.5.2", Title: "@AI system impact assessment process", Control: true, Group: "A.5", Applicable: true,
				Status: plan.Partial, Evidence: []string{"procedures/impact.md"}, Findings: 1, Priority: "medium", Owner: "ethics-committee"},
			{Ref: "A.10.4", Title: "Customers", Control: true, Group: "A.10", Status: plan.NotApplicable, Priority: "low", Owner: "legal-advisors"},
		},
		Tasks: []plan.Task{
			{ID: "T-001", Phase: plan.Planning, Name: "=1+1", Ref: "6.1.4", Responsible: "ethics-committee", Accountable: "top-management",
				Start: start, End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Status: "not-started"},
			{ID: "T-002", Phase: plan.Execution, Name: "Implement the impact assessment process", Ref: "A.5.2",
				Responsible: "ethics-committee", Accountable: "top-management",
				Start: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC),
				DependsOn: []string{"T-001"}, Status: "in-progress"},
		},
		Roles: []plan.Role{
			{ID: "top-management", Title: "Top management"}, {ID: "ai-governance-lead", Title: "AI governance lead"},
			{ID: "ethics-committee", Title: "Ethics committee"}, {ID: "legal-advisors", Title: "Legal advisors"},
		},
		RACI: []plan.RACIRow{
			{Activity: "Assess impacts", Phase: plan.Planning, Codes: []string{"A", "C", "R", "I"}},
			{Activity: "Review the AIMS", Phase: plan.Monitoring, Codes: []string{"A", "R"}},
		},
		SoA: []plan.SoAEntry{
			{Ref: "A.5.2", Title: "AI system impact assessment process", Applicable: true, Justification: "high-risk systems",
				Implementation: "in-progress", Evidence: []string{"PROC-IA"}},
			{Ref: "A.10.4", Title: "Customers", Justification: "no customers", Implementation: "not-applicable"},
		},
		Risks: []plan.Risk{
			{ID: "R-001", Title: "Unfair refusals", AISystem: "SYS-CREDIT", Owner: "ai-governance-lead", Treatment: "mitigate",
				TreatmentStatus: "in-progress", Due: "2027-03-31", Likelihood: 4, Impact: 5, Score: 20, Level: "high", Source: "risk/register.yaml"},
		},
		HeatMap: [5][5]int{3: {4: 1}},
		KPIs: []plan.KPI{
			{Name: "Compliance rate", Definition: "implemented over applicable", Value: 50, Target: 100, Unit: "%"},
			{Name: "Open errors", Definition: "unsuppressed error findings", Value: 2, Target: 0, Unit: "count"},
		},
		Findings: findings,
		Missing:  []string{"no Statement of Applicability: the SoA sheet is derived from coverage"},
	}
}

// writeTestWorkbook renders p and opens the result.
func writeTestWorkbook(t testing.TB, r *lint.Result, p *plan.Plan) ([]byte, *excelize.File) {
	t.Helper()
	var buf bytes.Buffer
	if err := writeWorkbook(&buf, r, p); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return buf.Bytes(), f
}

// xlsxTableSheets are the table sheets with their header rows.
var xlsxTableSheets = []struct {
	sheet string
	head  []string
}{
	{sheetGaps, []string{"Ref", "Title", "Type", "Group", "Applicable", "Status", "Evidence", "Further evidence", "Open findings", "Priority", "Owner", "Guidance", "AI systems not evidenced"}},
	{sheetPlan, []string{"ID", "Phase", "Task", "Ref", "Responsible", "Accountable", "Start", "End", "Depends on", "Status", "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "M10", "M11", "M12"}},
	{sheetRACI, []string{"Activity", "Phase", "Top management", "AI governance lead", "Ethics committee", "Legal advisors"}},
	{sheetSoA, []string{"Ref", "Title", "Applicable", "Justification", "Implementation", "Evidence", "AI systems", "Derived"}},
	{sheetRisks, []string{"ID", "Title", "AI system", "Likelihood", "Impact", "Score", "Level", "Treatment", "Treatment status", "Owner", "Due", "Register"}},
	{sheetKPIs, []string{"KPI", "Definition", "Value", "Target", "Unit", "Met when", "Counted", "Met"}},
	{sheetFindings, []string{"Rule", "Severity", "File", "Line", "Message", "ISO references", "Suppressed"}},
}

func TestXLSXStructure(t *testing.T) {
	p := xlsxPlan()
	data, f := writeTestWorkbook(t, xlsxResult(), p)

	if got, want := f.GetSheetList(), xlsxSheets(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the dashboard", f.GetActiveSheetIndex())
	}
	for _, name := range xlsxSheets() {
		visible, err := f.GetSheetVisible(name)
		if err != nil {
			t.Fatal(err)
		}
		if visible != (name != sheetLists) {
			t.Errorf("%s visible = %v", name, visible)
		}
	}

	dataRows := map[string]int{
		sheetGaps: len(p.Gaps), sheetPlan: len(p.Tasks), sheetRACI: len(p.RACI), sheetSoA: len(p.SoA),
		sheetKPIs: len(p.KPIs), sheetFindings: len(p.Findings),
	}
	for _, ts := range xlsxTableSheets {
		rows, err := f.GetRows(ts.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 || !slices.Equal(rows[0], ts.head) {
			t.Errorf("%s header = %q, want %q", ts.sheet, rows[0], ts.head)
		}
		if n, ok := dataRows[ts.sheet]; ok && len(rows) != n+1 {
			t.Errorf("%s has %d rows, want %d", ts.sheet, len(rows), n+1)
		}
		panes, err := f.GetPanes(ts.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s panes = %+v, want the header row frozen", ts.sheet, panes)
		}
		tables, err := f.GetTables(ts.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(tables) != 1 || !strings.HasPrefix(tables[0].Range, "A1:") {
			t.Errorf("%s tables = %+v, want one from A1", ts.sheet, tables)
		}
		layout, err := f.GetPageLayout(ts.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if layout.Orientation == nil || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
			t.Errorf("%s page layout = %+v, want landscape one page wide", ts.sheet, layout)
		}
		props, err := f.GetSheetProps(ts.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s does not fit to page", ts.sheet)
		}
	}
	// The dashboard: the rate as a number with its definition beside it,
	// and the chart.
	dash, err := f.GetRows(sheetDashboard, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	rate := false
	for _, row := range dash {
		if len(row) >= 3 && row[0] == "Compliance rate" {
			rate = row[1] == "0.5" && row[2] == p.Dashboard.ComplianceDefinition
		}
	}
	if !rate {
		t.Errorf("dashboard lacks the compliance rate 0.5 with its definition:\n%q", dash)
	}
	if !bytes.Contains(data, []byte("xl/charts/chart1.xml")) {
		t.Error("the workbook has no chart")
	}

	// The risks table: one risk, then the heat map below it.
	if tables, _ := f.GetTables(sheetRisks); len(tables) == 1 && tables[0].Range != "A1:L2" {
		t.Errorf("risks table %s, want A1:L2", tables[0].Range)
	}
	if v, _ := f.GetCellValue(sheetRisks, "H6"); v != "5" {
		t.Errorf("heat map impact 5 head = %q", v)
	}
	if v, _ := f.GetCellValue(sheetRisks, "H8"); v != "1" { // likelihood 4 is the second row
		t.Errorf("heat map count at likelihood 4, impact 5 = %q, want 1", v)
	}
}

func TestXLSXValidations(t *testing.T) {
	_, f := writeTestWorkbook(t, xlsxResult(), xlsxPlan())

	want := map[string]map[string]string{ // sheet → range → list range
		sheetGaps: {
			"E2:E5": "Lists!$F$2:$F$3", "F2:F5": "Lists!$B$2:$B$5", "J2:J5": "Lists!$G$2:$G$4", "K2:K5": "Lists!$A$2:$A$5",
		},
		sheetPlan: {"B2:B3": "Lists!$D$2:$D$4", "E2:E3": "Lists!$A$2:$A$5", "F2:F3": "Lists!$A$2:$A$5", "J2:J3": "Lists!$C$2:$C$4"},
		sheetRACI: {"B2:B3": "Lists!$D$2:$D$4", "C2:C3": "Lists!$J$2:$J$5", "F2:F3": "Lists!$J$2:$J$5"},
		sheetSoA:  {"C2:C3": "Lists!$F$2:$F$3", "E2:E3": "Lists!$E$2:$E$6"},
		sheetRisks: {
			"G2:G2": "Lists!$K$2:$K$4", "H2:H2": "Lists!$H$2:$H$5", "I2:I2": "Lists!$I$2:$I$5", "J2:J2": "Lists!$A$2:$A$5",
		},
	}
	for sheet, ranges := range want {
		dvs, err := f.GetDataValidations(sheet)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, dv := range dvs {
			if dv.Type != "list" {
				t.Errorf("%s!%s: validation type %q", sheet, dv.Sqref, dv.Type)
			}
			got[dv.Sqref] = dv.Formula1
		}
		for sqref, list := range ranges {
			if got[sqref] != list {
				t.Errorf("%s!%s drop-down = %q, want %q (all: %v)", sheet, sqref, got[sqref], list, got)
			}
		}
	}
	roles, err := f.GetRows(sheetLists)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, row := range roles[1:] {
		if len(row) > 0 && row[0] != "" {
			ids = append(ids, row[0])
		}
	}
	if want := []string{"top-management", "ai-governance-lead", "ethics-committee", "legal-advisors"}; !slices.Equal(ids, want) {
		t.Errorf("role list = %q, want %q", ids, want)
	}
}

func TestXLSXCells(t *testing.T) {
	_, f := writeTestWorkbook(t, xlsxResult(), xlsxPlan())

	// Hyperlinks, relative to the directory aims ran in (the root as given).
	for _, c := range []struct{ sheet, cell, target string }{
		{sheetGaps, "G2", "governance/risk/register.yaml"},
		{sheetGaps, "G4", "governance/procedures/impact.md"},
		{sheetRisks, "L2", "governance/risk/register.yaml"},
		{sheetFindings, "C3", "governance/systems/credit.yaml"},
		{sheetFindings, "C4", "governance/systems/legacy.yaml"},
	} {
		ok, target, err := f.GetCellHyperLink(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		if !ok || target != c.target {
			t.Errorf("%s!%s link = %v %q, want %q", c.sheet, c.cell, ok, target, c.target)
		}
	}
	for _, c := range []struct{ sheet, cell string }{{sheetGaps, "G3"}, {sheetFindings, "C2"}} {
		if ok, target, _ := f.GetCellHyperLink(c.sheet, c.cell); ok {
			t.Errorf("%s!%s has a link to %q; it has no file", c.sheet, c.cell, target)
		}
	}
	for _, c := range []struct{ sheet, cell, want string }{
		{sheetGaps, "H2", "risk/other.yaml"},
		{sheetGaps, "E5", "No"},
		{sheetFindings, "C2", repositoryLabel},
		{sheetFindings, "D3", "3"},
		{sheetFindings, "G4", "retired next month"},
		{sheetPlan, "B2", "Planning"},
		{sheetPlan, "G2", "2026-10-01"},
		{sheetPlan, "H3", "2027-06-30"},
		{sheetPlan, "I3", "T-001"},
		{sheetRisks, "K2", "2027-03-31"},
		{sheetRACI, "E2", "R"},
		{sheetKPIs, "H2", "No"},
		{sheetDashboard, "A3", "⚠ no Statement of Applicability: the SoA sheet is derived from coverage"},
	} {
		if got, err := f.GetCellValue(c.sheet, c.cell); err != nil || got != c.want {
			t.Errorf("%s!%s = %q, %v; want %q", c.sheet, c.cell, got, err, c.want)
		}
	}
	// Dates are dates, not text.
	for _, ref := range []string{"G2", "H3"} {
		typ, err := f.GetCellType(sheetPlan, ref)
		if err != nil || typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber && typ != excelize.CellTypeDate {
			t.Errorf("Plan!%s type %v, want a number", ref, typ)
		}
		raw, _ := f.GetCellValue(sheetPlan, ref, excelize.Options{RawCellValue: true})
		if strings.Contains(raw, "-") {
			t.Errorf("Plan!%s holds %q, want a serial date", ref, raw)
		}
	}
	// The timeline is conditional formatting on the month columns.
	cfs, err := f.GetConditionalFormats(sheetPlan)
	if err != nil {
		t.Fatal(err)
	}
	m1 := cfs["K2:K3"]
	if len(m1) != 3 || m1[0].Type != "formula" || !strings.Contains(m1[0].Criteria, "DATE(2026,10,31)") || !strings.Contains(m1[0].Criteria, "DATE(2026,10,1)") {
		t.Errorf("M1 timeline formats = %+v", m1)
	}
	if m12 := cfs["V2:V3"]; len(m12) != 3 || !strings.Contains(m12[2].Criteria, "DATE(2027,9,1)") {
		t.Errorf("M12 timeline formats = %+v", m12)
	}
}

func TestXLSXTextStaysText(t *testing.T) {
	p := xlsxPlan()
	p.Roles[0].ID = "=cmd|' /C calc'!A0"
	p.Organization = "@SUM(1+1)"
	_, f := writeTestWorkbook(t, xlsxResult(), p)
	for _, c := range []struct{ sheet, cell, want string }{
		{sheetGaps, "B3", "+AI system impact assessment"},
		{sheetGaps, "B4", "@AI system impact assessment process"},
		{sheetGaps, "L3", "-write an impact assessment"},
		{sheetPlan, "C2", "=1+1"},
		{sheetFindings, "E4", `=HYPERLINK("http://example.com","click")`},
		{sheetLists, "A2", "=cmd|' /C calc'!A0"},
		{sheetDashboard, "B6", "@SUM(1+1)"},
	} {
		got, err := f.GetCellValue(c.sheet, c.cell)
		if err != nil || got != c.want {
			t.Errorf("%s!%s = %q, %v; want %q", c.sheet, c.cell, got, err, c.want)
		}
		formula, err := f.GetCellFormula(c.sheet, c.cell)
		if err != nil || formula != "" {
			t.Errorf("%s!%s has formula %q (%v), want literal text", c.sheet, c.cell, formula, err)
		}
		typ, _ := f.GetCellType(c.sheet, c.cell)
		if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s!%s type %v, want a string", c.sheet, c.cell, typ)
		}
	}
}

func TestXLSXLongAndControlText(t *testing.T) {
	p := xlsxPlan()
	huge := strings.Repeat("x", 40000)
	p.Findings[0].Message = huge
	p.Gaps[0].Guidance = "a\x01b\x1fc\r\nd\uFFFEe"
	p.Tasks[1].Name = strings.Repeat("😀", 20000) // two UTF-16 units each
	_, f := writeTestWorkbook(t, xlsxResult(), p)

	for _, c := range []struct{ sheet, cell string }{{sheetFindings, "E2"}, {sheetPlan, "C3"}} {
		got, err := f.GetCellValue(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(got, xlsxTruncated) || utf16Len(got) > xlsxMaxCell || utf16Len(got) < xlsxMaxCell-2 {
			t.Errorf("%s!%s: %d UTF-16 units, suffix %q", c.sheet, c.cell, utf16Len(got), got[max(0, len(got)-70):])
		}
	}
	if got, _ := f.GetCellValue(sheetGaps, "L2"); got != "abc\nde" {
		t.Errorf("control characters: got %q, want %q", got, "abc\nde")
	}
}

func TestXLSXText(t *testing.T) {
	long := strings.Repeat("é", xlsxMaxCell)
	for _, c := range []struct {
		name, in, want string
	}{
		{"plain", "AI policy", "AI policy"},
		{"formula-like", "=1+2", "=1+2"},
		{"line breaks", "a\r\nb\rc\nd\te", "a\nb\nc\nd\te"},
		{"controls", "a\x00\x08\x0b\x0c\x1b\uFFFF\uFFFEz", "az"},
		{"at the limit", long, long},
		{"over the limit", long + "é", strings.Repeat("é", xlsxMaxCell-utf16Len(xlsxTruncated)) + xlsxTruncated},
	} {
		if got := xlsxText(c.in); got != c.want {
			t.Errorf("%s: xlsxText = %.60q… (%d units), want %.60q… (%d units)", c.name, got, utf16Len(got), c.want, utf16Len(c.want))
		}
	}
}

func TestXLSXFileLink(t *testing.T) {
	for _, c := range []struct {
		root, prefix, file, want string
	}{
		{".", "", "policy/ai-policy.md", "policy/ai-policy.md"},
		{"", "", "policy/ai-policy.md", "policy/ai-policy.md"},
		{"../governance", "governance", "policy/ai-policy.md", "../governance/policy/ai-policy.md"},
		{"/srv/repo/aims", "aims", "policy/ai-policy.md", "aims/policy/ai-policy.md"},
		{".", "", "policies/my policy#1?.md", "policies/my%20policy%231%3F.md"},
		{".", "", "javascript:alert(1).md", "./javascript:alert%281%29.md"},
		{".", "", "../outside.md", ""},
		{".", "", "/etc/passwd", ""},
		{".", "", "a/../../b.md", ""},
		{".", "", "", ""},
		{".", "", strings.Repeat("a/", 1100) + "x.md", ""},
	} {
		wb := &workbook{r: &lint.Result{Root: c.root, Prefix: c.prefix}}
		if got := wb.fileLink(c.file); got != c.want {
			t.Errorf("root %q, file %.40q: link %q, want %q", c.root, c.file, got, c.want)
		}
	}
}

func TestXLSXDeterministic(t *testing.T) {
	first, _ := writeTestWorkbook(t, xlsxResult(), xlsxPlan())
	for range 5 {
		again, _ := writeTestWorkbook(t, xlsxResult(), xlsxPlan())
		if !bytes.Equal(first, again) {
			t.Fatal("two workbooks of the same plan differ")
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range zr.File {
		data, err := readEntry(e)
		if err != nil {
			t.Fatal(err)
		}
		switch e.Name {
		case "docProps/core.xml":
			for _, want := range []string{">aims</", "2026-09-30T00:00:00Z"} {
				if !bytes.Contains(data, []byte(want)) {
					t.Errorf("core.xml lacks %q:\n%s", want, data)
				}
			}
		case "[Content_Types].xml":
			defaults := contentTypeDefault.FindAll(data, -1)
			if len(defaults) < 2 || !slices.IsSortedFunc(defaults, bytes.Compare) {
				t.Errorf("[Content_Types].xml Default entries are not sorted:\n%s", data)
			}
		}
	}
}

func TestSortContentTypes(t *testing.T) {
	in := `<Types><Default Extension="xml" ContentType="x"></Default><Override PartName="/a"/><Default Extension="png" ContentType="p"/><Default Extension="jpeg" ContentType="j"></Default></Types>`
	want := `<Types><Default Extension="jpeg" ContentType="j"></Default><Override PartName="/a"/><Default Extension="png" ContentType="p"/><Default Extension="xml" ContentType="x"></Default></Types>`
	if got := string(sortContentTypes([]byte(in))); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestXLSXEmpty writes the workbook of a result with nothing in it: every
// sheet is there, with an empty table.
func TestXLSXEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := XLSX(&buf, bareResult(), Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, xlsxSheets()) {
		t.Errorf("sheets = %q", got)
	}
	if v, _ := f.GetCellValue(sheetDashboard, "A3"); !strings.HasPrefix(v, "⚠ ") {
		t.Errorf("dashboard A3 = %q, want what the plan could not use", v)
	}
}

// systemsResult is a result whose A.6.2.4 coverage has a line of detail per
// AI system, as the evaluation rules record it, and whose A.5.3 coverage is
// per system without one.
func systemsResult() *lint.Result {
	r := &lint.Result{
		Root: ".", AsOf: xlsxAsOf, FailOn: lint.Error, References: rules.DefaultCatalogue().LintReferences(),
		Artifacts: []lint.Artifact{
			{Path: "evaluations/credit.yaml", Kind: "evaluation", ID: "EVAL-CREDIT-41", Status: "approved"},
			{Path: "evaluations/fraud.yaml", Kind: "evaluation", ID: "EVAL-FRAUD-7", Status: "approved"},
			{Path: "evaluations/hr.yaml", Kind: "evaluation", ID: "EVAL-HR-2", Status: "draft"},
			{Path: "impact/credit.md", Kind: "impact-assessment", ID: "AIA-001", Status: "approved"},
		},
	}
	for _, x := range r.References {
		if x.ID == x.Group {
			continue
		}
		c := lint.Coverage{Ref: x.ID, Applicable: true, Status: lint.Missing}
		switch x.ID {
		case "A.6.2.4":
			c.Evidence = []string{"evaluations/credit.yaml", "evaluations/fraud.yaml"}
			c.Systems = []lint.SystemCoverage{
				{System: "SYS-CREDIT", Status: lint.Evidenced, Evidence: []string{"evaluations/credit.yaml"}, Detail: "EVAL-CREDIT-41, NAS 4.1 on 2026-05-07: 6 of 6 metrics met"},
				{System: "SYS-FRAUD", Status: lint.Missing, Evidence: []string{"evaluations/fraud.yaml"}, Detail: "EVAL-FRAUD-7, FD 2.0 on 2026-04-02: 4 of 5 metrics met"},
				{System: "SYS-HR", Status: lint.DraftOnly, Evidence: []string{"evaluations/hr.yaml"}, Detail: "no approved evaluation (EVAL-HR-2 is a draft)"},
			}
		case "A.5.3":
			c.Status, c.Evidence = lint.Missing, []string{"impact/credit.md"}
			c.Systems = []lint.SystemCoverage{
				{System: "SYS-CREDIT", Status: lint.Evidenced, Evidence: []string{"impact/credit.md"}},
				{System: "SYS-HR", Status: lint.Missing},
			}
		}
		r.Coverage = append(r.Coverage, c)
	}
	return r
}

// TestXLSXSystems reads back the per-system evidence of the SoA and the gap
// analysis: every system with its result under the SoA, the systems left to
// do in the gap analysis.
func TestXLSXSystems(t *testing.T) {
	var buf bytes.Buffer
	if err := XLSX(&buf, systemsResult(), Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	column := func(sheet, ref, head string) string {
		t.Helper()
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		col := slices.Index(rows[0], head)
		for _, row := range rows[1:] {
			if row[0] == ref {
				if col < len(row) {
					return row[col]
				}
				return ""
			}
		}
		t.Fatalf("%s has no row %s", sheet, ref)
		return ""
	}
	for _, tc := range []struct{ sheet, ref, head, want string }{
		{sheetSoA, "A.6.2.4", "AI systems", "SYS-CREDIT: passed (EVAL-CREDIT-41) — EVAL-CREDIT-41, NAS 4.1 on 2026-05-07: 6 of 6 metrics met\n" +
			"SYS-FRAUD: not passed (EVAL-FRAUD-7) — EVAL-FRAUD-7, FD 2.0 on 2026-04-02: 4 of 5 metrics met\n" +
			"SYS-HR: not passed (EVAL-HR-2) — no approved evaluation (EVAL-HR-2 is a draft)"},
		{sheetSoA, "A.5.3", "AI systems", "SYS-CREDIT: evidenced (AIA-001)\nSYS-HR: missing"},
		{sheetSoA, "A.6.2.5", "AI systems", ""},
		{sheetGaps, "A.6.2.4", "AI systems not evidenced",
			"SYS-FRAUD: not passed (EVAL-FRAUD-7) — EVAL-FRAUD-7, FD 2.0 on 2026-04-02: 4 of 5 metrics met\n" +
				"SYS-HR: not passed (EVAL-HR-2) — no approved evaluation (EVAL-HR-2 is a draft)"},
		{sheetGaps, "A.5.3", "AI systems not evidenced", "SYS-HR: missing"},
		{sheetGaps, "A.6.2.5", "AI systems not evidenced", ""},
		{sheetGaps, "A.6.2.4", "Status", "missing"},
	} {
		if got := column(tc.sheet, tc.ref, tc.head); got != tc.want {
			t.Errorf("%s %s %q = %q, want %q", tc.sheet, tc.ref, tc.head, got, tc.want)
		}
	}
}

// lintExample lints the bundled example with every rule at xlsxAsOf.
func lintExample(t testing.TB, dir string) *lint.Result {
	t.Helper()
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.AsOf = xlsxAsOf
	cfg.References = rules.DefaultCatalogue().LintReferences()
	res, err := lint.Run(context.Background(), cfg, rules.All)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestXLSXExample writes the workbook of the bundled example, end to end.
func TestXLSXExample(t *testing.T) {
	res := lintExample(t, "../../testdata/example-aims")
	write, ok := Get("xlsx")
	if !ok {
		t.Fatal("no xlsx format")
	}
	var buf bytes.Buffer
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	if err := write(&buf, res, Options{PlanStart: start}); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := write(&again, res, Options{PlanStart: start}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two workbooks of the example differ")
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	rowsOf := func(sheet string) [][]string {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	if n := len(rowsOf(sheetGaps)) - 1; n != 70 {
		t.Errorf("%d gap rows, want 70 (32 clauses, 38 controls)", n)
	}
	if n := len(rowsOf(sheetSoA)) - 1; n != 38 {
		t.Errorf("%d SoA rows, want 38", n)
	}
	if n := len(rowsOf(sheetFindings)) - 1; n != len(res.Findings) {
		t.Errorf("%d finding rows, want %d", n, len(res.Findings))
	}
	if n := len(rowsOf(sheetPlan)) - 1; n == 0 {
		t.Error("the plan has no tasks")
	}
	if v, _ := f.GetCellValue(sheetDashboard, "A1"); !strings.HasPrefix(v, "Northwind Lending Ltd") {
		t.Errorf("dashboard title %q", v)
	}
	links := 0
	for i, row := range rowsOf(sheetGaps)[1:] {
		if len(row) > 6 && row[6] != "" {
			ok, target, err := f.GetCellHyperLink(sheetGaps, fmt.Sprintf("G%d", i+2))
			if err != nil || !ok || target != "../../testdata/example-aims/"+row[6] {
				t.Errorf("Gap analysis!G%d: link %v %q, want one to %s", i+2, ok, target, row[6])
			}
			links++
		}
	}
	if links < 30 {
		t.Errorf("%d evidence links, want at least 30", links)
	}
}

// BenchmarkXLSX writes the workbook of a 10,000-artifact corpus with 10,000
// findings (the corpus lints clean, so the findings are synthetic):
//
//	go test ./lint/report -run '^$' -bench XLSX -benchmem
func BenchmarkXLSX(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, 10000); err != nil {
		b.Fatal(err)
	}
	res := lintExample(b, dir)
	for i := 0; len(res.Findings) < 10000; i++ {
		a := res.Artifacts[i%len(res.Artifacts)]
		res.Findings = append(res.Findings, lint.Finding{
			RuleID: "AIMS9999", Severity: lint.Severity(1 + i%3),
			Range:    artifact.Range{File: a.Path, Start: artifact.Position{Line: 1 + i%40, Col: 1}},
			Message:  fmt.Sprintf("synthetic finding %d: add the missing section to %q so the artifact says what the standard asks", i, a.ID),
			Controls: []string{"7.5.2", "A.6.2.4"},
		})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := XLSX(io.Discard, res, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestXLSXLines(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float64
		want  int
	}{
		{"", 10, 1},
		{"short", 10, 1},
		{"one two three four", 10, 2},      // 11 characters a line
		{"abcdefghijklmnopqrstuvw", 10, 3}, // 23 characters, no break
		{"a\nb\n\nc", 10, 4},
		{"procedures/PROC-008-document-control.md", 20, 2},
		{"aaaaa bbbbb ccccc", 5, 3},
	} {
		if got := xlsxLines(c.text, c.width); got != c.want {
			t.Errorf("xlsxLines(%q, %v) = %d, want %d", c.text, c.width, got, c.want)
		}
	}
}

func TestAddHyperlinks(t *testing.T) {
	sheet := `<?xml version="1.0"?><worksheet xmlns="main"><sheetData><row r="1"/></sheetData><pageMargins left="0.5"/><tableParts count="1"/></worksheet>`
	rels := `<Relationships xmlns="rels"><Relationship Id="rId3" Target="../tables/table1.xml" Type="table"></Relationship></Relationships>`
	gotSheet, gotRels, err := addHyperlinks([]byte(sheet), []byte(rels), []xlsxLink{{"C2", "a&b.md"}, {"C3", `q"x.md`}})
	if err != nil {
		t.Fatal(err)
	}
	wantSheet := `<?xml version="1.0"?><worksheet xmlns:r="` + nsRelationships + `" xmlns="main"><sheetData><row r="1"/></sheetData>` +
		`<hyperlinks><hyperlink ref="C2" r:id="rId4"></hyperlink><hyperlink ref="C3" r:id="rId5"></hyperlink></hyperlinks>` +
		`<pageMargins left="0.5"/><tableParts count="1"/></worksheet>`
	if string(gotSheet) != wantSheet {
		t.Errorf("sheet:\n got %s\nwant %s", gotSheet, wantSheet)
	}
	for _, want := range []string{
		`<Relationship Id="rId4" Target="a&amp;b.md" TargetMode="External" Type="` + relHyperlink + `"></Relationship>`,
		`<Relationship Id="rId5" Target="q&#34;x.md" TargetMode="External" Type="` + relHyperlink + `"></Relationship></Relationships>`,
	} {
		if !strings.Contains(string(gotRels), want) {
			t.Errorf("relationships lack %s:\n%s", want, gotRels)
		}
	}
	if _, _, err := addHyperlinks([]byte(wantSheet), []byte(rels), []xlsxLink{{"A1", "x"}}); err == nil {
		t.Error("a sheet with hyperlinks already: no error")
	}
}
