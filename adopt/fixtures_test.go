package adopt

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/internal/gittest"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
)

// asOf is the date the fixtures are linted at.
var asOf = time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)

// repositoryWide are the rules whose findings about the repository as a
// whole every fixture has: it is a part of an AIMS, not all of it, and lacks
// the documents these rules ask for.
var repositoryWide = []string{"AIMS4001", "AIMS4002", "AIMS4003", "AIMS4004", "AIMS4005"}

// handWritten are the fixture repositories with their own .aims.yaml: how
// many artifacts each gives, and the only findings on files it may have
// (rule and file), each a gap the repository genuinely has.
var handWritten = []struct {
	name      string
	artifacts int
	kinds     map[string]int // artifacts by kind
	ids       []string       // some ids the mappings give
	want      []string       // "RULE path" of every file finding
}{
	{
		name:      "framework",
		artifacts: 9,
		kinds:     map[string]int{"framework-section": 5, "framework-risk": 2, "framework-mitigation": 2},
		ids:       []string{"OAF-1", "OAF-5", "ri-1", "mi-2"},
	},
	{
		name:      "policies",
		artifacts: 7,
		kinds:     map[string]int{"ai-policy": 1, "company-policy": 2, "procedure": 3, "supplier-form": 1},
		ids:       []string{"POL-AI-USE-POLICY", "PROC-MODEL-RELEASE", "PROC-INCIDENT-RESPONSE", "FORM-SUPPLIER-ASSESSMENT"},
		want: []string{
			// approved 2025-07-01 on a 12-month cycle and never reviewed since
			"AIMS5002 policies/information-security-policy.md",
		},
	},
	{
		name:      "records",
		artifacts: 6,
		kinds:     map[string]int{"incident": 2, "training-record": 2, "supplier-review": 2},
		ids:       []string{"INC-2026-007", "TRN-DANA-WHITFIELD-ISO42001", "SUPR-LUMEN-LLM"},
		want: []string{
			// the repository keeps no AI system records
			"AIMS3002 incidents/2026-007.yaml",
			"AIMS3002 incidents/2026-011.yaml",
			// the closed incident records neither who was told nor what corrects it
			"AIMS3010 incidents/2026-007.yaml",
			"AIMS7208 incidents/2026-007.yaml",
		},
	},
}

// lintFixture lints dir with its configuration and all the rules.
func lintFixture(t *testing.T, dir string) *lint.Result {
	t.Helper()
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		t.Fatalf("the configuration does not load: %v", err)
	}
	cfg.AsOf = asOf
	cfg.References = rules.DefaultCatalogue().LintReferences()
	res, err := lint.Run(context.Background(), cfg, rules.All)
	if err != nil {
		t.Fatalf("lint: %v", err)
	}
	return res
}

// fileFindings returns "RULE path" for each finding on a file that is not
// repository-wide, and fails on a finding of a rule no configuration should
// leave (schema, unknown kind, not an artifact).
func fileFindings(t *testing.T, res *lint.Result) []string {
	t.Helper()
	var got []string
	for _, f := range res.Findings {
		switch f.RuleID {
		case "AIMS1001", "AIMS1002", "AIMS1003", "AIMS1010", "AIMS1012":
			t.Errorf("%s:%d: %s %s", f.Range.File, f.Range.Start.Line, f.RuleID, f.Message)
		}
		if f.Range.File == "" || f.Range.File == lint.ConfigFile {
			if !slices.Contains(repositoryWide, f.RuleID) {
				t.Errorf("unexpected repository finding %s: %s", f.RuleID, f.Message)
			}
			continue
		}
		if s := f.RuleID + " " + f.Range.File; !slices.Contains(got, s) {
			got = append(got, s)
		}
	}
	slices.Sort(got)
	return got
}

// TestHandWrittenConfigs lints each fixture repository with the
// configuration written for it: every file is read as an artifact of the
// intended kind, with the ids the mappings give, and the only findings on
// files are the gaps the repository has.
func TestHandWrittenConfigs(t *testing.T) {
	for _, tc := range handWritten {
		t.Run(tc.name, func(t *testing.T) {
			res := lintFixture(t, copyFixture(t, tc.name, true))
			if len(res.Artifacts) != tc.artifacts {
				t.Errorf("%d artifacts, want %d: %v", len(res.Artifacts), tc.artifacts, res.Artifacts)
			}
			kinds := map[string]int{}
			var ids []string
			for _, a := range res.Artifacts {
				kinds[a.Kind]++
				ids = append(ids, a.ID)
			}
			if fmt.Sprint(kinds) != fmt.Sprint(tc.kinds) {
				t.Errorf("artifacts by kind: %v, want %v", kinds, tc.kinds)
			}
			for _, id := range tc.ids {
				if !slices.Contains(ids, id) {
					t.Errorf("no artifact has the id %s; ids: %v", id, ids)
				}
			}
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if got := fileFindings(t, res); !slices.Equal(got, want) {
				t.Errorf("findings on files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestHandWrittenConfigsInGit lints the fixtures as git repositories, so
// that the history rules read them too (through the same mappings): they
// add no finding.
func TestHandWrittenConfigsInGit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds git repositories")
	}
	for _, tc := range handWritten {
		t.Run(tc.name, func(t *testing.T) {
			repo := gittest.New(t, gittest.ReadFiles(t, filepath.Join("..", "testdata", "adopt", tc.name)))
			// Committed after the last review and approval they record.
			repo.CommitAt("the documents as they are", time.Date(2026, 4, 21, 9, 0, 0, 0, time.UTC))
			res := lintFixture(t, repo.Dir)
			if len(res.Artifacts) != tc.artifacts {
				t.Errorf("%d artifacts, want %d", len(res.Artifacts), tc.artifacts)
			}
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if got := fileFindings(t, res); !slices.Equal(got, want) {
				t.Errorf("findings on files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
