package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS2001 reports Markdown artifacts that lack a section their kind requires.
var AIMS2001 = &lint.Rule{
	ID:       "AIMS2001",
	Name:     "RequiredSectionMissing",
	Title:    "required section is missing",
	Doc:      doc("AIMS2001"),
	Severity: lint.Error,
	Controls: []string{"7.5.2"},
	Scope:    lint.ScopeDocument,
	Timeless: true,
	Check:    checkSectionsPresent,
}

// AIMS2002 reports required sections that have a heading but nothing under it.
var AIMS2002 = &lint.Rule{
	ID:       "AIMS2002",
	Name:     "RequiredSectionEmpty",
	Title:    "required section is empty",
	Doc:      doc("AIMS2002"),
	Severity: lint.Warning,
	Controls: []string{"7.5.2"},
	Scope:    lint.ScopeDocument,
	Timeless: true,
	Check:    checkSectionsFilled,
}

// A requiredSection is one section a Markdown kind must have.
type requiredSection struct {
	// names are the accepted headings; names[0] is the one to write.
	names []string
	// shown is how many of names the messages list (those docs/format.md
	// lists); the others are accepted silently.
	shown int
	// why completes "add a `## Scope` section: …": the kind, and what the
	// section is for.
	why string
}

// requireSection builds a requirement from the names docs/format.md lists,
// shown in messages, and extra names that are accepted too.
func requireSection(why string, names []string, extra ...string) requiredSection {
	return requiredSection{names: append(slices.Clip(names), extra...), shown: len(names), why: why}
}

// sectionsFor returns the sections a built-in Markdown kind requires, as
// docs/format.md lists them, with the synonyms aims also accepts. Kinds without
// required sections (ai-system, dataset, incident and the YAML kinds) give nil.
// Each call returns fresh slices.
func sectionsFor(kind string) []requiredSection {
	switch kind {
	case "aims-scope":
		return []requiredSection{
			requireSection("an AIMS scope must describe the organization's context, the internal and external issues that shape its AI management system",
				[]string{"Context", "Context of the organization"},
				"Context of the organisation", "Organizational context", "Organisational context",
				"Internal and external issues", "External and internal issues"),
			requireSection("an AIMS scope must name the interested parties and what they need",
				[]string{"Interested parties", "Stakeholders"},
				"Interested parties and their needs", "Interested parties and their requirements",
				"Relevant interested parties", "Needs and expectations of interested parties", "Stakeholder needs"),
			requireSection("an AIMS scope must draw the boundaries of the AI management system",
				[]string{"Scope", "AIMS scope"},
				"Scope and boundaries", "Scope of the AIMS", "Scope of the AI management system", "Boundaries"),
		}
	case "ai-policy":
		return []requiredSection{
			requireSection("an AI policy must say why it exists and how it serves the organization's purpose",
				[]string{"Purpose"},
				"Purpose of this policy", "Purpose of the policy", "Policy purpose"),
			requireSection("an AI policy must state the principles and commitments that guide the organization's use of AI",
				[]string{"Principles", "Commitments"},
				"Principles and commitments", "Guiding principles", "AI principles", "Policy commitments", "Our commitments"),
			requireSection("an AI policy must give the framework for setting AI objectives",
				[]string{"Objectives", "Framework for objectives", "AI objectives"},
				"Framework for setting objectives", "Framework for setting AI objectives", "Objectives framework"),
			requireSection("an AI policy must say who is responsible for what",
				[]string{"Roles", "Responsibilities", "Roles and responsibilities"},
				"Responsibilities and authorities", "Roles, responsibilities and authorities", "Accountability"),
			requireSection("an AI policy must commit to continually improving the AI management system",
				[]string{"Continual improvement", "Improvement"},
				"Continuous improvement"),
		}
	case "procedure":
		return []requiredSection{
			requireSection("a procedure must say why it exists",
				[]string{"Purpose"},
				"Objective", "Purpose of this procedure"),
			requireSection("a procedure must say what it covers",
				[]string{"Scope"},
				"Applicability", "Scope and applicability", "Scope of application"),
			requireSection("a procedure must set out how it is carried out, step by step",
				[]string{"Steps", "Procedure", "Process"},
				"Procedure steps", "Process steps", "Method", "Activities", "Workflow", "Instructions"),
			requireSection("a procedure must name the records it keeps as evidence",
				[]string{"Records"},
				"Records and evidence", "Evidence", "Records kept", "Documented information"),
		}
	case "impact-assessment":
		return []requiredSection{
			requireSection("an impact assessment must describe the AI system it assesses",
				[]string{"System", "System description"},
				"AI system", "AI system description", "Description of the system", "System overview", "System under assessment"),
			requireSection("an impact assessment must set out the impacts on individuals, groups and society",
				[]string{"Impacts", "Assessment"},
				"Impact assessment", "Impact analysis", "Potential impacts", "Identified impacts",
				"Impacts on individuals, groups and society"),
			requireSection("an impact assessment must say how each impact is mitigated",
				[]string{"Mitigations", "Mitigation"},
				"Mitigation measures", "Mitigating measures", "Risk mitigation"),
		}
	case "monitoring-report":
		return []requiredSection{
			requireSection("a monitoring report must summarise what the period showed",
				[]string{"Summary"},
				"Executive summary", "Management summary", "Overview"),
			requireSection("a monitoring report must give the results measured against their targets",
				[]string{"Results", "KPIs"},
				"Key performance indicators", "KPI results", "Monitoring results", "Measurements", "Metrics"),
			requireSection("a monitoring report must say what will be done about the results",
				[]string{"Actions"},
				"Follow-up actions", "Action items", "Recommended actions", "Next steps"),
		}
	case "audit-report":
		return []requiredSection{
			requireSection("an audit report must say what the audit covered",
				[]string{"Scope"},
				"Audit scope", "Scope and criteria", "Scope and objectives"),
			requireSection("an audit report must list what the audit found",
				[]string{"Findings"},
				"Audit findings"),
			requireSection("an audit report must give the auditor's conclusion",
				[]string{"Conclusion", "Conclusions"},
				"Audit conclusion", "Audit conclusions", "Overall conclusion"),
		}
	case "management-review":
		return []requiredSection{
			requireSection("a management review must record the inputs it considered",
				[]string{"Inputs"},
				"Review inputs", "Management review inputs", "Inputs to the review"),
			requireSection("a management review must record the decisions it took",
				[]string{"Decisions"},
				"Outputs", "Review outputs", "Decisions taken", "Decisions made"),
			requireSection("a management review must record the actions it agreed",
				[]string{"Actions"},
				"Action items", "Agreed actions", "Follow-up actions", "Actions arising"),
		}
	}
	return nil
}

// customSections returns the sections .aims.yaml requires of a custom kind:
// each configured name exactly (after normalization), without synonyms.
func customSections(ck lint.CustomKind) []requiredSection {
	out := make([]requiredSection, 0, len(ck.Sections))
	for _, name := range ck.Sections {
		if strings.TrimSpace(name) == "" {
			continue
		}
		out = append(out, requiredSection{names: []string{name}, shown: 1,
			why: fmt.Sprintf(".aims.yaml (custom_kinds) requires it in every %s", ck.Name)})
	}
	return out
}

// A structureCheck is what both structure rules know of one kind: its
// requirements with their names normalized, and the references to cite.
type structureCheck struct {
	reqs []requiredSection
	keys [][]string // keys[i] are the normalized names of reqs[i]
	refs []string   // the kind's default references, for findings
}

// headings holds what the structure rules work out once per run and share:
// the requirements of each kind and the keys of each heading title.
type headings struct {
	mu     sync.Mutex
	checks map[string]*structureCheck
	keys   map[string][]string
}

// headingsKey is the key of the run's headings among its shared values.
type headingsKey struct{}

// runHeadings returns the run's shared headings.
func runHeadings(p *lint.Pass) *headings {
	return p.Shared(headingsKey{}, func() any {
		return &headings{checks: map[string]*structureCheck{}, keys: map[string][]string{}}
	}).(*headings)
}

// headingKeys is the package's headingKeys, worked out once per title and
// run: the same headings recur in every artifact of a kind.
func (h *headings) headingKeys(title string) []string {
	h.mu.Lock()
	k, ok := h.keys[title]
	h.mu.Unlock()
	if ok {
		return k
	}
	k = headingKeys(title)
	h.mu.Lock()
	h.keys[title] = k
	h.mu.Unlock()
	return k
}

// structureChecks returns a lookup of the requirements per kind, computed once
// per kind and per run. A built-in kind's requirements win over a custom
// kind of the same name.
func structureChecks(p *lint.Pass) func(kind string) *structureCheck {
	h := runHeadings(p)
	return func(kind string) *structureCheck {
		h.mu.Lock()
		defer h.mu.Unlock()
		cache := h.checks
		if sc, ok := cache[kind]; ok {
			return sc
		}
		var sc *structureCheck
		if reqs := sectionsFor(kind); reqs != nil {
			sc = &structureCheck{reqs: reqs, refs: DefaultCatalogue().EvidencedBy(kind)}
		} else if p.Config != nil {
			for _, ck := range p.Config.CustomKinds {
				if ck.Name == kind {
					if reqs := customSections(ck); len(reqs) > 0 {
						sc = &structureCheck{reqs: reqs, refs: ck.Evidences}
					}
					break
				}
			}
		}
		if sc != nil {
			for _, r := range sc.reqs {
				keys := make([]string, len(r.names))
				for i, n := range r.names {
					keys[i] = normalizeHeading(n)
				}
				sc.keys = append(sc.keys, keys)
			}
		}
		cache[kind] = sc
		return sc
	}
}

// A structuredDoc is a Markdown artifact with required sections, and which of
// its sections meet each requirement.
type structuredDoc struct {
	doc      *artifact.Document
	check    *structureCheck
	sections []artifact.Section
	matches  [][]int // matches[i] are the indexes in sections that meet requirement i
}

// structuredDocs returns the documents the structure rules look at: parsed
// Markdown artifacts, not retired, of a kind that requires sections. Only
// these are parsed for headings.
//
// They are worked out once per run and shared by the rules that ask.
func structuredDocs(p *lint.Pass) []structuredDoc {
	return p.Shared(structuredDocsKey{}, func() any { return newStructuredDocs(p) }).([]structuredDoc)
}

// structuredDocsKey is the key of the run's structured documents among its
// shared values.
type structuredDocsKey struct{}

// newStructuredDocs works out structuredDocs.
func newStructuredDocs(p *lint.Pass) []structuredDoc {
	checkFor := structureChecks(p)
	h := runHeadings(p)
	var out []structuredDoc
	for _, d := range p.Documents {
		if d.Format != artifact.Markdown || d.Data == nil || d.Status() == "retired" {
			continue
		}
		sc := checkFor(d.Kind)
		if sc == nil {
			continue
		}
		secs := withoutTitle(d.Sections())
		sd := structuredDoc{doc: d, check: sc, sections: secs, matches: make([][]int, len(sc.reqs))}
		for j, s := range secs {
			hk := h.headingKeys(s.Title)
			for i, keys := range sc.keys {
				if keysMeet(hk, keys) {
					sd.matches[i] = append(sd.matches[i], j)
				}
			}
		}
		out = append(out, sd)
	}
	return out
}

// withoutTitle drops the document's title: a level-1 heading that is the
// first heading of the body when no other level-1 heading follows. A title
// such as "# Procedure: change management" is not the Procedure section.
func withoutTitle(secs []artifact.Section) []artifact.Section {
	if len(secs) == 0 || secs[0].Level != 1 {
		return secs
	}
	for _, s := range secs[1:] {
		if s.Level == 1 {
			return secs
		}
	}
	return secs[1:]
}

// checkSectionsPresent is AIMS2001.
func checkSectionsPresent(p *lint.Pass) error {
	for _, sd := range structuredDocs(p) {
		var at artifact.Range
		for i, r := range sd.check.reqs {
			if len(sd.matches[i]) > 0 {
				continue
			}
			if at.File == "" {
				at = bodyTopRange(sd.doc)
			}
			msg := fmt.Sprintf("add a `## %s` section%s: %s", r.names[0], alsoAccepted(r), r.why)
			p.Report(at, msg, structureControls(sd.doc, sd.check.refs)...)
		}
	}
	return nil
}

// checkSectionsFilled is AIMS2002. A requirement met by several headings is
// reported only when all of them are empty, at the first; a heading that meets
// several requirements is reported once.
func checkSectionsFilled(p *lint.Pass) error {
	for _, sd := range structuredDocs(p) {
		reported := map[int]bool{}
		for i, r := range sd.check.reqs {
			idx := sd.matches[i]
			if len(idx) == 0 || slices.ContainsFunc(idx, func(j int) bool { return !sd.sections[j].Empty }) {
				continue
			}
			first := idx[0]
			if reported[first] {
				continue
			}
			reported[first] = true
			s := sd.sections[first]
			msg := fmt.Sprintf("write the `%s` section: it is empty, and %s", displayHeading(s.Title), r.why)
			p.Report(bodyLineRange(sd.doc, s.Line), msg, structureControls(sd.doc, sd.check.refs)...)
		}
	}
	return nil
}

// alsoAccepted lists the other names docs/format.md accepts, for messages.
func alsoAccepted(r requiredSection) string {
	if r.shown < 2 {
		return ""
	}
	alt := make([]string, 0, r.shown-1)
	for _, n := range r.names[1:r.shown] {
		alt = append(alt, "`"+n+"`")
	}
	return " (or " + strings.Join(alt, ", ") + ")"
}

// structureControls returns what a structure finding cites: 7.5.2 (documented
// information must be complete), the kind's default references and the
// document's own controls, valid ones only, in catalogue order.
func structureControls(d *artifact.Document, kindRefs []string) []string {
	c := DefaultCatalogue()
	refs := []string{"7.5.2"}
	for _, ref := range append(slices.Clip(kindRefs), d.Strings("controls")...) {
		if c.Valid(ref) && !slices.Contains(refs, ref) {
			refs = append(refs, ref)
		}
	}
	slices.SortFunc(refs, CompareIDs)
	return refs
}

// bodyTopRange is where a missing section is reported: the first non-blank line
// of the body (usually the document's title), or the line closing the
// frontmatter when the body is blank.
func bodyTopRange(d *artifact.Document) artifact.Range {
	if d.BodyLine < 2 {
		return d.FileRange()
	}
	body := string(d.Body)
	for n := d.BodyLine; body != ""; n++ {
		line, rest, _ := strings.Cut(body, "\n")
		if strings.TrimSpace(line) != "" {
			return bodyLineRange(d, n)
		}
		body = rest
	}
	p := artifact.Position{Line: d.BodyLine - 1, Col: 1}
	return artifact.Range{File: d.Path, Start: p, End: artifact.Position{Line: p.Line, Col: 4}}
}

// bodyLineRange returns the range of a body line, from its first column to its end.
func bodyLineRange(d *artifact.Document, line int) artifact.Range {
	start := artifact.Position{Line: line, Col: 1}
	end := start
	if i := line - d.BodyLine; i >= 0 {
		body := string(d.Body)
		for ; i > 0 && body != ""; i-- {
			_, body, _ = strings.Cut(body, "\n")
		}
		text, _, _ := strings.Cut(body, "\n")
		end.Col += utf8.RuneCountInString(strings.TrimRight(text, "\r"))
	}
	return artifact.Range{File: d.Path, Start: start, End: end}
}

// Heading normalization. A heading meets a requirement when, compared
// case-insensitively, it is one of the accepted names once these are ignored:
// HTML comments, emphasis and code marks, link targets, a trailing {#id} and
// closing #s; a leading section number ("2.", "2", "2.1", "A.1", "iv)");
// anything after a ":" or a spaced dash ("Purpose: why this exists",
// "Scope – what is covered"); a parenthetical ("Records (evidence)"); trailing
// punctuation; a leading "the" or "our"; and a plural s. A heading that joins
// names with "and", "&", "," or "/" meets each of them ("Purpose and scope",
// "Findings / conclusions"); the whole heading is tried too, so names that
// hold "and" or a comma themselves ("Roles and responsibilities") still match.
var (
	// headingMarkup drops or spaces out the Markdown markup of a heading.
	headingMarkup   = strings.NewReplacer("*", "", "`", "", "_", " ", "[", "", "]", "", "&", " and ", "\u00a0", " ")
	headingComment  = regexp.MustCompile(`(?s)<!--.*?(-->|$)`)
	headingLink     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	headingAttrs    = regexp.MustCompile(`\s*\{[^{}]*\}\s*$`)
	headingClosing  = regexp.MustCompile(`(^|\s+)#+\s*$`)
	headingNumber   = regexp.MustCompile(`^(?:§\s*)?(?:(?:[a-z]\.)?\d+(?:\.\d+)*(?:[.):]\s*|\s+)|(?:[a-z]|i{1,3}|iv|vi{0,3}|ix|x)[.)]\s+)`)
	headingSep      = regexp.MustCompile(`:|\s[-–—]+(\s|$)`)
	headingParens   = regexp.MustCompile(`\([^()]*\)`)
	headingJoin     = regexp.MustCompile(`\s*(?:,|/|\band\b)\s*`)
	headingTrailing = ".,;:!?…-–— "
)

// displayHeading returns a heading as written, without HTML comments.
func displayHeading(title string) string {
	s := strings.Join(strings.Fields(headingComment.ReplaceAllString(title, "")), " ")
	s = strings.TrimSpace(headingClosing.ReplaceAllString(s, ""))
	if s == "" {
		return title
	}
	return s
}

// normalizeHeading returns the comparable form of a heading or accepted name.
func normalizeHeading(s string) string {
	s = headingComment.ReplaceAllString(s, " ")
	s = headingLink.ReplaceAllString(s, "$1")
	s = headingAttrs.ReplaceAllString(s, "")
	s = headingClosing.ReplaceAllString(s, "")
	s = headingMarkup.Replace(s)
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	s = headingNumber.ReplaceAllString(s, "")
	if loc := headingSep.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = s[:loc[0]]
	}
	s = headingParens.ReplaceAllString(s, " ")
	words := strings.Fields(strings.Trim(s, headingTrailing))
	if len(words) > 1 && (words[0] == "the" || words[0] == "our") {
		words = words[1:]
	}
	for i, w := range words {
		words[i] = headingSingular(w)
	}
	return strings.Trim(strings.Join(words, " "), headingTrailing)
}

// headingSingular drops a plural s, so "Finding" and "Findings" compare equal;
// words ending in ss, us or is keep theirs ("process", "status", "analysis"),
// and "processes" becomes "process".
func headingSingular(w string) string {
	if strings.HasSuffix(w, "sses") {
		return w[:len(w)-2]
	}
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") {
		return w[:len(w)-1]
	}
	return w
}

// headingKeys returns the normalized heading followed by its joined parts.
func headingKeys(title string) []string {
	whole := normalizeHeading(title)
	if whole == "" {
		return nil
	}
	keys := []string{whole}
	if parts := headingJoin.Split(whole, -1); len(parts) > 1 {
		for _, part := range parts {
			if part = strings.Trim(part, headingTrailing); part != "" && !slices.Contains(keys, part) {
				keys = append(keys, part)
			}
		}
	}
	return keys
}

// keysMeet reports whether any heading key is one of the accepted names.
func keysMeet(heading, names []string) bool {
	for _, k := range heading {
		if slices.Contains(names, k) {
			return true
		}
	}
	return false
}
