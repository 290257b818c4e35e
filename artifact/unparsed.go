package artifact

import (
	"bufio"
	"bytes"
	"io"
	"regexp"
	"slices"
	"strings"
)

// This file holds what aims can still say about a document whose YAML does
// not parse: where a tab breaks its indentation, and the ids and fields a
// line-by-line reading finds in it, so that other artifacts' references to
// it are not reported as dangling.

// tabMessage is the AIMS1001 message when a tab in the indentation is the
// cause of a YAML syntax error.
const tabMessage = "YAML does not allow tabs for indentation: replace the tab with spaces"

var (
	// tabKindLine matches a kind line indented with tabs: a document whose
	// kind line is the one with the tab is still an artifact.
	tabKindLine = regexp.MustCompile(`(?m)^\t+kind[ \t]*:[ \t]*\S`)
	// salvageKey matches `key: value` (or `key:`) once indentation and list
	// markers are removed.
	salvageKey = regexp.MustCompile(`^([A-Za-z0-9_][A-Za-z0-9_.-]*)[ \t]*:(?:[ \t]+(.*))?$`)
)

// tabError returns the position of the tab that caused the YAML error msg in
// src, where line is the line the error names (0 when none). go.yaml.in/yaml/v3
// reports a tab in the indentation as "found a tab character that violates
// indentation" or "… where an indentation space is expected" at the line
// where the enclosing mapping or scalar starts, and otherwise with an error
// about the tab's own line ("found character that cannot start any token",
// "mapping values are not allowed in this context"); ok is false when no
// tab is found there.
func tabError(src []byte, msg string, line int) (Position, bool) {
	lines := bytes.Split(src, []byte("\n"))
	if !strings.Contains(msg, "tab character") {
		// Another error names the line it found: a tab in that line's
		// indentation is the first thing to fix.
		if line < 1 || line > len(lines) {
			return Position{}, false
		}
		col := tabIndentColumn(lines[line-1])
		return Position{Line: line, Col: col}, col > 0
	}
	var tabbed []Position // every line indented with a tab, in order
	for i, l := range lines {
		if col := tabIndentColumn(l); col > 0 {
			tabbed = append(tabbed, Position{Line: i + 1, Col: col})
		}
	}
	if len(tabbed) == 0 {
		return Position{}, false
	}
	// The first tab at or after the reported line, else the last before it.
	for _, p := range tabbed {
		if p.Line >= line {
			return p, true
		}
	}
	return tabbed[len(tabbed)-1], true
}

// tabIndentColumn returns the 1-based column of the first tab in the
// indentation of l, or 0 when its indentation has no tab or the line holds
// nothing but blanks or a comment.
func tabIndentColumn(l []byte) int {
	col := 0
	for i, c := range l {
		switch c {
		case '\t':
			if col == 0 {
				col = i + 1
			}
		case ' ', '\r':
		case '#':
			return 0
		default:
			return col
		}
	}
	return 0
}

// A Salvage is what a line-by-line reading finds in a document whose YAML
// does not parse: its kind and id, and the values written after each key at
// any depth, so that rules can tell a reference to an artifact that exists
// but cannot be read from a dangling one. It is a best effort: nothing in it
// counts as evidence.
type Salvage struct {
	// Kind and ID are the values of the first top-level kind and id lines.
	Kind string
	ID   string
	// values maps a key to the scalar values written after it, in order, at
	// any depth: "id" holds the document's id and its items' ids.
	values map[string][]string
	keep   map[string]bool // the keys to record; nil for every key

	// The reading's state between lines.
	listKey                 string // the key whose block list is being read
	listIndent, blockIndent int    // its indentation; a block scalar's key's
}

// Values returns the values written after key anywhere in the document, in
// file order.
func (s *Salvage) Values(key string) []string {
	if s == nil {
		return nil
	}
	return s.values[key]
}

// Has reports whether value is written after key anywhere in the document.
func (s *Salvage) Has(key, value string) bool {
	return slices.Contains(s.Values(key), value)
}

// salvage reads src line by line, tolerating tabs and broken structure. A
// key with an empty value collects the `- item` lines below it; a flow list
// [a, b] counts as its items; block scalars (| and >) are skipped.
func salvage(src []byte) *Salvage {
	s := newSalvage(nil)
	for _, raw := range strings.Split(string(src), "\n") {
		s.line(raw)
	}
	return s
}

// salvageStream reads the YAML lines of r one at a time, as salvage does,
// keeping only the values of keys, so that a file too large to parse costs
// one line of memory and its ids. A Markdown file's lines are read up to the
// end of its frontmatter. Lines longer than 1 MiB end the reading.
func salvageStream(r io.Reader, markdown bool, keys []string) *Salvage {
	s := newSalvage(keys)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 0; sc.Scan(); n++ {
		l := sc.Text()
		if markdown {
			if n == 0 {
				if strings.TrimRight(l, " \t\r") != "---" {
					break // no frontmatter
				}
				continue
			}
			if t := strings.TrimRight(l, " \t\r"); t == "---" || t == "..." {
				break
			}
		}
		s.line(l)
	}
	return s
}

func newSalvage(keys []string) *Salvage {
	s := &Salvage{values: map[string][]string{}, listIndent: -1, blockIndent: -1}
	if keys != nil {
		s.keep = map[string]bool{}
		for _, k := range keys {
			s.keep[k] = true
		}
	}
	return s
}

// line reads one line of YAML.
func (s *Salvage) line(raw string) {
	l := strings.TrimRight(raw, " \t\r")
	rest := strings.TrimLeft(l, " \t")
	indent := len(l) - len(rest)
	if rest == "" || strings.HasPrefix(rest, "#") {
		return
	}
	if s.blockIndent >= 0 {
		if indent > s.blockIndent {
			return
		}
		s.blockIndent = -1
	}
	top := !strings.HasPrefix(l, " ")
	item := false
	for rest == "-" || strings.HasPrefix(rest, "- ") || strings.HasPrefix(rest, "-\t") {
		item, top = true, false
		rest = strings.TrimLeft(strings.TrimPrefix(rest, "-"), " \t")
	}
	if s.listKey != "" && indent <= s.listIndent && !(item && indent == s.listIndent) {
		s.listKey = ""
	}
	m := salvageKey.FindStringSubmatch(rest)
	if m == nil {
		if item && s.listKey != "" {
			s.add(s.listKey, rest)
		}
		return
	}
	key, value := m[1], stripComment(m[2])
	switch {
	case value == "":
		s.listKey, s.listIndent = key, indent
	case strings.HasPrefix(value, "|") || strings.HasPrefix(value, ">"):
		s.blockIndent = indent
	default:
		s.add(key, value)
		if top && key == "kind" && s.Kind == "" {
			s.Kind = unquote(value)
		}
		if top && key == "id" && s.ID == "" {
			s.ID = unquote(value)
		}
	}
}

// add records value, or the items of a flow list, under key.
func (s *Salvage) add(key, value string) {
	if s.keep != nil && !s.keep[key] {
		return
	}
	if strings.HasPrefix(value, "[") && strings.HasSuffix(value, "]") {
		for _, v := range strings.Split(value[1:len(value)-1], ",") {
			if v = unquote(strings.TrimSpace(v)); v != "" {
				s.values[key] = append(s.values[key], v)
			}
		}
		return
	}
	if v := unquote(stripComment(value)); v != "" {
		s.values[key] = append(s.values[key], v)
	}
}

// stripComment removes a trailing ` # comment` from a plain value.
func stripComment(v string) string {
	if i := strings.Index(v, " #"); i >= 0 && !strings.ContainsAny(v[:i], `"'`) {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

// unquote removes the quotes around a single- or double-quoted value.
func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// salvage records what a line-by-line reading finds in the YAML of a document
// that does not parse, and takes its kind from there when .aims.yaml gives
// none.
//
// With rd, a kind taken from a field and an id taken from a field or the
// file name are salvaged too: the kind when neither the file nor a glob
// gives one, the id (added to the ids the file defines) when the file has
// no id line.
func (d *Document) salvage(yamlSrc []byte, rd *Reading) {
	d.Salvaged = salvage(yamlSrc)
	d.useSalvage(rd)
}

// useSalvage takes the kind and id of the document from its salvage, as
// salvage says.
func (d *Document) useSalvage(rd *Reading) {
	if d.Kind == "" {
		d.Kind = d.Salvaged.Kind
	}
	if rd == nil {
		return
	}
	if d.Kind == "" {
		for _, kr := range rd.Kinds {
			if kr.Field == "" || kr.Field == "kind" || kr.Glob != "" && !MatchGlob(kr.Glob, d.Path) {
				continue
			}
			if v := d.Salvaged.Values(kr.Field); len(v) > 0 {
				d.Kind = kindOfValue(kr, v[0])
				break
			}
		}
	}
	if d.Salvaged.ID != "" || d.Kind == "" {
		return
	}
	for _, m := range rd.applying(d.Path, d.Kind) {
		if m.ID == nil {
			continue
		}
		data := map[string]any{}
		if m.ID.Field != "" {
			for _, f := range m.Fields { // the field may be named after a rename
				if f.To == m.ID.Field {
					if v := d.Salvaged.Values(f.From); len(v) > 0 {
						data[m.ID.Field] = v[0]
					}
				}
			}
			if v := d.Salvaged.Values(m.ID.Field); len(v) > 0 {
				data[m.ID.Field] = v[0]
			}
		}
		probe := &Document{Path: d.Path}
		(&mapped{}).id(probe, data, m.ID)
		if id, ok := data["id"].(string); ok && id != "" {
			d.Salvaged.ID = id
			d.Salvaged.values["id"] = append([]string{id}, d.Salvaged.values["id"]...)
		}
		return
	}
}
