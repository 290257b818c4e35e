// Package gittest builds real git repositories with go-git for the tests of
// the packages that read git (gitrepo, lint): a work tree in a temporary
// folder, files written, staged and committed a day apart. It is imported by
// tests only. WriteFiles also fills a plain folder for the tests that need
// no repository.
package gittest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// A Repo is a git repository built with go-git in a temporary folder.
type Repo struct {
	T    testing.TB // the test it belongs to
	Dir  string     // its work tree, links resolved
	Repo *git.Repository
	WT   *git.Worktree
	day  int // commits are a day apart, from 2026-01-01
}

// New initializes a repository on branch main and writes files,
// without committing them.
func New(t testing.TB, files map[string]string) *Repo {
	t.Helper()
	dir := t.TempDir()
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.Main}})
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	r := &Repo{T: t, Dir: dir, Repo: repo, WT: wt}
	r.Write(files)
	return r
}

// Write writes files (slash paths → content).
func (r *Repo) Write(files map[string]string) {
	r.T.Helper()
	WriteFiles(r.T, r.Dir, files)
}

// WriteFiles writes files (slash paths → content) under dir, creating the
// folders on the way: the work tree of a repository, or a plain folder.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// ReadFiles reads every file under dir as WriteFiles takes them (slash
// paths → content), to commit a copy of a fixture folder.
func ReadFiles(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Remove deletes the file at the slash path name.
func (r *Repo) Remove(name string) {
	r.T.Helper()
	if err := os.Remove(filepath.Join(r.Dir, filepath.FromSlash(name))); err != nil {
		r.T.Fatal(err)
	}
}

// Add stages paths, as git add does.
func (r *Repo) Add(paths ...string) {
	r.T.Helper()
	for _, p := range paths {
		if _, err := r.WT.Add(p); err != nil {
			r.T.Fatalf("add %s: %v", p, err)
		}
	}
}

// Commit records what is staged and returns the commit.
func (r *Repo) Commit(msg string) plumbing.Hash {
	r.T.Helper()
	r.day++
	sig := &object.Signature{Name: "Test", Email: "test@example.com", When: time.Date(2026, 1, r.day, 9, 0, 0, 0, time.UTC)}
	h, err := r.WT.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		r.T.Fatal(err)
	}
	return h
}

// StageAll stages every change, deletions included.
func (r *Repo) StageAll() {
	r.T.Helper()
	if err := r.WT.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.T.Fatal(err)
	}
	st, err := r.WT.Status()
	if err != nil {
		r.T.Fatal(err)
	}
	for name, s := range st {
		if s.Worktree == git.Deleted {
			if _, err := r.WT.Remove(name); err != nil {
				r.T.Fatal(err)
			}
		}
	}
}

// CommitAll stages every change, deletions included, and commits.
func (r *Repo) CommitAll(msg string) plumbing.Hash {
	r.T.Helper()
	r.StageAll()
	return r.Commit(msg)
}

// Checkout switches to branch, creating it at HEAD when create is set.
func (r *Repo) Checkout(branch string, create bool) {
	r.T.Helper()
	if err := r.WT.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(branch), Create: create}); err != nil {
		r.T.Fatalf("checkout %s: %v", branch, err)
	}
}

// Head returns the commit HEAD points at.
func (r *Repo) Head() plumbing.Hash {
	r.T.Helper()
	h, err := r.Repo.Head()
	if err != nil {
		r.T.Fatal(err)
	}
	return h.Hash()
}

// CommitAt stages every change, deletions included, and commits it at when,
// with parents when given (a merge).
func (r *Repo) CommitAt(msg string, when time.Time, parents ...plumbing.Hash) plumbing.Hash {
	r.T.Helper()
	r.StageAll()
	sig := &object.Signature{Name: "Test", Email: "test@example.com", When: when}
	opts := &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true}
	if len(parents) > 0 {
		opts.Parents = parents
	}
	h, err := r.WT.Commit(msg, opts)
	if err != nil {
		r.T.Fatal(err)
	}
	return h
}
