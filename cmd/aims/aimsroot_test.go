package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFindRoot checks where the AIMS root of a folder is found: the nearest
// .aims.yaml upwards, no higher than a git work tree's root (a .git folder,
// or a .git file as in a linked worktree), else that root, else none.
func TestFindRoot(t *testing.T) {
	top := t.TempDir()
	mk := func(p string, dir bool) {
		t.Helper()
		p = filepath.Join(top, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if dir {
			err = os.MkdirAll(p, 0o755)
		} else {
			err = os.WriteFile(p, []byte("x: 1\n"), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	mk("outer/.aims.yaml", false)
	mk("outer/repo/.git", true)
	mk("outer/repo/aims/.aims.yaml", false)
	mk("outer/repo/aims/sub/deep", true)
	mk("outer/repo/plain/sub", true)
	mk("outer/wt/.git", false) // a linked worktree's .git file
	mk("outer/wt/docs", true)
	mk("outer/free/sub", true)
	mk("lonely/sub", true)
	mk("outer/repo/plain/.aims.yaml", true) // a folder is not a configuration

	tests := []struct {
		dir, root, why string
	}{
		{"outer/repo/aims/sub/deep", "outer/repo/aims", ".aims.yaml"},
		{"outer/repo/aims", "outer/repo/aims", ".aims.yaml"},
		{"outer/repo/plain/sub", "outer/repo", "git work tree"},
		{"outer/wt/docs", "outer/wt", "git work tree"},
		{"outer/free/sub", "outer", ".aims.yaml"},
		{"lonely/sub", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			root, why := findRoot(filepath.Join(top, filepath.FromSlash(tt.dir)))
			want := ""
			if tt.root != "" {
				want = filepath.Join(top, filepath.FromSlash(tt.root))
			}
			if tt.root == "" && root != "" && !strings.HasPrefix(root, top) {
				// A folder above the test's temporary folder holds a
				// configuration or a git work tree: nothing to check.
				t.Skipf("%s is inside %s", top, root)
			}
			if root != want || !strings.Contains(why, tt.why) {
				t.Errorf("findRoot = %q (%s), want %q (%s)", root, why, want, tt.why)
			}
		})
	}
}

// TestLintTargets checks the scope of file and folder arguments, from a
// current directory inside an AIMS root.
func TestLintTargets(t *testing.T) {
	top := t.TempDir()
	for _, p := range []string{"aims/.aims.yaml", "aims/systems/a.yaml", "aims/policies/p.md", "other/.aims.yaml", "other/o.yaml"} {
		p = filepath.Join(top, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(filepath.Join(top, "aims", "systems"))
	tests := []struct {
		args              []string
		dir, under, files string
		found             bool
		err               string
	}{
		{args: nil, dir: "..", under: "systems", found: true},
		{args: []string{"."}, dir: "..", under: "systems", found: true},
		{args: []string{".."}, dir: ".."},
		{args: []string{"a.yaml"}, dir: "..", files: "systems/a.yaml", found: true},
		{args: []string{"a.yaml", "../policies/p.md"}, dir: "..", files: "systems/a.yaml,policies/p.md", found: true},
		{args: []string{"a.yaml", "../../other/o.yaml"}, err: "the files belong to 2 AIMS repositories"},
		{args: []string{"../../other"}, dir: "../../other"},
		{args: []string{".", "a.yaml"}, err: "give one directory or any number of files, not both"},
		{args: []string{"nosuch.yaml"}, err: "no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			s, err := lintTargets(tt.args)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("lintTargets = %v, want an error with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.dir != filepath.FromSlash(tt.dir) || s.under != tt.under || strings.Join(s.files, ",") != tt.files || (s.found != "") != tt.found {
				t.Errorf("lintTargets = %+v, want dir %q, under %q, files %q, found %v", s, tt.dir, tt.under, tt.files, tt.found)
			}
		})
	}
}
