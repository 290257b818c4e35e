package report

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/plan"
)

// The workbook's sheets, in tab order. Lists is hidden: it holds the
// drop-down values.
const (
	sheetDashboard = "Dashboard"
	sheetGaps      = "Gap analysis"
	sheetPlan      = "Plan"
	sheetRACI      = "RACI"
	sheetSoA       = "SoA"
	sheetRisks     = "Risks"
	sheetKPIs      = "KPIs"
	sheetFindings  = "Findings"
	sheetLists     = "Lists"
)

// xlsxSheets lists the sheets in tab order.
func xlsxSheets() []string {
	return []string{sheetDashboard, sheetGaps, sheetPlan, sheetRACI, sheetSoA, sheetRisks, sheetKPIs, sheetFindings, sheetLists}
}

// xlsxMaxCell is the most text a cell holds, in UTF-16 code units; Excel and
// excelize cut longer text silently.
const xlsxMaxCell = 32767

// xlsxTruncated ends a cell whose text was cut to fit xlsxMaxCell.
const xlsxTruncated = " … [truncated by aims: a cell holds at most 32,767 characters]"

// xlsxMaxLinks is how many hyperlinks one sheet may hold (Excel's limit,
// which excelize enforces); further cells keep their text without a link.
const xlsxMaxLinks = 65530

// xlsxMaxLink is the longest link target written; Excel refuses longer ones.
const xlsxMaxLink = 2000

// xlsxMaxEvidence is how many further evidence paths a gap row lists.
const xlsxMaxEvidence = 10

// XLSX writes the implementation plan workbook: it builds the plan from the
// result with plan.Build (month 1 starts on o.PlanStart, or by default the
// first day of the month after the as-of date) and renders it as an Excel
// workbook with these sheets, in order:
//
//   - Dashboard: the organization, the linted commit and its date, the as-of
//     date and the plan's period; the compliance rate with its definition;
//     artifacts by status and findings by severity; coverage per clause group
//     (4–10) and Annex A group (A.2–A.10) as a table and a bar chart; and,
//     first of all, anything the plan could not use.
//   - Gap analysis: every clause and Annex A control with its status,
//     evidence, open findings, priority, owner and what to write (followed
//     by what the custom rules that evidence it say), and the AI systems not
//     yet evidenced for a control each system must meet.
//   - Plan: the tasks of the three phases with their roles and dates, and a
//     twelve-month timeline that conditional formatting draws from the dates.
//   - RACI: the plan's activities against the roles.
//   - SoA: the Statement of Applicability, all 38 controls, with a line per
//     AI system for a control each system must meet (A.6.2.4: whether its
//     latest evaluation passed, and what it shows).
//   - Risks: the risk registers' risks and a 5×5 heat map.
//   - KPIs: each indicator with its definition, value and target.
//   - Findings: every finding, suppressed ones included.
//
// Every table sheet is an Excel table (with filters) under a frozen header
// row, with drop-downs on the status, phase and role columns (their values
// are on a hidden Lists sheet), wrapped long text, and a landscape print
// set-up one page wide.
//
// Evidence and finding files are hyperlinks. A formatter cannot know where
// the workbook is saved, so links are relative to the directory aims ran in:
// the linted path as given on the command line (Result.Root) joined with the
// file. They open when the workbook is saved in that directory, which is where
// `aims plan` writes it by default. When the linted path is absolute, links
// are relative to the repository root instead.
//
// Text from documents is always written as text, never as a formula; XML-invalid
// control characters are removed and text longer than a cell holds is cut
// with a visible marker. The same result gives the same bytes: the document
// properties are dated at the as-of date, and the package is re-zipped in a
// fixed order.
func XLSX(w io.Writer, r *lint.Result, o Options) error {
	p := plan.Build(r, plan.Options{Start: o.PlanStart})
	return writeWorkbook(w, r, p)
}

// writeWorkbook renders a plan; XLSX builds the plan, tests build their own.
func writeWorkbook(w io.Writer, r *lint.Result, p *plan.Plan) error {
	f := excelize.NewFile()
	defer f.Close()
	wb := &workbook{f: f, r: r, p: p, links: map[string][]xlsxLink{}}
	if err := wb.build(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return fmt.Errorf("write the workbook: %w", err)
	}
	out, err := normalizeZip(buf.Bytes(), wb.links)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// A workbook is one workbook being written.
type workbook struct {
	f     *excelize.File
	r     *lint.Result
	p     *plan.Plan
	s     xlsxStyles
	lists map[string]xlsxList   // drop-down lists by name, with their ranges; empty lists are absent
	links map[string][]xlsxLink // hyperlinks by sheet name, added when the package is re-zipped
}

// build writes every sheet.
func (wb *workbook) build() error {
	f := wb.f
	if err := f.SetSheetName("Sheet1", sheetDashboard); err != nil {
		return err
	}
	for _, name := range xlsxSheets()[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	// The active tab and the hidden list go first: SetActiveSheet reads
	// every sheet back, which would decode the streamed findings.
	f.SetActiveSheet(0)
	if err := f.SetSheetVisible(sheetLists, false); err != nil {
		return err
	}
	var err error
	if wb.s, err = newXLSXStyles(f); err != nil {
		return err
	}
	steps := []func() error{
		wb.writeLists,
		wb.writeDashboard,
		wb.writeGaps,
		wb.writePlan,
		wb.writeRACI,
		wb.writeSoA,
		wb.writeRisks,
		wb.writeKPIs,
		wb.writeFindings,
		wb.setProperties,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("build the workbook: %w", err)
		}
	}
	return nil
}

// setProperties writes fixed document properties, dated at the as-of date.
func (wb *workbook) setProperties() error {
	when := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // a fixed epoch, for the same bytes every time
	if !wb.p.AsOf.IsZero() {
		when = xlsxDay(wb.p.AsOf)
	}
	stamp := when.Format("2006-01-02T15:04:05Z")
	title := "ISO/IEC 42001 implementation plan"
	if wb.p.Organization != "" {
		title = xlsxText(wb.p.Organization) + ": " + title
	}
	desc := "Written by aims from a lint result"
	if wb.r.Version != "" {
		desc = "Written by aims " + xlsxText(wb.r.Version) + " from a lint result"
	}
	return wb.f.SetDocProps(&excelize.DocProperties{
		Creator:        "aims",
		LastModifiedBy: "aims",
		Created:        stamp,
		Modified:       stamp,
		Title:          title,
		Subject:        "ISO/IEC 42001 AI management system",
		Description:    desc,
	})
}

// xlsxStyles are the workbook's cell styles and conditional formats, created
// once.
type xlsxStyles struct {
	header, text, wrap, center, date, int, number, percent, link       int
	title, subtitle, section, label, value, valueBold, valueDate, rate int
	definition                                                         int
	missing, month, heat, heatHead, note                               int
	severity                                                           map[lint.Severity]int

	// Conditional formats (dxf ids).
	good, warn, bad, grey, planning, execution, monitoring int
}

// xlsxFont is the workbook's font, excelize's default: styles that set a
// font name it, or LibreOffice falls back to a serif face.
const xlsxFont = "Calibri"

// newXLSXStyles creates the styles.
func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	style := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	cond := func(font, fill string) int {
		if err != nil {
			return 0
		}
		st := &excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}}}
		if font != "" {
			st.Font = &excelize.Font{Color: font} // a dxf only overrides the colour
		}
		var id int
		id, err = f.NewConditionalStyle(st)
		return id
	}
	top := func(wrap bool, horizontal string) *excelize.Alignment {
		return &excelize.Alignment{Vertical: "top", WrapText: wrap, Horizontal: horizontal}
	}
	dateFmt, pct := "yyyy-mm-dd", "0.0%"
	thin := []excelize.Border{
		{Type: "left", Color: "D9D9D9", Style: 1}, {Type: "right", Color: "D9D9D9", Style: 1},
		{Type: "top", Color: "D9D9D9", Style: 1}, {Type: "bottom", Color: "D9D9D9", Style: 1},
	}

	s.header = style(&excelize.Style{
		Font:      &excelize.Font{Family: xlsxFont, Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	s.text = style(&excelize.Style{Alignment: top(false, "")})
	s.wrap = style(&excelize.Style{Alignment: top(true, "")})
	s.center = style(&excelize.Style{Alignment: top(false, "center")})
	s.date = style(&excelize.Style{Alignment: top(false, "left"), CustomNumFmt: &dateFmt})
	s.int = style(&excelize.Style{Alignment: top(false, ""), NumFmt: 1})
	s.number = style(&excelize.Style{Alignment: top(false, ""), NumFmt: 4})
	s.percent = style(&excelize.Style{Alignment: top(false, ""), CustomNumFmt: &pct})
	s.link = style(&excelize.Style{Alignment: top(true, ""), Font: &excelize.Font{Family: xlsxFont, Color: "0563C1", Underline: "single"}})
	s.title = style(&excelize.Style{Font: &excelize.Font{Family: xlsxFont, Bold: true, Size: 18, Color: "1F4E78"}})
	s.subtitle = style(&excelize.Style{Font: &excelize.Font{Family: xlsxFont, Italic: true, Color: "595959"}})
	s.section = style(&excelize.Style{
		Font:   &excelize.Font{Family: xlsxFont, Bold: true, Size: 12, Color: "1F4E78"},
		Border: []excelize.Border{{Type: "bottom", Color: "1F4E78", Style: 2}},
	})
	s.label = style(&excelize.Style{Font: &excelize.Font{Family: xlsxFont, Bold: true}, Alignment: top(false, "")})
	s.value = style(&excelize.Style{Alignment: top(false, "left")})
	s.valueBold = style(&excelize.Style{Font: &excelize.Font{Family: xlsxFont, Bold: true}, Alignment: top(false, "left")})
	s.valueDate = style(&excelize.Style{Alignment: top(false, "left"), CustomNumFmt: &dateFmt})
	s.rate = style(&excelize.Style{
		Font: &excelize.Font{Family: xlsxFont, Bold: true, Size: 20, Color: "1F4E78"}, CustomNumFmt: &pct,
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"},
	})
	s.definition = style(&excelize.Style{
		Font:      &excelize.Font{Family: xlsxFont, Italic: true, Color: "404040"},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	s.missing = style(&excelize.Style{
		Font:      &excelize.Font{Family: xlsxFont, Bold: true, Color: "9C0006", Size: 12},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "left", Color: "9C0006", Style: 5}},
	})
	s.month = style(&excelize.Style{Border: thin})
	s.heat = style(&excelize.Style{Border: thin, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}, Font: &excelize.Font{Family: xlsxFont, Bold: true}})
	s.heatHead = style(&excelize.Style{Font: &excelize.Font{Family: xlsxFont, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	s.note = style(&excelize.Style{Font: &excelize.Font{Family: xlsxFont, Italic: true, Color: "595959"}, Alignment: top(false, "")})
	s.severity = map[lint.Severity]int{
		lint.Error:   style(&excelize.Style{Font: &excelize.Font{Family: xlsxFont, Bold: true, Color: "9C0006"}, Alignment: top(false, "")}),
		lint.Warning: style(&excelize.Style{Font: &excelize.Font{Family: xlsxFont, Bold: true, Color: "9C5700"}, Alignment: top(false, "")}),
		lint.Note:    style(&excelize.Style{Font: &excelize.Font{Family: xlsxFont, Color: "1F4E78"}, Alignment: top(false, "")}),
	}

	s.good = cond("006100", "C6EFCE")
	s.warn = cond("9C5700", "FFEB9C")
	s.bad = cond("9C0006", "FFC7CE")
	s.grey = cond("595959", "EDEDED")
	s.planning = cond("", "5B9BD5")
	s.execution = cond("", "ED7D31")
	s.monitoring = cond("", "70AD47")
	return s, err
}

// xlsxText makes document text safe for a cell: line breaks become "\n",
// XML-invalid characters are removed, and text longer than a cell holds is
// cut with a visible marker.
func xlsxText(s string) string {
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	s = strings.Map(func(c rune) rune {
		switch {
		case c == '\t' || c == '\n',
			c >= 0x20 && c <= 0xD7FF,
			c >= 0xE000 && c <= 0xFFFD,
			c >= 0x10000 && c <= 0x10FFFF:
			return c
		}
		return -1
	}, s)
	if len(s) <= xlsxMaxCell || utf16Len(s) <= xlsxMaxCell { // a UTF-16 unit never takes less than a byte
		return s
	}
	limit := xlsxMaxCell - utf16Len(xlsxTruncated)
	units := 0
	for i, c := range s {
		w := 1
		if c >= 0x10000 {
			w = 2
		}
		if units+w > limit {
			return s[:i] + xlsxTruncated
		}
		units += w
	}
	return s
}

// utf16Len returns the length of s in UTF-16 code units, as Excel counts.
func utf16Len(s string) int {
	n := 0
	for _, c := range s {
		n++
		if c >= 0x10000 {
			n++
		}
	}
	return n
}

// xlsxLineHeight is the height of one line of text, in points.
const xlsxLineHeight = 15

// xlsxLines estimates how many lines text takes when wrapped in a column of
// the given width (in characters of the default font, which fits about 1.1
// average characters per unit): words are filled greedily, breaking after
// spaces and hyphens, and every paragraph takes at least one line. Rows need
// explicit heights, as LibreOffice does not fit them to wrapped text when it
// opens a workbook.
func xlsxLines(s string, width float64) int {
	per := max(int(width*1.1), 1)
	n := 0
	for para := range strings.SplitSeq(s, "\n") {
		lines, used := 1, 0
		for len(para) > 0 {
			i := strings.IndexAny(para, " -")
			word := para
			if i >= 0 {
				word = para[:i+1]
			}
			para = para[len(word):]
			w := utf8.RuneCountInString(strings.TrimSuffix(word, " "))
			switch {
			case used > 0 && used+w <= per:
				used += utf8.RuneCountInString(word)
			case used == 0 && w <= per:
				used = utf8.RuneCountInString(word)
			default: // a new line, and more for a word longer than one
				if used > 0 {
					lines++
				}
				lines += (w - 1) / per
				used = (w-1)%per + 1 + utf8.RuneCountInString(word) - w
			}
		}
		n += lines
	}
	return n
}

// xlsxRowHeight returns the height of a row whose tallest cell takes lines
// lines, within Excel's limit.
func xlsxRowHeight(lines int) float64 {
	return min(float64(lines*xlsxLineHeight+2), 409)
}

// xlsxDay returns t's calendar date at UTC midnight.
func xlsxDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// xlsxDate returns a date cell value, or nil for the zero time.
func xlsxDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return xlsxDay(t)
}

// xlsxYesNo spells a boolean for people; LibreOffice shows booleans as 1 and 0.
func xlsxYesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// xlsxPhase names a phase.
func xlsxPhase(p plan.Phase) string {
	switch p {
	case plan.Planning:
		return "Planning"
	case plan.Execution:
		return "Execution"
	case plan.Monitoring:
		return "Monitoring"
	}
	if p == 0 {
		return ""
	}
	return fmt.Sprintf("phase %d", int(p))
}

// fileLink returns the hyperlink target for a file of the result (a slash
// path relative to the linted folder): relative to the directory aims ran in
// when the linted path is relative, else to the repository root. It returns
// "" for a path that cannot be linked safely (absolute, leaving the linted
// folder, or too long); the cell then keeps its text without a link. The
// target is percent-encoded, and never starts with a scheme.
func (wb *workbook) fileLink(file string) string {
	if file == "" || strings.ContainsAny(file, "\\\x00") || path.IsAbs(file) ||
		path.Clean(file) != file || file == ".." || strings.HasPrefix(file, "../") {
		return ""
	}
	root := filepath.ToSlash(wb.r.Root)
	var target string
	if root != "" && !filepath.IsAbs(wb.r.Root) && !path.IsAbs(root) {
		target = path.Join(root, file)
	} else {
		target = repoPath(wb.r, file)
	}
	segs := strings.Split(target, "/")
	for i, seg := range segs {
		segs[i] = url.PathEscape(seg)
	}
	target = strings.Join(segs, "/")
	if strings.Contains(segs[0], ":") {
		target = "./" + target // a relative path, never a scheme
	}
	if len(target) > xlsxMaxLink {
		return ""
	}
	return target
}

// An xlsxCol is one column of a table sheet.
type xlsxCol struct {
	head  string
	width float64
	style int    // body style
	list  string // the drop-down's list name, "" for none
}

// The drop-down lists, by name.
const (
	listRoles           = "Roles"
	listGapStatus       = "Gap status"
	listTaskStatus      = "Task status"
	listPhase           = "Phase"
	listImplementation  = "SoA implementation"
	listYesNo           = "Yes/No"
	listPriority        = "Priority"
	listTreatment       = "Treatment"
	listTreatmentStatus = "Treatment status"
	listRACI            = "RACI code"
	listLevel           = "Risk level"
)

// xlsxList is one drop-down list.
type xlsxList struct {
	name   string
	values []string
	strict bool   // refuse other values; roles only warn, as a team may add one
	ref    string // its absolute range on the Lists sheet, once written
}

// listValues returns the drop-down lists, roles first.
func (wb *workbook) listValues() []xlsxList {
	var roles []string
	for _, r := range wb.p.Roles {
		if id := xlsxText(r.ID); id != "" && !slices.Contains(roles, id) {
			roles = append(roles, id)
		}
	}
	return []xlsxList{
		{listRoles, roles, false, ""},
		{listGapStatus, []string{string(plan.Implemented), string(plan.Partial), string(plan.Missing), string(plan.NotApplicable)}, true, ""},
		{listTaskStatus, []string{"not-started", "in-progress", "done"}, true, ""},
		{listPhase, []string{"Planning", "Execution", "Monitoring"}, true, ""},
		{listImplementation, []string{"not-started", "planned", "in-progress", "implemented", "not-applicable"}, true, ""},
		{listYesNo, []string{"Yes", "No"}, true, ""},
		{listPriority, []string{"high", "medium", "low"}, true, ""},
		{listTreatment, []string{"avoid", "mitigate", "transfer", "accept"}, true, ""},
		{listTreatmentStatus, []string{"planned", "in-progress", "implemented", "verified"}, true, ""},
		{listRACI, []string{"R", "A", "C", "I"}, true, ""},
		{listLevel, []string{"low", "medium", "high"}, true, ""},
	}
}

// writeLists writes the hidden Lists sheet: one column per list, its name
// in row 1 and its values below.
func (wb *workbook) writeLists() error {
	f := wb.f
	wb.lists = map[string]xlsxList{}
	all := wb.listValues()
	for i, l := range all {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetCellStr(sheetLists, col+"1", l.name); err != nil {
			return err
		}
		for j, v := range l.values {
			if err := f.SetCellStr(sheetLists, fmt.Sprintf("%s%d", col, j+2), v); err != nil {
				return err
			}
		}
		if len(l.values) > 0 {
			l.ref = fmt.Sprintf("%s!$%s$2:$%s$%d", sheetLists, col, col, len(l.values)+1)
			wb.lists[l.name] = l
		}
		if err := f.SetColWidth(sheetLists, col, col, 20); err != nil {
			return err
		}
	}
	return f.SetCellStyle(sheetLists, "A1", cell(len(all), 1), wb.s.header)
}

// cell returns the name of the cell at col, row (both 1-based).
func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// colName returns the letters of a 1-based column.
func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// wraps reports whether the column wraps its text.
func (c xlsxCol) wraps(s xlsxStyles) bool {
	return c.style == s.wrap || c.style == s.link
}

// headerHeight returns the height of a header row: room for two lines, or
// for the longest head wrapped in its column (bold text is wider).
func headerHeight(cols []xlsxCol) float64 {
	lines := 2
	for i, h := range tableHeads(cols) {
		lines = max(lines, xlsxLines(h, cols[i].width*0.85-1))
	}
	return xlsxRowHeight(lines)
}

// tableHeads returns the column heads, made unique (case-insensitively, as
// Excel tables need) and safe.
func tableHeads(cols []xlsxCol) []string {
	seen := map[string]bool{}
	heads := make([]string, len(cols))
	for i, c := range cols {
		h := strings.Join(strings.Fields(xlsxText(c.head)), " ")
		if len([]rune(h)) > 100 {
			h = string([]rune(h)[:100])
		}
		if h == "" {
			h = fmt.Sprintf("Column %d", i+1)
		}
		base := h
		for n := 2; seen[strings.ToLower(h)]; n++ {
			h = fmt.Sprintf("%s (%d)", base, n)
		}
		seen[strings.ToLower(h)] = true
		heads[i] = h
	}
	return heads
}

// writeTable writes a table sheet in normal mode: the header row, the rows
// (strings always as text, time.Time as dates), column styles and widths, an
// Excel table, the frozen header, the drop-downs and the print set-up. It
// returns the last row of the table.
func (wb *workbook) writeTable(sheet, name string, cols []xlsxCol, rows [][]any) (int, error) {
	f := wb.f
	for i, h := range tableHeads(cols) {
		if err := f.SetCellStr(sheet, cell(i+1, 1), h); err != nil {
			return 0, err
		}
	}
	for r, row := range rows {
		lines := 1
		for c, v := range row {
			if err := wb.setCell(sheet, cell(c+1, r+2), v); err != nil {
				return 0, err
			}
			if text, ok := v.(string); ok && cols[c].wraps(wb.s) {
				lines = max(lines, xlsxLines(text, cols[c].width))
			}
		}
		if lines > 1 {
			if err := f.SetRowHeight(sheet, r+2, xlsxRowHeight(lines)); err != nil {
				return 0, err
			}
		}
	}
	last := max(len(rows)+1, 2) // a table has at least one row under its header
	if err := wb.tableFrame(sheet, cols, last); err != nil {
		return 0, err
	}
	for i, c := range cols {
		if c.style != 0 {
			if err := f.SetCellStyle(sheet, cell(i+1, 2), cell(i+1, last), c.style); err != nil {
				return 0, err
			}
		}
	}
	if err := f.AddTable(sheet, &excelize.Table{
		Range: "A1:" + cell(len(cols), last), Name: name, StyleName: "TableStyleLight1",
	}); err != nil {
		return 0, err
	}
	return last, wb.pageSetup(sheet, 0, true)
}

// setCell writes one value: text as text (cleaned), dates as dates.
func (wb *workbook) setCell(sheet, ref string, v any) error {
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		if v == "" {
			return nil
		}
		return wb.f.SetCellStr(sheet, ref, xlsxText(v))
	case time.Time:
		return wb.f.SetCellValue(sheet, ref, xlsxDay(v))
	case int:
		return wb.f.SetCellInt(sheet, ref, int64(v))
	case float64:
		return wb.f.SetCellFloat(sheet, ref, v, -1, 64)
	}
	return fmt.Errorf("cell %s!%s: unexpected value type %T", sheet, ref, v)
}

// tableFrame sets what a table sheet has whether or not it is streamed, and
// must come before a stream: column widths, the header style, the frozen
// header row and the drop-downs on rows 2 to last.
func (wb *workbook) tableFrame(sheet string, cols []xlsxCol, last int) error {
	f := wb.f
	for i, c := range cols {
		if err := f.SetColWidth(sheet, colName(i+1), colName(i+1), c.width); err != nil {
			return err
		}
		if c.list == "" {
			continue
		}
		list, ok := wb.lists[c.list]
		if !ok {
			continue
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = cell(i+1, 2) + ":" + cell(i+1, last)
		dv.SetSqrefDropList(list.ref)
		if list.strict {
			dv.SetError(excelize.DataValidationErrorStyleStop, "Not in the list", "Pick a value from the list ("+c.list+").")
		} else {
			dv.SetError(excelize.DataValidationErrorStyleWarning, "Not in the list", "This value is not in the list ("+c.list+"); keep it anyway?")
		}
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, "A1", cell(len(cols), 1), wb.s.header); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, headerHeight(cols)); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
}

// pageSetup prints a sheet landscape, one page wide (and fitHeight pages
// high, 0 for as many as needed), with the sheet name and page number in the
// footer and, for table sheets, the header row on every page. SetSheetProps
// comes last: AutoFilter would drop it.
func (wb *workbook) pageSetup(sheet string, fitHeight int, titles bool) error {
	f := wb.f
	landscape, one := "landscape", 1
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Orientation: &landscape, FitToWidth: &one, FitToHeight: &fitHeight,
	}); err != nil {
		return err
	}
	margin, edge := 0.5, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &margin, Right: &margin, Top: &margin, Bottom: &margin, Header: &edge, Footer: &edge,
	}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddFooter: "&L&A&RPage &P of &N",
	}); err != nil {
		return err
	}
	if titles {
		if err := f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet,
		}); err != nil {
			return err
		}
	}
	fit := true
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}

// xlsxColour is one value of a column and its conditional format.
type xlsxColour struct {
	value string
	dxf   int
}

// colour colours the cells of ref that equal each value (the values are the
// workbook's own constants, quoted here, never document text).
func (wb *workbook) colour(sheet, ref string, rules []xlsxColour) error {
	var opts []excelize.ConditionalFormatOptions
	for _, r := range rules {
		opts = append(opts, excelize.ConditionalFormatOptions{
			Type: "cell", Criteria: "==", Value: `"` + r.value + `"`, Format: &r.dxf,
		})
	}
	return wb.f.SetConditionalFormat(sheet, ref, opts)
}
