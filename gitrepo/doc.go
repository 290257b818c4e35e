// Package gitrepo is what aims reads from git, without ever running git: the
// commit a run lints (a Revision, from --rev or --as-of) and its tree as a
// file system that is never checked out, the files a commit or a pull
// request changes (Repo.Changed), git's ignore rules for a walk of the
// working tree (Ignore), and the history of every artifact, read in one pass
// (History).
//
// It owns Repo, Revision, File (a file of a commit's tree), ConfigError, and
// the History types rules read: Commit, Change and PathHistory. Its pack,
// index and tree reader, with its memory mapping and commit-graph use, is
// private to it.
//
// It is the only package that imports go-git, apart from the test helpers
// of lint/linttest and internal/gittest, which build repositories. It must
// not import package lint, which builds on it, nor package artifact: what it
// needs of discovery (which file names are candidates, the candidate files
// of the working tree) comes in as plain values, and lint turns its results
// into artifact's terms.
package gitrepo
