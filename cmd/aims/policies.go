package main

import (
	"io/fs"
	"path/filepath"

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
