package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"systems/credit.yaml", "systems/credit.yaml"},
		{`C:\repo\a.md and "quoted\x1b"`, `C:\repo\a.md and "quoted\x1b"`}, // backslashes stay
		{"Crédit scoring – ü ✅ \ufffd", "Crédit scoring – ü ✅ \ufffd"},
		{"x\n::error file=a::owned\n.yaml", `x\n::error file=a::owned\n.yaml`},
		{"a\r\nb\tc", `a\r\nb\tc`},
		{"\x1b]0;pwned\x07\x1b[2J", `\x1b]0;pwned\x07\x1b[2J`},
		{"nul\x00del\x7f", `nul\x00del\x7f`},
		{"c1 \u009b31m \u0085", `c1 \u009b31m \u0085`},
		{"invalid \xff\x9b byte", `invalid \xff\x9b byte`},
		{"txt.\u202egpj", `txt.\u202egpj`},
		{"\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c", `\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c`},
		{"zero\u200bwidth\ufeff\u2060\u00ad", `zero\u200bwidth\ufeff\u2060\u00ad`},
		{"line\u2028para\u2029", `line\u2028para\u2029`},
		{"tag\U000e0041", `tag\U000e0041`},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// hostilePath is a file name that would start a GitHub workflow command, set
// the terminal's title and reverse the text after it, if printed raw.
const hostilePath = "x\n::error file=a::owned\n\x1b]0;pwned\x07\u202egpj.yaml"

// hostileResult names hostile paths and values everywhere a report prints
// them: finding and related locations, messages, rule ids, references,
// coverage, notifications, the organization, the linted folder and commit.
func hostileResult() *lint.Result {
	r := mixedResult()
	r.Root = "gov\x1b[31m"
	r.Prefix = "gov\x1b[31m"
	r.Organization = "Evil\u202e Corp\n::warning::x"
	r.Revision = "3f2\x1b[2Jbeef"
	r.Version = "0.4.0\r::notice::x"
	r.Findings = append(r.Findings, lint.Finding{
		RuleID: "AIMS2004\x1b[8m", Severity: lint.Error,
		Range:    artifact.Range{File: hostilePath, Start: artifact.Position{Line: 2, Col: 5}},
		Message:  "rename the id: \"SYS-\u202eTIDERC\" with `code\n::error::x` is already used\r\n::error::forged\x9b",
		Controls: []string{"7.5.3", "A.6\n::error::x"},
		Related: []lint.Related{{
			Range:   artifact.Range{File: "sys\u009b31m\ttems/a.yaml", Start: artifact.Position{Line: 1, Col: 1}},
			Message: "first\x00 defined\u2028here \xff",
		}},
	})
	r.References = append(r.References, lint.Reference{ID: "A.6\n::error::x", Title: "Forged\x1b[5m", Group: "A.6", Control: true})
	r.Coverage = append(r.Coverage, lint.Coverage{Ref: "A.9\n::error::y\u2066", Applicable: true, Status: lint.Missing})
	r.Notifications = append(r.Notifications, "skipped \r::warning file=b::forged\n\x1b[2K")
	return r
}

// checkPrintable fails for every raw control, C1, bidi or invisible format
// character, and every line that could be a workflow command.
func checkPrintable(t *testing.T, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Error("output is not UTF-8")
	}
	for i, c := range out {
		if c != '\n' && hidden(c, utf8.RuneLen(c)) {
			t.Errorf("raw %U at byte %d: %q", c, i, out[max(0, i-20):min(len(out), i+20)])
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "::") {
			t.Errorf("line is a workflow command: %q", l)
		}
	}
}

func TestHostileNames(t *testing.T) {
	for _, f := range []struct {
		name string
		fn   Func
		o    Options
	}{
		{"text", Text, Options{}},
		{"text_color", Text, Options{Color: true}},
		{"markdown", Markdown, Options{}},
	} {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.fn(&buf, hostileResult(), f.o); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if f.o.Color {
				// The format's own colour codes are the only ESCs allowed.
				for _, code := range []string{ansiReset, ansiBold, ansiRed, ansiYellow, ansiCyan} {
					out = strings.ReplaceAll(out, code, "")
				}
			}
			checkPrintable(t, out)
			for _, want := range []string{`x\n::error file=a::owned\n\x1b]0;pwned\x07\u202egpj.yaml`, `\x1b[31m`} {
				if f.name == "markdown" {
					want = strings.ReplaceAll(want, `\n`, "↵")
				}
				if !strings.Contains(out, want) {
					t.Errorf("output lacks the escaped %q", want)
				}
			}
			if f.name != "text_color" {
				checkGolden(t, f.name+"_hostile", buf.Bytes())
			}
		})
	}
}

// TestMarkdownHostileTable checks that escaped values keep every table row
// to its columns.
func TestMarkdownHostileTable(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, hostileResult(), Options{}); err != nil {
		t.Fatal(err)
	}
	for _, heading := range []string{"### Coverage", "### By clause and control", "### Worst findings"} {
		rows := markdownSection(buf.String(), heading)
		if len(rows) < 3 {
			t.Fatalf("%s: no table:\n%s", heading, buf.String())
		}
		cols := len(markdownCells(rows[0]))
		for _, row := range rows[2:] {
			if !strings.HasPrefix(row, "| ") {
				break // the line after the table
			}
			if n := len(markdownCells(row)); n != cols {
				t.Errorf("%s: row has %d cells, want %d: %s", heading, n, cols, row)
			}
		}
	}
}
