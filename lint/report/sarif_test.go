package report

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aimsdev/aims/lint"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/sariftest"
)

// The rules of the SARIF fixtures: with Docs, Names and the coverage rules
// SARIF expands.
var (
	sarifRuleImpact = &lint.Rule{
		ID: "AIMS2001", Name: "HighRiskWithoutImpactAssessment", Title: "high-risk AI system has no impact assessment",
		Doc:      "A high-risk AI system needs an impact assessment\nbefore it is used.\n\n## Failing example\n\n```yaml\nrisk_level: high\n```\n",
		Severity: lint.Error, Controls: []string{"6.1.4", "A.5.2"},
	}
	sarifRuleDuplicate = &lint.Rule{
		ID: "AIMS3001", Name: "DuplicateId", Title: "artifact id is not unique",
		Doc:      "Two artifacts with one id make every reference to it ambiguous.\n",
		Severity: lint.Error, Controls: []string{"7.5.3"},
	}
	sarifRuleMonitoring = &lint.Rule{
		ID: "AIMS3004", Name: "OperationWithoutMonitoring", Title: "AI system in operation has no monitoring",
		Doc:      "An AI system in operation must be monitored: <see> A.6.2.6 & 9.1.\n",
		Severity: lint.Warning, Controls: []string{"A.6.2.6"},
	}
	sarifRuleClauses = &lint.Rule{
		ID: "AIMS4001", Name: "ClauseNotEvidenced", Title: "clause that requires documented information has no evidence",
		Doc: "A clause that requires documented information needs an artifact.\n", Severity: lint.Error, Controls: []string{"7.5.1"},
	}
	sarifRuleControls = &lint.Rule{
		ID: "AIMS4002", Name: "ControlNotEvidenced", Title: "applicable Annex A control has no evidence",
		Doc: "An applicable control needs an artifact.\n", Severity: lint.Error, Controls: []string{"6.1.3"},
	}
	sarifRuleDrafts = &lint.Rule{
		ID: "AIMS4003", Name: "EvidencedOnlyByDrafts", Title: "clause or control is evidenced only by drafts",
		Doc: "Drafts are no evidence.\n", Severity: lint.Warning, Controls: []string{"7.5.2"},
	}
	sarifRuleReview = &lint.Rule{
		ID: "AIMS5001", Name: "ReviewOverdue", Title: "next review date has passed",
		Doc: "Review documents on time.\n", Severity: lint.Note, Controls: []string{"5.2", "7.5.3"},
	}
)

// sarifReferences is a small catalogue: documented-information clauses, a
// process clause, controls evidenced by kinds and by procedure, and groups.
func sarifReferences() []lint.Reference {
	many := []string{"EU AI Act Art 9", "NIST AI RMF MAP 1.1", "NIST AI RMF MAP 1.2", "NIST AI RMF MAP 1.3", "NIST AI RMF MAP 1.4",
		"NIST AI RMF MAP 1.5", "NIST AI RMF MAP 1.6", "NIST AI RMF MAP 2.1", "NIST AI RMF MAP 2.2", "ISO/IEC 27001 6.1.2"}
	return []lint.Reference{
		{ID: "4.3", Title: "Determining the scope of the AI management system", Group: "4", DocumentedInformation: true,
			Guidance: "Write an AIMS scope that states the boundaries.", Kinds: []string{"aims-scope"}, Tags: []string{"EU AI Act Art 6", "ISO/IEC 27001 4.3"}},
		{ID: "5.1", Title: "Leadership and commitment", Group: "5", Guidance: "List 5.1 in the controls of the AI policy."},
		{ID: "5.2", Title: "AI policy", Group: "5", DocumentedInformation: true, Guidance: "Write an AI policy.", Kinds: []string{"ai-policy"}},
		{ID: "6.1.4", Title: "AI system impact assessment", Group: "6", DocumentedInformation: true,
			Guidance: "Assess the impact of each AI system on people.", Kinds: []string{"impact-assessment"}, Tags: many},
		{ID: "7.5.3", Title: "Control of documented information", Group: "7", Guidance: "Version your documents."},
		{ID: "A.5.2", Title: "AI system impact assessment process", Group: "A.5", Control: true, DocumentedInformation: true,
			Guidance: "Describe how impact assessments are done.", Kinds: []string{"impact-assessment"}, Tags: []string{"EU AI Act Art 27", "NIST AI RMF MAP 5.1"}},
		{ID: "A.6.2.6", Title: "AI system operation and monitoring", Group: "A.6", Control: true, DocumentedInformation: true,
			Guidance: "Record how each AI system is monitored.", Kinds: []string{"ai-system", "monitoring-report"}, Tags: []string{"EU AI Act Art 72"}},
		{ID: "A.9.2", Title: "Processes for responsible use of AI systems", Group: "A.9", Control: true, DocumentedInformation: true,
			Guidance: "Write a procedure for responsible use.", ByProcedure: true},
		{ID: "4", Title: "Context of the organization", Group: "4"},
		{ID: "5", Title: "Leadership", Group: "5"},
		{ID: "6", Title: "Planning", Group: "6"},
		{ID: "7", Title: "Support", Group: "7"},
		{ID: "A.5", Title: "Assessing impacts of AI systems", Group: "A.5", Control: true},
		{ID: "A.6", Title: "AI system life cycle", Group: "A.6", Control: true},
		{ID: "A.9", Title: "Use of AI systems", Group: "A.9", Control: true},
	}
}

// sarifMixed has every kind of finding SARIF maps: repository-level findings
// of the coverage rules (a clause, a control, drafts only with related
// drafts), a finding about a file as a whole, positioned findings with
// fingerprints and a related location, findings suppressed in the artifact
// and in .aims.yaml, and paths that need percent-encoding, all below a
// repository prefix.
func sarifMixed() *lint.Result {
	return &lint.Result{
		Root:         "governance/aims",
		Prefix:       "governance/aims",
		Version:      "v1.2.0",
		ConfigFile:   ".aims.yaml",
		Organization: "Northwind Lending",
		AsOf:         time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC),
		Revision:     "3f2a9c1e0d4b5a69788776655443322110ffeedd",
		RevisionTime: time.Date(2026, 6, 28, 9, 0, 0, 0, time.UTC),
		FailOn:       lint.Error,
		Rules: []*lint.Rule{sarifRuleImpact, sarifRuleDuplicate, sarifRuleMonitoring,
			sarifRuleClauses, sarifRuleControls, sarifRuleDrafts, sarifRuleReview},
		Artifacts: []lint.Artifact{
			{Path: "assessments/credit impact.md", Kind: "impact-assessment", ID: "IA-CREDIT", Title: "Credit scoring impact assessment", Status: "draft"},
			{Path: "policy/ai-policy.md", Kind: "ai-policy", ID: "POL-001", Title: "AI policy", Status: "approved"},
			{Path: "risk/soa.yaml", Kind: "statement-of-applicability", ID: "SOA", Title: "Statement of applicability", Status: "approved"},
			{Path: "scope.md", Kind: "aims-scope", ID: "SCOPE", Title: "AIMS scope", Status: "approved"},
			{Path: "systems/crédit#1.yaml", Kind: "ai-system", ID: "SYS-CREDIT", Title: "Credit scoring", Status: "approved"},
			{Path: "systems/fraud.yaml", Kind: "ai-system", ID: "SYS-CREDIT", Title: "Fraud detection", Status: "in-review"},
			{Path: "systems/legacy.yaml", Kind: "ai-system", ID: "SYS-LEGACY", Title: "Legacy scoring", Status: "approved"},
			{Path: "systems/old.yaml", Kind: "ai-system", ID: "SYS-OLD", Title: "Old scoring", Status: "approved"},
		},
		Findings: []lint.Finding{
			{
				RuleID: "AIMS4001", Severity: lint.Error,
				Message:  `write an impact-assessment artifact to evidence 6.1.4 "AI system impact assessment"`,
				Controls: []string{"6.1.4"},
			},
			{
				RuleID: "AIMS4002", Severity: lint.Error,
				Message:  "write a procedure that evidences A.9.2 \"Processes for responsible use of AI systems\" by listing it in `controls`",
				Controls: []string{"A.9.2"},
			},
			{
				RuleID: "AIMS4003", Severity: lint.Warning,
				Message:  `approve assessments/credit impact.md: only drafts evidence A.5.2 "AI system impact assessment process"`,
				Controls: []string{"A.5.2"},
				Related: []lint.Related{{
					Range:   artifact.Range{File: "assessments/credit impact.md", Start: artifact.Position{Line: 2, Col: 1}, End: artifact.Position{Line: 2, Col: 1}},
					Message: `status "draft": evidence of A.5.2 once approved`,
				}},
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
					File:  "systems/crédit#1.yaml",
					Start: artifact.Position{Line: 4, Col: 13},
					End:   artifact.Position{Line: 4, Col: 17},
				},
				Message:     `add an approved impact assessment for high-risk AI system "SYS-CREDIT"`,
				Controls:    []string{"6.1.4", "A.5.2"},
				Fingerprint: "e54938cc54b302f1:1",
			},
			{
				RuleID: "AIMS3001", Severity: lint.Error,
				Range: artifact.Range{
					File:  "systems/fraud.yaml",
					Start: artifact.Position{Line: 2, Col: 5},
					End:   artifact.Position{Line: 2, Col: 15},
				},
				Message:  `rename the id: "SYS-CREDIT" is already used`,
				Controls: []string{"7.5.3"},
				Related: []lint.Related{{
					Range:   artifact.Range{File: "systems/crédit#1.yaml", Start: artifact.Position{Line: 2, Col: 5}, End: artifact.Position{Line: 2, Col: 15}},
					Message: "first defined here",
				}},
				Fingerprint: "bb609acbe9138d60:1",
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
				Fingerprint: "1131fd5871777f34:1",
			},
			{
				RuleID: "AIMS3004", Severity: lint.Warning,
				Range:    artifact.Range{File: "systems/old.yaml", Start: artifact.Position{Line: 5, Col: 3}, End: artifact.Position{Line: 5, Col: 1}},
				Message:  `add monitoring for "SYS-OLD" in operation`,
				Controls: []string{"A.6.2.6"},
				Suppressed: &lint.Suppression{
					Reason: "risk accepted by the board",
					Source: artifact.Range{File: ".aims.yaml", Start: artifact.Position{Line: 7, Col: 5}},
				},
				Fingerprint: "5c482a0f8b35ea28:1",
			},
		},
		Notifications: []string{
			"shallow clone: history-based checks were skipped; fetch the full history (fetch-depth: 0)",
		},
		References: sarifReferences(),
	}
}

// sarifEmpty is a clean run at the repository root, with nothing else.
func sarifEmpty() *lint.Result {
	return &lint.Result{Root: ".", FailOn: lint.Error, Rules: []*lint.Rule{sarifRuleImpact}}
}

// sarifOutput runs SARIF and returns its bytes.
func sarifOutput(t *testing.T, r *lint.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSARIFGolden(t *testing.T) {
	schemas := sariftest.Schemas(t)
	for name, r := range map[string]*lint.Result{"sarif_mixed": sarifMixed(), "sarif_empty": sarifEmpty(), "sarif_custom": customResult()} {
		t.Run(name, func(t *testing.T) {
			out := sarifOutput(t, r)
			sariftest.Validate(t, schemas, "sarif", out)
			checkSARIF(t, out)
			checkGolden(t, name, out)
		})
	}
}

// TestSARIFGoldenValid validates the golden files themselves, so that an
// -update never accepts an invalid file.
func TestSARIFGoldenValid(t *testing.T) {
	schemas := sariftest.Schemas(t)
	files, err := filepath.Glob(filepath.Join("testdata", "*sarif*.golden"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no SARIF golden files: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sariftest.Validate(t, schemas, "sarif", data)
	}
}

func TestSARIFDeterministic(t *testing.T) {
	a, b := sarifOutput(t, sarifMixed()), sarifOutput(t, sarifMixed())
	if !bytes.Equal(a, b) {
		t.Error("two runs give different bytes")
	}
	if !bytes.HasSuffix(a, []byte("}\n")) {
		t.Error("output does not end in a newline after the document")
	}
}

// TestSARIFMapping checks the decisions SARIF.md documents on the mixed result.
func TestSARIFMapping(t *testing.T) {
	log := decodeSARIF(t, sarifOutput(t, sarifMixed()))
	run := log.Runs[0]
	driver := run.Tool.Driver
	if driver.Name != "aims" || driver.Version != "1.2.0" || driver.SemanticVersion != "1.2.0" || driver.InformationURI != sarifHome {
		t.Errorf("driver %+v", driver)
	}
	if run.AutomationDetails.ID != "aims/lint/" || run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("automation %q, column kind %q", run.AutomationDetails.ID, run.ColumnKind)
	}
	if d := run.AutomationDetails.Description; d == nil || d.Text != "Linted commit 3f2a9c1 (2026-06-28) as of 2026-09-30." {
		t.Errorf("automation description %+v", d)
	}
	if run.Properties == nil || run.Properties.AsOf != "2026-09-30" || run.Properties.Revision != "3f2a9c1e0d4b5a69788776655443322110ffeedd" ||
		run.Properties.RevisionTime != "2026-06-28T09:00:00Z" {
		t.Errorf("run properties %+v", run.Properties)
	}
	inv := run.Invocations
	if len(inv) != 1 || !inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 1 ||
		inv[0].ToolExecutionNotifications[0].Level != "warning" {
		t.Errorf("invocations %+v", inv)
	}

	// Rules: the rules in order, each coverage rule followed by its
	// per-reference rules.
	var ids []string
	for _, r := range driver.Rules {
		ids = append(ids, r.ID)
	}
	wantIDs := []string{"AIMS2001", "AIMS3001", "AIMS3004",
		"AIMS4001", "AIMS4001/4.3", "AIMS4001/5.2", "AIMS4001/6.1.4",
		"AIMS4002", "AIMS4002/A.5.2", "AIMS4002/A.6.2.6", "AIMS4002/A.9.2",
		"AIMS4003", "AIMS4003/4.3", "AIMS4003/5.2", "AIMS4003/6.1.4", "AIMS4003/A.5.2", "AIMS4003/A.6.2.6", "AIMS4003/A.9.2",
		"AIMS5001"}
	if strings.Join(ids, " ") != strings.Join(wantIDs, " ") {
		t.Errorf("rule ids\n got %v\nwant %v", ids, wantIDs)
	}
	rule := map[string]sarifRule{}
	for _, r := range driver.Rules {
		rule[r.ID] = r
	}
	if r := rule["AIMS4002/A.9.2"]; r.Name != "ControlNotEvidencedA9Dot2" ||
		r.ShortDescription.Text != "A.9.2 Processes for responsible use of AI systems has no evidence" ||
		!strings.Contains(r.Help.Markdown, "Write a procedure for responsible use.") ||
		!strings.Contains(r.Help.Markdown, "kind: procedure") || !strings.Contains(r.Help.Markdown, "controls: [A.9.2]") ||
		strings.Join(r.Properties.Tags, ",") != "iso42001,A.9.2,A.9" || r.HelpURI != sarifRuleDocs+"AIMS4002.md" {
		t.Errorf("AIMS4002/A.9.2 = %+v", r)
	}
	if r := rule["AIMS4001/6.1.4"]; len(r.Properties.Tags) != sarifMaxTags || r.Properties.Tags[1] != "6.1.4" || r.Properties.Tags[2] != "6" ||
		!strings.Contains(r.Help.Markdown, "kind: impact-assessment") || r.Name != "ClauseNotEvidenced6Dot1Dot4" {
		t.Errorf("AIMS4001/6.1.4 = %+v", r)
	}
	if r := rule["AIMS4003/A.5.2"]; r.ShortDescription.Text != "A.5.2 AI system impact assessment process is evidenced only by drafts" ||
		r.DefaultConfiguration.Level != "warning" || r.Properties.ProblemSeverity != "warning" || !strings.Contains(r.Help.Markdown, "status: approved") {
		t.Errorf("AIMS4003/A.5.2 = %+v", r)
	}
	if r := rule["AIMS2001"]; r.FullDescription.Text != "A high-risk AI system needs an impact assessment before it is used." ||
		r.Help.Markdown != strings.TrimSpace(sarifRuleImpact.Doc) || r.DefaultConfiguration.Level != "error" ||
		r.Properties.ProblemSeverity != "error" || r.Properties.Precision != "very-high" {
		t.Errorf("AIMS2001 = %+v", r)
	}
	if got := strings.Join(rule["AIMS2001"].Properties.Tags, "|"); !strings.HasPrefix(got, "iso42001|6.1.4|A.5.2|EU AI Act Art 9|") || len(rule["AIMS2001"].Properties.Tags) != sarifMaxTags {
		t.Errorf("AIMS2001 tags %s", got)
	}
	if r := rule["AIMS5001"]; r.DefaultConfiguration.Level != "note" || r.Properties.ProblemSeverity != "recommendation" {
		t.Errorf("AIMS5001 = %+v", r)
	}

	// Results, in finding order.
	type want struct {
		rule, uri string
		region    sarifRegion
		message   string // of the location
		related   string // uri of the first related location
		print     string
		sup       string // suppression kind
	}
	line1 := sarifRegion{StartLine: 1, StartColumn: 1, EndLine: 1, EndColumn: 1}
	wants := []want{
		{rule: "AIMS4001/6.1.4", uri: "governance/aims/scope.md", region: line1, message: "shown on the AIMS scope"},
		{rule: "AIMS4002/A.9.2", uri: "governance/aims/risk/soa.yaml", region: line1, message: "shown on the statement of applicability"},
		{rule: "AIMS4003/A.5.2", uri: "governance/aims/risk/soa.yaml", region: line1, message: "shown on the statement of applicability",
			related: "governance/aims/assessments/credit%20impact.md"},
		{rule: "AIMS5001", uri: "governance/aims/policy/ai-policy.md", region: line1},
		{rule: "AIMS2001", uri: "governance/aims/systems/cr%C3%A9dit%231.yaml", region: sarifRegion{4, 13, 4, 17}, print: "e54938cc54b302f1:1"},
		{rule: "AIMS3001", uri: "governance/aims/systems/fraud.yaml", region: sarifRegion{2, 5, 2, 15}, print: "bb609acbe9138d60:1",
			related: "governance/aims/systems/cr%C3%A9dit%231.yaml"},
		{rule: "AIMS3004", uri: "governance/aims/systems/legacy.yaml", region: sarifRegion{6, 3, 6, 3}, print: "1131fd5871777f34:1", sup: "inSource"},
		{rule: "AIMS3004", uri: "governance/aims/systems/old.yaml", region: sarifRegion{5, 3, 5, 3}, print: "5c482a0f8b35ea28:1", sup: "external"},
	}
	if len(run.Results) != len(wants) {
		t.Fatalf("%d results, want %d", len(run.Results), len(wants))
	}
	for i, w := range wants {
		res := run.Results[i]
		loc := res.Locations[0]
		if res.RuleID != w.rule || loc.PhysicalLocation.ArtifactLocation.URI != w.uri || loc.PhysicalLocation.Region != w.region {
			t.Errorf("result %d: %s at %s %+v, want %s at %s %+v", i, res.RuleID, loc.PhysicalLocation.ArtifactLocation.URI, loc.PhysicalLocation.Region, w.rule, w.uri, w.region)
		}
		if got := ""; loc.Message != nil {
			got = loc.Message.Text
			if w.message == "" || !strings.Contains(got, w.message) {
				t.Errorf("result %d: location message %q, want one with %q", i, got, w.message)
			}
		} else if w.message != "" {
			t.Errorf("result %d: no location message, want %q", i, w.message)
		}
		if w.related != "" && (len(res.RelatedLocations) == 0 || res.RelatedLocations[0].PhysicalLocation.ArtifactLocation.URI != w.related) {
			t.Errorf("result %d: related %+v, want %s", i, res.RelatedLocations, w.related)
		}
		if res.PartialFingerprints["primaryLocationLineHash"] != w.print {
			t.Errorf("result %d: fingerprints %v, want %q", i, res.PartialFingerprints, w.print)
		}
		switch {
		case w.sup == "" && len(res.Suppressions) > 0:
			t.Errorf("result %d: suppressions %+v", i, res.Suppressions)
		case w.sup != "" && (len(res.Suppressions) != 1 || res.Suppressions[0].Kind != w.sup || res.Suppressions[0].Status != "accepted" ||
			res.Suppressions[0].Justification == "" || res.Suppressions[0].Location == nil):
			t.Errorf("result %d: suppressions %+v, want one %s", i, res.Suppressions, w.sup)
		}
		if !strings.HasSuffix(res.Message.Text, ".") {
			t.Errorf("result %d: message %q does not end in a period", i, res.Message.Text)
		}
		if strings.Join(res.Properties.ISO42001, ",") != strings.Join(sarifMixed().Findings[i].Controls, ",") {
			t.Errorf("result %d: iso42001 %v", i, res.Properties.ISO42001)
		}
	}
}

// TestSARIFAnchors checks where a repository-level finding is shown when the
// preferred artifacts are missing.
func TestSARIFAnchors(t *testing.T) {
	scope := lint.Artifact{Path: "z/scope.md", Kind: "aims-scope", Status: "approved"}
	oldSoA := lint.Artifact{Path: "a/soa-2025.yaml", Kind: "statement-of-applicability", Status: "retired"}
	soa := lint.Artifact{Path: "b/soa.yaml", Kind: "statement-of-applicability", Status: "draft"}
	other := lint.Artifact{Path: "a/policy.md", Kind: "ai-policy", Status: "approved"}
	tests := []struct {
		name      string
		artifacts []lint.Artifact
		config    string
		control   string
		want      string
	}{
		{"clause on the scope", []lint.Artifact{other, soa, scope}, "", "6.1.4", "z/scope.md"},
		{"control on the SoA", []lint.Artifact{oldSoA, other, soa, scope}, ".aims.yaml", "A.9.2", "b/soa.yaml"},
		{"retired SoA only", []lint.Artifact{oldSoA, other}, ".aims.yaml", "A.9.2", "a/soa-2025.yaml"},
		{"control without a SoA", []lint.Artifact{other, scope}, ".aims.yaml", "A.9.2", ".aims.yaml"},
		{"clause without a scope", []lint.Artifact{other, soa}, ".aims.yaml", "4.3", ".aims.yaml"},
		{"first artifact", []lint.Artifact{other, soa}, "", "4.3", "a/policy.md"},
		{"no controls", []lint.Artifact{other, scope}, "", "", "z/scope.md"},
		{"nothing at all", nil, "", "A.9.2", ".aims.yaml"},
	}
	schemas := sariftest.Schemas(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := lint.Finding{RuleID: "AIMS4002", Severity: lint.Error, Message: "write evidence"}
			if tt.control != "" {
				f.Controls = []string{tt.control}
			}
			r := &lint.Result{Prefix: "", ConfigFile: tt.config, Artifacts: tt.artifacts, Rules: []*lint.Rule{sarifRuleControls},
				Findings: []lint.Finding{f}, References: sarifReferences()}
			out := sarifOutput(t, r)
			sariftest.Validate(t, schemas, "sarif", out)
			checkSARIF(t, out)
			loc := decodeSARIF(t, out).Runs[0].Results[0].Locations[0]
			if got := loc.PhysicalLocation.ArtifactLocation.URI; got != tt.want {
				t.Errorf("anchored at %s, want %s", got, tt.want)
			}
			if loc.Message == nil || !strings.Contains(loc.Message.Text, "repository as a whole") {
				t.Errorf("location message %+v", loc.Message)
			}
		})
	}
}

// TestSARIFUnknownRule checks that a finding of a rule the result does not
// list still gets a rule descriptor, and a coverage finding naming a
// reference the catalogue lacks falls back to its rule.
func TestSARIFUnknownRule(t *testing.T) {
	r := &lint.Result{
		Rules: []*lint.Rule{sarifRuleControls},
		Findings: []lint.Finding{
			{RuleID: "AIMS4002", Severity: lint.Error, Message: "write evidence", Controls: []string{"A.99.1"}},
			{RuleID: "AIMS9999", Severity: lint.Note, Message: "m", Range: artifact.Range{File: "a.md", Start: artifact.Position{Line: 3, Col: 2}}},
		},
	}
	out := sarifOutput(t, r)
	sariftest.Validate(t, sariftest.Schemas(t), "sarif", out)
	checkSARIF(t, out)
	res := decodeSARIF(t, out).Runs[0].Results
	if res[0].RuleID != "AIMS4002" || res[1].RuleID != "AIMS9999" || res[1].RuleIndex != 1 {
		t.Errorf("results %+v", res)
	}
}

func TestSARIFURI(t *testing.T) {
	tests := []struct{ prefix, file, want string }{
		{"", "policy/ai-policy.md", "policy/ai-policy.md"},
		{"governance/aims", "policy/ai-policy.md", "governance/aims/policy/ai-policy.md"},
		{"", "policy/ai policy.md", "policy/ai%20policy.md"},
		{"", "a#b/c?d%e.md", "a%23b/c%3Fd%25e.md"},
		{"", "crédit.yaml", "cr%C3%A9dit.yaml"},
		{"", `a\b.md`, "a%5Cb.md"},
		{"", "a:b/c.md", "./a:b/c.md"},
		{"x", "a:b/c.md", "x/a:b/c.md"},
	}
	for _, tt := range tests {
		if got := sarifURI(tt.prefix, tt.file); got != tt.want {
			t.Errorf("sarifURI(%q, %q) = %q, want %q", tt.prefix, tt.file, got, tt.want)
		}
	}
}

func TestSARIFSemanticVersion(t *testing.T) {
	for v, want := range map[string]string{
		"v1.2.0": "1.2.0",
		"1.2.0":  "1.2.0",
		"v0.0.0-20260101120000-3f2a9c1e0d4b+dirty": "0.0.0-20260101120000-3f2a9c1e0d4b+dirty",
		"v1.2.0-rc.1": "1.2.0-rc.1",
		"(devel)":     "0.0.0-dev",
		"":            "0.0.0-dev",
		"v1.2":        "0.0.0-dev",
		"v01.2.3":     "0.0.0-dev",
	} {
		if got := semanticVersion(v); got != want {
			t.Errorf("semanticVersion(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestSARIFRegion(t *testing.T) {
	b := newSARIFBuilder(&lint.Result{})
	pos := func(l, c int) artifact.Position { return artifact.Position{Line: l, Col: c} }
	tests := []struct {
		start, end artifact.Position
		want       sarifRegion
	}{
		{pos(0, 0), pos(0, 0), sarifRegion{1, 1, 1, 1}},
		{pos(3, 0), pos(0, 0), sarifRegion{3, 1, 3, 1}},
		{pos(3, 5), pos(0, 0), sarifRegion{3, 5, 3, 5}},
		{pos(3, 5), pos(3, 9), sarifRegion{3, 5, 3, 9}},
		{pos(3, 5), pos(5, 2), sarifRegion{3, 5, 5, 2}},
		{pos(3, 5), pos(3, 2), sarifRegion{3, 5, 3, 5}}, // an end before the start
		{pos(3, 5), pos(2, 9), sarifRegion{3, 5, 3, 5}},
		{pos(3, 5), pos(4, 0), sarifRegion{3, 5, 3, 5}},
	}
	for _, tt := range tests {
		got := b.location(artifact.Range{File: "a.md", Start: tt.start, End: tt.end}).PhysicalLocation.Region
		if got != tt.want {
			t.Errorf("%v-%v: region %+v, want %+v", tt.start, tt.end, got, tt.want)
		}
	}
}

func TestSARIFLimit(t *testing.T) {
	long := strings.Repeat("word ", 300)
	got := limit(long, sarifMaxDescription)
	if n := len([]rune(got)); n > sarifMaxDescription || !strings.HasSuffix(got, "word…") {
		t.Errorf("limit: %d characters, ends %q", n, got[len(got)-12:])
	}
	if got := limit("short", 10); got != "short" {
		t.Errorf("limit(short) = %q", got)
	}
	if got := firstParagraph("one\ntwo\n\nthree"); got != "one two" {
		t.Errorf("firstParagraph = %q", got)
	}
}

// TestSARIFFingerprintsEndToEnd lints a tree, then the same tree with lines
// added above the finding: the result moves down, and its
// primaryLocationLineHash stays.
func TestSARIFFingerprintsEndToEnd(t *testing.T) {
	rule := &lint.Rule{ID: "AIMS9001", Name: "HighRisk", Title: "high risk", Doc: "High risk.\n", Severity: lint.Warning, Controls: []string{"A.5.2"},
		Check: func(p *lint.Pass) error {
			for _, d := range p.Documents {
				if d.String("risk_level") == "high" {
					p.Report(d.Locate("risk_level"), "assess the impact")
				}
			}
			return nil
		}}
	const system = "kind: ai-system\nid: SYS-CHAT\ntitle: Support chatbot\nstatus: draft\nowner: ai-governance-lead\nname: Chat\n" +
		"purpose: answers customer questions\nintended_use: customer support\nrisk_level: high\nlifecycle_stage: operation-and-monitoring\n"
	schemas := sariftest.Schemas(t)
	lintSARIF := func(src string) sarifResult {
		t.Helper()
		fsys := fstest.MapFS{"systems/chat bot.yaml": {Data: []byte(src)}}
		res, err := lint.Run(context.Background(), &lint.Config{FS: fsys, AsOf: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)}, []*lint.Rule{rule})
		if err != nil {
			t.Fatal(err)
		}
		out := sarifOutput(t, res)
		sariftest.Validate(t, schemas, "sarif", out)
		checkSARIF(t, out)
		var found []sarifResult
		for _, r := range decodeSARIF(t, out).Runs[0].Results {
			if r.RuleID == rule.ID {
				found = append(found, r)
			}
		}
		if len(found) != 1 {
			t.Fatalf("%d results of %s, want 1:\n%s", len(found), rule.ID, out)
		}
		return found[0]
	}
	before := lintSARIF(system)
	after := lintSARIF("# Support chatbot\n# reviewed 2026-09-01\n\n" + system)
	b, a := before.PartialFingerprints["primaryLocationLineHash"], after.PartialFingerprints["primaryLocationLineHash"]
	if b == "" || a != b {
		t.Errorf("fingerprint %q, then %q after adding lines above", b, a)
	}
	if bl, al := before.Locations[0].PhysicalLocation.Region.StartLine, after.Locations[0].PhysicalLocation.Region.StartLine; al != bl+3 {
		t.Errorf("line %d, then %d: want the result moved down by 3", bl, al)
	}
	if uri := after.Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "systems/chat%20bot.yaml" {
		t.Errorf("uri %q", uri)
	}
}

// decodeSARIF decodes a SARIF log into the wire types, refusing unknown fields.
func decodeSARIF(t *testing.T, data []byte) sarifLog {
	t.Helper()
	var log sarifLog
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&log); err != nil {
		t.Fatalf("SARIF does not decode: %v", err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return log
}

// checkSARIF checks what the schemas cannot: every result has exactly one
// location with a relative, encoded uri and a full region; ruleId and
// ruleIndex agree; rule ids and names are unique; and the limits code
// scanning sets on rules hold.
func checkSARIF(t *testing.T, data []byte) {
	t.Helper()
	log := decodeSARIF(t, data)
	run := log.Runs[0]
	if log.Schema != sarifSchema || log.Version != "2.1.0" {
		t.Errorf("$schema %q, version %q", log.Schema, log.Version)
	}
	if run.Results == nil || run.Tool.Driver.Rules == nil {
		t.Error("results or rules are null")
	}
	// The Multitool's Pascal case (SARIF2012): letters and digits, no two
	// capitals in a row.
	nameRe, capitals := regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`), regexp.MustCompile(`[A-Z]{2}`)
	ids, names := map[string]bool{}, map[string]bool{}
	for _, r := range run.Tool.Driver.Rules {
		if ids[r.ID] {
			t.Errorf("rule id %s listed twice", r.ID)
		}
		ids[r.ID] = true
		if r.Name != "" {
			if names[r.Name] || !nameRe.MatchString(r.Name) || capitals.MatchString(r.Name) || r.Name == r.ID {
				t.Errorf("rule %s: name %q is repeated, equals the id or is not one word", r.ID, r.Name)
			}
			names[r.Name] = true
		}
		for what, s := range map[string]string{"shortDescription": r.ShortDescription.Text, "fullDescription": r.FullDescription.Text} {
			if s == "" || len([]rune(s)) > sarifMaxDescription {
				t.Errorf("rule %s: %s has %d characters", r.ID, what, len([]rune(s)))
			}
		}
		// A custom rule's help is its own: no helpUri into aims's pages.
		if r.Help.Text == "" || r.Help.Markdown == "" || r.HelpURI == "" != r.Properties.Custom {
			t.Errorf("rule %s: no help, or a custom rule with a helpUri %q", r.ID, r.HelpURI)
		}
		if n := len(r.Properties.Tags); n == 0 || n > sarifMaxTags {
			t.Errorf("rule %s: %d tags", r.ID, n)
		}
	}
	checkLoc := func(where string, l sarifLocation) {
		al := l.PhysicalLocation.ArtifactLocation
		if al.URI == "" || strings.ContainsAny(al.URI, " \\") || strings.HasPrefix(al.URI, "/") || strings.Contains(al.URI, "://") || al.URIBaseID != sarifRoot {
			t.Errorf("%s: artifact location %+v", where, al)
		}
		reg := l.PhysicalLocation.Region
		if reg.StartLine < 1 || reg.StartColumn < 1 || reg.EndLine < reg.StartLine || reg.EndLine == reg.StartLine && reg.EndColumn < reg.StartColumn {
			t.Errorf("%s: region %+v", where, reg)
		}
	}
	for i, res := range run.Results {
		if len(res.Locations) != 1 {
			t.Errorf("result %d: %d locations, want 1", i, len(res.Locations))
			continue
		}
		if res.RuleIndex < 0 || res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleId %s does not match ruleIndex %d", i, res.RuleID, res.RuleIndex)
		}
		if res.Message.Text == "" || res.Level == "" {
			t.Errorf("result %d: no message or level", i)
		}
		checkLoc("result "+res.RuleID, res.Locations[0])
		for _, rel := range res.RelatedLocations {
			checkLoc("related location of "+res.RuleID, rel)
		}
		for _, s := range res.Suppressions {
			if s.Location != nil {
				checkLoc("suppression of "+res.RuleID, *s.Location)
			}
		}
	}
}
