package lint

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/aimsdev/aims/artifact"
)

// TestRunCancelled: a run whose context is already cancelled, or is
// cancelled while a rule runs, returns context.Canceled and no result.
func TestRunCancelled(t *testing.T) {
	fsys := fstest.MapFS{"systems/chat.yaml": {Data: []byte(validSystem)}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	rule := &Rule{ID: "AIMS9990", Title: "t", Severity: Error, Check: func(*Pass) error { ran = true; return nil }}
	res, err := Run(ctx, &Config{FS: fsys}, []*Rule{rule})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Errorf("already cancelled: %v, %v; want context.Canceled and no result", res, err)
	}
	if ran {
		t.Error("a rule ran in a cancelled run")
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	stop := &Rule{ID: "AIMS9991", Title: "t", Severity: Error, Check: func(p *Pass) error {
		cancel()
		p.Report(artifact.Range{File: "systems/chat.yaml"}, "a finding of a run that was interrupted")
		return nil
	}}
	res, err = Run(ctx, &Config{FS: fsys}, []*Rule{stop})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Errorf("cancelled in a rule: %v, %v; want context.Canceled and no result", res, err)
	}
}

// TestDiscoverCancelled: discovery of a folder stops once the context is
// done.
func TestDiscoverCancelled(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a", "b", "x.md"), []byte("# x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := discover(ctx, &Config{Dir: dir}); !errors.Is(err, context.Canceled) {
		t.Errorf("discover: %v, want context.Canceled", err)
	}
	if _, _, err := artifact.WalkFS(ctx, fstest.MapFS{"a/x.md": {Data: []byte("# x\n")}}, artifact.FileTypes{}); !errors.Is(err, context.Canceled) {
		t.Errorf("walkFS: %v, want context.Canceled", err)
	}
}
