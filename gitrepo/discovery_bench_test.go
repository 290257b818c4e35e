package gitrepo

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/corpus"
)

// The discovery benchmarks list (and read) the 10,000-artifact corpus of
// internal/corpus, in a plain folder and in a one-commit git repository
// packed as a clone is, so that what git adds to a lint shows as the
// difference between them:
//
//	go test ./gitrepo -run '^$' -bench 'Discover|CommitFS|WorkingChanges' -benchmem
//
// With AIMS_DISCOVERY_BENCH_DIR set, the folders are made (once) in that
// folder and kept.
const discoveryBenchArtifacts = 10000

// discoveryBenchDirs returns a plain folder and a git repository holding the
// same corpus, made once.
func discoveryBenchDirs(b *testing.B) (plain, repo string) {
	b.Helper()
	needGit(b)
	root := os.Getenv("AIMS_DISCOVERY_BENCH_DIR")
	if root == "" {
		root = b.TempDir()
	}
	plain, repo = filepath.Join(root, "plain"), filepath.Join(root, "git")
	if _, err := os.Stat(filepath.Join(plain, ".aims.yaml")); err != nil {
		if err := corpus.Write(plain, discoveryBenchArtifacts); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(repo, ".git", "packed-refs")); err != nil {
		if err := corpus.Write(repo, discoveryBenchArtifacts); err != nil {
			b.Fatal(err)
		}
		runGit(b, repo, nil, "init", "-q", "-b", "main")
		runGit(b, repo, nil, "-c", "gc.auto=0", "add", "-A")
		b.Setenv("GIT_AUTHOR_DATE", "2026-09-10T09:00:00Z")
		b.Setenv("GIT_COMMITTER_DATE", "2026-09-10T09:00:00Z")
		runGit(b, repo, nil, "-c", "gc.auto=0", "-c", "user.name=Corpus", "-c", "user.email=corpus@example.com", "commit", "-q", "-m", "Add the AI management system")
		runGit(b, repo, nil, "gc", "-q")
	}
	return plain, repo
}

// BenchmarkDiscover lists the candidate files of the working tree, as lint
// does: a walk of the plain folder, and of the work tree with git's view
// (the index's tracked files, the ignore rules).
func BenchmarkDiscover(b *testing.B) {
	plain, repo := discoveryBenchDirs(b)
	ctx := context.Background()
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			files, _, err := artifact.WalkDisk(ctx, plain, "", nil, artifact.FileTypes{})
			if err != nil || len(files) < discoveryBenchArtifacts {
				b.Fatal(len(files), err)
			}
		}
	})
	b.Run("git", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r := OpenWorkTree(repo)
			if r == nil {
				b.Fatal("no repository")
			}
			files, _, err := artifact.WalkDisk(ctx, repo, r.Prefix(), r.Ignore(), artifact.FileTypes{})
			if err != nil || len(files) < discoveryBenchArtifacts {
				b.Fatal(len(files), err)
			}
		}
	})
}

// BenchmarkCommitFS lists and reads every candidate file of the commit, as
// lint --rev does.
func BenchmarkCommitFS(b *testing.B) {
	_, repo := discoveryBenchDirs(b)
	ctx := context.Background()
	for _, what := range []string{"list", "read"} {
		b.Run(what, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, err := Open(repo)
				if err != nil || r == nil {
					b.Fatal(err)
				}
				rev, err := r.Resolve("HEAD", time.Time{})
				if err != nil {
					b.Fatal(err)
				}
				files, err := rev.Files(ctx, artifact.Candidate)
				if err != nil || len(files) < discoveryBenchArtifacts {
					b.Fatal(len(files), err)
				}
				if what == "list" {
					continue
				}
				for _, f := range files {
					data, err := fs.ReadFile(rev.FS(), f.Path)
					if err != nil || int64(len(data)) != f.Size {
						b.Fatal(f.Path, len(data), f.Size, err)
					}
				}
			}
		})
	}
}

// BenchmarkWorkingChanges finds the files changed against HEAD in a clean
// work tree of 10,000 artifacts, as the history rules ask.
func BenchmarkWorkingChanges(b *testing.B) {
	_, repo := discoveryBenchDirs(b)
	ctx := context.Background()
	r := OpenWorkTree(repo)
	files, _, err := artifact.WalkDisk(ctx, repo, r.Prefix(), r.Ignore(), artifact.FileTypes{})
	if err != nil {
		b.Fatal(err)
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	b.ReportAllocs()
	for b.Loop() {
		changed, _, err := OpenWorkTree(repo).Changed(ctx, "", paths)
		if err != nil || len(changed) != 0 {
			b.Fatal(len(changed), err)
		}
	}
}
