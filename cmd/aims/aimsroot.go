package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aimsdev/aims/lint"
)

// lintScope is what the arguments of aims lint ask for: the AIMS root to
// lint, and which of its findings to show.
type lintScope struct {
	// dir is the AIMS root, as a path the user can read: relative to the
	// current directory when the argument was relative.
	dir string
	// files are the file arguments inside the root, as slash paths relative
	// to it; nil for a directory.
	files []string
	// under is a subfolder argument, as a slash path relative to the root;
	// "" for the root itself.
	under string
	// found says why dir is the root when it is not the argument itself
	// ("its .aims.yaml", "the root of its git work tree"); "" when the root
	// is what was given (or, for files, the current directory).
	found string
	// notes are the file arguments left out, one sentence each.
	notes []string
}

// findRoot returns the AIMS root of the folder dir (absolute, clean): the
// nearest folder at or above dir that holds .aims.yaml, looking no higher
// than the root of the git work tree dir is in; else that work tree's root;
// else "". why says which of the two it is.
func findRoot(dir string) (root, why string) {
	for d := dir; ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, lint.ConfigFile)); err == nil && !st.IsDir() {
			return d, "its " + lint.ConfigFile
		}
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, "the root of its git work tree, which has no " + lint.ConfigFile
		}
		if filepath.Dir(d) == d {
			return "", ""
		}
	}
}

// lintTargets turns the arguments of aims lint into the AIMS root to lint
// and the findings to show. No argument is the current directory. For a
// directory, and for files, the root is found upwards (findRoot): a folder given is the root when no .aims.yaml
// or git work tree is found above it; files then belong to the current
// directory. File arguments of two roots are an error; files outside the
// root are left out with a note.
func lintTargets(args []string) (lintScope, error) {
	if len(args) == 0 {
		args = []string{"."}
	}
	var dirs, plain []string
	for _, a := range args {
		st, err := os.Stat(a)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return lintScope{}, fmt.Errorf("%s: no such file or directory", a)
		case err != nil:
			return lintScope{}, plainError{err}
		case st.IsDir():
			dirs = append(dirs, a)
		default:
			plain = append(plain, a)
		}
	}
	switch {
	case len(dirs) > 1:
		return lintScope{}, fmt.Errorf("give one directory to lint, not %d (%s)", len(dirs), strings.Join(dirs, ", "))
	case len(dirs) == 1 && len(plain) > 0:
		return lintScope{}, fmt.Errorf("give one directory or any number of files, not both: %s is a directory", dirs[0])
	}
	cwd, err := os.Getwd()
	if err != nil {
		return lintScope{}, plainError{fmt.Errorf("find the current directory: %w", err)}
	}
	// shown returns root as the user reads it: relative to the current
	// directory when arg was relative.
	shown := func(arg, root string) string {
		if filepath.IsAbs(arg) {
			return root
		}
		if rel, err := filepath.Rel(cwd, root); err == nil {
			return rel
		}
		return root
	}
	if len(dirs) == 1 {
		abs, err := filepath.Abs(dirs[0])
		if err != nil {
			return lintScope{}, plainError{err}
		}
		root, why := findRoot(abs)
		if root == "" || root == abs || looksLikeGitDir(abs) {
			return lintScope{dir: dirs[0]}, nil
		}
		under, err := filepath.Rel(root, abs)
		if err != nil {
			return lintScope{}, plainError{err}
		}
		return lintScope{dir: shown(dirs[0], root), under: filepath.ToSlash(under), found: why}, nil
	}

	type fileArg struct{ arg, abs, root, why string }
	fas := make([]fileArg, 0, len(plain))
	var roots []string
	for _, p := range plain {
		abs, err := filepath.Abs(p)
		if err != nil {
			return lintScope{}, plainError{err}
		}
		root, why := findRoot(filepath.Dir(abs))
		fas = append(fas, fileArg{arg: p, abs: abs, root: root, why: why})
		if root != "" && !slices.Contains(roots, root) {
			roots = append(roots, root)
		}
	}
	if len(roots) > 1 {
		var groups []string
		for _, r := range roots {
			var names []string
			for _, fa := range fas {
				if fa.root == r {
					names = append(names, fa.arg)
				}
			}
			groups = append(groups, "aims lint "+strings.Join(names, " "))
		}
		return lintScope{}, fmt.Errorf("the files belong to %d AIMS repositories (%s): lint each on its own: %s",
			len(roots), strings.Join(shownAll(roots, cwd), ", "), strings.Join(groups, "; "))
	}
	s := lintScope{dir: "."}
	root := cwd
	if len(roots) == 1 {
		root = roots[0]
		if root != cwd {
			first := fas[slices.IndexFunc(fas, func(fa fileArg) bool { return fa.root == root })]
			s.dir = shown(first.arg, root)
			s.found = first.why
		}
	}
	for _, fa := range fas {
		rel, err := filepath.Rel(root, fa.abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			where := "the current directory, and in no git work tree or folder with " + lint.ConfigFile
			if len(roots) == 1 {
				where = "the AIMS repository at " + s.dir
			}
			s.notes = append(s.notes, fmt.Sprintf("left out %s: it is outside %s; lint it on its own", fa.arg, where))
			continue
		}
		s.files = append(s.files, filepath.ToSlash(rel))
	}
	if len(s.files) == 0 {
		return lintScope{}, fmt.Errorf("%s: nothing to lint (%s)", strings.Join(plain, ", "), strings.Join(s.notes, "; "))
	}
	return s, nil
}

// shownAll returns each root relative to cwd where it can be.
func shownAll(roots []string, cwd string) []string {
	out := make([]string, len(roots))
	for i, r := range roots {
		out[i] = r
		if rel, err := filepath.Rel(cwd, r); err == nil {
			out[i] = rel
		}
	}
	return out
}

// rootLine is the line aims lint prints on standard error when the root it
// lints is not the argument itself.
func (s lintScope) rootLine() string {
	if s.found == "" {
		return ""
	}
	what := "the findings in the files given"
	if s.files == nil {
		what = "the findings under " + s.under
	}
	return fmt.Sprintf("aims: linting the AIMS repository at %s (%s); showing %s and those about the repository as a whole", s.dir, s.found, what)
}
