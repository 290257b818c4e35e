package rules

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/linttest"
)

// TestReviewIntervalOneFinding checks that a management review held more
// than 12 months ago gives one finding: AIMS5001 or AIMS5002 when the review's
// own review date or cycle has passed, else AIMS7148.
func TestReviewIntervalOneFinding(t *testing.T) {
	for _, tt := range []struct {
		name, fields, want string
	}{
		{"no review dates", "", "AIMS7148"},
		{"next review passed", "next_review: 2025-07-10\n", "AIMS5001"},
		{"cycle passed", "review_cycle: 12mo\n", "AIMS5002"},
		{"long cycle", "review_cycle: 24mo\n", "AIMS7148"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			review := "---\nkind: management-review\nid: MR-2025-01\ntitle: Management review\nstatus: approved\nowner: ai-governance-lead\n" +
				"approved_by: top-management\napproved_on: 2025-01-12\n" + tt.fields +
				"held_on: 2025-01-10\nattendees: [top-management]\n---\n\n## Inputs\n\nAll.\n"
			if err := os.WriteFile(filepath.Join(dir, "mr.md"), []byte(review), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := lint.LoadConfig(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			cfg.AsOf = linttest.AsOf
			cfg.Rules = []string{"AIMS5001", "AIMS5002", "AIMS7148"}
			res, err := lint.Run(context.Background(), cfg, All)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.RuleID)
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("findings %v, want one %s", got, tt.want)
			}
		})
	}
}
