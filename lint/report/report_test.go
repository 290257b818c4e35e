package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

var update = flag.Bool("update", false, "rewrite golden files")

// emptyResult is a clean run: artifacts, no findings, a notification.
func emptyResult() *lint.Result {
	return &lint.Result{
		Root:         ".",
		Organization: "Northwind Lending",
		AsOf:         time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC),
		FailOn:       lint.Error,
		Artifacts: []lint.Artifact{
			{Path: "policy/ai-policy.md", Kind: "ai-policy", ID: "POL-001", Title: "AI policy", Status: "approved"},
		},
		Notifications: []string{"not a git repository: freshness checks (AIMS5001, AIMS5002) were skipped"},
	}
}

// bareResult has nothing at all: every list is nil.
func bareResult() *lint.Result {
	return &lint.Result{Root: ".", FailOn: lint.Error}
}

var (
	ruleParse = &lint.Rule{
		ID: "AIMS1001", Name: "ParseError", Title: "artifact cannot be parsed",
		Severity: lint.Error,
	}
	ruleImpact = &lint.Rule{
		ID: "AIMS2001", Name: "HighRiskWithoutImpactAssessment", Title: "high-risk AI system has no impact assessment",
		Severity: lint.Error, Controls: []string{"6.1.4", "A.5.2"},
	}
	ruleDuplicate = &lint.Rule{
		ID: "AIMS2004", Name: "DuplicateID", Title: "artifact id is not unique",
		Severity: lint.Error, Controls: []string{"7.5.3"},
	}
	ruleOperation = &lint.Rule{
		ID: "AIMS3004", Name: "OperationWithoutMonitoring", Title: "AI system in operation has no monitoring",
		Severity: lint.Warning, Controls: []string{"A.6.2.6"},
	}
	ruleMissing = &lint.Rule{
		ID: "AIMS4001", Name: "MissingEvidence", Title: "clause or control has no evidence",
		Severity: lint.Error, Controls: []string{"6.1.4", "A.6.2.4"},
	}
	ruleDraft = &lint.Rule{
		ID: "AIMS4002", Name: "DraftEvidenceOnly", Title: "clause or control is evidenced by drafts only",
		Severity: lint.Warning, Controls: []string{"6.1.4"},
	}
	ruleReview = &lint.Rule{
		ID: "AIMS5001", Name: "ReviewOverdue", Title: "next review date has passed",
		Severity: lint.Note, Controls: []string{"5.2", "7.5.3"},
	}
)

// mixedResult has every kind of finding: repository-level, file-only,
// positioned, with a related location, suppressed; plus coverage and
// notifications.
func mixedResult() *lint.Result {
	return &lint.Result{
		Root:         ".",
		Organization: "Northwind Lending",
		AsOf:         time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC),
		Revision:     "3f2a9c1e0d4b5a69788776655443322110ffeedd",
		RevisionTime: time.Date(2026, 6, 28, 9, 0, 0, 0, time.UTC),
		FailOn:       lint.Error,
		Rules:        []*lint.Rule{ruleParse, ruleImpact, ruleDuplicate, ruleOperation, ruleMissing, ruleDraft, ruleReview},
		Artifacts: []lint.Artifact{
			{Path: "assessments/credit.md", Kind: "impact-assessment", ID: "IA-CREDIT", Title: "Credit scoring impact assessment", Status: "draft"},
			{Path: "policy/ai-policy.md", Kind: "ai-policy", ID: "POL-001", Title: "AI policy", Status: "approved"},
			{Path: "scope.md", Kind: "aims-scope", ID: "SCOPE", Title: "AIMS scope", Status: "approved"},
			{Path: "systems/credit.yaml", Kind: "ai-system", ID: "SYS-CREDIT", Title: "Credit scoring", Status: "approved"},
			{Path: "systems/fraud.yaml", Kind: "ai-system", ID: "SYS-CREDIT", Title: "Fraud detection", Status: "in-review"},
			{Path: "systems/legacy.yaml", Kind: "ai-system", ID: "SYS-LEGACY", Title: "Legacy scoring", Status: "approved"},
		},
		Findings: []lint.Finding{
			{
				RuleID: "AIMS4001", Severity: lint.Error,
				Message:  `add an artifact that evidences A.6.2.4 "AI system verification and validation"`,
				Controls: []string{"A.6.2.4"},
			},
			{
				RuleID: "AIMS4002", Severity: lint.Warning,
				Message:  "approve an artifact that evidences 6.1.4: only drafts exist",
				Controls: []string{"6.1.4"},
			},
			{
				RuleID: "AIMS5001", Severity: lint.Note,
				Range:    artifact.Range{File: "policy/ai-policy.md"},
				Message:  "review the document: next_review 2026-06-30 has passed",
				Controls: []string{"5.2", "7.5.3"},
			},
			{
				RuleID: "AIMS2001", Severity: lint.Error,
				Range: artifact.Range{
					File:  "systems/credit.yaml",
					Start: artifact.Position{Line: 4, Col: 13},
					End:   artifact.Position{Line: 4, Col: 17},
				},
				Message:  `add an approved impact assessment for high-risk AI system "SYS-CREDIT"`,
				Controls: []string{"6.1.4", "A.5.2"},
			},
			{
				RuleID: "AIMS2004", Severity: lint.Error,
				Range: artifact.Range{
					File:  "systems/fraud.yaml",
					Start: artifact.Position{Line: 2, Col: 5},
					End:   artifact.Position{Line: 2, Col: 15},
				},
				Message:  `rename the id: "SYS-CREDIT" is already used`,
				Controls: []string{"7.5.3"},
				Related: []lint.Related{{
					Range:   artifact.Range{File: "systems/credit.yaml", Start: artifact.Position{Line: 2, Col: 5}, End: artifact.Position{Line: 2, Col: 15}},
					Message: "first defined here",
				}},
			},
			{
				RuleID: "AIMS3004", Severity: lint.Warning,
				Range:    artifact.Range{File: "systems/legacy.yaml", Start: artifact.Position{Line: 6, Col: 3}},
				Message:  `add monitoring for "SYS-LEGACY" in operation`,
				Controls: []string{"A.6.2.6"},
				Suppressed: &lint.Suppression{
					Reason:  "decommissioned in Q4",
					Owner:   "ai-governance-lead",
					Expires: "2026-12-31",
					Source:  artifact.Range{File: "systems/legacy.yaml", Start: artifact.Position{Line: 12, Col: 3}},
				},
			},
		},
		Notifications: []string{
			"shallow clone: history-based checks were skipped; fetch the full history (fetch-depth: 0)",
		},
		References: []lint.Reference{
			{ID: "4.1", Title: "Understanding the organization and its context", Group: "4"},
			{ID: "4.3", Title: "Determining the scope of the AI management system", Group: "4"},
			{ID: "5.2", Title: "AI policy", Group: "5"},
			{ID: "6.1.4", Title: "AI system impact assessment", Group: "6"},
			{ID: "7.5.3", Title: "Control of documented information", Group: "7"},
			{ID: "A.5.2", Title: "AI system impact assessment process", Group: "A.5", Control: true},
			{ID: "A.5.3", Title: "Documentation of AI system impact assessments", Group: "A.5", Control: true},
			{ID: "A.6.2.4", Title: "AI system verification and validation", Group: "A.6", Control: true},
			{ID: "A.6.2.6", Title: "AI system operation and monitoring", Group: "A.6", Control: true},
			{ID: "A.10.2", Title: "Allocating responsibilities", Group: "A.10", Control: true},
		},
		Coverage: []lint.Coverage{
			{Ref: "4.1", Applicable: true, Status: lint.Evidenced, Evidence: []string{"scope.md"}},
			{Ref: "4.3", Applicable: true, Status: lint.Evidenced, Evidence: []string{"scope.md"}},
			{Ref: "5.2", Applicable: true, Status: lint.Evidenced, Evidence: []string{"policy/ai-policy.md"}},
			{Ref: "6.1.4", Applicable: true, Status: lint.DraftOnly, Evidence: []string{"assessments/credit.md"}},
			{Ref: "A.5.2", Applicable: true, Status: lint.DraftOnly, Evidence: []string{"assessments/credit.md"}},
			{Ref: "A.5.3", Applicable: true, Status: lint.Missing},
			{Ref: "A.6.2.4", Applicable: true, Status: lint.Missing},
			{Ref: "A.6.2.6", Applicable: true, Status: lint.Evidenced, Evidence: []string{"systems/credit.yaml", "systems/legacy.yaml"}},
			{Ref: "A.10.2", Applicable: false, Status: lint.NotApplicable},
		},
	}
}

// validationResult is mixedResult with A.6.2.4's evidence per AI system and
// what each system's latest evaluation shows.
func validationResult() *lint.Result {
	r := mixedResult()
	for i := range r.Coverage {
		if r.Coverage[i].Ref == "A.6.2.4" {
			r.Coverage[i].Evidence = []string{"evaluations/credit.yaml", "evaluations/legacy.yaml"}
			r.Coverage[i].Systems = []lint.SystemCoverage{
				{System: "SYS-CREDIT", Status: lint.Evidenced, Evidence: []string{"evaluations/credit.yaml"}, Detail: "EVAL-CREDIT-41, NAS 4.1 on 2026-05-07: 6 of 6 metrics met"},
				{System: "SYS-FRAUD", Status: lint.Missing, Detail: "no approved evaluation"},
				{System: "SYS-LEGACY", Status: lint.Missing, Evidence: []string{"evaluations/legacy.yaml"}, Detail: "EVAL-LEGACY-3, LS 1.2 on 2026-02-11: 3 of 4 metrics met | sex: 0.71 < 0.8"},
			}
		}
	}
	return r
}

func TestFormats(t *testing.T) {
	tests := []struct {
		name   string
		format Func
		result *lint.Result
		opts   Options
	}{
		{"text_empty", Text, emptyResult(), Options{}},
		{"text_mixed", Text, mixedResult(), Options{}},
		{"text_color", Text, mixedResult(), Options{Color: true}},
		{"json_empty", JSON, emptyResult(), Options{}},
		{"json_mixed", JSON, mixedResult(), Options{}},
		{"text_validation", Text, validationResult(), Options{}},
		{"json_validation", JSON, validationResult(), Options{}},
		{"markdown_validation", Markdown, validationResult(), Options{}},
		{"text_drafts", Text, draftsResult(), Options{}},
		{"text_drafts_verbose", Text, draftsResult(), Options{Verbose: true}},
		{"text_drafts_quiet", Text, draftsResult(), Options{Quiet: true}},
		{"text_drafts_brief", Text, draftsResult(), Options{Brief: true}},
		{"json_drafts", JSON, draftsResult(), Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.format(&buf, tt.result, tt.opts); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.name, buf.Bytes())
		})
	}
}

func TestTextColor(t *testing.T) {
	for _, color := range []bool{false, true} {
		var buf bytes.Buffer
		if err := Text(&buf, mixedResult(), Options{Color: color}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(buf.String(), "\x1b["); got != color {
			t.Errorf("Color: %v: output contains ANSI codes = %v", color, got)
		}
	}
}

func TestTextDeterministic(t *testing.T) {
	for _, o := range []Options{{}, {Color: true}} {
		var a, b bytes.Buffer
		if err := Text(&a, mixedResult(), o); err != nil {
			t.Fatal(err)
		}
		if err := Text(&b, mixedResult(), o); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("Color: %v: two runs differ:\n%s\n---\n%s", o.Color, a.Bytes(), b.Bytes())
		}
	}
}

func TestTextLocations(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, mixedResult(), Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"\n.: warning: approve an artifact that evidences 6.1.4: only drafts exist [AIMS4002] (6.1.4)\n",
		"\npolicy/ai-policy.md: note: ",
		"\nsystems/credit.yaml:4:13: error: ",
		"\n    systems/credit.yaml:2:5: first defined here\n",
		"\n3 errors, 1 warning, 1 note in 6 artifacts (1 suppressed)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "SYS-LEGACY") {
		t.Error("output lists a suppressed finding")
	}
	if !strings.HasPrefix(out, "linted commit 3f2a9c1 (2026-06-28) as of 2026-09-30\n.: error: ") {
		t.Errorf("output does not start with the linted commit, then the repository-level finding:\n%s", out)
	}
	// A working tree or a plain folder gets no such line.
	r := mixedResult()
	r.Revision, r.RevisionTime = "", time.Time{}
	buf.Reset()
	if err := Text(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), ".: error: ") {
		t.Errorf("working tree: output does not start with the repository-level finding:\n%s", buf.String())
	}
}

func TestTextSummaryPlurals(t *testing.T) {
	r := &lint.Result{
		FailOn:    lint.Error,
		Artifacts: []lint.Artifact{{Path: "a.md"}},
		Findings: []lint.Finding{
			{RuleID: "AIMS1001", Severity: lint.Error, Range: artifact.Range{File: "a.md", Start: artifact.Position{Line: 1, Col: 1}}, Message: "fix it"},
		},
	}
	var buf bytes.Buffer
	if err := Text(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "a.md:1:1: error: fix it [AIMS1001]\n\n1 error, 0 warnings, 0 notes in 1 artifact\n"
	if buf.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", buf.String(), want)
	}

	// Only suppressed findings: no findings, but the suppression is counted.
	r.Findings[0].Suppressed = &lint.Suppression{Reason: "accepted"}
	r.Artifacts = nil
	buf.Reset()
	if err := Text(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if want := "no findings in 0 artifacts (1 suppressed)\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

func TestJSONParses(t *testing.T) {
	for name, r := range map[string]*lint.Result{"mixed": mixedResult(), "empty": emptyResult(), "bare": bareResult()} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := JSON(&buf, r, Options{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasSuffix(buf.Bytes(), []byte("}\n")) {
				t.Error("output does not end in a newline after the document")
			}

			var doc jsonReport
			dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&doc); err != nil {
				t.Fatalf("output does not parse back: %v", err)
			}
			if doc.Version != 1 || doc.Tool.Name != "aims" {
				t.Errorf("version %d, tool %q", doc.Version, doc.Tool.Name)
			}
			if len(doc.Findings) != len(r.Findings) || len(doc.Artifacts) != len(r.Artifacts) || len(doc.Rules) != len(r.Rules) {
				t.Errorf("lost entries: %d findings, %d artifacts, %d rules", len(doc.Findings), len(doc.Artifacts), len(doc.Rules))
			}
			if doc.Summary.Errors != r.Count(lint.Error) || doc.Failed != r.Failed() {
				t.Errorf("summary %+v, failed %v", doc.Summary, doc.Failed)
			}

			// No list is ever null, at any depth.
			var generic any
			if err := json.Unmarshal(buf.Bytes(), &generic); err != nil {
				t.Fatal(err)
			}
			checkNoNull(t, "$", generic)
			top := generic.(map[string]any)
			for _, key := range []string{"rules", "artifacts", "findings", "coverage", "notifications"} {
				if _, ok := top[key].([]any); !ok {
					t.Errorf("%s is %T, want a list", key, top[key])
				}
			}
		})
	}
}

func TestJSONOmitsEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, mixedResult(), Options{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for i, f := range doc.Findings {
		for _, key := range []string{"rule", "severity", "message", "file", "start", "controls"} {
			if _, ok := f[key]; !ok {
				t.Errorf("finding %d lacks %q", i, key)
			}
		}
		for key, present := range map[string]bool{
			"end":        i == 3 || i == 4,
			"related":    i == 4,
			"suppressed": i == 5,
		} {
			if _, ok := f[key]; ok != present {
				t.Errorf("finding %d: %q present = %v, want %v", i, key, ok, present)
			}
		}
	}
}

// checkNoNull fails for any null value in a decoded JSON document.
func checkNoNull(t *testing.T, path string, v any) {
	t.Helper()
	switch v := v.(type) {
	case nil:
		t.Errorf("%s is null", path)
	case map[string]any:
		for k, e := range v {
			checkNoNull(t, path+"."+k, e)
		}
	case []any:
		for i, e := range v {
			checkNoNull(t, fmt.Sprintf("%s[%d]", path, i), e)
		}
	}
}

func TestGet(t *testing.T) {
	names := Names()
	if !slices.IsSorted(names) {
		t.Errorf("Names() = %v, not sorted", names)
	}
	for _, want := range []string{"json", "text"} {
		if !slices.Contains(names, want) {
			t.Errorf("Names() = %v, lacks %q", names, want)
		}
	}
	for _, name := range names {
		if f, ok := Get(name); !ok || f == nil {
			t.Errorf("Get(%q) = %v, %v", name, f, ok)
		}
	}
	if _, ok := Get("nope"); ok {
		t.Error(`Get("nope") succeeded`)
	}
}

func TestTextLocationsBelowRoot(t *testing.T) {
	rule := &lint.Rule{ID: "AIMS1001", Severity: lint.Error}
	tests := []struct {
		root string
		want []string
	}{
		{".", []string{"a/b.yaml:3:5: error", ".: error", "    c.md:1:1: here"}},
		{"repo/aims/", []string{"repo/aims/a/b.yaml:3:5: error", "repo/aims: error", "    repo/aims/c.md:1:1: here"}},
	}
	for _, tt := range tests {
		r := &lint.Result{Root: tt.root, FailOn: lint.Error, Rules: []*lint.Rule{rule}, Findings: []lint.Finding{
			{RuleID: "AIMS1001", Severity: lint.Error, Message: "m"},
			{RuleID: "AIMS1001", Severity: lint.Error, Message: "m", Range: artifact.Range{File: "a/b.yaml", Start: artifact.Position{Line: 3, Col: 5}},
				Related: []lint.Related{{Range: artifact.Range{File: "c.md", Start: artifact.Position{Line: 1, Col: 1}}, Message: "here"}}},
		}}
		var b strings.Builder
		if err := Text(&b, r, Options{}); err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("root %q: output lacks %q:\n%s", tt.root, w, b.String())
			}
		}
	}
}

func TestValidationCount(t *testing.T) {
	sys := func(id string, s lint.CoverageStatus) lint.SystemCoverage {
		return lint.SystemCoverage{System: id, Status: s}
	}
	for _, tc := range []struct {
		name     string
		coverage []lint.Coverage
		want     string // the sentence, "" for no count
		failing  []string
	}{
		{"no coverage", nil, "", nil},
		{"no systems", []lint.Coverage{{Ref: "A.6.2.4", Applicable: true, Status: lint.Missing}}, "", nil},
		{"excluded", []lint.Coverage{{Ref: "A.6.2.4", Status: lint.NotApplicable, Systems: []lint.SystemCoverage{sys("S1", lint.Missing)}}}, "", nil},
		{"other control", []lint.Coverage{{Ref: "A.5.3", Applicable: true, Status: lint.Missing, Systems: []lint.SystemCoverage{sys("S1", lint.Missing)}}}, "", nil},
		{"one of one", []lint.Coverage{{Ref: "A.6.2.4", Applicable: true, Status: lint.Evidenced, Systems: []lint.SystemCoverage{sys("S1", lint.Evidenced)}}},
			"1 of 1 AI system has a passing current evaluation", nil},
		{"one of two", []lint.Coverage{{Ref: "A.6.2.4", Applicable: true, Status: lint.DraftOnly, Systems: []lint.SystemCoverage{sys("S1", lint.Evidenced), sys("S2", lint.DraftOnly)}}},
			"1 of 2 AI systems has a passing current evaluation", []string{"S2"}},
		{"none of two", []lint.Coverage{{Ref: "A.6.2.4", Applicable: true, Status: lint.Missing, Systems: []lint.SystemCoverage{sys("S1", lint.Missing), sys("S2", lint.DraftOnly)}}},
			"0 of 2 AI systems have a passing current evaluation", []string{"S1", "S2"}},
		{"none of one", []lint.Coverage{{Ref: "A.6.2.4", Applicable: true, Status: lint.Missing, Systems: []lint.SystemCoverage{sys("S1", lint.DraftOnly)}}},
			"0 of 1 AI system has a passing current evaluation", []string{"S1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, ok := validation(&lint.Result{Coverage: tc.coverage})
			if ok != (tc.want != "") {
				t.Fatalf("ok = %v", ok)
			}
			if !ok {
				return
			}
			if got := v.sentence(); got != tc.want {
				t.Errorf("sentence = %q, want %q", got, tc.want)
			}
			if !slices.Equal(v.Failing, tc.failing) {
				t.Errorf("failing = %q, want %q", v.Failing, tc.failing)
			}
		})
	}
}

// draftsResult is a result in the engine's order (lint.SortFindings) with
// a file error, and repository-level warnings that clauses and controls are
// evidenced only by drafts: three of Annex A.6, one of clause 6, and
// many notifications.
func draftsResult() *lint.Result {
	draft := func(ref, title string) lint.Finding {
		return lint.Finding{
			RuleID: "AIMS4003", Severity: lint.Warning,
			Message:  fmt.Sprintf(`approve systems/credit.yaml: only drafts evidence %s "%s"`, ref, title),
			Controls: []string{ref},
			Related:  []lint.Related{{Range: artifact.Range{File: "systems/credit.yaml", Start: artifact.Position{Line: 1, Col: 1}}, Message: fmt.Sprintf(`status "draft": evidence of %s once approved`, ref)}},
		}
	}
	r := &lint.Result{
		Root:      ".",
		AsOf:      time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC),
		FailOn:    lint.Error,
		Rules:     []*lint.Rule{ruleDraft, ruleImpact},
		Artifacts: []lint.Artifact{{Path: "systems/credit.yaml", Kind: "ai-system", ID: "SYS-CREDIT", Title: "Credit scoring", Status: "draft"}},
		Findings: []lint.Finding{
			draft("A.6.2.4", "AI system verification and validation"),
			draft("6.1.4", "AI system impact assessment"),
			draft("A.6.2.2", "AI system requirements and specification"),
			draft("A.6.2.6", "AI system operation and monitoring"),
			{
				RuleID: "AIMS2001", Severity: lint.Error,
				Range:    artifact.Range{File: "systems/credit.yaml", Start: artifact.Position{Line: 4, Col: 13}, End: artifact.Position{Line: 4, Col: 17}},
				Message:  `add an approved impact assessment for high-risk AI system "SYS-CREDIT"`,
				Controls: []string{"6.1.4", "A.5.2"},
			},
		},
		References: []lint.Reference{
			{ID: "6.1.4", Title: "AI system impact assessment", Group: "6"},
			{ID: "A.5.2", Title: "AI system impact assessment process", Group: "A.5", Control: true},
			{ID: "A.6.2.2", Title: "AI system requirements and specification", Group: "A.6", Control: true},
			{ID: "A.6.2.4", Title: "AI system verification and validation", Group: "A.6", Control: true},
			{ID: "A.6.2.6", Title: "AI system operation and monitoring", Group: "A.6", Control: true},
		},
	}
	for i := range 12 {
		r.Notifications = append(r.Notifications, fmt.Sprintf("notification %d", i+1))
	}
	lint.SortFindings(r.Findings)
	return r
}

func TestTextBriefIsShort(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, draftsResult(), Options{Brief: true}); err != nil {
		t.Fatal(err)
	}
	_, summary, ok := strings.Cut(buf.String(), "\n\n")
	if !ok {
		t.Fatalf("no summary:\n%s", buf.String())
	}
	if n := strings.Count(summary, "\n"); n > briefLines-1 {
		t.Errorf("the summary is %d lines (and the blank one before it), want at most %d:\n%s", n, briefLines, summary)
	}
	if !strings.HasPrefix(summary, "1 error, 4 warnings") {
		t.Errorf("the summary does not start with the counts, errors first:\n%s", summary)
	}
}
