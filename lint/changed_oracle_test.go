package lint_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/internal/gittest"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
)

// An oracleChange is one change to the corpus, made in the work tree of a
// repository that holds it committed.
type oracleChange struct {
	name string
	// edit changes the work tree: it returns the files to write (content by
	// path) and those to delete, given the committed files.
	edit func(files map[string]string) (write map[string]string, remove []string)
	// partial says whether --changed may skip the repository-wide rules.
	partial bool
}

// replace returns the file at p of files with old replaced by new, failing
// the test when old is not in it.
func replace(t *testing.T, files map[string]string, p, old, new string) map[string]string {
	t.Helper()
	if !strings.Contains(files[p], old) {
		t.Fatalf("%s does not hold %q", p, old)
	}
	return map[string]string{p: strings.Replace(files[p], old, new, 1)}
}

// TestChangedOracle checks --changed and --base against a full lint: for
// each change to a generated corpus, the findings of the partial run are
// those of the full run in the changed files, apart from the rules the
// notification says were not run; and the run is partial exactly when no
// kind, status, id or controls changed.
func TestChangedOracle(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	base := corpus.Files(100)
	// SYS-00001 is assessed before the commits (2026-01-01 on), so that
	// the change the second commit makes to it comes after the assessment.
	base["impact/aia-00001.md"] = strings.Replace(base["impact/aia-00001.md"], "assessed_on: 2026-02-20", "assessed_on: 2025-12-20", 1)
	// The competence records are a draft, so that the repository has
	// warnings of its own (7.2 evidenced only by drafts) that a change
	// does not cause, and that a full run of --changed leaves out.
	base["governance/competence.yaml"] = strings.Replace(base["governance/competence.yaml"], "status: approved", "status: draft", 1)
	changes := append(systemEdits(t), []oracleChange{
		{"drop a back link", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "data/ds-00002.yaml", "ai_systems: [SYS-00001]", "ai_systems: [SYS-00002]"), nil
		}, true},
		{"remove a required field", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "data/ds-00002.yaml", "rights: own records\n", ""), nil
		}, true},
		{"edit a date", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "systems/sys-00001.yaml", "last_reviewed: 2026-09-10", "last_reviewed: 2025-01-10"), nil
		}, true},
		{"edit an impact assessment", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "impact/aia-00001.md", "ai_system: SYS-00001", "ai_system: SYS-00002"), nil
		}, true},
		{"empty a section", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "impact/aia-00001.md", "Human review.", ""), nil
		}, true},
		{"edit the risk register", func(f map[string]string) (map[string]string, []string) {
			w := replace(t, f, "risk/register.yaml", "    likelihood: 2\n    impact: 3\n", "    likelihood: 5\n    impact: 5\n")
			return replace(t, w, "risk/register.yaml", "ai_system: SYS-00001", "ai_system: SYS-77777"), nil
		}, true},
		{"rename a risk", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "risk/register.yaml", "id: RSK-000002\n", "id: RSK-900002\n"), nil
		}, true},
		{"edit the roles", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "governance/roles.yaml", "  - id: data-scientists\n", "  - id: data-science\n"), nil
		}, true},
		{"change an id", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "systems/sys-00002.yaml", "id: SYS-00002", "id: SYS-00902"), nil
		}, false},
		{"status to draft", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "systems/sys-00003.yaml", "status: approved", "status: draft"), nil
		}, false},
		{"change controls", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "risk/register.yaml", "controls: [A.6.2.4]", "controls: [A.6.2.5]"), nil
		}, false},
		{"add an artifact", func(f map[string]string) (map[string]string, []string) {
			return map[string]string{"systems/sys-new.yaml": strings.ReplaceAll(f["systems/sys-00001.yaml"], "SYS-00001", "SYS-NEW")}, nil
		}, false},
		{"delete an artifact", func(map[string]string) (map[string]string, []string) {
			return nil, []string{"data/ds-00003.yaml"}
		}, false},
		{"break the YAML", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "data/ds-00002.yaml", "source: internal records", "source: [internal records"), nil
		}, false},
	}...)
	days := []string{"2026-09-30", "2028-06-30"}
	for i, ch := range changes {
		t.Run(ch.name, func(t *testing.T) {
			// -short (the race detector's run in CI) keeps every fourth
			// change: enough to run the partial pass's parallel code.
			if testing.Short() && i%4 != 0 {
				t.Skip("-short: every fourth change only")
			}
			r := gittest.New(t, base)
			r.CommitAll("the corpus")
			// A second commit, so that the history rules have something to
			// judge: an AI system's record changes after its impact
			// assessment and its risk register (AIMS6005, AIMS7143).
			files := map[string]string{}
			for p, c := range base {
				files[p] = c
			}
			files["systems/sys-00004.yaml"] += "# touched\n"
			files["systems/sys-00001.yaml"] = strings.Replace(files["systems/sys-00001.yaml"], "purpose: supports decisions", "purpose: decides alone", 1)
			r.Write(map[string]string{"systems/sys-00004.yaml": files["systems/sys-00004.yaml"], "systems/sys-00001.yaml": files["systems/sys-00001.yaml"]})
			r.CommitAll("change a system")
			write, remove := ch.edit(files)
			changed := edit(r, write, remove)
			for _, day := range days {
				asOf, _ := time.Parse(time.DateOnly, day)
				full := lintIn(t, &lint.Config{Dir: r.Dir, AsOf: asOf})
				part := lintIn(t, &lint.Config{Dir: r.Dir, AsOf: asOf, Changed: true})
				// A full run of --changed leaves out the repository-level
				// warnings and notes that HEAD has too.
				var head *lint.Result
				if !ch.partial {
					head = lintIn(t, &lint.Config{Dir: r.Dir, AsOf: asOf, Rev: "HEAD"})
				}
				compareOracle(t, day, ch.partial, full, part, head, changed)
				if !ch.partial && !slices.ContainsFunc(part.Notifications, func(n string) bool { return strings.Contains(n, "HEAD has them too") }) {
					t.Errorf("as of %s: no repository-wide warning left out; notifications %q", day, part.Notifications)
				}
			}
		})
	}

	// --base: the same change committed on a branch.
	t.Run("base", func(t *testing.T) {
		r := gittest.New(t, base)
		r.CommitAll("the corpus")
		r.Checkout("feature", true)
		w := replace(t, base, "systems/sys-00001.yaml", "datasets: [DS-00002, DS-00003]", "datasets: [DS-99999, DS-00003]")
		r.Write(w)
		r.CommitAll("break a reference")
		asOf, _ := time.Parse(time.DateOnly, days[1])
		full := lintIn(t, &lint.Config{Dir: r.Dir, AsOf: asOf})
		part := lintIn(t, &lint.Config{Dir: r.Dir, AsOf: asOf, Base: "main"})
		compareOracle(t, days[1], true, full, part, nil, map[string]bool{"systems/sys-00001.yaml": true})
	})
}

// systemEdits are the changes to an AI system record that both oracles
// make: a value, a broken reference, another system's dataset.
func systemEdits(t *testing.T) []oracleChange {
	return []oracleChange{
		{"edit a value", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "systems/sys-00001.yaml", "monitoring: daily dashboard", "monitoring: hourly dashboard"), nil
		}, true},
		{"break a reference", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "systems/sys-00001.yaml", "datasets: [DS-00002, DS-00003]", "datasets: [DS-99999, DS-00003]"), nil
		}, true},
		{"name another system's dataset", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "systems/sys-00001.yaml", "datasets: [DS-00002, DS-00003]", "datasets: [DS-00004, DS-00003]"), nil
		}, true},
	}
}

// edit writes and removes files in the working tree of r, uncommitted, and
// returns the paths it changed.
func edit(r *gittest.Repo, write map[string]string, remove []string) map[string]bool {
	r.Write(write)
	for _, p := range remove {
		r.Remove(p)
	}
	changed := map[string]bool{}
	for p := range write {
		changed[p] = true
	}
	for _, p := range remove {
		changed[p] = true
	}
	return changed
}

func lintIn(t *testing.T, cfg *lint.Config) *lint.Result {
	t.Helper()
	res, err := lint.Run(context.Background(), cfg, rules.All)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// compareOracle compares the findings of a partial run with those of the
// full run in the changed files, less the repository-level warnings and
// notes that head (the full lint of the commit compared with, when the run
// was not partial) has too, which the note says were left out.
func compareOracle(t *testing.T, day string, wantPartial bool, full, part, head *lint.Result, changed map[string]bool) {
	t.Helper()
	skipped := map[string]bool{}
	for _, n := range part.Notifications {
		if _, list, ok := strings.Cut(n, "so the rules about the repository as a whole were not run: "); ok {
			for _, id := range strings.Split(list, ", ") {
				skipped[id] = true
			}
		}
	}
	if got := len(skipped) > 0; got != wantPartial {
		t.Fatalf("as of %s: partial run %v, want %v; notifications %q", day, got, wantPartial, part.Notifications)
	}
	show := func(res *lint.Result, keep func(lint.Finding) bool) []string {
		var out []string
		for _, f := range res.Findings {
			if keep(f) && !skipped[f.RuleID] {
				out = append(out, fmt.Sprintf("%s:%d:%d %s %s %s", f.Range.File, f.Range.Start.Line, f.Range.Start.Col, f.Severity, f.RuleID, f.Message))
			}
		}
		return out
	}
	inherited := map[string]bool{}
	if head != nil {
		for _, f := range head.Findings {
			if f.Range.File == "" && f.Severity < lint.Error && f.Suppressed == nil {
				inherited[f.RuleID+" "+f.Message] = true
			}
		}
	}
	left := 0
	want := show(full, func(f lint.Finding) bool {
		if f.Range.File == "" && f.Severity < lint.Error && f.Suppressed == nil && inherited[f.RuleID+" "+f.Message] {
			left++
			return false
		}
		return f.Range.File == "" || changed[f.Range.File]
	})
	note := ""
	for _, n := range part.Notifications {
		if strings.Contains(n, "left out: HEAD has them too") || strings.Contains(n, "left out: HEAD has it too") {
			note = n
		}
	}
	if wantNote := left > 0; (note != "") != wantNote || left > 0 && !strings.HasPrefix(note, fmt.Sprintf("%d repository-wide ", left)) {
		t.Errorf("as of %s: %d inherited findings left out, note %q", day, left, note)
	}
	got := show(part, func(lint.Finding) bool { return true })
	if !slices.Equal(got, want) {
		t.Errorf("as of %s: --changed findings differ from the full lint's in the changed files\n got: %s\nwant: %s", day, strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
	// The artifacts the result lists, the stubs' from a line scan, are
	// those of the full run.
	if !slices.Equal(part.Artifacts, full.Artifacts) {
		t.Errorf("as of %s: the artifacts listed differ from the full lint's:\n got: %v\nwant: %v", day, part.Artifacts, full.Artifacts)
	}
}
