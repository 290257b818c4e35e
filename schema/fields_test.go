package schema

import (
	"reflect"
	"slices"
	"testing"
)

func TestFields(t *testing.T) {
	s, err := Compile([]Custom{
		{Kind: "model-card", Path: "schemas/model-card.schema.json", Data: []byte(modelCardSchema)},
		{Kind: "patterned", Path: "schemas/patterned.schema.json", Data: []byte(`{
  "type": "object",
  "allOf": [{"$ref": "#/$defs/more"}],
  "patternProperties": {"^x-": {}},
  "$defs": {"more": {"properties": {"training_data": {"type": "string"}}}}
}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	system := s.Fields("ai-system")
	for _, f := range []string{"id", "kind", "approved_by", "review_cycle", "human_oversight", "impact_assessment", "risk_level"} {
		if !slices.Contains(system, f) {
			t.Errorf("Fields(ai-system) lacks %q: %q", f, system)
		}
	}
	card := s.Fields("model-card")
	for _, f := range []string{"owner", "approved_on", "limitations", "licence", "version_tag"} {
		if !slices.Contains(card, f) {
			t.Errorf("Fields(model-card) lacks %q: %q", f, card)
		}
	}
	if s.Fields("no-such-kind") != nil {
		t.Error("Fields of an unknown kind is not nil")
	}

	tests := []struct {
		kind string
		doc  map[string]any
		want map[string]string
	}{
		{"ai-policy", map[string]any{"id": "P", "aproved_by": "x", "approved_on": "2026-01-01"}, map[string]string{"aproved_by": "approved_by"}},
		{"ai-system", map[string]any{"human_oversigth": "x", "Risk_Level": "high", "cost_centre": "CC-1"},
			map[string]string{"human_oversigth": "human_oversight", "Risk_Level": "risk_level"}},
		// The document has the field itself: the near key is its own.
		{"ai-system", map[string]any{"owner": "x", "owners": []any{"x", "y"}}, nil},
		{"model-card", map[string]any{"limitatons": []any{"x"}, "licnce": "MIT"}, map[string]string{"limitatons": "limitations", "licnce": "licence"}},
		{"patterned", map[string]any{"trainig_data": "x", "x-titel": "y", "x-owner": "z"}, map[string]string{"trainig_data": "training_data"}},
		{"ai-system", map[string]any{}, nil},
		{"no-such-kind", map[string]any{"aproved_by": "x"}, nil},
	}
	for _, tt := range tests {
		if got := s.Misspellings(tt.kind, tt.doc); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Misspellings(%s, %v) = %v, want %v", tt.kind, tt.doc, got, tt.want)
		}
	}
}
