package rules

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint/linttest"
)

// A plant is one problem planted in a copy of the example AIMS: rule must
// fire, and no rule outside also may.
type plant struct {
	rule     string
	file     string // slash path in testdata/example-aims to edit
	old, new string // strings.Replace once; old must occur in the file
	also     []string
	// add are files written into the copy before the plant (content by
	// slash path), for problems in artifacts the example does not hold.
	add map[string]string
}

// allPlants gathers the plants of every rule area.
func allPlants() []plant {
	ps := documentPlants()
	ps = append(ps, structurePlants()...)
	ps = append(ps, integrityPlants()...)
	ps = append(ps, coveragePlants()...)
	ps = append(ps, contentPlants()...)
	ps = append(ps, historyPlants()...)
	ps = append(ps, placeholderPlants()...)
	ps = append(ps, operationsPlants()...)
	ps = append(ps, riskLinkPlants()...)
	ps = append(ps, scopePlants()...)
	ps = append(ps, monitoringPlants()...)
	ps = append(ps, followupPlants()...)
	ps = append(ps, evaluationPlants()...)
	ps = append(ps, evaluationSystemPlants()...)
	return ps
}

// copyTree copies the example into dir.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPlantedProblems plants one problem per rule in a copy of the example
// and checks that exactly that rule (and those it names in also) fires.
func TestPlantedProblems(t *testing.T) {
	const example = "../testdata/example-aims"
	covered := map[string]bool{}
	var mu sync.Mutex
	skipped := map[string]bool{} // rules a planted copy skips
	// The plants run in parallel; the group returns when all have run.
	t.Run("plants", func(t *testing.T) {
		for i, pl := range allPlants() {
			covered[pl.rule] = true
			t.Run(pl.rule+"/"+pl.file, func(t *testing.T) {
				// -short (the race detector's run in CI) plants every
				// third problem; the full suite plants them all.
				if testing.Short() && i%3 != 0 {
					t.Skip("-short: every third plant only")
				}
				t.Parallel()
				plantOne(t, example, pl, func(id string) {
					mu.Lock()
					skipped[id] = true
					mu.Unlock()
				})
			})
		}
	})
	if testing.Short() {
		return
	}
	for _, r := range All {
		// A symbolic link, a named pipe or an unreadable folder cannot be
		// planted by editing a file; their fixtures cover them. The planted
		// copy is a plain folder, so the history rules are skipped there;
		// their fixtures, git histories, cover them.
		if r.ID != artifact.RuleLinkEscape && r.ID != artifact.RuleNotRegular && r.ID != artifact.RuleUnreadable && !skipped[r.ID] && !covered[r.ID] {
			t.Errorf("%s has no planted problem", r.ID)
		}
	}
}

// plantOne plants pl in a copy of example, lints it and checks that pl.rule
// fires and no rule outside pl.also does; skip receives the rules the run
// skipped.
func plantOne(t *testing.T, example string, pl plant, skip func(id string)) {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, example, dir)
	for p, content := range pl.add {
		target := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	name := filepath.Join(dir, filepath.FromSlash(pl.file))
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), pl.old) {
		t.Fatalf("%s does not contain %q", pl.file, pl.old)
	}
	if err := os.WriteFile(name, []byte(strings.Replace(string(data), pl.old, pl.new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	res := lintAll(t, dir)
	for _, n := range res.Notifications {
		for _, id := range linttest.Skipped(n) {
			skip(id)
		}
	}
	fired := false
	for _, f := range res.Findings {
		switch {
		case f.RuleID == pl.rule:
			fired = true
		case !slices.Contains(pl.also, f.RuleID):
			t.Errorf("unexpected %s: %s: %s", f.RuleID, f.Range, f.Message)
		}
	}
	if !fired {
		t.Errorf("%s did not fire", pl.rule)
	}
}

// documentPlants plant the problems the engine finds while loading documents
// and judging suppressions.
func documentPlants() []plant {
	const system = "systems/correspondence-triage.yaml"
	return []plant{
		{rule: "AIMS1001", file: "governance/roles.yaml", old: "kind: roles\n", new: "kind: roles\nkind: roles\n"},
		{rule: "AIMS1002", file: "systems/credit-scoring.yaml", old: "risk_level: high", new: "risk_level: severe"},
		{rule: "AIMS1003", file: "data/application-history.yaml", old: "kind: dataset", new: "kind: datset", also: []string{"AIMS3002"}},
		// Only the statement of applicability (13 KiB) is over this limit: its
		// exclusions are lost, so the controls it excluded count as missing,
		// and the technical documentation it excluded (A.6.2.7) is asked for.
		{rule: "AIMS1004", file: ".aims.yaml", old: "fail_on: error", new: "fail_on: error\nmax_file_size: 13000", also: []string{"AIMS4002", "AIMS4004", "AIMS7215"}},
		// A procedure whose kind line is lost is no longer an artifact.
		{rule: "AIMS1010", file: "procedures/PROC-010-resources.md", old: "kind: procedure\n", new: "", also: []string{"AIMS3002", "AIMS3009"}},
		{rule: "AIMS1006", file: system, old: "kind: ai-system", new: "kind: ai-system\nsuppressions:\n  - rule: AIMS5001\n    reason: review moved to the next board\n    expires: 2026-08-31"},
		{rule: "AIMS1007", file: system, old: "kind: ai-system", new: "kind: ai-system\nsuppressions:\n  - rule: AIMS5001\n    reason: review moved to the next board\n    expires: 2026-12-31"},
		{rule: "AIMS1012", file: system, old: `version: "1.3"`, new: `verison: "1.3"`},
		// A kinds glob with a typo in its folder gives no file its kind.
		{rule: "AIMS1013", file: ".aims.yaml", old: "fail_on: error", new: "fail_on: error\nkinds:\n  - glob: \"procedure/*.md\"\n    kind: procedure"},
		// An include that matches nothing leaves no artifact: one headline
		// instead of every requirement missing, and the glob itself.
		{rule: "AIMS1014", file: ".aims.yaml", old: "fail_on: error", new: "fail_on: error\ninclude: [\"archive/**\"]", also: []string{"AIMS1013"}},
	}
}
