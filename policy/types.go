package policy

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"

	"github.com/aimsdev/aims/schema"
)

// celIdent is a field name CEL can select with a dot.
var celIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// An objectType is a CEL object type made from an object of a kind's
// schema: the document itself, or an object in it (a risk of the
// register). Its values are the documents' own maps.
type objectType struct {
	name   string
	fields map[string]*types.FieldType
	names  []string // sorted, for "did you mean"
}

// provider gives CEL the object types of the kinds' schemas, on top of the
// standard types.
type provider struct {
	*types.Registry
	objects map[string]*objectType
}

func newProvider() (*provider, error) {
	reg, err := types.NewRegistry()
	if err != nil {
		return nil, err
	}
	return &provider{Registry: reg, objects: map[string]*objectType{}}, nil
}

// FindStructType implements types.Provider.
func (p *provider) FindStructType(name string) (*types.Type, bool) {
	if _, ok := p.objects[name]; ok {
		return types.NewTypeTypeWithParam(types.NewObjectType(name)), true
	}
	return p.Registry.FindStructType(name)
}

// FindStructFieldNames implements types.Provider.
func (p *provider) FindStructFieldNames(name string) ([]string, bool) {
	if o, ok := p.objects[name]; ok {
		return o.names, true
	}
	return p.Registry.FindStructFieldNames(name)
}

// FindStructFieldType implements types.Provider.
func (p *provider) FindStructFieldType(name, field string) (*types.FieldType, bool) {
	if o, ok := p.objects[name]; ok {
		f, ok := o.fields[field]
		return f, ok
	}
	return p.Registry.FindStructFieldType(name, field)
}

// NewValue implements types.Provider: documents are read, never built.
func (p *provider) NewValue(name string, fields map[string]ref.Val) ref.Val {
	if _, ok := p.objects[name]; ok {
		return types.NewErr("cannot build a %s in a rule: documents are read, not made", name)
	}
	return p.Registry.NewValue(name, fields)
}

// kindType returns the CEL type of the documents of kind with shape sh, and
// registers the object types it is made of. A kind without a schema, or an
// object with fields CEL cannot name, is a map.
func (p *provider) kindType(kind string, sh *schema.Shape) *cel.Type {
	if sh == nil {
		return cel.MapType(cel.StringType, cel.DynType)
	}
	return p.typeOf("aims."+typeWord(kind), "", sh)
}

// typeWord makes a kind name part of a CEL type name.
func typeWord(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// typeOf is the CEL type of a value of shape sh at field path (for the
// names of nested object types).
func (p *provider) typeOf(name, field string, sh *schema.Shape) *cel.Type {
	switch sh.Type {
	case "string":
		return cel.StringType
	case "integer":
		return cel.IntType
	case "number":
		return cel.DoubleType
	case "boolean":
		return cel.BoolType
	case "array":
		if sh.Items == nil {
			return cel.ListType(cel.DynType)
		}
		return cel.ListType(p.typeOf(name, field+"[]", sh.Items))
	case "object":
		return p.object(name, field, sh)
	}
	return cel.DynType
}

// object registers the object type of an object shape and returns it; a
// map for an object whose fields cannot all be named in CEL.
func (p *provider) object(name, field string, sh *schema.Shape) *cel.Type {
	if len(sh.Properties) == 0 {
		return cel.MapType(cel.StringType, cel.DynType)
	}
	for f := range sh.Properties {
		if !celIdent.MatchString(f) {
			return cel.MapType(cel.StringType, cel.DynType)
		}
	}
	tn := name
	if field != "" {
		tn = name + "." + typeWord(strings.ReplaceAll(field, "[]", ""))
	}
	if _, ok := p.objects[tn]; ok {
		return cel.ObjectType(tn)
	}
	o := &objectType{name: tn, fields: map[string]*types.FieldType{}}
	p.objects[tn] = o // before the fields: a recursive shape ends here
	for f, fsh := range sh.Properties {
		sub := field
		if sub == "" {
			sub = f
		} else {
			sub += "." + f
		}
		t := p.typeOf(name, sub, fsh)
		guard := "…." + f // an object in a list: its variable is the rule's
		if field == "" {
			guard = "doc." + f
		} else if !strings.Contains(field, "[]") {
			guard = "doc." + field + "." + f
		}
		o.fields[f] = fieldType(f, t, guard)
		o.names = append(o.names, f)
	}
	sort.Strings(o.names)
	return cel.ObjectType(tn)
}

// fieldType reads field f, of CEL type t, from a document's map. A value
// that is not of the type the schema gives (in a document that breaks its
// schema) is an error naming the field, as is a field the document does not
// have: rules guard optional fields with has().
func fieldType(f string, t *cel.Type, guard string) *types.FieldType {
	return &types.FieldType{
		Type: t,
		IsSet: func(obj any) bool {
			m, ok := obj.(map[string]any)
			if !ok {
				return false
			}
			v, ok := m[f]
			return ok && v != nil
		},
		GetFrom: func(obj any) (any, error) {
			m, ok := obj.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("no field %q: the value is not an object", f)
			}
			v, ok := m[f]
			if !ok || v == nil {
				return nil, fmt.Errorf("no field %q in the document: guard it with has(%s)", f, guard)
			}
			return conform(f, v, t)
		},
	}
}

// conform checks v against the CEL type the schema gives and converts what
// YAML reads differently (a whole number in a number field).
func conform(f string, v any, t *cel.Type) (any, error) {
	bad := func(want string) (any, error) {
		return nil, fmt.Errorf("field %q is %s, the schema says %s: fix the document (its schema finding says how)", f, describe(v), want)
	}
	switch t.Kind() {
	case types.StringKind:
		if _, ok := v.(string); !ok {
			return bad("text")
		}
	case types.IntKind:
		switch n := v.(type) {
		case int64:
		case float64:
			if n != math.Trunc(n) {
				return bad("a whole number")
			}
			return int64(n), nil
		default:
			return bad("a whole number")
		}
	case types.DoubleKind:
		switch n := v.(type) {
		case float64:
		case int64:
			return float64(n), nil
		default:
			return bad("a number")
		}
	case types.BoolKind:
		if _, ok := v.(bool); !ok {
			return bad("true or false")
		}
	case types.ListKind:
		if _, ok := v.([]any); !ok {
			return bad("a list")
		}
	case types.StructKind, types.MapKind:
		if _, ok := v.(map[string]any); !ok {
			return bad("a mapping")
		}
	}
	return v, nil
}

// describe names the type of a YAML value for messages.
func describe(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case int64, float64:
		return "a number"
	case bool:
		return "true or false"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return "empty"
}
