package rules

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	clauseIDRe  = regexp.MustCompile(`^(4\.[1-4]|5\.[1-3]|6\.1\.[1-4]|6\.[23]|7\.[1-4]|7\.5\.[1-3]|8\.[1-4]|9\.1|9\.2\.[12]|9\.3\.[1-3]|10\.[12])$`)
	controlIDRe = regexp.MustCompile(`^A\.(2\.[2-4]|3\.[23]|4\.[2-6]|5\.[2-5]|6\.1\.[23]|6\.2\.[2-8]|7\.[2-6]|8\.[2-5]|9\.[2-4]|10\.[2-4])$`)
	nistRe      = regexp.MustCompile(`^(GOVERN|MAP|MEASURE|MANAGE) [1-9]\.[1-9][0-9]?$`)
	euRe        = regexp.MustCompile(`^(Art [1-9][0-9]*|Annex [IVX]+)(\([1-9][0-9]*\))?(\([a-z]\))?$`)
	iso27Clause = regexp.MustCompile(`^[4-9](\.[1-9])+$|^10\.[12]$`)
	iso27Contr  = regexp.MustCompile(`^A\.[5-8]\.[1-9][0-9]?$`)
)

// catalogueKinds are the artifact kinds of DESIGN.md, in its order, and
// evaluation (the verification and validation results of one AI system),
// which the catalogue adds after dataset.
var catalogueKinds = []string{
	"aims-scope", "ai-policy", "roles", "procedure", "risk-register",
	"statement-of-applicability", "impact-assessment", "ai-objectives",
	"competence-record", "ai-system", "dataset", "evaluation", "supplier", "incident",
	"monitoring-report", "audit-programme", "audit-report",
	"management-review", "nonconformity",
}

func mustLoadCatalogue(t *testing.T) *Catalogue {
	t.Helper()
	c, err := LoadCatalogue()
	if err != nil {
		t.Fatalf("LoadCatalogue: %v", err)
	}
	return c
}

func refIDs(refs []Reference) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.ID
	}
	return out
}

func TestCounts(t *testing.T) {
	c := mustLoadCatalogue(t)
	clauses, controls, refs := c.Clauses(), c.Controls(), c.References()
	if len(clauses) != 32 {
		t.Errorf("clauses: got %d, want 32", len(clauses))
	}
	if len(controls) != 38 {
		t.Errorf("controls: got %d, want 38", len(controls))
	}
	if got, want := refIDs(refs), append(refIDs(clauses), refIDs(controls)...); !slices.Equal(got, want) {
		t.Errorf("References() is not Clauses() then Controls():\n got %v\nwant %v", got, want)
	}
	for _, r := range clauses {
		if r.Control {
			t.Errorf("%s: in Clauses() but Control is true", r.ID)
		}
	}
	for _, r := range controls {
		if !r.Control {
			t.Errorf("%s: in Controls() but Control is false", r.ID)
		}
	}
	var clauseGroups, controlGroups []string
	for _, g := range c.Groups() {
		if g.Control {
			controlGroups = append(controlGroups, g.ID)
		} else {
			clauseGroups = append(clauseGroups, g.ID)
		}
	}
	if want := []string{"4", "5", "6", "7", "8", "9", "10"}; !slices.Equal(clauseGroups, want) {
		t.Errorf("clause groups: got %v, want %v", clauseGroups, want)
	}
	if want := []string{"A.2", "A.3", "A.4", "A.5", "A.6", "A.7", "A.8", "A.9", "A.10"}; !slices.Equal(controlGroups, want) {
		t.Errorf("Annex A groups: got %v, want %v", controlGroups, want)
	}
}

func TestIDs(t *testing.T) {
	c := mustLoadCatalogue(t)
	seen := map[string]bool{}
	for _, r := range c.References() {
		if seen[r.ID] {
			t.Errorf("%s: duplicate id", r.ID)
		}
		seen[r.ID] = true
		re := clauseIDRe
		if r.Control {
			re = controlIDRe
		}
		if !re.MatchString(r.ID) {
			t.Errorf("%s: does not match %s", r.ID, re)
		}
	}
	// Every id the two patterns allow is present: the patterns describe
	// exactly 32 + 38 ids, and all matched ids are distinct.
	if len(seen) != 70 {
		t.Errorf("got %d distinct ids, want 70", len(seen))
	}
}

func TestReferenceFields(t *testing.T) {
	c := mustLoadCatalogue(t)
	forms := []string{FormDocument, FormRecord, FormDocumentRecord, FormProcessRecord, FormProcess}
	for _, r := range c.References() {
		t.Run(r.ID, func(t *testing.T) {
			for name, v := range map[string]string{"title": r.Title, "summary": r.Summary, "guidance": r.Guidance} {
				if strings.TrimSpace(v) == "" {
					t.Errorf("empty %s", name)
				}
			}
			if len(r.EUAIAct)+len(r.NISTAIRMF) == 0 {
				t.Errorf("no EU AI Act or NIST AI RMF crosswalk entry")
			}
			for _, s := range r.NISTAIRMF {
				if !nistRe.MatchString(s) {
					t.Errorf("NIST AI RMF entry %q does not look like \"GOVERN 1.1\"", s)
				}
			}
			for _, s := range r.EUAIAct {
				if !euRe.MatchString(s) {
					t.Errorf("EU AI Act entry %q does not look like \"Art 17(1)(a)\"", s)
				}
			}
			for _, s := range r.ISO27001 {
				re := iso27Clause
				if r.Control {
					re = iso27Contr
				}
				if !re.MatchString(s) {
					t.Errorf("ISO 27001 entry %q does not match %s", s, re)
				}
			}
			if !r.Control && !slices.Contains([]string{"6.1.4", "8.4"}, r.ID) && !slices.Equal(r.ISO27001, []string{r.ID}) {
				t.Errorf("ISO 27001 twin: got %v, want [%s]", r.ISO27001, r.ID)
			}
			if !slices.Contains(forms, r.Form) {
				t.Errorf("form %q not one of %v", r.Form, forms)
			}
			if r.DocumentedInformation == (r.Form == FormProcess) {
				t.Errorf("form %q inconsistent with documented_information %v", r.Form, r.DocumentedInformation)
			}
			if r.Control && !r.DocumentedInformation {
				t.Errorf("Annex A control without documented information")
			}
			g, ok := c.Group(r.Group)
			if !ok {
				t.Fatalf("unknown group %q", r.Group)
			}
			if g.Control != r.Control || !strings.HasPrefix(r.ID, g.ID+".") {
				t.Errorf("group %q does not contain it", g.ID)
			}
		})
	}
}

// TestDocumentedInformation pins the "DI required" column of the reference
// catalogue: Yes is true; No, No (process), Control rule and No (see 9.2.2)
// are false.
func TestDocumentedInformation(t *testing.T) {
	c := mustLoadCatalogue(t)
	want := []string{
		"4.3", "4.4", "5.2", "6.1.1", "6.1.2", "6.1.3", "6.1.4", "6.2", "7.2",
		"7.5.1", "8.1", "8.2", "8.3", "8.4", "9.1", "9.2.2", "9.3.3", "10.2",
	}
	var got []string
	for _, r := range c.Clauses() {
		if r.DocumentedInformation {
			got = append(got, r.ID)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("clauses requiring documented information:\n got %v\nwant %v", got, want)
	}
}

func TestEvidenceCoverage(t *testing.T) {
	c := mustLoadCatalogue(t)
	for _, r := range c.References() {
		if (r.Control || r.DocumentedInformation) && len(r.Kinds) == 0 && !r.ByProcedure {
			t.Errorf("%s: no kind evidences it by default", r.ID)
		}
		for _, k := range r.Kinds {
			if !slices.Contains(catalogueKinds, k) {
				t.Errorf("%s: unknown kind %q", r.ID, k)
			}
		}
	}
	if got := c.Kinds(); !slices.Equal(got, catalogueKinds) {
		t.Errorf("Kinds():\n got %v\nwant %v", got, catalogueKinds)
	}
	// Every kind is used: all but procedure as a default kind, and procedure
	// (whose evidence is its own controls list) by none.
	for _, k := range catalogueKinds {
		got := c.EvidencedBy(k)
		if k == "procedure" {
			if len(got) != 0 {
				t.Errorf("procedure is a default kind for %v", got)
			}
			continue
		}
		if len(got) == 0 {
			t.Errorf("kind %q evidences nothing by default", k)
		}
	}
}

// TestDesignDefaults checks the "default evidence for" column of DESIGN.md's
// Kinds table, and pins the additions the catalogue makes where that table
// leaves a clause requiring documented information, or a control, without a kind.
func TestDesignDefaults(t *testing.T) {
	c := mustLoadCatalogue(t)
	design := map[string][]string{
		"aims-scope":                 {"4.1", "4.2", "4.3"},
		"ai-policy":                  {"5.2", "A.2.2", "A.2.3", "A.2.4"},
		"roles":                      {"5.3", "A.3.2"},
		"procedure":                  nil,
		"risk-register":              {"6.1.2", "8.2", "6.1.3", "8.3"},
		"statement-of-applicability": {"6.1.3"},
		"impact-assessment":          {"6.1.4", "8.4", "A.5.2", "A.5.3", "A.5.4", "A.5.5"},
		"ai-objectives":              {"6.2", "A.6.1.2", "A.9.3"},
		"competence-record":          {"7.2", "A.4.6"},
		"ai-system": {"A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.6.2.2", "A.6.2.3", "A.6.2.4",
			"A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8", "A.8.2", "A.9.4"},
		"dataset":           {"A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6", "A.4.3"},
		"supplier":          {"A.10.2", "A.10.3"},
		"incident":          {"A.8.4", "A.3.3", "10.2"},
		"monitoring-report": {"9.1"},
		"audit-programme":   {"9.2"},
		"audit-report":      {"9.2"},
		"management-review": {"9.3"},
		"nonconformity":     {"10.2"},
	}
	additions := map[string][]string{
		"aims-scope":        {"4.4", "7.5.1"},
		"risk-register":     {"6.1.1"},
		"incident":          {"8.1"},
		"monitoring-report": {"8.1"},
		"evaluation":        {"A.6.2.4"},
	}
	for _, k := range catalogueKinds {
		t.Run(k, func(t *testing.T) {
			var want []string
			for _, id := range append(slices.Clone(design[k]), additions[k]...) {
				exp := c.Expand(id)
				if len(exp) == 0 {
					t.Fatalf("%s does not expand", id)
				}
				want = append(want, exp...)
			}
			slices.SortFunc(want, CompareIDs)
			if got := c.EvidencedBy(k); !slices.Equal(got, want) {
				t.Errorf("EvidencedBy(%q):\n got %v\nwant %v", k, got, want)
			}
		})
	}
	// The process controls DESIGN.md leaves to procedures have no default kind.
	for _, id := range []string{"A.6.1.3", "A.8.3", "A.8.5", "A.9.2", "A.10.4"} {
		if r, _ := c.Lookup(id); len(r.Kinds) != 0 || !r.ByProcedure {
			t.Errorf("%s: kinds %v, by procedure %v; want none, by procedure", id, r.Kinds, r.ByProcedure)
		}
	}
	if got := c.EvidencedBy("no-such-kind"); got != nil {
		t.Errorf("EvidencedBy(unknown) = %v, want nil", got)
	}
}

func TestExpand(t *testing.T) {
	c := mustLoadCatalogue(t)
	tests := []struct {
		id   string
		want []string
	}{
		{"9.2", []string{"9.2.1", "9.2.2"}},
		{"9.3", []string{"9.3.1", "9.3.2", "9.3.3"}},
		{"6.1", []string{"6.1.1", "6.1.2", "6.1.3", "6.1.4"}},
		{"7.5", []string{"7.5.1", "7.5.2", "7.5.3"}},
		{"6.1.2", []string{"6.1.2"}},
		{"10.2", []string{"10.2"}},
		{"A.6.2.4", []string{"A.6.2.4"}},
		{"A.2", []string{"A.2.2", "A.2.3", "A.2.4"}},
		{"A.6", []string{"A.6.1.2", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8"}},
		{"A.6.1", []string{"A.6.1.2", "A.6.1.3"}},
		{"A.10", []string{"A.10.2", "A.10.3", "A.10.4"}},
		{"10", []string{"10.1", "10.2"}},
		{"4", []string{"4.1", "4.2", "4.3", "4.4"}},
		{"9", []string{"9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3"}},
		{"1", nil},
		{"A", nil},
		{"A.1", nil},
		{"A.6.1.1", nil},
		{"4.5", nil},
		{"9.2.3", nil},
		{"", nil},
		{" 9.2", nil},
		{"a.2.2", nil},
	}
	for _, tt := range tests {
		if got := c.Expand(tt.id); !slices.Equal(got, tt.want) || (tt.want == nil) != (got == nil) {
			t.Errorf("Expand(%q) = %#v, want %#v", tt.id, got, tt.want)
		}
	}
	if got := c.Expand("A"); len(got) != 0 {
		t.Errorf(`Expand("A") = %v, want nothing`, got)
	}
	if got := c.Expand("A.6"); len(got) != 9 {
		t.Errorf(`Expand("A.6") has %d controls, want 9`, len(got))
	}
}

func TestValid(t *testing.T) {
	c := mustLoadCatalogue(t)
	tests := []struct {
		id   string
		want bool
	}{
		{"4.1", true},
		{"6.1.2", true},
		{"10.2", true},
		{"A.2.2", true},
		{"A.6.2.4", true},
		{"A.10.4", true},
		{"6.1", true},
		{"7.5", true},
		{"9.2", true},
		{"9.3", true},
		{"4", false},
		{"10", false},
		{"A.6", false},
		{"A.2", false},
		{"A.6.1", false},
		{"A.6.2", false},
		{"A.1", false},
		{"A.2.1", false},
		{"A.5.1", false},
		{"6.1.5", false},
		{"4.5", false},
		{"9.2.3", false},
		{"", false},
		{"6.1.2 ", false},
		{"a.2.2", false},
	}
	for _, tt := range tests {
		if got := c.Valid(tt.id); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestCompareIDs(t *testing.T) {
	tests := []struct {
		a, b string
		want int // sign
	}{
		{"4.1", "4.2", -1},
		{"4.2", "4.10", -1},
		{"9.3.3", "10.1", -1},
		{"10.1", "9.3.3", 1},
		{"9.2", "9.2.1", -1},
		{"9.2.2", "9.3.1", -1},
		{"6.1.4", "6.2", -1},
		{"10.2", "A.2.2", -1},
		{"A.2.2", "10.2", 1},
		{"A.9.4", "A.10.2", -1},
		{"A.10.2", "A.9.4", 1},
		{"A.6.1.3", "A.6.2.2", -1},
		{"A.6", "A.6.1.2", -1},
		{"A.2", "A.10", -1},
		{"4", "10", -1},
		{"6.1.2", "6.1.2", 0},
		{"A.6.2.4", "A.6.2.4", 0},
		{"4.1", "4.01", 1}, // equal numerically; falls back to the text for a total order
		{"4.x", "4.1", 1},  // numbers before anything else
	}
	sign := func(n int) int {
		switch {
		case n < 0:
			return -1
		case n > 0:
			return 1
		}
		return 0
	}
	for _, tt := range tests {
		if got := sign(CompareIDs(tt.a, tt.b)); got != tt.want {
			t.Errorf("CompareIDs(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}

	shuffled := []string{"A.10.2", "10.1", "A.9.4", "4.2", "9.3.3", "A.2.2", "4.10", "6.1.1", "6.2", "4.1", "10.2"}
	slices.SortFunc(shuffled, CompareIDs)
	want := []string{"4.1", "4.2", "4.10", "6.1.1", "6.2", "9.3.3", "10.1", "10.2", "A.2.2", "A.9.4", "A.10.2"}
	if !slices.Equal(shuffled, want) {
		t.Errorf("sorted: got %v, want %v", shuffled, want)
	}
}

func TestOrder(t *testing.T) {
	c := mustLoadCatalogue(t)
	refs := refIDs(c.References())
	if !slices.IsSortedFunc(refs, CompareIDs) {
		t.Errorf("References() not in CompareIDs order: %v", refs)
	}
	pos := func(id string) int {
		i := slices.Index(refs, id)
		if i < 0 {
			t.Fatalf("%s missing", id)
		}
		return i
	}
	for _, pair := range [][2]string{
		{"9.3.3", "10.1"}, {"4.4", "5.1"}, {"6.1.4", "6.2"}, {"7.4", "7.5.1"},
		{"10.2", "A.2.2"}, {"A.9.4", "A.10.2"}, {"A.6.1.3", "A.6.2.2"},
	} {
		if pos(pair[0])+1 != pos(pair[1]) {
			t.Errorf("%s is not directly followed by %s", pair[0], pair[1])
		}
	}
	if refs[0] != "4.1" || refs[len(refs)-1] != "A.10.4" {
		t.Errorf("order runs %s … %s, want 4.1 … A.10.4", refs[0], refs[len(refs)-1])
	}
	groups := c.Groups()
	if !slices.IsSortedFunc(groups, func(a, b Group) int { return CompareIDs(a.ID, b.ID) }) {
		t.Errorf("Groups() not in order")
	}
}

func TestLookupAndTitles(t *testing.T) {
	c := mustLoadCatalogue(t)
	r, ok := c.Lookup("A.6.2.4")
	if !ok || r.Title != "AI system verification and validation" || r.Group != "A.6" || !r.Control {
		t.Errorf("Lookup(A.6.2.4) = %+v, %v", r, ok)
	}
	r, ok = c.Lookup("5.2")
	if !ok || r.Title != "AI policy" || r.Group != "5" || r.Control || !slices.Equal(r.Kinds, []string{"ai-policy"}) {
		t.Errorf("Lookup(5.2) = %+v, %v", r, ok)
	}
	for _, id := range []string{"9.2", "A.6", "4", "", "A.2.1"} {
		if _, ok := c.Lookup(id); ok {
			t.Errorf("Lookup(%q) found a reference", id)
		}
	}

	g, ok := c.Group("A.10")
	if !ok || g.Title != "Third-party and customer relationships" || !g.Control || g.Summary == "" {
		t.Errorf("Group(A.10) = %+v, %v", g, ok)
	}
	g, ok = c.Group("4")
	if !ok || g.Title != "Context of the organization" || g.Control {
		t.Errorf("Group(4) = %+v, %v", g, ok)
	}
	if _, ok := c.Group("A.1"); ok {
		t.Errorf("Group(A.1) found")
	}

	titles := []struct{ id, want string }{
		{"9.2", "Internal audit"},
		{"9.2.2", "Internal audit programme"},
		{"7.5", "Documented information"},
		{"A.6.1", "Management guidance for AI system development"},
		{"8", "Operation"},
		{"A.7", "Data for AI systems"},
	}
	for _, tt := range titles {
		if got, ok := c.Title(tt.id); !ok || got != tt.want {
			t.Errorf("Title(%q) = %q, %v; want %q", tt.id, got, ok, tt.want)
		}
	}
	if _, ok := c.Title("11"); ok {
		t.Errorf("Title(11) found")
	}
}

func TestReturnsCopies(t *testing.T) {
	c := mustLoadCatalogue(t)
	refs := c.References()
	refs[0].Title = "changed"
	refs[0].Kinds[0] = "changed"
	r, _ := c.Lookup("4.1")
	r.EUAIAct[0] = "changed"
	c.Groups()[0].Title = "changed"
	c.EvidencedBy("ai-policy")[0] = "changed"
	c.Expand("9.2")[0] = "changed"
	c.Kinds()[0] = "changed"
	c.Controls()[0].NISTAIRMF[0] = "changed"

	r, _ = c.Lookup("4.1")
	if r.Title == "changed" || r.Kinds[0] == "changed" || r.EUAIAct[0] == "changed" {
		t.Errorf("catalogue modified through a returned reference: %+v", r)
	}
	if c.Groups()[0].Title == "changed" || c.EvidencedBy("ai-policy")[0] == "changed" ||
		c.Expand("9.2")[0] == "changed" || c.Kinds()[0] == "changed" || c.Controls()[0].NISTAIRMF[0] == "changed" {
		t.Errorf("catalogue modified through a returned slice")
	}
}

// TestDocumentedInformationItems checks the items of the embedded
// catalogue: the clauses issue 11 names have them, 6.1.3's Statement of
// Applicability is evidenced by its kind alone, and the per-system
// requirements are the impact assessment, system record and data.
func TestDocumentedInformationItems(t *testing.T) {
	c := mustLoadCatalogue(t)
	withItems := map[string][]string{}
	var perSystem []string
	for _, r := range c.References() {
		for _, it := range r.Items {
			withItems[r.ID] = append(withItems[r.ID], it.ID)
			if it.Ref != r.ID {
				t.Errorf("%s item %s: Ref %q", r.ID, it.ID, it.Ref)
			}
			if it.PerSystem != "" {
				perSystem = append(perSystem, r.ID+"/"+it.ID)
			}
		}
		if r.PerSystem != "" {
			perSystem = append(perSystem, r.ID)
		}
	}
	for _, id := range []string{"4.3", "5.2", "6.1.2", "6.1.3", "6.1.4", "6.2", "7.2", "8.1", "8.2", "8.3", "8.4", "9.1", "9.2.2", "9.3.3", "10.2"} {
		if len(withItems[id]) == 0 {
			t.Errorf("%s has no documented-information item", id)
		}
	}
	if got := withItems["6.1.3"]; !slices.Equal(got, []string{"process", "soa", "treatment-plan"}) {
		t.Errorf("6.1.3 items %v", got)
	}
	r, _ := c.Lookup("6.1.3")
	if soa := r.Items[1]; !slices.Equal(soa.Kinds, []string{"statement-of-applicability"}) || soa.ByControls || soa.PerSystem != "" {
		t.Errorf("6.1.3 SoA item %+v: only a statement-of-applicability may evidence it", soa)
	}
	want := []string{"6.1.4/results", "8.4/results", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.5.3", "A.5.4", "A.5.5",
		"A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8", "A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6"}
	if !slices.Equal(perSystem, want) {
		t.Errorf("per-system requirements\n got %v\nwant %v", perSystem, want)
	}
}

func TestDefaultCatalogue(t *testing.T) {
	a, b := DefaultCatalogue(), DefaultCatalogue()
	if a != b {
		t.Errorf("DefaultCatalogue() parsed twice")
	}
	if len(a.References()) != 70 {
		t.Errorf("DefaultCatalogue() has %d references", len(a.References()))
	}
}

const miniCatalogue = `kinds:
  - id: ai-policy
  - id: procedure
    controls_only: true
groups:
  - id: "5"
    title: Leadership
    summary: Lead.
  - id: A.2
    title: Policies related to AI
    summary: Direct.
references:
  - id: "5.2"
    title: AI policy
    summary: Have a policy.
    group: "5"
    documented_information: true
    form: document
    kinds: [ai-policy]
    eu_ai_act: [Art 17(1)(a)]
    nist_ai_rmf: []
    iso27001: ["5.2"]
    guidance: Write it.
  - id: A.2.2
    title: Policy control
    summary: Have a written policy.
    group: A.2
    documented_information: true
    form: document
    kinds: [ai-policy] # A.2.2 kinds
    eu_ai_act: []
    nist_ai_rmf: [GOVERN 1.1]
    iso27001: [A.5.1]
    guidance: Publish it.
`

func TestParseCatalogueMinimal(t *testing.T) {
	c, err := parseCatalogue([]byte(miniCatalogue))
	if err != nil {
		t.Fatalf("parseCatalogue: %v", err)
	}
	if got := refIDs(c.References()); !slices.Equal(got, []string{"5.2", "A.2.2"}) {
		t.Errorf("references: %v", got)
	}
}

func TestParseCatalogueRejects(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		replace []string // old, new pairs applied to data
		want    []string // substrings of the error
	}{
		{name: "empty", data: "", want: []string{"empty"}},
		{name: "not yaml", data: "kinds: [\n", want: []string{"catalogue", "line"}},
		{name: "wrong shape", data: "references: 3\n", want: []string{"catalogue"}},
		{name: "two documents", data: miniCatalogue + "---\nkinds: []\n", want: []string{"more than one"}},
		{name: "no references", data: "kinds: []\ngroups: []\n", want: []string{"no references"}},
		{
			name:    "unknown field",
			replace: []string{"guidance: Publish it.", "guidance: Publish it.\n    colour: red"},
			want:    []string{"colour"},
		},
		{
			name:    "duplicate reference",
			replace: []string{"id: A.2.2", `id: "5.2"`, "group: A.2\n", "group: \"5\"\n"},
			want:    []string{`"5.2": duplicate id`},
		},
		{
			name:    "unknown group",
			replace: []string{"group: A.2\n", "group: A.9\n"},
			want:    []string{`"A.2.2": unknown group "A.9"`},
		},
		{
			name:    "reference outside its group",
			replace: []string{"group: A.2\n", "group: \"5\"\n"},
			want:    []string{`"A.2.2": does not belong to group "5"`},
		},
		{
			name:    "unknown kind",
			replace: []string{"kinds: [ai-policy] # A.2.2 kinds", "kinds: [ai-policy, ai-polcy]"},
			want:    []string{`"A.2.2": unknown kind "ai-polcy"`},
		},
		{
			name:    "procedure as default kind",
			replace: []string{"kinds: [ai-policy] # A.2.2 kinds", "kinds: [ai-policy, procedure]"},
			want:    []string{`"A.2.2": kind "procedure" evidences only its own controls`},
		},
		{
			name:    "kind twice",
			replace: []string{"kinds: [ai-policy] # A.2.2 kinds", "kinds: [ai-policy, ai-policy]"},
			want:    []string{`"A.2.2": kind "ai-policy" listed twice`},
		},
		{
			name:    "documented information without kind",
			replace: []string{"kinds: [ai-policy]\n", "kinds: []\n"},
			want:    []string{`"5.2": requires documented information but no kind`},
		},
		{
			name:    "unused kind",
			replace: []string{"  - id: procedure\n", "  - id: roles\n  - id: procedure\n"},
			want:    []string{`kind "roles": evidences no reference`},
		},
		{
			name:    "duplicate kind",
			replace: []string{"  - id: procedure\n", "  - id: ai-policy\n  - id: procedure\n"},
			want:    []string{`kind "ai-policy": duplicate`},
		},
		{
			name:    "malformed id",
			replace: []string{"id: A.2.2", "id: A.2.x"},
			want:    []string{`"A.2.x"`},
		},
		{
			name:    "undeclared heading",
			replace: []string{"id: A.2.2", "id: A.2.2.2"},
			want:    []string{`"A.2.2.2": heading "A.2.2" is not declared`},
		},
		{
			name:    "missing title",
			replace: []string{"title: Policy control", `title: ""`},
			want:    []string{`"A.2.2": missing title`},
		},
		{
			name:    "missing guidance",
			replace: []string{"    guidance: Publish it.\n", ""},
			want:    []string{`"A.2.2": missing guidance`},
		},
		{
			name:    "missing documented_information",
			replace: []string{"    documented_information: true\n    form: document\n    kinds: [ai-policy] #", "    form: document\n    kinds: [ai-policy] #"},
			want:    []string{`"A.2.2": missing documented_information`},
		},
		{
			name:    "unknown form",
			replace: []string{"form: document\n    kinds: [ai-policy] #", "form: paper\n    kinds: [ai-policy] #"},
			want:    []string{`"A.2.2": unknown form "paper"`},
		},
		{
			name:    "form contradicts documented information",
			replace: []string{"form: document\n    kinds: [ai-policy] #", "form: process\n    kinds: [ai-policy] #"},
			want:    []string{`"A.2.2": form "process" contradicts`},
		},
		{
			name:    "duplicate group",
			replace: []string{"  - id: A.2\n", "  - id: \"5\"\n    title: Again\n    summary: Again.\n  - id: A.2\n"},
			want:    []string{`group "5": duplicate id`},
		},
		{
			name:    "empty group",
			replace: []string{"  - id: A.2\n", "  - id: A.3\n    title: Internal organization\n    summary: Org.\n  - id: A.2\n"},
			want:    []string{`group "A.3": no reference in it`},
		},
		{
			name:    "item of a kind that does not evidence the clause",
			replace: []string{"    guidance: Write it.\n", "    guidance: Write it.\n    items:\n      - id: policy\n        title: AI policy\n        kinds: [ai-policy]\n      - id: other\n        title: Other\n        kinds: [procedure]\n"},
			want:    []string{`"5.2": item "other": unknown or controls-only kind "procedure"`, `"5.2": item "other": kind "procedure" does not evidence the reference itself`},
		},
		{
			name:    "item that nothing evidences",
			replace: []string{"    guidance: Write it.\n", "    guidance: Write it.\n    items:\n      - id: policy\n        title: AI policy\n"},
			want:    []string{`"5.2": item "policy": nothing evidences it`},
		},
		{
			name:    "duplicate item and missing title",
			replace: []string{"    guidance: Write it.\n", "    guidance: Write it.\n    items:\n      - id: policy\n        title: \"\"\n        kinds: [ai-policy]\n      - id: policy\n        title: Again\n        kinds: [ai-policy]\n"},
			want:    []string{`"5.2": item "policy": duplicate id`, `"5.2": item "policy": missing title`},
		},
		{
			name:    "items on a control",
			replace: []string{"    guidance: Publish it.\n", "    guidance: Publish it.\n    items:\n      - id: policy\n        title: AI policy\n        kinds: [ai-policy]\n"},
			want:    []string{`"A.2.2": only a clause that requires documented information has items`},
		},
		{
			name:    "unknown per_system",
			replace: []string{"    guidance: Publish it.\n", "    guidance: Publish it.\n    per_system: everyone\n"},
			want:    []string{`"A.2.2": unknown per_system "everyone"`},
		},
		{
			name:    "several problems reported together",
			replace: []string{"group: A.2\n", "group: A.9\n", "kinds: [ai-policy]\n", "kinds: [nope]\n"},
			want:    []string{`"A.2.2": unknown group`, `"5.2": unknown kind "nope"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data
			if tt.replace != nil {
				data = miniCatalogue
				for i := 0; i < len(tt.replace); i += 2 {
					if !strings.Contains(data, tt.replace[i]) {
						t.Fatalf("test data has no %q", tt.replace[i])
					}
					data = strings.Replace(data, tt.replace[i], tt.replace[i+1], 1)
				}
			}
			c, err := parseCatalogue([]byte(data))
			if err == nil {
				t.Fatalf("parseCatalogue accepted corrupt data:\n%s", data)
			}
			if c != nil {
				t.Errorf("parseCatalogue returned a catalogue with an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// TestParseCatalogueRejectsCorruptEmbedded corrupts the real catalogue.
func TestParseCatalogueRejectsCorruptEmbedded(t *testing.T) {
	tests := []struct{ old, new, want string }{
		{"- id: A.2.3\n", "- id: A.2.2\n", `"A.2.2": duplicate id`},
		{"kinds: [supplier]", "kinds: [vendor]", `unknown kind "vendor"`},
		{"    group: A.7\n", "    group: A.11\n", `unknown group "A.11"`},
		{"  - id: \"6.1\"\n    title: Actions to address risks and opportunities\n", "", `heading "6.1" is not declared`},
	}
	for _, tt := range tests {
		if !strings.Contains(catalogueYAML, tt.old) {
			t.Fatalf("embedded catalogue has no %q", tt.old)
		}
		_, err := parseCatalogue([]byte(strings.Replace(catalogueYAML, tt.old, tt.new, 1)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("replacing %q: error %v, want it to mention %q", tt.old, err, tt.want)
		}
	}
}

func TestLintReferences(t *testing.T) {
	c := mustLoadCatalogue(t)
	refs := c.LintReferences()
	if want := len(c.References()) + len(c.Groups()); len(refs) != want {
		t.Fatalf("%d references, want %d", len(refs), want)
	}
	byID := map[string]string{}
	for _, r := range refs {
		byID[r.ID] = r.Title
	}
	for id, title := range map[string]string{"A.6.2.4": "AI system verification and validation", "7": "Support", "A.6": "AI system life cycle"} {
		if byID[id] != title {
			t.Errorf("%s: title %q, want %q", id, byID[id], title)
		}
	}
}
