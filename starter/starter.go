// Package starter writes the starter documents of an AI management system
// (AIMS): `aims init` writes a whole draft AIMS with [Files], `aims new` one
// document of a kind with [Document].
//
// The documents come from the templates embedded in templates/. Each one has
// every field its kind's schema requires, with a placeholder that is valid,
// every section its kind requires with a "TODO:" prompt under it, guidance in
// comments, and `status: draft`: a draft is not evidence, so `aims lint`
// reports the clauses and controls it would evidence as evidenced only by
// drafts (AIMS4003), never as missing.
//
// Names the user gives (the organization, the AI systems) are written as
// quoted YAML strings and escaped Markdown text, so that no name can break a
// document.
package starter

//go:generate go test -run TestTemplateGuidance -update .

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
	"github.com/aimsdev/aims/schema"
)

//go:embed templates
var templateFS embed.FS

// A System is an AI system of the AIMS.
type System struct {
	ID   string // its artifact id, e.g. SYS-CREDIT-SCORING
	Name string // its name, e.g. Credit scoring
	// ModelVersion is the model_version of its record, which an
	// evaluation names; "" when the record has none.
	ModelVersion string
}

// An Artifact is a document of the repository, as far as the Statement of
// Applicability's evidence needs to know it.
type Artifact struct {
	ID       string
	Kind     string
	Status   string   // retired artifacts evidence nothing
	Controls []string // its own `controls`
}

// Options are what the documents are written for.
type Options struct {
	// Organization is the organization's name. It must not be empty.
	Organization string
	// Date is the day of writing (UTC): dates the documents record are this
	// day, dates they plan are later. Zero means today.
	Date time.Time
	// Systems are the AI systems. For Files, each gets a stub record, an
	// impact assessment and a risk; none means one example system. For
	// Document, they are the repository's systems: a document about one
	// system names the first, a document about all of them names them all.
	Systems []System
	// Artifacts are the repository's artifacts, for Document: the Statement
	// of Applicability lists, for each control, those that evidence it.
	Artifacts []Artifact
	// Audits are the ids of the audits the repository's audit programmes
	// plan, for Document: an audit report names the first.
	Audits []string
	// Used are the ids in use in the repository (artifacts and the items of
	// their lists), for Document: new risks and audits get free ids.
	Used []string
	// TestData are the ids of the validation or test datasets of the first
	// of Systems, for Document: an evaluation names them. None gives a
	// placeholder.
	TestData []string
}

// ExampleSystem is the AI system Files stubs when Options.Systems is empty, so
// that every reference to an AI system resolves; rename or replace it.
var ExampleSystem = System{ID: "SYS-EXAMPLE", Name: "Example AI system"}

// DefaultOrganization is the organization name aims init uses without --org.
const DefaultOrganization = "Example Organization"

// layout is the default folder of each kind, in schema.Kinds order.
var layout = map[string]string{
	"aims-scope":                 "governance",
	"ai-policy":                  "governance",
	"roles":                      "governance",
	"procedure":                  "procedures",
	"risk-register":              "risk",
	"statement-of-applicability": "risk",
	"impact-assessment":          "impact-assessments",
	"ai-objectives":              "governance",
	"competence-record":          "governance",
	"ai-system":                  "systems",
	"dataset":                    "data",
	"evaluation":                 "evaluations",
	"supplier":                   "suppliers",
	"incident":                   "operations/incidents",
	"monitoring-report":          "operations/monitoring",
	"audit-programme":            "audits",
	"audit-report":               "audits",
	"management-review":          "reviews",
	"nonconformity":              "operations/nonconformities",
}

// prefixes are the id prefixes of each kind: Document's ids are PREFIX-NNN.
var prefixes = map[string]string{
	"aims-scope":                 "SCOPE",
	"ai-policy":                  "POL",
	"roles":                      "ROLES",
	"procedure":                  "PROC",
	"risk-register":              "RSK-REG",
	"statement-of-applicability": "SOA",
	"impact-assessment":          "AIA",
	"ai-objectives":              "OBJ",
	"competence-record":          "COMP",
	"ai-system":                  "SYS",
	"dataset":                    "DS",
	"evaluation":                 "EVAL",
	"supplier":                   "SUP",
	"incident":                   "INC",
	"monitoring-report":          "MON",
	"audit-programme":            "AUDP",
	"audit-report":               "AR",
	"management-review":          "MR",
	"nonconformity":              "NC",
}

// markdownKinds are the kinds whose templates are Markdown with frontmatter;
// the others are YAML.
var markdownKinds = map[string]bool{
	"aims-scope":        true,
	"ai-policy":         true,
	"procedure":         true,
	"impact-assessment": true,
	"incident":          true,
	"monitoring-report": true,
	"audit-report":      true,
	"management-review": true,
}

// Item id prefixes: the risks of a risk register and the audits of an audit
// programme share the artifacts' id namespace.
const (
	riskPrefix  = "RSK"
	auditPrefix = "AUD"
)

// Kinds returns the kinds Document writes: every built-in kind, in the order
// of docs/format.md.
func Kinds() []string { return schema.Kinds() }

// Layout returns the default folder of a kind's documents, a slash path
// relative to the repository root; "" for a kind Document does not write.
func Layout(kind string) string { return layout[kind] }

// Prefix returns the id prefix of a kind's documents (PROC for procedures);
// "" for a kind Document does not write.
func Prefix(kind string) string { return prefixes[kind] }

// FileName returns the file name of a document of kind with id: the id in
// lower case, with .md or .yaml.
func FileName(kind, id string) string {
	ext := ".yaml"
	if markdownKinds[kind] {
		ext = ".md"
	}
	return strings.ToLower(id) + ext
}

// NextID returns the first id PREFIX-NNN of kind, after the highest number in
// use with that prefix, that is not in used: PROC-012 after PROC-011. Ids in
// another form (NC-2026-001) do not count. Numbers have at least three digits.
func NextID(kind string, used []string) string {
	return nextID(Prefix(kind), used)
}

func nextID(prefix string, used []string) string {
	taken := map[string]bool{}
	highest := 0
	for _, id := range used {
		taken[id] = true
		digits, ok := strings.CutPrefix(id, prefix+"-")
		if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
			continue
		}
		if n, err := strconv.Atoi(digits); err == nil && n > highest {
			highest = n
		}
	}
	for n := highest + 1; ; n++ {
		id := fmt.Sprintf("%s-%03d", prefix, n)
		if !taken[id] {
			return id
		}
	}
}

// ValidID reports whether id is a valid artifact id: upper-case letters,
// digits and hyphens, starting with a letter, at most 64 characters.
func ValidID(id string) bool {
	if id == "" || len(id) > 64 || id[0] < 'A' || id[0] > 'Z' || strings.HasSuffix(id, "-") || strings.Contains(id, "--") {
		return false
	}
	for _, r := range id {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// CheckName checks a name the user gives (what says which: "the organization
// name"): it must have text, on one line, without control characters.
func CheckName(what, name string) error {
	switch {
	case !utf8.ValidString(name):
		return fmt.Errorf("%s is not valid UTF-8 text", what)
	case strings.TrimSpace(name) == "":
		return fmt.Errorf("%s is empty", what)
	case strings.ContainsFunc(name, unicode.IsControl):
		return fmt.Errorf("%s %q has a line break or another control character: write it on one line", what, name)
	}
	return nil
}

// SystemsFrom turns AI system names into systems: the id of each is SYS-
// and the name's letters and digits in upper case, joined by hyphens
// ("Credit scoring" is SYS-CREDIT-SCORING); a name without any ASCII letter
// or digit gets a numbered id (SYS-001). Two names that give the same id are
// an error.
func SystemsFrom(names []string) ([]System, error) {
	var out []System
	var numbered []int // indexes of systems that need a numbered id
	byID := map[string]string{}
	for _, n := range names {
		name := strings.TrimSpace(n)
		if err := CheckName("an AI system name", name); err != nil {
			return nil, err
		}
		slug := idSlug(name)
		if slug == "" {
			numbered = append(numbered, len(out))
			out = append(out, System{Name: name})
			continue
		}
		id := truncateID("SYS-" + slug)
		if other, ok := byID[id]; ok {
			return nil, fmt.Errorf("the AI systems %q and %q would both have the id %s: give them names that differ in their letters or digits", other, name, id)
		}
		byID[id] = name
		out = append(out, System{ID: id, Name: name})
	}
	var used []string
	for id := range byID {
		used = append(used, id)
	}
	for _, i := range numbered {
		out[i].ID = nextID("SYS", used)
		used = append(used, out[i].ID)
	}
	return out, nil
}

// idSlug returns the ASCII letters and digits of s in upper case (accented
// Latin letters without their accents), each run of anything else one
// hyphen, without hyphens at either end.
func idSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		plain, ok := latin[unicode.ToLower(r)]
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			plain, ok = string(r), true
		case !ok:
			dash = true
			continue
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteString(strings.ToUpper(plain))
	}
	return b.String()
}

// latin spells accented Latin letters in ASCII, for ids.
var latin = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss",
}

// truncateID cuts id to the 64 characters an artifact id may have, without
// a hyphen at the end.
func truncateID(id string) string {
	if len(id) > 64 {
		id = strings.TrimRight(id[:64], "-")
	}
	return id
}

// Files returns the starter AIMS that aims init writes, by slash path
// relative to the repository root: .aims.yaml, a README, and a draft of
// every document an AIMS needs (scope, policy, roles, objectives, competence
// record, risk register, Statement of Applicability, the core procedures,
// audit programme, management review, the first monitoring report and the
// report of the first planned audit) plus, for each AI system, its record,
// impact assessment, a test dataset and an evaluation of the system on it.
func Files(opts Options) (map[string][]byte, error) {
	v, err := newView(opts)
	if err != nil {
		return nil, err
	}
	systems := opts.Systems
	if len(systems) == 0 {
		systems = []System{ExampleSystem}
	}
	seen := map[string]bool{}
	for _, s := range systems {
		if !ValidID(s.ID) {
			return nil, fmt.Errorf("AI system %q has the id %q, which is not an artifact id", s.Name, s.ID)
		}
		if seen[s.ID] {
			return nil, fmt.Errorf("two AI systems have the id %s", s.ID)
		}
		seen[s.ID] = true
		if err := CheckName("an AI system name", s.Name); err != nil {
			return nil, err
		}
	}
	for i, s := range systems {
		v.Systems = append(v.Systems, sysView{
			ID: s.ID, Name: s.Name,
			AIA:      fmt.Sprintf("AIA-%03d", i+1),
			Risk:     fmt.Sprintf("%s-%03d", riskPrefix, i+1),
			Eval:     fmt.Sprintf("%s-%03d", Prefix("evaluation"), i+1),
			TestData: []string{fmt.Sprintf("%s-%03d", Prefix("dataset"), i+1)},
		})
	}
	v.Audit = auditPrefix + "-001"

	files := map[string][]byte{}
	var artifacts []Artifact
	render := func(p, tmpl string, v view) error {
		out, err := execute(tmpl, v)
		if err != nil {
			return err
		}
		files[p] = out
		if d := artifact.ParseDocument(p, out, ""); d != nil && d.Data != nil {
			artifacts = append(artifacts, Artifact{ID: d.ID, Kind: d.Kind, Status: d.Status(), Controls: d.Strings("controls")})
		}
		return nil
	}
	one := func(kind, id, name string) error {
		w := v
		w.ID, w.Kind = id, kind
		return render(path.Join(Layout(kind), name), templateOf(kind), w)
	}
	singles := []struct{ kind, id, name string }{
		{"aims-scope", "SCOPE-001", "aims-scope.md"},
		{"ai-policy", "POL-001", "ai-policy.md"},
		{"roles", "ROLES-001", "roles.yaml"},
		{"ai-objectives", "OBJ-001", "ai-objectives.yaml"},
		{"competence-record", "COMP-001", "competence.yaml"},
		{"risk-register", "RSK-REG-001", "risk-register.yaml"},
		{"audit-programme", "AUDP-001", "audit-programme.yaml"},
		{"management-review", "MR-001", "mr-001.md"},
		// The first records: 8.1, 9.1 and 9.2 ask for results, which a
		// procedure cannot stand in for.
		{"monitoring-report", "MON-001", "mon-001.md"},
		{"audit-report", "AR-001", "ar-001.md"},
	}
	for _, s := range singles {
		if err := one(s.kind, s.id, s.name); err != nil {
			return nil, err
		}
	}
	for _, s := range v.Systems {
		w := v
		w.System = s
		w.ID, w.Kind = s.ID, "ai-system"
		if err := render(path.Join(Layout("ai-system"), FileName("ai-system", s.ID)), templateOf("ai-system"), w); err != nil {
			return nil, err
		}
		w.ID, w.Kind = s.AIA, "impact-assessment"
		if err := render(path.Join(Layout("impact-assessment"), FileName("impact-assessment", s.AIA)), templateOf("impact-assessment"), w); err != nil {
			return nil, err
		}
		// The evaluation needs a dataset to name: the system's test data.
		w.ID, w.Kind = s.TestData[0], "dataset"
		if err := render(path.Join(Layout("dataset"), FileName("dataset", w.ID)), templateOf("dataset"), w); err != nil {
			return nil, err
		}
		w.ID, w.Kind = s.Eval, "evaluation"
		if err := render(path.Join(Layout("evaluation"), FileName("evaluation", s.Eval)), templateOf("evaluation"), w); err != nil {
			return nil, err
		}
	}
	for i, p := range coreProcedures {
		w := v
		w.ID, w.Kind = fmt.Sprintf("PROC-%03d", i+1), "procedure"
		name := strings.ToLower(w.ID) + "-" + p + ".md"
		if err := render(path.Join(Layout("procedure"), name), "proc-"+p+".md.tmpl", w); err != nil {
			return nil, err
		}
	}
	// The Statement of Applicability lists the drafts above as the evidence
	// each control will have.
	w := v
	w.ID, w.Kind = "SOA-001", "statement-of-applicability"
	w.Controls = soaEntries(artifacts)
	if err := render(path.Join(Layout(w.Kind), "statement-of-applicability.yaml"), templateOf(w.Kind), w); err != nil {
		return nil, err
	}
	for _, f := range []struct{ path, tmpl string }{
		{lint.ConfigFile, "aims.yaml.tmpl"},
		{"README.md", "README.md.tmpl"},
		{path.Join(Layout("nonconformity"), "README.md"), "nonconformities-README.md.tmpl"},
	} {
		if err := render(f.path, f.tmpl, v); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// coreProcedures are the procedures aims init writes, in id order: their
// templates are templates/procedures/proc-NAME.md.tmpl. Together with the other starter
// documents they give every clause that requires documented information and
// every Annex A control a draft as evidence.
var coreProcedures = []string{
	"concern-reporting",
	"incident-management",
	"change-management",
	"impact-assessment",
	"data-management",
	"responsible-development",
	"responsible-use",
	"supplier-management",
	"document-control",
	"awareness-communication",
	"resources",
	"risk-assessment",
	"monitoring-measurement",
	"audit-management-review",
	"nonconformity-improvement",
}

// Document returns a new draft document of kind with id, as aims new writes
// it. kind is one of Kinds; id must be a valid artifact id.
func Document(kind, id string, opts Options) ([]byte, error) {
	if _, ok := layout[kind]; !ok {
		return nil, fmt.Errorf("no template for kind %q", kind)
	}
	if !ValidID(id) {
		return nil, fmt.Errorf("%q is not an artifact id", id)
	}
	v, err := newView(opts)
	if err != nil {
		return nil, err
	}
	v.ID, v.Kind = id, kind
	used := slices.Clone(opts.Used)
	for _, s := range opts.Systems {
		v.Systems = append(v.Systems, sysView{ID: s.ID, Name: s.Name, ModelVersion: s.ModelVersion})
	}
	switch {
	case kind == "ai-system":
		v.System = sysView{ID: id, Name: "TODO: the system's name"}
		v.Systems = []sysView{v.System}
	case len(v.Systems) > 0:
		v.System = v.Systems[0]
	default:
		// No AI system yet: a placeholder that aims lint reports until the
		// system's record is written (aims new ai-system).
		v.System = sysView{ID: "SYS-TODO", Name: "the AI system"}
		v.Systems = []sysView{v.System}
	}
	switch kind {
	case "impact-assessment":
		v.System.AIA = id
	case "evaluation":
		v.System.Eval = id
		v.System.TestData = opts.TestData
		if len(v.System.TestData) == 0 {
			// No validation or test dataset of the system yet: a
			// placeholder that aims lint reports until one is named.
			v.System.TestData = []string{"DS-TODO"}
		}
	case "risk-register":
		v.System.Risk = nextID(riskPrefix, append(used, id))
		v.Systems = []sysView{v.System}
	case "statement-of-applicability":
		v.Controls = soaEntries(opts.Artifacts)
	case "audit-programme":
		v.Audit = nextID(auditPrefix, append(used, id))
	case "audit-report":
		v.Audit = "TODO-AUDIT"
		if len(opts.Audits) > 0 {
			v.Audit = opts.Audits[0]
		}
	}
	return execute(templateOf(kind), v)
}

// templateOf returns the template of a kind.
func templateOf(kind string) string {
	if markdownKinds[kind] {
		return kind + ".md.tmpl"
	}
	return kind + ".yaml.tmpl"
}

// A view is what a template renders.
type view struct {
	ID, Kind string
	Org      string // the organization's name, as given
	Date     string // the day of writing, YYYY-MM-DD
	date     time.Time
	Systems  []sysView
	System   sysView    // the system of a document about one
	Audit    string     // the planned audit of an audit programme or report
	Controls []soaEntry // the Statement of Applicability's entries
	Layout   []folder   // the default folders, for .aims.yaml
}

// A sysView is an AI system with the ids of its starter documents.
type sysView struct {
	ID, Name     string
	AIA, Risk    string   // its impact assessment and risk, when known
	Eval         string   // its evaluation, when one is written
	TestData     []string // the datasets its evaluation names
	ModelVersion string   // its model_version, when known
}

// A soaEntry is one Annex A control of the Statement of Applicability.
type soaEntry struct {
	Ref, Title string
	Evidence   []string
}

// A folder is the default folder of a kind.
type folder struct{ Kind, Folder string }

func newView(opts Options) (view, error) {
	if err := CheckName("the organization name", opts.Organization); err != nil {
		return view{}, err
	}
	date := opts.Date
	if date.IsZero() {
		date = time.Now()
	}
	date = time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	v := view{Org: strings.TrimSpace(opts.Organization), Date: date.Format(time.DateOnly), date: date}
	for _, k := range Kinds() {
		v.Layout = append(v.Layout, folder{Kind: k, Folder: layout[k]})
	}
	return v, nil
}

// After returns the date a cycle ("6mo", "12mo", "90d", "1y") after the day of
// writing.
func (v view) After(cycle string) (string, error) { return v.shift(cycle, 1) }

// Before returns the date a cycle before the day of writing.
func (v view) Before(cycle string) (string, error) { return v.shift(cycle, -1) }

// shift returns the day of writing moved by sign times a cycle.
func (v view) shift(cycle string, sign int) (string, error) {
	unit := strings.TrimLeft(cycle, "0123456789")
	n, err := strconv.Atoi(strings.TrimSuffix(cycle, unit))
	if err != nil {
		return "", fmt.Errorf("bad cycle %q", cycle)
	}
	n *= sign
	var t time.Time
	switch unit {
	case "d":
		t = v.date.AddDate(0, 0, n)
	case "w":
		t = v.date.AddDate(0, 0, 7*n)
	case "mo":
		t = v.date.AddDate(0, n, 0)
	case "y":
		t = v.date.AddDate(n, 0, 0)
	default:
		return "", fmt.Errorf("bad cycle %q", cycle)
	}
	return t.Format(time.DateOnly), nil
}

// SystemIDs returns the ids of the systems.
func (v view) SystemIDs() []string {
	out := make([]string, len(v.Systems))
	for i, s := range v.Systems {
		out[i] = s.ID
	}
	return out
}

// soaEntries returns an entry for every Annex A control, with the artifacts
// that evidence it: those of a kind that evidences it by default and those
// that list it (or its heading) in `controls`. Retired artifacts and
// artifacts without an id are left out.
func soaEntries(artifacts []Artifact) []soaEntry {
	cat := rules.DefaultCatalogue()
	var out []soaEntry
	for _, r := range cat.Controls() {
		e := soaEntry{Ref: r.ID, Title: r.Title}
		for _, a := range artifacts {
			if a.ID == "" || a.Status == "retired" || slices.Contains(e.Evidence, a.ID) {
				continue
			}
			if slices.Contains(r.Kinds, a.Kind) || slices.ContainsFunc(a.Controls, func(c string) bool {
				return cat.Valid(c) && slices.Contains(cat.Expand(c), r.ID)
			}) {
				e.Evidence = append(e.Evidence, a.ID)
			}
		}
		out = append(out, e)
	}
	return out
}

// templates are parsed once.
var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"q":     yamlQuote,
	"md":    markdownEscape,
	"ids":   flowList,
	"list":  func(s ...string) []string { return s },
	"lower": strings.ToLower,
}).ParseFS(templateFS, "templates/*.tmpl", "templates/procedures/*.tmpl"))

// execute renders a template, named by its file name (templates in
// templates/procedures/ start with proc- so that names stay unique).
func execute(name string, v view) ([]byte, error) {
	t := templates.Lookup(path.Base(name))
	if t == nil {
		return nil, fmt.Errorf("no template %s", name)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// yamlQuote returns s as a YAML double-quoted scalar on one line: a JSON
// string, which YAML reads as the same text whatever s holds (quotes,
// colons, #, leading dashes or spaces, words YAML 1.1 reads as booleans).
func yamlQuote(s string) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(strings.ToValidUTF8(s, "\uFFFD")); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// markdownEscape escapes the characters that would make text on one line of
// Markdown (a heading, a sentence) anything but plain text: emphasis, code,
// links, HTML and entities, table cells and closing #s. Line breaks are
// refused by CheckName before any name gets here; any left are spaces.
func markdownEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune("\\`*_[]<>&#|~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// flowList writes ids as a YAML flow sequence, [A, B]. Ids are artifact ids
// (letters, digits and hyphens), which need no quotes; anything else is
// quoted.
func flowList(ids []string) (string, error) {
	parts := make([]string, len(ids))
	for i, id := range ids {
		if ValidID(id) {
			parts[i] = id
			continue
		}
		q, err := yamlQuote(id)
		if err != nil {
			return "", err
		}
		parts[i] = q
	}
	return "[" + strings.Join(parts, ", ") + "]", nil
}
