//go:build unix

package linttest

import "syscall"

func mkfifo(name string) error { return syscall.Mkfifo(name, 0o644) }
