package corpus

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// WriteGitRepo writes the corpus of about n artifacts with the history s as
// a git repository at dir: packed as a clone is, refs packed, main checked
// out. It runs the git command (fast-import, repack, checkout), which only
// the benchmarks and corpusgen use: aims itself never runs git. dir is
// created when missing and must not hold a repository yet.
func WriteGitRepo(dir string, n int, s Shape) error {
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
		return fmt.Errorf("%s already holds a git repository", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	git := func(stdin io.Reader, args ...string) error {
		var stderr bytes.Buffer
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Stdin, cmd.Stderr = stdin, &stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("git %s: %w\n%s", args[0], err, stderr.Bytes())
		}
		return nil
	}
	if err := git(nil, "init", "-q", "-b", "main"); err != nil {
		return err
	}
	r, w := io.Pipe()
	go func() { w.CloseWithError(FastImport(w, n, s)) }()
	if err := git(r, "fast-import", "--quiet"); err != nil {
		r.CloseWithError(err)
		return err
	}
	for _, args := range [][]string{{"repack", "-adq"}, {"pack-refs", "--all"}, {"checkout", "-q", "-f", "main"}} {
		if err := git(nil, args...); err != nil {
			return err
		}
	}
	return nil
}
