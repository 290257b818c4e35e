package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

func TestStructureHeadingMatch(t *testing.T) {
	scope := []string{"Scope", "AIMS scope"}
	steps := []string{"Steps", "Procedure", "Process"}
	records := []string{"Records", "Records and evidence"}
	roles := []string{"Roles", "Responsibilities", "Roles and responsibilities"}
	parties := []string{"Interested parties", "Stakeholders"}
	impacts := []string{"Impacts", "Assessment", "Impacts on individuals, groups and society"}
	tests := []struct {
		name    string
		heading string
		names   []string
		want    bool
	}{
		{"exact", "Scope", scope, true},
		{"case", "SCOPE", scope, true},
		{"synonym", "AIMS Scope", scope, true},
		{"spaces", "  AIMS    scope  ", scope, true},
		{"number dot", "2. Scope", scope, true},
		{"number", "2 Scope", scope, true},
		{"number no space", "2.Scope", scope, true},
		{"subsection number", "2.1 Scope", scope, true},
		{"subsection number dot", "2.1. Scope", scope, true},
		{"annex number", "A.1 Scope", scope, true},
		{"letter", "B. Scope", scope, true},
		{"letter paren", "c) Scope", scope, true},
		{"roman", "IV. Scope", scope, true},
		{"section sign", "§ 3 Scope", scope, true},
		{"trailing colon", "Scope:", scope, true},
		{"trailing period", "Scope.", scope, true},
		{"colon subtitle", "Scope: what this procedure covers", scope, true},
		{"dash subtitle", "Scope - what is covered", scope, true},
		{"en dash subtitle", "Scope – what is covered", scope, true},
		{"em dash subtitle", "Scope — what is covered", scope, true},
		{"parenthetical", "Records (evidence kept)", records, true},
		{"bold", "**Records**", records, true},
		{"code", "`Records`", records, true},
		{"link", "[Records](#records)", records, true},
		{"attribute", "Records {#records}", records, true},
		{"closing hashes", "Records ##", records, true},
		{"html comment", `Records <!-- want AIMS2002 "empty" -->`, records, true},
		{"singular", "Record", records, true},
		{"joined and", "Purpose and scope", scope, true},
		{"joined ampersand", "Roles & Responsibilities", roles, true},
		{"joined comma", "Scope, purpose and records", records, true},
		{"joined slash", "Steps / Process", steps, true},
		{"extra words joined", "Scope and boundaries", scope, true},
		{"interested parties and their needs", "Interested parties and their needs", parties, true},
		{"article", "The Process", steps, true},
		{"whole name with comma", "Impacts on individuals, groups and society", impacts, true},
		{"process keeps its s", "Processes", steps, true},
		{"newline in setext heading", "Interested\nparties", parties, true},
		{"comment across lines", "Records <!-- a\nnote -->", records, true},

		{"other section", "Purpose", scope, false},
		{"out of scope", "Out of scope", scope, false},
		{"word inside", "Scoped work", scope, false},
		{"prefix without separator", "Scope of work", scope, false},
		{"subtitle first", "What is covered: scope", scope, false},
		{"hyphenated word", "Scope-creep", scope, false},
		{"number only", "2.", scope, false},
		{"empty", "", scope, false},
		{"comment only", "<!-- Scope -->", scope, false},
		{"partial name", "Interested", parties, false},
		{"record keeping", "Record keeping", records, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := headingMeets(tt.heading, tt.names); got != tt.want {
				t.Errorf("headingMeets(%q, %q) = %v, want %v (keys %q)", tt.heading, tt.names, got, tt.want, headingKeys(tt.heading))
			}
		})
	}
}

// TestStructureSectionsFor keeps sectionsFor in step with docs/format.md:
// every "Sections:" line there names exactly the shown names of its kind.
func TestStructureSectionsFor(t *testing.T) {
	c := DefaultCatalogue()
	for _, kind := range c.Kinds() {
		reqs := sectionsFor(kind)
		if again := sectionsFor(kind); len(reqs) > 0 && &again[0] == &reqs[0] {
			t.Errorf("%s: sectionsFor must return a fresh slice", kind)
		}
		for i, r := range reqs {
			if r.shown < 1 || r.shown > len(r.names) || r.why == "" {
				t.Errorf("%s: requirement %d is malformed: %+v", kind, i, r)
			}
			for _, n := range r.names {
				if !headingMeets(n, r.names) {
					t.Errorf("%s: %q does not meet its own requirement", kind, n)
				}
				// A name must not meet another requirement of the same kind.
				for j, o := range reqs {
					if j != i && headingMeets(n, o.names) {
						t.Errorf("%s: %q meets both %q and %q", kind, n, r.names[0], o.names[0])
					}
				}
			}
		}
	}
	want := map[string][][]string{
		"aims-scope":        {{"Context", "Context of the organization"}, {"Interested parties", "Stakeholders"}, {"Scope", "AIMS scope"}},
		"ai-policy":         {{"Purpose"}, {"Principles", "Commitments"}, {"Objectives", "Framework for objectives", "AI objectives"}, {"Roles", "Responsibilities", "Roles and responsibilities"}, {"Continual improvement", "Improvement"}},
		"procedure":         {{"Purpose"}, {"Scope"}, {"Steps", "Procedure", "Process"}, {"Records"}},
		"impact-assessment": {{"System", "System description"}, {"Impacts", "Assessment"}, {"Mitigations", "Mitigation"}},
		"monitoring-report": {{"Summary"}, {"Results", "KPIs"}, {"Actions"}},
		"audit-report":      {{"Scope"}, {"Findings"}, {"Conclusion", "Conclusions"}},
		"management-review": {{"Inputs"}, {"Decisions"}, {"Actions"}},
	}
	for _, kind := range c.Kinds() {
		var got [][]string
		for _, r := range sectionsFor(kind) {
			got = append(got, r.names[:r.shown])
		}
		if !slices.EqualFunc(got, want[kind], slices.Equal) {
			t.Errorf("sectionsFor(%q) shows %q, want %q", kind, got, want[kind])
		}
	}
}

func TestStructureDocumentTitle(t *testing.T) {
	title := artifact.Section{Title: "Procedure: change", Level: 1}
	h2 := artifact.Section{Title: "Purpose", Level: 2}
	h1 := artifact.Section{Title: "Scope", Level: 1}
	tests := []struct {
		name string
		in   []artifact.Section
		want int
	}{
		{"title then sections", []artifact.Section{title, h2}, 1},
		{"sections at level 1", []artifact.Section{title, h1}, 2},
		{"no title", []artifact.Section{h2, h2}, 2},
		{"title only", []artifact.Section{title}, 0},
		{"none", nil, 0},
	}
	for _, tt := range tests {
		if got := withoutTitle(tt.in); len(got) != tt.want {
			t.Errorf("%s: %d sections, want %d", tt.name, len(got), tt.want)
		}
	}
}

func TestStructureMessages(t *testing.T) {
	src := "---\nid: PROC-1\nkind: procedure\ntitle: t\nstatus: draft\nowner: ai-governance-lead\ncontrols: [A.8.4, \"7.5.2\", nonsense]\n---\n\n# Incidents\n\n## Purpose\n\n## Steps\n1. Do.\n"
	d := artifact.ParseDocument("p.md", []byte(src), "")
	r := bodyTopRange(d)
	if r.Start.Line != 10 || r.End.Col != 12 {
		t.Errorf("topOfBody = %+v, want line 10, end col 12", r)
	}
	if got := structureControls(d, nil); !slices.Equal(got, []string{"7.5.2", "A.8.4"}) {
		t.Errorf("structureControls = %q", got)
	}
	if got := structureControls(d, DefaultCatalogue().EvidencedBy("audit-report")); !slices.Equal(got, []string{"7.5.2", "9.2.1", "9.2.2", "A.8.4"}) {
		t.Errorf("structureControls = %q", got)
	}
	bare := artifact.ParseDocument("p.md", []byte("---\nkind: procedure\n---\n\n\n"), "")
	if r := bodyTopRange(bare); r.Start.Line != 3 {
		t.Errorf("topOfBody of a blank body = %+v, want the closing --- on line 3", r)
	}
	if got := alsoAccepted(sectionsFor("procedure")[2]); got != " (or `Procedure`, `Process`)" {
		t.Errorf("alsoAccepted = %q", got)
	}
	if got := displayHeading("2. Records ## <!-- note -->"); got != "2. Records" {
		t.Errorf("displayHeading = %q", got)
	}
	if !strings.Contains(customSections(lint.CustomKind{Name: "model-card", Sections: []string{"Limitations", " "}})[0].why, "model-card") {
		t.Error("custom kind message does not name the kind")
	}
}

// headingMeets reports whether a heading meets a requirement with the given
// accepted names.
func headingMeets(title string, names []string) bool {
	keys := make([]string, len(names))
	for i, n := range names {
		keys[i] = normalizeHeading(n)
	}
	return keysMeet(headingKeys(title), keys)
}
