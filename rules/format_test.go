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
