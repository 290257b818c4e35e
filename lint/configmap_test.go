package lint

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
)

func TestParseConfigMappings(t *testing.T) {
	src := `kinds:
  - glob: "policies/*.md"
    kind: ai-policy
  - glob: "docs/**/*.md"
    field: layout
    values: {risk: risk-item, mitigation: mitigation}
  - field: kind
    values: {Policy: ai-policy}
mappings:
  - glob: "policies/**/*.md"
    kinds: [ai-policy, procedure]
    fields:
      last_updated: last_reviewed
      iso-42001_references: controls
      doc-status: status
    values:
      status:
        Approved-Specification: approved
        Draft: draft
    references:
      - match: '^A-(\d+)-(\d+)$'
        replace: 'A.$1.$2'
    id:
      field: sequence
      template: "POL-{}"
      upper: true
  - kinds: [risk-item]
    id:
      file_name: true
`
	var cfg Config
	if err := ParseConfig(&cfg, ".aims.yaml", []byte(src)); err != nil {
		t.Fatal(err)
	}
	wantKinds := []KindGlob{
		{Glob: "policies/*.md", Kind: "ai-policy"},
		{Glob: "docs/**/*.md", Field: "layout", Values: map[string]string{"risk": "risk-item", "mitigation": "mitigation"}},
		{Field: "kind", Values: map[string]string{"Policy": "ai-policy"}},
	}
	if got := cfg.Kinds[1].Source.Start; got != (artifact.Position{Line: 4, Col: 11}) {
		t.Errorf("kinds[1] is written at %v, want 4:11", got)
	}
	if got := cfg.Kinds[2].Source.Start; got != (artifact.Position{Line: 7, Col: 5}) {
		t.Errorf("a kinds entry without glob is at %v, want the entry 7:5", got)
	}
	for i := range cfg.Kinds {
		cfg.Kinds[i].Source = artifact.Range{}
	}
	if !reflect.DeepEqual(cfg.Kinds, wantKinds) {
		t.Errorf("kinds = %#v\nwant %#v", cfg.Kinds, wantKinds)
	}
	if len(cfg.Mappings) != 2 {
		t.Fatalf("%d mappings, want 2", len(cfg.Mappings))
	}
	m := cfg.Mappings[0]
	if m.Glob != "policies/**/*.md" || strings.Join(m.Kinds, ",") != "ai-policy,procedure" {
		t.Errorf("glob %q kinds %q", m.Glob, m.Kinds)
	}
	// The renames keep the order they are written in.
	wantFields := []artifact.FieldRename{{From: "last_updated", To: "last_reviewed"}, {From: "iso-42001_references", To: "controls"}, {From: "doc-status", To: "status"}}
	if !reflect.DeepEqual(m.Fields, wantFields) {
		t.Errorf("fields = %v, want %v", m.Fields, wantFields)
	}
	if m.Values["status"]["Approved-Specification"] != "approved" || m.Values["status"]["Draft"] != "draft" {
		t.Errorf("values = %v", m.Values)
	}
	if len(m.References) != 1 || m.References[0].Match.String() != `^A-(\d+)-(\d+)$` || m.References[0].Replace != "A.$1.$2" {
		t.Errorf("references = %v", m.References)
	}
	if m.ID == nil || *m.ID != (artifact.IDRule{Field: "sequence", Template: "POL-{}", Upper: true}) {
		t.Errorf("id = %+v", m.ID)
	}
	if id := cfg.Mappings[1].ID; id == nil || !id.FileName || id.Field != "" {
		t.Errorf("second id = %+v", id)
	}
	if !cfg.Reading().Maps() {
		t.Error("Reading().Maps() = false with mappings")
	}
}

func TestParseConfigMappingErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"bad regexp", "mappings:\n  - glob: \"**\"\n    references:\n      - match: '^A-(\\d+'\n        replace: 'A.$1'\n", 4, 16, "is not a regular expression (missing closing ): `^A-(\\d+`): write a Go regular expression"},
		{"group not in regexp", "mappings:\n  - glob: \"**\"\n    references:\n      - match: '^A-(\\d+)$'\n        replace: 'A.$2'\n", 5, 18, "names group $2"},
		{"template without {}", "mappings:\n  - glob: \"**\"\n    id:\n      field: sequence\n      template: POL-\n", 5, 17, `has no {}: write {} where the value goes, such as "POL-{}"`},
		{"unknown option", "mappings:\n  - glob: \"**\"\n    renames: {a: b}\n", 3, 14, "renames"},
		{"unknown id option", "mappings:\n  - glob: \"**\"\n    id:\n      field: seq\n      lower: true\n", 5, 14, "lower"},
		{"neither glob nor kinds", "mappings:\n  - fields: {a: b}\n", 2, 5, "one of `glob` or `kinds` is required"},
		{"neither field nor file name", "mappings:\n  - glob: \"**\"\n    id:\n      template: X-{}\n", 4, 7, "one of `field` or `file_name` is required"},
		{"glob without kind", "kinds:\n  - glob: \"*.md\"\n", 2, 5, "one of `kind` or `field` is required"},
		{"id field and file name", "mappings:\n  - glob: \"**\"\n    id:\n      field: seq\n      file_name: true\n", 5, 18, "not both"},
		{"rename to kind", "mappings:\n  - glob: \"**\"\n    fields:\n      type: kind\n", 4, 13, "write an entry `- field: type` under kinds"},
		{"values of kind", "mappings:\n  - glob: \"**\"\n    values:\n      kind: {Policy: ai-policy}\n", 4, 13, "under kinds"},
		{"bad glob", "mappings:\n  - glob: \"[a\"\n    fields: {a: b}\n", 2, 11, "invalid glob"},
		{"kind and field", "kinds:\n  - glob: \"*.md\"\n    kind: ai-policy\n    field: layout\n", 4, 12, "either kind"},
		{"values without field", "kinds:\n  - glob: \"*.md\"\n    kind: ai-policy\n    values: {a: ai-policy}\n", 4, 13, "write field"},
		{"field kind not a kind name", "kinds:\n  - field: layout\n    values: {Risk: Risk Item}\n", 3, 20, "must be a kind name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantParseErrorAt(t, tt.src, tt.line, tt.col, tt.msg)
		})
	}
}

// TestReadingEvidenceField checks that a custom kind's evidence_field is a
// reference field of the kind's documents wherever they are parsed: its
// numbers stay the text as written, and the mappings' references rewrite
// it.
func TestReadingEvidenceField(t *testing.T) {
	src := `kinds:
  - glob: "registers/**"
    field: layout
custom_kinds:
  - name: mitigation
    requires: [title]
    evidence_field: iso_refs
mappings:
  - glob: "registers/**"
    references:
      - match: '^A-(\d+)-(\d+)$'
        replace: 'A.$1.$2'
`
	var cfg Config
	if err := ParseConfig(&cfg, ".aims.yaml", []byte(src)); err != nil {
		t.Fatal(err)
	}
	d := cfg.ParseDocument("registers/mi-2.md", []byte("---\nlayout: mitigation\ntitle: M\niso_refs: [A-6-2, 7.4]\n---\n"))
	if d == nil || d.Kind != "mitigation" {
		t.Fatalf("got %+v, want a mitigation", d)
	}
	if got, want := d.Data["iso_refs"], []any{"A.6.2", "7.4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("iso_refs = %#v, want %#v", got, want)
	}
	// Rewriting references alone reads kinds, ids and statuses as written:
	// the partial run may still scan lines.
	cfg.Kinds = nil
	if cfg.Reading().Maps() {
		t.Error("Maps() with reference rewriting and evidence fields only, want false")
	}
}

// wantParseErrorAt parses src as .aims.yaml and checks that it is refused
// with a *ConfigError at line:col whose message holds msg.
func wantParseErrorAt(t *testing.T, src string, line, col int, msg string) {
	t.Helper()
	var cfg Config
	err := ParseConfig(&cfg, ".aims.yaml", []byte(src))
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a ConfigError", err)
	}
	if ce.Pos.Line != line || ce.Pos.Col != col || !strings.Contains(err.Error(), msg) || !strings.HasPrefix(err.Error(), ".aims.yaml:") {
		t.Errorf("err = %q (%d:%d), want %d:%d and %q", err, ce.Pos.Line, ce.Pos.Col, line, col, msg)
	}
}
