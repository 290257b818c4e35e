package rules

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/linttest"
	"github.com/aimsdev/aims/lint/report"

	"github.com/aimsdev/aims/internal/sariftest"
)

// TestSARIFExample validates the SARIF of the bundled example against both
// official SARIF 2.1.0 schemas.
func TestSARIFExample(t *testing.T) {
	schemas := sariftest.Schemas(t)
	cfg, err := lint.LoadConfig("../testdata/example-aims", "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.AsOf = exampleAsOf
	out := lintSARIF(t, cfg)
	sariftest.Validate(t, schemas, "example", out)
	log := checkSARIF(t, "example", out)
	// Every rule is listed, and each coverage rule is followed by a rule per
	// clause or control it can report.
	rules := log.Runs[0].Tool.Driver.Rules
	want := len(All)
	c := DefaultCatalogue()
	for _, r := range c.References() {
		if !r.Control && r.DocumentedInformation {
			want++ // AIMS4001
		}
		if r.Control {
			want++ // AIMS4002
		}
		if r.Control || r.DocumentedInformation {
			want++ // AIMS4003
		}
		if len(r.Items) > 0 {
			want++ // AIMS4004
		}
		if r.PerSystem != "" || slices.ContainsFunc(r.Items, func(it Item) bool { return it.PerSystem != "" }) {
			want++ // AIMS4005
		}
	}
	if len(rules) != want {
		t.Errorf("%d rules, want %d", len(rules), want)
	}
}

// TestSARIFFixtures validates the SARIF of every rule's failing fixture,
// linted as linttest does, against both official schemas, and checks that
// the coverage rules' findings name the rule of their clause or control.
func TestSARIFFixtures(t *testing.T) {
	schemas := sariftest.Schemas(t)
	for _, r := range All {
		t.Run(r.ID, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join("testdata", r.ID, "fail")
			cfg := linttest.Config(t, dir)
			if len(cfg.Rules) == 0 {
				cfg.Rules = []string{r.ID}
			}
			out := lintSARIF(t, cfg)
			sariftest.Validate(t, schemas, dir, out)
			log := checkSARIF(t, dir, out)
			n := 0
			for _, res := range log.Runs[0].Results {
				if res.RuleID != r.ID && !strings.HasPrefix(res.RuleID, r.ID+"/") {
					continue
				}
				n++
				if strings.HasPrefix(r.ID, "AIMS400") && !strings.HasPrefix(res.RuleID, r.ID+"/") {
					t.Errorf("%s: a %s result has rule id %s, want %s/<reference>", dir, r.ID, res.RuleID, r.ID)
				}
			}
			if n == 0 {
				t.Errorf("%s: no %s result", dir, r.ID)
			}
		})
	}
}

// TestLintReferencesForReports checks what SARIF's per-reference rules read.
func TestLintReferencesForReports(t *testing.T) {
	refs := mustLoadCatalogue(t).LintReferences()
	byID := map[string]lint.Reference{}
	for _, r := range refs {
		byID[r.ID] = r
	}
	for _, r := range refs {
		if r.ID == r.Group {
			continue // a group
		}
		if r.Guidance == "" || r.ByProcedure && len(r.Kinds) > 0 || r.DocumentedInformation && !r.ByProcedure && len(r.Kinds) == 0 {
			t.Errorf("%s: guidance %q, kinds %v, by procedure %v", r.ID, r.Guidance, r.Kinds, r.ByProcedure)
		}
		if r.Control && !r.DocumentedInformation {
			t.Errorf("%s: a control without documented information", r.ID)
		}
		for _, tag := range r.Tags {
			if !strings.HasPrefix(tag, "EU AI Act ") && !strings.HasPrefix(tag, "NIST AI RMF ") && !strings.HasPrefix(tag, "ISO/IEC 27001 ") {
				t.Errorf("%s: tag %q", r.ID, tag)
			}
		}
	}
	if r := byID["A.9.2"]; !r.ByProcedure || len(r.Kinds) != 0 {
		t.Errorf("A.9.2: by procedure %v, kinds %v", r.ByProcedure, r.Kinds)
	}
	if r := byID["4.3"]; !r.DocumentedInformation || len(r.Kinds) == 0 || r.Kinds[0] != "aims-scope" || !strings.Contains(strings.Join(r.Tags, "|"), "ISO/IEC 27001 4.3") {
		t.Errorf("4.3: %+v", r)
	}
	if r := byID["4.1"]; r.DocumentedInformation {
		t.Error("4.1 requires documented information")
	}
}

// lintSARIF lints with every rule, the catalogue's references and a fixed
// version, as cmd/aims does, and returns the SARIF.
func lintSARIF(t *testing.T, cfg *lint.Config) []byte {
	t.Helper()
	cfg.References = DefaultCatalogue().LintReferences()
	cfg.Version = "v0.0.0-test"
	res, err := lint.Run(context.Background(), cfg, All)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := report.SARIF(&buf, res, report.Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sarifLog is the part of a SARIF log the checks read.
type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string          `json:"ruleId"`
			RuleIndex *int            `json:"ruleIndex"`
			Locations []sarifLocation `json:"locations"`
			Related   []sarifLocation `json:"relatedLocations"`
		} `json:"results"`
	} `json:"runs"`
}

type sarifLocation struct {
	PhysicalLocation *struct {
		ArtifactLocation *struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
		Region *struct {
			StartLine int `json:"startLine"`
		} `json:"region"`
	} `json:"physicalLocation"`
}

// checkSARIF checks what code scanning needs beyond the schema: one run,
// and every result with exactly one location that has a relative, encoded
// uri and a start line, and a ruleIndex that agrees with its ruleId.
func checkSARIF(t *testing.T, name string, data []byte) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%s: %d runs, want 1", name, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Results == nil {
		t.Errorf("%s: results is null", name)
	}
	ok := func(l sarifLocation) bool {
		p := l.PhysicalLocation
		return p != nil && p.ArtifactLocation != nil && p.Region != nil && p.Region.StartLine >= 1 &&
			p.ArtifactLocation.URI != "" && !strings.ContainsAny(p.ArtifactLocation.URI, " \\") &&
			!strings.HasPrefix(p.ArtifactLocation.URI, "/") && !strings.Contains(p.ArtifactLocation.URI, "://")
	}
	for i, res := range run.Results {
		if len(res.Locations) != 1 || !ok(res.Locations[0]) {
			t.Errorf("%s: result %d (%s): locations %s", name, i, res.RuleID, mustJSON(res.Locations))
		}
		for _, rel := range res.Related {
			if !ok(rel) {
				t.Errorf("%s: result %d (%s): related location %s", name, i, res.RuleID, mustJSON(rel))
			}
		}
		rules := run.Tool.Driver.Rules
		if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(rules) || rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("%s: result %d: ruleId %s does not agree with ruleIndex %v", name, i, res.RuleID, res.RuleIndex)
		}
	}
	return log
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
