package rules

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aimsdev/aims/schema"
)

// TestFormatDocEvidence checks that docs/format.md names, for every kind, the
// references the catalogue says it evidences by default.
func TestFormatDocEvidence(t *testing.T) {
	data, err := os.ReadFile("../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	c := DefaultCatalogue()
	re := regexp.MustCompile("(?m)^### `([a-z-]+)` \\([^)]*\\) — evidences (.*)$")
	seen := map[string]bool{}
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		kind, list := m[1], m[2]
		seen[kind] = true
		var got []string
		if !strings.HasPrefix(list, "its own") {
			got = strings.Split(list, ", ")
		}
		if want := c.EvidencedBy(kind); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("docs/format.md: %s evidences %v, the catalogue says %v", kind, got, want)
		}
	}
	for _, k := range c.Kinds() {
		if !seen[k] {
			t.Errorf("docs/format.md has no section for kind %s", k)
		}
	}
}

// TestSchemaKindsMatchCatalogue keeps the schemas and the catalogue on the same kinds.
func TestSchemaKindsMatchCatalogue(t *testing.T) {
	if got, want := schema.Kinds(), DefaultCatalogue().Kinds(); !slices.Equal(got, want) {
		t.Errorf("schema kinds %v\ncatalogue kinds %v", got, want)
	}
}

// TestSchemaReferencesMatchCatalogue checks that the schemas accept exactly
// the references the catalogue knows in `controls`.
func TestSchemaReferencesMatchCatalogue(t *testing.T) {
	set, err := schema.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := DefaultCatalogue()
	doc := func(ref string) map[string]any {
		return map[string]any{"kind": "procedure", "id": "PROC-1", "title": "t", "status": "draft", "owner": "ai-governance-lead", "controls": []any{ref}}
	}
	var ids []string
	for _, r := range c.References() {
		ids = append(ids, r.ID)
	}
	ids = append(ids, "6.1", "7.5", "9.2", "9.3")
	for _, id := range ids {
		if !c.Valid(id) {
			t.Errorf("catalogue: %s not valid", id)
		}
		vs, err := set.Validate("procedure", doc(id))
		if err != nil || len(vs) > 0 {
			t.Errorf("schema rejects %s: %v %v", id, vs, err)
		}
	}
	for _, id := range []string{"A.6.1", "A.2.1", "A.11.2", "4.5", "6.1.5", "9", "A.6", "11.1", "B.5.2"} {
		if c.Valid(id) {
			t.Errorf("catalogue: %s valid", id)
		}
		if vs, _ := set.Validate("procedure", doc(id)); len(vs) == 0 {
			t.Errorf("schema accepts %s", id)
		}
	}
}
