package schema

import "testing"

func TestShape(t *testing.T) {
	set, err := Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	if set.Shape("no-such-kind") != nil {
		t.Error("a kind without a schema has a shape")
	}
	tests := []struct {
		kind string
		path []string // fields, "[]" for an array's items
		want string
	}{
		{"ai-system", []string{"id"}, "string"},
		{"ai-system", []string{"owner"}, "string"},
		{"ai-system", []string{"controls"}, "array"},
		{"risk-register", []string{"risks"}, "array"},
		{"risk-register", []string{"risks", "[]"}, "object"},
		{"risk-register", []string{"risks", "[]", "id"}, "string"},
		{"risk-register", []string{"criteria"}, "object"},
		{"roles", []string{"roles", "[]", "members"}, "array"},
		{"roles", []string{"roles", "[]", "members", "[]"}, "string"},
	}
	for _, tt := range tests {
		sh := set.Shape(tt.kind)
		for _, p := range tt.path {
			if sh == nil {
				break
			}
			if p == "[]" {
				sh = sh.Items
			} else {
				sh = sh.Properties[p]
			}
		}
		if sh == nil {
			t.Errorf("%s %v: no shape", tt.kind, tt.path)
			continue
		}
		if sh.Type != tt.want {
			t.Errorf("%s %v: type %q, want %q", tt.kind, tt.path, sh.Type, tt.want)
		}
	}
	if rr := set.Shape("roles").Properties["roles"].Items; rr.Open {
		t.Error("a role (additionalProperties: false) is open")
	}
}
