//go:build unix

package main

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/aimsdev/aims/lint"
)

// TestCheckReportTargetFIFO checks that a named pipe is refused as a report
// target: writing to it would block, and renaming over it would lose it.
func TestCheckReportTargetFIFO(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "pipe.json")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	err := checkReportTargets(context.Background(), &lint.Config{Dir: dir}, "", []*reportTarget{{flag: "--output json=" + p, path: p, example: "aims.json"}})
	if err == nil || !strings.Contains(err.Error(), "is not a regular file (a named pipe)") {
		t.Fatalf("checkReportTargets(a named pipe) = %v, want it refused as a named pipe", err)
	}
}
