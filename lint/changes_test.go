package lint

import (
	"context"
	"errors"
	"github.com/aimsdev/aims/internal/gittest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
)

// changesFiles are the files of the repository most tests start from.
var changesFiles = map[string]string{
	".gitignore":        "*.draft.md\n",
	"policy.md":         "---\nkind: ai-policy\n---\n# Policy\n",
	"systems/a.yaml":    "kind: ai-system\nid: SYS-A\n",
	"systems/b.yaml":    "kind: ai-system\nid: SYS-B\n",
	"systems/c.yaml":    "kind: ai-system\nid: SYS-C\n",
	"docs/guide.md":     "---\nkind: procedure\n---\n# Guide\n",
	"docs/sub/notes.md": "---\nkind: procedure\n---\n# Notes\n",
}

// featureBranch makes a branch feature off main that changes systems/a.yaml
// and adds systems/new.yaml, then a commit on main after the branch point
// that changes systems/b.yaml, which a pull request from feature does not
// change; and leaves feature checked out with policy.md changed in the work
// tree.
func featureBranch(r *gittest.Repo) {
	r.Checkout("feature", true)
	r.Write(map[string]string{
		"systems/a.yaml":   "kind: ai-system\nid: SYS-A\nname: A\n",
		"systems/new.yaml": "kind: ai-system\nid: SYS-NEW\n",
	})
	r.CommitAll("feature work")
	r.Checkout("main", false)
	r.Write(map[string]string{"systems/b.yaml": "kind: ai-system\nid: SYS-B\nname: B on main\n"})
	r.CommitAll("work on main")
	r.Checkout("feature", false)
	r.Write(map[string]string{"policy.md": "---\nkind: ai-policy\n---\n# Policy, revised\n"})
}

func TestRunChanged(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	r := gittest.New(t, changesFiles)
	r.CommitAll("first version")
	featureBranch(r)
	r.Write(map[string]string{"docs/sub/new.md": "---\nkind: procedure\n---\n"})

	files := func(res *Result) []string {
		var out []string
		for _, f := range res.Findings {
			out = append(out, f.Range.File)
		}
		return out
	}
	tests := []struct {
		name  string
		cfg   Config
		want  []string // the files of the findings; "" is the repository, last
		note  string
		match bool // note is a prefix
	}{
		{"everything", Config{}, []string{"docs/guide.md", "docs/sub/new.md", "docs/sub/notes.md", "policy.md", "systems/a.yaml", "systems/b.yaml", "systems/c.yaml", "systems/new.yaml", ""}, "", false},
		{"changed", Config{Changed: true}, []string{"docs/sub/new.md", "policy.md", ""}, "changed files only: 2 files changed against HEAD", false},
		{"base", Config{Base: "main"}, []string{"docs/sub/new.md", "policy.md", "systems/a.yaml", "systems/new.yaml", ""}, "changed files only: 4 files changed since the merge base ", true},
		{"base and files", Config{Base: "main", Files: []string{"systems/a.yaml", "systems/b.yaml"}}, []string{"systems/a.yaml", ""}, "changed files only: 4 files", true},
		{"changed, in a subfolder", Config{Changed: true, Dir: "docs"}, []string{"sub/new.md", ""}, "changed files only: 1 file changed against HEAD", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Dir = filepath.Join(r.Dir, cfg.Dir)
			res, err := Run(context.Background(), &cfg, []*Rule{changeRule})
			if err != nil {
				t.Fatal(err)
			}
			if got := files(res); !slices.Equal(got, tt.want) {
				t.Errorf("findings in %q\nwant        %q", got, tt.want)
			}
			var notes []string
			if tt.note != "" {
				notes = []string{tt.note}
			}
			if tt.match && len(res.Notifications) == 1 && strings.HasPrefix(res.Notifications[0], tt.note) {
				notes = res.Notifications
			}
			if !slices.Equal(res.Notifications, notes) {
				t.Errorf("notifications %q, want %q", res.Notifications, notes)
			}
		})
	}
}

func TestRunChangedNeedsGit(t *testing.T) {
	dir := t.TempDir()
	gittest.WriteFiles(t, dir, map[string]string{"policy.md": "---\nkind: ai-policy\n---\n"})
	for _, cfg := range []*Config{
		{Dir: dir, Changed: true},
		{Dir: dir, Base: "origin/main"},
		{FS: os.DirFS(dir), Changed: true},
	} {
		_, err := Run(context.Background(), cfg, []*Rule{changeRule})
		var cfgErr *ConfigError
		flag := "--changed"
		if cfg.Base != "" {
			flag = "--base"
		}
		if !errors.As(err, &cfgErr) || !strings.HasPrefix(err.Error(), flag+" needs a git repository: ") {
			t.Errorf("Run(%+v) error %v, want a *ConfigError saying %s needs a git repository", cfg, err, flag)
		}
	}
}

// changeRule reports one finding in every document and one about the
// repository as a whole.
var changeRule = &Rule{ID: "AIMS9999", Title: "test", Severity: Error, Controls: []string{"7.5.2"}, Check: func(p *Pass) error {
	for _, d := range p.Documents {
		p.Report(artifact.Range{File: d.Path, Start: artifact.Position{Line: 1, Col: 1}}, "finding in "+d.Path)
	}
	p.Report(artifact.Range{}, "finding about the repository")
	return nil
}}
