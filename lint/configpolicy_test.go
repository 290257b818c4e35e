package lint

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/schema"
)

func TestCustomRuleID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"ACME-001", true},
		{"ACME-HR-7", true},
		{"A-1", true},
		{"AIM-1", true},
		{"AIMX-1", true},
		{"X9-Y", true},
		{"BAIMS-1", true},
		{"ACME-AIMS1234", true},
		{"AIMS-1", false},   // AIMS is the built-in rules' prefix
		{"AIMSX-1", false},  // so is every id starting with it
		{"AIMS1234", false}, // a built-in id, not a custom one
		{"AIMS1234-1", false},
		{"ACME", false}, // one part
		{"ACME001", false},
		{"acme-001", false},
		{"Acme-001", false},
		{"1ACME-001", false},
		{"ACME--001", false},
		{"ACME-001-", false},
		{"-ACME-001", false},
		{"ACME_001", false},
		{"ACME 001", false},
		{"ACME-001\n", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := CustomRuleID(tt.id); got != tt.want {
			t.Errorf("CustomRuleID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

// TestRuleIDSchema checks that the configuration schema accepts, in rules,
// severity and suppressions, exactly the built-in ids and the ids
// CustomRuleID accepts.
func TestRuleIDSchema(t *testing.T) {
	set, err := schema.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"AIMS1234", "AIMS123", "AIMS12345", "ACME-001", "ACME-HR-7", "AIMS-1", "AIMS1234-1", "acme-1", "ACME", "A-1"}
	// Every id of up to four letters from A, I, M, S, X and a digit, with
	// and without a second part: the prefixes around AIMS.
	alphabet := []string{"A", "I", "M", "S", "X", "1"}
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		if prefix != "" {
			ids = append(ids, prefix, prefix+"-1", prefix+"-A-2")
		}
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			grow(prefix+c, n-1)
		}
	}
	grow("", 5)
	builtin := func(id string) bool {
		return len(id) == 8 && strings.HasPrefix(id, "AIMS") && strings.Trim(id[4:], "0123456789") == ""
	}
	for _, id := range ids {
		want := builtin(id) || CustomRuleID(id)
		cfg := map[string]any{
			"rules":        []any{id, "-" + id},
			"severity":     map[string]any{id: "warning"},
			"suppressions": []any{map[string]any{"rule": id, "path": "x.md", "reason": "r"}},
		}
		vs, err := set.ValidateConfig(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(vs) == 0; got != want {
			t.Errorf("%q: the schema accepts it %v, want %v (%v)", id, got, want, vs)
		}
		if !want && len(vs) != 4 {
			t.Errorf("%q: %d violations, want one in each of rules (2), severity and suppressions: %v", id, len(vs), vs)
		}
	}
}

func TestPolicyPath(t *testing.T) {
	cfg := &Config{Policies: []string{"policies/*.yaml", "rules/**/*.yml", "single.yaml"}}
	tests := []struct {
		path string
		want bool
	}{
		{"policies/hr.yaml", true},
		{"policies/hr.tests/case.yaml", true},
		{"policies/hr.tests/pass/deep/sys.md", true},
		{"rules/a/b/c.yml", true},
		{"rules/a/b/c.tests/x.yaml", true},
		{"single.yaml", true},
		{"deep/single.yaml", true}, // a glob without a slash matches the name at any depth
		{"single.tests/x.md", true},
		{"policies/hr.md", false},
		{"policies/hr.tests.yaml", true}, // a rule file by its name
		{"policies/hr.tests.md", false},
		// NAME.tests beside a NAME.yaml the glob matches, whether or not
		// that file exists.
		{"policies/other.tests/x.yaml", true},
		{"policies/sub/hr.yaml", false},
		{"policies/sub/hr.tests/x.yaml", false},
		{"rules/a/c.tests/x.yaml", true},
		{"rules/a/c.test/x.yaml", false},
		{"policies/.tests/x.yaml", false},
		{".tests/x.yaml", false},
		{"systems/chat.yaml", false},
	}
	for _, tt := range tests {
		if got := cfg.PolicyPath(tt.path); got != tt.want {
			t.Errorf("PolicyPath(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
	if (&Config{}).PolicyPath("policies/hr.yaml") {
		t.Error("without policies, no file is a rule file")
	}
}

func TestParseConfigPolicies(t *testing.T) {
	src := `include: ["**"]
policies:
  - policies/*.yaml
  - "governance/**/rules.yml"
rules: [all, -ACME-001, ACME-HR-7]
severity: {ACME-001: note, AIMS1004: warning}
suppressions:
  - rule: ACME-HR-7
    path: "legacy/*.yaml"
    reason: kept for the record
`
	var cfg Config
	if err := ParseConfig(&cfg, "conf/aims.yaml", []byte(src)); err != nil {
		t.Fatal(err)
	}
	cfg.setSourceFile("conf/aims.yaml")
	checks := []struct {
		name      string
		got, want any
	}{
		{"policies", strings.Join(cfg.Policies, ","), "policies/*.yaml,governance/**/rules.yml"},
		{"first at", cfg.PolicyAt(0), artifact.Range{File: "conf/aims.yaml", Start: artifact.Position{Line: 3, Col: 5}, End: artifact.Position{Line: 3, Col: 20}}},
		{"second at", cfg.PolicyAt(1).Start, artifact.Position{Line: 4, Col: 5}},
		{"out of range", cfg.PolicyAt(2), artifact.Range{}},
		{"negative", cfg.PolicyAt(-1), artifact.Range{}},
		{"rules", strings.Join(cfg.Rules, ","), "all,-ACME-001,ACME-HR-7"},
		{"custom severity", cfg.Severity["ACME-001"], Note},
		{"built-in severity", cfg.Severity["AIMS1004"], Warning},
		{"suppression", cfg.Suppressions[0].Rule, "ACME-HR-7"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
	if (&Config{Policies: []string{"p/*.yaml"}}).PolicyAt(0) != (artifact.Range{}) {
		t.Error("a configuration built in code has no position")
	}
}

func TestParseConfigPolicyErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"bad policies glob", "policies:\n  - ok/*.yaml\n  - \"bad[/*.yaml\"\n", 3, 5, `policies: invalid glob "bad[/*.yaml": check its brackets`},
		{"bad include glob", "include: [\"a/**\", \"[x\"]\n", 1, 19, `include: invalid glob "[x"`},
		{"bad exclude glob", "exclude:\n  - \"x]/[\"\n", 2, 5, `exclude: invalid glob "x]/["`},
		{"policies not a list", "policies: policies/*.yaml\n", 1, 11, "policies"},
		{"AIMS prefix in rules", "rules: [-AIMS-1]\n", 1, 9, "rules[0]"},
		{"AIMS prefix in severity", "severity: {AIMSX-1: error}\n", 1, 21, "AIMSX-1"},
		{"lower case in suppression", "suppressions:\n  - rule: acme-001\n    path: x\n    reason: r\n", 2, 11, "acme-001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantParseErrorAt(t, tt.src, tt.line, tt.col, tt.msg)
		})
	}
}

// policyFS is a repository with rule files, their tests and documents; every
// file but systems/chat.yaml has a problem a problem rule reports.
func policyFS() fstest.MapFS {
	return fstest.MapFS{
		".aims.yaml":                       {Data: []byte("policies: [policies/*.yaml, extra/*.yml]\n")},
		"systems/chat.yaml":                {Data: []byte(validSystem)},
		"policies/hr.yaml":                 {Data: []byte("kind: rules\nrules:\n  - id: ACME-001\n    expr: 'true'\n")},
		"policies/hr.tests/unknown.yaml":   {Data: []byte("kind: nosuch\nid: X\n")},
		"policies/hr.tests/fail/sys.yaml":  {Data: []byte("kind: ai-system\nid: SYS-X\n")},
		"policies/hr.tests/fail/broken.md": {Data: []byte("---\nkind: [\n---\n")},
		"policies/hr.tests/notes/guide.md": {Data: []byte("---\nkind: procedure\n---\n# How the tests work\n")},
		"extra/more.yml":                   {Data: []byte("kind: [\n")},
		"extra/more.tests/a.yaml":          {Data: []byte("kind: nosuch\n")},
		"drafts/x.tests/a.yaml":            {Data: []byte("kind: nosuch\nid: D\n")}, // no rule file beside it
	}
}

// TestRunPolicyFiles checks that rule files and their tests are neither
// loaded nor flagged, while the same files are without policies.
func TestRunPolicyFiles(t *testing.T) {
	byFile := func(cfg *Config) (map[string][]string, []string) {
		t.Helper()
		res, err := Run(context.Background(), cfg, append(problemRules(), &Rule{ID: RuleUnmatched, Severity: Warning, Check: func(*Pass) error { return nil }}))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, f := range res.Findings {
			got[f.Range.File] = append(got[f.Range.File], f.RuleID)
		}
		var docs []string
		for _, d := range res.Documents {
			docs = append(docs, d.Path)
		}
		return got, docs
	}
	fsys := policyFS()
	var cfg Config
	if err := ParseConfig(&cfg, ".aims.yaml", fsys[".aims.yaml"].Data); err != nil {
		t.Fatal(err)
	}
	cfg.FS = fsys
	got, docs := byFile(&cfg)
	want := map[string][]string{"drafts/x.tests/a.yaml": {RuleUnknown}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings by file = %v, want %v", got, want)
	}
	if strings.Join(docs, " ") != "drafts/x.tests/a.yaml systems/chat.yaml" {
		t.Errorf("documents = %v: rule files and their tests are not loaded", docs)
	}

	// Without policies, every one of those files has a finding: the test
	// above fails if they are not left out.
	without, _ := byFile(&Config{FS: fsys})
	for p := range fsys {
		if p != ".aims.yaml" && p != "systems/chat.yaml" && len(without[p]) == 0 {
			t.Errorf("%s has no finding without policies: the fixture does not test that it is left out (%v)", p, slices.Sorted(maps.Keys(without)))
		}
	}
}

// TestRunPolicyUnmatched checks AIMS1013 for a policies glob: a glob that
// matches a rule file is matched though rule files are never artifacts, and
// one that matches no file at all is reported at its line.
func TestRunPolicyUnmatched(t *testing.T) {
	fsys := policyFS()
	fsys[".aims.yaml"] = &fstest.MapFile{Data: []byte("policies:\n  - policies/*.yaml\n  - polices/*.yaml\n  - nowhere/**/*.yaml\nexclude: [\"extra/**\"]\n")}
	var cfg Config
	if err := ParseConfig(&cfg, ".aims.yaml", fsys[".aims.yaml"].Data); err != nil {
		t.Fatal(err)
	}
	cfg.setSourceFile(ConfigFile)
	cfg.FS = fsys
	cfg.Rules = []string{RuleUnmatched}
	noop := func(*Pass) error { return nil }
	res, err := Run(context.Background(), &cfg, []*Rule{{ID: RuleUnmatched, Severity: Warning, Check: noop}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s %s %s", f.Range, f.RuleID, f.Message))
	}
	want := []string{
		`.aims.yaml:3:5 AIMS1013 policies: the glob "polices/*.yaml" matches no Markdown or YAML file, so no rule file is read through it: did you mean "policies/*.yaml"?`,
		`.aims.yaml:4:5 AIMS1013 policies: the glob "nowhere/**/*.yaml" matches no Markdown or YAML file, so no rule file is read through it: check it against the paths, relative to the linted folder, or remove it`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRunCustomRuleIDs checks that a custom rule's id is accepted in rules,
// severity and suppressions when the rule is among those run, and is the
// same clear error as an unknown built-in id when it is not.
func TestRunCustomRuleIDs(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml": {Data: []byte("kind: nosuch\nid: A\n")},
		"b.yaml": {Data: []byte("kind: nosuch\nid: B\n")},
	}
	custom := func() *Rule {
		return &Rule{ID: "ACME-001", Title: "every document fires", Severity: Error, Check: func(p *Pass) error {
			for _, d := range p.Documents {
				p.Report(d.Locate("id"), "every document fires")
			}
			return nil
		}}
	}
	load := func(t *testing.T, src string) *Config {
		t.Helper()
		var cfg Config
		if err := ParseConfig(&cfg, ".aims.yaml", []byte(src)); err != nil {
			t.Fatal(err)
		}
		cfg.setSourceFile(ConfigFile)
		cfg.FS = fsys
		return &cfg
	}
	const selectOff = "rules: [all, -ACME-001]\n"
	const severity = "severity: {ACME-001: warning}\n"
	const suppression = "suppressions:\n  - rule: ACME-001\n    path: a.yaml\n    reason: accepted\n"
	rules := func(extra ...*Rule) []*Rule {
		return append(append(problemRules(), suppressionRules()[:2]...), extra...)
	}

	t.Run("accepted", func(t *testing.T) {
		res, err := Run(context.Background(), load(t, selectOff), rules(custom()))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.RuleID == "ACME-001" {
				t.Errorf("ACME-001 is switched off, but reported %s", f.Range)
			}
		}
		res, err = Run(context.Background(), load(t, severity+suppression), rules(custom()))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			if f.RuleID == "ACME-001" {
				got = append(got, fmt.Sprintf("%s %s %v", f.Range.File, f.Severity, f.Suppressed != nil))
			}
		}
		if want := "a.yaml warning true,b.yaml warning false"; strings.Join(got, ",") != want {
			t.Errorf("ACME-001 findings = %v, want %s", got, want)
		}
	})

	t.Run("unknown", func(t *testing.T) {
		for _, tt := range []struct{ name, src, want string }{
			{"rules, custom", selectOff, ".aims.yaml:1:14: rules: unknown rule ACME-001: run `aims rules` for the list; a custom rule such as ACME-001 is defined in a rule file that policies names"},
			{"rules, built-in", "rules: [AIMS9999]\n", ".aims.yaml:1:9: rules: unknown rule AIMS9999: run `aims rules` for the list"},
			{"severity, custom", severity, ".aims.yaml:1:12: severity: unknown rule ACME-001: run `aims rules` for the list; a custom rule such as ACME-001 is defined in a rule file that policies names"},
			{"severity, built-in", "severity: {AIMS9999: note}\n", ".aims.yaml:1:12: severity: unknown rule AIMS9999: run `aims rules` for the list"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := Run(context.Background(), load(t, tt.src), rules())
				var ce *ConfigError
				if !errors.As(err, &ce) || err.Error() != tt.want {
					t.Errorf("err = %v, want a ConfigError %q", err, tt.want)
				}
			})
		}
		res, err := Run(context.Background(), load(t, suppression), rules())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			if f.RuleID == RuleSuppressionUnused {
				got = append(got, fmt.Sprintf("%d:%d %s", f.Range.Start.Line, f.Range.Start.Col, f.Message))
			}
		}
		if want := "2:5 the suppression names ACME-001, which is not a rule: check the id with `aims rules`"; strings.Join(got, ",") != want {
			t.Errorf("AIMS1007 findings = %v, want %q", got, want)
		}
	})
}

// TestPlanPartialRuleFile checks that a change to a rule file makes a
// --changed or --base run lint everything, and a change to its tests does
// not by itself.
func TestPlanPartialRuleFile(t *testing.T) {
	cfg := &Config{Policies: []string{"policies/*.yaml"}}
	part, why, err := planPartial(context.Background(), cfg, &tree{}, nil, &change{paths: map[string]bool{"policies/hr.yaml": true}}, nil)
	if err != nil || part != nil || why != "a rule file changed" {
		t.Errorf("planPartial = %v, %q, %v; want nil, \"a rule file changed\"", part, why, err)
	}
	_, why, err = planPartial(context.Background(), cfg, &tree{}, nil, &change{paths: map[string]bool{"policies/hr.tests/a.yaml": true}}, nil)
	if err != nil || why == "a rule file changed" {
		t.Errorf("a change to a rule file's tests: planPartial = %q, %v", why, err)
	}
}
