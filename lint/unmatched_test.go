package lint

import (
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
)

func TestSuggestGlob(t *testing.T) {
	paths := []string{"policies/ai-policy.md", "policies/register.yaml", "governance/risk/register.yaml", "README.md"}
	tests := []struct{ glob, want string }{
		{"polices/*.md", "policies/*.md"},
		{"Policies/*.md", "policies/*.md"},
		{"policies/*.yml", "policies/*.yaml"},
		{"governance/risks/*.yaml", "governance/risk/*.yaml"},
		{"goverance/**/*.yaml", "governance/**/*.yaml"},
		{"procedures/*.md", ""}, // no folder close to it
	}
	for _, tt := range tests {
		if got := suggestGlob(tt.glob, paths); got != tt.want {
			t.Errorf("suggestGlob(%q) = %q, want %q", tt.glob, got, tt.want)
		}
	}
}

func TestUnmatchedGlobs(t *testing.T) {
	at := func(line int) artifact.Range {
		return artifact.Range{File: ".aims.yaml", Start: artifact.Position{Line: line, Col: 5}}
	}
	cfg := &Config{Exclude: []string{"archive/**"}}
	files := []artifact.File{{Path: "policies/a.md"}, {Path: "archive/old.md"}, {Path: ".aims.yaml"}}
	globs := []ConfigGlob{
		{Glob: "policies/*.md", What: "kinds (ai-policy)", Effect: "no file gets the kind", Included: true, Source: at(1)},
		{Glob: "archive/*.md", What: "kinds (procedure)", Effect: "no file gets the kind", Included: true, Source: at(2)},
		{Glob: "archive/**", What: "exclude", Effect: "it leaves nothing out", Source: at(3)},
		{Glob: "drafts/**", What: "exclude", Effect: "it leaves nothing out", Source: at(4)},
		{Glob: "*.yaml", What: "include", Effect: "no file is linted through it"}, // .aims.yaml is not a candidate; no source: at .aims.yaml
	}
	got := unmatchedGlobs(globs, files, cfg, func(string) bool { return true })
	want := []struct {
		line int
		msg  string
	}{
		{2, "matches only files that include or exclude leave out"},
		{4, `exclude: the glob "drafts/**" matches no Markdown or YAML file, so it leaves nothing out`},
		{0, `include: the glob "*.yaml" matches no Markdown or YAML file`},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d: %v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Range.File != ".aims.yaml" || got[i].Range.Start.Line != w.line || !strings.Contains(got[i].Message, w.msg) {
			t.Errorf("finding %d: %s %q, want line %d %q", i, got[i].Range, got[i].Message, w.line, w.msg)
		}
	}
	// A run that keeps no finding in .aims.yaml does no work.
	if got := unmatchedGlobs(globs, files, cfg, func(string) bool { return false }); len(got) != 0 {
		t.Errorf("findings that would be dropped: %v", got)
	}
}
