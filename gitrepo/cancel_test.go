package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"
)

// chainRepo builds, in memory, a repository of n commits in a line, each
// changing a.md (and every other one b.md), and returns it with its last
// commit.
func chainRepo(t *testing.T, n int) (*git.Repository, *object.Commit) {
	t.Helper()
	st := memory.NewStorage()
	put := func(o interface {
		Encode(plumbing.EncodedObject) error
	}) plumbing.Hash {
		obj := st.NewEncodedObject()
		if err := o.Encode(obj); err != nil {
			t.Fatal(err)
		}
		h, err := st.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	blob := func(s string) plumbing.Hash {
		obj := st.NewEncodedObject()
		obj.SetType(plumbing.BlobObject)
		w, _ := obj.Writer()
		fmt.Fprint(w, s)
		w.Close()
		h, err := st.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	var parent plumbing.Hash
	when := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		tree := &object.Tree{Entries: []object.TreeEntry{
			{Name: "a.md", Mode: filemode.Regular, Hash: blob(fmt.Sprintf("a %d\n", i))},
			{Name: "b.md", Mode: filemode.Regular, Hash: blob(fmt.Sprintf("b %d\n", i/2))},
		}}
		sig := object.Signature{Name: "Ann", Email: "ann@example.com", When: when.Add(time.Duration(i) * time.Minute)}
		c := &object.Commit{Author: sig, Committer: sig, Message: fmt.Sprintf("change %d\n", i), TreeHash: put(tree)}
		if i > 0 {
			c.ParentHashes = []plumbing.Hash{parent}
		}
		parent = put(c)
	}
	if err := st.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName("main"), parent)); err != nil {
		t.Fatal(err)
	}
	if err := st.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, plumbing.NewBranchReferenceName("main"))); err != nil {
		t.Fatal(err)
	}
	repo, err := git.Open(st, nil)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.CommitObject(parent)
	if err != nil {
		t.Fatal(err)
	}
	return repo, head
}

// TestReadHistoryCancelled cancels the context once a step of the history
// pass has handled n commits: the pass stops at the next commit and returns
// context.Canceled and no history.
func TestReadHistoryCancelled(t *testing.T) {
	const commits, n = 400, 25
	repo, head := chainRepo(t, commits)
	paths := []string{"a.md", "b.md"}

	h, err := readHistory(context.Background(), repo, head, "", paths)
	if err != nil || len(h.paths["a.md"].Changes) != commits {
		t.Fatalf("uncancelled: %v, %d changes of a.md, want %d", err, len(h.paths["a.md"].Changes), commits)
	}

	for step := 1; step <= 3; step++ {
		t.Run(fmt.Sprint("step", step), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var handled atomic.Int64
			hp := &historyPass{ctx: ctx, workers: 1, onCommit: func(s int) {
				if s == step && handled.Add(1) == n {
					cancel()
				}
			}}
			h, err := hp.read(repo, head, "", paths)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if h != nil {
				t.Error("a cancelled pass returned a history")
			}
			if got := handled.Load(); got > n+1 {
				t.Errorf("step %d handled %d commits after being cancelled at %d", step, got, n)
			}
		})
	}
}

// TestHistoryCancelledBlobReads: once the run's context is done, reading an
// earlier version fails with its error rather than going on.
func TestHistoryCancelledBlobReads(t *testing.T) {
	repo, head := chainRepo(t, 3)
	ctx, cancel := context.WithCancel(context.Background())
	h, err := readHistory(ctx, repo, head, "", []string{"a.md"})
	if err != nil {
		t.Fatal(err)
	}
	blob := h.paths["a.md"].Last().Blob
	if _, err := h.ReadBlob(blob); err != nil {
		t.Fatalf("ReadBlob before cancelling: %v", err)
	}
	cancel()
	if _, err := h.ReadBlob(blob); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadBlob after cancelling: %v, want context.Canceled", err)
	}
}
