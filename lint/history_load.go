package lint

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/aimsdev/aims/artifact"
)

// errShallow is the reason history rules are skipped in a shallow clone.
const errShallow = "shallow clone: git history is cut off, so history-based checks cannot judge it; " +
	"fetch the full history (actions/checkout with fetch-depth: 0, or git fetch --unshallow)"

// loadHistory reads the history of docs for the linted tree, or says why it
// cannot: no repository, no commit yet, a shallow clone. For a working tree it
// also notes which artifacts have uncommitted changes (files, from discovery,
// lets the change detection hash only what moved). Once ctx is done it
// returns ctx.Err(), never a partial history.
func loadHistory(ctx context.Context, t *tree, docs []*artifact.Document, files []artifact.File) (*History, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if t.repo == nil {
		return nil, Skip("not a git repository: history-based checks need one")
	}
	if shallow(t.repo) {
		return nil, Skip(errShallow)
	}
	start := t.rev
	var c *object.Commit
	if start.IsZero() {
		head, err := readHead(t.repo)
		var damaged *ConfigError
		if errors.As(err, &damaged) {
			// The working tree can still be linted; the history cannot.
			return nil, Skip("%s; history-based checks need it", damaged.Msg)
		}
		if err != nil {
			return nil, err
		}
		if head == nil {
			return nil, Skip("no commit yet: history-based checks start with the first commit")
		}
		c = head
	} else {
		var err error
		if c, err = t.repo.CommitObject(start); err != nil {
			return nil, err
		}
	}
	paths := make([]string, 0, len(docs))
	for _, d := range docs {
		paths = append(paths, d.Path)
	}
	h, err := readHistory(ctx, t.repo, c, t.prefix, paths)
	if err != nil {
		return nil, err
	}
	h.Uncommitted = map[string]bool{}
	if t.rev.IsZero() && t.repoRoot != "" {
		cs, err := t.workingChanges(ctx, files)
		if err != nil {
			return nil, fmt.Errorf("find uncommitted changes: %w", err)
		}
		h.Uncommitted = cs.paths
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return h, nil
}

// commitOf converts a go-git commit.
func commitOf(c *object.Commit) Commit {
	subject, _, _ := cutLine(c.Message)
	return Commit{Hash: c.Hash.String(), Author: c.Author.Name, Email: c.Author.Email, When: c.Committer.When.UTC(), Subject: subject}
}

func cutLine(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
