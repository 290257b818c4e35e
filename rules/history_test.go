package rules

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
)

// historyPlants plant the problems of the history rules that need no
// history: the planted copy is a plain folder.
func historyPlants() []plant {
	return []plant{
		{rule: "AIMS6004", file: "data/bureau-credit-files.yaml", old: "status: approved", new: "status: retired"},
	}
}

func TestSameContent(t *testing.T) {
	parse := func(src string) *artifact.Document {
		t.Helper()
		d := artifact.ParseDocument("a.md", []byte(src), "")
		if d == nil || d.Data == nil {
			t.Fatalf("cannot parse %q", src)
		}
		return d
	}
	base := "---\nkind: procedure\nid: P\nlast_reviewed: 2026-01-01\n---\n\n## Steps\n\nDo the work\nwell.\n"
	tests := []struct {
		name, src string
		same      bool
	}{
		{"identical", base, true},
		{"comment and reflow", "---\nkind: procedure   # a comment\nid: P\nlast_reviewed: 2026-01-01\n---\n## Steps\nDo the work well.\n", true},
		{"review record only", "---\nkind: procedure\nid: P\nlast_reviewed: 2026-06-01\nnext_review: 2027-06-01\n---\n\n## Steps\n\nDo the work\nwell.\n", true},
		{"field added", "---\nkind: procedure\nid: P\ntitle: T\nlast_reviewed: 2026-01-01\n---\n\n## Steps\n\nDo the work\nwell.\n", false},
		{"field removed", "---\nkind: procedure\nlast_reviewed: 2026-01-01\n---\n\n## Steps\n\nDo the work\nwell.\n", false},
		{"body changed", "---\nkind: procedure\nid: P\nlast_reviewed: 2026-01-01\n---\n\n## Steps\n\nDo the work.\n", false},
	}
	a := parse(base)
	for _, tt := range tests {
		if got := sameContent(a, parse(tt.src), reviewRecordFields); got != tt.same {
			t.Errorf("%s: sameContent = %v, want %v", tt.name, got, tt.same)
		}
	}
}

func TestCommitDays(t *testing.T) {
	date := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	at := func(s string) gitrepo.Commit {
		w, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return gitrepo.Commit{When: w}
	}
	tests := []struct {
		when           string
		later, earlier bool // commitLaterThan(c, date), laterThanCommit(date, c)
	}{
		{"2026-03-08T23:59:00Z", false, true},
		{"2026-03-09T00:00:00Z", false, false},
		{"2026-03-10T12:00:00Z", false, false},
		{"2026-03-11T23:59:00Z", false, false},
		{"2026-03-12T00:00:00Z", true, false},
	}
	for _, tt := range tests {
		c := at(tt.when)
		if got := commitLaterThan(c, date); got != tt.later {
			t.Errorf("commitLaterThan(%s, 2026-03-10) = %v", tt.when, got)
		}
		if got := laterThanCommit(date, c); got != tt.earlier {
			t.Errorf("laterThanCommit(2026-03-10, %s) = %v", tt.when, got)
		}
	}
	if got := describeCommit(gitrepo.Commit{Hash: "0123456789abcdef", When: at("2026-03-10T23:30:00-05:00").When, Email: "a@example.com"}); got != "0123456 of 2026-03-11 by a@example.com" {
		t.Errorf("describeCommit = %q", got)
	}
}

func TestChangedFields(t *testing.T) {
	parse := func(src string) *artifact.Document {
		t.Helper()
		d := artifact.ParseDocument("s.yaml", []byte(src), "")
		if d == nil || d.Data == nil {
			t.Fatalf("cannot parse %q", src)
		}
		return d
	}
	base := "kind: ai-system\nid: S\nversion: \"1\"\npurpose: Route letters to the right team\nrisk_level: limited\ndatasets: [DS-A, DS-B]\nhuman_oversight: Agents check\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"identical", base, nil},
		{"document and oversight fields", strings.NewReplacer(`"1"`, `"2"`, "Agents check", "Agents check all").Replace(base), nil},
		{"reflowed text, reordered list", strings.NewReplacer("Route letters to", "Route  letters\n  to", "[DS-A, DS-B]", "[DS-B, DS-A]").Replace(base), nil},
		{"new dataset and level", strings.NewReplacer("[DS-A, DS-B]", "[DS-A, DS-B, DS-C]", "limited", "high").Replace(base), []string{"risk_level", "datasets"}},
		{"supplier added", base + "suppliers: [SUP-A]\n", []string{"suppliers"}},
		{"purpose removed", strings.Replace(base, "purpose: Route letters to the right team\n", "", 1), []string{"purpose"}},
	}
	a := parse(base)
	for _, tt := range tests {
		if got := changedFields(a, parse(tt.src)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: changedFields = %v, want %v", tt.name, got, tt.want)
		}
	}
}
