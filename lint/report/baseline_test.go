package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aimsdev/aims/internal/sariftest"
	"github.com/aimsdev/aims/lint"
)

// withBaseline marks r as compared with a baseline: every other unsuppressed
// finding is in it (unchanged), the rest are new, and two entries of the
// baseline are gone.
func withBaseline(r *lint.Result) *lint.Result {
	unchanged := 0
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppressed != nil {
			continue
		}
		if i%2 == 0 {
			f.Baseline = lint.BaselineUnchanged
			unchanged++
		} else {
			f.Baseline = lint.BaselineNew
		}
	}
	r.Baseline = &lint.BaselineSummary{
		File:      ".aims-baseline.json",
		Unchanged: unchanged,
		Gone: []lint.GoneFinding{
			{RuleID: "AIMS3001", File: "systems/old.yaml", ID: "SYS-OLD", Message: `id "SYS-OLD" is used more than once`, Count: 2},
			{RuleID: "AIMS4001", Message: "add an artifact that evidences 9.2.2", Count: 1},
		},
	}
	return r
}

func TestBaselineFormats(t *testing.T) {
	tests := []struct {
		name   string
		format Func
		result *lint.Result
	}{
		{"text_baseline", Text, withBaseline(mixedResult())},
		{"json_baseline", JSON, withBaseline(mixedResult())},
		{"markdown_baseline", Markdown, withBaseline(mixedResult())},
		{"github_baseline", GitHub, withBaseline(mixedResult())},
		{"junit_baseline", JUnit, withBaseline(mixedResult())},
		{"sarif_baseline", SARIF, withBaseline(sarifMixed())},
	}
	schemas := sariftest.Schemas(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.format(&buf, tt.result, Options{}); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			if tt.name == "sarif_baseline" {
				sariftest.Validate(t, schemas, "sarif", out)
				checkSARIF(t, out)
			}
			checkGolden(t, tt.name, out)
		})
	}
}

// TestBaselineShownOnlyNew checks that the formats that list findings list
// only the new ones, and say what the baseline holds.
func TestBaselineShownOnlyNew(t *testing.T) {
	r := withBaseline(mixedResult())
	line := "findings are in the baseline (.aims-baseline.json); 3 are gone: run aims lint --write-baseline .aims-baseline.json to record that"
	for _, name := range []string{"text", "markdown", "github"} {
		t.Run(name, func(t *testing.T) {
			write, _ := Get(name)
			var buf bytes.Buffer
			if err := write(&buf, r, Options{}); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if !strings.Contains(out, line) {
				t.Errorf("%s report lacks %q:\n%s", name, line, out)
			}
			for i := range r.Findings {
				f := &r.Findings[i]
				if f.Baselined() && f.Range.File != "" && strings.Contains(out, f.Message) {
					t.Errorf("%s report lists the baselined finding %q", name, f.Message)
				}
			}
		})
	}
}

// TestBaselineSARIFStates checks that every unsuppressed result has the
// baselineState of its finding, and the run counts what is gone.
func TestBaselineSARIFStates(t *testing.T) {
	r := withBaseline(sarifMixed())
	out := sarifOutput(t, r)
	sariftest.Validate(t, sariftest.Schemas(t), "sarif", out)
	for _, want := range []string{`"baselineState": "new"`, `"baselineState": "unchanged"`, `"absent": 3`, `"file": ".aims-baseline.json"`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
	if bytes.Contains(out, []byte(`"baselineState": "absent"`)) {
		t.Error("SARIF has absent results: code scanning would open an alert for each")
	}
}
