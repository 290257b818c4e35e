package artifact

import (
	"context"
	"github.com/aimsdev/aims/internal/gittest"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func paths(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}

const validSystem = `kind: ai-system
id: SYS-CHAT
title: Support chatbot
status: draft
owner: ai-governance-lead
name: Chat
purpose: answers customer questions
intended_use: customer support
risk_level: limited
lifecycle_stage: operation-and-monitoring
event_logging:
  enabled: true
`

// TestWalkDiskUnreadableFolder: on disk, a folder that cannot be listed is a
// problem and its siblings are still listed; only the root must be readable.
// The error is injected, since chmod 000 does not stop root, who runs CI.
func TestWalkDiskUnreadableFolder(t *testing.T) {
	dir := t.TempDir()
	gittest.WriteFiles(t, dir, map[string]string{"a/x.yaml": validSystem, "b/y.yaml": validSystem, "c.yaml": validSystem})
	locked := filepath.Join(dir, "a")
	readDir := func(name string) ([]os.DirEntry, error) {
		if name == locked {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
		}
		return os.ReadDir(name)
	}
	files, problems, err := walkDisk(context.Background(), dir, "", nil, FileTypes{}, readDir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(paths(files), " "); got != "b/y.yaml c.yaml" {
		t.Errorf("files = %s, want b/y.yaml c.yaml", got)
	}
	if len(problems) != 1 || problems[0].RuleID != RuleUnreadable || problems[0].Range.File != "a" || !strings.Contains(problems[0].Message, "permission denied") {
		t.Errorf("problems = %+v, want one AIMS1011 for a", problems)
	}
	if _, _, err := walkDisk(context.Background(), dir, "", nil, FileTypes{}, func(string) ([]os.DirEntry, error) { return nil, fs.ErrPermission }); err == nil {
		t.Error("an unreadable root is not an error")
	}
}

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"**", "a/b/c.md", true},
		{"*.md", "a/b/c.md", true},
		{"systems/*.yaml", "systems/a.yaml", true},
		{"systems/*.yaml", "systems/x/a.yaml", false},
		{"systems/**/*.yaml", "systems/x/y/a.yaml", true},
		{"systems/**/*.yaml", "systems/a.yaml", true},
		{"archive/**", "archive/2024/old.md", true},
		{"archive/**", "current/old.md", false},
		{"./a.md", "a.md", true},
	}
	for _, tt := range tests {
		if got := MatchGlob(tt.pattern, tt.name); got != tt.want {
			t.Errorf("matchGlob(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}
