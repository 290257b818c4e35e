//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestSignalInterrupts runs the aims binary and interrupts it, with SIGINT
// and with SIGTERM, once it has linted and while it prints its report: it
// must exit 130 with "aims: interrupted", and write neither the --output
// report nor a temporary file. The run is held at a known point
// deterministically: its standard output is a pipe that is read only after
// the signal, so aims blocks writing its long text report.
func TestSignalInterrupts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the aims binary")
	}
	bin := filepath.Join(t.TempDir(), "aims")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	repo := t.TempDir()
	files := map[string]string{".aims.yaml": "rules: [AIMS1002]\n"}
	// Each record lacks its required fields: a few hundred kilobytes of
	// findings, far more than a pipe holds.
	for i := range 1500 {
		files[fmt.Sprintf("systems/sys-%04d.yaml", i)] = fmt.Sprintf("kind: ai-system\nid: SYS-%04d\n", i)
	}
	for p, data := range files {
		full := filepath.Join(repo, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var stderr bytes.Buffer
			cmd := exec.Command(bin, "lint", "--output", "json="+filepath.Join(out, "report.json"), "--output", "sarif="+filepath.Join(out, "report.sarif"))
			cmd.Dir = repo
			cmd.Stdout = w
			cmd.Stderr = &stderr
			cmd.Env = append(os.Environ(), "NO_COLOR=1")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			w.Close()
			// The first byte means the signal handler is installed and the
			// lint is done; the full pipe then holds aims in its write.
			if _, err := io.ReadFull(r, make([]byte, 1)); err != nil {
				cmd.Process.Kill()
				t.Fatalf("no report on standard output: %v; stderr: %s", err, stderr.String())
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			n, _ := io.Copy(io.Discard, r)
			err = cmd.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
				t.Errorf("aims exited with %v after %s, want exit status %d", err, sig, exitInterrupted)
			}
			if n < 1<<16 {
				t.Errorf("the report on standard output has %d bytes, too few to fill a pipe: the test does not hold aims in its write", n)
			}
			if got := stderr.String(); got != "aims: interrupted\n" {
				t.Errorf("stderr = %q, want %q", got, "aims: interrupted\n")
			}
			entries, err := os.ReadDir(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".tmp") {
					t.Errorf("temporary file %s left behind", e.Name())
				} else {
					t.Errorf("report %s written by an interrupted run", e.Name())
				}
			}
		})
	}
}
