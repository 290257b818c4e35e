package rules

import (
	"sort"
	"strconv"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// This file holds what the integrity rules (AIMS30xx) share: the namespace of
// ids defined inside artifacts, and small readers of parsed values.

// An itemList is a list inside an artifact whose items have ids that other
// artifacts refer to, so they share one namespace with the artifact ids.
type itemList struct {
	kind string // the artifact kind that holds the list
	list string // the list's key
	noun string // what one item is, e.g. "risk"
}

// itemLists are the lists whose item ids are referenceable.
var itemLists = []itemList{
	{kind: "risk-register", list: "risks", noun: "risk"},
	{kind: "audit-programme", list: "audits", noun: "planned audit"},
	{kind: "audit-report", list: "findings", noun: "audit finding"},
	{kind: "management-review", list: "actions", noun: "review action"},
}

// An itemRef is one item id defined inside an artifact's list.
type itemRef struct {
	doc   *artifact.Document
	list  itemList
	index int
}

// rng returns the range of the item's id value.
func (it itemRef) rng() artifact.Range {
	return it.doc.Locate(it.list.list, strconv.Itoa(it.index), "id")
}

// describe says what the item is, e.g. `a risk in RSK-REG`.
func (it itemRef) describe() string {
	return withArticle(it.list.noun) + " in " + it.doc.ID
}

// itemIDs indexes the referenceable item ids of every parsed artifact: each
// id maps to its definitions in path order, then list order.
func itemIDs(p *lint.Pass) map[string][]itemRef {
	out := map[string][]itemRef{}
	for _, l := range itemLists {
		for _, d := range p.Index.ByKind(l.kind) {
			if d.Data == nil {
				continue
			}
			for i, v := range d.List(l.list) {
				if id := itemString(v, "id"); id != "" {
					out[id] = append(out[id], itemRef{doc: d, list: l, index: i})
				}
			}
		}
	}
	return out
}

// kindDocs returns the parsed artifacts of kind, in path order.
func kindDocs(p *lint.Pass, kind string) []*artifact.Document {
	var out []*artifact.Document
	for _, d := range p.Index.ByKind(kind) {
		if d.Data != nil {
			out = append(out, d)
		}
	}
	return out
}

// unparsedMention reports whether an artifact of kind that does not parse
// writes value after key: what it says cannot be checked until it parses
// (AIMS1001 says why), so rules do not report its absence.
//
// The values are indexed once per run for each kind and key, so that rules
// may ask for every AI system.
func unparsedMention(p *lint.Pass, kind, key, value string) bool {
	mentioned := p.Shared(unparsedMentionKey{kind, key}, func() any {
		m := map[string]bool{}
		for _, d := range p.Index.ByKind(kind) {
			if d.Data == nil {
				for _, v := range d.Salvaged.Values(key) {
					m[v] = true
				}
			}
		}
		return m
	}).(map[string]bool)
	return mentioned[value]
}

// unparsedMentionKey is the key of the values unparsed artifacts of a kind
// write after a key (unparsedMention) among the run's shared values.
type unparsedMentionKey struct{ kind, key string }

// liveKindDocs returns the parsed artifacts of kind that are not retired.
func liveKindDocs(p *lint.Pass, kind string) []*artifact.Document {
	var out []*artifact.Document
	for _, d := range kindDocs(p, kind) {
		if d.Status() != "retired" {
			out = append(out, d)
		}
	}
	return out
}

// itemString returns the string under key of v when v is a mapping.
func itemString(v any, key string) string {
	m, _ := v.(map[string]any)
	s, _ := m[key].(string)
	return s
}

// asWholeNumber returns v as an integer when it is a whole number.
func asWholeNumber(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case float64:
		if n == float64(int64(n)) {
			return int64(n), true
		}
	}
	return 0, false
}

// blankText reports whether v is missing or text with nothing but spaces.
func blankText(v any) bool {
	if v == nil {
		return true
	}
	s, ok := v.(string)
	return ok && strings.TrimSpace(s) == ""
}

// withArticle puts "a" or "an" before a noun: "an ai-policy", "a dataset".
func withArticle(noun string) string {
	if noun != "" && strings.ContainsRune("aeiouAEIOU", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// fieldLabel writes path tokens as a field: risks[2].ai_system.
func fieldLabel(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		if mayBeNumber(t) {
			if _, err := strconv.Atoi(t); err == nil {
				b.WriteString("[" + t + "]")
				continue
			}
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	return b.String()
}

// mayBeNumber reports whether t starts as strconv.Atoi's numbers do (a digit
// or a sign): most tokens are field names, and a failed Atoi allocates its
// error.
func mayBeNumber(t string) bool {
	return t != "" && (t[0] >= '0' && t[0] <= '9' || t[0] == '+' || t[0] == '-')
}

// tok turns a list index into a path token.
func tok(i int) string { return strconv.Itoa(i) }

// sortedSet returns the keys of a set, sorted.
func sortedSet(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
