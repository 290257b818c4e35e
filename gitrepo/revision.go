package gitrepo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// fetchFullHistory says how to get the history a shallow clone lacks.
const fetchFullHistory = "fetch the full history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)"

// IsGitDir reports whether dir is itself a git directory, as a bare
// repository is: a HEAD file and objects and refs folders.
func IsGitDir(dir string) bool {
	for name, wantDir := range map[string]bool{"HEAD": false, "objects": true, "refs": true} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil || st.IsDir() != wantDir {
			return false
		}
	}
	return true
}

// openGit opens the repository at abs (an absolute path without symbolic
// links): a bare repository at abs itself, else the repository whose work
// tree holds abs, found in abs or a folder above it (a linked worktree's
// .git file is followed to the common git directory). It returns the work
// tree's root ("" when bare) and the slash path of abs below it; a nil
// repository when there is none.
func openGit(abs string) (repo *git.Repository, root, prefix string, err error) {
	if IsGitDir(abs) {
		repo, err = git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
		if err != nil {
			return nil, "", "", err
		}
		return repo, "", "", nil
	}
	repo, err = git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, "", "", nil
	}
	if err != nil {
		return nil, "", "", err
	}
	wt, err := repo.Worktree()
	if errors.Is(err, git.ErrIsBareRepository) {
		return repo, "", "", nil
	}
	if err != nil {
		return nil, "", "", err
	}
	root = wt.Filesystem.Root()
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	if rel, err := filepath.Rel(root, abs); err == nil && rel != "." {
		prefix = filepath.ToSlash(rel)
	}
	return repo, root, prefix, nil
}

// resolveCommit resolves rev to a commit, as git rev-parse REV^{commit}
// does for the forms go-git knows: a full or short hash, a branch, a remote
// branch, a tag, HEAD, and suffixes such as ~2 and ^2.
func resolveCommit(repo *git.Repository, rev string) (c *object.Commit, err error) {
	defer func() {
		if recover() != nil { // go-git's parser on an unusual revision
			c, err = nil, &ConfigError{Msg: unresolvedRev(repo, rev)}
		}
	}()
	if !resolvable(rev) {
		return nil, &ConfigError{Msg: fmt.Sprintf("--rev %s: aims resolves commit hashes, branches, tags and the suffixes ~N, ^N and ^{/TEXT}, not the @{...}, :PATH or ^{TYPE} forms: name the commit, for example by its hash (git rev-parse %s)", rev, rev)}
	}
	h, err := repo.ResolveRevision(plumbing.Revision(rev))
	if err == nil {
		c, err = repo.CommitObject(*h)
	}
	if err != nil {
		if msg := explainAncestry(repo, rev); msg != "" {
			return nil, &ConfigError{Msg: msg}
		}
		return nil, &ConfigError{Msg: unresolvedRev(repo, rev)}
	}
	return c, nil
}

// ancestryRe splits a revision into its base and its ~N and ^N steps.
var (
	ancestryRe = regexp.MustCompile(`^(.+?)((?:[~^][0-9]*)+)$`)
	stepRe     = regexp.MustCompile(`[~^][0-9]*`)
)

// explainAncestry says why a revision that go-git could not resolve names
// no commit, when it can tell: HEAD cannot be read, or a ~N or ^N step goes
// past the first commit (or the start of a shallow clone) or asks for a
// parent the commit does not have. It returns "" otherwise.
func explainAncestry(repo *git.Repository, rev string) string {
	base, steps := rev, ""
	if m := ancestryRe.FindStringSubmatch(rev); m != nil {
		base, steps = m[1], m[2]
	}
	h, err := repo.ResolveRevision(plumbing.Revision(base))
	var c *object.Commit
	if err == nil {
		c, err = repo.CommitObject(*h)
	}
	if err != nil {
		if base == "HEAD" || base == "@" {
			if _, herr := readHead(repo); herr != nil {
				return fmt.Sprintf("--rev %s: %v", rev, herr)
			}
		}
		return ""
	}
	describe := func(name string, c *object.Commit) string {
		return fmt.Sprintf("%s, commit %s from %s,", name, c.Hash.String()[:7], c.Committer.When.UTC().Format(time.DateOnly))
	}
	parent := func(c *object.Commit, i int) (*object.Commit, bool) {
		p, err := repo.CommitObject(c.ParentHashes[i])
		return p, err == nil
	}
	name := base
	for _, step := range stepRe.FindAllString(steps, -1) {
		n := 1
		if len(step) > 1 {
			if n, err = strconv.Atoi(step[1:]); err != nil {
				return ""
			}
		}
		if step[0] == '^' {
			switch {
			case n == 0:
			case len(c.ParentHashes) == 0:
				return fmt.Sprintf("--rev %s: it goes past the first commit: %s is the first commit and has no parent: name %s or a newer commit", rev, describe(name, c), name)
			case n > len(c.ParentHashes):
				has := fmt.Sprintf("has only one parent, %s^1", name)
				if k := len(c.ParentHashes); k > 1 {
					has = fmt.Sprintf("has only %d parents, %s^1 to %s^%d", k, name, name, k)
				}
				return fmt.Sprintf("--rev %s: %s %s, so it has no parent %d (^N picks the Nth parent of a merge): name one of them, or use ~N for older commits", rev, describe(name, c), has, n)
			default:
				p, ok := parent(c, n-1)
				if !ok {
					return shallowEnd(repo, rev, describe(name, c))
				}
				c = p
			}
			name += step
			continue
		}
		for i := 0; i < n; i++ {
			if len(c.ParentHashes) == 0 {
				oldest := name
				if i > 0 {
					oldest = fmt.Sprintf("%s~%d", name, i)
				}
				if i == 0 {
					return fmt.Sprintf("--rev %s: it goes past the first commit: %s is the first commit and has no ancestor: name %s or a newer commit", rev, describe(name, c), name)
				}
				what := "ancestors"
				if i == 1 {
					what = "ancestor"
				}
				return fmt.Sprintf("--rev %s: it goes past the first commit: %s has only %d %s through its first parents, and the oldest, %s is the first commit: name %s or a newer commit", rev, name, i, what, describe(oldest, c), oldest)
			}
			p, ok := parent(c, 0)
			if !ok {
				at := name
				if i > 0 {
					at = fmt.Sprintf("%s~%d", name, i)
				}
				return shallowEnd(repo, rev, describe(at, c))
			}
			c = p
		}
		name += step
	}
	return ""
}

// shallowEnd explains a revision that goes past the oldest commit a
// shallow clone has (described by oldest), or returns "" when the clone is
// not shallow.
func shallowEnd(repo *git.Repository, rev, oldest string) string {
	if !shallow(repo) {
		return ""
	}
	return fmt.Sprintf("--rev %s: it goes past the oldest commit of this shallow clone, %s, whose parents were not fetched: %s", rev, strings.TrimSuffix(oldest, ","), fetchFullHistory)
}

// peelRe matches the suffixes go-git resolves inside braces: ^{} and
// ^{commit} (a tag's commit) and ^{/TEXT} (the newest commit whose message
// matches).
var peelRe = regexp.MustCompile(`\^\{(commit|/[^}]*)?\}`)

// resolvable reports whether go-git resolves every part of rev: its
// ResolveRevision skips the reflog, upstream, path and object type forms
// and would resolve "HEAD@{1}" or "HEAD:policy.md" to HEAD.
func resolvable(rev string) bool {
	rest := peelRe.ReplaceAllString(rev, "")
	return !strings.Contains(rest, "@{") && !strings.Contains(rest, ":") && !strings.Contains(rest, "^{")
}

// unresolvedRev explains a --rev that names no commit.
func unresolvedRev(repo *git.Repository, rev string) string {
	msg := fmt.Sprintf("--rev %s: no commit, branch or tag of that name in this repository: name a commit, such as HEAD~1, a branch, a tag or a commit hash", rev)
	if shallow(repo) {
		msg += "; this clone is shallow, so older commits are missing: " + fetchFullHistory
	}
	return msg
}

// readHead returns the commit HEAD names, or nil when the repository has no
// commit yet (HEAD names a branch that does not exist yet). A HEAD that
// names no commit aims can read, as in a damaged repository, is a
// *ConfigError that names the file and says what to do.
func readHead(repo *git.Repository) (*object.Commit, error) {
	ref, err := repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, nil
	}
	if err == nil {
		var c *object.Commit
		if c, err = repo.CommitObject(ref.Hash()); err == nil {
			return c, nil
		}
	}
	return nil, &ConfigError{Msg: damagedHead(repo)}
}

// damagedHead explains a HEAD that names no commit: the file, what it holds
// (quoted), and what to do.
func damagedHead(repo *git.Repository) string {
	name, holds := filepath.Join(".git", "HEAD"), ""
	if fss, ok := repo.Storer.(*filesystem.Storage); ok {
		gitDir := fss.Filesystem()
		if filepath.Base(gitDir.Root()) != ".git" {
			name = filepath.Join(gitDir.Root(), "HEAD")
		}
		if f, err := gitDir.Open("HEAD"); err == nil {
			buf := make([]byte, 100)
			n, _ := io.ReadFull(f, buf)
			f.Close()
			holds, _, _ = strings.Cut(string(buf[:n]), "\n")
			holds = strings.TrimSpace(holds)
		}
	}
	what := name + " is empty"
	if target, ok := strings.CutPrefix(holds, "ref: "); ok {
		what = fmt.Sprintf("%s names the branch %s, which names no commit", name, target)
	} else if holds != "" {
		what = fmt.Sprintf("%s holds %q, which names no commit", name, holds)
	}
	return "the repository's HEAD cannot be read: " + what + ": the repository looks damaged; check it with git status, or lint a valid commit with --rev HASH"
}

// pickCommit returns the last commit made on or before day (by the end of it,
// in UTC, by committer date) on the current branch: the first such commit on
// the first-parent chain from HEAD, as
// `git rev-list -1 --first-parent --before=DAYT23:59:59Z HEAD` finds it.
// Merged branches are not searched: their commits were not on the branch at
// the time. A detached HEAD is a branch of its own.
func pickCommit(repo *git.Repository, day time.Time) (*object.Commit, error) {
	date := day.Format(time.DateOnly)
	w, err := newFirstParents(repo)
	if err != nil {
		return nil, &ConfigError{Msg: fmt.Sprintf("--as-of %s: %v", date, err)}
	}
	if w.c == nil {
		return nil, &ConfigError{Msg: fmt.Sprintf("--as-of %s: the repository has no commit yet, so none is that old: commit first, or name a commit with --rev", date)}
	}
	c, err := w.at(day)
	if c != nil || err != nil {
		return c, err
	}
	return nil, w.tooOld(date)
}

// firstParents walks the first-parent chain from HEAD towards the first
// commit, for days asked from the latest to the earliest.
type firstParents struct {
	repo *git.Repository
	c    *object.Commit // the oldest commit reached; nil when there is none
	edge map[plumbing.Hash]bool
}

// newFirstParents starts at HEAD; its c is nil when the repository has no
// commit yet.
func newFirstParents(repo *git.Repository) (*firstParents, error) {
	c, err := readHead(repo)
	if err != nil {
		return nil, err
	}
	w := &firstParents{repo: repo, c: c, edge: map[plumbing.Hash]bool{}}
	if hs, err := repo.Storer.Shallow(); err == nil {
		for _, h := range hs {
			w.edge[h] = true
		}
	}
	return w, nil
}

// at returns the first commit on the chain made before the end of day, or
// nil when the chain ends (at the first commit, or where a shallow clone's
// history is cut) before one. A day must not be later than the one asked
// before.
func (w *firstParents) at(day time.Time) (*object.Commit, error) {
	if w.c == nil {
		return nil, nil
	}
	end := day.AddDate(0, 0, 1)
	for {
		if w.c.Committer.When.Before(end) {
			return w.c, nil
		}
		if w.edge[w.c.Hash] || len(w.c.ParentHashes) == 0 {
			return nil, nil
		}
		p, err := w.repo.CommitObject(w.c.ParentHashes[0])
		if errors.Is(err, plumbing.ErrObjectNotFound) && len(w.edge) > 0 {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read commit %s: %w", w.c.ParentHashes[0], err)
		}
		w.c = p
	}
}

// cut reports whether the chain ended where a shallow clone's history is
// cut, rather than at the first commit.
func (w *firstParents) cut() bool { return w.c != nil && len(w.c.ParentHashes) > 0 }

// tooOld is the error about a date before the chain's end: before the
// first commit, or before the start of a shallow clone's history.
func (w *firstParents) tooOld(date string) error {
	first := w.c.Committer.When.UTC().Format(time.DateOnly)
	if w.cut() {
		return &ConfigError{Msg: fmt.Sprintf("--as-of %s: this clone is shallow and its history of the current branch starts at commit %s, from %s: %s", date, w.c.Hash.String()[:7], first, fetchFullHistory)}
	}
	return &ConfigError{Msg: fmt.Sprintf("--as-of %s: no commit on the current branch is that old: its first commit, %s, is from %s; give a date on or after %s, or name a commit with --rev", date, w.c.Hash.String()[:7], first, first)}
}
