package schema

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

// modelCardSchema is a custom kind schema without $id that uses the embedded
// defs by a relative file name, as it would on disk after `aims schema export`.
const modelCardSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Model card",
  "type": "object",
  "properties": {
    "kind": {"const": "model-card"},
    "model": {"$ref": "defs.schema.json#/$defs/artifactId"},
    "limitations": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    "public": {"type": "boolean"},
    "licence": {"type": "string"},
    "version_tag": {"type": "string", "pattern": "^v[0-9]+$"}
  },
  "required": ["limitations"],
  "if": {"properties": {"public": {"const": true}}, "required": ["public"]},
  "then": {"required": ["licence"]}
}`

const modelCardDoc = `
id: MC-CREDIT
kind: model-card
title: Credit scoring model card
status: draft
owner: data-scientists
model: SYS-CREDIT
limitations: [not for applicants under 18]
`

func TestCustomKind(t *testing.T) {
	s := compile(t, Custom{Kind: "model-card", Path: "schemas/model-card.schema.json", Data: []byte(modelCardSchema)})
	if !s.Has("model-card") {
		t.Fatal("Has(model-card) is false")
	}
	tests := []struct {
		name string
		doc  string
		want []Violation
	}{
		{"valid", modelCardDoc, nil},
		{"defs ref", strings.Replace(modelCardDoc, "model: SYS-CREDIT", "model: sys credit", 1),
			[]Violation{{Path: []string{"model"}, Message: "`model` \"sys credit\" must be upper-case letters, digits and hyphens, like POL-001"}}},
		{"common fields are checked", strings.Replace(modelCardDoc, "status: draft", "status: approved", 1),
			[]Violation{
				{Path: []string{}, Key: "approved_by", Message: "`approved_by` is required when `status` is `approved`"},
				{Path: []string{}, Key: "approved_on", Message: "`approved_on` is required when `status` is `approved`"},
			}},
		{"own conditional", modelCardDoc + "public: true\n",
			[]Violation{{Path: []string{}, Key: "licence", Message: "`licence` is required when `public` is true"}}},
		{"own pattern", modelCardDoc + "version_tag: 1.0.0\n",
			[]Violation{{Path: []string{"version_tag"}, Message: "`version_tag` \"1.0.0\" is not written in the expected form"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Validate("model-card", decodeYAML(t, []byte(tt.doc)))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", dump(got), dump(tt.want))
			}
		})
	}
}

func TestCustomRefs(t *testing.T) {
	common := `{"$defs": {"limitations": {"type": "array", "items": {"$ref": "../defs.schema.json#/$defs/text"}, "minItems": 1}}}`
	tests := []struct {
		name    string
		customs []Custom
	}{
		{"own $id and relative defs", []Custom{{Kind: "model-card", Path: "x/card.json", Data: []byte(`{
			"$id": "https://aims.invalid/schemas/model-card.schema.json",
			"properties": {"model": {"$ref": "defs.schema.json#/$defs/artifactId"}, "limitations": {"minItems": 1}}}`)}}},
		{"defs by $id URL", []Custom{{Kind: "model-card", Path: "card.json", Data: []byte(`{
			"properties": {"model": {"$ref": "https://aims.invalid/schemas/defs.schema.json#/$defs/artifactId"}, "limitations": {"minItems": 1}}}`)}}},
		{"sibling custom schema", []Custom{
			{Kind: "model-card", Path: "schemas/cards/card.json", Data: []byte(`{
				"properties": {"model": {"$ref": "../defs.schema.json#/$defs/artifactId"}, "limitations": {"$ref": "../common/common.json#/$defs/limitations"}}}`)},
			{Kind: "common", Path: "schemas/common/common.json", Data: []byte(common)},
		}},
		{"custom by its $id", []Custom{
			{Kind: "model-card", Path: "card.json", Data: []byte(`{
				"properties": {"model": {"$ref": "defs.schema.json#/$defs/artifactId"}, "limitations": {"$ref": "https://example.org/common.json#/$defs/limitations"}}}`)},
			{Kind: "common", Path: "common/common.json", Data: []byte(`{"$id": "https://example.org/common.json", "$defs": {"limitations": {"minItems": 1}}}`)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := compile(t, tt.customs...)
			doc := strings.Replace(modelCardDoc, "limitations: [not for applicants under 18]", "limitations: []", 1)
			got, err := s.Validate("model-card", decodeYAML(t, []byte(doc)))
			if err != nil {
				t.Fatal(err)
			}
			want := []Violation{{Path: []string{"limitations"}, Message: "`limitations` must have at least one entry"}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got\n%s\nwant\n%s", dump(got), dump(want))
			}
			got, err = s.Validate("model-card", decodeYAML(t, []byte(strings.Replace(modelCardDoc, "SYS-CREDIT", "sys-credit", 1))))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || !strings.Contains(got[0].Message, "must be upper-case letters") {
				t.Errorf("model sys-credit: got\n%s", dump(got))
			}
		})
	}
}

func TestCustomRefsRefused(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, `{"type": "string"}`)
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "s.json")
	if err := os.WriteFile(file, []byte(`{"type": "string"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, ref, want string
	}{
		{"remote", "https://example.com/x.json", `"https://example.com/x.json" is not allowed`},
		{"file", "file:///etc/passwd", `"file:///etc/passwd" is not allowed`},
		{"existing file", "file://" + filepath.ToSlash(file), "is not allowed"},
		{"reachable server", srv.URL + "/s.json", "is not allowed"},
		{"unlisted repository file", "other.schema.json", "$ref to schemas/other.schema.json is not allowed"},
		{"outside the repository", "../../../etc/passwd", "leads outside the repository"},
		{"unknown embedded name", "https://aims.invalid/schemas/nope.schema.json", "is not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := fmt.Sprintf(`{"properties": {"x": {"$ref": %q}}}`, tt.ref)
			_, err := Compile([]Custom{{Kind: "model-card", Path: "schemas/model-card.schema.json", Data: []byte(data)}})
			if err == nil {
				t.Fatalf("Compile: got no error")
			}
			if !strings.Contains(err.Error(), "schemas/model-card.schema.json") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Compile: got %q, want it to name the file and contain %q", err, tt.want)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the schema server was asked %d times", n)
	}
}

func TestCustomErrors(t *testing.T) {
	tests := []struct {
		name    string
		customs []Custom
		want    string
	}{
		{"built-in kind", []Custom{{Kind: "ai-system", Path: "s.json", Data: []byte(`{}`)}}, "ai-system is a built-in kind"},
		{"twice", []Custom{{Kind: "card", Path: "a.json", Data: []byte(`{}`)}, {Kind: "card", Path: "b.json", Data: []byte(`{}`)}}, "already has the schema"},
		{"no kind", []Custom{{Path: "a.json", Data: []byte(`{}`)}}, "a.json"},
		{"not JSON", []Custom{{Kind: "card", Path: "card.json", Data: []byte(`{"type": `)}}, "card.json: not valid JSON"},
		{"not a schema", []Custom{{Kind: "card", Path: "card.json", Data: []byte(`{"type": "strin"}`)}}, "card.json"},
		{"outside the repository", []Custom{{Kind: "card", Path: "../card.json", Data: []byte(`{}`)}}, "stay inside it"},
		{"embedded $id", []Custom{{Kind: "card", Path: "card.json", Data: []byte(`{"$id": "https://aims.invalid/schemas/defs.schema.json"}`)}}, "already used"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(tt.customs)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Compile: got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
