package rules

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/lint"
)

// The history benchmarks lint generated git repositories of the shapes that
// issue 13 sets targets for, three ways: with every rule, without the
// history rules (AIMS60xx and AIMS7143), and `git log --name-only
// --no-renames` over the same history, the reference the history rules
// are held to (at most twice its time):
//
//	go test ./rules -run '^$' -bench HistoryRules -benchtime 3x
//
// Building the repositories takes minutes; with AIMS_HISTORY_BENCH_DIR set
// they are built once in that folder and kept. -short keeps to the small
// shapes.
func BenchmarkHistoryRules(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git is not installed")
	}
	root := os.Getenv("AIMS_HISTORY_BENCH_DIR")
	if root == "" {
		root = b.TempDir()
	}
	shapes := []struct {
		name      string
		artifacts int
		shape     corpus.Shape
		large     bool
	}{
		{"10k-commits=8000-register=37", 10000, corpus.Shape{Commits: 8000, Touch: 3, RegisterChanges: 37}, true},
		{"10k-commits=8000", 10000, corpus.Shape{Commits: 8000, Touch: 3}, true},
		{"200-commits=50000-one-file", 200, corpus.Shape{Commits: 50000, Touch: 0, Hot: "governance/policy.md"}, true},
		{"100k-commits=1", 100000, corpus.Shape{Commits: 0}, true},
		{"1k-commits=800-register=37", 1000, corpus.Shape{Commits: 800, Touch: 3, RegisterChanges: 37}, false},
		{"200-commits=5000-one-file", 200, corpus.Shape{Commits: 5000, Touch: 0, Hot: "governance/policy.md"}, false},
	}
	history := []string{"AIMS6001", "AIMS6002", "AIMS6003", "AIMS6004", "AIMS6005", "AIMS7143"}
	without := slices.DeleteFunc(slices.Clone(All), func(r *lint.Rule) bool { return slices.Contains(history, r.ID) })
	for _, s := range shapes {
		if s.large && testing.Short() {
			continue
		}
		b.Run(s.name, func(b *testing.B) {
			dir := filepath.Join(root, s.name)
			benchHistoryRepo(b, dir, s.artifacts, s.shape)
			for _, run := range []struct {
				name  string
				rules []*lint.Rule
			}{{"all-rules", All}, {"no-history-rules", without}} {
				b.Run(run.name, func(b *testing.B) {
					for b.Loop() {
						lintBench(b, dir, run.rules)
					}
				})
			}
			b.Run("git-log", func(b *testing.B) {
				for b.Loop() {
					cmd := exec.Command("git", "-C", dir, "log", "--name-only", "--no-renames", "--format=%H", "HEAD")
					cmd.Stdout = io.Discard
					if err := cmd.Run(); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// lintBench lints dir once, at the date the corpus is clean.
func lintBench(b *testing.B, dir string, rules []*lint.Rule) {
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		b.Fatal(err)
	}
	cfg.AsOf = time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	res, err := lint.Run(context.Background(), cfg, rules)
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Findings) != 0 {
		b.Fatalf("%d findings, the first %+v", len(res.Findings), res.Findings[0])
	}
}

// benchHistoryRepo writes the corpus of n artifacts with history s as a
// packed git repository at dir, as corpusgen does, unless it is there.
func benchHistoryRepo(b *testing.B, dir string, n int, s corpus.Shape) {
	b.Helper()
	if _, err := os.Stat(filepath.Join(dir, ".git", "HEAD")); err == nil {
		if _, err := os.Stat(filepath.Join(dir, ".aims.yaml")); err == nil {
			return
		}
	}
	if err := corpus.WriteGitRepo(dir, n, s); err != nil {
		b.Fatal(err)
	}
}
