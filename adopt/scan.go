package adopt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/internal/regularfile"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/schema"
)

// maxScanSize is the largest file Scan reads: a governance document is far
// smaller, and a larger file is data, not a document.
const maxScanSize = 1 << 20

// A File is a Markdown or YAML file of the scanned repository with its fields.
type File struct {
	// Path is the slash path relative to the repository root.
	Path string
	// Ext is the file type: ".md", ".markdown", ".yaml" or ".yml", followed
	// by a suffix for a template (".md.tmpl").
	Ext string
	// Markdown is true for a Markdown file (fields from its frontmatter).
	Markdown bool
	// Keys are the top-level keys in the order written.
	Keys []string
	// Data are the fields, as artifact decodes them.
	Data map[string]any
}

// Template reports whether the file's type has a suffix after its Markdown or
// YAML extension (.md.tmpl): lint reads such files only for a kind whose
// file_types name it.
func (f *File) Template() bool { return !artifact.Candidate(f.Path) }

// A Repo is what Scan found.
type Repo struct {
	// Dir is the repository folder as given.
	Dir string
	// Files are the files that have fields and declare no kind aims knows,
	// sorted by path: the ones a configuration has to map.
	Files []*File
	// Artifacts are the paths of files that already declare a built-in kind.
	Artifacts []string
	// Policies are the globs of the rule files of custom rules that the
	// repository's .aims.yaml names (policies), if it has one that loads:
	// the rule files and their tests are left out of the scan, and the
	// proposal keeps the globs.
	Policies []string
	// Markdown and YAML count the candidate files seen, with or without
	// fields; Skipped those without fields (Markdown without frontmatter,
	// YAML that is not a mapping) or left out (root YAML files, hidden
	// folders, read-me files).
	Markdown, YAML, Skipped int
}

// Scan reads the Markdown and YAML files below dir, leaving out what git
// ignores, .aims.yaml and proposals of earlier runs, the rule files of custom
// rules and their tests (named by the policies of an existing .aims.yaml),
// hidden files and folders, read-me and licence files, and YAML files at the
// root (tool settings, not documents). Once ctx is done it returns ctx.Err().
func Scan(ctx context.Context, dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder: give the repository's folder", dir)
	}
	var prefix string
	var ignore artifact.Ignore
	if repo := gitrepo.OpenWorkTree(abs); repo != nil {
		prefix = repo.Prefix()
		ignore = repo.Ignore()
	}
	// Templates (policy.md.tmpl) are listed too: a kind can name them.
	files, _, err := artifact.WalkDisk(ctx, abs, prefix, ignore, artifact.FileTypes{Globs: []string{"**"}})
	if err != nil {
		return nil, err
	}
	paths := make([]string, 0, len(files))
	for _, f := range files {
		if f.Problem == nil {
			paths = append(paths, f.Path)
		}
	}
	sort.Strings(paths)

	builtin := schema.Kinds()
	r := &Repo{Dir: dir}
	// An existing configuration that does not load names no rule files:
	// adopt proposes a new one either way.
	cfg, err := lint.LoadConfig(abs, "")
	if err != nil {
		cfg = &lint.Config{}
	}
	r.Policies = cfg.Policies
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f, md, ok := readFile(abs, p)
		if md {
			r.Markdown++
		} else {
			r.YAML++
		}
		if !ok || leftOut(p, md) || cfg.PolicyPath(p) {
			r.Skipped++
			continue
		}
		if k, _ := f.Data["kind"].(string); slices.Contains(builtin, k) {
			r.Artifacts = append(r.Artifacts, p)
			continue
		}
		r.Files = append(r.Files, f)
	}
	return r, nil
}

// leftOut reports whether the file at p is not looked at: settings files,
// read-me files, hidden paths, and YAML at the root.
func leftOut(p string, md bool) bool {
	base := path.Base(p)
	if p == lint.ConfigFile || strings.HasPrefix(base, ".aims.") {
		return true
	}
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") || strings.HasPrefix(seg, "_") {
			return true
		}
	}
	name := strings.ToLower(base)
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[:i]
	}
	switch name {
	case "readme", "changelog", "changes", "history", "license", "licence", "contributing", "code_of_conduct", "security", "notice", "authors", "index":
		return true
	}
	return !md && !strings.Contains(p, "/")
}

// readFile reads and parses the file at p below abs; ok is false when it
// cannot be read or has no fields.
func readFile(abs, p string) (f *File, md, ok bool) {
	ext := fileExt(p)
	parseAs := strings.TrimSuffix(p, ext) + baseExt(ext)
	md = baseExt(ext) == ".md" || baseExt(ext) == ".markdown"
	src, err := readSmall(filepath.Join(abs, filepath.FromSlash(p)))
	if err != nil {
		return nil, md, false
	}
	// The hint makes the parser read files that declare no kind; it may
	// stand in their data as the kind, which they do not declare.
	d := artifact.ParseDocument(parseAs, src, scanHint)
	if d == nil || d.Data == nil || len(d.Problems) > 0 {
		return nil, md, false
	}
	if d.Data["kind"] == scanHint {
		delete(d.Data, "kind")
	}
	if len(d.Data) == 0 {
		return nil, md, false
	}
	return &File{Path: p, Ext: ext, Markdown: md, Keys: topKeys(d), Data: d.Data}, md, true
}

// scanHint is the kind Scan has the parser read every file as.
const scanHint = "adopt-scan"

// readSmall reads a regular file of at most maxScanSize bytes.
func readSmall(name string) ([]byte, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxScanSize {
		return nil, errors.New("too large")
	}
	return regularfile.Read(name)
}

// topKeys returns the document's top-level keys in the order written.
func topKeys(d *artifact.Document) []string {
	keys := make([]string, 0, len(d.Data))
	for k := range d.Data {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := d.LocateKey(keys[i]).Start, d.LocateKey(keys[j]).Start
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return keys[i] < keys[j]
	})
	return keys
}

// extensions are the Markdown and YAML extensions, longest first.
var extensions = []string{".markdown", ".yaml", ".yml", ".md"}

// fileExt returns the file type of p: its Markdown or YAML extension and
// what follows it (".md.tmpl"), or "" when it has none.
func fileExt(p string) string {
	base := strings.ToLower(path.Base(p))
	for _, e := range extensions {
		if strings.HasSuffix(base, e) {
			return p[len(p)-len(e):]
		}
	}
	best := -1
	for _, e := range extensions {
		if i := strings.LastIndex(base, e+"."); i > 0 && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return p[len(p)-(len(base)-best):]
}

// baseExt returns the Markdown or YAML extension that a file type starts with.
func baseExt(ext string) string {
	low := strings.ToLower(ext)
	for _, e := range extensions {
		if strings.HasPrefix(low, e) && (len(low) == len(e) || low[len(e)] == '.') {
			return e
		}
	}
	return ""
}
