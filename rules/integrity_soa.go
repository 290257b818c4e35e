package rules

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS3006 reports Annex A controls a statement of applicability leaves out.
var AIMS3006 = &lint.Rule{
	ID:       "AIMS3006",
	Name:     "ApplicabilityStatementMissesControl",
	Title:    "statement of applicability leaves out an Annex A control",
	Doc:      doc("AIMS3006"),
	Severity: lint.Error,
	Controls: []string{"6.1.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkSoAComplete,
}

// AIMS3007 reports controls listed twice in a statement of applicability, and
// a second statement of applicability.
var AIMS3007 = &lint.Rule{
	ID:       "AIMS3007",
	Name:     "ApplicabilityStatementDuplicate",
	Title:    "statement of applicability lists a control twice or is not the only one",
	Doc:      doc("AIMS3007"),
	Severity: lint.Error,
	Controls: []string{"6.1.3"},
	Check:    checkSoAUnique,
}

// AIMS3008 reports exclusions without a real justification and entries
// whose applicability contradicts their implementation status.
var AIMS3008 = &lint.Rule{
	ID:       "AIMS3008",
	Name:     "ExclusionWithoutJustification",
	Title:    "control is excluded without a real justification or its status contradicts its applicability",
	Doc:      doc("AIMS3008"),
	Severity: lint.Error,
	Controls: []string{"6.1.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkExclusions,
}

// AIMS3009 reports controls marked implemented without existing, approved
// evidence.
var AIMS3009 = &lint.Rule{
	ID:       "AIMS3009",
	Name:     "ImplementedWithoutEvidence",
	Title:    "control is marked implemented without approved evidence",
	Doc:      doc("AIMS3009"),
	Severity: lint.Error,
	Controls: []string{"6.1.3"},
	Check:    checkImplementationEvidence,
}

const statementKind = "statement-of-applicability"

// An applicabilityEntry is one entry of a statement of applicability's annex_a.
type applicabilityEntry struct {
	index int
	m     map[string]any
	ref   string
}

// label names the entry in messages: its ref, or its place in the list.
func (e applicabilityEntry) label() string {
	if e.ref != "" {
		return e.ref
	}
	return fmt.Sprintf("the entry annex_a[%d]", e.index)
}

// at returns the path tokens of a key of the entry.
func (e applicabilityEntry) at(key ...string) []string {
	return append([]string{"annex_a", tok(e.index)}, key...)
}

// applicabilityEntries returns the entries of d's annex_a that are mappings.
func applicabilityEntries(d *artifact.Document) []applicabilityEntry {
	var out []applicabilityEntry
	for i, v := range d.List("annex_a") {
		m, ok := v.(map[string]any)
		if !ok {
			continue
		}
		ref, _ := m["ref"].(string)
		out = append(out, applicabilityEntry{index: i, m: m, ref: ref})
	}
	return out
}

func checkSoAComplete(p *lint.Pass) error {
	controls := DefaultCatalogue().Controls()
	for _, d := range liveKindDocs(p, statementKind) {
		if _, ok := d.Get("annex_a").([]any); !ok {
			continue // missing or not a list: the schema rule says so
		}
		listed := map[string]bool{}
		for _, e := range applicabilityEntries(d) {
			listed[e.ref] = true
		}
		n := 0
		for _, c := range controls {
			if listed[c.ID] {
				n++
			}
		}
		if n == 0 {
			p.Reportf(d.LocateKey("annex_a"), "`annex_a` lists none of the %d Annex A controls: add an entry for each, with its applicability, justification and implementation", len(controls))
			continue
		}
		for _, c := range controls {
			if !listed[c.ID] {
				p.Reportf(d.LocateKey("annex_a"), "`annex_a` does not list %s (%s): add an entry for it with its applicability, justification and implementation", c.ID, c.Title)
			}
		}
	}
	return nil
}

func checkSoAUnique(p *lint.Pass) error {
	soas := liveKindDocs(p, statementKind)
	for i, d := range soas {
		if i > 0 {
			first := soas[0]
			p.ReportFinding(lint.Finding{
				Range:   d.Locate("kind"),
				Message: fmt.Sprintf("this is a second current statement of applicability, besides %s in %s: merge them into one and retire or remove the other", first.ID, first.Path),
				Related: []lint.Related{{Range: first.Locate("kind"), Message: "the first statement of applicability"}},
			})
		}
		firstAt := map[string]applicabilityEntry{}
		for _, e := range applicabilityEntries(d) {
			if e.ref == "" {
				continue
			}
			f, dup := firstAt[e.ref]
			if !dup {
				firstAt[e.ref] = e
				continue
			}
			p.ReportFinding(lint.Finding{
				Range:   d.Locate(e.at("ref")...),
				Message: fmt.Sprintf("%s is listed more than once in `annex_a`: merge the entries into one", e.ref),
				Related: []lint.Related{{Range: d.Locate(f.at("ref")...), Message: "first listed here"}},
			})
		}
	}
	return nil
}

// placeholder reports whether a justification says nothing: compared after
// lower-casing and dropping everything but letters and digits (exclusionKey).
func placeholder(key string) bool {
	switch key {
	case "", "na", "notapplicable", "tbd", "tba", "todo", "none", "no":
		return true
	}
	return false
}

// minExclusionJustification is the fewest characters a justification for an
// exclusion can have and still say why.
const minExclusionJustification = 15

// exclusionKey lower-cases s and keeps only its letters and digits.
func exclusionKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func checkExclusions(p *lint.Pass) error {
	for _, d := range liveKindDocs(p, statementKind) {
		for _, e := range applicabilityEntries(d) {
			applicable, ok := e.m["applicable"].(bool)
			if !ok {
				continue
			}
			impl, _ := e.m["implementation"].(string)
			if applicable {
				if impl == "not-applicable" {
					p.Reportf(d.Locate(e.at("implementation")...), "%s is applicable but its implementation is \"not-applicable\": give its real implementation status, or exclude it with `applicable: false` and a justification", e.label())
				}
				continue
			}
			checkExclusionJustification(p, d, e)
			if impl != "" && impl != "not-applicable" {
				p.Reportf(d.Locate(e.at("implementation")...), "%s is excluded (`applicable: false`) but its implementation is %q: set `implementation: not-applicable`, or make the control applicable", e.label(), impl)
			}
		}
	}
	return nil
}

// checkExclusionJustification reports the justification of an excluded
// entry when it is missing, a placeholder or too short to say anything.
func checkExclusionJustification(p *lint.Pass, d *artifact.Document, e applicabilityEntry) {
	j, present := e.m["justification"]
	if blankText(j) {
		at := e.at("ref")
		if present {
			at = e.at("justification")
		}
		p.Reportf(d.Locate(at...), "%s is excluded without a justification: say in `justification` why the control does not apply", e.label())
		return
	}
	s, ok := j.(string)
	if !ok {
		return // not text: the schema rule says so
	}
	s = strings.TrimSpace(s)
	rng := d.Locate(e.at("justification")...)
	switch {
	case placeholder(exclusionKey(s)):
		p.Reportf(rng, "%s is excluded with the placeholder justification %q: say why the control does not apply to your AI systems", e.label(), s)
	case utf8.RuneCountInString(s) < minExclusionJustification:
		p.Reportf(rng, "%s is excluded with the justification %q, too short to say why: explain why the control does not apply to your AI systems", e.label(), s)
	}
}

func checkImplementationEvidence(p *lint.Pass) error {
	var items map[string][]itemRef // built on first need
	var cov *coverage              // built on first need
	for _, d := range liveKindDocs(p, statementKind) {
		for _, e := range applicabilityEntries(d) {
			if impl, _ := e.m["implementation"].(string); impl != "implemented" {
				continue
			}
			ids := d.Strings(e.at("evidence")...)
			if len(ids) == 0 {
				p.Reportf(d.Locate(e.at("implementation")...), "%s is marked implemented without evidence: list in `evidence` the approved artifacts that show it, or set the implementation status it really has", e.label())
				continue
			}
			var found []*artifact.Document
			unparsed := false
			for j, v := range d.List(e.at("evidence")...) {
				id, _ := v.(string)
				if id == "" {
					continue
				}
				docs := p.Index.ByID(id)
				if len(docs) > 0 {
					found = append(found, docs...)
					continue
				}
				if len(p.Index.Unparsed(id)) > 0 {
					unparsed = true // its status cannot be read: AIMS1001 says why
					continue
				}
				if items == nil {
					items = itemIDs(p)
				}
				what := "which does not exist"
				if it := items[id]; len(it) > 0 {
					what = "which is " + it[0].describe() + ", not an artifact"
				}
				p.Reportf(d.Locate(e.at("evidence", tok(j))...), "%s is marked implemented on the evidence %q, %s: the claim is unsupported; fix the id or add the artifact", e.label(), id, what)
			}
			if len(found) == 0 || unparsed {
				continue
			}
			var states []string
			approved := false
			for _, x := range found {
				if x.Status() == "approved" {
					approved = true
					break
				}
				states = append(states, x.ID+" is "+statusPhrase(x.Status()))
			}
			if !approved {
				p.Reportf(d.LocateKey(e.at("evidence")...), "%s is marked implemented but none of its evidence is approved (%s): approve the evidence, or set the implementation status it really has", e.label(), strings.Join(states, ", "))
				continue
			}
			// A control every AI system must meet is implemented only when
			// each in-scope system has approved evidence of it.
			if cov == nil {
				cov = computeCoverage(p)
			}
			if lacking := cov.lacking(e.ref); len(lacking) > 0 && !cov.unparsedKinds[modeKind(refPerSystem(cov, e.ref))] {
				p.Reportf(d.Locate(e.at("implementation")...), "%s is marked implemented, but %s no approved evidence of it, which every AI system in scope needs: approve it for each, or set the implementation status it really has", e.label(), lackingPhrase(lacking))
			}
		}
	}
	return nil
}

// statusPhrase says what a document's status makes it: "a draft", "in review".
func statusPhrase(status string) string {
	switch status {
	case "draft":
		return "a draft"
	case "in-review":
		return "in review"
	case "":
		return "without a status"
	}
	return status
}

// refPerSystem returns the per-system mode of a control; "" for none.
func refPerSystem(c *coverage, ref string) string {
	r, _ := c.cat.Lookup(ref)
	return r.PerSystem
}

// lacking returns the ids of the in-scope AI systems without approved
// evidence of a per-system control; nil for any other control.
func (c *coverage) lacking(ref string) []string {
	var out []string
	for _, r := range c.systemRows(refPerSystem(c, ref)) {
		if r.status != lint.Evidenced {
			out = append(out, r.system.ID)
		}
	}
	return out
}

// lackingPhrase names the systems: "SYS-A has", "SYS-A and SYS-B have".
func lackingPhrase(ids []string) string {
	if len(ids) == 1 {
		return ids[0] + " has"
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " and " + ids[len(ids)-1] + " have"
}
