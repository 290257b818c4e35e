//go:build unix

package artifact

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/aimsdev/aims/internal/regularfile"
)

// TestOpenRegularDoesNotBlock: the read every file goes through refuses a
// named pipe at once (it is opened without waiting for a writer), so a file
// swapped for a pipe after discovery cannot hang a run either.
func TestOpenRegularDoesNotBlock(t *testing.T) {
	name := filepath.Join(t.TempDir(), "pipe.md")
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	if _, err := regularfile.Read(name); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("readRegular(pipe) = %v, want not a regular file", err)
	}
	if _, err := diskFS(filepath.Dir(name)).Open("pipe.md"); err == nil {
		t.Error("diskFS opened a named pipe")
	}
}
