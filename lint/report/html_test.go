package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/plan"
)

// htmlTrendPoints is a three-month trend.
func htmlTrendPoints() []plan.TrendPoint {
	return []plan.TrendPoint{
		{Date: time.Date(2026, 7, 31, 0, 0, 0, 0, time.UTC), Applicable: 4, Errors: 5, OverdueReviews: 1},
		{Date: time.Date(2026, 8, 31, 0, 0, 0, 0, time.UTC), Commit: "1111111aaaaaaa", Evidenced: 1, Applicable: 4, ComplianceRate: 0.25, Errors: 3},
		{Date: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC), Commit: "3f2a9c1e5b7d4a6f8e0c2b4d6f8a0c2e4b6d8f0a", Evidenced: 2, Applicable: 4, ComplianceRate: 0.5, Errors: 2},
	}
}

// htmlPlan is xlsxPlan with a late task.
func htmlPlan() *plan.Plan {
	p := xlsxPlan()
	p.Tasks = append(p.Tasks, plan.Task{ID: "T-003", Phase: plan.Planning, Name: "Name the AI governance lead", Ref: "5.3",
		Responsible: "top-management", Accountable: "top-management",
		Start: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 8, 31, 0, 0, 0, 0, time.UTC), Status: "in-progress"})
	return p
}

// renderHTML renders p with trend and returns the page.
func renderHTML(t testing.TB, r *lint.Result, p *plan.Plan, trend []plan.TrendPoint) string {
	t.Helper()
	var buf bytes.Buffer
	if err := writeHTML(&buf, r, p, trend); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestHTMLGolden(t *testing.T) {
	tests := []struct {
		name  string
		r     *lint.Result
		p     *plan.Plan
		trend []plan.TrendPoint
	}{
		{"html_plan", xlsxResult(), htmlPlan(), htmlTrendPoints()},
		{"html_empty", &lint.Result{AsOf: xlsxAsOf}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			if tt.p == nil {
				var buf bytes.Buffer
				if err := HTML(&buf, tt.r, Options{}); err != nil {
					t.Fatal(err)
				}
				got = buf.String()
			} else {
				got = renderHTML(t, tt.r, tt.p, tt.trend)
			}
			checkGolden(t, tt.name, []byte(got))
		})
	}
}

func TestHTMLStructure(t *testing.T) {
	page := renderHTML(t, xlsxResult(), htmlPlan(), htmlTrendPoints())
	for _, want := range []string{
		`<html lang="en">`,
		`<section id="rate"`, `<section id="coverage"`, `<section id="trend"`, `<section id="timeline"`,
		`<section id="heatmap"`, `<section id="findings"`, `<section id="owners"`,
		`<table id="findings-table">`, `<svg id="trend-chart"`, `<table id="trend-table">`,
		`<select id="filter-severity">`, `<select id="filter-clause">`, `<select id="filter-control">`,
		`<select id="filter-owner">`, `<select id="filter-file">`, `<input id="filter-search" type="search"`,
		`<p id="findings-count" aria-live="polite">3 of 3 findings shown</p>`,
		`<option value="error">error</option>`, `<option value="6">6</option>`, `<option value="A.5.2">A.5.2</option>`,
		`<option value="ethics-committee">ethics-committee</option>`, `<option value="governance/systems/credit.yaml">`,
		`<tr data-severity="error" data-clause="6" data-control="A.5.2" data-owner="ethics-committee" data-file="governance/systems/credit.yaml">`,
		`<tr class="late"><th scope="row">T-003</th>`,
		`<strong class="late">1 late</strong>`,
		`<span class="big">50 %</span>`,
		`implemented clauses and controls divided by applicable ones`,
		`aria-label="likelihood 4, impact 5: 1 risks, high">1</td>`,
		`<h3>Top management <span class="id">(top-management)</span> <strong class="late">1 overdue</strong></h3>`,
		"@media print",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(page, "<h1>"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	sections := regexp.MustCompile(`(?s)<section id="[a-z]+" aria-labelledby="([a-z]+-h)">\s*<h2 id="([a-z]+-h)">`).FindAllStringSubmatch(page, -1)
	if len(sections) != 7 {
		t.Errorf("%d sections open with their h2, want 7", len(sections))
	}
	// Every control has a label.
	for _, id := range regexp.MustCompile(`<(?:select|input) id="([a-z-]+)"`).FindAllStringSubmatch(page, -1) {
		if !strings.Contains(page, `<label for="`+id[1]+`">`) {
			t.Errorf("control %s has no label", id[1])
		}
	}
	// Without the script the filters stay hidden and every row shows.
	if !strings.Contains(page, `<form id="filters" class="filters" hidden>`) || strings.Contains(page, "<tr hidden") {
		t.Error("the page hides rows or shows inert filters without its script")
	}
}

func TestHTMLNoTrend(t *testing.T) {
	page := renderHTML(t, xlsxResult(), htmlPlan(), nil)
	if strings.Contains(page, `id="trend-chart"`) || !strings.Contains(page, "<code>aims trend</code>") {
		t.Error("a page without a trend must say how to get one, and draw no chart")
	}
}

func TestHTMLEscapes(t *testing.T) {
	const hostile = `<script>alert("x")</script>' onmouseover="alert(1)`
	p := htmlPlan()
	p.Organization = hostile
	p.Gaps[0].Title = hostile
	p.Gaps[0].Status = plan.Missing
	p.Tasks[0].Name = hostile
	p.Risks[0].Title = hostile
	p.Missing = append(p.Missing, hostile)
	p.Findings = append(p.Findings, lint.Finding{RuleID: "ACME-001", Severity: lint.Error, Message: hostile,
		Range: artifact.Range{File: `a"b<c>.md`, Start: artifact.Position{Line: 1, Col: 1}}, Controls: []string{hostile}})
	r := xlsxResult()
	page := renderHTML(t, r, p, htmlTrendPoints())
	if n := strings.Count(page, "<script"); n != 1 {
		t.Errorf("%d <script elements, want the page's own one", n)
	}
	for _, bad := range []string{`alert("x")`, `onmouseover="`, `a"b<c>`} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q unescaped", bad)
		}
	}
	if !strings.Contains(page, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Error("hostile text is not shown escaped")
	}
}

func TestHTMLSelfContained(t *testing.T) {
	page := renderHTML(t, xlsxResult(), htmlPlan(), htmlTrendPoints())
	// The plan's hostile finding message holds a URL as text; no attribute
	// and no style may fetch anything.
	for _, re := range []string{`(?i)(src|href|action|xlink:href)\s*=\s*["']?\s*(https?:)?//`, `(?i)<link\b`, `(?i)@import`, `(?i)url\(`, `(?i)<(iframe|img|object|embed)\b`} {
		if m := regexp.MustCompile(re).FindString(page); m != "" {
			t.Errorf("page fetches something: %q", m)
		}
	}
	if !strings.Contains(page, "<style>") || !strings.Contains(page, "findings-count") {
		t.Error("the style sheet and script are not inline")
	}
}

func TestHTMLManyFindings(t *testing.T) {
	p := htmlPlan()
	p.Findings = nil
	for i := range 10000 {
		p.Findings = append(p.Findings, lint.Finding{RuleID: fmt.Sprintf("AIMS%04d", 1000+i%50), Severity: lint.Severity(1 + i%3),
			Message: fmt.Sprintf("add evidence for item %d", i), Controls: []string{"6.1.4", fmt.Sprintf("A.%d.2", 2+i%9)},
			Range: artifact.Range{File: fmt.Sprintf("docs/file%03d.md", i%500), Start: artifact.Position{Line: 1 + i%40, Col: 1}}})
	}
	start := time.Now()
	page := renderHTML(t, xlsxResult(), p, htmlTrendPoints())
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("rendering 10,000 findings took %v", d)
	}
	if n := strings.Count(page, "<tr data-severity="); n != 10000 {
		t.Errorf("%d finding rows, want 10000", n)
	}
	if len(page) > 8<<20 {
		t.Errorf("page of 10,000 findings is %d bytes, want under 8 MiB", len(page))
	}
	if !strings.Contains(page, "10000 of 10000 findings shown") {
		t.Error("count line missing")
	}
}

func TestCompareRefs(t *testing.T) {
	tests := []struct {
		a, b string
		want int // sign
	}{
		{"4", "10", -1}, {"A.2.2", "A.10.1", -1}, {"A.5", "A.5.2", -1}, {"6.1.4", "6.1.4", 0}, {"A.9.2", "A.9.10", -1},
	}
	for _, tt := range tests {
		got := compareRefs(tt.a, tt.b)
		if (got < 0) != (tt.want < 0) || (got == 0) != (tt.want == 0) {
			t.Errorf("compareRefs(%q, %q) = %d, want sign %d", tt.a, tt.b, got, tt.want)
		}
		if tt.want != 0 && (compareRefs(tt.b, tt.a) < 0) == (got < 0) {
			t.Errorf("compareRefs not antisymmetric for %q, %q", tt.a, tt.b)
		}
	}
}
