package starter

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
	"github.com/aimsdev/aims/schema"
	"go.yaml.in/yaml/v3"
)

// hostile is an organization and system name that breaks naive YAML and
// Markdown: a quote, a colon and space, double quotes, an ampersand (a YAML
// anchor, an HTML entity) and a # (a YAML comment, a Markdown heading).
const hostile = `O'Neil: "AI" & Co #1`

var day = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// writeFiles writes files under a new temporary directory and returns it.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// lintDir lints dir with every rule, as aims lint does, as of asOf.
func lintDir(t *testing.T, dir string, asOf time.Time) *lint.Result {
	t.Helper()
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.AsOf = asOf
	cfg.References = rules.DefaultCatalogue().LintReferences()
	res, err := lint.Run(context.Background(), cfg, rules.All)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// starterOptions are the option sets the tests write a starter AIMS with.
func starterOptions(t *testing.T) map[string]Options {
	t.Helper()
	systems, err := SystemsFrom([]string{"Credit scoring", "Support chatbot", hostile})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]Options{
		"default": {Organization: DefaultOrganization, Date: day},
		"systems": {Organization: "Acme Ltd", Date: day, Systems: systems[:2]},
		"hostile": {Organization: hostile, Date: day, Systems: systems},
	}
}

// TestInitLintsWithoutErrors is the promise of aims init: a fresh starter AIMS
// lints with no error, and its only findings are AIMS4003 warnings (drafts
// are not evidence), one for every clause that requires documented
// information and every Annex A control: none is missing. It holds on the
// day of writing and a year later.
func TestInitLintsWithoutErrors(t *testing.T) {
	cat := rules.DefaultCatalogue()
	var required []string
	for _, r := range cat.References() {
		if r.Control || r.DocumentedInformation {
			required = append(required, r.ID)
		}
	}
	for name, opts := range starterOptions(t) {
		t.Run(name, func(t *testing.T) {
			files, err := Files(opts)
			if err != nil {
				t.Fatal(err)
			}
			dir := writeFiles(t, files)
			for _, asOf := range []time.Time{day, day.AddDate(1, 0, 0)} {
				res := lintDir(t, dir, asOf)
				var flagged []string
				for _, f := range res.Findings {
					if f.RuleID != "AIMS4003" || f.Severity != lint.Warning {
						t.Errorf("as of %s: unexpected finding %s %s at %s: %s", asOf.Format(time.DateOnly), f.RuleID, f.Severity, f.Range, f.Message)
						continue
					}
					flagged = append(flagged, f.Controls...)
				}
				// A clause with several documented-information items, and a
				// requirement each AI system must meet, is flagged once per
				// item or system.
				slices.SortFunc(flagged, rules.CompareIDs)
				flagged = slices.Compact(flagged)
				if !slices.Equal(flagged, required) {
					t.Errorf("AIMS4003 reports %v,\nwant every required clause and control %v", flagged, required)
				}
				if res.Failed() {
					t.Error("the lint fails at fail_on error")
				}
				for _, c := range res.Coverage {
					if c.Status == lint.Missing && slices.Contains(required, c.Ref) {
						t.Errorf("%s has no evidence", c.Ref)
					}
				}
			}
		})
	}
}

// TestFilesAreValid checks every starter file on its own: each artifact
// parses without problems and matches its kind's schema; the rest are the
// configuration and READMEs.
func TestFilesAreValid(t *testing.T) {
	set, err := schema.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, opts := range starterOptions(t) {
		t.Run(name, func(t *testing.T) {
			files, err := Files(opts)
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[string]int{}
			for _, p := range slices.Sorted(maps.Keys(files)) {
				data := files[p]
				if p == lint.ConfigFile {
					var cfg lint.Config
					if err := lint.ParseConfig(&cfg, p, data); err != nil {
						t.Errorf("%s: %v", p, err)
					}
					continue
				}
				d := artifact.ParseDocument(p, data, "")
				if d == nil {
					if path := filepath.Base(p); path != "README.md" {
						t.Errorf("%s is not an artifact", p)
					}
					continue
				}
				checkDocument(t, set, p, d)
				kinds[d.Kind]++
				if d.Status() != "draft" {
					t.Errorf("%s: status %q, want draft", p, d.Status())
				}
			}
			n := max(len(opts.Systems), 1)
			want := map[string]int{
				"aims-scope": 1, "ai-policy": 1, "roles": 1, "ai-objectives": 1, "competence-record": 1,
				"risk-register": 1, "statement-of-applicability": 1, "audit-programme": 1, "management-review": 1,
				"monitoring-report": 1, "audit-report": 1,
				"procedure": len(coreProcedures), "ai-system": n, "impact-assessment": n,
				"dataset": n, "evaluation": n,
			}
			if !maps.Equal(kinds, want) {
				t.Errorf("artifacts by kind %v, want %v", kinds, want)
			}
		})
	}
}

// checkDocument checks that d parsed without problems and matches the schema
// of its kind.
func checkDocument(t *testing.T, set *schema.Set, p string, d *artifact.Document) {
	t.Helper()
	if len(d.Problems) > 0 || d.Data == nil {
		t.Errorf("%s: not parsed: %v", p, d.Problems)
		return
	}
	vs, err := set.Validate(d.Kind, d.Data)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	for _, v := range vs {
		t.Errorf("%s: %s", p, v)
	}
}

// TestDocumentEveryKind renders the template of every kind, as aims new
// does, and checks it parses, matches its schema, has the id asked for and
// is a draft.
func TestDocumentEveryKind(t *testing.T) {
	set, err := schema.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, systems := range [][]System{nil, {{ID: "SYS-CREDIT", Name: hostile}}} {
		for _, kind := range Kinds() {
			if Layout(kind) == "" || Prefix(kind) == "" {
				t.Errorf("%s has no default folder or id prefix", kind)
			}
			id := NextID(kind, nil)
			data, err := Document(kind, id, Options{Organization: hostile, Date: day, Systems: systems})
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			p := Layout(kind) + "/" + FileName(kind, id)
			d := artifact.ParseDocument(p, data, "")
			if d == nil {
				t.Fatalf("%s: not an artifact:\n%s", kind, data)
			}
			checkDocument(t, set, p, d)
			if d.Kind != kind || d.ID != id || d.Status() != "draft" {
				t.Errorf("%s: kind %q, id %q, status %q", p, d.Kind, d.ID, d.Status())
			}
		}
	}
	if _, err := Document("model-card", "MC-001", Options{Organization: "Acme"}); err == nil {
		t.Error("Document wrote a kind it has no template for")
	}
	if _, err := Document("procedure", "proc-1", Options{Organization: "Acme"}); err == nil {
		t.Error("Document accepted an invalid id")
	}
	if _, err := Document("procedure", "PROC-001", Options{Organization: " "}); err == nil {
		t.Error("Document accepted an empty organization")
	}
}

// TestNewDocumentsLint adds one document of every kind to a starter AIMS, with
// what aims new knows of the repository, and lints it: the only errors are
// the TODO values that only the user can fill in (a nonconformity's source)
// and the second roles artifact and Statement of Applicability.
func TestNewDocumentsLint(t *testing.T) {
	opts := starterOptions(t)["systems"]
	files, err := Files(opts)
	if err != nil {
		t.Fatal(err)
	}
	var used []string
	var artifacts []Artifact
	for p, data := range files {
		if d := artifact.ParseDocument(p, data, ""); d != nil && d.Data != nil {
			used = append(used, d.ID)
			artifacts = append(artifacts, Artifact{ID: d.ID, Kind: d.Kind, Status: d.Status(), Controls: d.Strings("controls")})
			for _, l := range [][2]string{{"risk-register", "risks"}, {"audit-programme", "audits"}} {
				if d.Kind != l[0] {
					continue
				}
				for _, it := range d.List(l[1]) {
					used = append(used, it.(map[string]any)["id"].(string))
				}
			}
		}
	}
	opts.Used, opts.Artifacts, opts.Audits = used, artifacts, []string{"AUD-001"}
	opts.Date = day.AddDate(0, 0, 1)
	// aims new names the first system's test data in a new evaluation.
	opts.TestData = []string{"DS-001"}
	wrote := map[string]string{}
	for _, kind := range Kinds() {
		id := NextID(kind, used)
		if slices.Contains(used, id) {
			t.Fatalf("NextID(%s) = %s, which is in use", kind, id)
		}
		data, err := Document(kind, id, opts)
		if err != nil {
			t.Fatal(err)
		}
		p := Layout(kind) + "/" + FileName(kind, id)
		if _, ok := files[p]; ok {
			t.Fatalf("%s would overwrite a starter file", p)
		}
		files[p] = data
		wrote[p] = kind
	}
	res := lintDir(t, writeFiles(t, files), opts.Date)
	expected := map[string]bool{}
	for _, f := range res.Findings {
		if f.Severity != lint.Error {
			continue
		}
		kind := wrote[f.Range.File]
		switch {
		case f.RuleID == "AIMS3002" && kind == "nonconformity" && strings.Contains(f.Message, "TODO-SOURCE"),
			f.RuleID == "AIMS3001" && strings.HasPrefix(f.Range.File, "governance/roles"),
			f.RuleID == "AIMS3007" && strings.HasPrefix(f.Range.File, "risk/s"):
			expected[f.RuleID] = true
		default:
			t.Errorf("%s %s at %s: %s", f.RuleID, f.Severity, f.Range, f.Message)
		}
	}
	if len(expected) != 3 {
		t.Errorf("expected errors for the nonconformity's source, the second roles and the second SoA; got %v", expected)
	}
}

// TestEvaluation checks what a new evaluation takes from the system record:
// its model_version and test data, else placeholders.
func TestEvaluation(t *testing.T) {
	tests := []struct {
		name string
		sys  System
		data []string
		want []string
	}{
		{"known", System{ID: "SYS-CREDIT", Name: "Credit", ModelVersion: "NAS 4.1"}, []string{"DS-OOT", "DS-VAL"},
			[]string{"ai_system: SYS-CREDIT\n", `model_version: "NAS 4.1"`, "datasets: [DS-OOT, DS-VAL]\n", "methods: [performance, fairness, robustness]\n"}},
		{"unknown", System{ID: "SYS-CREDIT", Name: "Credit"}, nil,
			[]string{`model_version: "TODO: `, "datasets: [DS-TODO]\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Document("evaluation", "EVAL-007", Options{Organization: "Acme", Date: day, Systems: []System{tt.sys}, TestData: tt.data})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(data), w) {
					t.Errorf("no %q in\n%s", w, data)
				}
			}
			d := artifact.ParseDocument("evaluations/eval-007.yaml", data, "")
			if d == nil || d.Kind != "evaluation" || len(d.List("metrics")) != 3 {
				t.Errorf("not an evaluation with three metrics:\n%s", data)
			}
		})
	}
}

// TestYAMLQuote checks that quoted text reads back as itself, whatever it
// holds.
func TestYAMLQuote(t *testing.T) {
	for _, s := range []string{
		hostile, "- a list?", "yes", "no", "null", "~", "1.0", "2026-03-01", "  padded  ",
		"tab\there", `back\slash`, "{braces}", "[brackets]", "*alias", "&anchor", "!tag",
		"%directive", "@at", "`tick`", "a: b", "#comment", "a #b", "line\nbreak", "\u2028",
		"emoji 🚀", "<script>&amp;</script>", "'single'", `"double"`, "---", "...", "",
	} {
		q, err := yamlQuote(s)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(q, "\n") {
			t.Errorf("yamlQuote(%q) = %s spans lines", s, q)
		}
		var got map[string]any
		if err := yaml.Unmarshal([]byte("k: "+q+" # comment\n"), &got); err != nil {
			t.Errorf("yamlQuote(%q) = %s: %v", s, q, err)
			continue
		}
		if got["k"] != s {
			t.Errorf("yamlQuote(%q) = %s reads back as %#v", s, q, got["k"])
		}
	}
	if q, _ := yamlQuote("bad \xff byte"); q != `"bad `+"\uFFFD"+` byte"` {
		t.Errorf("invalid UTF-8 quoted as %s", q)
	}
}

// TestHostileNames checks that names the user gives stay what they are in
// the documents: quoted in YAML, escaped in Markdown, never adding a field,
// a heading or a comment.
func TestHostileNames(t *testing.T) {
	names := []string{hostile, "<!-- Acme", "Acme ## Corp", "# Acme", "Acme\\", "*Acme* [x](y) `z` | ~w~ &amp;"}
	for _, name := range names {
		systems, err := SystemsFrom([]string{name})
		if err != nil {
			t.Fatal(err)
		}
		files, err := Files(Options{Organization: name, Date: day, Systems: systems})
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		scope := artifact.ParseDocument("governance/aims-scope.md", files["governance/aims-scope.md"], "")
		if got := scope.String("organization"); got != name {
			t.Errorf("%q: organization reads back as %q", name, got)
		}
		var titles []string
		for _, s := range scope.Sections() {
			if s.Level > 1 {
				titles = append(titles, s.Title)
			}
			if s.Empty {
				t.Errorf("%q: section %q is empty", name, s.Title)
			}
		}
		if want := []string{"Context", "Interested parties", "Scope"}; !slices.Equal(titles, want) {
			t.Errorf("%q: scope sections %q, want %q", name, titles, want)
		}
		sys := artifact.ParseDocument("x.yaml", files["systems/"+FileName("ai-system", systems[0].ID)], "")
		if got := sys.String("name"); got != name {
			t.Errorf("%q: system name reads back as %q", name, got)
		}
		var cfg lint.Config
		if err := lint.ParseConfig(&cfg, ".aims.yaml", files[".aims.yaml"]); err != nil || cfg.Organization != name {
			t.Errorf("%q: .aims.yaml organization %q, %v", name, cfg.Organization, err)
		}
	}
	for _, bad := range []string{"", "  ", "two\nlines", "tab\tbed", "bell\a", "bad \xff"} {
		if _, err := Files(Options{Organization: bad, Date: day}); err == nil {
			t.Errorf("Files accepted the organization %q", bad)
		}
		if _, err := SystemsFrom([]string{bad}); err == nil {
			t.Errorf("SystemsFrom accepted the name %q", bad)
		}
	}
}

func TestMarkdownEscape(t *testing.T) {
	for in, want := range map[string]string{
		"Acme Ltd":     "Acme Ltd",
		hostile:        `O'Neil: "AI" \& Co \#1`,
		"<!-- x -->":   `\<!-- x --\>`,
		"a*b_c`d[e]|f": "a\\*b\\_c\\`d\\[e\\]\\|f",
		`back\slash`:   `back\\slash`,
	} {
		if got := markdownEscape(in); got != want {
			t.Errorf("markdownEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSystemsFrom(t *testing.T) {
	got, err := SystemsFrom([]string{" Credit scoring ", "Support chatbot", "Crédit à la consommation", "日本語", "GPT-4o / RAG", "中文"})
	if err != nil {
		t.Fatal(err)
	}
	want := []System{
		{ID: "SYS-CREDIT-SCORING", Name: "Credit scoring"},
		{ID: "SYS-SUPPORT-CHATBOT", Name: "Support chatbot"},
		{ID: "SYS-CREDIT-A-LA-CONSOMMATION", Name: "Crédit à la consommation"},
		{ID: "SYS-001", Name: "日本語"},
		{ID: "SYS-GPT-4O-RAG", Name: "GPT-4o / RAG"},
		{ID: "SYS-002", Name: "中文"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("SystemsFrom = %v,\nwant %v", got, want)
	}
	long, err := SystemsFrom([]string{strings.Repeat("ab ", 40)})
	if err != nil || len(long[0].ID) > 64 || !ValidID(long[0].ID) {
		t.Errorf("a long name gives %v, %v", long, err)
	}
	if _, err := SystemsFrom([]string{"Credit scoring", "credit-scoring"}); err == nil || !strings.Contains(err.Error(), "SYS-CREDIT-SCORING") {
		t.Errorf("two names with one id: %v", err)
	}
}

func TestNextID(t *testing.T) {
	tests := []struct {
		kind string
		used []string
		want string
	}{
		{"procedure", nil, "PROC-001"},
		{"procedure", []string{"PROC-001", "PROC-011", "PROC-003"}, "PROC-012"},
		{"procedure", []string{"PROC-999"}, "PROC-1000"},
		{"procedure", []string{"PROC-7"}, "PROC-008"},
		{"nonconformity", []string{"NC-2026-001", "NC-2026-002"}, "NC-001"},
		{"risk-register", []string{"RSK-REG", "RSK-004"}, "RSK-REG-001"},
		{"ai-system", []string{"SYS-CREDIT", "SYS-002"}, "SYS-003"},
		{"audit-report", []string{"AR-X", "AR-001-A"}, "AR-001"},
	}
	for _, tt := range tests {
		if got := NextID(tt.kind, tt.used); got != tt.want {
			t.Errorf("NextID(%s, %v) = %s, want %s", tt.kind, tt.used, got, tt.want)
		}
	}
	// A free number is taken even when a longer form of it is in use.
	if got := nextID("RSK", []string{"RSK-001", "RSK-002"}); got != "RSK-003" {
		t.Errorf("nextID(RSK) = %s", got)
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"PROC-001": true, "SYS-CREDIT-SCORING": true, "A": true, "RSK-REG-001": true,
		"": false, "proc-001": false, "1PROC": false, "PROC-": false, "PROC--1": false,
		"PRÖC": false, strings.Repeat("A", 65): false, strings.Repeat("A", 64): true,
	} {
		if got := ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", id, got, want)
		}
	}
}

// TestConfigLayout checks that the .aims.yaml aims init writes names the
// default folder of every kind, and that lint reads it back.
func TestConfigLayout(t *testing.T) {
	files, err := Files(Options{Organization: "Acme", Date: day})
	if err != nil {
		t.Fatal(err)
	}
	var cfg lint.Config
	if err := lint.ParseConfig(&cfg, ".aims.yaml", files[".aims.yaml"]); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, k := range Kinds() {
		want[k] = Layout(k)
	}
	if !maps.Equal(cfg.Layout, want) {
		t.Errorf("layout %v,\nwant %v", cfg.Layout, want)
	}
	if cfg.FailOn != lint.Error || cfg.Organization != "Acme" {
		t.Errorf("fail_on %v, organization %q", cfg.FailOn, cfg.Organization)
	}
}

// TestConfigLayoutErrors checks the validation of layout in .aims.yaml.
func TestConfigLayoutErrors(t *testing.T) {
	for src, msg := range map[string]string{
		"layout: {procedur: docs}\n":       `did you mean "procedure"`,
		"layout: {widget: docs}\n":         "use one of aims-scope",
		"layout: {Procedure: docs}\n":      "not a kind name",
		"layout: {procedure: ../docs}\n":   "outside the repository",
		"layout: {procedure: /docs}\n":     "not relative",
		"layout: {procedure: 'C:/docs'}\n": "not relative",
		"layout: {procedure: 'a\\b'}\n":    "forward slashes",
		"layout: {procedure: .git/x}\n":    "inside .git",
		"layout: {procedure: ''}\n":        "empty",
		"layout: {procedure: [docs]}\n":    "text",
		"layout: procedures\n":             "mapping",
		"custom_kinds: [{name: model-card, schema: m.json}]\nlayout: {model-card: cards}\n": "custom kind",
	} {
		var cfg lint.Config
		err := lint.ParseConfig(&cfg, ".aims.yaml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), msg) || !strings.HasPrefix(err.Error(), ".aims.yaml:") {
			t.Errorf("%q: error %v, want one at a line that says %q", src, err, msg)
		}
	}
	var cfg lint.Config
	if err := lint.ParseConfig(&cfg, ".aims.yaml", []byte("layout: {procedure: ./docs/procs/, incident: .}\n")); err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"procedure": "docs/procs", "incident": "."}; !maps.Equal(cfg.Layout, want) {
		t.Errorf("layout %v, want %v", cfg.Layout, want)
	}
}

// TestAfter checks the dates the templates plan.
func TestAfter(t *testing.T) {
	v := view{date: day}
	for cycle, want := range map[string]string{"3mo": "2026-06-01", "12mo": "2027-03-01", "1y": "2027-03-01", "90d": "2026-05-30", "2w": "2026-03-15"} {
		if got, err := v.After(cycle); err != nil || got != want {
			t.Errorf("After(%s) = %s, %v; want %s", cycle, got, err, want)
		}
	}
	if got, _ := v.Before("3mo"); got != "2025-12-01" {
		t.Errorf("Before(3mo) = %s", got)
	}
	if _, err := v.After("soon"); err == nil {
		t.Error("After accepted a bad cycle")
	}
}
