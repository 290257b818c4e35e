package artifact

import (
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// This file holds how a repository's own frontmatter is read as aims
// fields: the kind of a file that declares none (by glob, or from a field's
// value) and the mappings of .aims.yaml (field renames, value maps,
// reference rewriting, ids from a field or the file name). They are applied
// while a document is parsed, so that everything after (schemas, the index,
// the rules) sees aims field names and values only, and positions still
// point at what the user wrote.

// A KindRule gives a kind to the files that declare none. Without Field,
// the files matching Glob are of Kind. With Field, the kind is the value of
// that top-level field (of the files matching Glob, every file when Glob
// is empty): Values maps a value to a kind, and a value it does not list is
// the kind as written, trimmed and lower-cased. A Field of "kind" maps the
// declared kinds through Values instead.
type KindRule struct {
	Glob   string
	Kind   string
	Field  string
	Values map[string]string
	// Source is where the rule is written in .aims.yaml (its glob, else
	// the entry), for findings about the configuration.
	Source Range
}

// A FieldRename reads the top-level key From as the aims field To.
type FieldRename struct {
	From, To string
}

// A Rewrite rewrites a reference value that Match matches: every match is
// replaced by Replace, in which $1 (or ${1}, ${name}) stands for a
// submatch, as in regexp.Regexp.ReplaceAllString.
type Rewrite struct {
	Match   *regexp.Regexp
	Replace string
}

// An IDRule says where the id of a document that has no id field comes
// from: the value of Field (a number as its digits) or, with FileName, the
// file name without its extensions. Template, when not empty, holds the
// value in place of its `{}`; Upper upper-cases the result.
type IDRule struct {
	Field    string
	FileName bool
	Template string
	Upper    bool
}

// A Mapping reads one organization's frontmatter as aims fields. It applies
// to the files matching Glob (every file when empty) whose kind is one of
// Kinds (any kind when empty).
type Mapping struct {
	Glob  string
	Kinds []string
	// Source is where the mapping's glob is written in the configuration.
	Source Range
	// Fields rename top-level keys, in order. When the file also has the
	// aims field a key is renamed to, the file's own field is kept and the
	// renamed key is a problem (AIMS1001, as a key written twice).
	Fields []FieldRename
	// Values maps the values of top-level aims fields (named after the
	// renames): field → their value → aims value. A list's items are
	// mapped one by one. Values not listed are left as written.
	Values map[string]map[string]string
	// References rewrite the reference values of the document (see
	// ReferenceFields), each value by the first Rewrite that matches it.
	References []Rewrite
	// ReferenceFields are field names, besides controls, clause, clauses,
	// evidences and ref, whose values are ISO 42001 references: a number
	// under them stays the text as written, and References rewrite them.
	// A document's reference fields are those of every mapping that
	// applies to it.
	ReferenceFields []string
	// ID, when not nil, gives the id of a document that has no id field.
	ID *IDRule
}

// A Reading is how the configuration says documents are read: the kinds of
// files that declare none, and the mappings, applied in order (every
// mapping that matches a file applies). The zero Reading reads files as
// they are written.
type Reading struct {
	Kinds    []KindRule
	Mappings []Mapping
	// KeepTree keeps each document's YAML node tree, which locates
	// findings, instead of parsing it again on first use: memory for speed,
	// for documents shared by runs over many commits (lint.DocumentCache),
	// whose findings are located at every run.
	KeepTree bool
}

// Parse parses src as the file at p with the kinds and mappings of r. It
// returns nil when the file is not an artifact. r may be nil.
func (r *Reading) Parse(p string, src []byte) *Document {
	d, _ := parseDocument(p, src, r, r.GlobKind(p), nil)
	return d
}

// ParseAs is Parse with kind as the kind of a file that declares none and
// gets none from a field, in place of the one a glob gives: an earlier
// version of a document is read as the kind the document has now.
func (r *Reading) ParseAs(p string, src []byte, kind string) *Document {
	d, _ := parseDocument(p, src, r, kind, nil)
	return d
}

// Maps reports whether r may read a file's kind, id, status or title
// otherwise than as its lines write them: a kind from a field, or a mapping
// that renames fields, maps values or gives ids (rewriting references and
// naming reference fields does not). A line-by-line reading of such files
// does not see what the parser makes of them.
func (r *Reading) Maps() bool {
	if r == nil {
		return false
	}
	for _, m := range r.Mappings {
		if len(m.Fields) > 0 || len(m.Values) > 0 || m.ID != nil {
			return true
		}
	}
	for _, k := range r.Kinds {
		if k.Field != "" {
			return true
		}
	}
	return false
}

// GlobKind returns the kind the first glob-only KindRule matching p gives,
// or "".
func (r *Reading) GlobKind(p string) string {
	if r == nil {
		return ""
	}
	for _, k := range r.Kinds {
		if k.Field == "" && k.Kind != "" && MatchGlob(k.Glob, p) {
			return k.Kind
		}
	}
	return ""
}

// kindFields reports whether some KindRule may take the kind of the file at
// p from a field: the fields, in order.
func (r *Reading) kindFields(p string) []string {
	if r == nil {
		return nil
	}
	var out []string
	for _, k := range r.Kinds {
		if k.Field != "" && k.Field != "kind" && (k.Glob == "" || MatchGlob(k.Glob, p)) {
			out = append(out, k.Field)
		}
	}
	return out
}

// decideKind returns the kind of the document at p whose top-level mapping
// is root, and the key of the field it comes from ("" when it comes from
// the configuration alone): the declared kind (mapped through a KindRule on
// "kind"), else the first KindRule that gives one, else hint.
func (r *Reading) decideKind(p string, root *yaml.Node, hint string) (kind, field string) {
	if k := mappingValue(root, "kind"); k != nil && k.Kind == yaml.ScalarNode && k.Value != "" {
		if r != nil {
			for _, kr := range r.Kinds {
				if kr.Field == "kind" && (kr.Glob == "" || MatchGlob(kr.Glob, p)) {
					if v, ok := kr.Values[strings.TrimSpace(k.Value)]; ok {
						return v, "kind"
					}
				}
			}
		}
		return k.Value, "kind"
	}
	if r != nil {
		for _, kr := range r.Kinds {
			if kr.Glob != "" && !MatchGlob(kr.Glob, p) {
				continue
			}
			switch {
			case kr.Field == "":
				if kr.Kind != "" {
					return kr.Kind, ""
				}
			case kr.Field != "kind":
				v := mappingValue(root, kr.Field)
				if v == nil || v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
					continue
				}
				return kindOfValue(kr, v.Value), kr.Field
			}
		}
	}
	return hint, ""
}

// kindOfValue is the kind a KindRule on a field gives for value.
func kindOfValue(kr KindRule, value string) string {
	value = strings.TrimSpace(value)
	if k, ok := kr.Values[value]; ok {
		return k
	}
	return strings.ToLower(value)
}

// applying returns the mappings that apply to the file at p of kind.
func (r *Reading) applying(p, kind string) []*Mapping {
	if r == nil {
		return nil
	}
	var out []*Mapping
	for i := range r.Mappings {
		m := &r.Mappings[i]
		if m.Glob != "" && !MatchGlob(m.Glob, p) {
			continue
		}
		if len(m.Kinds) > 0 && !slices.Contains(m.Kinds, kind) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// builtinReference reports whether values under key are ISO 42001
// references. YAML reads an unquoted `7.4` or `9.2` as a number; under
// these keys it stays the text as written, so authors need not quote
// clause numbers.
func builtinReference(key string) bool {
	switch key {
	case "controls", "clause", "clauses", "evidences", "ref":
		return true
	}
	return false
}

// A mapped is what the mappings that apply to one document make of it.
type mapped struct {
	ms []*Mapping
	// refs are the reference fields besides the built-in ones, by their
	// aims names; topRefs the top-level keys, as written, whose values
	// are references (those renamed to a reference field).
	refs, topRefs map[string]bool
}

func newMapped(ms []*Mapping) *mapped {
	mp := &mapped{ms: ms, refs: map[string]bool{}, topRefs: map[string]bool{}}
	for _, m := range ms {
		for _, f := range m.ReferenceFields {
			mp.refs[f] = true
		}
	}
	for _, m := range ms {
		for _, f := range m.Fields {
			if builtinReference(f.To) || mp.refs[f.To] {
				mp.topRefs[f.From] = true
			}
		}
	}
	return mp
}

// reference reports whether values under key, depth levels down (0 for the
// top level), are references.
func (mp *mapped) reference(key string, depth int) bool {
	if builtinReference(key) {
		return true
	}
	if mp == nil {
		return false
	}
	return mp.refs[key] || depth == 0 && mp.topRefs[key]
}

// apply applies the mappings to the document's data, in order: renames,
// value maps and reference rewriting of each, then the id. It records where
// each renamed field is written, for Locate.
func (mp *mapped) apply(d *Document, root *yaml.Node, data map[string]any) {
	for _, m := range mp.ms {
		for _, f := range m.Fields {
			v, ok := data[f.From]
			if !ok || f.From == f.To {
				continue
			}
			written := d.WrittenAs(f.From) // renamed by an earlier mapping
			if _, clash := data[f.To]; clash {
				d.problem(RuleParse, d.keyPos(root, written), fmt.Sprintf("`%s` stands for `%s` (mappings in .aims.yaml), and the file has `%s` too: keep one of them", written, f.To, d.WrittenAs(f.To)))
				continue
			}
			delete(data, f.From)
			delete(d.renamed, f.From)
			data[f.To] = v
			d.rename(f.To, written)
		}
		for _, field := range slices.Sorted(maps.Keys(m.Values)) {
			if v, ok := data[field]; ok {
				data[field] = mapValue(v, m.Values[field])
			}
		}
		if len(m.References) > 0 {
			mp.rewrite(data, m.References)
		}
	}
	for _, m := range mp.ms {
		if m.ID != nil {
			if _, ok := data["id"]; !ok {
				mp.id(d, data, m.ID)
			}
		}
	}
}

// mapValue maps v, or each item of the list v, through values.
func mapValue(v any, values map[string]string) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = mapValue(e, values)
		}
		return out
	case map[string]any, nil:
		return v
	}
	if to, ok := values[scalarText(v)]; ok {
		return to
	}
	return v
}

// scalarText is a scalar value as text: numbers as their digits.
func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// rewrite rewrites the reference values at any depth of v.
func (mp *mapped) rewrite(v any, rws []Rewrite) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if builtinReference(k) || mp.refs[k] {
				x[k] = rewriteValue(e, rws)
				continue
			}
			mp.rewrite(e, rws)
		}
	case []any:
		for _, e := range x {
			mp.rewrite(e, rws)
		}
	}
}

// rewriteValue rewrites a reference, or each of a list of them, by the
// first rewrite that matches it.
func rewriteValue(v any, rws []Rewrite) any {
	switch x := v.(type) {
	case string:
		for _, rw := range rws {
			if rw.Match != nil && rw.Match.MatchString(x) {
				return rw.Match.ReplaceAllString(x, rw.Replace)
			}
		}
	case []any:
		for i, e := range x {
			x[i] = rewriteValue(e, rws)
		}
	}
	return v
}

// id sets the id of a document that has none by rule.
func (mp *mapped) id(d *Document, data map[string]any, rule *IDRule) {
	var v string
	switch {
	case rule.Field != "":
		v = strings.TrimSpace(scalarText(data[rule.Field]))
		if _, isBool := data[rule.Field].(bool); isBool || v == "" {
			return
		}
		from := rule.Field
		if orig, ok := d.renamed[from]; ok {
			from = orig
		}
		d.rename("id", from)
	case rule.FileName:
		v = baseName(d.Path)
		if v == "" {
			return
		}
		d.idFromName = true
	default:
		return
	}
	if rule.Template != "" {
		v = strings.ReplaceAll(rule.Template, "{}", v)
	}
	if rule.Upper {
		v = strings.ToUpper(v)
	}
	data["id"] = v
}

// baseName is the name of the file at p without its extensions:
// policies/acceptable-use.md.tmpl gives acceptable-use.
func baseName(p string) string {
	b := path.Base(p)
	if i := strings.IndexByte(b[min(1, len(b)):], '.'); i >= 0 {
		b = b[:i+min(1, len(b))]
	}
	return b
}

// WrittenAs returns the top-level key the aims field is written as in the
// file: field itself, or the key a mapping of .aims.yaml renamed to it (the
// field an id or kind was taken from, for id and kind).
func (d *Document) WrittenAs(field string) string {
	if from, ok := d.renamed[field]; ok {
		return from
	}
	return field
}

// rename records that the aims field to is written as the key from.
func (d *Document) rename(to, from string) {
	if d.renamed == nil {
		d.renamed = map[string]string{}
	}
	d.renamed[to] = from
}

// keyPos returns the position of the top-level key of root as written.
func (d *Document) keyPos(root *yaml.Node, key string) Position {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return d.pos(root.Content[i])
		}
	}
	return d.pos(root)
}

// declaresKind reports whether the YAML text declares a kind: a top-level
// kind line, or a line of one of fields, the fields a KindRule takes the
// kind from.
func declaresKind(text []byte, fields []string) bool {
	if kindLine.Match(text) {
		return true
	}
	for _, f := range fields {
		for _, l := range strings.Split(string(text), "\n") {
			if rest, ok := strings.CutPrefix(l, f); ok {
				rest = strings.TrimLeft(rest, " \t")
				if strings.HasPrefix(rest, ":") && strings.TrimSpace(rest[1:]) != "" {
					return true
				}
			}
		}
	}
	return false
}
