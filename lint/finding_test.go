package lint

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/aimsdev/aims/artifact"
)

func TestCompareFindingsOrder(t *testing.T) {
	at := func(file string, line int) artifact.Range {
		return artifact.Range{File: file, Start: artifact.Position{Line: line, Col: 1}}
	}
	// want is the order a user should work through them in.
	want := []Finding{
		{RuleID: "AIMS1014", Severity: Error, Message: "no artifacts"},
		{RuleID: "AIMS1001", Severity: Error, Range: at("z.md", 1), Message: "does not parse"},
		{RuleID: "AIMS1002", Severity: Error, Range: at("a.yaml", 3), Message: "schema"},
		{RuleID: "AIMS3001", Severity: Error, Range: at("a.yaml", 2), Message: "reference"},
		{RuleID: "AIMS3001", Severity: Error, Range: at("a.yaml", 9), Message: "reference"},
		{RuleID: "AIMS3002", Severity: Error, Range: at("b.yaml", 1), Message: "reference"},
		{RuleID: "AIMS4001", Severity: Error, Message: "write the scope", Controls: []string{"4.3"}},
		{RuleID: "AIMS4001", Severity: Error, Message: "write the policy", Controls: []string{"5.2"}},
		{RuleID: "AIMS4004", Severity: Error, Message: "write the soa", Controls: []string{"6.1.3"}},
		{RuleID: "AIMS4001", Severity: Error, Message: "write the competence records", Controls: []string{"7.2"}},
		{RuleID: "AIMS4001", Severity: Error, Message: "write the improvement", Controls: []string{"10.2"}},
		{RuleID: "AIMS4002", Severity: Error, Message: "write A.2.2", Controls: []string{"A.2.2"}},
		{RuleID: "AIMS4002", Severity: Error, Message: "write A.6.2.2", Controls: []string{"A.6.2.2"}},
		{RuleID: "AIMS4002", Severity: Error, Message: "write A.6.2.10", Controls: []string{"A.6.2.10"}},
		{RuleID: "AIMS4002", Severity: Error, Message: "write A.10.2", Controls: []string{"A.10.2"}},
		{RuleID: "AIMS9999", Severity: Error, Message: "no reference"},
		{RuleID: "AIMS1013", Severity: Warning, Range: at(".aims.yaml", 4), Message: "glob matches no file"},
		{RuleID: "AIMS5001", Severity: Warning, Range: at("a.yaml", 1), Message: "overdue"},
		{RuleID: "AIMS4003", Severity: Warning, Message: "only drafts", Controls: []string{"6.1.2"}},
		{RuleID: "AIMS4003", Severity: Warning, Message: "only drafts", Controls: []string{"A.5.2"}},
		{RuleID: "AIMS7001", Severity: Note, Range: at("a.yaml", 1), Message: "placeholder"},
	}
	rng := rand.New(rand.NewSource(1))
	for range 20 {
		got := slices.Clone(want)
		rng.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		slices.SortStableFunc(got, func(a, b Finding) int { return compareFindings(&a, &b) })
		for i := range want {
			if got[i].RuleID != want[i].RuleID || got[i].Message != want[i].Message || got[i].Range != want[i].Range {
				t.Fatalf("position %d: got %s %q at %v, want %s %q at %v", i, got[i].RuleID, got[i].Message, got[i].Range, want[i].RuleID, want[i].Message, want[i].Range)
			}
		}
	}
}

func TestCompareRefs(t *testing.T) {
	ordered := []string{"4.1", "4.3", "5.2", "6.1.2", "6.1.10", "6.2", "7.5.1", "8.4", "9.3", "10.2", "A.2.2", "A.6.2.2", "A.6.2.10", "A.10.2", ""}
	for i := range ordered {
		for j := range ordered {
			got := CompareRefs(ordered[i], ordered[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got != want {
				t.Errorf("CompareRefs(%q, %q) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}
