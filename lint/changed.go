package lint

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
)

// onlyFiles returns the files whose findings a run keeps, as slash paths
// relative to the lint root, or nil to keep every file's findings; and, for
// --changed and --base, a notification saying what was compared. cfg.Files
// and the changed files both limit the run when both are given.
func onlyFiles(ctx context.Context, cfg *Config, t *tree, files []artifact.File) (map[string]bool, string, error) {
	var only map[string]bool
	if len(cfg.Files) > 0 {
		only = map[string]bool{}
		for _, f := range cfg.Files {
			only[path.Clean(f)] = true
		}
	}
	if !cfg.Changed && cfg.Base == "" {
		return only, "", nil
	}
	flag := "--changed"
	if cfg.Base != "" {
		flag = "--base"
	}
	if !t.git {
		where := cfg.Dir
		if cfg.FS != nil || where == "" {
			where = "the linted folder"
		}
		return nil, "", &ConfigError{Msg: fmt.Sprintf("%s needs a git repository: %s is not in one; lint it without %s", flag, where, flag)}
	}
	var paths map[string]bool
	var against string
	var err error
	if cfg.Base == "" {
		paths, against, err = t.workingChanges(ctx, files)
	} else {
		paths, against, err = t.repo.Changed(ctx, cfg.Base, filePaths(files))
	}
	if cerr := ctx.Err(); cerr != nil {
		return nil, "", cerr
	}
	if err != nil {
		var cfgErr *gitrepo.ConfigError
		if errors.As(err, &cfgErr) {
			return nil, "", fromGit(err)
		}
		return nil, "", fmt.Errorf("find the changed files: %w", err)
	}
	changed := map[string]bool{}
	n := 0
	for p := range paths {
		if only == nil || only[p] {
			changed[p] = true
		}
		// Count what aims reads: a changed image is no artifact.
		if artifact.Candidate(p) {
			n++
		}
	}
	count := "no files"
	switch {
	case n == 1:
		count = "1 file"
	case n > 1:
		count = strconv.Itoa(n) + " files"
	}
	return changed, "changed files only: " + count + " changed " + against, nil
}
