package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/linttest"
)

// TestRolesDefaults checks AIMS3003 in a repository without a roles
// artifact, where the seven default roles are the defined ones.
func TestRolesDefaults(t *testing.T) {
	res := linttest.Run(t, All, AIMS3003, "testdata/AIMS3003/defaults")
	if len(res.Findings) == 0 {
		t.Error("testdata/AIMS3003/defaults produced no finding")
	}
}

func TestExclusionKey(t *testing.T) {
	for _, tc := range []struct {
		in          string
		placeholder bool
	}{
		{"n/a", true},
		{" N.A. ", true},
		{"Not applicable.", true},
		{"-", true},
		{"TBD", true},
		{"to-do", true},
		{"None", true},
		{"no", true},
		{"not applicable to us", false},
		{"We supply no AI system to other organizations.", false},
	} {
		if got := placeholder(exclusionKey(tc.in)); got != tc.placeholder {
			t.Errorf("%q: placeholder = %v, want %v", tc.in, got, tc.placeholder)
		}
	}
}

func TestNearestRole(t *testing.T) {
	defined := []string{"ai-governance-lead", "compliance-officers", "data-scientists", "top-management"}
	for _, tc := range []struct{ in, want string }{
		{"ai-governance", "ai-governance-lead"},
		{"data-scientist", "data-scientists"},
		{"top-managment", "top-management"},
		{"compliance", "compliance-officers"},
		{"cfo", ""},
		{"legal", ""},
	} {
		if got := nearestRole(tc.in, defined); got != tc.want {
			t.Errorf("nearestRole(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDescribeLevels(t *testing.T) {
	for _, tc := range []struct {
		in   []int64
		want string
	}{
		{[]int64{3, 1, 2, 4, 5}, "1–5"},
		{[]int64{1, 2}, "1, 2"},
		{[]int64{1, 2, 4}, "1, 2, 4"},
	} {
		set := map[int64]bool{}
		for _, n := range tc.in {
			set[n] = true
		}
		if got := describeLevels(set); got != tc.want {
			t.Errorf("describeLevels(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSoANone checks AIMS3006 on a statement of applicability that lists no
// control at all (which also breaks the schema).
func TestSoANone(t *testing.T) {
	linttest.Run(t, All, AIMS3006, "testdata/AIMS3006/none")
}

// TestRiskAcceptanceInvalid checks AIMS3012 on acceptances without an
// approver or with a date that is no date (which also break the schema).
func TestRiskAcceptanceInvalid(t *testing.T) {
	linttest.Run(t, All, AIMS3012, "testdata/AIMS3012/invalid")
}

// BenchmarkIntegrity runs each integrity rule alone over a generated
// repository of 10,000 artifacts, next to a baseline that runs only AIMS1001
// (loading and parsing dominate): a rule that is not linear in the number of
// artifacts stands out at once.
//
//	go test ./rules -run '^$' -bench Integrity
func BenchmarkIntegrity(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, 10000); err != nil {
		b.Fatal(err)
	}
	ids := []string{"AIMS1001"}
	for _, r := range All {
		if strings.HasPrefix(r.ID, "AIMS30") {
			ids = append(ids, r.ID)
		}
	}
	for _, id := range ids {
		b.Run(id, func(b *testing.B) {
			for b.Loop() {
				cfg, err := lint.LoadConfig(dir, "")
				if err != nil {
					b.Fatal(err)
				}
				cfg.AsOf = exampleAsOf
				cfg.Rules = []string{id}
				if _, err := lint.Run(context.Background(), cfg, All); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
