package lint_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
)

// BenchmarkChanged lints with --changed, every rule on, a generated git
// repository in which one AI system's record is edited in the work tree:
// the pre-commit shape (500 artifacts, 500 commits) and 10,000 artifacts.
//
//	go test ./lint -run '^$' -bench Changed -benchtime 5x -benchmem
//
// With AIMS_CHANGED_BENCH_DIR set, the repositories are built (once) in that
// folder and kept, so the CLI and git can be timed on the same ones:
//
//	hyperfine -N -w 1 'aims lint --changed --as-of 2026-09-30 DIR/artifacts=10000,commits=100' \
//	  'git -C DIR/artifacts=10000,commits=100 status --porcelain'
//
// A repository of 10,000 artifacts and 8,000 commits is made with
// `go run ./internal/corpus/testdata/corpusgen -n 10000 -commits 8000 -touch 3
// -register 37 -o DIR`; the README's performance section has its figures.
func BenchmarkChanged(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git is not installed")
	}
	root := os.Getenv("AIMS_CHANGED_BENCH_DIR")
	if root == "" {
		root = b.TempDir()
	}
	b.Setenv("HOME", b.TempDir())
	b.Setenv("XDG_CONFIG_HOME", b.TempDir())
	for _, shape := range []struct{ artifacts, commits int }{{500, 500}, {10000, 100}} {
		name := fmt.Sprintf("artifacts=%d,commits=%d", shape.artifacts, shape.commits)
		dir := filepath.Join(root, name)
		changedRepo(b, dir, shape.artifacts, corpus.Shape{Commits: shape.commits, Touch: 3})
		asOf, _ := time.Parse(time.DateOnly, "2026-09-30")
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, err := lint.Run(context.Background(), &lint.Config{Dir: dir, AsOf: asOf, Changed: true}, rules.All)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Notifications) < 2 {
					b.Fatalf("not a partial run: %q", res.Notifications)
				}
			}
		})
	}
}

// changedRepo builds, unless dir already holds it, a packed repository of
// the corpus of about n artifacts with the history s, and edits one AI
// system's record in its work tree.
func changedRepo(b *testing.B, dir string, n int, s corpus.Shape) {
	b.Helper()
	if _, err := os.Stat(filepath.Join(dir, ".git", "packed-refs")); err != nil {
		if err := corpus.WriteGitRepo(dir, n, s); err != nil {
			b.Fatal(err)
		}
	}
	p := filepath.Join(dir, "systems", "sys-00001.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	edited := strings.Replace(string(data), "monitoring: daily dashboard", "monitoring: hourly dashboard", 1)
	if edited == string(data) && !strings.Contains(edited, "hourly dashboard") {
		b.Fatal("sys-00001.yaml has no monitoring line to edit")
	}
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		b.Fatal(err)
	}
}
