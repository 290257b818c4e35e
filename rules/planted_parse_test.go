package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
)

// TestPlantedTab plants one tab in the indentation of an artifact that others
// reference and that evidences clauses: the file is reported once, first, as
// a tab, and nothing else cascades from it, neither dangling references to
// its ids nor the clauses it evidences as missing; one notification says that
// references to it cannot be checked.
func TestPlantedTab(t *testing.T) {
	const (
		example = "../testdata/example-aims"
		owner   = "\nowner: "
		tabbed  = "\n\towner: "
	)
	tests := []struct {
		file, old, new string
		line, col      int
	}{
		// The record of the high-risk scorecard: every reference to SYS-CREDIT.
		{"systems/credit-scoring.yaml", "event_logging:\n  enabled: true\n", "event_logging:\n\tenabled: true\n", 45, 1},
		// The risk register: RSK-001 … are named by impact assessments and
		// incidents, and SYS-CREDIT must have a risk in a register.
		{"risk/risk-register.yaml", "    ai_system: SYS-CREDIT\n    source: Lack of transparency", "    ai_system: SYS-CREDIT\n  \tsource: Lack of transparency", 105, 3},
		// The only AI policy, in Markdown frontmatter: 5.2 has no other evidence.
		{"governance/ai-policy.md", "\nowner: ai-governance-lead\n", "\n\towner: ai-governance-lead\n", 6, 1},
		// The impact assessment of the high-risk scorecard.
		{"impact-assessments/AIA-001-credit-scoring.md", owner, tabbed, 6, 1},
		// The audit report of the first planned audit, which names two nonconformities.
		{"audits/AR-2026-01.md", owner, tabbed, 6, 1},
		{"audits/audit-programme.yaml", owner, tabbed, 5, 1},
		// The nonconformity a major audit finding names.
		{"operations/nonconformities/NC-2026-002.yaml", owner, tabbed, 5, 1},
		// The statement of applicability: which controls it excludes is unknown.
		{"risk/statement-of-applicability.yaml", owner, tabbed, 5, 1},
		// The roles: the roles every artifact names cannot be checked.
		{"governance/roles.yaml", owner, tabbed, 5, 1},
		// The only artifact that lists A.9.2 in `controls`.
		{"procedures/PROC-007-responsible-use.md", owner, tabbed, 6, 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, example, dir)
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
			res := lintAll(t, dir)
			if len(res.Findings) == 0 {
				t.Fatal("no findings")
			}
			f := res.Findings[0]
			if f.RuleID != artifact.RuleParse || f.Range.File != tt.file || f.Range.Start.Line != tt.line || f.Range.Start.Col != tt.col ||
				!strings.Contains(f.Message, "YAML does not allow tabs for indentation") || !strings.Contains(f.Message, "replace the tab with spaces") {
				t.Errorf("first finding = %s %s: %s, want %s at %s:%d:%d about the tab", f.RuleID, f.Range, f.Message, artifact.RuleParse, tt.file, tt.line, tt.col)
			}
			for _, f := range res.Findings[1:] {
				t.Errorf("unexpected %s: %s: %s", f.RuleID, f.Range, f.Message)
			}
			n := 0
			for _, note := range res.Notifications {
				if strings.Contains(note, "cannot be checked") {
					n++
					if !strings.HasPrefix(note, tt.file+" does not parse") {
						t.Errorf("notification %q does not name %s first", note, tt.file)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d notifications say references cannot be checked, want 1: %q", n, res.Notifications)
			}
		})
	}
}

// TestTooLargeRegisterNoCascade: a risk register over max_file_size is not
// parsed (AIMS1004), but it is read line by line for the ids it defines, so
// the impact assessments, systems and SoA that cite its risks get no "no such
// risk" finding; one note says why they cannot be checked.
func TestTooLargeRegisterNoCascade(t *testing.T) {
	pad := "# " + strings.Repeat("padding ", 40) + "\n"
	res := plantedCopy(t,
		[3]string{".aims.yaml", "fail_on: error", "fail_on: error\nmax_file_size: 100KiB"},
		[3]string{"risk/risk-register.yaml", "kind: risk-register\n", "kind: risk-register\n" + strings.Repeat(pad, 400)},
	)
	tooLarge := false
	for _, f := range res.Findings {
		switch {
		case f.RuleID == "AIMS1004" && f.Range.File == "risk/risk-register.yaml":
			tooLarge = true
		case f.RuleID == "AIMS3002":
			t.Errorf("a reference to the register's risks is reported: %s: %s", f.Range, f.Message)
		}
	}
	if !tooLarge {
		t.Error("no AIMS1004 for the register")
	}
	noted := false
	for _, n := range res.Notifications {
		if strings.Contains(n, "risk/risk-register.yaml is over max_file_size (AIMS1004): references to RSK-REG, ") {
			noted = true
		}
	}
	if !noted {
		t.Errorf("no note on the register, notifications: %q", res.Notifications)
	}
}
