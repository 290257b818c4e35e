package linttest

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// SpecialFile lists, in a fixture folder, what git cannot hold: named pipes
// to make and paths that must fail to read, one a line:
//
//	fifo procedures/pipe.md         a named pipe (the fixture is skipped where there are none)
//	unreadable operations/incidents reading this folder or file fails (even as root)
//
// The fixture is copied into a temporary folder, where the pipes are made;
// unreadable paths are simulated, since chmod 000 does not stop root.
const SpecialFile = "special.txt"

// special prepares the fixture at root for its SpecialFile, if any: it
// returns the folder to lint and the paths that must fail to read.
func special(t testing.TB, root string) (string, map[string]bool) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, SpecialFile))
	if errors.Is(err, fs.ErrNotExist) {
		return root, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(root)); err != nil {
		t.Fatalf("%s: %v", root, err)
	}
	unreadable := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(string(src)))
	for sc.Scan() {
		what, p, _ := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		p = strings.TrimSpace(p)
		switch what {
		case "":
		case "fifo":
			if err := mkfifo(filepath.Join(tmp, filepath.FromSlash(p))); err != nil {
				t.Skipf("%s: cannot make a named pipe here: %v", root, err)
			}
		case "unreadable":
			unreadable[p] = true
		default:
			t.Fatalf("%s: %s: unknown line %q", root, SpecialFile, sc.Text())
		}
	}
	return tmp, unreadable
}

// unreadableFS is a folder whose listed paths fail to open with
// fs.ErrPermission, as they would after chmod 000.
type unreadableFS struct {
	fs.FS
	paths map[string]bool
}

func (u unreadableFS) Open(name string) (fs.File, error) {
	if u.paths[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return u.FS.Open(name)
}

func (u unreadableFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if u.paths[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return fs.ReadDir(u.FS, name)
}

// irregular reports whether a walked entry is a named pipe, socket or device,
// which expectations do not read.
func irregular(d fs.DirEntry) bool {
	return d.Type()&(fs.ModeNamedPipe|fs.ModeSocket|fs.ModeDevice|fs.ModeCharDevice|fs.ModeIrregular) != 0
}
