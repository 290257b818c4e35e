package lint

import (
	"reflect"
	"testing"

	"github.com/aimsdev/aims/artifact"
)

// TestParseCustomKindShape reads every key of a custom kind's shape.
func TestParseCustomKindShape(t *testing.T) {
	src := `kinds:
  - glob: "templates/*.md.tmpl"
    kind: procedure
  - glob: "policies/*.md"
    kind: ai-policy
custom_kinds:
  - name: risk-item
    requires: [title]
    id_pattern: '^ri-[0-9]+$'
  - name: mitigation
    requires: [title, status]
    id_pattern: '^[a-z]+-[0-9]+$'
    evidence_field: iso_refs
    evidences: [A.6.2.2]
    references:
      mitigates: risk-item
      covers: [ai-system, dataset]
    file_types: [.md.tmpl, .yaml.j2]
  - name: model-card
    schema: schemas/model-card.schema.json
`
	var cfg Config
	if err := ParseConfig(&cfg, ".aims.yaml", []byte(src)); err != nil {
		t.Fatal(err)
	}
	m := cfg.CustomKind("mitigation")
	if m == nil {
		t.Fatal("no custom kind mitigation")
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"requires", m.Requires, []string{"title", "status"}},
		{"id_pattern", m.IDPattern, "^[a-z]+-[0-9]+$"},
		{"evidence_field", m.EvidenceField, "iso_refs"},
		{"evidences", m.Evidences, []string{"A.6.2.2"}},
		{"references", m.References, []CustomReference{{Field: "covers", Kinds: []string{"ai-system", "dataset"}}, {Field: "mitigates", Kinds: []string{"risk-item"}}}},
		{"file_types", m.FileTypes, []string{".md.tmpl", ".yaml.j2"}},
		{"schema optional", m.Schema, ""},
		{"source line", m.Source.Start.Line, 10},
		{"default requires", cfg.CustomKind("model-card").Requires, []string(nil)},
		{"types", cfg.FileTypes(), artifact.FileTypes{Suffixes: []string{".md.tmpl", ".yaml.j2"}, Globs: []string{"templates/*.md.tmpl"}}},
		{"unknown kind", cfg.CustomKind("nope"), (*CustomKind)(nil)},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

// TestParseCustomKindErrors: each mistake in a custom kind's shape names the
// line and column of the value at fault.
func TestParseCustomKindErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"bad id_pattern", "custom_kinds:\n  - name: mitigation\n    id_pattern: '^[a-z+$'\n", 3, 17, "not a valid regular expression (missing closing ])"},
		{"requires not a core field", "custom_kinds:\n  - name: mitigation\n    requires: [title, layout]\n", 3, 23, "must be one of id, title, status, owner"},
		{"requires kind", "custom_kinds:\n  - name: mitigation\n    requires: [kind]\n", 3, 16, `not "kind"`},
		{"file type without a format", "custom_kinds:\n  - name: mitigation\n    file_types: [.md.tmpl, .tmpl]\n", 3, 28, `file type ".tmpl" has no .md, .markdown, .yaml or .yml part`},
		{"file type without a dot", "custom_kinds:\n  - name: mitigation\n    file_types: [md.tmpl]\n", 3, 18, `file type "md.tmpl"`},
		{"reference to an unknown kind", "custom_kinds:\n  - name: mitigation\n    references:\n      mitigates: risk-itme\n", 4, 18, `names the unknown kind "risk-itme": use a built-in kind or a custom kind`},
		{"reference to a misspelt kind", "custom_kinds:\n  - name: mitigation\n    references:\n      covers: [ai-system, datset]\n", 4, 27, `did you mean "dataset"?`},
		{"reference kind not a name", "custom_kinds:\n  - name: mitigation\n    references:\n      mitigates: Risk Item\n", 4, 18, "must be a kind name"},
		{"built-in name", "custom_kinds:\n  - name: procedure\n", 2, 11, "procedure is a built-in kind"},
		{"declared twice", "custom_kinds:\n  - name: mitigation\n  - name: mitigation\n", 3, 11, "declared twice"},
		{"evidence_field empty", "custom_kinds:\n  - name: mitigation\n    evidence_field: ''\n", 3, 21, "must not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantParseErrorAt(t, tt.src, tt.line, tt.col, tt.msg)
		})
	}
}

// TestEvidenceFieldRead: a custom kind's evidence_field is read as
// references: numbers as written, rewritten by the mappings' references,
// and listed with controls by EvidencedControls.
func TestEvidenceFieldRead(t *testing.T) {
	src := `mappings:
  - glob: "**"
    references:
      - match: '^A-(\d+)-(\d+)$'
        replace: 'A.$1.$2'
custom_kinds:
  - name: mitigation
    requires: [title]
    evidence_field: iso_refs
`
	var cfg Config
	if err := ParseConfig(&cfg, ".aims.yaml", []byte(src)); err != nil {
		t.Fatal(err)
	}
	d := cfg.ParseDocument("m/mi-2.md", []byte("---\nkind: mitigation\ntitle: T\ncontrols: [A.6.2.4]\niso_refs: [A-7-4, 7.4, 9.10]\nother: 7.4\n---\n"))
	if d == nil {
		t.Fatal("no document")
	}
	if got, want := cfg.EvidencedControls(d), []string{"A.6.2.4", "A.7.4", "7.4", "9.10"}; !reflect.DeepEqual(got, want) {
		t.Errorf("EvidencedControls = %q, want %q", got, want)
	}
	if got := d.Data["other"]; got != 7.4 {
		t.Errorf("other = %#v, want the number 7.4: only the evidence field is read as references", got)
	}
	// Another kind's field of that name is left as written.
	d = cfg.ParseDocument("m/x.md", []byte("---\nkind: procedure\niso_refs: [7.4]\n---\n"))
	if got := d.Data["iso_refs"]; !reflect.DeepEqual(got, []any{7.4}) {
		t.Errorf("iso_refs of a procedure = %#v, want the number 7.4", got)
	}
}
