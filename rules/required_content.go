package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/schema"
)

// nonAnswers are the keys (exclusionKey: lower case, letters and digits only)
// of values that say nothing where content is required. A value with no
// letter or digit at all ("-", "?", "...") is one too. Markers such as TBD are
// AIMS7001's.
var nonAnswers = []string{
	"na", "notapplicable", "empty", "placeholder", "x",
	"notcovered", "notdefined", "notyetdefined", "notset", "notyetknown",
	"tobedefined", "tobedetermined", "tobeconfirmed", "tobecompleted", "tobedecided",
	"tobeadded", "tobedone", "tobewritten", "pending",
}

// noneAnswers are the keys of values that say there is nothing. They are no
// answer where there must be something (a role's responsibilities, a
// system's human oversight), but a real one where the template itself asks
// to say that there is nothing (noneAllowed).
var noneAnswers = []string{"none", "nil", "nothing", "null"}

// noneAllowed are the fields and required sections, by kind, where "none"
// answers the question: what changed since the last review, the actions a
// review or a report agreed, the findings of an audit.
var noneAllowed = map[string][]string{
	"management-review": {"inputs.previous_actions", "inputs.context_changes", "inputs.interested_party_changes", "section:Actions"},
	"monitoring-report": {"section:Actions"},
	"audit-report":      {"section:Findings"},
}

// longestNonAnswer is the length of the longest key of nonAnswers and
// noneAnswers.
var longestNonAnswer = sync.OnceValue(func() int {
	n := 0
	for _, k := range append(slices.Clone(nonAnswers), noneAnswers...) {
		n = max(n, len(k))
	}
	return n
})

// mayBeNonAnswer reports whether s is short enough to be a non-answer: text
// with more letters and digits than the longest one never is (nonAnswer),
// and most values are such text.
func mayBeNonAnswer(s string) bool {
	return alnumAtMost(s, longestNonAnswer())
}

// alnumAtMost reports whether s has at most n letters and digits, the
// characters exclusionKey keeps.
func alnumAtMost(s string, n int) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if n--; n < 0 {
				return false
			}
		}
	}
	return true
}

// nonAnswer reports whether text says nothing where the field or section
// where (a field label, or "section:" and the section's name) of a kind
// requires content. Blank text is not a non-answer but empty.
func nonAnswer(kind, where, s string) bool {
	if strings.TrimSpace(s) == "" {
		return false
	}
	key := exclusionKey(s)
	if key == "" || slices.Contains(nonAnswers, key) {
		return true
	}
	return slices.Contains(noneAnswers, key) && !slices.Contains(noneAllowed[kind], where)
}

// fullText replaces a value to learn whether its field takes free text: a
// field that accepts it instead of the value is not an enumeration or a
// pattern (a role id, a date).
const fullText = "A sentence written in full by the organization."

// builtinSchemas are the built-in kinds' schemas, compiled once.
var builtinSchemas = sync.OnceValues(func() (*schema.Set, error) { return schema.Compile(nil) })

// passSchemas returns the schemas of the run: the built-in ones, with the
// custom kinds' when the configuration has any. Nil when they do not
// compile (the engine reports why).
func passSchemas(p *lint.Pass) *schema.Set {
	if p.Config != nil && len(p.Config.CustomKinds) > 0 {
		customs, err := p.Config.SchemaCustoms(p.ReadFile)
		if err != nil {
			return nil
		}
		set, err := schema.Compile(customs)
		if err != nil {
			return nil
		}
		return set
	}
	set, err := builtinSchemas()
	if err != nil {
		return nil
	}
	return set
}

// A contentCheck judges the content of one document against its schema.
type contentCheck struct {
	p      *lint.Pass
	set    *schema.Set
	d      *artifact.Document
	schema map[artifact.Position]bool // positions AIMS1002 already reports
}

// violations validates data as the document's kind; nil when it cannot.
func (c *contentCheck) violations(data map[string]any) []schema.Violation {
	vs, err := c.set.Validate(c.d.Kind, data)
	if err != nil {
		return nil
	}
	return vs
}

// required says why the field key of the mapping at parent must be there:
// the kind's schema fails without it, or a rule requires it. It returns ""
// when nothing requires it.
func (c *contentCheck) required(parent []string, key string) string {
	if why := ruleRequires(c.d, parent, key); why != "" {
		return why
	}
	data, ok := cloneValue(c.d.Data).(map[string]any)
	if !ok {
		return ""
	}
	m, ok := valueAt(data, parent).(map[string]any)
	if !ok {
		return ""
	}
	delete(m, key)
	for _, v := range c.violations(data) {
		if v.Key == key && slices.Equal(v.Path, parent) {
			return fmt.Sprintf("the %s schema requires it", c.d.Kind)
		}
	}
	return ""
}

// freeText reports whether the value at path may be any text: the schema
// accepts a sentence in its place.
func (c *contentCheck) freeText(path []string) bool {
	data, ok := cloneValue(c.d.Data).(map[string]any)
	if !ok || len(path) == 0 {
		return false
	}
	parent, last := path[:len(path)-1], path[len(path)-1]
	switch x := valueAt(data, parent).(type) {
	case map[string]any:
		x[last] = fullText
	case []any:
		i := 0
		if _, err := fmt.Sscan(last, &i); err != nil || i < 0 || i >= len(x) {
			return false
		}
		x[i] = fullText
	default:
		return false
	}
	for _, v := range c.violations(data) {
		if len(v.Path) >= len(path) && slices.Equal(v.Path[:len(path)], path) {
			return false
		}
	}
	return true
}

// ruleRequires says why a rule requires a field although the schema does
// not, or "": a closed incident needs its root cause (AIMS3010).
func ruleRequires(d *artifact.Document, parent []string, key string) string {
	if d.Kind == "incident" && len(parent) == 0 && key == "root_cause" && d.String("state") == "closed" {
		return "a closed incident needs its root cause (AIMS3010)"
	}
	return ""
}

// skipped reports the values this rule leaves to others: what the schema
// already reports at the same place (AIMS1002), and the justifications of
// excluded controls (AIMS3008).
func (c *contentCheck) skipped(path []string, r artifact.Range) bool {
	if c.schema[r.Start] {
		return true
	}
	if c.d.Kind == statementKind && len(path) == 3 && path[0] == "annex_a" && path[2] == "justification" {
		if m, ok := c.d.Get(path[:2]...).(map[string]any); ok && m["applicable"] == false {
			return true
		}
	}
	return false
}

// checkRequiredContent is AIMS7002.
func checkRequiredContent(p *lint.Pass) error {
	set := passSchemas(p)
	for _, d := range judgedDocs(p) {
		if set != nil && set.Has(d.Kind) {
			c := &contentCheck{p: p, set: set, d: d, schema: map[artifact.Position]bool{}}
			for _, pr := range d.Problems {
				if pr.RuleID == lint.RuleSchema {
					c.schema[pr.Range.Start] = true
				}
			}
			c.check()
		}
		if d.Format == artifact.Markdown {
			checkSectionAnswers(p, d)
		}
	}
	return nil
}

// check walks the document's values and reports the empty and non-answer
// ones where content is required.
func (c *contentCheck) check() {
	refs := structureControls(c.d, DefaultCatalogue().EvidencedBy(c.d.Kind))
	report := func(path []string, msg string) {
		r := c.d.Locate(path...)
		if !c.skipped(path, r) {
			c.p.Report(r, msg, refs...)
		}
	}
	walkValues(c.d.Data, nil, func(path []string, v any) {
		parent, last := path[:len(path)-1], path[len(path)-1]
		// The label is worked out only for a string or a report: most values
		// need neither.
		field := func() string { return fieldLabel(path...) }
		_, inList := valueAt(c.d.Data, parent).([]any)
		switch {
		case inList && v != nil && blankText(v):
			// An empty item of any list says nothing.
			report(path, fmt.Sprintf("`%s` is an empty item of its list, and %s: write it, or remove it", field(), statusClause(c.d)))
		case inList:
			s, ok := v.(string)
			if !ok || len(parent) == 0 || !mayBeNonAnswer(s) || !nonAnswer(c.d.Kind, fieldLabel(parent...), s) {
				return
			}
			why := c.required(parent[:len(parent)-1], parent[len(parent)-1])
			if why == "" || !c.freeText(path) {
				return
			}
			report(path, fmt.Sprintf("`%s` says only %q, but `%s` needs content (%s), and %s: write what is true; if there is really nothing, say so and why", field(), strings.TrimSpace(s), fieldLabel(parent...), why, statusClause(c.d)))
		case empty(v):
			why := c.required(parent, last)
			if why == "" {
				return
			}
			report(path, fmt.Sprintf("`%s` is empty, but %s, and %s: write it, or set `status: draft` until it is written", field(), why, statusClause(c.d)))
		default:
			s, ok := v.(string)
			if !ok || !mayBeNonAnswer(s) || !nonAnswer(c.d.Kind, field(), s) {
				return
			}
			why := c.required(parent, last)
			if why == "" || !c.freeText(path) {
				return
			}
			report(path, fmt.Sprintf("`%s` says only %q, but %s, and %s: write what is true; if there is really nothing, say so and why", field(), strings.TrimSpace(s), why, statusClause(c.d)))
		}
	})
}

// empty reports whether v holds nothing: null, blank text, an empty list or
// an empty mapping.
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// valueAt returns the value at path in v, or nil.
func valueAt(v any, path []string) any {
	for _, t := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[t]
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// cloneValue copies maps and lists deeply.
func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = cloneValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	}
	return v
}

// checkSectionAnswers reports required Markdown sections whose only text is a
// non-answer ("N/A", "None.", "-"). Their headings are found as for AIMS2001.
func checkSectionAnswers(p *lint.Pass, d *artifact.Document) {
	sc := structureChecks(p)(d.Kind)
	h := runHeadings(p)
	if sc == nil {
		return
	}
	secs := withoutTitle(d.Sections())
	lines := strings.Split(string(d.Body), "\n")
	for j, s := range secs {
		if s.Empty {
			continue
		}
		hk := h.headingKeys(s.Title)
		req := -1
		for i, keys := range sc.keys {
			if keysMeet(hk, keys) {
				req = i
				break
			}
		}
		if req < 0 {
			continue
		}
		end := d.BodyLine + len(lines)
		if j+1 < len(secs) {
			if secs[j+1].Level > s.Level {
				continue // its text is in subsections: their headings count
			}
			end = secs[j+1].Line
		}
		var text []string
		first := 0
		comment := false
		for n := s.Line + 1; n < end; n++ {
			var out string
			out, comment = outsideComments(lines[n-d.BodyLine], comment)
			if t := listItemText(out); t != "" {
				text = append(text, t)
				if first == 0 {
					first = n
				}
			}
		}
		r := sc.reqs[req]
		if len(text) == 0 || !nonAnswer(d.Kind, "section:"+r.names[0], strings.Join(text, " ")) {
			continue
		}
		p.Report(bodyLineRange(d, first), fmt.Sprintf("the `%s` section says only %q, and %s: %s; write it, or, if there is really nothing, say so and why", displayHeading(s.Title), shorten(strings.Join(text, " ")), statusClause(d), r.why), structureControls(d, sc.refs)...)
	}
}
