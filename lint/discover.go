package lint

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
)

// A tree is where files come from: the working tree on disk, or any fs.FS.
type tree struct {
	fsys fs.FS
	// git is true when the files came from git's view of a repository.
	git bool
	// prefix is the lint root's slash path below the root of its git work
	// tree; empty at the root, or without git.
	prefix string
	// repo is the git repository, nil without one.
	repo *gitrepo.Repo
	// rev is the commit whose tree is linted; nil for the working tree,
	// whose history starts at HEAD.
	rev *gitrepo.Revision
	// problems are those of folders discovery could not read (AIMS1011),
	// in path order.
	problems []artifact.Problem
	// notes say what discovery left out (a submodule whose commit is not in
	// the clone), for the result's notifications.
	notes []string
	// working caches the working tree's changes against HEAD, which both
	// --changed and the history (its uncommitted artifacts) need.
	working struct {
		once    sync.Once
		paths   map[string]bool
		against string
		err     error
	}
}

// workingChanges returns the files changed against HEAD (staged, unstaged and
// new), and what was compared, found once per run.
func (t *tree) workingChanges(ctx context.Context, files []artifact.File) (map[string]bool, string, error) {
	t.working.once.Do(func() {
		t.working.paths, t.working.against, t.working.err = t.repo.Changed(ctx, "", filePaths(files))
	})
	return t.working.paths, t.working.against, t.working.err
}

// filePaths returns the paths of files.
func filePaths(files []artifact.File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Path
	}
	return out
}

// discover lists the candidate files under cfg.Dir (or cfg.FS). For
// cfg.Rev (or cfg.AsOfCommit) it lists the files of that commit's tree. On
// disk it uses git's view when Dir is inside a repository: tracked files
// plus untracked files that are not ignored. Otherwise it walks the folder.
// Files inside a submodule's folder are listed like any other (they are in
// the folder); their history is the submodule's, not read here. Once ctx is
// done it returns ctx.Err().
func discover(ctx context.Context, cfg *Config) (*tree, []artifact.File, error) {
	rev, err := resolveRev(cfg)
	if err != nil {
		return nil, nil, err
	}
	if rev != nil {
		if c := cfg.DocumentCache; c != nil {
			rev.ShareSizes(c.sizes)
		}
		return discoverRev(ctx, rev, cfg.FileTypes())
	}
	if cfg.FS != nil {
		files, problems, err := artifact.WalkFS(ctx, cfg.FS, cfg.FileTypes())
		return &tree{fsys: cfg.FS, problems: problems}, files, err
	}
	abs, err := lintDir(cfg.Dir)
	if err != nil {
		return nil, nil, err
	}
	if gitrepo.IsGitDir(abs) {
		return nil, nil, &ConfigError{Msg: fmt.Sprintf("%s is a git directory (a bare repository) and has no working tree: lint one of its commits with --rev, such as --rev HEAD", filepath.Base(abs))}
	}
	t := &tree{fsys: artifact.DirFS(abs)}
	var ignore artifact.Ignore
	if repo := gitrepo.OpenWorkTree(abs); repo != nil {
		t.git, t.repo, t.prefix = true, repo, repo.Prefix()
		ignore = repo.Ignore()
	}
	files, problems, err := artifact.WalkDisk(ctx, abs, t.prefix, ignore, cfg.FileTypes())
	if err != nil {
		return nil, nil, err
	}
	t.problems = problems
	return t, files, nil
}
