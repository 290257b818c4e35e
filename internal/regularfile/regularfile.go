package regularfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular says that a path is a named pipe, socket or device, which
// aims never reads: reading a named pipe waits for a writer that may never
// come.
var ErrNotRegular = errors.New("not a regular file")

// Open opens the file at name for reading without blocking on a named pipe,
// and fails with ErrNotRegular unless it is a regular file (or a folder, when
// dirs is set). The check is made on the open file, so a file swapped for a
// pipe between discovery and reading is still refused.
func Open(name string, dirs bool) (*os.File, error) {
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
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	return f, nil
}

// Read reads the regular file at name on disk; see Open.
func Read(name string) ([]byte, error) {
	f, err := Open(name, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}
