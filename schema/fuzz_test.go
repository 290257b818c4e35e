package schema

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// FuzzCompileCustom compiles arbitrary custom kind schemas and validates a
// document against those that compile: Compile never reads a file or the
// network (the loader refuses), finishes in bounded time, an error names the
// schema's file, and compiling and validating twice give the same answers.
func FuzzCompileCustom(f *testing.F) {
	for _, s := range []string{
		modelCardSchema,
		`{"type": "object"}`,
		`{"$ref": "defs.schema.json#/$defs/artifactId"}`,
		`{"$ref": "https://example.com/x.json"}`,
		`{"$ref": "/etc/passwd"}`,
		`{"$ref": "../../x.json"}`,
		`{"$ref": "#"}`,
		`{"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}`,
		`{"properties": {"x": {"pattern": "(a*)*b"}}}`,
		`{"properties": {"x": {"pattern": "["}}}`,
		`{"type": "object", "minProperties": 99999999999999999999}`,
		`{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"}`,
		`{"$id": "https://aims.invalid/schemas/ai-policy.schema.json"}`,
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`,
		"\xef\xbb\xbf{}",
		``,
	} {
		f.Add("model-card", "schemas/model-card.schema.json", []byte(s))
	}
	f.Add("ai-policy", "x.json", []byte(`{}`))
	f.Add("model-card", "../outside.json", []byte(`{}`))
	f.Fuzz(func(t *testing.T, kind, path string, data []byte) {
		customs := []Custom{{Kind: kind, Path: path, Data: data}}
		var set *Set
		var err, err2 error
		done := make(chan struct{})
		go func() {
			defer close(done)
			set, err = Compile(customs)
			_, err2 = Compile(customs)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("compiling a custom schema of %d bytes takes more than 20 seconds", len(data))
		}
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("two compilations differ: %v / %v", err, err2)
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			var re refusedError
			if errors.As(err, &re) {
				return
			}
			if path != "" && kind != "" && !strings.Contains(err.Error(), path) && !strings.Contains(err.Error(), kind) {
				t.Fatalf("the error %q names neither the kind nor the file", err)
			}
			return
		}
		if !set.Has(kind) {
			t.Fatalf("compiled, yet no kind %q", kind)
		}
		doc := map[string]any{"id": "MC-1", "kind": kind, "title": "t", "status": "draft", "owner": "o", "limitations": []any{"x"}}
		vs, err := set.Validate(kind, doc)
		vs2, err2 := set.Validate(kind, doc)
		if (err == nil) != (err2 == nil) || !reflect.DeepEqual(vs, vs2) {
			t.Fatalf("two validations differ: %v %v / %v %v", vs, err, vs2, err2)
		}
		for _, v := range vs {
			if v.Message == "" {
				t.Fatalf("a violation without a message: %+v", v)
			}
		}
	})
}
