package adopt

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// plainRe matches strings YAML reads back as the same string without quotes.
var plainRe = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_./-]*$`)

// numberish matches plain words YAML may read as a number or a date.
var numberish = regexp.MustCompile(`^[0-9._:+-]*$|^0[xob]`)

// yamlWords are plain words YAML reads as something other than a string.
var yamlWords = map[string]bool{"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true, "true": true, "false": true, "null": true}

// yq writes s as a YAML scalar that reads back as the string s.
func yq(s string) string {
	if plainRe.MatchString(s) && !yamlWords[strings.ToLower(s)] && !numberish.MatchString(s) {
		return s
	}
	if printable(s) && strings.TrimSpace(s) == s && s != "" {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return jsonString(s)
}

// printable reports whether s has only printable characters (no tabs or
// line breaks either).
func printable(s string) bool {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// yqList writes a flow list of strings.
func yqList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = yq(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// comment writes text as comment lines indented by ind, wrapped near 88 columns.
func comment(b *strings.Builder, ind, text string) {
	text = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return ' '
	}, text)
	line := ind + "#"
	for _, w := range strings.Fields(text) {
		if len(line)+1+len(w) > 88 && line != ind+"#" {
			b.WriteString(line + "\n")
			line = ind + "#"
		}
		line += " " + w
	}
	b.WriteString(line + "\n")
}

// render writes the proposed configuration.
func render(r *Repo, units []*unit, order []string, plans map[string]*kindPlan) []byte {
	var b strings.Builder
	n := 0
	for _, k := range order {
		n += len(plans[k].files)
	}
	comment(&b, "", fmt.Sprintf("Proposed by aims adopt: %s of this repository in %s, read as they are written. Each choice says why it was made: check them, correct what is wrong, then run aims lint. docs/adopt.md in the aims repository explains every key.",
		count(n, "file", "files"), count(len(order), "kind", "kinds")))
	if len(r.Artifacts) > 0 {
		comment(&b, "", fmt.Sprintf("%s already declaring a built-in kind %s read as %s.", count(len(r.Artifacts), "file", "files"),
			map[bool]string{true: "is", false: "are"}[len(r.Artifacts) == 1], map[bool]string{true: "it is", false: "they are"}[len(r.Artifacts) == 1]))
	}
	if len(r.Policies) > 0 {
		b.WriteString("\n")
		comment(&b, "", "The rule files of your custom rules, as .aims.yaml names them: they and their tests are not documents.")
		b.WriteString("policies:\n")
		for _, g := range r.Policies {
			fmt.Fprintf(&b, "  - %s\n", yq(g))
		}
	}
	if len(units) == 0 {
		b.WriteString("\n")
		comment(&b, "", "No Markdown file with frontmatter and no YAML mapping below the root was found: write documents with aims new KIND, or aims init for a starter AIMS.")
		b.WriteString("kinds: []\n")
		return []byte(b.String())
	}

	globbed := slices.ContainsFunc(units, func(u *unit) bool { return u.glob != "" })
	if globbed {
		b.WriteString("\nkinds:\n")
		comment(&b, "  ", "The first glob that matches a file gives its kind.")
	}
	for _, u := range units {
		if u.glob == "" {
			continue // the files declare their kind
		}
		b.WriteString("\n")
		comment(&b, "  ", fmt.Sprintf("%s: %s.", count(len(u.files), "file", "files"), u.why))
		fmt.Fprintf(&b, "  - glob: %s\n", yq(u.glob))
		if u.field != "" {
			fmt.Fprintf(&b, "    field: %s\n", yq(u.field))
			keys := make([]string, 0, len(u.kinds))
			for v := range u.kinds {
				keys = append(keys, v)
			}
			sort.Strings(keys)
			b.WriteString("    values:\n")
			for _, v := range keys {
				fmt.Fprintf(&b, "      %s: %s\n", yq(v), yq(u.kinds[v]))
			}
			continue
		}
		fmt.Fprintf(&b, "    kind: %s\n", yq(u.kind))
	}

	// The fields every artifact has are mapped once for the kinds that agree;
	// the fields of one built-in kind in an entry of its own.
	var core, own []item
	for _, k := range order {
		c, o := splitPlan(plans[k])
		core, own = append(core, item{k, c}), append(own, item{k, o})
	}
	entries := append(mergeMappings(core, false), mergeMappings(own, true)...)
	var ids []*entry
	for _, k := range order {
		body := idBody(plans[k])
		if body == "" {
			continue
		}
		found := false
		for _, e := range ids {
			if e.body == body {
				e.kinds, found = append(e.kinds, k), true
			}
		}
		if !found {
			ids = append(ids, &entry{kinds: []string{k}, body: body})
		}
	}
	if len(entries)+len(ids) > 0 {
		b.WriteString("\nmappings:\n")
		comment(&b, "  ", "Their fields and values under the names aims knows; every entry that matches a file applies, in order.")
		for _, e := range append(entries, ids...) {
			b.WriteString("\n")
			fmt.Fprintf(&b, "  - kinds: %s\n", yqList(e.kinds))
			b.WriteString(e.body)
		}
	}

	var customs []string
	for _, k := range order {
		if !plans[k].builtin {
			customs = append(customs, k)
		}
	}
	if len(customs) > 0 {
		b.WriteString("\ncustom_kinds:\n")
		comment(&b, "  ", "Kinds of your own. Each schema was inferred from the files seen: tighten it. Add evidences: [clauses or controls] for what every file of a kind evidences.")
		for _, k := range customs {
			p := plans[k]
			b.WriteString("\n")
			fmt.Fprintf(&b, "  - name: %s\n", yq(k))
			fmt.Fprintf(&b, "    schema: %s\n", yq(p.schemaPath))
			comment(&b, "    ", "the core fields most of its files have; id always")
			fmt.Fprintf(&b, "    requires: %s\n", yqList(p.requires))
			if p.idPattern != "" {
				comment(&b, "    ", "its ids are not upper case: this pattern is their shape")
				fmt.Fprintf(&b, "    id_pattern: %s\n", yq(p.idPattern))
			}
			if p.evidenceKey != "" {
				comment(&b, "    ", "the field in which each file lists the clauses and controls it evidences")
				fmt.Fprintf(&b, "    evidence_field: %s\n", yq(p.evidenceKey))
			}
			if len(p.references) > 0 {
				comment(&b, "    ", "fields whose values are all ids of another kind's files: checked like built-in references")
				b.WriteString("    references:\n")
				for _, r := range p.references {
					fmt.Fprintf(&b, "      %s: %s\n", yq(r[0]), yq(r[1]))
				}
			}
			if len(p.exts) > 0 {
				comment(&b, "    ", "its files are templates that aims reads only for this kind")
				fmt.Fprintf(&b, "    file_types: %s\n", yqList(p.exts))
			}
		}
	}
	return []byte(b.String())
}

// An entry is one mapping entry of the proposal: the kinds it applies to
// and the text after `kinds:`.
type entry struct {
	kinds []string
	body  string
	// what it maps, while kinds are merged
	renames  map[string]string            // their key -> aims field
	values   map[string]map[string]string // aims field -> their value -> aims value
	why      map[string]string            // their key or aims field -> why
	unplaced map[string][]string
	refRules [][2]string
	keys     map[string]bool // every key the kinds' files have
}

// mergeMappings gathers the renames, value maps and reference rewrites of the
// kinds into as few entries as agree: a kind joins an entry when no key is
// renamed one way for one kind and another way (or kept) for another.
func mergeMappings(items []item, strict bool) []*entry {
	var entries []*entry
	for _, it := range items {
		k, p := it.kind, it.plan
		if len(p.renames) == 0 && len(p.values) == 0 && len(p.refRules) == 0 && len(p.unplaced) == 0 {
			continue
		}
		keys := map[string]bool{}
		for _, key := range p.keys() {
			keys[key] = true
		}
		renames := map[string]string{}
		for _, r := range p.renames {
			renames[r[0]] = r[1]
		}
		var joined *entry
		for _, e := range entries {
			if !strict && agree(e, renames, keys, p) {
				joined = e
				break
			}
		}
		if joined == nil {
			joined = &entry{renames: map[string]string{}, values: map[string]map[string]string{}, why: map[string]string{}, unplaced: map[string][]string{}, keys: map[string]bool{}}
			entries = append(entries, joined)
		}
		joined.kinds = append(joined.kinds, k)
		for key, f := range renames {
			joined.renames[key] = f
			joined.why[key] = p.renameWhy[key]
		}
		for key := range keys {
			joined.keys[key] = true
		}
		for f, m := range p.values {
			if joined.values[f] == nil {
				joined.values[f] = map[string]string{}
			}
			for _, vm := range m {
				joined.values[f][vm[0]] = vm[1]
			}
			joined.why[f] = p.valueWhy[f]
		}
		for f, vs := range p.unplaced {
			for _, v := range vs {
				if !slices.Contains(joined.unplaced[f], v) {
					joined.unplaced[f] = append(joined.unplaced[f], v)
				}
			}
		}
		if len(p.refRules) > 0 {
			joined.refRules = p.refRules
		}
	}
	for _, e := range entries {
		e.body = e.text()
	}
	return entries
}

// An item is a kind and (part of) its plan.
type item struct {
	kind string
	plan *kindPlan
}

// splitPlan splits a kind's mappings in two: those of the fields every
// artifact has, and those of the fields of its built-in kind.
func splitPlan(p *kindPlan) (core, own *kindPlan) {
	core = &kindPlan{files: p.files, renameWhy: p.renameWhy, values: map[string][][2]string{}, valueWhy: p.valueWhy, unplaced: map[string][]string{}, refRules: p.refRules}
	own = &kindPlan{files: p.files, renameWhy: p.renameWhy, values: map[string][][2]string{}, valueWhy: p.valueWhy, unplaced: map[string][]string{}}
	pick := func(field string) *kindPlan {
		if slices.Contains(coreFields, field) {
			return core
		}
		return own
	}
	for _, r := range p.renames {
		q := pick(r[1])
		q.renames = append(q.renames, r)
	}
	for f, m := range p.values {
		pick(f).values[f] = m
	}
	for f, vs := range p.unplaced {
		pick(f).unplaced[f] = vs
	}
	return core, own
}

// agree reports whether a kind with these renames and keys can share the entry.
func agree(e *entry, renames map[string]string, keys map[string]bool, p *kindPlan) bool {
	for key, f := range renames {
		if g, ok := e.renames[key]; (ok && g != f) || (!ok && e.keys[key]) {
			return false
		}
	}
	for key, f := range e.renames {
		if g, ok := renames[key]; (ok && g != f) || (!ok && keys[key]) {
			return false
		}
	}
	for f, m := range p.values {
		for _, vm := range m {
			if g, ok := e.values[f][vm[0]]; ok && g != vm[1] {
				return false
			}
		}
	}
	return true
}

// text writes the entry's fields after `kinds:`.
func (e *entry) text() string {
	var b strings.Builder
	if len(e.renames) > 0 {
		b.WriteString("    fields:\n")
		for _, key := range slices.Sorted(maps.Keys(e.renames)) {
			fmt.Fprintf(&b, "      %s: %s  # %s\n", yq(key), yq(e.renames[key]), e.why[key])
		}
	}
	if len(e.values) > 0 {
		b.WriteString("    values:\n")
		for _, f := range slices.Sorted(maps.Keys(e.values)) {
			comment(&b, "      ", e.why[f])
			fmt.Fprintf(&b, "      %s:\n", yq(f))
			for _, v := range slices.Sorted(maps.Keys(e.values[f])) {
				fmt.Fprintf(&b, "        %s: %s\n", yq(v), yq(e.values[f][v]))
			}
		}
	}
	for _, f := range slices.Sorted(maps.Keys(e.unplaced)) {
		vs := slices.Sorted(slices.Values(e.unplaced[f]))
		comment(&b, "    ", fmt.Sprintf("TODO: values of %s that aims could not place, to add under values: %s", f, strings.Join(vs, ", ")))
	}
	p := &kindPlan{refRules: e.refRules}
	if len(p.refRules) > 0 {
		comment(&b, "    ", "references written in another notation, rewritten to ISO 42001's (A.7.2, 6.1.2)")
		b.WriteString("    references:\n")
		for _, r := range p.refRules {
			fmt.Fprintf(&b, "      - match: %s\n        replace: %s\n", yq(r[0]), yq(r[1]))
		}
	}
	return b.String()
}

// idBody writes the id of a kind's mapping entry, or "" when its files have
// ids.
func idBody(p *kindPlan) string {
	var b strings.Builder
	if p.id.field != "" || p.id.fileName {
		comment(&b, "    ", p.id.why)
		b.WriteString("    id:\n")
		if p.id.fileName {
			b.WriteString("      file_name: true\n")
		} else {
			fmt.Fprintf(&b, "      field: %s\n", yq(p.id.field))
		}
		fmt.Fprintf(&b, "      template: %s\n", jsonString(p.id.template))
		if p.id.upper {
			b.WriteString("      upper: true\n")
		}
	}
	return b.String()
}

// Missing returns the built-in kinds, of those listed, that no file has.
func Missing(present []string, all []string) []string {
	var out []string
	for _, k := range all {
		if !slices.Contains(present, k) {
			out = append(out, k)
		}
	}
	return out
}
