package schema

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/aimsdev/aims/internal/suggest"
)

// A walker turns a jsonschema validation error tree into violations: one per
// real problem, in plain words.
type walker struct {
	set  *Set
	doc  any
	root string // how to call the whole document: "the document"
	out  []Violation
	err  error
}

// walk visits e and its causes. The generic wrappers (the schema, a group of
// errors, allOf, $ref) only pass on their causes; an error that comes from one
// of the shared definitions (an id, a date, a reference…) gets the message of
// that definition, whatever keyword failed inside it.
//
// parent is the instance location of the nearest enclosing error, which is
// always right (see propertyName).
func (w *walker) walk(e *jsonschema.ValidationError, parent []string) {
	if def := w.set.defOf(e.SchemaURL); def != "" {
		w.def(def, e)
		return
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Schema, *kind.Group, *kind.AllOf, *kind.Reference:
		for _, c := range e.Causes {
			w.walk(c, e.InstanceLocation)
		}
	case *kind.AnyOf:
		w.alternatives(e)
	case *kind.OneOf:
		if len(k.Subschemas) == 0 {
			w.alternatives(e)
		} else {
			w.leaf(e)
		}
	case *kind.PropertyNames:
		w.propertyName(e, k.Property, parent)
	default:
		w.leaf(e)
	}
}

func (w *walker) add(path []string, key, msg string) {
	w.out = append(w.out, Violation{Path: clone(path), Key: key, Message: msg})
}

func clone(p []string) []string {
	if len(p) == 0 {
		return []string{}
	}
	return append([]string(nil), p...)
}

// leaf reports one error that is not a wrapper.
func (w *walker) leaf(e *jsonschema.ValidationError) {
	loc := e.InstanceLocation
	f := w.field(loc)
	v, _ := lookup(w.doc, loc)
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		cond := w.condition(e.SchemaURL)
		in := ""
		if where := w.where(loc); where != "" {
			in = " in `" + where + "`"
		}
		for _, m := range k.Missing {
			w.add(loc, m, fmt.Sprintf("`%s` is required%s%s", m, in, cond))
		}
	case *kind.DependentRequired:
		for _, m := range k.Missing {
			w.add(loc, m, fmt.Sprintf("`%s` is required when `%s` is given", m, k.Prop))
		}
	case *kind.Dependency:
		for _, m := range k.Missing {
			w.add(loc, m, fmt.Sprintf("`%s` is required when `%s` is given", m, k.Prop))
		}
	case *kind.AdditionalProperties:
		props := append([]string(nil), k.Properties...)
		sort.Strings(props)
		known, keys := w.knownFields(e.SchemaURL)
		for _, p := range props {
			if len(known) == 0 && len(keys) > 0 {
				// A mapping whose keys follow patterns, e.g. rule ids.
				w.add(append(clone(loc), p), "", fmt.Sprintf("%s has the key %s, which is not %s", f, strconv.Quote(p), w.set.keyWords(keys)))
				continue
			}
			msg := "unknown field `" + p + "`"
			if where := w.where(loc); where != "" {
				msg += " in `" + where + "`"
			}
			msg += ": check the spelling"
			if s := closest(p, known); s != "" {
				msg += ", did you mean `" + s + "`?"
			}
			w.add(append(clone(loc), p), "", msg)
		}
	case *kind.Type:
		w.add(loc, "", w.typeMessage(f, v, k.Want))
	case *kind.Enum:
		w.add(loc, "", fmt.Sprintf("%s must be %s, %s", f, oneOf(k.Want), notValue(v)))
	case *kind.Const:
		w.add(loc, "", fmt.Sprintf("%s must be %s, %s", f, plain(k.Want), notValue(v)))
	case *kind.MinItems:
		if k.Want == 1 {
			w.add(loc, "", f+" must have at least one entry")
		} else {
			w.add(loc, "", fmt.Sprintf("%s must have at least %d entries, not %d", f, k.Want, k.Got))
		}
	case *kind.MaxItems:
		w.add(loc, "", fmt.Sprintf("%s must have at most %d %s, not %d", f, k.Want, plural(k.Want, "entry", "entries"), k.Got))
	case *kind.MinLength:
		if k.Want == 1 {
			w.add(loc, "", f+" must not be empty")
		} else {
			w.add(loc, "", fmt.Sprintf("%s must be at least %d characters long, not %d", f, k.Want, k.Got))
		}
	case *kind.MaxLength:
		w.add(loc, "", fmt.Sprintf("%s must be at most %d characters long, not %d", f, k.Want, k.Got))
	case *kind.Minimum:
		w.add(loc, "", w.rangeMessage(f, e.SchemaURL, "at least", k.Want, k.Got))
	case *kind.Maximum:
		w.add(loc, "", w.rangeMessage(f, e.SchemaURL, "at most", k.Want, k.Got))
	case *kind.ExclusiveMinimum:
		w.add(loc, "", fmt.Sprintf("%s must be more than %s, not %s", f, rat(k.Want), rat(k.Got)))
	case *kind.ExclusiveMaximum:
		w.add(loc, "", fmt.Sprintf("%s must be less than %s, not %s", f, rat(k.Want), rat(k.Got)))
	case *kind.MultipleOf:
		w.add(loc, "", fmt.Sprintf("%s must be a multiple of %s, not %s", f, rat(k.Want), rat(k.Got)))
	case *kind.Pattern:
		if n, _ := w.set.node(e.SchemaURL).(map[string]any); n != nil && n["title"] == customIDTitle {
			w.add(loc, "", fmt.Sprintf("%s %s does not match the id pattern of its kind, %s: write an id that matches it, or change id_pattern in .aims.yaml", f, show(v), k.Want))
			break
		}
		w.add(loc, "", fmt.Sprintf("%s %s is not written in the expected form", f, show(v)))
	case *kind.Format:
		if k.Want == "date" {
			w.add(loc, "", dateMessage(f, v))
		} else {
			w.add(loc, "", fmt.Sprintf("%s %s is not a valid %s", f, show(v), formatName(k.Want)))
		}
	case *kind.UniqueItems:
		i, j := strconv.Itoa(k.Duplicates[0]), strconv.Itoa(k.Duplicates[1])
		item, _ := lookup(w.doc, append(clone(loc), j))
		w.add(loc, "", fmt.Sprintf("%s lists %s twice, as `%s` and `%s`: remove one",
			f, show(item), w.where(append(clone(loc), i)), w.where(append(clone(loc), j))))
	case *kind.Contains, *kind.MinContains:
		if c, ok := w.containsConst(e.SchemaURL); ok {
			w.add(loc, "", fmt.Sprintf("%s must include %s", f, plain(c)))
		} else {
			w.add(loc, "", f+" has no entry of the required form")
		}
	case *kind.MaxContains:
		w.add(loc, "", fmt.Sprintf("%s has too many entries of one form: at most %d are allowed", f, k.Want))
	case *kind.MinProperties:
		w.add(loc, "", fmt.Sprintf("%s must have at least %d %s", f, k.Want, plural(k.Want, "field", "fields")))
	case *kind.MaxProperties:
		w.add(loc, "", fmt.Sprintf("%s must have at most %d %s", f, k.Want, plural(k.Want, "field", "fields")))
	case *kind.FalseSchema:
		w.add(loc, "", f+" is not allowed here")
	case *kind.Not:
		w.add(loc, "", f+" has a value that is not allowed here")
	case *kind.OneOf:
		w.add(loc, "", f+" matches more than one of the allowed forms: it must match exactly one")
	case *kind.InvalidJsonValue:
		if !isFinite(k.Value) {
			w.add(loc, "", f+" must be a finite number")
		} else if w.err == nil {
			w.err = fmt.Errorf("schema: the value at %q has Go type %T, which is not a JSON value; convert it first", strings.Join(loc, "."), k.Value)
		}
	default:
		w.add(loc, "", f+" does not match what its schema expects")
	}
}

// alternatives reports an anyOf or oneOf none of whose branches matched.
// Branches that fail only because the value has another type are set aside;
// if none is left, the message lists the types that would do. Of the others,
// the branch with the fewest problems is reported.
func (w *walker) alternatives(e *jsonschema.ValidationError) {
	loc := e.InstanceLocation
	var keep []*jsonschema.ValidationError
	var wants []string
	for _, b := range e.Causes {
		ls := leaves(b)
		typeOnly := len(ls) > 0
		for _, l := range ls {
			t, ok := l.ErrorKind.(*kind.Type)
			if !ok || !samePath(l.InstanceLocation, loc) {
				typeOnly = false
				break
			}
			wants = append(wants, t.Want...)
		}
		if !typeOnly {
			keep = append(keep, b)
		}
	}
	if len(keep) == 0 {
		v, _ := lookup(w.doc, loc)
		w.add(loc, "", w.typeMessage(w.field(loc), v, wants))
		return
	}
	if len(keep) > 1 {
		// Alternatives that each only want a key: "one of `path` or `id` is required".
		var missing []string
		for _, b := range keep {
			ls := leaves(b)
			if len(ls) != 1 || !samePath(ls[0].InstanceLocation, loc) {
				missing = nil
				break
			}
			r, ok := ls[0].ErrorKind.(*kind.Required)
			if !ok {
				missing = nil
				break
			}
			missing = append(missing, r.Missing...)
		}
		if len(missing) > 1 {
			in := ""
			if where := w.where(loc); where != "" {
				in = " in `" + where + "`"
			}
			w.add(loc, missing[0], fmt.Sprintf("one of `%s` is required%s", strings.Join(missing, "` or `"), in))
			return
		}
	}
	best := keep[0]
	for _, b := range keep[1:] {
		if len(leaves(b)) < len(leaves(best)) {
			best = b
		}
	}
	w.walk(best, loc)
}

// leaves returns the errors at the bottom of e's tree.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

func samePath(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// propertyName reports a mapping key that its schema's propertyNames refuses.
//
// jsonschema v6.0.3 gives such an error an instance location that shares
// memory with the validator's and may have been overwritten since; when it
// does not lead to a mapping holding the key, the location of the enclosing
// error is used instead.
func (w *walker) propertyName(e *jsonschema.ValidationError, prop string, parent []string) {
	loc := e.InstanceLocation
	if m, ok := lookup(w.doc, loc); !ok || !hasKey(m, prop) {
		loc = parent
	}
	def := ""
	for _, l := range leaves(e) {
		if def = w.set.defOf(l.SchemaURL); def != "" {
			break
		}
	}
	w.add(append(clone(loc), prop), "", fmt.Sprintf("%s has the key %s, which is not %s", w.field(loc), strconv.Quote(prop), keyWord(def)))
}

func hasKey(v any, key string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m[key]
	return ok
}

// keyWord says what a mapping key must be, by the shared definition it
// must match.
func keyWord(def string) string {
	switch def {
	case "ruleId":
		return "a rule id like AIMS3004 or ACME-001"
	case "kindName":
		return "a kind name like ai-policy"
	case "roleId":
		return "a role id like compliance-officers"
	case "artifactId":
		return "an id like POL-001"
	}
	return "a key its schema allows"
}

// keyWords says what a mapping key must be, given the patterns of its
// schema's patternProperties: the shared definition with the same pattern,
// if there is one.
func (s *Set) keyWords(patterns []string) string {
	defs, _ := s.node(baseURL + defsName + "#/$defs").(map[string]any)
	for _, p := range patterns {
		for _, name := range []string{"ruleId", "kindName", "roleId", "artifactId"} {
			if d, ok := defs[name].(map[string]any); ok && d["pattern"] == p {
				return keyWord(name)
			}
		}
	}
	return keyWord("")
}

// def reports a value that does not match one of the shared definitions.
func (w *walker) def(name string, e *jsonschema.ValidationError) {
	loc := e.InstanceLocation
	f := w.field(loc)
	v, _ := lookup(w.doc, loc)
	s, isString := v.(string)
	var msg string
	switch name {
	case "artifactId":
		switch {
		case !isString:
			msg = fmt.Sprintf("%s must be an id in upper-case letters, digits and hyphens, like POL-001, %s", f, notValue(v))
		case s == "":
			msg = f + " must not be empty: write an id like POL-001"
		case utf8.RuneCountInString(s) > 64:
			msg = fmt.Sprintf("%s is %d characters long: an id has at most 64", f, utf8.RuneCountInString(s))
		case onlyChars(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"):
			msg = fmt.Sprintf("%s %s must start with a letter and have hyphens only between letters and digits, like POL-001", f, show(s))
		default:
			msg = fmt.Sprintf("%s %s must be upper-case letters, digits and hyphens, like POL-001", f, show(s))
		}
	case "roleId", "kindName":
		what, example := "a role id", "compliance-officers"
		if name == "kindName" {
			what, example = "a kind name", "ai-policy"
		}
		switch {
		case !isString:
			msg = fmt.Sprintf("%s must be %s in lower-case letters, digits and hyphens, like %s, %s", f, what, example, notValue(v))
		case s == "":
			msg = fmt.Sprintf("%s must not be empty: write %s like %s", f, what, example)
		case onlyChars(s, "abcdefghijklmnopqrstuvwxyz0123456789-"):
			msg = fmt.Sprintf("%s %s must start with a letter and have hyphens only between letters and digits, like %s", f, show(s), example)
		default:
			msg = fmt.Sprintf("%s %s must be %s in lower-case letters, digits and hyphens, like %s", f, show(s), what, example)
		}
	case "ruleId":
		msg = fmt.Sprintf("%s must be a rule id, built-in like AIMS3004 or custom like ACME-001 (a custom id does not start with AIMS), %s", f, notValue(v))
	case "ruleSelector":
		msg = fmt.Sprintf("%s must be all, a rule id like AIMS3004 or ACME-001, or a rule id with a minus to turn it off, like -AIMS3004, %s", f, notValue(v))
	case "date":
		msg = dateMessage(f, v)
	case "cycle":
		msg = fmt.Sprintf("%s must be a number and a unit (d, w, mo or y), like 90d or 12mo, %s", f, notValue(v))
	case "clause", "annexAControl", "reference":
		what, like := "an ISO 42001 clause or Annex A control", "a clause like 6.1.2 or a control like A.6.2.4"
		switch name {
		case "clause":
			what, like = "an ISO 42001 clause", "a clause like 6.1.2"
		case "annexAControl":
			what, like = "an ISO 42001 Annex A control", "a control like A.6.2.4"
		}
		switch {
		case isString:
			msg = fmt.Sprintf("%s %s is not %s: write %s", f, show(s), what, like)
		case isNumber(v):
			msg = fmt.Sprintf("%s must be %s written as text: put it in quotes, like \"%s\"", f, what, show(v))
		default:
			msg = fmt.Sprintf("%s must be %s, like 6.1.2 or A.6.2.4, %s", f, what, notValue(v))
		}
	case "byteSize":
		msg = fmt.Sprintf("%s must be a number of bytes or a size like 5MiB, 512KiB or 10MB, %s", f, notValue(v))
	default:
		msg = f + " does not match what its schema expects"
	}
	w.add(loc, "", msg)
}

// dateMessage says what is wrong with a date.
func dateMessage(f string, v any) string {
	if s, ok := v.(string); ok && isDateShape(s) {
		return fmt.Sprintf("%s %s is not a real date: check the month and the day", f, show(s))
	}
	return fmt.Sprintf("%s must be a date written YYYY-MM-DD, %s", f, notValue(v))
}

// isDateShape reports whether s is four digits, a hyphen, two digits, a
// hyphen and two digits.
func isDateShape(s string) bool {
	if len(s) != 10 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func onlyChars(s, chars string) bool {
	for _, r := range s {
		if !strings.ContainsRune(chars, r) {
			return false
		}
	}
	return true
}

// typeMessage says that the value at f has the wrong type.
func (w *walker) typeMessage(f string, v any, want []string) string {
	phrase := map[string]string{
		"string":  "text",
		"integer": "a whole number",
		"number":  "a number",
		"boolean": "true or false",
		"array":   "a list",
		"object":  "a mapping of fields",
		"null":    "empty",
	}
	has := map[string]bool{}
	for _, t := range want {
		has[t] = true
	}
	var words []string
	for _, t := range []string{"object", "array", "string", "number", "integer", "boolean", "null"} {
		if !has[t] || (t == "integer" && has["number"]) {
			continue
		}
		words = append(words, phrase[t])
	}
	if len(words) == 0 {
		words = []string{"something else"}
	}
	wantPhrase := strings.Join(words, " or ")
	if v == nil {
		return fmt.Sprintf("%s must be %s, but it is empty", f, wantPhrase)
	}
	msg := fmt.Sprintf("%s must be %s, not %s", f, wantPhrase, gotPhrase(v))
	switch {
	case len(want) == 1 && want[0] == "string" && (isNumber(v) || isBool(v)):
		msg += fmt.Sprintf(": put it in quotes, like \"%s\"", show(v))
	case len(want) == 1 && want[0] == "array" && !isList(v) && !isMap(v):
		msg += ": write it as a list, even for one entry"
	}
	return msg
}

// gotPhrase names the type of a value in a type message: "text", "2.5",
// "true", "a list".
func gotPhrase(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	case nil:
		return "empty"
	}
	return show(v)
}

// notValue ends a message about a wrong value: `not "severe"`, "not a list",
// "but it is empty".
func notValue(v any) string {
	switch v.(type) {
	case nil:
		return "but it is empty"
	case []any:
		return "not a list"
	case map[string]any:
		return "not a mapping"
	}
	return "not " + show(v)
}

// rangeMessage says that a number is out of range, giving both bounds when
// the schema has both.
func (w *walker) rangeMessage(f, schemaURL, side string, want, got *big.Rat) string {
	if m, ok := w.set.node(schemaURL).(map[string]any); ok {
		lo, lok := m["minimum"]
		hi, hok := m["maximum"]
		if lok && hok {
			return fmt.Sprintf("%s must be between %v and %v, not %s", f, lo, hi, rat(got))
		}
	}
	return fmt.Sprintf("%s must be %s %s, not %s", f, side, rat(want), rat(got))
}

func rat(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func formatName(f string) string {
	switch f {
	case "email", "idn-email":
		return "email address"
	case "uri", "iri", "uri-reference", "iri-reference":
		return "URL"
	case "date-time":
		return "date and time, like 2026-03-31T12:00:00Z"
	case "time":
		return "time, like 12:00:00Z"
	case "hostname", "idn-hostname":
		return "host name"
	case "ipv4", "ipv6":
		return strings.ToUpper(f[:2]) + f[2:] + " address"
	case "regex":
		return "regular expression"
	case "duration":
		return "ISO 8601 duration, like P1Y"
	case "uuid":
		return "UUID"
	}
	return f
}

// condition describes the `if` of the conditional whose then or else holds
// schemaURL: " when `status` is `approved`", " unless `treatment` is `accept`".
// It returns "" when the error does not come from a conditional, or when the
// condition is too complex to put in words.
func (w *walker) condition(schemaURL string) string {
	u, frag, _ := strings.Cut(schemaURL, "#")
	parent, last, ok := cutLast(frag)
	if !ok || (last != "then" && last != "else") {
		return ""
	}
	m, ok := w.set.node(u + "#" + parent).(map[string]any)
	if !ok {
		return ""
	}
	desc, ok := describeIf(m["if"])
	if !ok {
		return ""
	}
	if last == "then" {
		return " when " + desc
	}
	return " unless " + desc
}

// cutLast splits a JSON pointer into its parent and last token.
func cutLast(ptr string) (string, string, bool) {
	i := strings.LastIndexByte(ptr, '/')
	if i < 0 {
		return "", "", false
	}
	return ptr[:i], ptr[i+1:], true
}

// describeIf puts a simple `if` into words: properties with a const, an enum
// or a negated const, plus required. Anything else is not described.
func describeIf(node any) (string, bool) {
	m, ok := node.(map[string]any)
	if !ok {
		return "", false
	}
	for k := range m {
		switch k {
		case "properties", "required", "type", "title", "description", "$comment":
		default:
			return "", false
		}
	}
	props, _ := m["properties"].(map[string]any)
	if len(props) == 0 {
		return "", false
	}
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	sort.Strings(names)
	var parts []string
	for _, name := range names {
		sub, ok := props[name].(map[string]any)
		if !ok || len(sub) != 1 {
			return "", false
		}
		switch {
		case sub["const"] != nil:
			parts = append(parts, fmt.Sprintf("`%s` is %s", name, condValue(sub["const"])))
		case sub["enum"] != nil:
			vals, ok := sub["enum"].([]any)
			if !ok || len(vals) == 0 {
				return "", false
			}
			words := make([]string, len(vals))
			for i, v := range vals {
				words[i] = condValue(v)
			}
			parts = append(parts, fmt.Sprintf("`%s` is %s", name, strings.Join(words, " or ")))
		case sub["not"] != nil:
			not, ok := sub["not"].(map[string]any)
			if !ok || len(not) != 1 || not["const"] == nil {
				return "", false
			}
			parts = append(parts, fmt.Sprintf("`%s` is not %s", name, condValue(not["const"])))
		default:
			return "", false
		}
	}
	return strings.Join(parts, " and "), true
}

// condValue shows a value in a condition: `approved`, true, 3.
func condValue(v any) string {
	switch v := v.(type) {
	case string:
		return "`" + v + "`"
	case bool:
		return strconv.FormatBool(v)
	}
	return show(v)
}

// containsConst returns the const of the contains of the schema at schemaURL.
func (w *walker) containsConst(schemaURL string) (any, bool) {
	m, ok := w.set.node(schemaURL).(map[string]any)
	if !ok {
		return nil, false
	}
	c, ok := m["contains"].(map[string]any)
	if !ok {
		return nil, false
	}
	v, ok := c["const"]
	return v, ok
}

// knownFields returns the property names and the patternProperties
// patterns of the schema at schemaURL, sorted.
func (w *walker) knownFields(schemaURL string) (names, patterns []string) {
	m, ok := w.set.node(schemaURL).(map[string]any)
	if !ok {
		return nil, nil
	}
	props, _ := m["properties"].(map[string]any)
	for k := range props {
		names = append(names, k)
	}
	pats, _ := m["patternProperties"].(map[string]any)
	for k := range pats {
		patterns = append(patterns, k)
	}
	sort.Strings(names)
	sort.Strings(patterns)
	return names, patterns
}

// closest returns the known name nearest to s, if it is close enough to be a
// likely typo.
func closest(s string, known []string) string {
	best, bestD := "", 0
	for _, k := range known {
		d := suggest.Distance(strings.ToLower(s), strings.ToLower(k))
		limit := utf8.RuneCountInString(k) / 4
		limit = max(1, min(limit, 4))
		if utf8.RuneCountInString(k) > 4 {
			limit = max(limit, 2)
		}
		if d <= limit && (best == "" || d < bestD) {
			best, bestD = k, d
		}
	}
	return best
}

// field names the value at path in a message: "`likelihood`",
// "`controls[2]`", or the root ("the document").
func (w *walker) field(path []string) string {
	if len(path) == 0 {
		return w.root
	}
	isIndex := w.indexes(path)
	j := len(path) - 1
	for j >= 0 && isIndex[j] {
		j--
	}
	var b strings.Builder
	b.WriteByte('`')
	if j >= 0 {
		b.WriteString(path[j])
	}
	for _, tok := range path[j+1:] {
		b.WriteString("[" + tok + "]")
	}
	b.WriteByte('`')
	return b.String()
}

// where names a mapping or list by its full path: "risks[0]",
// "criteria.likelihood[1]"; "" for the root.
func (w *walker) where(path []string) string {
	isIndex := w.indexes(path)
	var b strings.Builder
	for i, tok := range path {
		switch {
		case isIndex[i]:
			b.WriteString("[" + tok + "]")
		case i > 0:
			b.WriteString("." + tok)
		default:
			b.WriteString(tok)
		}
	}
	return b.String()
}

// indexes reports, for each token of path, whether it indexes a list.
func (w *walker) indexes(path []string) []bool {
	out := make([]bool, len(path))
	cur := w.doc
	for i, tok := range path {
		switch c := cur.(type) {
		case []any:
			out[i] = true
			n, err := strconv.Atoi(tok)
			if err != nil || n < 0 || n >= len(c) {
				return out
			}
			cur = c[n]
		case map[string]any:
			cur = c[tok]
		default:
			return out
		}
	}
	return out
}

// lookup returns the value at path in doc.
func lookup(doc any, path []string) (any, bool) {
	cur := doc
	for _, tok := range path {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[tok]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			n, err := strconv.Atoi(tok)
			if err != nil || n < 0 || n >= len(c) {
				return nil, false
			}
			cur = c[n]
		default:
			return nil, false
		}
	}
	return cur, true
}

// node returns the decoded schema at schemaURL (a document URL, "#", and a
// JSON pointer), or nil.
func (s *Set) node(schemaURL string) any {
	u, frag, _ := strings.Cut(schemaURL, "#")
	doc, ok := s.docs[u]
	if !ok {
		return nil
	}
	if frag == "" {
		return doc
	}
	toks := strings.Split(frag, "/")
	if toks[0] != "" {
		return nil // an anchor, not a pointer
	}
	for i, tok := range toks[1:] {
		t, err := url.PathUnescape(tok)
		if err != nil {
			return nil
		}
		toks[i+1] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	v, _ := lookup(doc, toks[1:])
	return v
}

// defOf returns the name of the shared definition whose schema is
// schemaURL, if it is one that has its own message.
func (s *Set) defOf(schemaURL string) string {
	u, frag, _ := strings.Cut(schemaURL, "#")
	name, ok := s.canon[u]
	if !ok {
		return ""
	}
	def, ok := strings.CutPrefix(frag, "/$defs/")
	if !ok || strings.Contains(def, "/") {
		return ""
	}
	switch name {
	case defsName:
		switch def {
		case "artifactId", "roleId", "kindName", "ruleId", "date", "cycle", "clause", "annexAControl", "reference":
			return def
		}
	case configName:
		switch def {
		case "ruleSelector", "byteSize":
			return def
		}
	}
	return ""
}

// show renders a value for a message: strings quoted (and shortened),
// numbers and booleans as written, lists and mappings by name.
func show(v any) string {
	switch v := v.(type) {
	case string:
		const max = 60
		if utf8.RuneCountInString(v) > max {
			r := []rune(v)
			v = string(r[:max]) + "…"
		}
		return strconv.Quote(v)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return "empty"
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(v), 'g', -1, 32)
	case json.Number:
		return v.String()
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprint(v)
}

// plain renders an allowed value: strings bare, others as show does.
func plain(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return show(v)
}

// oneOf renders the allowed values of an enum: "one of a, b, c" or just "a".
func oneOf(vals []any) string {
	words := make([]string, len(vals))
	for i, v := range vals {
		words[i] = plain(v)
	}
	if len(words) == 1 {
		return words[0]
	}
	return "one of " + strings.Join(words, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func isNumber(v any) bool {
	switch v.(type) {
	case float64, float32, json.Number, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return true
	}
	return false
}

func isBool(v any) bool {
	_, ok := v.(bool)
	return ok
}

func isList(v any) bool {
	_, ok := v.([]any)
	return ok
}

func isMap(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}
