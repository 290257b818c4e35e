//go:build unix

package lint

import "syscall"

// openFlags opens a named pipe without waiting for a writer.
const openFlags = syscall.O_NONBLOCK
