package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/aimsdev/aims/lint"
)

// markdownSection returns the lines of the section under heading, up to the
// next heading.
func markdownSection(out, heading string) []string {
	_, rest, ok := strings.Cut(out, "\n"+heading+"\n")
	if !ok {
		return nil
	}
	if i := strings.Index(rest, "\n#"); i >= 0 {
		rest = rest[:i]
	}
	return strings.Split(strings.Trim(rest, "\n"), "\n")
}

// markdownCells splits a table row into its cells, honouring \| escapes.
func markdownCells(row string) []string {
	row = strings.TrimSuffix(strings.TrimPrefix(row, "| "), " |")
	var cells []string
	var cell strings.Builder
	for i := 0; i < len(row); i++ {
		switch {
		case row[i] == '\\' && i+1 < len(row):
			cell.WriteByte(row[i])
			cell.WriteByte(row[i+1])
			i++
		case strings.HasPrefix(row[i:], " | "):
			cells = append(cells, cell.String())
			cell.Reset()
			i += 2
		default:
			cell.WriteByte(row[i])
		}
	}
	return append(cells, cell.String())
}

func TestMarkdownTables(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, ciResult(), Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()

	if !strings.HasPrefix(out, "## ❌ Northwind Lending: AIMS lint failed\n\n") {
		t.Errorf("title: %q", strings.SplitN(out, "\n", 2)[0])
	}
	for _, want := range []string{
		"Fails on **error** · as of 2026-09-30 · commit `3f2a9c1` (2026-06-28) · folder `governance/aims` · aims 0.4.0\n",
		"| Errors | Warnings | Notes | Suppressed | Artifacts |\n|---:|---:|---:|---:|---:|\n| 4 | 1 | 1 | 1 | 7 |\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "SYS-LEGACY") {
		t.Error("output lists a suppressed finding")
	}
	if strings.Contains(out, "see <&>") || strings.Contains(out, "\r") {
		t.Error("output holds unescaped markup or a carriage return")
	}

	coverage := markdownSection(out, "### Coverage")
	for _, want := range []string{
		"| Clause 4 | Context of the organization | 2 | 0 | 0 | 0 |",
		"| Clause 6 |  | 0 | 1 | 0 | 0 |",
		"| Annex A.6 | AI system life cycle | 1 | 0 | 1: A.6.2.4 | 0 |",
		"| Annex A.10 |  | 0 | 0 | 0 | 1 |",
	} {
		if !slices.Contains(coverage, want) {
			t.Errorf("coverage lacks row %q:\n%s", want, strings.Join(coverage, "\n"))
		}
	}

	byControl := markdownSection(out, "### By clause and control")
	wantRows := []string{
		"| Reference | Title | Errors | Warnings | Notes |",
		"|---|---|---:|---:|---:|",
		"| 5.2 | AI policy | 0 | 0 | 1 |",
		"| 6.1.4 | AI system impact assessment | 2 | 1 | 0 |",
		"| 7.5.3 | Control of documented information | 1 | 0 | 1 |",
		"| A.5.2 | AI system impact assessment process | 2 | 0 | 0 |",
		"| A.6.2.4 | AI system verification and validation | 1 | 0 | 0 |",
	}
	if strings.Join(byControl, "\n") != strings.Join(wantRows, "\n") {
		t.Errorf("by clause and control:\n%s\nwant:\n%s", strings.Join(byControl, "\n"), strings.Join(wantRows, "\n"))
	}

	findings := markdownSection(out, "### Worst findings")
	if len(findings) != 2+6 {
		t.Fatalf("%d finding lines, want 8:\n%s", len(findings), strings.Join(findings, "\n"))
	}
	wantSeverity := []string{"❌ error", "❌ error", "❌ error", "❌ error", "⚠️ warning", "ℹ️ note"}
	for i, row := range findings[2:] {
		cells := markdownCells(row)
		if len(cells) != 5 {
			t.Errorf("row %d has %d cells, want 5: %s", i, len(cells), row)
			continue
		}
		if cells[0] != wantSeverity[i] {
			t.Errorf("row %d severity %q, want %q", i, cells[0], wantSeverity[i])
		}
	}
	special := markdownCells(findings[3])
	if want := "`governance/aims/systems/a,b:c%d\\|e<&>.yaml:3`"; special[1] != want {
		t.Errorf("location %q, want %q", special[1], want)
	}
	if want := `fix 100% of "SYS-X": a, b \| c ↵ see \<\&\> and \]\]\> too`; special[3] != want {
		t.Errorf("message %q, want %q", special[3], want)
	}
	if cells := markdownCells(findings[2]); cells[1] != "(repository)" || cells[2] != "AIMS4001" || cells[4] != "A.6.2.4" {
		t.Errorf("repository-level row %q", cells)
	}

	if notes := markdownSection(out, "### Notes"); len(notes) != 1 || !strings.HasPrefix(notes[0], "- shallow clone: ") {
		t.Errorf("notes %q", notes)
	}
}

func TestMarkdownPassedAndCut(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, emptyResult(), Options{}); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.HasPrefix(out, "## ✅ Northwind Lending: AIMS lint passed\n") ||
		!strings.Contains(out, "\n### Worst findings\n\nNo findings.\n") {
		t.Errorf("clean run:\n%s", out)
	}

	// Warnings below the fail level: passed, listed; only 20 of 36 findings.
	r := manyResult(12)
	r.FailOn = lint.Error
	for i := range r.Findings {
		if r.Findings[i].Severity == lint.Error {
			r.Findings[i].Severity = lint.Warning
		}
	}
	buf.Reset()
	if err := Markdown(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "## ✅ AIMS lint passed\n") {
		t.Errorf("title: %q", strings.SplitN(out, "\n", 2)[0])
	}
	findings := markdownSection(out, "### Worst findings")
	if len(findings) != 2+20+2 || !strings.HasPrefix(findings[len(findings)-1], "… and 16 more") {
		t.Errorf("findings section:\n%s", strings.Join(findings, "\n"))
	}
	for _, row := range findings[2:22] {
		if !strings.HasPrefix(row, "| ⚠️ warning |") {
			t.Errorf("a note before the warnings: %s", row)
		}
	}
}

func TestMarkdownEscape(t *testing.T) {
	for _, tt := range []struct{ in, text, code string }{
		{"plain", "plain", "`plain`"},
		{"a|b", `a\|b`, "`a\\|b`"},
		{"*x* _y_ [z](u) <b> &amp; ~~s~~ #", `\*x\* \_y\_ \[z\](u) \<b\> \&amp; \~\~s\~\~ \#`, "`*x* _y_ [z](u) <b> &amp; ~~s~~ #`"},
		{"a\r\nb\nc", "a ↵ b ↵ c", "`a↵b↵c`"},
		{"x`y", "x\\`y", "``x`y``"},
		{"`x", "\\`x", "`` `x ``"},
		{`a\b`, `a\\b`, "`a\\b`"},
	} {
		if got := markdownText(tt.in); got != tt.text {
			t.Errorf("markdownText(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := markdownCode(tt.in); got != tt.code {
			t.Errorf("markdownCode(%q) = %q, want %q", tt.in, got, tt.code)
		}
	}
}

func TestMarkdownMessage(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain", "plain"},
		{"set `risk_level` to high", "set `risk_level` to high"},
		{"`a|b` and `c` _d_", "`a\\|b` and `c` \\_d\\_"},
		{"odd ` tick _x_", "odd \\` tick \\_x\\_"},
		{"empty `` span", "empty \\`\\` span"},
	} {
		if got := markdownMessage(tt.in); got != tt.want {
			t.Errorf("markdownMessage(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
