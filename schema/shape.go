package schema

import (
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// A Shape is what a kind's schema says of the type of a value: the one JSON
// type every document's value has there, and for an object its fields, for
// an array its items. Custom rules type-check their expressions with it.
type Shape struct {
	// Type is "string", "integer", "number", "boolean", "array" or
	// "object"; "" when the schema allows several types, or says nothing.
	Type string
	// Properties are an object's known fields.
	Properties map[string]*Shape
	// Open is set for an object that may hold fields other than
	// Properties (additionalProperties or patternProperties not false).
	Open bool
	// Items is the shape of an array's items; nil when unknown.
	Items *Shape
}

// shapeDepth bounds how deep Shape follows nested and recursive schemas;
// deeper values are of any type.
const shapeDepth = 12

// Shape returns the shape of the documents of kind, or nil for a kind
// without a schema. Every schema that applies to the same value (through
// $ref and allOf) adds its fields; anyOf and oneOf give a type only when
// all their alternatives agree, and if/then/else add the fields they name.
func (s *Set) Shape(kind string) *Shape {
	sch, ok := s.kinds[kind]
	if !ok {
		return nil
	}
	return shapeOf([]*jsonschema.Schema{sch}, 0)
}

// shapeOf merges what the schemas that all apply to one value say of it.
func shapeOf(schs []*jsonschema.Schema, depth int) *Shape {
	sh := &Shape{}
	if depth > shapeDepth {
		return sh
	}
	var (
		types    []string
		props    = map[string][]*jsonschema.Schema{}
		items    []*jsonschema.Schema
		closed   bool
		sawProps bool
		alts     [][]*jsonschema.Schema
	)
	seen := map[*jsonschema.Schema]bool{}
	var visit func(*jsonschema.Schema, bool)
	visit = func(sc *jsonschema.Schema, conditional bool) {
		if sc == nil || seen[sc] {
			return
		}
		seen[sc] = true
		if !conditional {
			if sc.Types != nil && !sc.Types.IsEmpty() {
				types = append(types, typeName(sc.Types.ToStrings()))
			}
			if sc.Const != nil {
				types = append(types, valueType(*sc.Const))
			}
			if sc.Enum != nil {
				types = append(types, enumType(sc.Enum.Values))
			}
			if sc.AdditionalProperties == false && len(sc.PatternProperties) == 0 {
				closed = true
			}
		}
		for n, p := range sc.Properties {
			props[n] = append(props[n], p)
			sawProps = true
		}
		if sc.Items2020 != nil {
			items = append(items, sc.Items2020)
		} else if it, ok := sc.Items.(*jsonschema.Schema); ok && it != nil {
			items = append(items, it)
		}
		visit(sc.Ref, conditional)
		for _, c := range sc.AllOf {
			visit(c, conditional)
		}
		for _, list := range [][]*jsonschema.Schema{sc.AnyOf, sc.OneOf} {
			if len(list) > 0 && !conditional {
				alts = append(alts, list)
			}
		}
		visit(sc.Then, true)
		visit(sc.Else, true)
	}
	for _, sc := range schs {
		visit(sc, false)
	}
	// Alternatives agree on a type when each of them has the same one.
	for _, list := range alts {
		var t string
		for i, a := range list {
			at := shapeOf([]*jsonschema.Schema{a}, depth+1).Type
			if i == 0 {
				t = at
			} else if at != t {
				t = ""
			}
		}
		if t != "" {
			types = append(types, t)
		}
	}
	sh.Type = agree(types)
	if len(types) == 0 && sawProps {
		sh.Type = "object"
	}
	switch sh.Type {
	case "object":
		sh.Properties = map[string]*Shape{}
		for n, ps := range props {
			sh.Properties[n] = shapeOf(ps, depth+1)
		}
		sh.Open = !closed
	case "array":
		if len(items) > 0 {
			sh.Items = shapeOf(items, depth+1)
		}
	}
	return sh
}

// typeName is the one type of a type list, ignoring null (a value that may
// be left empty); "" for several.
func typeName(ts []string) string {
	ts = slices.DeleteFunc(slices.Clone(ts), func(t string) bool { return t == "null" })
	if len(ts) == 1 {
		return ts[0]
	}
	if len(ts) == 2 && slices.Contains(ts, "integer") && slices.Contains(ts, "number") {
		return "number"
	}
	return ""
}

// agree is the type every entry of ts names, "" when they differ or none
// does. An integer where a number is allowed is a number.
func agree(ts []string) string {
	out := ""
	for _, t := range ts {
		switch {
		case t == "":
			return ""
		case out == "":
			out = t
		case out == t:
		case (out == "number" && t == "integer") || (out == "integer" && t == "number"):
			out = "integer"
		default:
			return ""
		}
	}
	return out
}

// valueType is the JSON type of a const value.
func valueType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case nil:
		return ""
	default:
		return "number"
	}
}

// enumType is the type every value of an enum has, "" when they differ.
func enumType(vals []any) string {
	var ts []string
	for _, v := range vals {
		if v == nil {
			continue // null allowed: the value may be left empty
		}
		ts = append(ts, valueType(v))
	}
	return agree(ts)
}
