package rules

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/aimsdev/aims/lint"
)

//go:embed catalogue.yaml
var catalogueYAML string

// Forms of documented information a Reference can ask for.
const (
	FormDocument       = "document"        // a document that is maintained (policy, process, plan)
	FormRecord         = "record"          // records retained as evidence of results
	FormDocumentRecord = "document+record" // both a document and records of its results
	FormProcessRecord  = "process+record"  // a process in operation, evidenced by its records
	FormProcess        = "process"         // an activity with no documented information required
)

// A Reference is an ISO/IEC 42001 clause or Annex A control.
type Reference struct {
	ID      string // "6.1.2", "A.6.2.4"
	Title   string // short official title
	Summary string // what it asks for, paraphrased
	Group   string // "6", "A.6"
	// Control is true for an Annex A control, false for a clause.
	Control bool
	// DocumentedInformation is true when documented information is required.
	DocumentedInformation bool
	// Form is one of the Form constants.
	Form string
	// Kinds are the artifact kinds that evidence the reference by default.
	Kinds []string
	// ByProcedure is true for a process control that no kind evidences by
	// default: a procedure (or any artifact) must list it in `controls`.
	ByProcedure bool
	// EUAIAct lists related articles of Regulation (EU) 2024/1689, e.g. "Art 17(1)(a)".
	EUAIAct []string
	// NISTAIRMF lists related NIST AI RMF 1.0 subcategories, e.g. "GOVERN 1.1".
	NISTAIRMF []string
	// ISO27001 lists the ISO/IEC 27001:2022 twin clause (for a clause) or
	// related Annex A controls written "A.5.1" (for a control).
	ISO27001 []string
	// Guidance says in one sentence what evidence to write.
	Guidance string
	// Items are the separate pieces of documented information a clause
	// requires (6.1.3: the risk treatment process, the Statement of
	// Applicability, the treatment plan). Each is its own coverage item: the
	// clause counts as evidenced only when every item is. Empty for a
	// reference that is one item as a whole.
	Items []Item
	// PerSystem is set for a requirement every in-scope AI system must meet
	// on its own: one of the PerSystem constants, saying which artifacts
	// evidence it for one system.
	PerSystem string
}

// Ways a requirement is evidenced for one AI system (Reference.PerSystem,
// Item.PerSystem).
const (
	// PerSystemImpactAssessment: an impact-assessment whose `ai_system` is
	// the system.
	PerSystemImpactAssessment = "impact-assessment"
	// PerSystemRecord: the system's own ai-system record.
	PerSystemRecord = "system-record"
	// PerSystemDatasets: the dataset records of the data the system uses
	// (listed in its `datasets`, or naming it in their `ai_systems`): at
	// least one, and every one of them.
	PerSystemDatasets = "datasets"
	// PerSystemEvaluation: for a high-risk AI system in use, an approved
	// evaluation of its current model version that covers performance,
	// fairness for each affected group and robustness, with no failed
	// metric left without an accepted risk; for any other system, its own
	// approved record or an approved evaluation of it.
	PerSystemEvaluation = "evaluation"
)

// An Item is one piece of documented information a clause requires.
type Item struct {
	ID    string // "soa", unique within its clause
	Ref   string // the clause, "6.1.3"
	Title string // "Statement of Applicability"
	// Kinds are the artifact kinds that evidence the item.
	Kinds []string
	// ByControls is true when an artifact that lists the clause in its
	// `controls` (a procedure, say) also evidences the item.
	ByControls bool
	// PerSystem is set when every in-scope AI system needs its own evidence
	// of the item: one of the PerSystem constants.
	PerSystem string
}

// Name returns the item as messages cite it: 6.1.3 "Statement of Applicability".
func (it Item) Name() string { return fmt.Sprintf("%s %q", it.Ref, it.Title) }

func (r Reference) clone() Reference {
	r.Items = slices.Clone(r.Items)
	for i := range r.Items {
		r.Items[i].Kinds = slices.Clone(r.Items[i].Kinds)
	}
	r.Kinds = slices.Clone(r.Kinds)
	r.EUAIAct = slices.Clone(r.EUAIAct)
	r.NISTAIRMF = slices.Clone(r.NISTAIRMF)
	r.ISO27001 = slices.Clone(r.ISO27001)
	return r
}

// A Group is a clause (4–10) or an Annex A control group (A.2–A.10).
type Group struct {
	ID      string // "4", "A.6"
	Title   string
	Summary string // objective, paraphrased
	Control bool   // Annex A group
}

// Catalogue is the parsed, immutable catalogue.
type Catalogue struct {
	refs      []Reference         // clauses then controls, in CompareIDs order
	nClauses  int                 // refs[:nClauses] are clauses
	byID      map[string]int      // reference id -> index in refs
	groups    []Group             // in CompareIDs order
	groupByID map[string]int      // group id -> index in groups
	headings  map[string]string   // intermediate heading id -> title
	expand    map[string][]string // group or heading id -> leaf ids, in order
	kinds     []string            // known kinds, in catalogue order
	evidence  map[string][]string // kind -> reference ids, in order
}

// LoadCatalogue parses and validates the embedded catalogue. Each call returns
// a fresh Catalogue; most callers want DefaultCatalogue.
func LoadCatalogue() (*Catalogue, error) {
	return parseCatalogue([]byte(catalogueYAML))
}

// DefaultCatalogue returns the embedded catalogue, parsed once. It panics only
// if the embedded data is corrupt, which the package tests rule out.
func DefaultCatalogue() *Catalogue {
	return defaultCatalogue()
}

var defaultCatalogue = sync.OnceValue(func() *Catalogue {
	c, err := LoadCatalogue()
	if err != nil {
		panic(fmt.Sprintf("rules: embedded catalogue is corrupt: %v", err))
	}
	return c
})

// Lookup returns the clause or control with the given leaf id.
func (c *Catalogue) Lookup(id string) (Reference, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Reference{}, false
	}
	return c.refs[i].clone(), true
}

// References returns every clause and control: clauses first, then controls,
// each in numeric order (see CompareIDs). The result is a copy.
func (c *Catalogue) References() []Reference {
	return cloneRefs(c.refs)
}

// Clauses returns the 32 leaf clauses in numeric order. The result is a copy.
func (c *Catalogue) Clauses() []Reference {
	return cloneRefs(c.refs[:c.nClauses])
}

// Controls returns the 38 Annex A controls in numeric order. The result is a copy.
func (c *Catalogue) Controls() []Reference {
	return cloneRefs(c.refs[c.nClauses:])
}

func cloneRefs(refs []Reference) []Reference {
	out := make([]Reference, len(refs))
	for i, r := range refs {
		out[i] = r.clone()
	}
	return out
}

// Groups returns the clause groups 4–10, then the Annex A groups A.2–A.10.
// The result is a copy.
func (c *Catalogue) Groups() []Group {
	return slices.Clone(c.groups)
}

// Group returns the clause group ("4" … "10") or Annex A group ("A.2" … "A.10")
// with the given id.
func (c *Catalogue) Group(id string) (Group, bool) {
	i, ok := c.groupByID[id]
	if !ok {
		return Group{}, false
	}
	return c.groups[i], true
}

// Title returns the title of a leaf reference, an intermediate heading (such
// as "9.2" or "A.6.1") or a group.
func (c *Catalogue) Title(id string) (string, bool) {
	if i, ok := c.byID[id]; ok {
		return c.refs[i].Title, true
	}
	if t, ok := c.headings[id]; ok {
		return t, true
	}
	if i, ok := c.groupByID[id]; ok {
		return c.groups[i].Title, true
	}
	return "", false
}

// Expand returns the leaf ids an id stands for: a leaf id gives itself; a
// heading such as "9.2" gives its subclauses ("9.2.1", "9.2.2"); a group such
// as "9" or "A.6" gives every leaf in it. An unknown id gives nil.
func (c *Catalogue) Expand(id string) []string {
	if _, ok := c.byID[id]; ok {
		return []string{id}
	}
	return slices.Clone(c.expand[id])
}

// Valid reports whether id may be cited in an artifact's controls: a leaf
// clause or control, or a clause heading that expands to leaves (6.1, 7.5,
// 9.2, 9.3). Groups and Annex A headings are not valid.
func (c *Catalogue) Valid(id string) bool {
	if _, ok := c.byID[id]; ok {
		return true
	}
	_, heading := c.headings[id]
	return heading && !isControlID(id)
}

// Kinds returns the artifact kinds the catalogue knows, in catalogue order.
func (c *Catalogue) Kinds() []string {
	return slices.Clone(c.kinds)
}

// EvidencedBy returns the ids of the references that kind evidences by
// default, in catalogue order; nil for an unknown kind or for procedure,
// which evidences only its own controls.
func (c *Catalogue) EvidencedBy(kind string) []string {
	return slices.Clone(c.evidence[kind])
}

// CompareIDs orders reference ids numerically, segment by segment, with
// clauses before Annex A controls and a heading before its children:
// "4.1" < "4.2" < "9.3.3" < "10.1" < "A.2.2" < "A.9.4" < "A.10.2".
// It returns a negative number, zero or a positive number as a is less than,
// equal to or greater than b, and can be used with slices.SortFunc.
func CompareIDs(a, b string) int {
	ac, bc := isControlID(a), isControlID(b)
	switch {
	case ac && !bc:
		return 1
	case !ac && bc:
		return -1
	}
	ra, rb := a, b
	if ac {
		ra, rb = strings.TrimPrefix(a, "A"), strings.TrimPrefix(b, "A")
		ra, rb = strings.TrimPrefix(ra, "."), strings.TrimPrefix(rb, ".")
	}
	for ra != "" || rb != "" {
		if ra == "" {
			return -1
		}
		if rb == "" {
			return 1
		}
		var sa, sb string
		sa, ra, _ = strings.Cut(ra, ".")
		sb, rb, _ = strings.Cut(rb, ".")
		if c := compareSegment(sa, sb); c != 0 {
			return c
		}
	}
	return strings.Compare(a, b)
}

// isControlID reports whether id is written as an Annex A id ("A" or "A.…").
func isControlID(id string) bool {
	return id == "A" || strings.HasPrefix(id, "A.")
}

// compareSegment compares two dot-separated segments: numbers by value,
// numbers before anything else, anything else lexically.
func compareSegment(a, b string) int {
	na, nb := isDigits(a), isDigits(b)
	switch {
	case na && nb:
		a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	case na:
		return -1
	case nb:
		return 1
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// The YAML layout of catalogue.yaml.
type catalogueFile struct {
	Kinds []struct {
		ID           string `yaml:"id"`
		ControlsOnly bool   `yaml:"controls_only"`
	} `yaml:"kinds"`
	Groups []struct {
		ID      string `yaml:"id"`
		Title   string `yaml:"title"`
		Summary string `yaml:"summary"`
	} `yaml:"groups"`
	Headings []struct {
		ID    string `yaml:"id"`
		Title string `yaml:"title"`
	} `yaml:"headings"`
	References []struct {
		ID                    string   `yaml:"id"`
		Title                 string   `yaml:"title"`
		Summary               string   `yaml:"summary"`
		Group                 string   `yaml:"group"`
		DocumentedInformation *bool    `yaml:"documented_information"`
		Form                  string   `yaml:"form"`
		Kinds                 []string `yaml:"kinds"`
		ByProcedure           bool     `yaml:"by_procedure"`
		EUAIAct               []string `yaml:"eu_ai_act"`
		NISTAIRMF             []string `yaml:"nist_ai_rmf"`
		ISO27001              []string `yaml:"iso27001"`
		Guidance              string   `yaml:"guidance"`
		PerSystem             string   `yaml:"per_system"`
		Items                 []struct {
			ID         string   `yaml:"id"`
			Title      string   `yaml:"title"`
			Kinds      []string `yaml:"kinds"`
			ByControls bool     `yaml:"by_controls"`
			PerSystem  string   `yaml:"per_system"`
		} `yaml:"items"`
	} `yaml:"references"`
}

// perSystemModes are the values per_system may take.
var perSystemModes = []string{PerSystemImpactAssessment, PerSystemRecord, PerSystemDatasets, PerSystemEvaluation}

// parseCatalogue decodes and validates catalogue data. Every problem found is
// reported, each naming the offending id.
func parseCatalogue(data []byte) (*Catalogue, error) {
	var (
		clauseIDPattern     = regexp.MustCompile(`^[1-9][0-9]*(\.[1-9][0-9]*)+$`)
		controlIDPattern    = regexp.MustCompile(`^A\.[1-9][0-9]*(\.[1-9][0-9]*)+$`)
		clauseGroupPattern  = regexp.MustCompile(`^[1-9][0-9]*$`)
		controlGroupPattern = regexp.MustCompile(`^A\.[1-9][0-9]*$`)
		validForms          = []string{FormDocument, FormRecord, FormDocumentRecord, FormProcessRecord, FormProcess}
	)

	var f catalogueFile
	if err := decodeStrict(data, "catalogue", &f); err != nil {
		return nil, err
	}

	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("catalogue: "+format, args...))
	}

	c := &Catalogue{
		byID:      map[string]int{},
		groupByID: map[string]int{},
		headings:  map[string]string{},
		expand:    map[string][]string{},
		evidence:  map[string][]string{},
	}

	// Kinds.
	controlsOnly := map[string]bool{}
	for i, k := range f.Kinds {
		switch {
		case k.ID == "":
			fail("kind #%d: missing id", i+1)
			continue
		case slices.Contains(c.kinds, k.ID):
			fail("kind %q: duplicate", k.ID)
			continue
		}
		c.kinds = append(c.kinds, k.ID)
		controlsOnly[k.ID] = k.ControlsOnly
	}

	// Groups.
	for i, g := range f.Groups {
		control := isControlID(g.ID)
		switch {
		case g.ID == "":
			fail("group #%d: missing id", i+1)
			continue
		case !clauseGroupPattern.MatchString(g.ID) && !controlGroupPattern.MatchString(g.ID):
			fail("group %q: id must look like \"4\" or \"A.2\"", g.ID)
			continue
		}
		if _, dup := c.groupByID[g.ID]; dup {
			fail("group %q: duplicate id", g.ID)
			continue
		}
		if strings.TrimSpace(g.Title) == "" {
			fail("group %q: missing title", g.ID)
		}
		if strings.TrimSpace(g.Summary) == "" {
			fail("group %q: missing summary", g.ID)
		}
		c.groupByID[g.ID] = len(c.groups)
		c.groups = append(c.groups, Group{ID: g.ID, Title: g.Title, Summary: g.Summary, Control: control})
	}

	// Headings.
	for i, h := range f.Headings {
		switch {
		case h.ID == "":
			fail("heading #%d: missing id", i+1)
			continue
		case !clauseIDPattern.MatchString(h.ID) && !controlIDPattern.MatchString(h.ID):
			fail("heading %q: id must look like \"6.1\" or \"A.6.1\"", h.ID)
			continue
		}
		if _, dup := c.headings[h.ID]; dup {
			fail("heading %q: duplicate id", h.ID)
			continue
		}
		if _, isGroup := c.groupByID[h.ID]; isGroup {
			fail("heading %q: also declared as a group", h.ID)
			continue
		}
		if strings.TrimSpace(h.Title) == "" {
			fail("heading %q: missing title", h.ID)
		}
		c.headings[h.ID] = h.Title
	}

	// References.
	if len(f.References) == 0 {
		fail("no references")
	}
	for i, r := range f.References {
		id := r.ID
		control := isControlID(id)
		switch {
		case id == "":
			fail("reference #%d: missing id", i+1)
			continue
		case !clauseIDPattern.MatchString(id) && !controlIDPattern.MatchString(id):
			fail("reference %q: id must look like \"6.1.2\" or \"A.6.2.4\"", id)
			continue
		}
		if _, dup := c.byID[id]; dup {
			fail("reference %q: duplicate id", id)
			continue
		}
		if _, ok := c.headings[id]; ok {
			fail("reference %q: also declared as a heading", id)
		}
		for name, v := range map[string]string{"title": r.Title, "summary": r.Summary, "guidance": r.Guidance} {
			if strings.TrimSpace(v) == "" {
				fail("reference %q: missing %s", id, name)
			}
		}
		if gi, ok := c.groupByID[r.Group]; !ok {
			fail("reference %q: unknown group %q", id, r.Group)
		} else if !strings.HasPrefix(id, r.Group+".") || c.groups[gi].Control != control {
			fail("reference %q: does not belong to group %q", id, r.Group)
		}
		if r.DocumentedInformation == nil {
			fail("reference %q: missing documented_information", id)
		}
		di := r.DocumentedInformation != nil && *r.DocumentedInformation
		switch {
		case !slices.Contains(validForms, r.Form):
			fail("reference %q: unknown form %q (want one of %s)", id, r.Form, strings.Join(validForms, ", "))
		case di && r.Form == FormProcess:
			fail("reference %q: form %q contradicts documented_information: true", id, r.Form)
		case !di && r.DocumentedInformation != nil && r.Form != FormProcess:
			fail("reference %q: form %q needs documented_information: true", id, r.Form)
		}
		for _, k := range r.Kinds {
			switch {
			case !slices.Contains(c.kinds, k):
				fail("reference %q: unknown kind %q", id, k)
			case controlsOnly[k]:
				fail("reference %q: kind %q evidences only its own controls and cannot be a default kind", id, k)
			}
		}
		if dup := firstDuplicate(r.Kinds); dup != "" {
			fail("reference %q: kind %q listed twice", id, dup)
		}
		if r.ByProcedure && len(r.Kinds) > 0 {
			fail("reference %q: by_procedure and default kinds exclude each other", id)
		}
		if di && len(r.Kinds) == 0 && !r.ByProcedure {
			fail("reference %q: requires documented information but no kind evidences it", id)
		}
		for name, list := range map[string][]string{"eu_ai_act": r.EUAIAct, "nist_ai_rmf": r.NISTAIRMF, "iso27001": r.ISO27001} {
			if slices.Contains(list, "") {
				fail("reference %q: empty entry in %s", id, name)
			}
			if dup := firstDuplicate(list); dup != "" {
				fail("reference %q: %q listed twice in %s", id, dup, name)
			}
		}
		var items []Item
		for j, it := range r.Items {
			switch {
			case it.ID == "":
				fail("reference %q: item #%d: missing id", id, j+1)
				continue
			case slices.ContainsFunc(items, func(x Item) bool { return x.ID == it.ID }):
				fail("reference %q: item %q: duplicate id", id, it.ID)
				continue
			}
			if strings.TrimSpace(it.Title) == "" {
				fail("reference %q: item %q: missing title", id, it.ID)
			}
			if len(it.Kinds) == 0 && !it.ByControls {
				fail("reference %q: item %q: nothing evidences it (give kinds or by_controls)", id, it.ID)
			}
			for _, k := range it.Kinds {
				if !slices.Contains(c.kinds, k) || controlsOnly[k] {
					fail("reference %q: item %q: unknown or controls-only kind %q", id, it.ID, k)
				}
				if !slices.Contains(r.Kinds, k) {
					fail("reference %q: item %q: kind %q does not evidence the reference itself", id, it.ID, k)
				}
			}
			if it.PerSystem != "" && !slices.Contains(perSystemModes, it.PerSystem) {
				fail("reference %q: item %q: unknown per_system %q (want one of %s)", id, it.ID, it.PerSystem, strings.Join(perSystemModes, ", "))
			}
			items = append(items, Item{ID: it.ID, Ref: id, Title: it.Title, Kinds: slices.Clone(it.Kinds), ByControls: it.ByControls, PerSystem: it.PerSystem})
		}
		if len(items) > 0 && (control || !di) {
			fail("reference %q: only a clause that requires documented information has items", id)
		}
		if r.PerSystem != "" && !slices.Contains(perSystemModes, r.PerSystem) {
			fail("reference %q: unknown per_system %q (want one of %s)", id, r.PerSystem, strings.Join(perSystemModes, ", "))
		}
		for _, it := range items {
			if it.PerSystem != "" && !slices.Contains(it.Kinds, modeKind(it.PerSystem)) {
				fail("reference %q: item %q: per_system %q needs kind %q", id, it.ID, it.PerSystem, modeKind(it.PerSystem))
			}
		}
		if r.PerSystem != "" && slices.Contains(perSystemModes, r.PerSystem) && !slices.Contains(r.Kinds, modeKind(r.PerSystem)) {
			fail("reference %q: per_system %q needs kind %q", id, r.PerSystem, modeKind(r.PerSystem))
		}
		if r.PerSystem != "" && len(items) > 0 {
			fail("reference %q: per_system belongs on its items", id)
		}
		c.byID[id] = len(c.refs)
		c.refs = append(c.refs, Reference{
			Items:                 items,
			PerSystem:             r.PerSystem,
			ID:                    id,
			Title:                 r.Title,
			Summary:               r.Summary,
			Group:                 r.Group,
			Control:               control,
			DocumentedInformation: di,
			Form:                  r.Form,
			Kinds:                 slices.Clone(r.Kinds),
			ByProcedure:           r.ByProcedure,
			EUAIAct:               slices.Clone(r.EUAIAct),
			NISTAIRMF:             slices.Clone(r.NISTAIRMF),
			ISO27001:              slices.Clone(r.ISO27001),
			Guidance:              r.Guidance,
		})
	}

	// Order, then derive the indexes.
	slices.SortFunc(c.refs, func(a, b Reference) int { return CompareIDs(a.ID, b.ID) })
	slices.SortFunc(c.groups, func(a, b Group) int { return CompareIDs(a.ID, b.ID) })
	for i, r := range c.refs {
		c.byID[r.ID] = i
		if !r.Control {
			c.nClauses = i + 1
		}
	}
	for i, g := range c.groups {
		c.groupByID[g.ID] = i
	}
	for _, r := range c.refs {
		for _, anc := range ancestors(r.ID) {
			_, isGroup := c.groupByID[anc]
			_, isHeading := c.headings[anc]
			if _, isRef := c.byID[anc]; isRef {
				fail("reference %q: its parent %q is also a reference", r.ID, anc)
			} else if !isGroup && !isHeading && anc != r.Group {
				fail("reference %q: heading %q is not declared", r.ID, anc)
			}
			c.expand[anc] = append(c.expand[anc], r.ID)
		}
		for _, k := range r.Kinds {
			c.evidence[k] = append(c.evidence[k], r.ID)
		}
	}
	for id := range c.headings {
		if len(c.expand[id]) == 0 {
			fail("heading %q: no reference under it", id)
		}
	}
	for _, g := range c.groups {
		if len(c.expand[g.ID]) == 0 {
			fail("group %q: no reference in it", g.ID)
		}
	}
	for _, k := range c.kinds {
		if !controlsOnly[k] && len(c.evidence[k]) == 0 {
			fail("kind %q: evidences no reference by default (mark it controls_only if intended)", k)
		}
	}

	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// ancestors returns the proper prefixes of a leaf id that name a group or a
// heading: "6.1.2" -> ["6", "6.1"]; "A.6.2.4" -> ["A.6", "A.6.2"].
func ancestors(id string) []string {
	var out []string
	start := 0
	if isControlID(id) {
		start = len("A.")
	}
	for i := start; i < len(id); i++ {
		if id[i] == '.' {
			out = append(out, id[:i])
		}
	}
	return out
}

func firstDuplicate(list []string) string {
	for i, s := range list {
		if slices.Contains(list[:i], s) {
			return s
		}
	}
	return ""
}

// LintReferences returns what reports need of the catalogue: every clause and
// control with its title, group, guidance, default kinds and crosswalk tags,
// followed by the groups themselves (their id as both ID and Group), so
// reports can title group headings.
func (c *Catalogue) LintReferences() []lint.Reference {
	out := make([]lint.Reference, 0, len(c.refs)+len(c.groups))
	for _, r := range c.refs {
		out = append(out, lint.Reference{
			ID:                    r.ID,
			Title:                 r.Title,
			Group:                 r.Group,
			Control:               r.Control,
			DocumentedInformation: r.DocumentedInformation,
			Guidance:              r.Guidance,
			Kinds:                 slices.Clone(r.Kinds),
			ByProcedure:           r.ByProcedure,
			HasItems:              len(r.Items) > 0,
			PerSystem:             r.perSystem(),
			Tags:                  r.crosswalkTags(),
		})
	}
	for _, g := range c.groups {
		out = append(out, lint.Reference{ID: g.ID, Title: g.Title, Group: g.ID, Control: g.Control})
	}
	return out
}

// perSystem reports whether every AI system must meet r, or an item of it,
// on its own.
func (r Reference) perSystem() bool {
	return r.PerSystem != "" || slices.ContainsFunc(r.Items, func(it Item) bool { return it.PerSystem != "" })
}

// crosswalkTags returns the reference's crosswalks as labels, in a fixed
// order: EU AI Act articles, NIST AI RMF subcategories, then ISO/IEC 27001
// clauses or controls.
func (r Reference) crosswalkTags() []string {
	var tags []string
	for _, a := range r.EUAIAct {
		tags = append(tags, "EU AI Act "+a)
	}
	for _, s := range r.NISTAIRMF {
		tags = append(tags, "NIST AI RMF "+s)
	}
	for _, c := range r.ISO27001 {
		tags = append(tags, "ISO/IEC 27001 "+c)
	}
	return tags
}

// decodeStrict decodes data, one YAML document with no unknown fields, into
// v; errors start with what, the name of the embedded data.
func decodeStrict(data []byte, what string, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: empty data", what)
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: more than one YAML document", what)
	}
	return nil
}
