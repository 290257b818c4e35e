package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"testing"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
)

// validationCoverage is coverage in which A.6.2.4 has a line of detail per
// AI system, as the evaluation rules record it.
func validationCoverage(applicable bool) *lint.Result {
	cov := lint.Coverage{
		Ref: "A.6.2.4", Applicable: true, Status: lint.Missing,
		Evidence: []string{"evaluations/credit.yaml", "evaluations/fraud.yaml"},
		Systems: []lint.SystemCoverage{
			{System: "SYS-CREDIT", Status: lint.Evidenced, Evidence: []string{"evaluations/credit.yaml"}, Detail: "EVAL-CREDIT-41, NAS 4.1 on 2026-05-07: 6 of 6 metrics met"},
			{System: "SYS-FRAUD", Status: lint.Missing, Evidence: []string{"evaluations/fraud.yaml"}, Detail: "EVAL-FRAUD-7, FD 2.0 on 2026-04-02: 4 of 5 metrics met"},
			{System: "SYS-HR", Status: lint.Missing, Detail: "no approved evaluation"},
		},
	}
	if !applicable {
		cov.Applicable, cov.Status = false, lint.NotApplicable
	}
	return &lint.Result{Root: ".", Coverage: []lint.Coverage{
		{Ref: "A.6.2.3", Applicable: true, Status: lint.Evidenced, Evidence: []string{"procedures/design.md"}},
		cov,
	}}
}

func TestControlsSystemDetail(t *testing.T) {
	c := rules.DefaultCatalogue()
	for _, tc := range []struct {
		name       string
		applicable bool
		want       []string // regular expressions, each matching a line
		wantNot    []string
	}{
		{
			name:       "applicable",
			applicable: true,
			want: []string{
				`(?m)^  A\.6\.2\.4 +AI system verification and validation +yes +missing +1 of 3 AI systems evidenced; evaluations/credit\.yaml, evaluations/fraud\.yaml$`,
				`(?m)^ +\* SYS-CREDIT +evidenced +evaluations/credit\.yaml — EVAL-CREDIT-41, NAS 4\.1 on 2026-05-07: 6 of 6 metrics met$`,
				`(?m)^ +\* SYS-FRAUD +missing +evaluations/fraud\.yaml — EVAL-FRAUD-7, FD 2\.0 on 2026-04-02: 4 of 5 metrics met$`,
				`(?m)^ +\* SYS-HR +missing +no approved evaluation$`,
				`(?m)^  A\.6\.2\.3 .* +evidenced +procedures/design\.md$`,
			},
		},
		{
			name:    "excluded in the SoA",
			want:    []string{`(?m)^  A\.6\.2\.4 +AI system verification and validation +no +not applicable +evaluations/credit\.yaml, evaluations/fraud\.yaml$`},
			wantNot: []string{`SYS-`, `AI systems? evidenced`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := validationCoverage(tc.applicable)
			rows := controlRows(c, res, nil, nil)
			var text bytes.Buffer
			writeControlsText(&text, c, res, rows, len(res.Coverage), "")
			for _, re := range tc.want {
				if !regexp.MustCompile(re).Match(text.Bytes()) {
					t.Errorf("no line matches %s in:\n%s", re, text.String())
				}
			}
			for _, re := range tc.wantNot {
				if regexp.MustCompile(re).Match(text.Bytes()) {
					t.Errorf("a line matches %s in:\n%s", re, text.String())
				}
			}

			data, err := json.Marshal(rows)
			if err != nil {
				t.Fatal(err)
			}
			var back []struct {
				Ref     string
				Systems []struct{ System, Status, Detail string }
			}
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
			var details []string
			for _, r := range back {
				for _, s := range r.Systems {
					details = append(details, s.System+": "+s.Detail)
				}
			}
			wantDetails := 0
			if tc.applicable {
				wantDetails = 3
			}
			if len(details) != wantDetails {
				t.Errorf("JSON systems %q, want %d with their detail", details, wantDetails)
			}
			if tc.applicable && details[2] != "SYS-HR: no approved evaluation" {
				t.Errorf("JSON detail %q", details[2])
			}
			if bytes.Contains(data, []byte(`"detail":""`)) {
				t.Errorf("an empty detail is written: %s", data)
			}
		})
	}
}
