package rules

import (
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
)

// TestReviewDue checks the date a document's review falls due, as the
// digest lists it: the earlier of next_review and one cycle after the last
// review or approval, the cycle its own or the kind's default; none for a
// draft, a retired document, or one without dates.
func TestReviewDue(t *testing.T) {
	cycles := map[string]string{"procedure": "6mo"}
	for _, tc := range []struct {
		name, fields string
		want         string // "" for none
	}{
		{"next_review only", "status: approved\nnext_review: 2026-07-15\n", "2026-07-15"},
		{"cycle earlier than next_review", "status: approved\napproved_on: 2026-01-10\nreview_cycle: 3mo\nnext_review: 2026-12-01\n", "2026-04-10"},
		{"next_review earlier than cycle", "status: approved\napproved_on: 2026-01-10\nreview_cycle: 12mo\nnext_review: 2026-06-01\n", "2026-06-01"},
		{"last_reviewed over approved_on", "status: approved\napproved_on: 2025-01-10\nlast_reviewed: 2026-02-01\nreview_cycle: 1y\n", "2027-02-01"},
		{"the kind's default cycle", "status: approved\napproved_on: 2026-01-31\n", "2026-07-31"},
		{"a draft", "status: draft\nnext_review: 2026-07-15\n", ""},
		{"retired", "status: retired\nnext_review: 2026-07-15\n", ""},
		{"no dates", "status: approved\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := artifact.ParseDocument("p.yaml", []byte("kind: procedure\nid: PROC-1\ntitle: P\nowner: o\n"+tc.fields), "")
			due, ok := ReviewDue(d, cycles)
			got := ""
			if ok {
				got = due.Format(time.DateOnly)
			}
			if got != tc.want {
				t.Errorf("ReviewDue = %q, want %q", got, tc.want)
			}
		})
	}
}
