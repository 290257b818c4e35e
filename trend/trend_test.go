package trend_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/internal/gittest"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/plan"
	"github.com/aimsdev/aims/rules"
	"github.com/aimsdev/aims/trend"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDates(t *testing.T) {
	tests := []struct {
		from, to string
		want     []string
	}{
		{"2026-01-15", "2026-03-31", []string{"2026-01-31", "2026-02-28", "2026-03-31"}},
		{"2026-01-01", "2026-03-10", []string{"2026-01-31", "2026-02-28", "2026-03-10"}},
		{"2026-01-20", "2026-01-25", []string{"2026-01-25"}},
		{"2024-02-01", "2024-02-29", []string{"2024-02-29"}},
		{"2026-12-31", "2027-01-31", []string{"2026-12-31", "2027-01-31"}},
		{"2026-03-01", "2026-02-01", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range trend.Dates(date(tt.from), date(tt.to)) {
			got = append(got, d.Format(time.DateOnly))
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Dates(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

// example reads the files of the example AIMS under the folders named (""
// for the files at its root).
func example(t *testing.T, folders ...string) map[string]string {
	t.Helper()
	files := gittest.ReadFiles(t, filepath.Join("..", "testdata", "example-aims"))
	for rel := range files {
		folder, _, nested := strings.Cut(rel, "/")
		if !nested {
			folder = ""
		}
		if !slices.Contains(folders, folder) {
			delete(files, rel)
		}
	}
	return files
}

// TestCompute builds a history in which the example AIMS is written in three
// commits a month apart, and checks each month end's point: no commit before
// the first, the commit current at each date, compliance rising and errors
// falling as documents are added, and reviews falling overdue at the later
// dates of the last commit.
func TestCompute(t *testing.T) {
	r := gittest.New(t, example(t, "", "policies", "governance"))
	c1 := r.CommitAt("governance", time.Date(2026, 10, 10, 9, 0, 0, 0, time.UTC))
	r.Write(example(t, "risk", "procedures", "systems", "data", "operations", "suppliers", "impact-assessments", "evaluations"))
	c2 := r.CommitAt("most of it", time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC))
	r.Write(example(t, "reviews", "audits"))
	c3 := r.CommitAt("the rest", time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC))
	// A commit after the end of the trend is never linted.
	r.Write(map[string]string{"notes.md": "# Notes\n"})
	r.CommitAt("later", time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC))

	cfg, err := lint.LoadConfig(r.Dir, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.References = rules.DefaultCatalogue().LintReferences()
	cache := lint.NewDocumentCache()
	cached := *cfg
	cached.DocumentCache = cache
	points, err := trend.Compute(context.Background(), &cached, rules.All, trend.Options{From: date("2026-09-01"), To: date("2027-03-31")})
	if err != nil {
		t.Fatal(err)
	}
	// The files of the first commit are loaded once: every later point
	// takes them from the cache, and counts what a lint without it counts.
	if cache.Hits() < 5*len(example(t, "", "governance")) {
		t.Errorf("%d documents taken from the cache, want the unchanged files of every later point", cache.Hits())
	}
	for _, p := range points[1:] {
		if want := lintAt(t, cfg, p.Date); p != want {
			t.Errorf("point with the cache %+v, without %+v", p, want)
		}
	}
	wantCommits := []string{"", c1.String(), c2.String(), c3.String(), c3.String(), c3.String(), c3.String()}
	wantDates := []string{"2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28", "2027-03-31"}
	if len(points) != len(wantDates) {
		t.Fatalf("%d points, want %d: %+v", len(points), len(wantDates), points)
	}
	for i, p := range points {
		if got := p.Date.Format(time.DateOnly); got != wantDates[i] || p.Commit != wantCommits[i] {
			t.Errorf("point %d: %s at %.7s, want %s at %.7s", i, got, p.Commit, wantDates[i], wantCommits[i])
		}
		t.Logf("%s %.7s %d/%d %.2f errors %d overdue %d", p.Date.Format(time.DateOnly), p.Commit, p.Evidenced, p.Applicable, p.ComplianceRate, p.Errors, p.OverdueReviews)
	}
	if p := points[0]; p.Applicable != 0 || p.Errors != 0 || p.OverdueReviews != 0 || p.ComplianceRate != 0 {
		t.Errorf("the point before the first commit is %+v, want zeros", p)
	}
	for i := 2; i <= 3; i++ {
		if points[i].ComplianceRate <= points[i-1].ComplianceRate {
			t.Errorf("compliance at %s is %.2f, not above %.2f a month before", wantDates[i], points[i].ComplianceRate, points[i-1].ComplianceRate)
		}
		if points[i].Errors >= points[i-1].Errors {
			t.Errorf("errors at %s are %d, not below %d a month before", wantDates[i], points[i].Errors, points[i-1].Errors)
		}
	}
	if points[6].OverdueReviews <= points[3].OverdueReviews {
		t.Errorf("overdue reviews of the same commit: %d at %s, not above %d at %s", points[6].OverdueReviews, wantDates[6], points[3].OverdueReviews, wantDates[3])
	}
	if got, want := points[6].Errors, points[3].Errors; got < want {
		t.Errorf("errors of the same commit fell from %d to %d as time passed", want, got)
	}
}

// TestComputeMatchesLint checks a point against a lint of its commit at its
// date with the same rules: the figures are what aims lint --as-of counts.
func TestComputeMatchesLint(t *testing.T) {
	r := gittest.New(t, example(t, "", "policies", "governance", "risk"))
	r.CommitAt("some", time.Date(2026, 10, 10, 9, 0, 0, 0, time.UTC))
	cfg, err := lint.LoadConfig(r.Dir, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.References = rules.DefaultCatalogue().LintReferences()
	at := date("2027-02-10")
	points, err := trend.Compute(context.Background(), cfg, rules.All, trend.Options{From: at, To: at})
	if err != nil {
		t.Fatal(err)
	}
	want := lintAt(t, cfg, at)
	if len(points) != 1 || points[0] != want {
		t.Errorf("points = %+v, want [%+v]", points, want)
	}
	if want.Errors == 0 || want.OverdueReviews == 0 || want.Evidenced == 0 {
		t.Errorf("the oracle counts nothing (%+v): the test checks nothing", want)
	}
}

// lintAt is the oracle of a point: a lint of the commit current at the end
// of at, judged at at, with every rule but those that read the history, no
// cache.
func lintAt(t *testing.T, cfg *lint.Config, at time.Time) plan.TrendPoint {
	t.Helper()
	c := *cfg
	c.AsOf, c.AsOfCommit, c.DocumentCache = at, true, nil
	var noHistory []*lint.Rule
	for _, rl := range rules.All {
		if !rl.History {
			noHistory = append(noHistory, rl)
		}
	}
	res, err := lint.Run(context.Background(), &c, noHistory)
	if err != nil {
		t.Fatal(err)
	}
	return trend.Summarize(res, at)
}

// TestLeftOut checks which rules a trend leaves out: the built-in rules
// that read the git history, and no other.
func TestLeftOut(t *testing.T) {
	var out []string
	for _, r := range rules.All {
		if trend.LeftOut(r) {
			out = append(out, r.ID)
		}
	}
	want := []string{"AIMS6001", "AIMS6002", "AIMS6003", "AIMS6005", "AIMS6006", "AIMS7143"}
	slices.Sort(out)
	if !slices.Equal(out, want) {
		t.Errorf("left out %v, want %v", out, want)
	}
	custom := &lint.Rule{ID: "ACME-001", History: true, Custom: &lint.Custom{File: "policies/acme.yaml"}}
	if trend.LeftOut(custom) {
		t.Error("a custom rule that calls last_change() is left out; it runs as written")
	}
}

// TestComputeSubfolder is the trend of an AIMS in a folder that a later
// commit adds: the months before it have no commit, not an error.
func TestComputeSubfolder(t *testing.T) {
	r := gittest.New(t, map[string]string{"README.md": "# Product\n"})
	r.CommitAt("the product", time.Date(2026, 9, 10, 9, 0, 0, 0, time.UTC))
	files := map[string]string{}
	for p, c := range example(t, "", "governance") {
		files["aims/"+p] = c
	}
	r.Write(files)
	added := r.CommitAt("the AIMS", time.Date(2026, 10, 10, 9, 0, 0, 0, time.UTC))
	cfg, err := lint.LoadConfig(filepath.Join(r.Dir, "aims"), "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.References = rules.DefaultCatalogue().LintReferences()
	points, err := trend.Compute(context.Background(), cfg, rules.All, trend.Options{From: date("2026-09-01"), To: date("2026-10-31")})
	if err != nil {
		t.Fatal(err)
	}
	if len(points) != 2 || points[0].Commit != "" || points[0].Applicable != 0 || points[1].Commit != added.String() || points[1].Applicable == 0 {
		t.Errorf("points %+v: want none before the folder, then its commit", points)
	}
}

func TestComputeErrors(t *testing.T) {
	dir := t.TempDir()
	gittest.WriteFiles(t, dir, map[string]string{"roles.yaml": "kind: roles\n"})
	_, err := trend.Compute(context.Background(), &lint.Config{Dir: dir}, rules.All, trend.Options{From: date("2026-01-01"), To: date("2026-02-01")})
	if !errors.Is(err, trend.ErrNoHistory) {
		t.Errorf("a plain folder: err = %v, want ErrNoHistory", err)
	}
	_, err = trend.Compute(context.Background(), &lint.Config{Dir: dir}, rules.All, trend.Options{From: date("2026-03-01"), To: date("2026-02-01")})
	if err == nil || !strings.Contains(err.Error(), "is after --to") {
		t.Errorf("from after to: err = %v", err)
	}
}

// TestExampleHistory is the trend of the example AIMS over this repository's
// own history, which starts on 2026-11-27: the first month end has a commit,
// and compliance is higher and errors fewer now than then.
func TestExampleHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("lints the example at two commits")
	}
	dir, err := filepath.Abs(filepath.Join("..", "testdata", "example-aims"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.References = rules.DefaultCatalogue().LintReferences()
	points, err := trend.Compute(context.Background(), cfg, rules.All, trend.Options{From: date("2026-11-01"), To: date("2026-12-05")})
	if errors.Is(err, trend.ErrNoHistory) {
		t.Skip("not in a git work tree")
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(points) != 2 {
		t.Fatalf("%d points, want 2 (2026-11-30, 2026-12-05)", len(points))
	}
	first, last := points[0], points[1]
	if first.Commit == "" {
		t.Skip("the history before 2026-11-30 is not here (a shallow clone)")
	}
	if !(last.ComplianceRate > first.ComplianceRate && last.Errors < first.Errors) {
		t.Errorf("the example's trend: %+v then %+v, want compliance up and errors down", first, last)
	}
}
