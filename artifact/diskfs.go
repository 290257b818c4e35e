package artifact

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"

	"github.com/aimsdev/aims/internal/regularfile"
)

// ErrNotRegular says that a path is a named pipe, socket or device, which
// aims never reads: reading a named pipe waits for a writer that may never
// come. ReadFile and the file system DirFS returns fail with it.
var ErrNotRegular = regularfile.ErrNotRegular

// DirFS returns the working tree at dir on disk as a file system. Unlike
// os.DirFS it opens files without blocking and refuses anything that is
// neither a regular file nor a folder (ErrNotRegular), so that a named pipe
// in the repository cannot hang a run.
func DirFS(dir string) fs.FS { return diskFS(dir) }

// diskFS is the working tree on disk, as DirFS returns it.
type diskFS string

// Open opens the file or folder at name, following symbolic links.
func (d diskFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := regularfile.Open(filepath.Join(string(d), filepath.FromSlash(name)), true)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return f, nil
}

// ReadFile reads the file at name of fsys, refusing anything that is not a
// regular file (ErrNotRegular).
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
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
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrNotRegular}
	}
	return readSized(f, st.Size())
}

// readSized reads r to its end into a buffer of the size it is said to
// have, so that the bytes a document keeps are not twice as many as the
// file has, as they can be when the buffer grows while reading. A file
// that grew or shrank since is still read whole.
func readSized(r io.Reader, size int64) ([]byte, error) {
	if size <= 0 || size >= 1<<30 {
		return io.ReadAll(r)
	}
	buf := make([]byte, 0, size+1) // one byte more, to meet the end without growing
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
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
