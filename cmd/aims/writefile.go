package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/lint"
)

// writeChunk is how much writeFileAtomic writes between two looks at its
// context, so that an interrupt is acted on within a few milliseconds.
const writeChunk = 1 << 20

// writeFileAtomic writes data to path whole or not at all: to a temporary
// file ".NAME.*.tmp" in the same folder, synced, then renamed over path. The
// temporary file exists only while the bytes, ready in memory, are written;
// it is removed on every error and when ctx is cancelled (an interrupt), so
// that only a kill that cannot be caught leaves one behind. An existing file
// keeps its permissions.
func writeFileAtomic(ctx context.Context, path string, data []byte) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", path)
		}
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	for len(data) > 0 {
		if err = ctx.Err(); err != nil {
			return err
		}
		n := min(len(data), writeChunk)
		if _, err = tmp.Write(data[:n]); err != nil {
			return err
		}
		data = data[n:]
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = ctx.Err(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// render runs a writer of a whole file into memory, so that the file is
// created only once its bytes are ready.
func render(write func(*bufio.Writer) error) ([]byte, error) {
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	if err := write(bw); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// A reportTarget is a file a command is asked to write a report to.
type reportTarget struct {
	flag    string // how the command line names it, for messages: --output "json=aims.json"
	path    string // the path as given
	example string // a file name to suggest instead, such as aims.json
	real    string // set by checkReportTargets: the absolute path, symbolic links resolved
}

// checkReportTargets checks, before any lint, that writing the reports of a
// run of cfg loses no file: a target must not be inside a git directory,
// tracked by git, a file aims reads (a candidate Markdown or YAML file of the
// linted folder, the configuration, a custom kind's schema), read-only, or
// anything but a regular file; and no two targets may be the same file,
// however they are named. configPath is --config, "" without it. A new file
// in the repository, and an untracked report aims wrote before, pass. On
// success every target's real path is set: the report is written there, so
// that a symbolic link stays a link.
func checkReportTargets(ctx context.Context, cfg *lint.Config, configPath string, targets []*reportTarget) error {
	root, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return plainError{err}
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	reads := map[string]string{} // real path → what aims reads it as
	addRead := func(p, what string) {
		if p == "" {
			return
		}
		if !filepath.IsAbs(p) {
			if a, err := filepath.Abs(p); err == nil {
				p = a
			}
		}
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		reads[p] = what
	}
	addRead(filepath.Join(root, lint.ConfigFile), "the configuration aims reads")
	addRead(configPath, "the configuration aims reads (--config)")
	for _, ck := range cfg.CustomKinds {
		if ck.Schema != "" {
			addRead(filepath.Join(root, filepath.FromSlash(ck.Schema)), fmt.Sprintf("the schema of the custom kind %s, which aims reads", ck.Name))
		}
	}
	gitDirs := repositoryGitDirs(root)

	var working map[string]bool // the linted folder's candidate files, read once when needed
	seen := map[string]*reportTarget{}
	for _, t := range targets {
		fail := func(format string, args ...any) error {
			return plainError{fmt.Errorf("%s: %s %s", t.flag, t.path, fmt.Sprintf(format, args...))}
		}
		real, exists, err := resolveTarget(t.path)
		if err != nil {
			return fail("%v", err)
		}
		t.real = real
		if prev, ok := seen[real]; ok {
			return fail("is the same file as %s (%s): give each report its own file", prev.path, prev.flag)
		}
		seen[real] = t
		if dir, ok := insideGitDir(real, gitDirs); ok {
			return fail("is inside the git directory %s, which a report must never replace: write it elsewhere, such as %s", dir, t.example)
		}
		if what, ok := reads[real]; ok {
			return fail("is %s: write the report to another file, such as %s", what, t.example)
		}
		if gitrepo.Tracked(real) {
			return fail("is tracked by git, so the report would replace a file of the repository: write it to a new file, such as %s, or outside the repository", t.example)
		}
		if !exists {
			continue
		}
		st, err := os.Stat(real)
		if err != nil {
			return fail("cannot be checked: %v: check the path and its permissions", err)
		}
		if !st.Mode().IsRegular() {
			return fail("is not a regular file (%s): give the path of a file, such as %s", fileType(st.Mode()), t.example)
		}
		if st.Mode().Perm()&0o200 == 0 {
			return fail("is read-only: make it writable if the report may replace it, or write the report elsewhere, such as %s", t.example)
		}
		// Files of the configured extra types are read too (a glob's, by path).
		types := cfg.FileTypes()
		if (artifact.Candidate(real) || types.HasSuffix(real) || len(types.Globs) > 0) && within(root, real) {
			if working == nil {
				working = map[string]bool{}
				files, err := lint.WorkingFiles(ctx, cfg)
				if err != nil {
					return plainError{fmt.Errorf("%s: list the files of %s to check that the report replaces none: %w", t.flag, cfg.Dir, err)}
				}
				for _, f := range files {
					working[f] = true
				}
			}
			if working[real] {
				return fail("is a file aims reads (a candidate Markdown or YAML document of %s), and aims does not replace it even with a report it wrote: write the report outside the repository, or to a path .gitignore names", cfg.Dir)
			}
		}
	}
	return nil
}

// resolveTarget returns the absolute path, symbolic links resolved, that a
// report written to path replaces or creates, and whether that file exists.
// The folder has been checked to exist. A link that leads nowhere is an
// error: writing through it would create a file the user did not name.
func resolveTarget(path string) (real string, exists bool, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false, err
	}
	st, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
		if err != nil {
			return "", false, fmt.Errorf("cannot be resolved: %w", err)
		}
		return filepath.Join(dir, filepath.Base(abs)), false, nil
	case err != nil:
		return "", false, fmt.Errorf("cannot be checked: %w: check the path and its permissions", err)
	}
	real, err = filepath.EvalSymlinks(abs)
	if err != nil {
		if st.Mode()&fs.ModeSymlink != 0 {
			link, _ := os.Readlink(abs)
			return "", false, fmt.Errorf("is a symbolic link to %s, which does not exist: remove the link, or give another path", link)
		}
		return "", false, fmt.Errorf("cannot be resolved: %w", err)
	}
	return real, true, nil
}

// fileType names what a file that is not a regular file is.
func fileType(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// within reports whether target is root or below it; both are clean
// absolute paths.
func within(root, target string) bool {
	rel, err := filepath.Rel(root, target)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// repositoryGitDirs returns the git directories of the repository that
// holds dir: the .git folder, or the folder a .git file names (a linked
// worktree, --separate-git-dir), and the common directory it shares. Paths
// are absolute, with symbolic links resolved.
func repositoryGitDirs(dir string) []string {
	var dirs []string
	for d := dir; ; d = filepath.Dir(d) {
		dirs = append(dirs, dotGitDirs(d)...)
		if filepath.Dir(d) == d {
			return dirs
		}
	}
}

// dotGitDirs returns the git directories d/.git leads to, if any.
func dotGitDirs(d string) []string {
	dotGit := filepath.Join(d, ".git")
	st, err := os.Stat(dotGit)
	if err != nil {
		return nil
	}
	gitDir := dotGit
	if !st.IsDir() {
		data, err := os.ReadFile(dotGit)
		target, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
		if err != nil || !ok {
			return nil
		}
		gitDir = strings.TrimSpace(target)
		if !filepath.IsAbs(gitDir) {
			gitDir = filepath.Join(d, gitDir)
		}
	}
	var dirs []string
	for _, g := range []string{gitDir, commonDir(gitDir)} {
		if g == "" {
			continue
		}
		if r, err := filepath.EvalSymlinks(g); err == nil {
			g = r
		}
		dirs = append(dirs, g)
	}
	return dirs
}

// commonDir returns the common git directory a linked worktree's git
// directory names in its commondir file; "" when there is none.
func commonDir(gitDir string) string {
	data, err := os.ReadFile(filepath.Join(gitDir, "commondir"))
	if err != nil {
		return ""
	}
	c := strings.TrimSpace(string(data))
	if c == "" {
		return ""
	}
	if !filepath.IsAbs(c) {
		c = filepath.Join(gitDir, c)
	}
	return filepath.Clean(c)
}

// insideGitDir reports whether real (absolute, links resolved) is inside a
// git directory, and which: a folder named .git on its path, a bare
// repository's folder (HEAD, objects, refs), a git directory a .git file
// on its path names, or one of gitDirs, the linted repository's.
func insideGitDir(real string, gitDirs []string) (string, bool) {
	for d := filepath.Dir(real); ; d = filepath.Dir(d) {
		if strings.EqualFold(filepath.Base(d), ".git") || looksLikeGitDir(d) {
			return d, true
		}
		for _, g := range dotGitDirs(d) {
			if within(g, real) {
				return g, true
			}
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	for _, g := range gitDirs {
		if within(g, real) {
			return g, true
		}
	}
	return "", false
}

// looksLikeGitDir reports whether d is laid out as a git directory: a HEAD
// file with objects and refs folders (a bare repository), or a HEAD file
// with a commondir file (a linked worktree's own git directory).
func looksLikeGitDir(d string) bool {
	isFile := func(name string) bool {
		st, err := os.Stat(filepath.Join(d, name))
		return err == nil && st.Mode().IsRegular()
	}
	isDir := func(name string) bool {
		st, err := os.Stat(filepath.Join(d, name))
		return err == nil && st.IsDir()
	}
	return isFile("HEAD") && (isDir("objects") && isDir("refs") || isFile("commondir"))
}

// checkInside checks that writing the file at path, below dir, stays inside
// dir, as aims new and aims init must: every folder on the way that exists,
// and the file itself if it exists, is resolved through its symbolic links,
// and must lead to dir or below it. Folders that do not exist yet are
// created inside. The error names the link and says what to do.
func checkInside(dir, path string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return plainError{err}
	}
	root := abs
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		root = r
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return plainError{fmt.Errorf("%s is outside %s, and aims writes only inside it: check the layout in .aims.yaml", path, dir)}
	}
	cur, absCur := dir, abs
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		cur, absCur = filepath.Join(cur, part), filepath.Join(absCur, part)
		st, err := os.Lstat(absCur)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // created by aims, inside the folder above
		}
		if err != nil {
			return plainError{fmt.Errorf("check %s: %w: check the path and its permissions", cur, err)}
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		real, err := filepath.EvalSymlinks(absCur)
		if err != nil {
			link, _ := os.Readlink(absCur)
			return plainError{fmt.Errorf("%s is a symbolic link to %s, which does not exist, so %s cannot be written: remove the link, or make it lead to a folder inside %s", cur, link, path, dir)}
		}
		if !within(root, real) {
			return plainError{fmt.Errorf("%s is a symbolic link to %s, outside %s, and aims writes only inside it: replace the link by a folder (or a file) of its own, or write in the folder it leads to", cur, real, dir)}
		}
	}
	return nil
}
