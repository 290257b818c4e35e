package schema

import (
	"sort"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Fields returns the top-level fields the schema of kind knows, sorted: the
// properties and required fields of its schema and of every schema that
// applies to the same document through $ref, allOf, anyOf, oneOf, if, then,
// else or dependentSchemas (so the fields every artifact has are among
// them). It returns nil for a kind without a schema.
func (s *Set) Fields(kind string) []string {
	sch, ok := s.kinds[kind]
	if !ok {
		return nil
	}
	names, _ := topLevel(sch)
	out := make([]string, 0, len(names))
	for n := range names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Misspellings returns, for every top-level key of doc that the schema of
// kind does not know, the known field it is most likely a misspelling of:
// one within a small edit distance that doc does not have itself (a
// document with both `owner` and `owners` chose its extra field). Keys far
// from every known field are extra fields a document may carry, and are
// left out. It returns nil when there is nothing to say.
func (s *Set) Misspellings(kind string, doc map[string]any) map[string]string {
	top, ok := s.fields[kind]
	if !ok || len(doc) == 0 {
		return nil
	}
	names, patterns := top.names, top.patterns
	var known []string
	for n := range names {
		if _, has := doc[n]; !has {
			known = append(known, n)
		}
	}
	sort.Strings(known)
	var out map[string]string
	for key := range doc {
		if names[key] || matchesAny(patterns, key) {
			continue
		}
		if f := closest(key, known); f != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[key] = f
		}
	}
	return out
}

// topLevel gathers the property names, required names and property name
// patterns of sch and of the schemas that apply to the same instance.
func topLevel(sch *jsonschema.Schema) (map[string]bool, []jsonschema.Regexp) {
	names := map[string]bool{}
	var patterns []jsonschema.Regexp
	seen := map[*jsonschema.Schema]bool{}
	var visit func(*jsonschema.Schema)
	visit = func(sc *jsonschema.Schema) {
		if sc == nil || seen[sc] {
			return
		}
		seen[sc] = true
		for n := range sc.Properties {
			names[n] = true
		}
		for _, n := range sc.Required {
			names[n] = true
		}
		for re := range sc.PatternProperties {
			patterns = append(patterns, re)
		}
		visit(sc.Ref)
		visit(sc.RecursiveRef)
		if sc.DynamicRef != nil {
			visit(sc.DynamicRef.Ref)
		}
		for _, list := range [][]*jsonschema.Schema{sc.AllOf, sc.AnyOf, sc.OneOf} {
			for _, c := range list {
				visit(c)
			}
		}
		visit(sc.If)
		visit(sc.Then)
		visit(sc.Else)
		for _, c := range sc.DependentSchemas {
			visit(c)
		}
	}
	visit(sch)
	return names, patterns
}

// matchesAny reports whether key matches one of the patterns.
func matchesAny(patterns []jsonschema.Regexp, key string) bool {
	for _, re := range patterns {
		if re.MatchString(key) {
			return true
		}
	}
	return false
}
