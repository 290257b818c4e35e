package lint

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// A file is a candidate artifact found by discovery.
type file struct {
	path string // slash, relative to the lint root
	size int64
	// problem is set when the file must not be read (a link leaving the root).
	problem *Problem
}

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
	problems []Problem
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
func (t *tree) workingChanges(ctx context.Context, files []file) (*changeSet, error) {
	t.working.once.Do(func() { t.working.cs, t.working.err = gitChanges(ctx, t.repoRoot, t.prefix, "", files) })
	return t.working.cs, t.working.err
}

// candidate reports whether a path may hold an artifact.
func candidate(p string) bool { return isMarkdown(p) || isYAML(p) }

// discover lists the candidate files under cfg.Dir (or cfg.FS). For
// cfg.Rev (or cfg.AsOfCommit) it lists the files of that commit's tree. On
// disk it uses git's view when Dir is inside a repository: tracked files
// plus untracked files that are not ignored. Otherwise it walks the folder.
// Files inside a submodule's folder are listed like any other (they are in
// the folder); their history is the submodule's, not read here. Once ctx is
// done it returns ctx.Err().
func discover(ctx context.Context, cfg *Config) (*tree, []file, error) {
	rev, err := resolveRev(cfg)
	if err != nil {
		return nil, nil, err
	}
	if rev != nil {
		return rev.discover(ctx)
	}
	if cfg.FS != nil {
		files, problems, err := walkFS(ctx, cfg.FS)
		return &tree{fsys: cfg.FS, problems: problems}, files, err
	}
	abs, err := lintDir(cfg.Dir)
	if err != nil {
		return nil, nil, err
	}
	if isGitDir(abs) {
		return nil, nil, &ConfigError{Msg: fmt.Sprintf("%s is a git directory (a bare repository) and has no working tree: lint one of its commits with --rev, such as --rev HEAD", filepath.Base(abs))}
	}
	t := &tree{fsys: diskFS(abs)}
	repo, repoRoot, tracked := gitTracked(abs)
	var ignore gitignore.Matcher
	prefix := ""
	if repoRoot != "" {
		t.git = true
		t.repo = repo
		t.repoRoot = repoRoot
		if rel, err := filepath.Rel(repoRoot, abs); err == nil && rel != "." {
			prefix = filepath.ToSlash(rel)
			t.prefix = prefix
		}
		ignore = patternMatcher(readExclude(repo))
		// .gitignore files above the lint root apply too.
		if prefix != "" {
			var ps []gitignore.Pattern
			parts := strings.Split(prefix, "/")
			for i := 0; i < len(parts); i++ {
				ps = append(ps, readPatterns(filepath.Join(repoRoot, filepath.FromSlash(strings.Join(parts[:i], "/")), ".gitignore"), parts[:i])...)
			}
			ignore = appendMatcher(ignore, ps)
		}
	}
	files, problems, err := walkDisk(ctx, abs, prefix, ignore, tracked, t.git, os.ReadDir)
	if err != nil {
		return nil, nil, err
	}
	t.problems = problems
	return t, files, nil
}

func prefixSegs(prefix string) []string {
	if prefix == "" {
		return nil
	}
	return strings.Split(prefix, "/")
}

func appendMatcher(m gitignore.Matcher, ps []gitignore.Pattern) gitignore.Matcher {
	if len(ps) == 0 {
		return m
	}
	if pm, ok := m.(patternMatcher); ok {
		return patternMatcher(append(append([]gitignore.Pattern{}, pm...), ps...))
	}
	return patternMatcher(ps)
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
	data, err := readRegular(name)
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

// within reports whether target is root or below it.
func within(root, target string) bool {
	rel, err := filepath.Rel(root, target)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// walkFS lists candidate files of an fs.FS (tests, commit trees). A folder
// that cannot be read is a problem, and the rest is still listed; only the
// root must be readable.
func walkFS(ctx context.Context, fsys fs.FS) ([]file, []Problem, error) {
	var files []file
	var problems []Problem
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			problems = append(problems, unreadableProblem(p, d == nil || d.IsDir(), err))
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return fs.SkipDir
			}
			return nil
		}
		if !candidate(p) {
			return nil
		}
		if irregular(d.Type()) {
			files = append(files, file{path: p, problem: &Problem{RuleID: RuleNotRegular, Range: Range{File: p}, Message: notRegularMessage(fileType(d.Type()))}})
			return nil
		}
		var size int64
		if info, err := d.Info(); err == nil {
			size = info.Size()
		}
		files = append(files, file{path: p, size: size})
		return nil
	})
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, problems, err
}

// walkDisk lists the candidate files below abs, the lint root on disk, and
// the problems of folders it cannot read. With git (inGit), ignore and the
// .gitignore files met on the way leave out ignored paths that are not
// tracked; prefix is the lint root's path in the repository. readDir is
// os.ReadDir, or a stand-in in tests. Only an unreadable root is an error.
func walkDisk(ctx context.Context, abs, prefix string, ignore gitignore.Matcher, tracked map[string]bool, inGit bool, readDir func(string) ([]os.DirEntry, error)) ([]file, []Problem, error) {
	var files []file
	var problems []Problem
	var walk func(dir string, segs []string, m gitignore.Matcher) error
	walk = func(dir string, segs []string, m gitignore.Matcher) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		entries, err := readDir(dir)
		if err != nil {
			if len(segs) == 0 {
				return err
			}
			problems = append(problems, unreadableProblem(path.Join(segs...), true, err))
			return nil
		}
		if inGit {
			full := append(prefixSegs(prefix), segs...)
			m = appendMatcher(m, readPatterns(filepath.Join(dir, ".gitignore"), full))
		}
		for _, e := range entries {
			name := e.Name()
			if name == ".git" {
				continue
			}
			rel := path.Join(append(append([]string{}, segs...), name)...)
			full := append(prefixSegs(prefix), append(append([]string{}, segs...), name)...)
			ignored := func(isDir bool) bool { return m != nil && m.Match(full, isDir) && !tracked[path.Join(full...)] }
			isDir := e.IsDir()
			typ := e.Type()
			if typ&fs.ModeSymlink != 0 {
				link := filepath.Join(dir, name)
				target, err := filepath.EvalSymlinks(link)
				if err != nil || !within(abs, target) {
					if candidate(name) && !ignored(false) {
						files = append(files, file{path: rel, problem: &Problem{RuleID: RuleLinkEscape, Range: Range{File: rel}, Message: linkMessage(link, err)}})
					}
					continue
				}
				st, err := os.Stat(target)
				if err != nil || st.IsDir() {
					continue // linked folders are not descended, so nothing is read twice
				}
				typ = st.Mode().Type()
			}
			if ignored(isDir) {
				continue
			}
			if isDir {
				if err := walk(filepath.Join(dir, name), append(append([]string{}, segs...), name), m); err != nil {
					return err
				}
				continue
			}
			if !candidate(name) {
				continue
			}
			if irregular(typ) {
				files = append(files, file{path: rel, problem: &Problem{RuleID: RuleNotRegular, Range: Range{File: rel}, Message: notRegularMessage(fileType(typ))}})
				continue
			}
			info, err := e.Info()
			if err != nil {
				continue
			}
			size := info.Size()
			if info.Mode()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
					size = st.Size()
				}
			}
			files = append(files, file{path: rel, size: size})
		}
		return nil
	}
	if err := walk(abs, nil, ignore); err != nil {
		return nil, nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	sort.Slice(problems, func(i, j int) bool { return problems[i].Range.File < problems[j].Range.File })
	return files, problems, nil
}

// unreadableProblem is the problem of the folder (or file) at p that cannot
// be read because of err.
func unreadableProblem(p string, dir bool, err error) Problem {
	what := "file"
	if dir {
		what = "folder"
	}
	return Problem{RuleID: RuleUnreadable, Range: Range{File: p}, Message: fmt.Sprintf("the %s cannot be read (%s), so nothing in it was checked: check its permissions", what, causeOf(err))}
}

// causeOf is err without the path an *fs.PathError adds, which would repeat
// an absolute path the finding already names relatively.
func causeOf(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// linkMessage is the problem of the symbolic link at link (on disk), which
// cannot be followed: err is what resolving it gave, nil when it resolves to
// a place outside the repository.
func linkMessage(link string, err error) string {
	if err == nil {
		return linkEscapeMessage
	}
	_, serr := os.Stat(link)
	switch {
	case errors.Is(serr, fs.ErrNotExist):
		return linkDanglingMessage
	case errors.Is(serr, syscall.ELOOP), errors.Is(err, syscall.ELOOP), strings.Contains(err.Error(), "too many links"):
		return linkLoopMessage
	}
	return "the symbolic link cannot be resolved (" + causeOf(err) + ") and is not followed: fix the link or remove it"
}
