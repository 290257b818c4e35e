package artifact

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// policyReading is the vocabulary of a team that keeps its policies with
// its own frontmatter.
func policyReading() *Reading {
	return &Reading{
		Kinds: []KindRule{
			{Glob: "policies/*.md", Kind: "ai-policy"},
			{Glob: "docs/**/*.md", Field: "layout", Values: map[string]string{"risk": "risk-item"}},
		},
		Mappings: []Mapping{{
			Glob: "policies/**",
			Fields: []FieldRename{
				{From: "last_updated", To: "last_reviewed"},
				{From: "iso-42001_references", To: "controls"},
				{From: "doc-status", To: "status"},
			},
			Values:     map[string]map[string]string{"status": {"Approved-Specification": "approved", "Draft": "draft"}},
			References: []Rewrite{{Match: regexp.MustCompile(`^A-(\d+)-(\d+)$`), Replace: "A.$1.$2"}, {Match: regexp.MustCompile(`^C(\d+)$`), Replace: "$1"}},
			ID:         &IDRule{Field: "sequence", Template: "POL-{}", Upper: true},
		}},
	}
}

func TestMapping(t *testing.T) {
	tests := []struct {
		name    string
		rd      *Reading
		path    string
		src     string
		kind    string // "" for not an artifact
		id      string
		want    map[string]any // fields of Data to compare
		problem string         // a problem's message, when one is expected
	}{
		{
			name: "renames, values, references and id from a field",
			rd:   policyReading(),
			path: "policies/acceptable-use.md",
			src:  "---\ntitle: Acceptable use\nsequence: 7\nlast_updated: 2026-03-01\ndoc-status: Approved-Specification\niso-42001_references: [A-7-2, C9, 6.1.2]\n---\n# Body\n",
			kind: "ai-policy",
			id:   "POL-7",
			want: map[string]any{"kind": "ai-policy", "id": "POL-7", "last_reviewed": "2026-03-01", "status": "approved", "controls": []any{"A.7.2", "9", "6.1.2"}, "sequence": int64(7)},
		},
		{
			name: "a renamed number under a reference field stays as written",
			rd:   policyReading(),
			path: "policies/p.md",
			src:  "---\nid: POL-1\niso-42001_references: [7.4, 9.2]\n---\n",
			kind: "ai-policy",
			id:   "POL-1",
			want: map[string]any{"controls": []any{"7.4", "9.2"}},
		},
		{
			name: "a value not listed is left as written",
			rd:   policyReading(),
			path: "policies/p.md",
			src:  "---\nid: POL-1\ndoc-status: Withdrawn\n---\n",
			kind: "ai-policy",
			id:   "POL-1",
			want: map[string]any{"status": "Withdrawn"},
		},
		{
			name:    "the file's own aims field wins over a renamed key",
			rd:      policyReading(),
			path:    "policies/p.md",
			src:     "---\nid: POL-1\nstatus: draft\ndoc-status: Approved-Specification\n---\n",
			kind:    "ai-policy",
			id:      "POL-1",
			want:    map[string]any{"status": "draft", "doc-status": "Approved-Specification"},
			problem: "`doc-status` stands for `status` (mappings in .aims.yaml), and the file has `status` too: keep one of them",
		},
		{
			name: "an id field of the file wins over the id rule",
			rd:   policyReading(),
			path: "policies/p.md",
			src:  "---\nid: POL-XYZ\nsequence: 7\n---\n",
			kind: "ai-policy",
			id:   "POL-XYZ",
		},
		{
			name: "a file outside the mapping's glob is read as written",
			rd:   policyReading(),
			path: "procedures/p.md",
			src:  "---\nkind: procedure\nid: PRC-1\nlast_updated: 2026-03-01\n---\n",
			kind: "procedure",
			id:   "PRC-1",
			want: map[string]any{"last_updated": "2026-03-01"},
		},
		{
			name: "kind from a field's value, mapped",
			rd:   policyReading(),
			path: "docs/risks/r1.md",
			src:  "---\nlayout: risk\nid: RI-1\n---\n",
			kind: "risk-item",
			id:   "RI-1",
			want: map[string]any{"kind": "risk-item", "layout": "risk"},
		},
		{
			name: "kind from a field's value not listed: trimmed and lower-cased",
			rd:   policyReading(),
			path: "docs/m1.md",
			src:  "---\nlayout: ' Mitigation '\nid: MI-1\n---\n",
			kind: "mitigation",
			id:   "MI-1",
		},
		{
			name: "a declared kind wins over the field",
			rd:   policyReading(),
			path: "docs/m1.md",
			src:  "---\nkind: procedure\nlayout: risk\nid: MI-1\n---\n",
			kind: "procedure",
			id:   "MI-1",
		},
		{
			name: "without the field, no kind: not an artifact",
			rd:   policyReading(),
			path: "docs/readme.md",
			src:  "---\ntitle: Read me\n---\n",
		},
		{
			name: "the field outside the glob gives no kind",
			rd:   policyReading(),
			path: "other/r1.md",
			src:  "---\nlayout: risk\n---\n",
		},
		{
			name: "declared kinds mapped through a rule on kind",
			rd:   &Reading{Kinds: []KindRule{{Field: "kind", Values: map[string]string{"Policy": "ai-policy"}}}},
			path: "p.md",
			src:  "---\nkind: Policy\nid: POL-1\n---\n",
			kind: "ai-policy",
			id:   "POL-1",
			want: map[string]any{"kind": "ai-policy"},
		},
		{
			name: "id from the file name, upper-cased",
			rd:   &Reading{Mappings: []Mapping{{Kinds: []string{"procedure"}, ID: &IDRule{FileName: true, Upper: true}}}},
			path: "procedures/prc-12.md.tmpl.md",
			src:  "---\nkind: procedure\n---\n",
			kind: "procedure",
			id:   "PRC-12",
		},
		{
			name: "a mapping by kind applies to the kind a glob gives",
			rd: &Reading{
				Kinds:    []KindRule{{Glob: "policies/*.md", Kind: "ai-policy"}},
				Mappings: []Mapping{{Kinds: []string{"ai-policy"}, Fields: []FieldRename{{From: "owner_role", To: "owner"}}}},
			},
			path: "policies/p.md",
			src:  "---\nid: POL-1\nowner_role: ai-governance-lead\n---\n",
			kind: "ai-policy",
			id:   "POL-1",
			want: map[string]any{"owner": "ai-governance-lead", "kind": "ai-policy"},
		},
		{
			name: "a mapping by kind does not apply to another kind",
			rd:   &Reading{Mappings: []Mapping{{Kinds: []string{"ai-policy"}, Fields: []FieldRename{{From: "owner_role", To: "owner"}}}}},
			path: "p.md",
			src:  "---\nkind: procedure\nid: PRC-1\nowner_role: ai-governance-lead\n---\n",
			kind: "procedure",
			id:   "PRC-1",
			want: map[string]any{"owner_role": "ai-governance-lead"},
		},
		{
			name: "every matching mapping applies, in order; extra reference fields are rewritten at any depth",
			rd: &Reading{Mappings: []Mapping{
				{Glob: "**", Fields: []FieldRename{{From: "state", To: "status"}}},
				{Kinds: []string{"mitigation"}, ReferenceFields: []string{"iso_refs"}, Values: map[string]map[string]string{"status": {"Done": "approved"}},
					References: []Rewrite{{Match: regexp.MustCompile(`^A-(\d+)-(\d+)$`), Replace: "A.$1.$2"}}},
			}},
			path: "m.yaml",
			src:  "kind: mitigation\nid: MI-1\nstate: Done\niso_refs: [A-6-2, 8.2]\nsteps:\n  - controls: A-9-3\n",
			kind: "mitigation",
			id:   "MI-1",
			want: map[string]any{"status": "approved", "iso_refs": []any{"A.6.2", "8.2"}, "steps": []any{map[string]any{"controls": "A.9.3"}}},
		},
		{
			name: "renames chain across mappings",
			rd: &Reading{Mappings: []Mapping{
				{Glob: "**", Fields: []FieldRename{{From: "updated", To: "reviewed"}}},
				{Glob: "**", Fields: []FieldRename{{From: "reviewed", To: "last_reviewed"}}},
			}},
			path: "a.yaml",
			src:  "kind: dataset\nid: DS-1\nupdated: 2026-01-01\n",
			kind: "dataset",
			id:   "DS-1",
			want: map[string]any{"last_reviewed": "2026-01-01", "reviewed": nil, "updated": nil},
		},
		{
			name: "a value map of a list maps each item",
			rd:   &Reading{Mappings: []Mapping{{Glob: "**", Values: map[string]map[string]string{"ai_systems": {"credit": "SYS-CREDIT"}}}}},
			path: "a.yaml",
			src:  "kind: dataset\nid: DS-1\nai_systems: [credit, SYS-X]\n",
			kind: "dataset",
			id:   "DS-1",
			want: map[string]any{"ai_systems": []any{"SYS-CREDIT", "SYS-X"}},
		},
		{
			name: "an id from a renamed field",
			rd:   &Reading{Mappings: []Mapping{{Glob: "**", Fields: []FieldRename{{From: "doc_no", To: "number"}}, ID: &IDRule{Field: "number", Template: "DOC-{}"}}}},
			path: "a.yaml",
			src:  "kind: dataset\ndoc_no: 12\n",
			kind: "dataset",
			id:   "DOC-12",
		},
		{
			name: "no id when the id field is missing",
			rd:   policyReading(),
			path: "policies/p.md",
			src:  "---\ntitle: P\n---\n",
			kind: "ai-policy",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.rd.Parse(tt.path, []byte(tt.src))
			if tt.kind == "" {
				if d != nil {
					t.Fatalf("got a document of kind %q, want none", d.Kind)
				}
				return
			}
			if d == nil {
				t.Fatal("not an artifact")
			}
			if d.Kind != tt.kind || d.ID != tt.id {
				t.Errorf("kind %q id %q, want %q %q", d.Kind, d.ID, tt.kind, tt.id)
			}
			for k, v := range tt.want {
				if !reflect.DeepEqual(d.Data[k], v) {
					t.Errorf("%s = %#v, want %#v", k, d.Data[k], v)
				}
			}
			var msgs []string
			for _, p := range d.Problems {
				msgs = append(msgs, p.Message)
			}
			if got := strings.Join(msgs, "\n"); got != tt.problem {
				t.Errorf("problems %q, want %q", got, tt.problem)
			}
		})
	}
}

// TestMappingPositions checks that what a mapping makes of a document is
// located where the user wrote it.
func TestMappingPositions(t *testing.T) {
	src := "---\n" + // 1
		"title: Acceptable use\n" + // 2
		"sequence: 7\n" + // 3
		"last_updated: 2026-03-01\n" + // 4
		"doc-status: Approved-Specification\n" + // 5
		"iso-42001_references:\n" + // 6
		"  - A-7-2\n" + // 7
		"status: draft\n" + // 8, the file's own: doc-status is reported
		"---\n"
	d := policyReading().Parse("policies/acceptable-use.md", []byte(src))
	if d == nil || d.Data == nil {
		t.Fatal("not parsed")
	}
	tests := []struct {
		name      string
		got       Range
		line, col int
		endCol    int
	}{
		{"renamed field's value", d.Locate("last_reviewed"), 4, 15, 25},
		{"renamed field's key", d.LocateKey("last_reviewed"), 4, 1, 13},
		{"renamed list item", d.Locate("controls", "0"), 7, 5, 10},
		{"id from a field", d.Locate("id"), 3, 11, 12},
		{"id's key from a field", d.LocateKey("id"), 3, 1, 9},
		{"own field wins", d.Locate("status"), 8, 9, 14},
		{"kind from a glob: the document's start", d.Locate("kind"), 2, 1, 1},
	}
	chained := (&Reading{Mappings: []Mapping{
		{Glob: "**", Fields: []FieldRename{{From: "updated", To: "reviewed"}}},
		{Glob: "**", Fields: []FieldRename{{From: "reviewed", To: "last_reviewed"}}},
	}}).Parse("a.yaml", []byte("kind: dataset\nid: DS-1\nupdated: 2026-01-01\n"))
	tests = append(tests, struct {
		name      string
		got       Range
		line, col int
		endCol    int
	}{"renamed twice", chained.Locate("last_reviewed"), 3, 10, 20})
	for _, tt := range tests {
		if tt.got.Start.Line != tt.line || tt.got.Start.Col != tt.col || tt.got.End.Col != tt.endCol {
			t.Errorf("%s: %d:%d-%d, want %d:%d-%d", tt.name, tt.got.Start.Line, tt.got.Start.Col, tt.got.End.Col, tt.line, tt.col, tt.endCol)
		}
	}
	if len(d.Problems) != 1 || d.Problems[0].Range.Start != (Position{Line: 5, Col: 1}) {
		t.Errorf("problems %+v, want one at the doc-status key (5:1)", d.Problems)
	}

	// The kind from a field is that field; an id from the file name is the
	// document's start.
	rd := &Reading{
		Kinds:    []KindRule{{Field: "layout"}},
		Mappings: []Mapping{{Glob: "**", ID: &IDRule{FileName: true, Upper: true}}},
	}
	d = rd.Parse("docs/ri-1.md", []byte("---\n# a comment\ntitle: R\nlayout: risk\n---\n"))
	if d == nil || d.ID != "RI-1" || d.Kind != "risk" {
		t.Fatalf("got %+v", d)
	}
	if r := d.Locate("kind"); r.Start != (Position{Line: 4, Col: 9}) {
		t.Errorf("kind at %v, want 4:9 (layout's value)", r.Start)
	}
	for _, r := range []Range{d.Locate("id"), d.LocateKey("id")} {
		if r.Start != (Position{Line: 3, Col: 1}) {
			t.Errorf("id from the file name at %v, want the document's start 3:1", r.Start)
		}
	}
}

// TestMappingUnparsed checks that a document that does not parse still
// gets its kind from a field and its id from a mapping, line by line.
func TestMappingUnparsed(t *testing.T) {
	rd := &Reading{
		Kinds:    []KindRule{{Glob: "docs/**", Field: "layout", Values: map[string]string{"risk": "risk-item"}}},
		Mappings: []Mapping{{Kinds: []string{"risk-item"}, ID: &IDRule{Field: "sequence", Template: "RI-{}"}}},
	}
	d := rd.Parse("docs/r.md", []byte("---\nlayout: risk\nsequence: 4\ntitle: [broken\n---\n"))
	if d == nil {
		t.Fatal("a document with a kind field that does not parse is an artifact")
	}
	if d.Data != nil || len(d.Problems) == 0 || d.Problems[0].RuleID != RuleParse {
		t.Fatalf("want a parse problem, got %+v", d.Problems)
	}
	if d.Kind != "risk-item" || !d.Salvaged.Has("id", "RI-4") {
		t.Errorf("kind %q ids %v, want risk-item and RI-4", d.Kind, d.Salvaged.Values("id"))
	}
	if d := rd.Parse("other/r.md", []byte("---\nlayout: risk\ntitle: [broken\n---\n")); d != nil {
		t.Errorf("outside the glob, a file without kind is no artifact; got kind %q", d.Kind)
	}
}

func TestBaseName(t *testing.T) {
	for in, want := range map[string]string{
		"policies/acceptable-use.md": "acceptable-use",
		"a/b/x.md.tmpl":              "x",
		"readme":                     "readme",
		".hidden.md":                 ".hidden",
	} {
		if got := baseName(in); got != want {
			t.Errorf("baseName(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParseMapped feeds arbitrary documents to a reading with every kind of
// mapping: it must never panic, problems stay within the file, and every
// renamed field is located within it.
func FuzzParseMapped(f *testing.F) {
	for _, s := range []string{
		"---\nsequence: 7\ndoc-status: Draft\nlast_updated: 2026-01-01\niso-42001_references: [A-7-2, 7.4]\n---\n",
		"layout: risk\nsequence: [1]\nlast_updated: {a: 1}\nlast_reviewed: 2026-01-01\n",
		"layout: [risk\nsequence: 4\n",
		"kind: Policy\nsequence: 1e9\nsteps: [{controls: A-1-2}]\n",
		"layout: ''\nsequence: true\n",
	} {
		f.Add("registers/r.md", []byte(s))
		f.Add("registers/r.yaml", []byte(s))
	}
	rd := &Reading{
		Kinds: []KindRule{
			{Field: "kind", Values: map[string]string{"Policy": "ai-policy"}},
			{Glob: "registers/**", Field: "layout", Values: map[string]string{"risk": "risk-item"}},
		},
		Mappings: []Mapping{{
			Glob:            "**",
			Fields:          []FieldRename{{From: "last_updated", To: "last_reviewed"}, {From: "doc-status", To: "status"}, {From: "iso-42001_references", To: "controls"}},
			Values:          map[string]map[string]string{"status": {"Draft": "draft"}},
			References:      []Rewrite{{Match: regexp.MustCompile(`^A-(\d+)-(\d+)$`), Replace: "A.$1.$2"}},
			ReferenceFields: []string{"iso_refs"},
			ID:              &IDRule{Field: "sequence", Template: "RI-{}", Upper: true},
		}},
	}
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		d := rd.Parse(name, src)
		if d == nil {
			return
		}
		for _, p := range d.Problems {
			withinLines(t, "a problem", p.Range.Start, src)
		}
		for _, field := range []string{"id", "kind", "status", "last_reviewed", "controls"} {
			withinLines(t, field, d.Locate(field).Start, src)
			withinLines(t, field, d.LocateKey(field).Start, src)
		}
	})
}
