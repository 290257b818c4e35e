//go:build unix

package lint

import (
	"context"
	"github.com/aimsdev/aims/internal/gittest"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFONeverRead: a named pipe named like an artifact, directly or
// through a symbolic link, is reported and not read; reading it used to
// block forever. The run has a deadline, and the test stops waiting for it
// after a while, so a regression fails rather than hangs.
func TestFIFONeverRead(t *testing.T) {
	dir := t.TempDir()
	gittest.WriteFiles(t, dir, map[string]string{"systems/chat.yaml": validSystem})
	for _, p := range []string{"pipe.md", "systems/feed.yaml"} {
		if err := syscall.Mkfifo(filepath.Join(dir, filepath.FromSlash(p)), 0o644); err != nil {
			t.Skip("no named pipes here:", err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "hidden-pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Symlink("hidden-pipe", filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	go func() {
		res, err := Run(ctx, &Config{Dir: dir}, problemRules())
		done <- outcome{res, err}
	}()
	var o outcome
	select {
	case o = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("lint blocked on a named pipe")
	}
	if o.err != nil {
		t.Fatal(o.err)
	}
	var got []string
	for _, f := range o.res.Findings {
		got = append(got, f.RuleID+" "+f.Range.File+": "+f.Message)
	}
	for _, p := range []string{"pipe.md", "systems/feed.yaml", "link.yaml"} {
		if !hasFinding(got, "AIMS1008 "+p+": ", "named pipe (FIFO), not a regular file, and was not read") {
			t.Errorf("no AIMS1008 finding for %s in\n%s", p, strings.Join(got, "\n"))
		}
	}
}
