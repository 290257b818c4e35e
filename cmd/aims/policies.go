package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/policy"
	"github.com/aimsdev/aims/rules"
)

// loadPolicies compiles the custom rules of the rule files cfg's
// `policies:` names into cfg.CustomRules, and returns them. The files are
// read from the tree linted: commit's when it is set, else cfg.Dir on disk.
// A mistake in a rule file is an error at its line and column.
func loadPolicies(cfg *lint.Config, commit *gitrepo.Revision) (*policy.Set, error) {
	if len(cfg.Policies) == 0 {
		return &policy.Set{}, nil
	}
	var fsys fs.FS
	display := func(name string) string { return filepath.Join(cfg.Dir, filepath.FromSlash(name)) }
	if commit != nil {
		fsys, display = commit.FS(), commit.Name
	} else {
		fsys = artifact.DirFS(cfg.Dir)
	}
	known := map[string]bool{}
	for _, r := range rules.DefaultCatalogue().LintReferences() {
		known[r.ID] = true
	}
	set, err := policy.Load(cfg, policy.Options{
		FS:      fsys,
		Display: display,
		Globs:   cfg.Policies,
		Known:   func(ref string) bool { return known[ref] },
	})
	if err != nil {
		return nil, err
	}
	cfg.CustomRules = set.Rules
	return set, nil
}

// A ruleSet is the rules aims checks in one AIMS root.
type ruleSet struct {
	// Rules are the built-in rules, then the custom ones.
	Rules []*lint.Rule
	// Config is the root's configuration; nil for the built-in rules alone.
	Config *lint.Config
	// Examples counts the examples (`aims test`) of each custom rule.
	Examples map[string]int
}

// builtinRules is the rule set of a root without .aims.yaml.
func builtinRules() ruleSet { return ruleSet{Rules: rules.All} }

// rootRules returns the rules aims checks in the AIMS root of path (a
// folder or a file; "" is the current directory), found as aims lint finds
// it: the built-in rules, then the custom rules of the rule files its
// configuration names (config, when not "", else the root's .aims.yaml),
// with the configuration. Without a configuration there are the built-in
// rules only. A broken configuration or rule file is an error at its line
// and column.
func rootRules(path, config string) (ruleSet, error) {
	if path == "" {
		path = "."
	}
	if _, err := os.Stat(path); err != nil {
		return ruleSet{}, fmt.Errorf("%s: no such file or directory: give a folder of the AIMS, or nothing for the current one", path)
	}
	scope, err := lintTargets([]string{path})
	if err != nil {
		return ruleSet{}, err
	}
	cfg, err := lint.LoadConfig(scope.dir, config)
	if err != nil {
		return ruleSet{}, runFailure("load the configuration", err)
	}
	set, err := loadPolicies(cfg, nil)
	if err != nil {
		return ruleSet{}, runFailure("load the custom rules", err)
	}
	rs := ruleSet{Rules: append(slices.Clip(rules.All), cfg.CustomRules...), Config: cfg, Examples: map[string]int{}}
	for _, d := range set.Defs {
		rs.Examples[d.ID] = len(d.Tests)
	}
	return rs, nil
}
