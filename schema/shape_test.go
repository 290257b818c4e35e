package schema

import (
	"reflect"
	"testing"
)

// TestCustomKindShape: a custom kind's required fields and id pattern shape
// the fields every artifact has, with or without a schema of its own.
func TestCustomKindShape(t *testing.T) {
	s := compile(t,
		Custom{Kind: "mitigation", Requires: []string{"title", "status"}, IDPattern: `^[a-z]+-[0-9]+$`},
		Custom{Kind: "bare"},
		Custom{Kind: "risk-item", Requires: []string{}},
		Custom{Kind: "model-card", Path: "schemas/model-card.schema.json", Data: []byte(modelCardSchema), IDPattern: `^mc-[a-z]+$`, Requires: []string{"id", "title"}},
	)
	tests := []struct {
		name, kind, doc string
		want            []Violation
	}{
		{"lower-case id, no owner", "mitigation", "id: mi-2\nkind: mitigation\ntitle: Human review\nstatus: draft\n", nil},
		{"no id at all", "mitigation", "kind: mitigation\ntitle: Human review\nstatus: draft\n", nil},
		{"id off the pattern", "mitigation", "id: MI-2\nkind: mitigation\ntitle: Human review\nstatus: draft\n",
			[]Violation{{Path: []string{"id"}, Message: "`id` \"MI-2\" does not match the id pattern of its kind, ^[a-z]+-[0-9]+$: write an id that matches it, or change id_pattern in .aims.yaml"}}},
		{"required field missing", "mitigation", "id: mi-2\nkind: mitigation\nstatus: draft\n",
			[]Violation{{Path: []string{}, Key: "title", Message: "`title` is required"}}},
		{"core fields still typed", "mitigation", "id: mi-2\nkind: mitigation\ntitle: T\nstatus: done\n",
			[]Violation{{Path: []string{"status"}, Message: "`status` must be one of draft, in-review, approved, retired, not \"done\""}}},
		{"approval still required", "mitigation", "id: mi-2\nkind: mitigation\ntitle: T\nstatus: approved\n",
			[]Violation{
				{Path: []string{}, Key: "approved_by", Message: "`approved_by` is required when `status` is `approved`"},
				{Path: []string{}, Key: "approved_on", Message: "`approved_on` is required when `status` is `approved`"},
			}},
		{"no schema: default core fields", "bare", "id: BA-1\nkind: bare\ntitle: T\nstatus: draft\nowner: x-team\nanything: goes\n", nil},
		{"no schema: owner required by default", "bare", "id: BA-1\nkind: bare\ntitle: T\nstatus: draft\n",
			[]Violation{{Path: []string{}, Key: "owner", Message: "`owner` is required"}}},
		{"no schema: upper-case id by default", "bare", "id: ba-1\nkind: bare\ntitle: T\nstatus: draft\nowner: x-team\n",
			[]Violation{{Path: []string{"id"}, Message: "`id` \"ba-1\" must be upper-case letters, digits and hyphens, like POL-001"}}},
		{"requires nothing but kind", "risk-item", "kind: risk-item\n", nil},
		{"with a schema", "model-card", "id: mc-credit\nkind: model-card\ntitle: Card\nlimitations: [none]\n", nil},
		{"with a schema, its own fields", "model-card", "id: mc-credit\nkind: model-card\ntitle: Card\n",
			[]Violation{{Path: []string{}, Key: "limitations", Message: "`limitations` is required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Validate(tt.kind, decodeYAML(t, []byte(tt.doc)))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

// TestCustomKindFields: the evidence field holds ISO 42001 references, and
// the evidence and reference fields are known, never misspellings.
func TestCustomKindFields(t *testing.T) {
	s := compile(t, Custom{Kind: "mitigation", Requires: []string{"title"}, EvidenceField: "iso_refs", Fields: []string{"owners"}})
	doc := decodeYAML(t, []byte("kind: mitigation\ntitle: T\niso_refs: [A.6.2.4, A.99.1]\nowners: [x]\n"))
	// A reference field holds one id or a list of them.
	for bad, want := range map[string]string{
		"owners: 3":        "owners: `owners` must be a list or text, not 3",
		"owners: {a: b}":   "owners: `owners` must be a list or text, not a mapping",
		"owners: [a, [b]]": "owners.1: `owners[1]` must be text, not a list",
	} {
		vs, err := s.Validate("mitigation", decodeYAML(t, []byte("kind: mitigation\ntitle: T\n"+bad+"\n")))
		if err != nil || len(vs) != 1 || vs[0].String() != want {
			t.Errorf("%s: got %v, %v; want %q", bad, vs, err, want)
		}
	}
	got, err := s.Validate("mitigation", doc)
	if err != nil {
		t.Fatal(err)
	}
	want := []Violation{{Path: []string{"iso_refs", "1"}, Message: "`iso_refs[1]` \"A.99.1\" is not an ISO 42001 clause or Annex A control: write a clause like 6.1.2 or a control like A.6.2.4"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
	if m := s.Misspellings("mitigation", doc.(map[string]any)); len(m) > 0 {
		t.Errorf("Misspellings = %v, want none", m)
	}
}
