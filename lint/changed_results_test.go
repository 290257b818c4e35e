package lint_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/internal/gittest"
	"github.com/aimsdev/aims/lint"
)

// TestChangedResultsFile checks --changed when an evaluation keeps its
// metrics in a results file, which is no artifact: a changed results file
// makes the evaluation that names it count as changed, a changed evaluation
// brings its results file's findings, and the partial run reports what the
// full run reports in both.
func TestChangedResultsFile(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	const (
		eval    = "evaluations/eval-00001.yaml"
		results = "evaluations/results/eval-00001.csv"
	)
	base := corpus.Files(100)
	base["impact/aia-00001.md"] = strings.Replace(base["impact/aia-00001.md"], "ai_system: SYS-00001\n", "ai_system: SYS-00001\naffected_groups: [age_band]\n", 1)
	base[eval] = `kind: evaluation
id: EVAL-00001
title: Evaluation of SYS-00001
status: approved
owner: ai-governance-lead
approved_by: top-management
approved_on: 2026-09-10
ai_system: SYS-00001
model_version: "1.0"
evaluated_on: 2026-09-05
datasets: [DS-00002]
methods: [performance, fairness]
metrics_file: results/eval-00001.csv
conclusion: fit for use
`
	// The sex row is measured on a group the impact assessment does not
	// name (AIMS7304); the ratio for age_band misses its threshold and names
	// a risk that is not accepted (AIMS7302).
	base[results] = `metric,group,value,threshold,comparison,risk
accuracy,overall,0.93,0.9,>=,
approval_rate_ratio,age_band,0.85,0.9,>=,RSK-000002
approval_rate_ratio,sex,0.95,0.9,>=,
`
	tests := []struct {
		name string
		edit func(r *gittest.Repo)
		// want are findings the partial run must report, as
		// "file:line RULE".
		want []string
		note string // the notification's count of changed files
	}{
		{
			name: "edit a row of the results file",
			edit: func(r *gittest.Repo) {
				r.Write(map[string]string{results: strings.Replace(base[results], "accuracy,overall,0.93", "accuracy,overall,0.83", 1)})
			},
			want: []string{results + ":2 AIMS7302", results + ":3 AIMS7302", results + ":4 AIMS7304"},
			note: "1 file changed",
		},
		{
			name: "delete the results file",
			edit: func(r *gittest.Repo) { r.Remove(results) },
			want: []string{eval + ":13 AIMS7304"},
			note: "1 file changed",
		},
		{
			name: "edit the evaluation",
			edit: func(r *gittest.Repo) {
				r.Write(map[string]string{eval: strings.Replace(base[eval], "fit for use", "fit for use in the UK", 1)})
			},
			want: []string{results + ":3 AIMS7302", results + ":4 AIMS7304"},
			note: "1 file changed",
		},
	}
	asOf := time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := gittest.New(t, base)
			r.CommitAll("the corpus with an evaluation")
			tt.edit(r)
			full := lintIn(t, &lint.Config{Dir: r.Dir, AsOf: asOf})
			part := lintIn(t, &lint.Config{Dir: r.Dir, AsOf: asOf, Changed: true})
			compareOracle(t, "2026-09-30", true, full, part, nil, map[string]bool{eval: true, results: true})
			var got []string
			for _, f := range part.Findings {
				got = append(got, f.Range.File+":"+strconv.Itoa(f.Range.Start.Line)+" "+f.RuleID)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("--changed reports no %s; it reports %q", w, got)
				}
			}
			if !slices.ContainsFunc(part.Notifications, func(n string) bool { return strings.Contains(n, "changed files only: "+tt.note) }) {
				t.Errorf("notifications %q, want one saying %q", part.Notifications, tt.note)
			}
		})
	}
}
