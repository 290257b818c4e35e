package lint_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/internal/gittest"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/policy"
	"github.com/aimsdev/aims/rules"
)

// customOracleRules are custom rules of each scope: one that judges a
// document alone, one that follows its references and roles, one that reads
// every artifact of a kind.
const customOracleRules = `rules:
  - id: ACME-DOC-1
    title: systems are monitored daily
    kinds: [ai-system]
    expression: has(doc.monitoring) && doc.monitoring.contains('daily')
    message: "{{ id }} is not monitored daily"
  - id: ACME-LINK-1
    title: systems use datasets that exist and have an owner with members
    kinds: [ai-system]
    expression: has(doc.datasets) && doc.datasets.all(d, has_artifact(d)) && size(members(doc.owner)) > 0
    message: "{{ id }} names a dataset that does not exist, or an owner without members"
  - id: ACME-REPO-1
    title: every dataset is used by an AI system
    kinds: [dataset]
    expression: artifacts('ai-system').exists(s, 'datasets' in s && id in s.datasets)
    message: "{{ id }} is used by no AI system"
`

// TestChangedOracleCustomRules checks --changed with custom rules against
// a full lint, as TestChangedOracle does with the built-in ones: the
// partial run's findings are the full run's in the changed files, but for
// the rules it says it did not run.
func TestChangedOracleCustomRules(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	base := corpus.Files(100)
	base["policies/acme.yaml"] = customOracleRules
	changes := append(systemEdits(t), []oracleChange{
		{"edit the roles", func(f map[string]string) (map[string]string, []string) {
			return replace(t, f, "governance/roles.yaml", "  - id: ai-governance-lead\n", "  - id: governance-lead\n"), nil
		}, true},
		{"delete a dataset", func(map[string]string) (map[string]string, []string) {
			return nil, []string{"data/ds-00003.yaml"}
		}, false},
	}...)
	asOf := time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	for _, ch := range changes {
		t.Run(ch.name, func(t *testing.T) {
			r := gittest.New(t, base)
			r.CommitAll("the corpus")
			write, remove := ch.edit(base)
			changed := edit(r, write, remove)
			run := func(cfg *lint.Config) *lint.Result {
				t.Helper()
				cfg.Policies = []string{"policies/*.yaml"}
				cfg.Rules = []string{"ACME-DOC-1", "ACME-LINK-1", "ACME-REPO-1"}
				set, err := policy.Load(cfg, policy.Options{FS: artifact.DirFS(r.Dir), Globs: cfg.Policies})
				if err != nil {
					t.Fatal(err)
				}
				cfg.CustomRules = set.Rules
				res, err := lint.Run(context.Background(), cfg, rules.All)
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			full := run(&lint.Config{Dir: r.Dir, AsOf: asOf})
			part := run(&lint.Config{Dir: r.Dir, AsOf: asOf, Changed: true})
			var head *lint.Result
			if !ch.partial {
				head = run(&lint.Config{Dir: r.Dir, AsOf: asOf, Rev: "HEAD"})
			}
			custom := 0
			for _, f := range full.Findings {
				if strings.HasPrefix(f.RuleID, "ACME-") && changed[f.Range.File] {
					custom++
				}
			}
			if custom == 0 && (ch.name == "edit a value" || ch.name == "break a reference") {
				t.Errorf("the change makes no custom rule finding in the changed files: the case tests nothing")
			}
			// The rules of a document and of its links run in a partial run.
			for _, n := range part.Notifications {
				if ch.partial && (strings.Contains(n, "ACME-DOC-1") || strings.Contains(n, "ACME-LINK-1")) {
					t.Errorf("a custom rule of a document or its links was not run: %q", n)
				}
			}
			compareOracle(t, "2026-09-30", ch.partial, full, part, head, changed)
		})
	}
}
