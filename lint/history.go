package lint

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
)

// errShallow is the reason history rules are skipped in a shallow clone.
const errShallow = "shallow clone: git history is cut off, so history-based checks cannot judge it; " +
	"fetch the full history (actions/checkout with fetch-depth: 0, or git fetch --unshallow)"

// loadHistory reads the history of docs for the linted tree, or says why it
// cannot: no repository, no commit yet, a shallow clone. For a working tree it
// also notes which artifacts have uncommitted changes (files, from discovery,
// lets the change detection hash only what moved). Once ctx is done it
// returns ctx.Err(), never a partial history.
func loadHistory(ctx context.Context, t *tree, docs []*artifact.Document, files []artifact.File) (*gitrepo.History, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if t.repo == nil {
		return nil, Skip("not a git repository: history-based checks need one")
	}
	if t.repo.Shallow() {
		return nil, Skip(errShallow)
	}
	paths := make([]string, 0, len(docs))
	for _, d := range docs {
		paths = append(paths, d.Path)
	}
	h, err := t.repo.History(ctx, t.rev, paths)
	var damaged *gitrepo.ConfigError
	switch {
	case errors.As(err, &damaged):
		// The working tree can still be linted; the history cannot.
		return nil, Skip("%s; history-based checks need it", damaged.Msg)
	case errors.Is(err, gitrepo.ErrNoCommit):
		return nil, Skip("no commit yet: history-based checks start with the first commit")
	case err != nil:
		return nil, err
	}
	h.Uncommitted = map[string]bool{}
	if t.rev == nil {
		paths, _, err := t.workingChanges(ctx, files)
		if err != nil {
			return nil, fmt.Errorf("find uncommitted changes: %w", err)
		}
		h.Uncommitted = paths
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return h, nil
}

// historyOnce reads the history on first use and shares it between rules.
type historyOnce struct {
	once sync.Once
	load func() (*gitrepo.History, error)
	h    *gitrepo.History
	err  error
}

func (o *historyOnce) get() (*gitrepo.History, error) {
	o.once.Do(func() { o.h, o.err = o.load() })
	return o.h, o.err
}

// close releases what a history that was read holds open (its packs), once
// the rules are done with it.
func (o *historyOnce) close() {
	if o.h != nil {
		o.h.Close()
	}
}
