package lint

import (
	"context"
	"errors"
	"github.com/aimsdev/aims/internal/gittest"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5"

	"github.com/aimsdev/aims/artifact"
)

// findingsOf lints cfg with the problem rules and returns "rule file: message"
// lines.
func findingsOf(t *testing.T, cfg *Config) []string {
	t.Helper()
	cfg.AsOf = time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := Run(ctx, cfg, problemRules())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.RuleID+" "+f.Range.File+": "+f.Message)
	}
	return out
}

// hasFinding reports whether one of got starts with prefix and holds text.
func hasFinding(got []string, prefix, text string) bool {
	for _, g := range got {
		if strings.HasPrefix(g, prefix) && strings.Contains(g, text) {
			return true
		}
	}
	return false
}

// failFS fails to open or list the paths in bad with a permission error, as
// chmod 000 would for anyone but root.
type failFS struct {
	fs.FS
	bad map[string]bool
}

func (f failFS) Open(name string) (fs.File, error) {
	if f.bad[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.FS.Open(name)
}

func (f failFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if f.bad[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return fs.ReadDir(f.FS, name)
}

// TestUnreadableIsOneFinding: a folder or file that cannot be read is one
// finding, and the rest is still linted (the run used to stop at the
// folder's error).
func TestUnreadableIsOneFinding(t *testing.T) {
	fsys := failFS{FS: fstest.MapFS{
		"systems/chat.yaml":        {Data: []byte(validSystem)},
		"locked/inside.yaml":       {Data: []byte(validSystem)},
		"procedures/locked.md":     {Data: []byte("---\nkind: procedure\n---\n")},
		"procedures/broken.yaml":   {Data: []byte("kind: dataset\nid: [DS-1\n")},
		"locked/deeper/other.yaml": {Data: []byte(validSystem)},
	}, bad: map[string]bool{"locked": true, "procedures/locked.md": true}}
	got := findingsOf(t, &Config{FS: fsys})
	for _, w := range [][2]string{
		{"AIMS1011 locked: ", "the folder cannot be read (permission denied), so nothing in it was checked: check its permissions"},
		{"AIMS1011 procedures/locked.md: ", "the file cannot be read (permission denied)"},
		{"AIMS1001 procedures/broken.yaml: ", "invalid YAML"},
	} {
		if !hasFinding(got, w[0], w[1]) {
			t.Errorf("no %q finding with %q in\n%s", w[0], w[1], strings.Join(got, "\n"))
		}
	}
}

// TestLinkMessages: a link loop, a dangling link and a link out of the
// repository each say what they are, on disk and in a commit (a loop used
// to be called a link outside the repository).
func TestLinkMessages(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	gittest.WriteFiles(t, outside, map[string]string{"x.yaml": validSystem})
	gittest.WriteFiles(t, dir, map[string]string{"systems/chat.yaml": validSystem})
	for link, target := range map[string]string{
		"self.yaml":     "self.yaml",
		"a.md":          "b.md",
		"b.md":          "a.md",
		"dangling.yaml": "missing.yaml",
		"outside.yaml":  filepath.Join(outside, "x.yaml"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	want := map[string]string{
		"self.yaml":     "loop of links",
		"a.md":          "loop of links",
		"b.md":          "loop of links",
		"dangling.yaml": "does not exist",
		"outside.yaml":  "points outside the repository",
	}
	check := func(name string, got []string) {
		t.Helper()
		for file, text := range want {
			if !hasFinding(got, "AIMS1005 "+file+": ", text) {
				t.Errorf("%s: no AIMS1005 finding for %s saying %q in\n%s", name, file, text, strings.Join(got, "\n"))
			}
		}
	}
	check("working tree", findingsOf(t, &Config{Dir: dir}))

	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	commitAll(t, repo, "systems/chat.yaml", "self.yaml", "a.md", "b.md", "dangling.yaml", "outside.yaml")
	check("--rev HEAD", findingsOf(t, &Config{Dir: dir, Rev: "HEAD"}))
}

// TestNotArtifacts: Markdown and YAML files among artifacts that are not
// artifacts get a note saying why; read-me files, hidden files, the root and
// folders without artifacts stay quiet.
func TestNotArtifacts(t *testing.T) {
	proc := "---\nkind: procedure\nid: PROC-001\ntitle: T\nstatus: draft\nowner: o\n---\n"
	fsys := fstest.MapFS{
		"procedures/PROC-001.md":    {Data: []byte(proc)},
		"procedures/nokind.md":      {Data: []byte("---\nid: PROC-002\n---\n")},
		"procedures/late.md":        {Data: []byte("\n\n---\nkind: procedure\n---\n")},
		"procedures/spaces.md":      {Data: []byte("  ---\nkind: procedure\n---\n")},
		"procedures/empty.md":       {Data: []byte("")},
		"procedures/blank.yaml":     {Data: []byte("\n  \n")},
		"procedures/plain.md":       {Data: []byte("# Notes\n")},
		"procedures/emptyfm.md":     {Data: []byte("---\n---\nbody\n")},
		"procedures/list.yaml":      {Data: []byte("- a\n- b\n")},
		"procedures/wide.md":        {Data: append([]byte{0xff, 0xfe}, utf16le("# Notes\n")...)},
		"procedures/README.md":      {Data: []byte("# Procedures\n")},
		"procedures/License.txt.md": {Data: []byte("MIT\n")},
		"procedures/.draft.md":      {Data: []byte("# draft\n")},
		"notes/meeting.md":          {Data: []byte("# Meeting\n")},
		"top.md":                    {Data: []byte("# Top\n")},
		"mkdocs.yml":                {Data: []byte("site_name: x\n")},
		"records/r.md":              {Data: []byte("# Record\n")},
	}
	got := findingsOf(t, &Config{FS: fsys, Layout: map[string]string{"incident": "records"}})
	want := map[string]string{
		"procedures/nokind.md":  "declares no kind: add `kind: procedure` to its frontmatter",
		"procedures/late.md":    "the frontmatter must start on the first line",
		"procedures/spaces.md":  "the frontmatter must start on the first line",
		"procedures/empty.md":   "the file is empty",
		"procedures/blank.yaml": "the file is empty",
		"procedures/plain.md":   "has no frontmatter: start it with a --- line, `kind: procedure`",
		"procedures/emptyfm.md": "its frontmatter is empty: add `kind: procedure`",
		"procedures/list.yaml":  "not a YAML mapping",
		"procedures/wide.md":    "UTF-16 (little-endian) encoded",
		"records/r.md":          "`kind: incident`",
	}
	for file, text := range want {
		if !hasFinding(got, "AIMS1010 "+file+": ", "not an artifact: "+"") || !hasFinding(got, "AIMS1010 "+file+": ", text) {
			t.Errorf("no AIMS1010 finding for %s saying %q", file, text)
		}
	}
	n := 0
	for _, g := range got {
		if strings.HasPrefix(g, "AIMS1010 ") {
			n++
		}
	}
	if n != len(want) {
		t.Errorf("%d AIMS1010 findings, want %d:\n%s", n, len(want), strings.Join(got, "\n"))
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// TestReadFileRefusesIrregular: the engine's reads refuse anything that is
// not a regular file, whatever discovery said.
func TestReadFileRefusesIrregular(t *testing.T) {
	fsys := fstest.MapFS{"pipe.md": {Mode: fs.ModeNamedPipe}}
	if _, err := artifact.ReadFile(fsys, "pipe.md"); !errors.Is(err, artifact.ErrNotRegular) {
		t.Errorf("readFile(pipe) = %v, want errNotRegular", err)
	}
	got := findingsOf(t, &Config{FS: fsys})
	if !hasFinding(got, "AIMS1008 pipe.md: ", "named pipe (FIFO), not a regular file") {
		t.Errorf("no AIMS1008 finding in\n%s", strings.Join(got, "\n"))
	}
}
