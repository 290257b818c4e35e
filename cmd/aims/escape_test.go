package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// hostileName would start a GitHub workflow command, set the terminal's
// title and reverse the text after it, if aims printed it raw.
const hostileName = "x\n::error file=a::owned\n\x1b]0;pwned\x07\u202eyaml"

// checkTerminalSafe fails for every raw control or format character but the
// line break, and for every line that GitHub would run as a workflow command.
func checkTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	for _, c := range out {
		if c != '\n' && (unicode.IsControl(c) || unicode.Is(unicode.Cf, c)) {
			t.Errorf("%s holds a raw %U:\n%s", what, c, out)
			break
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "::") {
			t.Errorf("%s has a workflow command line %q", what, l)
		}
	}
}

// TestRunHostileNames lints, lists controls of, plans and initialises
// repositories whose file and folder names hold line breaks, ESC sequences
// and a bidi override, and checks that no output prints them raw.
func TestRunHostileNames(t *testing.T) {
	base := t.TempDir()
	if err := os.WriteFile(filepath.Join(base, hostileName), nil, 0o644); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	dir := writeRepo(t, map[string]string{
		".aims.yaml":                       selectRules,
		hostileName + "-roles.yaml":        rolesYAML,
		"systems/" + hostileName + ".yaml": badSystemYAML,
	})
	hostileDir := filepath.Join(base, hostileName+"-aims")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"lint text", []string{"lint", dir}, 1},
		{"lint markdown", []string{"lint", "--format", "markdown", dir}, 1},
		{"controls", []string{"controls", dir}, 0},
		{"plan", []string{"plan", "-o", filepath.Join(base, hostileName+".xlsx"), dir}, 0},
		{"init", []string{"init", "--org", "Evil\u202eCorp", hostileDir}, 0},
		{"init again", []string{"init", hostileDir}, 0},
		{"lint a hostile folder", []string{"lint", hostileDir}, 0},
		{"new", []string{"new", "procedure", "--dir", hostileDir}, 0},
		{"lint a missing folder", []string{"lint", filepath.Join(base, hostileName+"-missing")}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := run(tt.args, &stdout, &stderr); got != tt.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", got, tt.want, stdout.String(), stderr.String())
			}
			checkTerminalSafe(t, "stdout", stdout.String())
			checkTerminalSafe(t, "stderr", stderr.String())
		})
	}
}
