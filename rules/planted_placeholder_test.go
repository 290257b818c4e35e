package rules

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
)

// placeholderPlants are the planted problems of the placeholder rules
// (AIMS7xxx): each leaves in an approved document of the example what an
// unfinished template would.
func placeholderPlants() []plant {
	return []plant{
		{rule: "AIMS7001", file: "governance/roles.yaml",
			old: "      - Helen Marsh, Chief Executive Officer (chair)\n",
			new: "      - \"TODO: who sits in top management\"\n"},
		{rule: "AIMS7002", file: "reviews/MR-2026-01.md",
			old: partyChangesInput(), new: "  interested_party_changes: n/a\n"},
	}
}

// partyChangesInput is the interested-party input of the example's
// management review, with its text.
func partyChangesInput() string {
	return exampleBlock("reviews/MR-2026-01.md", "  interested_party_changes: >-", "  performance:")
}

// TestPlantedPlaceholders plants placeholders in approved documents of a copy
// of the example and checks that each is reported at its exact line and
// column, by its rule, and that nothing else is.
func TestPlantedPlaceholders(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		old, new string
		rule     string
		at       artifact.Position
		msg      string
		also     []string // other rules the plant rightly fires
	}{
		{
			name: "TODO member",
			file: "governance/roles.yaml",
			old:  "      - Helen Marsh, Chief Executive Officer (chair)\n",
			new:  "      - \"TODO: who sits in top management\"\n",
			rule: "AIMS7001", at: artifact.Position{Line: 28, Col: 9},
			msg: `"TODO: who sits in top management" is the starter template's prompt`,
		},
		{
			name: "prompt left without its TODO",
			file: "governance/roles.yaml",
			old:  "      - Helen Marsh, Chief Executive Officer (chair)\n",
			new:  "      - who sits in top management\n",
			rule: "AIMS7001", at: artifact.Position{Line: 28, Col: 9},
			msg: `"who sits in top management" is the starter template's prompt`,
		},
		{
			name: "TODO line in a required section",
			file: "procedures/PROC-003-change-management.md",
			old:  "- Post-deployment reviews\n",
			new:  "- Post-deployment reviews\n- TODO: say where the runbooks are kept\n",
			rule: "AIMS7001", at: artifact.Position{Line: 78, Col: 3},
			msg: `"TODO" marks text that is still to be written, and the document is approved`,
		},
		{
			name: "empty required list",
			file: "governance/roles.yaml",
			old:  "      - Set the direction of the AIMS, approve the AI Policy and the annual AI objectives\n      - Provide the budget, people and tools the AIMS needs\n      - Chair the management review (at least yearly, plus a spring review until certification) and decide on its outputs\n      - Accept AI risks whose score is above the acceptance threshold\n",
			new:  "      []\n",
			rule: "AIMS7002", at: artifact.Position{Line: 19, Col: 7},
			also: []string{"AIMS7121"}, // the role content rule sees the same gap
			msg:  "`roles[0].responsibilities` is empty, but the roles schema requires it",
		},
		{
			name: "n/a where content is required",
			file: "reviews/MR-2026-01.md",
			old:  partyChangesInput(),
			new:  "  interested_party_changes: n/a\n",
			rule: "AIMS7002", at: artifact.Position{Line: 30, Col: 29},
			msg: "`inputs.interested_party_changes` says only \"n/a\", but the management-review schema requires it",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, "../testdata/example-aims", dir)
			name := filepath.Join(dir, filepath.FromSlash(tt.file))
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), tt.old) {
				t.Fatalf("%s does not contain %q", tt.file, tt.old)
			}
			if err := os.WriteFile(name, []byte(strings.Replace(string(data), tt.old, tt.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range lintAll(t, dir).Findings {
				if f.RuleID == tt.rule && f.Range.File == tt.file && f.Range.Start == tt.at && strings.Contains(f.Message, tt.msg) {
					found = true
					continue
				}
				if slices.Contains(tt.also, f.RuleID) {
					continue
				}
				t.Errorf("unexpected %s at %s: %s", f.RuleID, f.Range, f.Message)
			}
			if !found {
				t.Errorf("no %s at %s:%d:%d saying %q", tt.rule, tt.file, tt.at.Line, tt.at.Col, tt.msg)
			}
		})
	}
}
