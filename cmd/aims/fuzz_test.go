package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/lint/report"
)

// FuzzOutputSpec parses arbitrary --output FORMAT=PATH pairs and --as-of
// dates: an output that parses has a known format and a path, two outputs
// never share a file, an error quotes the value it refuses, and a date that
// parses is the date written.
func FuzzOutputSpec(f *testing.F) {
	for _, s := range [][3]string{
		{"json=aims.json", "sarif=aims.sarif", "2026-06-30"},
		{"json=aims.json", "json=./aims.json", " 2026-06-30 "},
		{"=x", "json=", "2026-02-30"},
		{"json", "nosuch=x", "30/06/2026"},
		{"json=a=b", "xlsx=plan.xlsx", "2026-6-30"},
		{"sarif=no/such/folder/a.sarif", "json=.", "99999-01-01"},
		{"json=\x00", "text=\n", "2026-06-30\n"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, a, b, date string) {
		t.Chdir(dir)
		specs := []string{a, b}
		outs, err := parseOutputs(specs)
		if err != nil {
			msg := err.Error()
			if !strings.Contains(msg, "--output") || (!strings.Contains(msg, strconv.Quote(a)) && !strings.Contains(msg, strconv.Quote(b))) {
				t.Fatalf("the error %q does not quote the --output it refuses", msg)
			}
		} else {
			if len(outs) != len(specs) {
				t.Fatalf("%d outputs for %d values", len(outs), len(specs))
			}
			seen := map[string]bool{}
			for _, o := range outs {
				if _, ok := report.Get(o.format); !ok || o.target == nil || o.target.path == "" || o.write == nil {
					t.Fatalf("an output with format %q and target %+v", o.format, o.target)
				}
				if seen[filepath.Clean(o.target.path)] {
					t.Fatalf("two outputs write %s", o.target.path)
				}
				seen[filepath.Clean(o.target.path)] = true
			}
		}
		if _, err2 := parseOutputs(specs); (err == nil) != (err2 == nil) {
			t.Fatal("two parses differ")
		}
		d, err := parseDate("--as-of", date)
		if err != nil {
			if !strings.Contains(err.Error(), "--as-of "+strconv.Quote(date)) {
				t.Fatalf("the error %q does not quote the date", err)
			}
			return
		}
		if d.Format(time.DateOnly) != strings.TrimSpace(date) || d.Location() != time.UTC {
			t.Fatalf("--as-of %q is %v", date, d)
		}
	})
}
