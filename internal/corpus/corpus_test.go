package corpus

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

func TestFilesDeterministicAndSized(t *testing.T) {
	for _, n := range []int{100, 1000} {
		a, b := Files(n), Files(n)
		if !maps.Equal(a, b) {
			t.Fatalf("n=%d: two calls differ", n)
		}
		artifacts := 0
		for name := range a {
			if strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".md") {
				artifacts++
			}
		}
		// .aims.yaml is not an artifact; the last system comes with up to
		// five more (datasets, supplier, impact assessment, evaluation).
		if got := artifacts - 1; got < n || got > n+5 {
			t.Errorf("n=%d: %d artifacts", n, got)
		}
	}
}

// TestFilesWithoutEvaluations checks that NoEvaluations gives the same
// repository less its evaluations and their results files, and that half of
// the evaluations keep their metrics in a results CSV.
func TestFilesWithoutEvaluations(t *testing.T) {
	with, without := Files(1000), FilesWith(1000, Options{NoEvaluations: true})
	evals, csvs := 0, 0
	for name, content := range with {
		if strings.HasPrefix(name, "evaluations/") {
			if strings.HasSuffix(name, ".csv") {
				csvs++
			} else {
				evals++
			}
			if _, ok := without[name]; ok {
				t.Errorf("%s is in the corpus without evaluations", name)
			}
			continue
		}
		if without[name] != content {
			t.Errorf("%s differs without evaluations", name)
		}
	}
	if len(with)-len(without) != evals+csvs {
		t.Errorf("%d files more with evaluations, want %d", len(with)-len(without), evals+csvs)
	}
	systems := 0
	for name := range with {
		if strings.HasPrefix(name, "systems/") {
			systems++
		}
	}
	if evals != systems || csvs != systems/2 {
		t.Errorf("%d evaluations and %d results files for %d systems", evals, csvs, systems)
	}
}

func TestFastImportShape(t *testing.T) {
	s := Shape{Commits: 50, Touch: 2, Hot: "governance/policy.md", RegisterChanges: 5}
	var a, b strings.Builder
	if err := FastImport(&a, 100, s); err != nil {
		t.Fatal(err)
	}
	if err := FastImport(&b, 100, s); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Fatal("two calls differ")
	}
	out := a.String()
	if got := strings.Count(out, "commit refs/heads/main\n"); got != s.Commits+1 {
		t.Errorf("%d commits, want %d", got, s.Commits+1)
	}
	// The first commit adds every file; then the hot file changes in every commit.
	if got := strings.Count(out, "M 100644 inline governance/policy.md\n"); got != s.Commits+1 {
		t.Errorf("the hot file is written %d times, want %d", got, s.Commits+1)
	}
	if got := strings.Count(out, "M 100644 inline risk/register.yaml\n"); got != s.RegisterChanges+1 {
		t.Errorf("the register is written %d times, want %d", got, s.RegisterChanges+1)
	}
	if !strings.Contains(out, "---\n# change 50\nkind: ai-policy\n") {
		t.Error("a Markdown artifact's change is not a comment at the top of its frontmatter")
	}
}

// TestWriteGitRepo builds a small repository with the git command and reads
// it back with go-git: every commit is there, packed, and checked out.
func TestWriteGitRepo(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := filepath.Join(t.TempDir(), "repo")
	s := Shape{Commits: 20, Touch: 2, RegisterChanges: 3}
	if err := WriteGitRepo(dir, 50, s); err != nil {
		t.Fatal(err)
	}
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	iter, err := repo.Log(&git.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := iter.ForEach(func(*object.Commit) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != s.Commits+1 {
		t.Errorf("%d commits, want %d", n, s.Commits+1)
	}
	if _, err := os.Stat(filepath.Join(dir, "risk", "register.yaml")); err != nil {
		t.Errorf("main is not checked out: %v", err)
	}
	if packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack")); len(packs) != 1 {
		t.Errorf("%d packs, want one", len(packs))
	}
	if err := WriteGitRepo(dir, 50, s); err == nil {
		t.Error("a second repository over the first is not refused")
	}
}
