package artifact

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// A File is a candidate artifact found by discovery: a Markdown or YAML
// file.
type File struct {
	Path string // slash, relative to the lint root
	Size int64
	// Problem is set when the file must not be read (a link leaving the root).
	Problem *Problem
}

// Candidate reports whether a file of this name may hold an artifact, so
// that discovery lists it: a Markdown or YAML file by its extension.
func Candidate(name string) bool { return standardExt(name) }

// linkEscapeMessage is the problem of a symbolic link that leads out of the
// linted folder, in the working tree and in a commit.
const linkEscapeMessage = "the symbolic link points outside the repository and is not followed: copy the file into the repository or remove the link"

// linkLoopMessage is the problem of a symbolic link that leads back to
// itself, directly or through other links.
const linkLoopMessage = "the symbolic link cannot be resolved: it leads back to itself through a loop of links; point it at a file, or remove it"

// linkDanglingMessage is the problem of a symbolic link whose target does not
// exist.
const linkDanglingMessage = "the symbolic link points to a file that does not exist: fix the link, or remove it"

// A LinkFault says why a symbolic link cannot be followed.
type LinkFault int

// The faults of symbolic links.
const (
	LinkEscapes LinkFault = iota + 1 // it leads out of the linted folder, or is absolute
	LinkLoops                        // it leads back to itself through a loop of links
	LinkDangles                      // its target does not exist
)

// BrokenLink returns the candidate file at p, a symbolic link that cannot be
// followed because of fault, with its problem (RuleLinkEscape): such a file
// is never read. A commit's tree reports its links this way.
func BrokenLink(p string, fault LinkFault) File {
	msg := linkDanglingMessage
	switch fault {
	case LinkEscapes:
		msg = linkEscapeMessage
	case LinkLoops:
		msg = linkLoopMessage
	}
	return File{Path: p, Problem: &Problem{RuleID: RuleLinkEscape, Range: Range{File: p}, Message: msg}}
}

// An Ignore leaves out of a walk of a working tree what git ignores and does
// not track; package gitrepo makes one for the repository the tree is in. A
// walk uses it alone, folder by folder.
type Ignore interface {
	// Enter reads the rules of the folder dir on disk (its .gitignore),
	// whose slash path from the repository root is segs, before the
	// folder's entries are matched.
	Enter(dir string, segs []string)
	// Ignored reports whether the file or folder whose slash path from the
	// repository root is segs is left out.
	Ignored(segs []string, isDir bool) bool
}

func prefixSegs(prefix string) []string {
	if prefix == "" {
		return nil
	}
	return strings.Split(prefix, "/")
}

// within reports whether target is root or below it.
func within(root, target string) bool {
	rel, err := filepath.Rel(root, target)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// WalkFS lists the candidate files of fsys and the problems of the folders
// it cannot read: a folder that cannot be read is a problem, and the rest is
// still listed; only the root must be readable. .git folders are left out.
// Files of the types lists beyond Markdown and YAML. Once ctx is done it
// returns ctx.Err().
func WalkFS(ctx context.Context, fsys fs.FS, types FileTypes) ([]File, []Problem, error) {
	var files []File
	var problems []Problem
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			problems = append(problems, unreadableProblem(p, d == nil || d.IsDir(), err))
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return fs.SkipDir
			}
			return nil
		}
		if !types.Candidate(p) {
			return nil
		}
		if irregular(d.Type()) {
			files = append(files, File{Path: p, Problem: &Problem{RuleID: RuleNotRegular, Range: Range{File: p}, Message: notRegularMessage(fileType(d.Type()))}})
			return nil
		}
		var size int64
		if info, err := d.Info(); err == nil {
			size = info.Size()
		}
		files = append(files, File{Path: p, Size: size})
		return nil
	})
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, problems, err
}

// WalkDisk lists the candidate files below abs, the lint root on disk (an
// absolute path without symbolic links), and the problems of the folders it
// cannot read. prefix is the lint root's slash path in its git repository,
// and ignore leaves out what git ignores; ignore is nil outside a
// repository. A symbolic link is followed to a file inside abs; one that
// leads out of it or nowhere is listed with a problem, and one to a folder
// is not descended. Files of the types are listed beyond Markdown and YAML.
// Only an unreadable root is an error. Once ctx is done it returns ctx.Err().
func WalkDisk(ctx context.Context, abs, prefix string, ignore Ignore, types FileTypes) ([]File, []Problem, error) {
	return walkDisk(ctx, abs, prefix, ignore, types, os.ReadDir)
}

// walkDisk is WalkDisk, listing folders with readDir: os.ReadDir, or a
// stand-in in tests.
func walkDisk(ctx context.Context, abs, prefix string, ignore Ignore, types FileTypes, readDir func(string) ([]os.DirEntry, error)) ([]File, []Problem, error) {
	var files []File
	var problems []Problem
	var walk func(dir string, segs []string) error
	walk = func(dir string, segs []string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		entries, err := readDir(dir)
		if err != nil {
			if len(segs) == 0 {
				return err
			}
			problems = append(problems, unreadableProblem(path.Join(segs...), true, err))
			return nil
		}
		if ignore != nil {
			ignore.Enter(dir, append(prefixSegs(prefix), segs...))
		}
		for _, e := range entries {
			name := e.Name()
			if name == ".git" {
				continue
			}
			rel := path.Join(append(append([]string{}, segs...), name)...)
			full := append(prefixSegs(prefix), append(append([]string{}, segs...), name)...)
			ignored := func(isDir bool) bool { return ignore != nil && ignore.Ignored(full, isDir) }
			isDir := e.IsDir()
			typ := e.Type()
			if typ&fs.ModeSymlink != 0 {
				link := filepath.Join(dir, name)
				target, err := filepath.EvalSymlinks(link)
				if err != nil || !within(abs, target) {
					if types.Candidate(rel) && !ignored(false) {
						files = append(files, File{Path: rel, Problem: &Problem{RuleID: RuleLinkEscape, Range: Range{File: rel}, Message: linkMessage(link, err)}})
					}
					continue
				}
				st, err := os.Stat(target)
				if err != nil || st.IsDir() {
					continue // linked folders are not descended, so nothing is read twice
				}
				typ = st.Mode().Type()
			}
			if ignored(isDir) {
				continue
			}
			if isDir {
				if err := walk(filepath.Join(dir, name), append(append([]string{}, segs...), name)); err != nil {
					return err
				}
				continue
			}
			if !types.Candidate(rel) {
				continue
			}
			if irregular(typ) {
				files = append(files, File{Path: rel, Problem: &Problem{RuleID: RuleNotRegular, Range: Range{File: rel}, Message: notRegularMessage(fileType(typ))}})
				continue
			}
			info, err := e.Info()
			if err != nil {
				continue
			}
			size := info.Size()
			if info.Mode()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
					size = st.Size()
				}
			}
			files = append(files, File{Path: rel, Size: size})
		}
		return nil
	}
	if err := walk(abs, nil); err != nil {
		return nil, nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	sort.Slice(problems, func(i, j int) bool { return problems[i].Range.File < problems[j].Range.File })
	return files, problems, nil
}

// unreadableProblem is the problem of the folder (or file) at p that cannot
// be read because of err.
func unreadableProblem(p string, dir bool, err error) Problem {
	what := "file"
	if dir {
		what = "folder"
	}
	return Problem{RuleID: RuleUnreadable, Range: Range{File: p}, Message: fmt.Sprintf("the %s cannot be read (%s), so nothing in it was checked: check its permissions", what, causeOf(err))}
}

// causeOf is err without the path an *fs.PathError adds, which would repeat
// an absolute path the finding already names relatively.
func causeOf(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// linkMessage is the problem of the symbolic link at link (on disk), which
// cannot be followed: err is what resolving it gave, nil when it resolves to
// a place outside the repository.
func linkMessage(link string, err error) string {
	if err == nil {
		return linkEscapeMessage
	}
	_, serr := os.Stat(link)
	switch {
	case errors.Is(serr, fs.ErrNotExist):
		return linkDanglingMessage
	case errors.Is(serr, syscall.ELOOP), errors.Is(err, syscall.ELOOP), strings.Contains(err.Error(), "too many links"):
		return linkLoopMessage
	}
	return "the symbolic link cannot be resolved (" + causeOf(err) + ") and is not followed: fix the link or remove it"
}
