package lint

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aimsdev/aims/artifact"
)

// This file reads the keys of .aims.yaml that say how a repository's own
// frontmatter is read: `kinds` (by glob, or from a field) and `mappings`.
// The schema has checked their shape; what it cannot say (a regular
// expression that does not compile, a template without {}, a rename to
// kind) is checked here, each error at its line and column.

// parseKinds reads `kinds`.
func parseKinds(cfg *Config, doc *artifact.Document, name string) error {
	for i := range doc.List("kinds") {
		ix := strconv.Itoa(i)
		k := KindGlob{
			Glob:  doc.String("kinds", ix, "glob"),
			Kind:  doc.String("kinds", ix, "kind"),
			Field: doc.String("kinds", ix, "field"),
		}
		if k.Glob != "" && !artifact.ValidGlob(k.Glob) {
			return configErrorAt(doc, name, fmt.Sprintf("kinds: invalid glob %q: check its brackets", k.Glob), "kinds", ix, "glob")
		}
		switch _, values := doc.Get("kinds", ix, "values").(map[string]any); {
		case k.Kind != "" && k.Field != "":
			return configErrorAt(doc, name, fmt.Sprintf("kinds: write either kind (every file the glob matches is a %s) or field (the kind is the value of %s), not both", k.Kind, k.Field), "kinds", ix, "field")
		case values && k.Field == "":
			return configErrorAt(doc, name, "kinds: values map the values of a field to kinds: write field (the field whose value is the kind), or remove values", "kinds", ix, "values")
		}
		if m, ok := doc.Get("kinds", ix, "values").(map[string]any); ok {
			k.Values = make(map[string]string, len(m))
			for v, kind := range m {
				k.Values[v], _ = kind.(string)
			}
		}
		cfg.Kinds = append(cfg.Kinds, k)
	}
	return nil
}

// dollarGroup matches a group reference in a replacement: $1, ${1}, $name
// or ${name}.
var dollarGroup = regexp.MustCompile(`\$(\d+|\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)`)

// parseMappings reads `mappings`.
func parseMappings(cfg *Config, doc *artifact.Document, name string) error {
	for i := range doc.List("mappings") {
		ix := strconv.Itoa(i)
		at := func(tokens ...string) []string { return append([]string{"mappings", ix}, tokens...) }
		m := artifact.Mapping{
			Glob:  doc.String(at("glob")...),
			Kinds: doc.Strings(at("kinds")...),
		}
		if m.Glob != "" && !artifact.ValidGlob(m.Glob) {
			return configErrorAt(doc, name, fmt.Sprintf("mappings: invalid glob %q: check its brackets", m.Glob), at("glob")...)
		}
		if err := parseRenames(&m, doc, name, at); err != nil {
			return err
		}
		if vm, ok := doc.Get(at("values")...).(map[string]any); ok {
			m.Values = map[string]map[string]string{}
			for _, field := range sortedKeys(vm) {
				if field == "kind" {
					return configErrorAt(doc, name, "mappings: values of kind are mapped under kinds: write an entry `- field: kind` with `values: {their kind: aims kind}` there", at("values", "kind")...)
				}
				vals, _ := vm[field].(map[string]any)
				m.Values[field] = map[string]string{}
				for from, to := range vals {
					m.Values[field][from] = configScalar(to)
				}
			}
		}
		for j := range doc.List(at("references")...) {
			jx := strconv.Itoa(j)
			rw, err := parseRewrite(doc, name, at("references", jx))
			if err != nil {
				return err
			}
			m.References = append(m.References, rw)
		}
		if _, ok := doc.Get(at("id")...).(map[string]any); ok {
			id := &artifact.IDRule{
				Field:    doc.String(at("id", "field")...),
				Template: doc.String(at("id", "template")...),
			}
			id.FileName, _ = doc.Get(at("id", "file_name")...).(bool)
			id.Upper, _ = doc.Get(at("id", "upper")...).(bool)
			if id.Field != "" && id.FileName {
				return configErrorAt(doc, name, "mappings: the id comes from field or from file_name, not both: remove one", at("id", "file_name")...)
			}
			if id.Template != "" && !strings.Contains(id.Template, "{}") {
				return configErrorAt(doc, name, fmt.Sprintf("mappings: the id template %q has no {}: write {} where the value goes, such as %q", id.Template, id.Template+"{}"), at("id", "template")...)
			}
			m.ID = id
		}
		cfg.Mappings = append(cfg.Mappings, m)
	}
	return nil
}

// parseRenames reads the `fields` of a mapping, in the order written.
func parseRenames(m *artifact.Mapping, doc *artifact.Document, name string, at func(...string) []string) error {
	fields, ok := doc.Get(at("fields")...).(map[string]any)
	if !ok {
		return nil
	}
	keys := sortedKeys(fields)
	// In the order written, which decides which of two keys renamed to the
	// same field a file keeps.
	line := func(k string) artifact.Position { return doc.LocateKey(at("fields", k)...).Start }
	sortByPosition(keys, line)
	for _, from := range keys {
		to, _ := fields[from].(string)
		if to == "kind" {
			return configErrorAt(doc, name, fmt.Sprintf("mappings: the kind is not renamed here: to take the kind from `%s`, write an entry `- field: %s` under kinds", from, from), at("fields", from)...)
		}
		m.Fields = append(m.Fields, artifact.FieldRename{From: from, To: to})
	}
	return nil
}

// parseRewrite reads one reference rewrite: its regular expression must
// compile, and its replacement name only groups the expression has.
func parseRewrite(doc *artifact.Document, name string, at []string) (artifact.Rewrite, error) {
	match := doc.String(append(at, "match")...)
	replace := doc.String(append(at, "replace")...)
	re, err := regexp.Compile(match)
	if err != nil {
		msg := err.Error()
		msg = strings.TrimPrefix(msg, "error parsing regexp: ")
		return artifact.Rewrite{}, configErrorAt(doc, name, fmt.Sprintf("mappings: the reference match '%s' is not a regular expression (%s): write a Go regular expression, such as '^A-(\\d+)-(\\d+)$'", match, msg), append(at, "match")...)
	}
	for _, g := range dollarGroup.FindAllStringSubmatch(replace, -1) {
		ref := strings.Trim(g[1], "{}")
		if n, err := strconv.Atoi(ref); err == nil {
			if n > re.NumSubexp() {
				return artifact.Rewrite{}, configErrorAt(doc, name, fmt.Sprintf("mappings: the replacement '%s' names group $%d, but '%s' has %d: put the part to keep in parentheses, or use $1..$%d", replace, n, match, re.NumSubexp(), re.NumSubexp()), append(at, "replace")...)
			}
			continue
		}
		if re.SubexpIndex(ref) < 0 {
			return artifact.Rewrite{}, configErrorAt(doc, name, fmt.Sprintf("mappings: the replacement '%s' names group %q, which '%s' does not have: write ${1} for the first group, or name a group (?P<%s>...)", replace, ref, match, ref), append(at, "replace")...)
		}
	}
	return artifact.Rewrite{Match: re, Replace: replace}, nil
}

// configErrorAt is a *ConfigError at the value at path in the configuration.
func configErrorAt(doc *artifact.Document, name, msg string, path ...string) error {
	return &ConfigError{Path: name, Pos: doc.Locate(path...).Start, Msg: msg}
}

// configScalar is a scalar of the configuration as text.
func configScalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// sortByPosition sorts keys by where pos says they are written.
func sortByPosition(keys []string, pos func(string) artifact.Position) {
	slices.SortStableFunc(keys, func(a, b string) int {
		pa, pb := pos(a), pos(b)
		return cmp.Or(cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col))
	})
}
