package lint

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// errNotRegular says that a path is a named pipe, socket or device, which
// aims never reads: reading a named pipe waits for a writer that may never
// come.
var errNotRegular = errors.New("not a regular file")

// diskFS is the working tree on disk. Unlike os.DirFS it opens files without
// blocking and refuses anything that is neither a regular file nor a folder,
// so that a named pipe in the repository cannot hang a run.
type diskFS string

// Open opens the file or folder at name, following symbolic links.
func (d diskFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := openRegular(filepath.Join(string(d), filepath.FromSlash(name)), true)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return f, nil
}

// openRegular opens the file at name for reading without blocking on a named
// pipe, and fails with errNotRegular unless it is a regular file (or a
// folder, when dirs is set). The check is made on the open file, so a file
// swapped for a pipe between discovery and reading is still refused.
func openRegular(name string, dirs bool) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() && !(dirs && st.IsDir()) {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: errNotRegular}
	}
	return f, nil
}

// readRegular reads the regular file at name on disk; see openRegular.
func readRegular(name string) ([]byte, error) {
	f, err := openRegular(name, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// readFile reads the file at name of fsys, refusing anything that is not a
// regular file (errNotRegular).
func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	}
	return io.ReadAll(f)
}

// fileType names the type of a file that is not regular, for messages.
func fileType(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// notRegularMessage is the problem of a candidate file that is not a regular
// file; what names its type, or is "" when unknown.
func notRegularMessage(what string) string {
	if what == "" {
		what = "not a regular file"
	} else {
		what = fmt.Sprintf("%s, not a regular file", what)
	}
	return "the file is " + what + ", and was not read: replace it with a regular file, or remove it"
}

// irregular reports whether m is a file type aims does not read: neither a
// regular file, a folder nor a symbolic link.
func irregular(m fs.FileMode) bool {
	return m.Type()&^(fs.ModeDir|fs.ModeSymlink) != 0
}
