//go:build unix

package gitrepo

import (
	"os"
	"syscall"
)

// mapFile maps a pack into memory, read-only, when it is an operating
// system file: the history pass then reads objects without a system call
// each, and only the pages it reads count towards its memory.
func mapFile(f *os.File, size int64) ([]byte, func() error, bool) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil, false
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, false
	}
	return data, func() error { return syscall.Munmap(data) }, true
}
