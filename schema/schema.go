// Package schema holds the JSON Schemas (draft 2020-12) of the aims document
// format, embedded in the binary, and validates decoded documents against them.
//
// It is the only package of aims that imports a JSON Schema library. Schemas
// are never fetched: a $ref may only point at the embedded schemas or at the
// repository-local schemas of custom kinds handed to [Compile].
//
// Validation problems come back as [Violation] values whose messages are
// written for the people who keep the documentation, not as a validator dump.
package schema

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed schemas/*.schema.json
var embedded embed.FS

const (
	// baseURL is where the embedded schemas live. It is never fetched: the
	// .invalid top-level domain cannot resolve.
	baseURL = "https://aims.invalid/schemas/"
	// repoURL is the base of the retrieval URLs of custom schemas: a custom
	// schema at schemas/x.json is https://aims.invalid/repo/schemas/x.json,
	// so relative $refs between custom schemas work as they do on disk.
	repoURL = "https://aims.invalid/repo/"

	defsName   = "defs.schema.json"
	configName = "config.schema.json"
)

// FS returns the embedded schema files (for `aims schema export`): one
// <kind>.schema.json per built-in kind, defs.schema.json and
// config.schema.json, at the root of the file system.
func FS() fs.FS {
	sub, err := fs.Sub(embedded, "schemas")
	if err != nil {
		// fs.Sub fails only on an invalid directory name, and "schemas" is valid.
		panic(err)
	}
	return sub
}

// Kinds returns the built-in kinds in a stable order (the order of
// docs/format.md). The caller may modify the returned slice.
func Kinds() []string {
	return []string{
		"aims-scope",
		"ai-policy",
		"roles",
		"procedure",
		"risk-register",
		"statement-of-applicability",
		"impact-assessment",
		"ai-objectives",
		"competence-record",
		"ai-system",
		"dataset",
		"evaluation",
		"supplier",
		"incident",
		"monitoring-report",
		"audit-programme",
		"audit-report",
		"management-review",
		"nonconformity",
	}
}

// A Custom is a custom kind: its repository-local schema, if it has one, and
// the shape of the fields every artifact has that the configuration gives it.
//
// Data is a JSON Schema (JSON text; draft 2020-12 unless it says otherwise in
// $schema). A document of a custom kind is validated against both the fields
// every artifact has (defs.schema.json#/$defs/artifact), with the required
// fields and the id pattern of the kind, and Data. A custom kind without a
// schema (nil Data and an empty Path) has only the fields every artifact has.
//
// A custom schema that has no $id is known by its repository path, so a
// relative $ref resolves as it would on disk: "common.schema.json" next to it
// is the custom schema at that path, and "defs.schema.json" (or any other
// embedded schema's file name) that is not itself a custom schema is the
// embedded one. A custom schema that has an $id is known by it, and may use
// the embedded schemas by their $id (https://aims.invalid/schemas/...).
type Custom struct {
	// Kind is the custom kind's name, e.g. "model-card". It must not be a
	// built-in kind, nor be given twice.
	Kind string
	// Path is the schema file's repository-relative, slash-separated path,
	// used in messages and to resolve relative $refs.
	Path string
	// Data is the schema file's content.
	Data []byte
	// Requires are the fields every artifact has that a document of the kind
	// must have (kind is always required); nil means those of every kind
	// (id, title, status, owner).
	Requires []string
	// IDPattern, when set, is the regular expression (Go syntax) the ids of
	// the kind match instead of the upper-case id pattern.
	IDPattern string
	// EvidenceField, when set, is the field in which each document of the
	// kind lists the clauses and controls it evidences: a list of ISO/IEC
	// 42001 references, checked as `controls` is.
	EvidenceField string
	// Fields are other fields the configuration gives the kind (its
	// reference fields, each one id or a list of them): known to it, so
	// never taken for misspellings, and checked to be text or a list of it.
	Fields []string
}

// noSchema reports whether the custom kind has no schema of its own.
func (c Custom) noSchema() bool { return c.Data == nil && c.Path == "" }

// Set holds compiled schemas, one per kind, plus the config schema.
// It is safe for concurrent use.
type Set struct {
	kinds  map[string]*jsonschema.Schema
	config *jsonschema.Schema
	// docs maps the retrieval URL of every schema document that was compiled
	// to its decoded JSON, to read back what a failing keyword's schema says
	// (the `if` of a conditional, the bounds of a range, known fields).
	docs map[string]any
	// canon maps the retrieval URL of every document that is a copy of an
	// embedded schema (the embedded one itself, or the alias a custom schema
	// reached by a relative file name) to the embedded schema's file name.
	canon map[string]string
	// fields holds the top-level fields of each kind's schema, worked out
	// once: Misspellings asks for them for every document.
	fields map[string]topFields
}

// topFields are the top-level property names and name patterns of a schema.
type topFields struct {
	names    map[string]bool
	patterns []jsonschema.Regexp
}

// Compile compiles the embedded schemas and the custom ones. A custom schema
// may $ref the embedded defs (by the $id URL or "defs.schema.json" relative
// to its own $id) and files given in customs; any other remote or file $ref is
// an error (never fetched, never read from disk) naming the file.
func Compile(customs []Custom) (*Set, error) {
	ld := &loader{docs: map[string]any{}, canon: map[string]string{}}
	names, err := fs.Glob(embedded, "schemas/*.schema.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	embeddedNames := map[string]bool{}
	for _, name := range names {
		data, err := embedded.ReadFile(name)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("embedded schema %s: %w", name, err)
		}
		base := path.Base(name)
		id := baseURL + base
		if got, _ := doc.(map[string]any)["$id"].(string); got != id {
			return nil, fmt.Errorf("embedded schema %s: $id is %q, want %q", base, got, id)
		}
		embeddedNames[base] = true
		ld.docs[id] = doc
		ld.canon[id] = base
	}
	ld.embedded = embeddedNames

	builtin := map[string]bool{}
	for _, k := range Kinds() {
		builtin[k] = true
		if !embeddedNames[k+".schema.json"] {
			return nil, fmt.Errorf("embedded schema for kind %s is missing", k)
		}
	}

	// Check and decode the custom schemas, in a stable order.
	customs = slices.Clone(customs)
	slices.SortFunc(customs, func(a, b Custom) int { return strings.Compare(a.Kind, b.Kind) })
	customURL := map[string]string{} // kind → URL to compile
	seenPath := map[string]string{}
	for i, c := range customs {
		if c.Kind == "" {
			return nil, fmt.Errorf("custom schema %s: the kind has no name", c.Path)
		}
		if builtin[c.Kind] {
			return nil, fmt.Errorf("custom schema %s: %s is a built-in kind; give the custom kind another name", c.Path, c.Kind)
		}
		if i > 0 && customs[i-1].Kind == c.Kind {
			return nil, fmt.Errorf("custom schema %s: kind %s already has the schema %s", c.Path, c.Kind, customs[i-1].Path)
		}
		if c.noSchema() {
			continue
		}
		p, err := cleanPath(c.Path)
		if err != nil {
			return nil, fmt.Errorf("custom schema %q: %w", c.Path, err)
		}
		u := (&url.URL{Scheme: "https", Host: "aims.invalid", Path: "/repo/" + p}).String()
		if other, ok := seenPath[u]; ok {
			// Two kinds may share a schema file; compile it once.
			customURL[c.Kind] = customURL[other]
			continue
		}
		seenPath[u] = c.Kind
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(c.Data))
		if err != nil {
			return nil, fmt.Errorf("custom schema %s: not valid JSON: %w", c.Path, err)
		}
		if jsonDeeper(doc, maxCustomDepth) {
			return nil, fmt.Errorf("custom schema %s: it nests objects and arrays more than %d levels deep: move inner schemas to $defs and use $ref", c.Path, maxCustomDepth)
		}
		ld.docs[u] = doc
		ld.paths = append(ld.paths, pathURL{u, c.Path})
		customURL[c.Kind] = u
		if obj, ok := doc.(map[string]any); ok {
			if id, ok := obj["$id"].(string); ok && id != "" {
				abs, err := url.Parse(u)
				if err == nil {
					var ref *url.URL
					ref, err = url.Parse(id)
					if err == nil {
						abs = abs.ResolveReference(ref)
						abs.Fragment = ""
					}
				}
				if err != nil {
					return nil, fmt.Errorf("custom schema %s: $id %q is not a valid URL", c.Path, id)
				}
				idURL := abs.String()
				if _, taken := ld.docs[idURL]; taken && idURL != u {
					return nil, fmt.Errorf("custom schema %s: $id %q is already used by another schema", c.Path, id)
				}
				if idURL != u {
					ld.docs[idURL] = doc
					ld.paths = append(ld.paths, pathURL{idURL, c.Path})
					customURL[c.Kind] = idURL
				}
			}
		}
	}

	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(ld)
	// The embedded and custom documents are resources, so the loader is only
	// asked for what is neither: aliases of embedded schemas and refusals.
	for _, name := range names {
		id := baseURL + path.Base(name)
		if err := c.AddResource(id, ld.docs[id]); err != nil {
			return nil, err
		}
	}

	s := &Set{kinds: map[string]*jsonschema.Schema{}}
	for _, k := range Kinds() {
		sch, err := c.Compile(baseURL + k + ".schema.json")
		if err != nil {
			return nil, fmt.Errorf("embedded schema %s.schema.json: %v", k, err)
		}
		s.kinds[k] = sch
	}
	if s.config, err = c.Compile(baseURL + configName); err != nil {
		return nil, fmt.Errorf("embedded schema %s: %v", configName, err)
	}

	for _, cu := range customs {
		u := customURL[cu.Kind]
		if u != "" {
			if _, err := c.Compile(u); err != nil {
				return nil, fmt.Errorf("custom schema %s (kind %s): %s", cu.Path, cu.Kind, ld.explain(err))
			}
		}
		// Every artifact has the common fields, whatever its custom schema
		// says, shaped by the kind's required fields and id pattern.
		wrapURL := "https://aims.invalid/custom-kinds/" + url.PathEscape(cu.Kind) + ".schema.json"
		var core any = map[string]any{"$ref": baseURL + defsName + "#/$defs/artifact"}
		if cu.Requires != nil || cu.IDPattern != "" {
			core = shapedArtifact(ld.docs[baseURL+defsName], cu)
		}
		all := []any{core}
		if cu.EvidenceField != "" || len(cu.Fields) > 0 {
			props := map[string]any{}
			for _, f := range cu.Fields {
				props[f] = map[string]any{"type": []any{"string", "array"}, "items": map[string]any{"type": "string"}}
			}
			if cu.EvidenceField != "" {
				props[cu.EvidenceField] = map[string]any{"$ref": baseURL + defsName + "#/$defs/references"}
			}
			all = append(all, map[string]any{"properties": props})
		}
		if u != "" {
			all = append(all, map[string]any{"$ref": u})
		}
		wrap := map[string]any{
			"$schema": "https://json-schema.org/draft/2020-12/schema",
			"$id":     wrapURL,
			"allOf":   all,
		}
		if err := c.AddResource(wrapURL, wrap); err != nil {
			return nil, fmt.Errorf("custom schema %s (kind %s): %v", cu.Path, cu.Kind, err)
		}
		sch, err := c.Compile(wrapURL)
		if err != nil {
			return nil, fmt.Errorf("custom schema %s (kind %s): %s", cu.Path, cu.Kind, ld.explain(err))
		}
		ld.docs[wrapURL] = wrap
		s.kinds[cu.Kind] = sch
	}
	s.docs = ld.docs
	s.canon = ld.canon
	s.fields = make(map[string]topFields, len(s.kinds))
	for k, sch := range s.kinds {
		names, patterns := topLevel(sch)
		s.fields[k] = topFields{names, patterns}
	}
	return s, nil
}

// shapedArtifact returns a copy of the fields every artifact has
// (defs.schema.json#/$defs/artifact, whose decoded document is defs) with
// the required fields and the id pattern of the custom kind cu. Its $refs
// point at defs.schema.json by its $id, as the copy lives in another
// document.
func shapedArtifact(defs any, cu Custom) map[string]any {
	d, _ := defs.(map[string]any)
	all, _ := d["$defs"].(map[string]any)
	art, _ := absoluteRefs(all["artifact"], baseURL+defsName).(map[string]any)
	if cu.Requires != nil {
		req := []any{"kind"}
		for _, f := range cu.Requires {
			if f != "kind" && !slices.Contains(req, any(f)) {
				req = append(req, f)
			}
		}
		art["required"] = req
	}
	if cu.IDPattern != "" {
		props, _ := art["properties"].(map[string]any)
		props["id"] = map[string]any{
			"title":       customIDTitle,
			"description": "The artifact's id, unique in the repository, matching the id pattern of its kind.",
			"type":        "string",
			"minLength":   1,
			"pattern":     cu.IDPattern,
		}
	}
	return art
}

// customIDTitle is the title of the id of a custom kind with its own id
// pattern, by which its messages are told apart.
const customIDTitle = "Artifact id of a custom kind"

// absoluteRefs returns a deep copy of the decoded schema v in which every
// $ref that is a fragment of its own document ("#/$defs/x") points at base
// instead.
func absoluteRefs(v any, base string) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			if s, ok := e.(string); ok && k == "$ref" && strings.HasPrefix(s, "#") {
				out[k] = base + s
				continue
			}
			out[k] = absoluteRefs(e, base)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = absoluteRefs(e, base)
		}
		return out
	}
	return v
}

// maxCustomDepth bounds the nesting of a custom schema: compiling takes time
// that grows faster than the square of the depth (a 30 KB schema nested 3000
// levels deep took minutes), and real schemas nest a few levels.
const maxCustomDepth = 100

// jsonDeeper reports whether the decoded JSON v nests objects and arrays
// more than max levels deep.
func jsonDeeper(v any, max int) bool {
	if max < 0 {
		return true
	}
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			if jsonDeeper(e, max-1) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if jsonDeeper(e, max-1) {
				return true
			}
		}
	}
	return false
}

// cleanPath checks and cleans a repository-relative path.
func cleanPath(p string) (string, error) {
	p = strings.ReplaceAll(p, "\\", "/")
	if p == "" {
		return "", errors.New("the schema has no path")
	}
	c := path.Clean(p)
	if path.IsAbs(c) || c == ".." || strings.HasPrefix(c, "../") || c == "." {
		return "", errors.New("the path must be relative to the repository and stay inside it")
	}
	return c, nil
}

// Has reports whether kind has a schema.
func (s *Set) Has(kind string) bool {
	_, ok := s.kinds[kind]
	return ok
}

// Validate validates a decoded document against the schema of kind and
// returns the violations in a stable order (by instance path, then key, then
// message); none means the document is valid.
//
// doc must be made of JSON-compatible values: map[string]any, []any, string,
// bool, nil, and numbers as float64, json.Number or any Go integer type (int,
// int64, uint64, …; float32 is accepted too). Dates stay strings as written
// in the source. A NaN or infinite float is reported as a violation; any other
// Go type (a time.Time, a map[any]any, a typed slice) is a programming error,
// reported as an error.
func (s *Set) Validate(kind string, doc any) ([]Violation, error) {
	sch, ok := s.kinds[kind]
	if !ok {
		return nil, fmt.Errorf("schema: no schema for kind %q", kind)
	}
	return s.validate(sch, doc, "the document")
}

// ValidateConfig validates a decoded .aims.yaml, made of the same values as
// for [Set.Validate].
func (s *Set) ValidateConfig(doc any) ([]Violation, error) {
	return s.validate(s.config, doc, "the configuration")
}

func (s *Set) validate(sch *jsonschema.Schema, doc any, root string) ([]Violation, error) {
	err := sch.Validate(doc)
	if err == nil {
		return nil, nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return nil, fmt.Errorf("schema: %w", err)
	}
	w := &walker{set: s, doc: doc, root: root}
	w.walk(verr, nil)
	if w.err != nil {
		return nil, w.err
	}
	return sortViolations(w.out), nil
}

// A Violation is one schema problem, in words a compliance officer understands.
type Violation struct {
	// Path is the instance location as tokens, e.g. ["risks","3","likelihood"].
	// For a missing required key it is the path of the mapping that lacks
	// it; for an unknown field it is the path of that field.
	Path []string
	// Key is, for a missing required key, the missing key's name, e.g.
	// "approved_on"; it is "" otherwise.
	Key string
	// Message says what is wrong and what to do, in lower case with no
	// final period.
	Message string
}

// String returns the violation as "risks.3.likelihood: message".
func (v Violation) String() string {
	p := strings.Join(v.Path, ".")
	if v.Key != "" {
		if p != "" {
			p += "."
		}
		p += v.Key
	}
	if p == "" {
		return v.Message
	}
	return p + ": " + v.Message
}

// sortViolations sorts by path (indexes numerically), key and message, and
// drops duplicates: two schemas may say the same thing about one value.
func sortViolations(vs []Violation) []Violation {
	slices.SortStableFunc(vs, compareViolations)
	return slices.CompactFunc(vs, func(a, b Violation) bool { return compareViolations(a, b) == 0 })
}

func compareViolations(a, b Violation) int {
	for i := 0; i < len(a.Path) && i < len(b.Path); i++ {
		if c := compareToken(a.Path[i], b.Path[i]); c != 0 {
			return c
		}
	}
	if c := len(a.Path) - len(b.Path); c != 0 {
		return c
	}
	if c := strings.Compare(a.Key, b.Key); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// compareToken orders two path tokens, numbers by value, before words.
func compareToken(a, b string) int {
	an, aok := index(a)
	bn, bok := index(b)
	switch {
	case aok && bok:
		if an != bn {
			if an < bn {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	case aok:
		return -1
	case bok:
		return 1
	}
	return strings.Compare(a, b)
}

// index parses a path token made only of digits.
func index(tok string) (int, bool) {
	if tok == "" || len(tok) > 9 {
		return 0, false
	}
	n := 0
	for _, r := range tok {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// pathURL is the retrieval URL of a custom schema and its repository path.
type pathURL struct{ url, path string }

// loader serves the embedded and custom schema documents to the compiler and
// refuses everything else: it never opens a file or a network connection.
type loader struct {
	docs     map[string]any    // retrieval URL → document
	canon    map[string]string // URL → embedded file name, for copies of embedded schemas
	embedded map[string]bool   // embedded file names
	paths    []pathURL
}

// refusedError says a $ref points outside the embedded and custom schemas.
type refusedError struct{}

func (refusedError) Error() string { return "not an embedded or custom schema" }

// Load implements jsonschema.URLLoader.
func (l *loader) Load(u string) (any, error) {
	if doc, ok := l.docs[u]; ok {
		return doc, nil
	}
	// A custom schema known by its repository path may name an embedded
	// schema by its file name, relative to itself, as on disk after
	// `aims schema export`: serve a copy of the embedded schema.
	if rest, ok := strings.CutPrefix(u, repoURL); ok && !strings.ContainsAny(rest, "?#") {
		name := path.Base(rest)
		if l.embedded[name] {
			orig, _ := l.docs[baseURL+name].(map[string]any)
			doc := make(map[string]any, len(orig))
			for k, v := range orig {
				if k != "$id" {
					doc[k] = v
				}
			}
			l.docs[u] = doc
			l.canon[u] = name
			return doc, nil
		}
	}
	return nil, refusedError{}
}

// explain turns a compilation error into words, naming repository paths
// instead of the URLs aims gives custom schemas.
func (l *loader) explain(err error) string {
	var msg string
	var lerr *jsonschema.LoadURLError
	var refused refusedError
	if errors.As(err, &lerr) && errors.As(lerr.Err, &refused) {
		ref := lerr.URL
		if p, ok := strings.CutPrefix(ref, repoURL); ok {
			msg = fmt.Sprintf("$ref to %s is not allowed: it is not a schema listed in custom_kinds", p)
		} else if p, ok := strings.CutPrefix(ref, "https://aims.invalid/"); ok && !strings.HasPrefix(p, "schemas/") {
			msg = fmt.Sprintf("a $ref leads outside the repository (to /%s): only schemas listed in custom_kinds and the embedded ones may be used", p)
		} else {
			msg = fmt.Sprintf("$ref to %q is not allowed: aims never fetches or reads schemas; $ref the embedded %s or a schema listed in custom_kinds", ref, defsName)
		}
	} else {
		msg = err.Error()
	}
	for _, p := range l.paths {
		msg = strings.ReplaceAll(msg, p.url, p.path)
	}
	return msg
}

// isFinite reports whether v is not a NaN or infinite float.
func isFinite(v any) bool {
	switch f := v.(type) {
	case float64:
		return !math.IsNaN(f) && !math.IsInf(f, 0)
	case float32:
		return !math.IsNaN(float64(f)) && !math.IsInf(float64(f), 0)
	}
	return true
}
