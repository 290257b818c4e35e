package artifact

import (
	"context"
	"reflect"
	"testing"
	"testing/fstest"
)

func TestFileTypes(t *testing.T) {
	types := FileTypes{Suffixes: []string{".md.tmpl", ".YAML.j2"}, Globs: []string{"templates/*.md.erb"}}
	tests := []struct {
		path             string
		candidate, extra bool
		markdown, yaml   bool
	}{
		{"a/x.md", true, false, true, false},
		{"a/x.yml", true, false, false, true},
		{"a/x.md.tmpl", true, true, true, false},
		{"a/X.MD.TMPL", true, true, true, false},
		{"a/x.yaml.j2", true, true, false, true},
		{"templates/x.md.erb", true, true, true, false},
		{"other/x.md.erb", false, false, true, false},
		{"a/x.tmpl", false, false, false, false},
		{"a/x.txt.tmpl", false, false, false, false},
		{"a/x.md.bak", false, false, true, false},
	}
	for _, tt := range tests {
		if got := types.Candidate(tt.path); got != tt.candidate {
			t.Errorf("Candidate(%q) = %v, want %v", tt.path, got, tt.candidate)
		}
		if got := types.Extra(tt.path); got != tt.extra {
			t.Errorf("Extra(%q) = %v, want %v", tt.path, got, tt.extra)
		}
		if got := isMarkdown(tt.path); got != tt.markdown {
			t.Errorf("isMarkdown(%q) = %v, want %v", tt.path, got, tt.markdown)
		}
		if got := isYAML(tt.path); got != tt.yaml {
			t.Errorf("isYAML(%q) = %v, want %v", tt.path, got, tt.yaml)
		}
	}
	if (FileTypes{}).Candidate("x.md.tmpl") {
		t.Error("the zero FileTypes lists x.md.tmpl")
	}
}

func TestFileTypeFormatAndExtraGlob(t *testing.T) {
	for s, want := range map[string]bool{".md.tmpl": true, ".yml.j2": true, ".markdown.in": true, ".md": true, ".tmpl": false, "md.tmpl": false, "": false} {
		if got := FileTypeFormat(s); got != want {
			t.Errorf("FileTypeFormat(%q) = %v, want %v", s, got, want)
		}
	}
	for g, want := range map[string]bool{"templates/*.md.tmpl": true, "**/*.yaml.j2": true, "policies/*.md": false, "*.tmpl": false, "x/**": false} {
		if got := ExtraGlob(g); got != want {
			t.Errorf("ExtraGlob(%q) = %v, want %v", g, got, want)
		}
	}
}

// TestWalkFSFileTypes: discovery lists the files of the extra types.
func TestWalkFSFileTypes(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md":                 {Data: []byte("x")},
		"b.md.tmpl":            {Data: []byte("x")},
		"c.tmpl":               {Data: []byte("x")},
		"templates/d.yaml.j2":  {Data: []byte("x")},
		"elsewhere/e.yaml.j2":  {Data: []byte("x")},
		"elsewhere/f.md.tmpl~": {Data: []byte("x")},
	}
	files, _, err := WalkFS(context.Background(), fsys, FileTypes{Suffixes: []string{".md.tmpl"}, Globs: []string{"templates/*.yaml.j2"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Path)
	}
	if want := []string{"a.md", "b.md.tmpl", "templates/d.yaml.j2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("WalkFS = %v, want %v", got, want)
	}
}

// TestParseExtraType: a file of an extra type is parsed in the format of its
// Markdown or YAML part.
func TestParseExtraType(t *testing.T) {
	d := ParseDocument("t/x.md.tmpl", []byte("---\nkind: procedure\nid: PROC-1\n---\n\n# Body\n"), "")
	if d == nil || d.Format != Markdown || d.ID != "PROC-1" || d.BodyLine != 5 {
		t.Fatalf("ParseDocument(x.md.tmpl) = %+v, want Markdown PROC-1 with a body on line 5", d)
	}
	d = ParseDocument("t/x.yaml.j2", []byte("kind: dataset\nid: DS-1\n"), "")
	if d == nil || d.Format != YAML || d.ID != "DS-1" {
		t.Fatalf("ParseDocument(x.yaml.j2) = %+v, want YAML DS-1", d)
	}
}
