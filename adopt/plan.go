package adopt

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/aimsdev/aims/schema"
)

// jsonUnmarshal is json.Unmarshal.
func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// coreFields are the fields every artifact has, which the schemas of custom
// kinds leave to aims.
var coreFields = []string{"id", "kind", "title", "status", "owner", "version", "approved_by", "approved_on",
	"last_reviewed", "review_cycle", "next_review", "controls", "ai_systems"}

// plan works out the kind's field renames, value maps, reference rewrites
// and ids.
func (p *kindPlan) plan() {
	p.values = map[string][][2]string{}
	p.valueWhy = map[string]string{}
	p.unplaced = map[string][]string{}
	p.renameWhy = map[string]string{}
	known := map[string]bool{}
	if p.builtin {
		set, err := schema.Compile(nil)
		if err == nil {
			for _, f := range set.Fields(p.name) {
				known[f] = true
			}
		}
	}
	for _, f := range coreFields {
		known[f] = true
	}
	keys := p.keys()
	renamed := map[string]bool{}  // their keys renamed
	target := map[string]string{} // aims field -> their key (or itself)
	for _, k := range keys {
		if known[k] {
			target[k] = k
		}
	}
	try := func(field string, names []string, why string) {
		if _, done := target[field]; done {
			return
		}
		for _, name := range names {
			for _, k := range keys {
				if renamed[k] || known[k] || normKey(k) != name && !(field == "controls" && isoKey(k)) {
					continue
				}
				if !p.valuesSuit(field, k) {
					continue
				}
				if field == "controls" && !p.builtin && k != "controls" {
					// A custom kind reads its own field as what each file
					// evidences: evidence_field, no rename.
					p.evidenceKey, target[field] = k, k
					renamed[k] = true
					return
				}
				p.renames = append(p.renames, [2]string{k, field})
				p.renameWhy[k] = why
				renamed[k], target[field] = true, k
				return
			}
		}
	}
	if p.builtin {
		for _, s := range kindSynonyms[p.name] {
			try(s.field, s.names, "their name for "+s.field)
		}
	}
	for _, s := range coreSynonyms {
		try(s.field, s.names, "their name for "+s.field)
	}
	// A file's name for itself (supplier: in supplier reviews) as the title.
	if _, done := target["title"]; !done {
		kw := words(p.name)
		for _, f := range p.files {
			kw = append(kw, words(path.Dir(f.Path))...)
		}
		for _, k := range keys {
			if renamed[k] || known[k] || !slices.Contains(kw, normKey(k)) || p.holding(k) != len(p.files) || !p.allText(k) {
				continue
			}
			p.renames = append(p.renames, [2]string{k, "title"})
			p.renameWhy[k] = "what each file is about, as its title"
			renamed[k], target["title"] = true, k
			break
		}
	}
	// Near misses of aims fields (last-reviewd), once no synonym matched.
	var fields []string
	for f := range known {
		if _, done := target[f]; !done && f != "kind" && f != "id" {
			fields = append(fields, f)
		}
	}
	sort.Strings(fields)
	for _, k := range keys {
		if renamed[k] || known[k] {
			continue
		}
		if f := closest(k, fields); f != "" && p.valuesSuit(f, k) {
			if _, done := target[f]; done {
				continue
			}
			p.renames = append(p.renames, [2]string{k, f})
			p.renameWhy[k] = "close to the name " + f
			renamed[k], target[f] = true, k
		}
	}
	sort.Slice(p.renames, func(i, j int) bool { return p.renames[i][0] < p.renames[j][0] })
	p.mapValues(target)
	p.planRefs(target)
	p.planID(target)
	if !p.builtin {
		p.requires = []string{"id"}
		for _, f := range []string{"title", "status", "owner"} {
			if k, ok := target[f]; ok && 2*p.holding(k) > len(p.files) {
				p.requires = append(p.requires, f)
			}
		}
	}
}

// isoKey reports whether a key names ISO 42001 references (iso-42001_references).
func isoKey(k string) bool {
	n := normKey(k)
	return strings.Contains(n, "42001") || strings.HasPrefix(n, "iso_") || n == "iso"
}

// keys returns the keys of the kind's files, in the order first seen.
func (p *kindPlan) keys() []string {
	var out []string
	for _, f := range p.files {
		for _, k := range f.Keys {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// allText reports whether every value of key is a line of text, not a date
// or a number.
func (p *kindPlan) allText(key string) bool {
	for _, f := range p.files {
		s, ok := f.Data[key].(string)
		if !ok || strings.TrimSpace(s) == "" || len(s) > 200 || strings.ContainsAny(s, "\n") || dateRe.MatchString(s) {
			return false
		}
	}
	return true
}

// holding returns how many files have the key.
func (p *kindPlan) holding(key string) int {
	n := 0
	for _, f := range p.files {
		if _, ok := f.Data[key]; ok {
			n++
		}
	}
	return n
}

// scalars returns the distinct text values of key (list items included), sorted.
func (p *kindPlan) scalars(key string) []string {
	var out []string
	add := func(v any) {
		if s := fieldString(v); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, f := range p.files {
		switch v := f.Data[key].(type) {
		case []any:
			for _, x := range v {
				add(x)
			}
		default:
			add(v)
		}
	}
	sort.Strings(out)
	return out
}

// valuesSuit reports whether the values of key can stand for the aims field.
func (p *kindPlan) valuesSuit(field, key string) bool {
	vs := p.scalars(key)
	if len(vs) == 0 {
		return false
	}
	share := func(ok func(string) bool) bool {
		n := 0
		for _, v := range vs {
			if ok(v) {
				n++
			}
		}
		return 2*n >= len(vs)
	}
	switch field {
	case "status":
		return share(func(v string) bool { return placeStatus(v) != "" || slices.Contains(statuses, v) })
	case "controls":
		return share(func(v string) bool { return refRe.MatchString(v) })
	case "approved_on", "last_reviewed", "next_review", "detected_on", "occurred_on", "assessed_on", "next_assessment":
		return share(func(v string) bool { return dateRe.MatchString(v) })
	case "review_cycle":
		return share(func(v string) bool { return cycleRe.MatchString(v) || cycleWords[strings.Join(words(v), " ")] != "" })
	case "id":
		return share(func(v string) bool { return len(v) <= 64 && !strings.Contains(v, " ") })
	}
	return true
}

// statuses are the aims statuses.
var statuses = []string{"draft", "in-review", "approved", "retired"}

// severities are the severities of an incident.
var severities = []string{"low", "medium", "high", "critical"}

// mapValues works out the value maps of the fields that have a vocabulary.
func (p *kindPlan) mapValues(target map[string]string) {
	for field, key := range target {
		vs := p.scalars(key)
		var m [][2]string
		var unplaced []string
		why := ""
		switch {
		case field == "status":
			why = "their words for a document's state, placed on draft, in-review, approved, retired"
			for _, v := range vs {
				switch s := placeStatus(v); {
				case slices.Contains(statuses, v):
				case s != "":
					m = append(m, [2]string{v, s})
				default:
					unplaced = append(unplaced, v)
				}
			}
		case field == "owner" || field == "approved_by":
			why = "a role id, not a name: a default role its words name, else a role named after the person; map it to a default role or define it in a roles file"
			for _, v := range vs {
				if !roleIDRe.MatchString(v) {
					m = append(m, [2]string{v, roleFor(v)})
				}
			}
		case field == "review_cycle":
			why = "review frequencies in words, as cycles"
			for _, v := range vs {
				if c := cycleWords[strings.Join(words(v), " ")]; c != "" {
					m = append(m, [2]string{v, c})
				} else if !cycleRe.MatchString(v) {
					unplaced = append(unplaced, v)
				}
			}
		case field == "severity" && p.name == "incident":
			why = "severities on low, medium, high, critical"
			for _, v := range vs {
				if s := severityWords[strings.ToLower(v)]; s != "" {
					m = append(m, [2]string{v, s})
				} else if !slices.Contains(severities, v) {
					unplaced = append(unplaced, v)
				}
			}
		case field == "ai_system" || field == "ai_systems":
			why = "AI system ids are upper case: no system record has these ids yet, so write one for each (aims new ai-system)"
			for _, v := range vs {
				if !artifactRe.MatchString(v) {
					m = append(m, [2]string{v, "SYS-" + strings.ToUpper(slug(v))})
				}
			}
		}
		if len(m) > 0 {
			p.values[field] = m
			p.valueWhy[field] = why
		}
		if len(unplaced) > 0 {
			p.unplaced[field] = unplaced
		}
	}
}

// roleWords name the default roles.
var roleWords = []struct {
	role  string
	words [][]string
}{
	{"top-management", [][]string{{"ceo"}, {"chief", "executive"}, {"board"}, {"managing", "director"}, {"steering"}, {"top", "management"}, {"executive"}}},
	{"it-security", [][]string{{"security"}, {"ciso"}, {"it"}}},
	{"legal-advisors", [][]string{{"legal"}, {"counsel"}, {"lawyer"}}},
	{"compliance-officers", [][]string{{"compliance"}}},
	{"ethics-committee", [][]string{{"ethics"}}},
	{"data-scientists", [][]string{{"data", "science"}, {"data", "scientist"}, {"data", "scientists"}, {"ml"}}},
	{"ai-governance-lead", [][]string{{"ai", "governance"}, {"ai", "lead"}, {"governance"}}},
}

// roleFor returns the role id for an owner written otherwise: a default
// role its words name, else its words joined by hyphens.
func roleFor(v string) string {
	ws := words(v)
	for _, r := range roleWords {
		for _, seq := range r.words {
			if hasSeq(ws, seq) {
				return r.role
			}
		}
	}
	s := slug(v)
	if s == "" || !roleIDRe.MatchString(s) {
		return "ai-governance-lead"
	}
	return s
}

// refNotation matches references written with another separator: A-7-2, A_7_2, 6-1-2.
var refNotation = regexp.MustCompile(`^(A)?([\-_ ])?([0-9]+(?:[\-_ ][0-9]+)+)$`)

// planRefs works out the rewrites of references written in another notation.
func (p *kindPlan) planRefs(target map[string]string) {
	key, ok := target["controls"]
	if !ok {
		return
	}
	p.refValues = p.scalars(key)
}

// refRules returns the rewrites of the references in values written in
// another notation, longest first.
func refRules(values []string) [][2]string {
	seen := map[string]bool{}
	var rules [][2]string
	for _, v := range values {
		m := refNotation.FindStringSubmatch(v)
		if m == nil || !strings.ContainsAny(m[3], "-_ ") {
			continue
		}
		sep := string(m[3][strings.IndexAny(m[3], "-_ ")])
		parts := len(strings.FieldsFunc(m[3], func(r rune) bool { return strings.ContainsRune("-_ ", r) }))
		var match, repl strings.Builder
		match.WriteString("^")
		if m[1] != "" {
			match.WriteString("A" + regexp.QuoteMeta(m[2]))
			repl.WriteString("A.")
		}
		for i := 1; i <= parts; i++ {
			if i > 1 {
				match.WriteString(regexp.QuoteMeta(sep))
				repl.WriteString(".")
			}
			match.WriteString(`(\d+)`)
			repl.WriteString("$" + strconv.Itoa(i))
		}
		match.WriteString("$")
		if !seen[match.String()] {
			seen[match.String()] = true
			rules = append(rules, [2]string{match.String(), repl.String()})
		}
	}
	// Longer patterns first, Annex A before clauses: the order they are tried in.
	sort.SliceStable(rules, func(i, j int) bool {
		ai, aj := strings.HasPrefix(rules[i][1], "A."), strings.HasPrefix(rules[j][1], "A.")
		if ai != aj {
			return ai
		}
		if len(rules[i][0]) != len(rules[j][0]) {
			return len(rules[i][0]) > len(rules[j][0])
		}
		return rules[i][0] < rules[j][0]
	})
	return rules
}

// planID works out where the kind's ids come from, and the ids.
func (p *kindPlan) planID(target map[string]string) {
	p.ids = map[*File]string{}
	if key, ok := target["id"]; ok && p.holding(key) == len(p.files) {
		var vals []string
		for _, f := range p.files {
			id := fieldString(f.Data[key])
			p.ids[f] = id
			vals = append(vals, id)
		}
		if !p.builtin && !allMatch(artifactRe, vals) {
			p.idPattern = idPattern(vals)
		}
		return
	}
	pre := prefix(p.name)
	for _, name := range idFields {
		key := ""
		seen := map[string]bool{}
		for _, f := range p.files {
			v, ok := lookup(f, name)
			s := fieldString(v)
			if !ok || !digitsOnlyR.MatchString(s) || seen[s] {
				key = ""
				break
			}
			seen[s] = true
			key = keyFor(f, name)
		}
		if key == "" {
			continue
		}
		p.id = idPlan{field: key, template: pre + "-{}", why: "the files have no id: their `" + key + "` numbers give one"}
		for _, f := range p.files {
			p.ids[f] = pre + "-" + fieldString(f.Data[key])
		}
		return
	}
	p.id = idPlan{fileName: true, template: pre + "-{}", upper: true, why: "the files have no id: their file names give one"}
	var vals []string
	for _, f := range p.files {
		id := strings.ToUpper(pre + "-" + strings.TrimSuffix(path.Base(f.Path), f.Ext))
		p.ids[f] = id
		vals = append(vals, id)
	}
	if !p.builtin && !allMatch(artifactRe, vals) {
		p.idPattern = idPattern(vals)
	}
}

// allMatch reports whether re matches every value.
func allMatch(re *regexp.Regexp, vals []string) bool {
	for _, v := range vals {
		if !re.MatchString(v) {
			return false
		}
	}
	return true
}

// shapeRe splits an id into letters, digits and the rest.
var shapeRe = regexp.MustCompile(`[a-z]+|[A-Z]+|[0-9]+|[^a-zA-Z0-9]+`)

// idPattern returns a pattern the ids all match: their common shape (ri-1,
// ri-12 give ^ri-[0-9]+$), or a loose one when they differ.
func idPattern(vals []string) string {
	shape := func(v string) []string {
		var out []string
		for _, t := range shapeRe.FindAllString(v, -1) {
			switch {
			case t[0] >= '0' && t[0] <= '9':
				out = append(out, "[0-9]+")
			default:
				out = append(out, regexp.QuoteMeta(t))
			}
		}
		return out
	}
	first := shape(vals[0])
	same := true
	for _, v := range vals[1:] {
		if !slices.Equal(shape(v), first) {
			same = false
		}
	}
	if same && len(first) > 0 {
		return "^" + strings.Join(first, "") + "$"
	}
	return `^[A-Za-z0-9][A-Za-z0-9._-]*$`
}

// findReferences finds the fields whose values are all ids of one kind's files.
func (p *kindPlan) findReferences(ids map[string]string) {
	renamedTo := map[string]bool{}
	for _, r := range p.renames {
		renamedTo[r[0]] = true
	}
	for _, k := range p.keys() {
		if slices.Contains(coreFields, k) || renamedTo[k] {
			continue
		}
		vs := p.scalars(k)
		if len(vs) == 0 {
			continue
		}
		kind := ""
		for _, v := range vs {
			k2, ok := ids[v]
			if !ok || (kind != "" && k2 != kind) {
				kind = ""
				break
			}
			kind = k2
		}
		if kind != "" {
			p.references = append(p.references, [2]string{k, kind})
		}
	}
}

// inferSchema writes the JSON Schema of a custom kind from its files' fields,
// under their aims names, leaving out the fields every artifact has.
func inferSchema(p *kindPlan) []byte {
	rename := map[string]string{}
	for _, r := range p.renames {
		rename[r[0]] = r[1]
	}
	type prop struct {
		name string
		vals []any
		n    int
	}
	var props []*prop
	byName := map[string]*prop{}
	for _, f := range p.files {
		for _, k := range f.Keys {
			name := k
			if r, ok := rename[k]; ok {
				name = r
			}
			if slices.Contains(coreFields, name) {
				continue
			}
			pr := byName[name]
			if pr == nil {
				pr = &prop{name: name}
				byName[name] = pr
				props = append(props, pr)
			}
			pr.vals = append(pr.vals, f.Data[k])
			pr.n++
		}
	}
	var b strings.Builder
	b.WriteString("{\n")
	b.WriteString(`  "$schema": "https://json-schema.org/draft/2020-12/schema",` + "\n")
	fmt.Fprintf(&b, "  \"title\": %s,\n", jsonString(p.name))
	fmt.Fprintf(&b, "  \"description\": %s,\n", jsonString(fmt.Sprintf("The fields of a %s beyond those every artifact has, as aims adopt found them in %s. Tighten the types, add enums and descriptions, and list what must always be there in required.", p.name, count(len(p.files), "file", "files"))))
	b.WriteString("  \"type\": \"object\",\n")
	var req []string
	for _, pr := range props {
		if pr.n == len(p.files) && len(p.files) > 1 {
			req = append(req, pr.name)
		}
	}
	if len(req) > 0 {
		q := make([]string, len(req))
		for i, r := range req {
			q[i] = jsonString(r)
		}
		fmt.Fprintf(&b, "  \"required\": [%s],\n", strings.Join(q, ", "))
	}
	b.WriteString("  \"properties\": {")
	for i, pr := range props {
		if i > 0 {
			b.WriteString(",")
		}
		desc := fmt.Sprintf("In %d of %d files", pr.n, len(p.files))
		if ex := example(pr.vals); ex != "" {
			desc += ", e.g. " + ex
		}
		typ := typeOf(pr.vals)
		if typ != "" {
			typ = ", " + typ
		}
		fmt.Fprintf(&b, "\n    %s: {\"description\": %s%s}", jsonString(pr.name), jsonString(desc+"."), typ)
	}
	if len(props) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("}\n}\n")
	return []byte(b.String())
}

// example returns a short example value, or "".
func example(vals []any) string {
	for _, v := range vals {
		s := fieldString(v)
		if s == "" {
			if l, ok := v.([]any); ok && len(l) > 0 {
				s = fieldString(l[0])
			}
		}
		if s != "" && len(s) <= 60 && !strings.ContainsAny(s, "\n\r") {
			return s
		}
	}
	return ""
}

// typeOf returns the JSON Schema keywords of the type all vals share, or "".
func typeOf(vals []any) string {
	kind := func(v any) string {
		switch v := v.(type) {
		case bool:
			return "boolean"
		case int, int64, uint64:
			return "integer"
		case float64:
			return "number"
		case string:
			if dateRe.MatchString(v) {
				return "date"
			}
			return "string"
		case []any:
			return "array"
		case map[string]any:
			return "object"
		}
		return ""
	}
	t := ""
	for _, v := range vals {
		k := kind(v)
		switch {
		case t == "":
			t = k
		case t == k:
		case (t == "integer" && k == "number") || (t == "number" && k == "integer"):
			t = "number"
		case (t == "date" && k == "string") || (t == "string" && k == "date"):
			t = "string"
		default:
			return ""
		}
	}
	switch t {
	case "":
		return ""
	case "date":
		return `"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"`
	case "array":
		var items []any
		for _, v := range vals {
			items = append(items, v.([]any)...)
		}
		if it := typeOf(items); it != "" && len(items) > 0 {
			return `"type": "array", "items": {` + it + `}`
		}
		return `"type": "array"`
	}
	return `"type": "` + t + `"`
}

// jsonString writes s as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
