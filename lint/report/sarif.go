package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// Constants of the SARIF output. SARIF.md documents the mapping.
const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifHome is the tool's home page; rule help lives below it.
	sarifHome     = "https://github.com/aimsdev/aims"
	sarifRuleDocs = sarifHome + "/blob/main/rules/docs/"
	sarifFormat   = sarifHome + "/blob/main/docs/format.md"
	// sarifCategory is automationDetails.id: category "aims/lint", no run id.
	sarifCategory = "aims/lint/"
	// sarifRoot is the uriBaseId of every location: the repository root.
	sarifRoot = "%SRCROOT%"
	// sarifDevVersion is the semanticVersion of a build without a SemVer version.
	sarifDevVersion = "0.0.0-dev"
	// sarifMaxTags is how many tags a rule carries: GitHub shows 10.
	sarifMaxTags = 10
	// sarifMaxDescription is GitHub's limit on a description, in characters.
	sarifMaxDescription = 1024
)

// The SARIF 2.1.0 wire format: only the properties aims writes. It is
// declared here, not as tags on the lint types, so that the engine can change
// without changing what code scanning reads.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                        `json:"tool"`
		Invocations        []sarifInvocation                `json:"invocations"`
		AutomationDetails  sarifAutomation                  `json:"automationDetails"`
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
		Results            []sarifResult                    `json:"results"`
		ColumnKind         string                           `json:"columnKind"`
		Properties         *sarifRunProperties              `json:"properties,omitempty"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name            string      `json:"name"`
		Version         string      `json:"version,omitempty"`
		SemanticVersion string      `json:"semanticVersion"`
		InformationURI  string      `json:"informationUri"`
		Rules           []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string              `json:"id"`
		Name                 string              `json:"name,omitempty"`
		ShortDescription     sarifMessage        `json:"shortDescription"`
		FullDescription      sarifMessage        `json:"fullDescription"`
		Help                 sarifHelp           `json:"help"`
		HelpURI              string              `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
		Properties           sarifRuleProperties `json:"properties"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifRuleProperties struct {
		Tags            []string `json:"tags"`
		Precision       string   `json:"precision"`
		ProblemSeverity string   `json:"problem.severity"`
		// Custom is set for a custom rule, written in File (a slash path
		// from the repository root) at Line; Evidences are the
		// references it evidences when it holds.
		Custom    bool     `json:"custom,omitempty"`
		File      string   `json:"file,omitempty"`
		Line      int      `json:"line,omitempty"`
		Evidences []string `json:"evidences,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level   string       `json:"level"`
		Message sarifMessage `json:"message"`
	}
	sarifAutomation struct {
		ID          string        `json:"id"`
		Description *sarifMessage `json:"description,omitempty"`
	}
	sarifRunProperties struct {
		AsOf         string              `json:"asOf,omitempty"`
		Revision     string              `json:"revision,omitempty"`
		RevisionTime string              `json:"revisionTime,omitempty"`
		Baseline     *sarifBaselineState `json:"baseline,omitempty"`
	}
	// sarifBaselineState says what the baseline the results were compared
	// with holds: the findings it accepted (results marked unchanged), and
	// how many of its findings are gone. Gone findings are counted here
	// rather than written as "absent" results: code scanning ignores
	// baselineState, and would open an alert for each.
	sarifBaselineState struct {
		File      string `json:"file"`
		Unchanged int    `json:"unchanged"`
		Absent    int    `json:"absent"`
		Partial   bool   `json:"partial,omitempty"`
	}
	sarifResult struct {
		RuleID              string                `json:"ruleId"`
		RuleIndex           int                   `json:"ruleIndex"`
		Level               string                `json:"level"`
		Message             sarifMessage          `json:"message"`
		Locations           []sarifLocation       `json:"locations"`
		RelatedLocations    []sarifLocation       `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string     `json:"partialFingerprints,omitempty"`
		Suppressions        []sarifSuppression    `json:"suppressions,omitempty"`
		BaselineState       string                `json:"baselineState,omitempty"`
		Properties          sarifResultProperties `json:"properties"`
	}
	sarifLocation struct {
		ID               int                   `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifMessage         `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           sarifRegion           `json:"region"`
	}
	sarifArtifactLocation struct {
		URI         string        `json:"uri,omitempty"`
		URIBaseID   string        `json:"uriBaseId,omitempty"`
		Description *sarifMessage `json:"description,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	sarifSuppression struct {
		Kind          string                      `json:"kind"`
		Status        string                      `json:"status"`
		Justification string                      `json:"justification"`
		Location      *sarifLocation              `json:"location,omitempty"`
		Properties    *sarifSuppressionProperties `json:"properties,omitempty"`
	}
	sarifSuppressionProperties struct {
		Owner   string `json:"owner,omitempty"`
		Expires string `json:"expires,omitempty"`
	}
	sarifResultProperties struct {
		ISO42001 []string `json:"iso42001"`
	}
)

// A coverageRule is a rule that reports clauses and controls without evidence,
// one repository-level finding per reference, naming it in Controls[0]. SARIF
// gives each of its references a rule of its own, "AIMS4002/A.6.2.4" (a
// hierarchical id, SARIF §3.27.5): code scanning tells alerts apart by rule
// and location, and all these findings share one location.
type coverageRule struct {
	id string
	// reports says whether the rule can report a reference.
	reports func(lint.Reference) bool
	// problem completes "<ref> <title> …" in the short description.
	problem string
	// detail completes "<the reference> …" in the full description.
	detail string
}

// coverageRules returns the coverage rules of package rules, built afresh on
// each call so the package holds no mutable state.
func coverageRules() []coverageRule {
	return []coverageRule{
		{
			id:      "AIMS4001",
			reports: func(ref lint.Reference) bool { return !ref.Control && ref.DocumentedInformation },
			problem: "has no evidence",
			detail:  "requires documented information, and no artifact evidences it",
		},
		{
			id:      "AIMS4002",
			reports: func(ref lint.Reference) bool { return ref.Control },
			problem: "has no evidence",
			detail:  "is applicable, and no artifact evidences it",
		},
		{
			id:      "AIMS4003",
			reports: func(ref lint.Reference) bool { return ref.Control || ref.DocumentedInformation },
			problem: "is evidenced only by drafts",
			detail:  "is evidenced only by draft artifacts: none of them is approved",
		},
		{
			id:      "AIMS4004",
			reports: func(ref lint.Reference) bool { return !ref.Control && ref.HasItems },
			problem: "lacks a piece of its documented information",
			detail:  "requires several pieces of documented information, and no artifact evidences one of them",
		},
		{
			id:      "AIMS4005",
			reports: func(ref lint.Reference) bool { return ref.PerSystem },
			problem: "is not met for every AI system",
			detail:  "must be met by every AI system in scope, and one of them has no approved evidence of it",
		},
	}
}

// SARIF writes the result as a SARIF 2.1.0 log for GitHub code scanning and
// other SARIF viewers: one run of the tool "aims", indented by two spaces and
// ending in a newline. SARIF.md documents the mapping. In short:
//
//   - driver.rules lists every rule that ran, in order, each with help,
//     tags and a severity; a coverage rule (AIMS4001 to AIMS4005) is
//     followed by one rule per clause or control it can report, with an id
//     such as "AIMS4002/A.6.2.4", which its findings use.
//   - Every finding is a result with exactly one location: a path from the
//     repository root (Result.Prefix + "/" + File) and a region. A finding
//     about a file as a whole is placed at line 1, column 1.
//   - A finding about the repository as a whole is placed at line 1 of a
//     stable artifact: the first aims-scope for a clause, the first statement
//     of applicability for an Annex A control, else the configuration file
//     (Result.ConfigFile), else the first artifact; the location's message
//     says so. Code scanning rejects a whole upload when one result has no
//     location, and the path is part of an alert's identity, so the anchor
//     must exist and must not move: the scope and the statement of
//     applicability are where a missing clause or control is declared.
//   - Suppressed findings are results with an accepted suppression.
//   - When a baseline was applied, each unsuppressed result has a
//     baselineState, "new" or "unchanged" (the findings the baseline
//     accepts); the run's properties.baseline names the file and counts the
//     baseline's findings that are gone, which are not results.
//
// The output depends on the result alone: no timestamps, no absolute paths.
func SARIF(w io.Writer, r *lint.Result, o Options) error {
	b := newSARIFBuilder(r)
	b.rules()
	results := make([]sarifResult, 0, len(r.Findings))
	for i := range r.Findings {
		results = append(results, b.result(&r.Findings[i]))
	}

	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:            "aims",
			Version:         toolVersion(r.Version),
			SemanticVersion: semanticVersion(r.Version),
			InformationURI:  sarifHome,
			Rules:           b.descriptors,
		}},
		Invocations:       []sarifInvocation{{ExecutionSuccessful: true}},
		AutomationDetails: sarifAutomation{ID: sarifCategory},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{
			sarifRoot: {Description: &sarifMessage{Text: "The root of the repository that holds the AI management system."}},
		},
		Results: results,
		// artifact.Position counts columns in Unicode code points.
		ColumnKind: "unicodeCodePoints",
	}
	for _, n := range r.Notifications {
		// A notification says that checks were skipped: the results are
		// incomplete, which is worth a warning, not an error.
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications,
			sarifNotification{Level: "warning", Message: sarifMessage{Text: sentence(n)}})
	}
	props := sarifRunProperties{Revision: r.Revision}
	if !r.AsOf.IsZero() {
		props.AsOf = r.AsOf.Format("2006-01-02")
	}
	if !r.RevisionTime.IsZero() {
		props.RevisionTime = r.RevisionTime.UTC().Format(time.RFC3339)
	}
	if bl := r.Baseline; bl != nil {
		props.Baseline = &sarifBaselineState{File: bl.File, Unchanged: bl.Unchanged, Absent: bl.GoneCount(), Partial: bl.Partial}
	}
	if props != (sarifRunProperties{}) {
		run.Properties = &props
	}
	if r.Revision != "" {
		// Said in words too, for viewers that show the run's description;
		// the id (the category) stays the same for every commit, as code
		// scanning tracks alerts by it.
		run.AutomationDetails.Description = &sarifMessage{Text: sentence(lintedWhat(r))}
	}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// lintedWhat says which commit was linted and at which date: "Linted
// commit 3f2a9c1 (2026-06-28) as of 2026-06-30".
func lintedWhat(r *lint.Result) string {
	s := "Linted commit " + shortHash(r.Revision)
	if !r.RevisionTime.IsZero() {
		s += " (" + r.RevisionTime.UTC().Format("2006-01-02") + ")"
	}
	if !r.AsOf.IsZero() {
		s += " as of " + r.AsOf.Format("2006-01-02")
	}
	return s
}

// sarifBuilder holds what SARIF needs while it converts one result.
type sarifBuilder struct {
	r           *lint.Result
	refs        map[string]lint.Reference // leaf references and groups by id
	leaves      []lint.Reference          // leaf references in result order
	descriptors []sarifRule
	index       map[string]int          // rule id -> index in descriptors
	coverage    map[string]coverageRule // coverage rules by id
}

func newSARIFBuilder(r *lint.Result) *sarifBuilder {
	b := &sarifBuilder{
		r:           r,
		refs:        map[string]lint.Reference{},
		descriptors: []sarifRule{},
		index:       map[string]int{},
		coverage:    map[string]coverageRule{},
	}
	for _, ref := range r.References {
		if _, dup := b.refs[ref.ID]; dup {
			continue
		}
		b.refs[ref.ID] = ref
		if ref.ID != ref.Group {
			b.leaves = append(b.leaves, ref)
		}
	}
	for _, c := range coverageRules() {
		b.coverage[c.id] = c
	}
	return b
}

// add appends a rule descriptor unless its id is already listed.
func (b *sarifBuilder) add(d sarifRule) {
	if _, dup := b.index[d.ID]; dup {
		return
	}
	b.index[d.ID] = len(b.descriptors)
	b.descriptors = append(b.descriptors, d)
}

// rules lists the rules that ran, each coverage rule followed by its
// per-reference rules.
func (b *sarifBuilder) rules() {
	for _, rule := range b.r.Rules {
		if rule == nil {
			continue
		}
		b.add(b.ruleDescriptor(rule))
		c, ok := b.coverage[rule.ID]
		if !ok {
			continue
		}
		for _, ref := range b.leaves {
			if c.reports(ref) {
				b.add(b.referenceDescriptor(rule, c, ref))
			}
		}
	}
}

// ruleDescriptor describes a rule from its fields and Doc.
func (b *sarifBuilder) ruleDescriptor(rule *lint.Rule) sarifRule {
	doc := withoutHeading(strings.TrimSpace(rule.Doc))
	if doc == "" {
		doc = rule.Title
	}
	tags := []string{"iso42001"}
	tags = append(tags, rule.Controls...)
	for _, c := range rule.Controls {
		tags = append(tags, b.refs[c].Tags...)
	}
	d := sarifRule{
		ID:                   rule.ID,
		Name:                 rule.Name,
		ShortDescription:     sarifMessage{Text: rule.Title},
		FullDescription:      sarifMessage{Text: limit(firstParagraph(doc), sarifMaxDescription)},
		Help:                 sarifHelp{Text: doc, Markdown: doc},
		HelpURI:              sarifRuleDocs + rule.ID + ".md",
		DefaultConfiguration: sarifConfiguration{Level: level(rule.Severity)},
		Properties:           ruleProperties(tags, rule.Severity),
	}
	if rule.Custom != nil {
		d.Name = pascalName(rule.Name)
		// A custom rule's documentation is its help, written by the
		// organisation: aims's rule pages do not describe it.
		d.HelpURI = ""
		d.Properties.Custom = true
		d.Properties.File = sarifURI(b.r.Prefix, rule.Custom.File)
		d.Properties.Line = rule.Custom.Range.Start.Line
		d.Properties.Evidences = rule.Evidences
	}
	return d
}

// pascalName returns name with no two capitals in a row, as the SARIF
// Multitool wants of a rule's name (SARIF2012): a capital that follows one
// is lowered ("NameAHuman" is "NameAhuman"). A custom rule's name comes
// from its title, where a one-letter word makes such a pair.
func pascalName(name string) string {
	rs := []rune(name)
	for i := 1; i < len(rs); i++ {
		if unicode.IsUpper(rs[i]) && unicode.IsUpper(rs[i-1]) {
			rs[i] = unicode.ToLower(rs[i])
		}
	}
	return string(rs)
}

// withoutHeading returns Markdown without its first line when that is a
// top-level heading: a rule's title is its shortDescription already.
func withoutHeading(md string) string {
	if rest, ok := strings.CutPrefix(md, "# "); ok {
		_, body, _ := strings.Cut(rest, "\n")
		return strings.TrimSpace(body)
	}
	return md
}

// referenceDescriptor describes what coverage rule c reports about one
// clause or control.
func (b *sarifBuilder) referenceDescriptor(rule *lint.Rule, c coverageRule, ref lint.Reference) sarifRule {
	name := ""
	if rule.Name != "" {
		// One Pascal-case word, as SARIF viewers want (SARIF2012): A.6.2.4
		// is "A6Dot2Dot4", which no other id gives.
		name = rule.Name + strings.ReplaceAll(strings.Replace(ref.ID, "A.", "A", 1), ".", "Dot")
	}
	what := "Clause " + ref.ID
	if ref.Control {
		what = "Annex A control " + ref.ID
	}
	full := strings.TrimSpace(fmt.Sprintf("%s %s %s. %s", what, ref.Title, c.detail, sentence(ref.Guidance)))
	help := b.referenceHelp(rule, c, ref)
	tags := []string{"iso42001", ref.ID, ref.Group}
	tags = append(tags, ref.Tags...)
	return sarifRule{
		ID:                   rule.ID + "/" + ref.ID,
		Name:                 name,
		ShortDescription:     sarifMessage{Text: ref.ID + " " + ref.Title + " " + c.problem},
		FullDescription:      sarifMessage{Text: limit(full, sarifMaxDescription)},
		Help:                 sarifHelp{Text: help, Markdown: help},
		HelpURI:              sarifRuleDocs + rule.ID + ".md",
		DefaultConfiguration: sarifConfiguration{Level: level(rule.Severity)},
		Properties:           ruleProperties(tags, rule.Severity),
	}
}

// referenceHelp writes the Markdown help of a per-reference rule: what is
// missing, the reference's guidance, which artifact evidences it and an
// example of one.
func (b *sarifBuilder) referenceHelp(rule *lint.Rule, c coverageRule, ref lint.Reference) string {
	var h strings.Builder
	group := "Clause " + ref.Group
	if ref.Control {
		group = "Annex " + ref.Group
	}
	if g, ok := b.refs[ref.Group]; ok && g.Title != "" {
		group += ", " + g.Title
	}
	fmt.Fprintf(&h, "**%s %s** (%s) %s.\n\n", ref.ID, ref.Title, group, c.detail)
	if ref.Guidance != "" {
		fmt.Fprintf(&h, "%s\n\n", sentence(ref.Guidance))
	}

	kinds := make([]string, len(ref.Kinds))
	for i, k := range ref.Kinds {
		kinds[i] = "`" + k + "`"
	}
	switch {
	case len(kinds) > 0:
		fmt.Fprintf(&h, "Evidence: an artifact of kind %s, or any artifact that lists `%s` in its `controls`.", orList(kinds), ref.ID)
	default:
		fmt.Fprintf(&h, "Evidence: %s is a process that no kind evidences by default: write a `procedure` (or any artifact) that lists `%s` in its `controls`.", ref.ID, ref.ID)
	}
	h.WriteString(" Drafts count only once approved, and retired artifacts not at all.\n\n")

	if c.id == "AIMS4003" {
		h.WriteString("Approve one of the drafts that evidence it, in its YAML or its frontmatter:\n\n")
		h.WriteString("```yaml\nstatus: approved\napproved_by: top-management\napproved_on: 2026-01-15\n```\n")
	} else {
		h.WriteString(artifactExample(ref))
	}
	if ref.Control {
		h.WriteString("\nWhen the control does not apply, exclude it in the statement of applicability: list it with `applicable: false` and a justification.\n")
	}
	fmt.Fprintf(&h, "\nRule [%s](%s%s.md): %s.\n", rule.ID, sarifRuleDocs, rule.ID, rule.Title)
	return h.String()
}

// artifactExample returns a Markdown example of an artifact that evidences
// ref: a procedure that lists it, or the fields every artifact has for the
// first kind that evidences it by default.
func artifactExample(ref lint.Reference) string {
	var h strings.Builder
	if len(ref.Kinds) == 0 {
		id := "PROC-" + strings.ReplaceAll(ref.ID, ".", "-")
		h.WriteString("For example, a procedure (Markdown with YAML frontmatter):\n\n")
		h.WriteString("```markdown\n---\nkind: procedure\n")
		fmt.Fprintf(&h, "id: %s\ntitle: %s\n", id, ref.Title)
		h.WriteString("status: approved\nowner: ai-governance-lead\napproved_by: top-management\napproved_on: 2026-01-15\n")
		fmt.Fprintf(&h, "controls: [%s]\n---\n# Purpose\n\n# Scope\n\n# Steps\n\n# Records\n```\n", ref.ID)
		return h.String()
	}
	kind := ref.Kinds[0]
	fmt.Fprintf(&h, "For example, an approved `%s` artifact starts with the fields every artifact has, in a YAML file or the frontmatter of a Markdown file; add the fields of its kind from the [document format](%s#kinds):\n\n", kind, sarifFormat)
	h.WriteString("```yaml\n")
	fmt.Fprintf(&h, "kind: %s\nid: %s-001\ntitle: Example %s\n", kind, strings.ToUpper(kind), strings.ReplaceAll(kind, "-", " "))
	h.WriteString("status: approved\nowner: ai-governance-lead\napproved_by: top-management\napproved_on: 2026-01-15\n```\n")
	return h.String()
}

// result converts one finding.
func (b *sarifBuilder) result(f *lint.Finding) sarifResult {
	id := b.ruleID(f)
	res := sarifResult{
		RuleID:     id,
		RuleIndex:  b.index[id],
		Level:      level(f.Severity),
		Message:    sarifMessage{Text: sentence(f.Message)},
		Properties: sarifResultProperties{ISO42001: nonNil(f.Controls)},
	}

	loc := b.location(f.Range)
	if f.Range.File == "" {
		file, why := b.anchor(f)
		loc = b.location(artifact.Range{File: file})
		loc.Message = &sarifMessage{Text: why}
	}
	res.Locations = []sarifLocation{loc}

	for _, rel := range f.Related {
		if rel.Range.File == "" {
			continue
		}
		l := b.location(rel.Range)
		l.ID = len(res.RelatedLocations) + 1
		if rel.Message != "" {
			l.Message = &sarifMessage{Text: sentence(rel.Message)}
		}
		res.RelatedLocations = append(res.RelatedLocations, l)
	}
	if f.Fingerprint != "" {
		res.PartialFingerprints = map[string]string{"primaryLocationLineHash": f.Fingerprint}
	}
	res.BaselineState = string(f.Baseline)
	if s := f.Suppressed; s != nil {
		sup := sarifSuppression{Kind: "external", Status: "accepted", Justification: s.Reason}
		if s.Source.File != "" && s.Source.File == f.Range.File {
			sup.Kind = "inSource"
		}
		if s.Source.File != "" {
			l := b.location(s.Source)
			sup.Location = &l
		}
		if s.Owner != "" || s.Expires != "" {
			sup.Properties = &sarifSuppressionProperties{Owner: s.Owner, Expires: s.Expires}
		}
		res.Suppressions = []sarifSuppression{sup}
	}
	return res
}

// ruleID returns the id of the rule descriptor a finding's result names: the
// per-reference rule of a coverage rule's finding, else the finding's rule.
// A rule that did not run but reported anyway (which lint does not do) gets a
// minimal descriptor, so that every result has one.
func (b *sarifBuilder) ruleID(f *lint.Finding) string {
	if _, ok := b.coverage[f.RuleID]; ok && len(f.Controls) > 0 {
		if id := f.RuleID + "/" + f.Controls[0]; b.has(id) {
			return id
		}
	}
	if !b.has(f.RuleID) {
		b.add(sarifRule{
			ID:                   f.RuleID,
			ShortDescription:     sarifMessage{Text: "finding of " + f.RuleID},
			FullDescription:      sarifMessage{Text: "A finding of " + f.RuleID + ", a rule this run did not list."},
			Help:                 sarifHelp{Text: "See the rule's documentation.", Markdown: "See the rule's documentation."},
			HelpURI:              sarifRuleDocs + f.RuleID + ".md",
			DefaultConfiguration: sarifConfiguration{Level: level(f.Severity)},
			Properties:           ruleProperties(append([]string{"iso42001"}, f.Controls...), f.Severity),
		})
	}
	return f.RuleID
}

// has reports whether a rule descriptor has the id.
func (b *sarifBuilder) has(id string) bool {
	_, ok := b.index[id]
	return ok
}

// anchor chooses where a repository-level finding is shown, and says so. See
// SARIF for why; the order is: the first aims-scope (for a clause) or the
// first statement of applicability (for an Annex A control), not retired if
// one is not; the configuration file; the first artifact; and, in a
// repository with neither, the path the configuration file would have.
func (b *sarifBuilder) anchor(f *lint.Finding) (file, why string) {
	kind, name := "aims-scope", "AIMS scope"
	if len(f.Controls) > 0 && b.isControl(f.Controls[0]) {
		kind, name = "statement-of-applicability", "statement of applicability"
	}
	if p := b.firstOfKind(kind); p != "" {
		return p, "Finding about the repository as a whole, shown on the " + name + "."
	}
	if b.r.ConfigFile != "" {
		return b.r.ConfigFile, "Finding about the repository as a whole, shown on the aims configuration file."
	}
	if len(b.r.Artifacts) > 0 {
		return b.r.Artifacts[0].Path, "Finding about the repository as a whole, shown on its first artifact."
	}
	return lint.ConfigFile, "Finding about the repository as a whole, shown where the aims configuration file belongs."
}

// isControl reports whether a reference id is an Annex A control.
func (b *sarifBuilder) isControl(id string) bool {
	if ref, ok := b.refs[id]; ok {
		return ref.Control
	}
	return strings.HasPrefix(id, "A.")
}

// firstOfKind returns the path of the first artifact of kind that is not
// retired, else of the first retired one, else "".
func (b *sarifBuilder) firstOfKind(kind string) string {
	retired := ""
	for _, a := range b.r.Artifacts {
		switch {
		case a.Kind != kind:
		case a.Status != "retired":
			return a.Path
		case retired == "":
			retired = a.Path
		}
	}
	return retired
}

// location converts a range: the path from the repository root and a region
// that always has a start and an end. A range without a line is line 1,
// column 1; a range without a valid end ends where it starts.
func (b *sarifBuilder) location(r artifact.Range) sarifLocation {
	reg := sarifRegion{StartLine: 1, StartColumn: 1, EndLine: 1, EndColumn: 1}
	if r.Start.Line >= 1 {
		reg.StartLine, reg.StartColumn = r.Start.Line, max(r.Start.Col, 1)
		reg.EndLine, reg.EndColumn = reg.StartLine, reg.StartColumn
		e := r.End
		if e.Col >= 1 && (e.Line > reg.StartLine || e.Line == reg.StartLine && e.Col >= reg.StartColumn) {
			reg.EndLine, reg.EndColumn = e.Line, e.Col
		}
	}
	return sarifLocation{PhysicalLocation: sarifPhysicalLocation{
		ArtifactLocation: sarifArtifactLocation{URI: sarifURI(b.r.Prefix, r.File), URIBaseID: sarifRoot},
		Region:           reg,
	}}
}

// sarifURI returns the URI reference of a file: its slash path from the
// repository root, each segment percent-encoded where a URI reference
// requires it (a space is %20), and prefixed by "./" when its first segment
// would read as a scheme ("a:b/c.md").
func sarifURI(prefix, file string) string {
	p := strings.Trim(path.Join(prefix, file), "/")
	return (&url.URL{Path: p}).String()
}

// ruleProperties returns a rule's properties: at most sarifMaxTags distinct
// tags, and its severity as code scanning reads it.
func ruleProperties(tags []string, s lint.Severity) sarifRuleProperties {
	var out []string
	for _, t := range tags {
		if t != "" && !slices.Contains(out, t) && len(out) < sarifMaxTags {
			out = append(out, t)
		}
	}
	severity := "warning"
	switch s {
	case lint.Error:
		severity = "error"
	case lint.Note:
		severity = "recommendation"
	}
	return sarifRuleProperties{Tags: nonNil(out), Precision: "very-high", ProblemSeverity: severity}
}

// level returns the SARIF level of a severity.
func level(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Note:
		return "note"
	}
	return "warning"
}

// toolVersion returns the version as SARIF viewers compare it, starting
// with a number (SARIF2005): without the leading "v" of a Go module version,
// and "" (no version, only the semantic version) for a build without one,
// such as "(devel)".
func toolVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" || v[0] < '0' || v[0] > '9' {
		return ""
	}
	return v
}

// semanticVersion returns v without its leading "v" when it is a SemVer 2.0
// version, else sarifDevVersion.
func semanticVersion(v string) string {
	semver := regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
		`(-(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?` +
		`(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?$`)
	if s := strings.TrimPrefix(v, "v"); semver.MatchString(s) {
		return s
	}
	return sarifDevVersion
}

// firstParagraph returns the first paragraph of Markdown text, its lines
// joined by spaces.
func firstParagraph(md string) string {
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(md), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, " ")
}

// limit shortens s to at most n characters, at a space when it can, ending
// it with "…".
func limit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	if i := strings.LastIndexByte(string(r), ' '); i > 0 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// sentence ends a message with a period, as SARIF viewers expect of
// messages (aims messages have none). It keeps the first letter as it is:
// a message may start with a field name or a path.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// orList joins words as "a", "a or b", "a, b or c".
func orList(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
