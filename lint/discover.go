package lint

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/regularfile"
)

// A tree is where files come from: the working tree on disk, or any fs.FS.
type tree struct {
	fsys fs.FS
	// git is true when the files came from git's view of a repository.
	git bool
	// repoRoot is the git work tree's root on disk; empty without git.
	repoRoot string
	// prefix is the lint root's slash path below repoRoot; empty at the root.
	prefix string
	// repo is the git repository, nil without one.
	repo *git.Repository
	// rev is the commit whose tree is linted; zero for the working tree,
	// whose history starts at HEAD.
	rev plumbing.Hash
	// revTime is rev's committer date (UTC); zero for the working tree.
	revTime time.Time
	// problems are those of folders discovery could not read (AIMS1011),
	// in path order.
	problems []artifact.Problem
	// notes say what discovery left out (a submodule whose commit is not in
	// the clone), for the result's notifications.
	notes []string
	// working caches the working tree's changes against HEAD, which both
	// --changed and the history (its uncommitted artifacts) need.
	working struct {
		once sync.Once
		cs   *changeSet
		err  error
	}
}

// workingChanges returns the files changed against HEAD (staged, unstaged and
// new), found once per run.
func (t *tree) workingChanges(ctx context.Context, files []artifact.File) (*changeSet, error) {
	t.working.once.Do(func() { t.working.cs, t.working.err = gitChanges(ctx, t.repoRoot, t.prefix, "", files) })
	return t.working.cs, t.working.err
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
		return rev.discover(ctx)
	}
	if cfg.FS != nil {
		files, problems, err := artifact.WalkFS(ctx, cfg.FS)
		return &tree{fsys: cfg.FS, problems: problems}, files, err
	}
	abs, err := lintDir(cfg.Dir)
	if err != nil {
		return nil, nil, err
	}
	if isGitDir(abs) {
		return nil, nil, &ConfigError{Msg: fmt.Sprintf("%s is a git directory (a bare repository) and has no working tree: lint one of its commits with --rev, such as --rev HEAD", filepath.Base(abs))}
	}
	t := &tree{fsys: artifact.DirFS(abs)}
	repo, repoRoot, tracked := gitTracked(abs)
	var ignore artifact.Ignore
	prefix := ""
	if repoRoot != "" {
		t.git = true
		t.repo = repo
		t.repoRoot = repoRoot
		if rel, err := filepath.Rel(repoRoot, abs); err == nil && rel != "." {
			prefix = filepath.ToSlash(rel)
			t.prefix = prefix
		}
		m := patternMatcher(readExclude(repo))
		// .gitignore files above the lint root apply too.
		if prefix != "" {
			var ps []gitignore.Pattern
			parts := strings.Split(prefix, "/")
			for i := 0; i < len(parts); i++ {
				ps = append(ps, readPatterns(filepath.Join(repoRoot, filepath.FromSlash(strings.Join(parts[:i], "/")), ".gitignore"), parts[:i])...)
			}
			m = append(m, ps...)
		}
		ignore = &gitIgnore{m: m, tracked: tracked}
	}
	files, problems, err := artifact.WalkDisk(ctx, abs, prefix, ignore)
	if err != nil {
		return nil, nil, err
	}
	t.problems = problems
	return t, files, nil
}

// A gitIgnore is git's rules for a walk of the working tree: the patterns
// of info/exclude and of the .gitignore files above the lint root and in the
// folders entered so far, and the tracked files, which no pattern leaves out.
// A pattern only matches below its own folder, so the patterns of folders
// the walk has left match nothing it meets later.
type gitIgnore struct {
	m       patternMatcher
	tracked map[string]bool
}

// Enter adds the patterns of the .gitignore file in dir.
func (g *gitIgnore) Enter(dir string, segs []string) {
	g.m = append(g.m, readPatterns(filepath.Join(dir, ".gitignore"), segs)...)
}

// Ignored reports whether a pattern ignores segs and it is not tracked.
func (g *gitIgnore) Ignored(segs []string, isDir bool) bool {
	return g.m.Match(segs, isDir) && !g.tracked[path.Join(segs...)]
}

// patternMatcher matches like gitignore's matcher: the last pattern that
// matches decides.
type patternMatcher []gitignore.Pattern

func (pm patternMatcher) Match(p []string, isDir bool) bool {
	for i := len(pm) - 1; i >= 0; i-- {
		if r := pm[i].Match(p, isDir); r > gitignore.NoMatch {
			return r == gitignore.Exclude
		}
	}
	return false
}

// readPatterns reads a gitignore-style file; a missing file has no patterns.
func readPatterns(name string, domain []string) []gitignore.Pattern {
	data, err := regularfile.Read(name)
	if err != nil {
		return nil
	}
	return parsePatterns(data, domain)
}

// readExclude reads the repository's info/exclude, from the common git
// directory (the one a linked worktree's .git file leads to).
func readExclude(repo *git.Repository) []gitignore.Pattern {
	s, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return nil
	}
	f, err := s.Filesystem().Open("info/exclude")
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil
	}
	return parsePatterns(data, nil)
}

// parsePatterns parses gitignore-style patterns that apply below domain.
func parsePatterns(data []byte, domain []string) []gitignore.Pattern {
	var ps []gitignore.Pattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, domain))
	}
	return ps
}

// gitTracked opens the repository holding dir, if any, and returns it, its
// work tree root and the set of tracked paths (relative to that root).
func gitTracked(dir string) (*git.Repository, string, map[string]bool) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil, "", nil
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, "", nil
	}
	root := wt.Filesystem.Root()
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	tracked := map[string]bool{}
	if idx, err := repo.Storer.Index(); err == nil {
		for _, e := range idx.Entries {
			tracked[e.Name] = true
		}
	}
	return repo, root, tracked
}
