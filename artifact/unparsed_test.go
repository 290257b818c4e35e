package artifact

import (
	"slices"
	"strings"
	"testing"
)

// TestParseDocumentTab checks that a tab in the indentation is reported as
// such, at the tab, whatever the YAML parser's own message and line.
func TestParseDocumentTab(t *testing.T) {
	const head = "id: SYS-X\nkind: ai-system\n"
	tests := []struct {
		name, path, src string
		line, col       int
	}{
		{"top-level key", "a.yaml", head + "\towner: lead\ntitle: t\n", 3, 1},
		{"kind line", "a.yaml", "id: SYS-X\n\tkind: ai-system\ntitle: t\n", 2, 1},
		{"nested key", "a.yaml", head + "map:\n  a: 1\n\tb: 2\n", 5, 1},
		{"nested key after spaces", "a.yaml", head + "map:\n  a: 1\n  \tb: 2\n", 5, 3},
		{"list item", "a.yaml", head + "list:\n\t- a\n", 4, 1},
		{"first key of a mapping", "a.yaml", head + "map:\n\ta: 1\n", 4, 1},
		{"in a list of mappings", "a.yaml", head + "risks:\n  - id: R1\n    x: 1\n\t  y: 2\n", 6, 1},
		{"after a blank line", "a.yaml", head + "\n\towner: a\n", 4, 1},
		{"in a folded scalar", "a.yaml", head + "text: >-\n  abc\n\tdef\n", 5, 1},
		{"first line of a literal scalar", "a.yaml", head + "text: |\n  \tcode\n", 4, 3},
		{"tab in a block scalar's text before it", "a.yaml", head + "text: |\n  a\n  \tcode\nmap:\n  a: 1\n\tb: 2\n", 8, 1},
		{"frontmatter", "a.md", "---\n" + head + "\towner: lead\n---\n# Body\n", 4, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ParseDocument(tt.path, []byte(tt.src), "")
			if d == nil {
				t.Fatal("not an artifact")
			}
			if len(d.Problems) != 1 {
				t.Fatalf("problems = %+v, want 1", d.Problems)
			}
			p := d.Problems[0]
			if p.RuleID != RuleParse || p.Message != tabMessage || p.Range.Start != (Position{Line: tt.line, Col: tt.col}) {
				t.Errorf("problem = %s %d:%d %q, want %s %d:%d %q", p.RuleID, p.Range.Start.Line, p.Range.Start.Col, p.Message, RuleParse, tt.line, tt.col, tabMessage)
			}
			if d.Kind != "ai-system" {
				t.Errorf("kind = %q, want ai-system (read line by line)", d.Kind)
			}
			if !d.Salvaged.Has("id", "SYS-X") || d.Salvaged.ID != "SYS-X" {
				t.Errorf("salvaged ids = %q (id %q), want SYS-X", d.Salvaged.Values("id"), d.Salvaged.ID)
			}
		})
	}
}

// TestParseDocumentNotTab checks that other syntax errors keep the parser's
// message, and that a tab that breaks nothing is no problem.
func TestParseDocumentNotTab(t *testing.T) {
	for _, src := range []string{
		"kind: ai-system\nid: SYS-X\ntitle: @at\n",
		"kind: ai-system\nid: SYS-X\ntext: |\n  a\n  \tcode\ntitle: @at\n",
		"kind: ai-system\nid: [SYS-X\n",
		"kind: ai-system\nid: SYS-X\ntext: |\n  a\n  \tcode\ntitle: [x\n",
	} {
		d := ParseDocument("a.yaml", []byte(src), "")
		if d == nil || len(d.Problems) != 1 {
			t.Fatalf("%q: %+v", src, d)
		}
		if m := d.Problems[0].Message; strings.Contains(m, "tab") || !strings.HasPrefix(m, "invalid YAML: ") {
			t.Errorf("%q: message %q, want the parser's", src, m)
		}
	}
	d := ParseDocument("a.yaml", []byte("kind: ai-system\nid: SYS-X\ntitle:\tTabbed\ntext: |\n  a\n  \tcode\n"), "")
	if d == nil || len(d.Problems) != 0 || d.Salvaged != nil || d.String("title") != "Tabbed" {
		t.Errorf("valid tabs: %+v", d)
	}
}

func TestSalvage(t *testing.T) {
	src := `id: RSK-REG   # the register
kind: "risk-register"
status: draft
controls: ["6.1.2", A.5.2]
ai_systems:
  - SYS-A
  - 'SYS-B'
description: >-
  id: NOT-AN-ID
	broken: yes
risks:
  - id: RSK-001
    ai_system: SYS-A
	title: tabbed
  - id: RSK-002
    ai_system: SYS-B
    notes:
      - id: N-1
`
	s := salvage([]byte(src))
	if s.Kind != "risk-register" || s.ID != "RSK-REG" {
		t.Errorf("kind %q id %q", s.Kind, s.ID)
	}
	for key, want := range map[string][]string{
		"id":         {"RSK-REG", "RSK-001", "RSK-002", "N-1"},
		"status":     {"draft"},
		"controls":   {"6.1.2", "A.5.2"},
		"ai_systems": {"SYS-A", "SYS-B"},
		"ai_system":  {"SYS-A", "SYS-B"},
		"broken":     nil,
	} {
		if got := s.Values(key); !slices.Equal(got, want) {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	var none *Salvage
	if none.Values("id") != nil || none.Has("id", "x") {
		t.Error("a nil Salvage has values")
	}
}

func TestSalvageStream(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		markdown bool
		wantIDs  []string
		wantKind string
	}{
		{"yaml", "kind: risk-register\nid: RSK-REG\ntitle: T\nrisks:\n  - id: RSK-1\n    title: x\n  - id: RSK-2\n", false, []string{"RSK-REG", "RSK-1", "RSK-2"}, "risk-register"},
		{"markdown frontmatter only", "---\nkind: procedure\nid: PROC-1\n---\n\nid: NOT-AN-ID\n", true, []string{"PROC-1"}, "procedure"},
		{"markdown without frontmatter", "# Title\nid: X\n", true, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := salvageStream(strings.NewReader(tt.src), tt.markdown, largeKeys(nil, ""))
			if got := s.Values("id"); !slices.Equal(got, tt.wantIDs) {
				t.Errorf("ids %q, want %q", got, tt.wantIDs)
			}
			if s.Kind != tt.wantKind {
				t.Errorf("kind %q, want %q", s.Kind, tt.wantKind)
			}
			if got := s.Values("title"); got != nil {
				t.Errorf("title kept: %q (only largeKeys are)", got)
			}
		})
	}
}
