package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestFormatVersion(t *testing.T) {
	tests := []struct {
		name string
		b    buildInfo
		want string
	}{
		{
			name: "release",
			b:    buildInfo{version: "v0.1.0", commit: "3f2a9c1e", date: "2026-01-10T12:00:00Z", goVersion: "go1.26.8"},
			want: "aims v0.1.0\ncommit: 3f2a9c1e\ndate:   2026-01-10T12:00:00Z\ngo:     go1.26.8 linux/amd64\n",
		},
		{
			name: "work tree with changes",
			b:    buildInfo{version: "(devel)", commit: "3f2a9c1e", modified: true, goVersion: "go1.26.8"},
			want: "aims (devel)\ncommit: 3f2a9c1e (modified)\ngo:     go1.26.8 linux/amd64\n",
		},
		{
			name: "no version control information",
			b:    buildInfo{version: "(devel)", goVersion: "go1.26.8"},
			want: "aims (devel)\ncommit: unknown (built without version control information: build from a git clone, or use a release binary)\ngo:     go1.26.8 linux/amd64\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatVersion(tt.b, "linux/amd64"); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestVersionStamp builds aims the way a release does, without version
// control information and with the version, commit and date given to the
// linker, and checks that aims version prints them.
func TestVersionStamp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the aims binary")
	}
	bin := filepath.Join(t.TempDir(), "aims")
	ldflags := "-X main.version=v9.8.7 -X main.commit=0123456789abcdef0123456789abcdef01234567 -X main.date=2026-12-01T10:00:00Z"
	if out, err := exec.Command("go", "build", "-buildvcs=false", "-ldflags", ldflags, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"aims v9.8.7\n",
		"commit: 0123456789abcdef0123456789abcdef01234567\n",
		"date:   2026-12-01T10:00:00Z\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("aims version printed\n%s\nwant a line %q", out, want)
		}
	}
	// The version goes into reports too (SARIF's tool.driver.version).
	out, err = exec.Command(bin, "--version").Output()
	if err != nil || !strings.Contains(string(out), "v9.8.7") {
		t.Errorf("aims --version: %v\n%s", err, out)
	}
}
