package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/xuri/excelize/v2"
)

// customRule is a custom rule as package policy makes it: a name without
// two capitals in a row, a Doc without a heading, and where it is written.
var customRule = &lint.Rule{
	ID:        "ACME-001",
	Name:      "HighRiskSystemsNameAhumanOverseer",
	Title:     "high-risk systems name a human overseer",
	Doc:       "An auditor asks who oversees each high-risk system.\n\nA custom rule of this AIMS, written in `policies/acme.yaml`.\n\n```cel\nhas(doc.human_oversight)\n```\n",
	Severity:  lint.Error,
	Controls:  []string{"A.9.2"},
	Evidences: []string{"A.9.2"},
	Custom:    &lint.Custom{File: "policies/acme.yaml", Range: artifact.Range{File: "policies/acme.yaml", Start: artifact.Position{Line: 2, Col: 9}, End: artifact.Position{Line: 2, Col: 17}}},
	Scope:     lint.ScopeDocument,
}

// customMessage is the message of customRule's finding.
const customMessage = "SYS-CREDIT is high-risk and names no human oversight"

// customResult has one finding of a custom rule, at a document's field.
func customResult() *lint.Result {
	return &lint.Result{
		Root:         ".",
		Organization: "Northwind Lending",
		AsOf:         time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC),
		FailOn:       lint.Error,
		ConfigFile:   ".aims.yaml",
		Rules:        []*lint.Rule{customRule},
		Artifacts: []lint.Artifact{
			{Path: "systems/credit.yaml", Kind: "ai-system", ID: "SYS-CREDIT", Title: "Credit scoring", Status: "approved"},
		},
		Findings: []lint.Finding{{
			RuleID: "ACME-001", Severity: lint.Error, Message: customMessage, Controls: []string{"A.9.2"},
			Range: artifact.Range{File: "systems/credit.yaml", Start: artifact.Position{Line: 8, Col: 13}, End: artifact.Position{Line: 8, Col: 17}},
		}},
		References: sarifReferences(),
	}
}

// TestCustomRuleEveryFormat: every format shows a custom rule's finding
// with its id, message and place; the workbook lists it on its findings
// sheet.
func TestCustomRuleEveryFormat(t *testing.T) {
	for _, f := range formats() {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			var opts Options
			if f.name == "digest" {
				// The digest lists the finding as opened since an empty AIMS.
				opts.Digest = &Digest{Since: &lint.Result{AsOf: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}}
			}
			if err := f.fn(&buf, customResult(), opts); err != nil {
				t.Fatal(err)
			}
			if f.name == "xlsx" {
				wb, err := excelize.OpenReader(&buf)
				if err != nil {
					t.Fatal(err)
				}
				defer wb.Close()
				rows, err := wb.GetRows(sheetFindings)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc(rows, func(row []string) bool {
					return len(row) > 4 && row[0] == "ACME-001" && row[2] == "systems/credit.yaml" && row[3] == "8" && row[4] == customMessage
				}) {
					t.Errorf("findings sheet has no row of ACME-001: %q", rows)
				}
				return
			}
			out := buf.String()
			for _, want := range []string{"ACME-001", customMessage, "systems/credit.yaml"} {
				if !strings.Contains(out, want) {
					t.Errorf("%s output lacks %q:\n%s", f.name, want, out)
				}
			}
		})
	}
}

// TestSARIFCustomRule: a custom rule's descriptor has its title, its Doc
// (without its heading) as help, its ISO references as tags, says it is
// custom and where it is written, and has no helpUri into aims's pages;
// its result is at the document's field.
func TestSARIFCustomRule(t *testing.T) {
	log := decodeSARIF(t, sarifOutput(t, customResult()))
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != 1 {
		t.Fatalf("rules %+v", run.Tool.Driver.Rules)
	}
	r := run.Tool.Driver.Rules[0]
	if r.ID != "ACME-001" || r.Name != "HighRiskSystemsNameAhumanOverseer" || r.ShortDescription.Text != customRule.Title {
		t.Errorf("descriptor %+v", r)
	}
	if r.FullDescription.Text != "An auditor asks who oversees each high-risk system." {
		t.Errorf("fullDescription %q", r.FullDescription.Text)
	}
	if !strings.HasPrefix(r.Help.Markdown, "An auditor asks") || !strings.Contains(r.Help.Markdown, "has(doc.human_oversight)") || r.Help.Text == "" {
		t.Errorf("help %+v", r.Help)
	}
	if r.HelpURI != "" {
		t.Errorf("helpUri %q, want none", r.HelpURI)
	}
	p := r.Properties
	if !p.Custom || p.File != "policies/acme.yaml" || p.Line != 2 || !slices.Equal(p.Evidences, []string{"A.9.2"}) || !slices.Contains(p.Tags, "A.9.2") {
		t.Errorf("properties %+v", p)
	}
	if len(run.Results) != 1 {
		t.Fatalf("results %+v", run.Results)
	}
	loc := run.Results[0].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "systems/credit.yaml" || loc.Region.StartLine != 8 || loc.Region.StartColumn != 13 {
		t.Errorf("location %+v", loc)
	}
}

// TestJSONCustomRule: the JSON report says a rule is custom and where it
// is written, and carries a coverage entry's notes.
func TestJSONCustomRule(t *testing.T) {
	r := customResult()
	r.Coverage = []lint.Coverage{{Ref: "A.9.2", Applicable: true, Status: lint.Evidenced, Evidence: []string{"systems/loans.yaml"},
		Notes: []string{"ACME-001 (policies/acme.yaml) holds on systems/loans.yaml"}}}
	var buf bytes.Buffer
	if err := JSON(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Rules []struct {
			ID        string   `json:"id"`
			Custom    bool     `json:"custom"`
			File      string   `json:"file"`
			Line      int      `json:"line"`
			Evidences []string `json:"evidences"`
		} `json:"rules"`
		Coverage []struct {
			Notes []string `json:"notes"`
		} `json:"coverage"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Rules) != 1 || !doc.Rules[0].Custom || doc.Rules[0].File != "policies/acme.yaml" || doc.Rules[0].Line != 2 || !slices.Equal(doc.Rules[0].Evidences, []string{"A.9.2"}) {
		t.Errorf("rules %+v", doc.Rules)
	}
	if len(doc.Coverage) != 1 || len(doc.Coverage[0].Notes) != 1 {
		t.Errorf("coverage %+v", doc.Coverage)
	}
}

// TestXLSXCustomRuleCoverage: the gap analysis shows the evidence a custom
// rule adds and its note beside the guidance.
func TestXLSXCustomRuleCoverage(t *testing.T) {
	r := customResult()
	note := "ACME-001 (policies/acme.yaml) holds on systems/loans.yaml"
	r.Coverage = []lint.Coverage{{Ref: "A.9.2", Applicable: true, Status: lint.Evidenced, Evidence: []string{"systems/loans.yaml"}, Notes: []string{note}}}
	var buf bytes.Buffer
	if err := XLSX(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.GetRows(sheetGaps)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rows, func(row []string) bool { return len(row) > 0 && row[0] == "A.9.2" })
	if i < 0 || len(rows[i]) < 12 {
		t.Fatalf("no row of A.9.2 in %q", rows)
	}
	if rows[i][6] != "systems/loans.yaml" || !strings.HasSuffix(rows[i][11], "\n"+note) {
		t.Errorf("A.9.2: evidence %q, guidance %q", rows[i][6], rows[i][11])
	}
}
