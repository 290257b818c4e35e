package artifact

import (
	"reflect"
	"testing"
)

func TestSections(t *testing.T) {
	src := "---\nkind: procedure\n---\n# Incident management\n\n## Purpose\nWhy.\n\n## Scope\n\n## Steps\n### Detect\n1. look\n\n```\n# not a heading\n```\nSetext heading\n--------------\n\n## Records\n\n## Template\n<!-- TODO: write this -->\n\n---\n\n## Filled\n<!-- note -->\n<p>text</p>\n"
	d := ParseDocument("p.md", []byte(src), "")
	want := []Section{
		{Title: "Incident management", Level: 1, Line: 4, Empty: false},
		{Title: "Purpose", Level: 2, Line: 6, Empty: false},
		{Title: "Scope", Level: 2, Line: 9, Empty: true},
		{Title: "Steps", Level: 2, Line: 11, Empty: false},
		{Title: "Detect", Level: 3, Line: 12, Empty: false},
		{Title: "Setext heading", Level: 2, Line: 18, Empty: true},
		{Title: "Records", Level: 2, Line: 21, Empty: true},
		{Title: "Template", Level: 2, Line: 23, Empty: true},
		{Title: "Filled", Level: 2, Line: 28, Empty: false},
	}
	if got := d.Sections(); !reflect.DeepEqual(got, want) {
		t.Errorf("Sections() =\n%+v\nwant\n%+v", got, want)
	}
	y := ParseDocument("a.yaml", []byte("kind: dataset\n"), "")
	if y.Sections() != nil {
		t.Error("a YAML document has no sections")
	}
}
