package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/lint"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// targetRepo builds a git repository for the report target tests: a
// committed configuration, document and workbook, an untracked document, a
// custom kind's schema, an ignored folder, a read-only file and links.
func targetRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	files := map[string]string{
		".aims.yaml":              "custom_kinds:\n  - name: vendor\n    schema: schemas/vendor.json\n",
		".gitignore":              "reports/\n",
		"governance/ai-policy.md": "---\nkind: ai-policy\nid: POL\n---\n",
		"committed.xlsx":          "x",
		"governance/draft.md":     "---\nkind: procedure\nid: PROC-1\n---\n",
		"schemas/vendor.json":     "{}",
		"reports/old.md":          "# AIMS lint\n",
		"old.json":                "{}",
		"locked.json":             "{}",
		"ci/aims.conf":            "rules: [all]\n",
		"elsewhere/notes.txt":     "",
		"sub/.keep":               "",
	}
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(dir, "locked.json"), 0o444); err != nil {
		t.Fatal(err)
	}
	for link, to := range map[string]string{
		"policy.json":   "governance/ai-policy.md",
		"new-link.json": "old.json",
		"git.json":      ".git/config",
		"dangling.json": "no/such/file.json",
	} {
		if err := os.Symlink(to, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".aims.yaml", ".gitignore", "governance/ai-policy.md", "committed.xlsx"} {
		if _, err := wt.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	sig := &object.Signature{Name: "Test", Email: "test@example.com", When: time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)}
	if _, err := wt.Commit("AIMS", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestCheckReportTargets checks which report targets are refused, and why,
// and that a link is written through.
func TestCheckReportTargets(t *testing.T) {
	dir := targetRepo(t)
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		paths  []string // relative to dir, or absolute
		config string   // --config, relative to dir
		want   string   // part of the error; "" when the targets pass
		real   string   // where the first report goes, relative to dir; "" for its own path
	}{
		{name: "new file at the root", paths: []string{"aims.sarif"}},
		{name: "new markdown file", paths: []string{"summary.md"}},
		{name: "new yaml file in a folder", paths: []string{"governance/report.yaml"}},
		{name: "earlier json report", paths: []string{"old.json"}},
		{name: "earlier markdown report in an ignored folder", paths: []string{"reports/old.md"}},
		{name: "link to an earlier report", paths: []string{"new-link.json"}, real: "old.json"},
		{name: "two reports", paths: []string{"a.json", "b.sarif"}},
		{name: "outside the repository", paths: []string{"elsewhere/../../outside.json"}},

		{name: "tracked document", paths: []string{"governance/ai-policy.md"}, want: "is tracked by git"},
		{name: "tracked document through ..", paths: []string{"sub/../governance/ai-policy.md"}, want: "is tracked by git"},
		{name: "tracked workbook", paths: []string{"committed.xlsx"}, want: "is tracked by git"},
		{name: "link to a tracked document", paths: []string{"policy.json"}, want: "is tracked by git"},
		{name: "configuration", paths: []string{".aims.yaml"}, want: "is the configuration aims reads"},
		{name: "--config file", paths: []string{"ci/aims.conf"}, config: "ci/aims.conf", want: "is the configuration aims reads (--config)"},
		{name: "custom kind schema", paths: []string{"schemas/vendor.json"}, want: "is the schema of the custom kind vendor"},
		{name: "untracked document", paths: []string{"governance/draft.md"}, want: "is a file aims reads"},
		{name: "git config", paths: []string{".git/config"}, want: "is inside the git directory"},
		{name: "new file in .git", paths: []string{".git/aims.json"}, want: "is inside the git directory"},
		{name: "link into .git", paths: []string{"git.json"}, want: "is inside the git directory"},
		{name: "read-only", paths: []string{"locked.json"}, want: "is read-only"},
		{name: "folder", paths: []string{"governance"}, want: "is not a regular file (a folder)"},
		{name: "dangling link", paths: []string{"dangling.json"}, want: "which does not exist"},
		{name: "same file twice", paths: []string{"a.json", "sub/../a.json"}, want: "is the same file as"},
		{name: "same file through a link", paths: []string{"old.json", "new-link.json"}, want: "is the same file as"},
		{name: "same file named absolutely", paths: []string{"a.json", filepath.Join(dir, "a.json")}, want: "is the same file as"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var targets []*reportTarget
			for _, p := range tc.paths {
				if !filepath.IsAbs(p) {
					p = filepath.Join(dir, filepath.FromSlash(p))
				}
				targets = append(targets, &reportTarget{flag: "--output " + p, path: p, example: "aims.json"})
			}
			config := ""
			if tc.config != "" {
				config = filepath.Join(dir, filepath.FromSlash(tc.config))
			}
			err := checkReportTargets(context.Background(), cfg, config, targets)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("checkReportTargets(%q) = %v, want no error", tc.paths, err)
			case tc.want != "" && err == nil:
				t.Fatalf("checkReportTargets(%q) passed, want an error with %q", tc.paths, tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Fatalf("checkReportTargets(%q) = %v, want an error with %q", tc.paths, err, tc.want)
			case tc.want != "":
				return
			}
			want := filepath.Clean(targets[0].path)
			if tc.real != "" {
				want = filepath.Join(dir, filepath.FromSlash(tc.real))
			}
			if targets[0].real != want {
				t.Errorf("the report goes to %s, want %s", targets[0].real, want)
			}
		})
	}
}

// TestCheckInside checks that aims new and aims init refuse a path that a
// symbolic link on the way leads out of the target folder, and follow one
// that stays inside.
func TestCheckInside(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "aims")
	for _, d := range []string{"aims/store", "aims/real", "elsewhere"} {
		if err := os.MkdirAll(filepath.Join(base, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(base, "elsewhere/policy.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for link, to := range map[string]string{
		"aims/out":       "../elsewhere",
		"aims/in":        "store",
		"aims/nowhere":   "../gone",
		"aims/real/file": "../../elsewhere/policy.md",
		"aims/real/up":   "..",
	} {
		if err := os.Symlink(to, filepath.Join(base, link)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		path string // below dir
		want string // part of the error; "" when the path is inside
	}{
		{"new/folder/doc.md", ""},
		{"real/doc.md", ""},
		{"in/doc.md", ""},
		{"in/new/doc.md", ""},
		{"real/up/doc.md", ""},
		{"out/doc.md", "outside"},
		{"out/new/doc.md", "outside"},
		{"nowhere/doc.md", "which does not exist"},
		{"real/file", "outside"},
		{"../doc.md", "is outside"},
	}
	for _, tc := range tests {
		err := checkInside(dir, filepath.Join(dir, filepath.FromSlash(tc.path)))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("checkInside(%s) = %v, want no error", tc.path, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("checkInside(%s) = %v, want an error with %q", tc.path, err, tc.want)
		}
	}
}
