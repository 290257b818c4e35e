package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// A ConfigError is a problem with what a run asks of git, or with the
// repository, that the user can fix: a revision that names nothing, a date
// before the first commit, a --base without a common ancestor, a HEAD that
// names no commit. Its message says what to do. The run cannot start, so
// drivers treat it as a usage error.
type ConfigError struct {
	Msg string
}

// Error returns the message.
func (e *ConfigError) Error() string { return e.Msg }

// ErrNoCommit says that the repository has no commit yet: HEAD names a
// branch that does not exist yet.
var ErrNoCommit = errors.New("the repository has no commit yet")

// A Repo is the git repository that holds a lint root: a folder in its work
// tree, or a bare repository.
type Repo struct {
	repo   *git.Repository
	abs    string // the lint root on disk, absolute, without symbolic links
	root   string // the work tree's root on disk; "" in a bare repository
	prefix string // the lint root's slash path below root; "" at the root
}

// Open opens the repository that holds dir (an absolute path without
// symbolic links) to read its commits: a bare repository at dir itself,
// else the repository whose work tree holds dir, found in dir or a folder
// above it (a linked worktree's .git file is followed to the common git
// directory). It returns nil when dir is in no repository.
func Open(dir string) (*Repo, error) {
	repo, root, prefix, err := openGit(dir)
	if repo == nil || err != nil {
		return nil, err
	}
	return &Repo{repo: repo, abs: dir, root: root, prefix: prefix}, nil
}

// OpenWorkTree opens the repository whose work tree holds dir (an absolute
// path without symbolic links), to walk the working tree as git sees it
// (see Ignore), or returns nil when there is none.
func OpenWorkTree(dir string) *Repo {
	repo, root := gitWorkTree(dir)
	if root == "" {
		return nil
	}
	r := &Repo{repo: repo, abs: dir, root: root}
	if rel, err := filepath.Rel(root, dir); err == nil && rel != "." {
		r.prefix = filepath.ToSlash(rel)
	}
	return r
}

// Prefix returns the lint root's slash path below the root of the work
// tree: "" at the root, or in a bare repository.
func (r *Repo) Prefix() string { return r.prefix }

// Shallow reports whether the repository is a shallow clone.
func (r *Repo) Shallow() bool { return shallow(r.repo) }

// Changed returns the files below the lint root (slash paths relative to
// it, deleted ones included) that changed: staged and unstaged changes
// against HEAD, untracked files among files (the candidates discovery
// listed, which leave ignored files out), and, with base, what changed
// between the merge base of base and HEAD and HEAD. against says what was
// compared: "against HEAD", "since the merge base abc1234 of origin/main".
// Errors the user can fix are *ConfigError values. Once ctx is done it
// returns ctx.Err().
func (r *Repo) Changed(ctx context.Context, base string, files []string) (paths map[string]bool, against string, err error) {
	cs, err := gitChanges(ctx, r.root, r.prefix, base, files)
	if err != nil {
		return nil, "", err
	}
	return cs.paths, cs.against, nil
}

// History reads the history of paths (slash paths below the lint root) in
// one pass, from the commit of rev, or from HEAD when rev is nil, back to
// the first commit. Without a commit yet it returns ErrNoCommit; a HEAD that
// names no commit aims can read is a *ConfigError. Once ctx is done it
// returns ctx.Err(), never a partial history.
func (r *Repo) History(ctx context.Context, rev *Revision, paths []string) (*History, error) {
	var c *object.Commit
	if rev == nil {
		head, err := readHead(r.repo)
		if err != nil {
			return nil, err
		}
		if head == nil {
			return nil, ErrNoCommit
		}
		c = head
	} else {
		var err error
		if c, err = r.repo.CommitObject(rev.commit.Hash); err != nil {
			return nil, err
		}
	}
	return readHistory(ctx, r.repo, c, r.prefix, paths)
}

// A Revision is a commit whose tree is linted instead of the working tree,
// as Resolve finds it. Its files are read, never checked out.
type Revision struct {
	// Hash is the commit's full hash.
	Hash string
	// Time is the commit's committer date, in UTC.
	Time time.Time

	commit *object.Commit
	repo   *Repo
	fsys   *commitFS // the lint root in the commit's tree
}

// Resolve returns the commit rev names (any revision go-git resolves: a full
// or short hash, a branch, a tag, HEAD~2), or, when rev is "", the last
// commit made on or before the end of day (UTC, committer date) on the
// current branch: the first such commit on the first-parent chain from
// HEAD. Errors the user can fix are *ConfigError values: a revision that
// names nothing, a date before the first commit, a commit that has no
// folder at the lint root.
func (r *Repo) Resolve(rev string, day time.Time) (*Revision, error) {
	var c *object.Commit
	var err error
	what, fix := "--rev "+rev, "name a commit that has it"
	if rev != "" {
		c, err = resolveCommit(r.repo, rev)
	} else {
		c, err = pickCommit(r.repo, day)
		what, fix = "--as-of "+day.Format(time.DateOnly), "give a later date, or name a commit that has it with --rev"
	}
	if err != nil {
		return nil, err
	}
	short := c.Hash.String()[:7]

	// The FS reads objects from a repository instance of its own, so that it
	// never shares go-git's caches with the history pass.
	fsRepo, _, _, err := openGit(r.abs)
	if err != nil {
		return nil, fmt.Errorf("open the git repository: %w", err)
	}
	fsys, ok, err := newCommitFS(fsRepo, r.root, c, r.prefix)
	if err != nil {
		return nil, fmt.Errorf("read the tree of commit %s: %w", short, err)
	}
	if !ok {
		return nil, &ConfigError{Msg: fmt.Sprintf("%s: commit %s (%s) has no folder %s: %s", what, short, c.Committer.When.UTC().Format(time.DateOnly), r.prefix, fix)}
	}
	return &Revision{Hash: c.Hash.String(), Time: c.Committer.When.UTC(), commit: c, repo: r, fsys: fsys}, nil
}

// CommitsAt returns, for each of days, the hash of the commit Resolve("",
// day) picks, walking the first-parent chain from HEAD once for them all:
// "" for a day before the first commit, before a commit that has the lint
// root's folder, or for every day when the repository has no commit yet. A
// day before the start of a shallow clone's history is a *ConfigError, as
// for Resolve.
func (r *Repo) CommitsAt(days []time.Time) ([]string, error) {
	w, err := newFirstParents(r.repo)
	if err != nil {
		return nil, err
	}
	order := make([]int, len(days))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return days[order[a]].After(days[order[b]]) })
	out := make([]string, len(days))
	for _, i := range order {
		c, err := w.at(days[i])
		if err != nil {
			return nil, err
		}
		if c == nil {
			if w.cut() {
				return nil, w.tooOld(days[i].Format(time.DateOnly))
			}
			break // this day and every earlier one: before the first commit
		}
		if r.prefix != "" {
			_, ok, err := newCommitFS(r.repo, r.root, c, r.prefix)
			if err != nil {
				return nil, fmt.Errorf("read the tree of commit %.7s: %w", c.Hash, err)
			}
			if !ok {
				continue // the lint root's folder is not there yet
			}
		}
		out[i] = c.Hash.String()
	}
	return out, nil
}

// ShareSizes makes the commit's file system read blob sizes from s, and
// record there those it reads, before Files lists them.
func (r *Revision) ShareSizes(s *Sizes) { r.fsys.sizes = s }

// Repo returns the repository the commit is in.
func (r *Revision) Repo() *Repo { return r.repo }

// FS returns the lint root's folder in the commit's tree as a file system.
// It also implements fs.ReadLinkFS; symbolic links are followed while they
// stay inside the lint root.
func (r *Revision) FS() fs.FS { return r.fsys }

// Name returns what git calls the file at name, a slash path below the lint
// root, in the commit: "3f2a9c1:governance/.aims.yaml".
func (r *Revision) Name(name string) string {
	short := r.Hash[:7]
	if r.repo.prefix != "" {
		return short + ":" + r.repo.prefix + "/" + name
	}
	return short + ":" + name
}

// A File is a file of a commit's tree, as Files lists it.
type File struct {
	Path string // slash, relative to the lint root
	Size int64  // the file's size, or its link target's
	// Broken says why a symbolic link cannot be followed: ErrLinkEscape,
	// ErrLinkLoop, or another fs.ErrNotExist when its target does not
	// exist. It is nil for a file that can be read.
	Broken error
}

// Files lists the files below the lint root whose slash paths (relative to
// the lint root) keep accepts, sorted by path: every file the commit holds (.gitignore does not apply to
// committed files). A symbolic link is followed to a file inside the lint
// root; one that leads out of it, loops or dangles is listed as Broken; one
// to a folder is not descended. Once ctx is done it returns ctx.Err().
func (r *Revision) Files(ctx context.Context, keep func(path string) bool) ([]File, error) {
	files, err := r.fsys.walk(ctx, keep)
	if cerr := ctx.Err(); cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", r.Hash[:7], err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// Notes say what Files left out: a submodule whose commit is not in the
// clone.
func (r *Revision) Notes() []string { return r.fsys.notes }
