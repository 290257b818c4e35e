package gitrepo

import (
	"bufio"
	"bytes"
	"io"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/aimsdev/aims/internal/regularfile"
)

// An Ignore is git's rules for a walk of the working tree: the patterns of
// info/exclude and of the .gitignore files above the lint root and in the
// folders entered so far, and the tracked files, which no pattern leaves out.
// A pattern only matches below its own folder, so the patterns of folders
// the walk has left match nothing it meets later. One walk uses it at a
// time.
//
// The index is read only when a pattern first matches: a walk that no
// pattern ignores anything of never reads it.
type Ignore struct {
	m       patternMatcher
	repo    *git.Repository
	tracked map[string]bool // the index's paths; nil until read
}

// Ignore returns the rules for walking the working tree at the lint root of
// a Repo that OpenWorkTree opened.
func (r *Repo) Ignore() *Ignore {
	m := patternMatcher(readExclude(r.repo))
	// .gitignore files above the lint root apply too.
	if r.prefix != "" {
		var ps []gitignore.Pattern
		parts := strings.Split(r.prefix, "/")
		for i := 0; i < len(parts); i++ {
			ps = append(ps, readPatterns(filepath.Join(r.root, filepath.FromSlash(strings.Join(parts[:i], "/")), ".gitignore"), parts[:i])...)
		}
		m = append(m, ps...)
	}
	return &Ignore{m: m, repo: r.repo}
}

// Enter adds the patterns of the .gitignore file in dir, the folder on disk
// whose slash path from the repository root is segs.
func (g *Ignore) Enter(dir string, segs []string) {
	g.m = append(g.m, readPatterns(filepath.Join(dir, ".gitignore"), segs)...)
}

// Ignored reports whether a pattern ignores the path segs (from the
// repository root) and git does not track it.
func (g *Ignore) Ignored(segs []string, isDir bool) bool {
	if !g.m.Match(segs, isDir) {
		return false
	}
	if g.tracked == nil {
		g.tracked = trackedPaths(g.repo)
	}
	return !g.tracked[path.Join(segs...)]
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

// Tracked reports whether the file at path (absolute, links resolved) is in
// the index of the git repository whose work tree holds it: false outside a
// repository. It reads the index itself; it never runs git.
func Tracked(path string) bool {
	repo, root := gitWorkTree(filepath.Dir(path))
	if repo == nil {
		return false
	}
	tracked := trackedPaths(repo)
	rel, err := filepath.Rel(root, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	return tracked[filepath.ToSlash(rel)]
}

// gitWorkTree opens the repository whose work tree holds dir, if any, and
// returns it with the work tree's root; nil and "" when there is none.
func gitWorkTree(dir string) (*git.Repository, string) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil, ""
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, ""
	}
	root := wt.Filesystem.Root()
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	return repo, root
}

// trackedPaths returns the set of paths in the repository's index (slash
// paths from the work tree's root); empty when there is no index.
func trackedPaths(repo *git.Repository) map[string]bool {
	tracked := map[string]bool{}
	if idx, err := repo.Storer.Index(); err == nil {
		for _, e := range idx.Entries {
			tracked[e.Name] = true
		}
	}
	return tracked
}
