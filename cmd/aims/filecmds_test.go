package main

import (
	"os"
	"unicode/utf16"

	"github.com/rogpeppe/go-internal/testscript"
)

// withFileCmds adds to cmds the script commands that make files a txtar
// archive cannot hold:
//
//	mkfifo PATH        make a named pipe (guard the script with [!unix] skip)
//	utf16 SRC DST      write SRC as UTF-16 (little-endian) with a byte-order mark to DST
func withFileCmds(cmds map[string]func(ts *testscript.TestScript, neg bool, args []string)) map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	cmds["mkfifo"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: mkfifo PATH")
		}
		if err := mkfifo(ts.MkAbs(args[0])); err != nil {
			ts.Fatalf("mkfifo: %v", err)
		}
	}
	cmds["utf16"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: utf16 SRC DST")
		}
		out := []byte{0xff, 0xfe}
		for _, u := range utf16.Encode([]rune(ts.ReadFile(args[0]))) {
			out = append(out, byte(u), byte(u>>8))
		}
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), out, 0o644))
	}
	return cmds
}
