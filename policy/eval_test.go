package policy

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aimsdev/aims/internal/gittest"
	"github.com/aimsdev/aims/lint"
)

// The test repository: an AI system, the roles, a dataset (the system's
// other dataset is missing) and a risk register.
var (
	sysA = "---\n" + // line 1
		"id: SYS-A\n" + // 2
		"kind: ai-system\n" + // 3
		"title: A\n" + // 4
		"status: approved\n" + // 5
		"owner: overseers\n" + // 6
		"risk_level: high\n" + // 7
		"datasets: [DS-1, DS-2]\n" + // 8
		"next_review: 2026-06-01\n" + // 9
		"ethics_board: 'yes'\n" + // 10
		"---\n# A\n"
	rolesDoc = "kind: roles\nid: ROLES\ntitle: Roles\nstatus: approved\nowner: overseers\nroles:\n" +
		"  - id: overseers\n    members: [ana, bo]\n  - id: empty\n    members: []\n"
	ds1      = "kind: dataset\nid: DS-1\ntitle: D\nstatus: approved\nowner: overseers\nai_systems: [SYS-A]\n"
	register = "kind: risk-register\nid: RSK-REG\ntitle: R\nstatus: approved\nowner: overseers\nrisks:\n" +
		"  - id: RSK-1\n    title: r\n    ai_system: SYS-A\n    likelihood: 2\n    impact: 3\n"
)

func testRepo(system string) fstest.MapFS {
	return fstest.MapFS{
		"systems/a.md":          {Data: []byte(system)},
		"governance/roles.yaml": {Data: []byte(rolesDoc)},
		"data/ds-1.yaml":        {Data: []byte(ds1)},
		"risk/register.yaml":    {Data: []byte(register)},
	}
}

var testAsOf = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// rulesFile writes a rule file of one rule ACME-1: kinds and the lines
// that follow (when, expression, message, field).
func rulesFile(kinds string, lines ...string) string {
	var b strings.Builder
	b.WriteString("rules:\n  - id: ACME-1\n    title: rule one\n    severity: warning\n    controls: [A.9.2]\n    evidences: [A.9.3]\n    kinds: [" + kinds + "]\n")
	for _, l := range lines {
		b.WriteString("    " + l + "\n")
	}
	return b.String()
}

// lintRepo lints repo with the custom rules of src and returns the result
// and the custom rules' findings as "file:line:col message".
func lintRepo(t *testing.T, cfg *lint.Config, src string, repo fstest.MapFS) (*lint.Result, []string) {
	t.Helper()
	res, got, err := tryLint(cfg, src, repo)
	if err != nil {
		t.Fatal(err)
	}
	return res, got
}

// tryLint is lintRepo returning its error, for a goroutine.
func tryLint(cfg *lint.Config, src string, repo fstest.MapFS) (*lint.Result, []string, error) {
	s, err := loadRules(cfg, src, repo)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Dir == "" {
		cfg.FS = repo
	}
	if cfg.AsOf.IsZero() {
		cfg.AsOf = testAsOf
	}
	res, err := lint.Run(context.Background(), cfg, s.Rules)
	if err != nil {
		return nil, nil, err
	}
	var got []string
	for _, f := range res.Findings {
		if strings.HasPrefix(f.RuleID, "ACME-") {
			got = append(got, fmt.Sprintf("%s:%d:%d %s", f.Range.File, f.Range.Start.Line, f.Range.Start.Col, f.Message))
		}
	}
	return res, got, nil
}

func TestEvaluateFindings(t *testing.T) {
	tests := []struct {
		name   string
		system string // the AI system's file; sysA when empty
		rule   []string
		want   []string // "file:line:col message", in order
	}{
		{"at the field the expression names", "", []string{"expression: doc.owner == 'nobody'", "message: '{{ id }}: owner {{ doc.owner }}'"},
			[]string{"systems/a.md:6:8 SYS-A: owner overseers"}},
		{"at a field of a nested path", "", []string{"expression: doc.risk_level != 'high'", "message: m"},
			[]string{"systems/a.md:7:13 m"}},
		{"field overrides", "", []string{"expression: doc.owner == 'nobody'", "message: m", "field: datasets"},
			[]string{"systems/a.md:8:11 m"}},
		{"field the document lacks: the document", "", []string{"expression: 'false'", "message: m", "field: event_logging.enabled"},
			[]string{"systems/a.md:2:1 m"}},
		{"holds: no finding", "", []string{"expression: doc.owner == 'overseers'", "message: m"}, nil},
		{"when false: not judged", "", []string{"when: doc.risk_level == 'low'", "expression: 'false'", "message: m"}, nil},
		{"when true: judged", "", []string{"when: doc.risk_level == 'high'", "expression: 'false'", "message: m"},
			[]string{"systems/a.md:2:1 m"}},
		{"message holes: lists, dates, numbers, variables", "", []string{"expression: 'false'",
			`message: "{{ doc.datasets }} | {{ date(doc.next_review) }} | {{ today }} | {{ size(doc.datasets) }} | {{ path }} {{ kind }} {{ status }} | {{ date('2026-01-01T10:30:00Z') }} | {{ true }}"`},
			[]string{"systems/a.md:2:1 DS-1, DS-2 | 2026-06-01 | 2026-01-01 | 2 | systems/a.md ai-system approved | 2026-01-01T10:30:00Z | true"}},
		{"a hole that fails shows ?", "", []string{"expression: 'false'", "message: 'x {{ field(doc, \"nope\") }} y'"},
			[]string{"systems/a.md:2:1 x ? y"}},
		{"an empty message is the title", "", []string{"expression: 'false'", "message: ''"},
			[]string{"systems/a.md:2:1 rule one"}},
		{"missing field: could not be judged at the document", "", []string{"expression: doc.impact_assessment != ''", "message: m"},
			[]string{`systems/a.md:2:1 rule ACME-1 could not be judged: no field "impact_assessment" in the document: guard it with has(doc.impact_assessment)`}},
		{"guarded with has: judged", "", []string{"expression: has(doc.impact_assessment) && doc.impact_assessment != ''", "message: m"},
			[]string{"systems/a.md:2:1 m"}},
		{"a value against the schema: a clear finding at the field", strings.Replace(sysA, "risk_level: high", "risk_level: [high, low]", 1),
			[]string{"expression: doc.risk_level == 'high'", "message: m"},
			[]string{`systems/a.md:7:13 rule ACME-1 could not be judged: field "risk_level" is a list, the schema says text: fix the document`}},
		{"a number where the schema says text", strings.Replace(sysA, "owner: overseers", "owner: 12", 1),
			[]string{"expression: doc.owner != ''", "message: m"},
			[]string{`systems/a.md:6:8 rule ACME-1 could not be judged: field "owner" is a number, the schema says text`}},
		{"a failing function: could not be judged", "", []string{"expression: date(doc.title) < today", "message: m"},
			[]string{`systems/a.md:4:8 rule ACME-1 could not be judged: date("A"): not a date: write YYYY-MM-DD`}},
		{"other kinds are not judged", "", []string{"expression: kind != 'dataset'", "message: m"}, []string{"data/ds-1.yaml:1:1 m"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := tt.system
			if sys == "" {
				sys = sysA
			}
			kinds := "ai-system"
			if tt.name == "other kinds are not judged" {
				kinds = "dataset"
			}
			_, got := lintRepo(t, &lint.Config{}, rulesFile(kinds, tt.rule...), testRepo(sys))
			if len(got) != len(tt.want) {
				t.Fatalf("findings %q, want %q", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("finding %q, want %q", got[i], tt.want[i])
				}
			}
		})
	}
}

func TestEvaluateFinding(t *testing.T) {
	res, got := lintRepo(t, &lint.Config{}, rulesFile("ai-system", "expression: 'false'", "message: m"), testRepo(sysA))
	if len(got) != 1 {
		t.Fatalf("findings %q", got)
	}
	for _, f := range res.Findings {
		if f.RuleID != "ACME-1" {
			continue
		}
		if f.Severity != lint.Warning || !slices.Equal(f.Controls, []string{"A.9.2"}) {
			t.Errorf("finding %+v: want severity warning, controls [A.9.2]", f)
		}
	}
	if len(res.Held["ACME-1"]) != 0 {
		t.Errorf("held %v by a rule that failed", res.Held)
	}
	res, _ = lintRepo(t, &lint.Config{}, rulesFile("ai-system", "expression: 'true'", "message: m"), testRepo(sysA))
	if !slices.Equal(res.Held["ACME-1"], []string{"systems/a.md"}) {
		t.Errorf("held %v, want ACME-1 on systems/a.md", res.Held)
	}
}

func TestEvaluateFunctions(t *testing.T) {
	tests := []struct {
		expr  string
		holds bool
	}{
		{"artifact('DS-1').ai_systems == ['SYS-A']", true},
		{"artifact('DS-1').kind == 'dataset'", true},
		{"artifact('NOPE').size() == 0", true},
		{"has_artifact('DS-1') && !has_artifact('NOPE')", true},
		{"doc.datasets.all(d, has_artifact(d))", false},
		{"artifacts('dataset').size() == 1 && artifacts('dataset')[0].id == 'DS-1'", true},
		{"artifacts('supplier').size() == 0", true},
		{"members(doc.owner) == ['ana', 'bo']", true},
		{"size(members('empty')) == 0 && size(members('nosuch')) == 0", true},
		{"size(members(doc.owner)) > 2", false},
		{"'overseers' in roles() && roles()['empty'] == [] && !('nosuch' in roles())", true},
		{"risks().exists(r, r.ai_system == id && r.likelihood * r.impact == 6)", true},
		{"risks().size() == 1", true},
		{"date(doc.next_review) == date('2026-06-01')", true},
		{"date(doc.next_review) - days(151) == today", true},
		{"date(doc.next_review) < today + days(30)", false},
		{"date('2026-01-01T00:00:00Z') == today", true},
		{"has_field(doc, 'ethics_board') && field(doc, 'ethics_board') == 'yes'", true},
		{"!has_field(doc, 'nope') && !has_field('text', 'x')", true},
		{"today == timestamp('2026-01-01T00:00:00Z')", true},
		{"id == 'SYS-A' && path == 'systems/a.md' && kind == 'ai-system' && status == 'approved'", true},
		{"doc.title.lowerAscii() == 'a'", true},
		{"doc.?impact_assessment.orValue('none') == 'none'", true},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			src := rulesFile("ai-system", "expression: \""+tt.expr+"\"", "message: did not hold")
			_, got := lintRepo(t, &lint.Config{}, src, testRepo(sysA))
			want := []string(nil)
			if !tt.holds {
				want = []string{"did not hold"}
			}
			var msgs []string
			for _, g := range got {
				_, m, _ := strings.Cut(g, " ")
				msgs = append(msgs, m)
			}
			if !slices.Equal(msgs, want) {
				t.Errorf("findings %q, want %q", got, want)
			}
		})
	}
}

func TestEvaluateLastChange(t *testing.T) {
	rule := rulesFile("ai-system", "expression: last_change(path) < date('2026-01-01')", "message: 'changed {{ last_change(path) }}'")
	t.Run("git history", func(t *testing.T) {
		files := map[string]string{}
		for name, f := range testRepo(sysA) {
			files[name] = string(f.Data)
		}
		r := gittest.New(t, files)
		r.CommitAll("the AIMS") // 2026-01-01 09:00 UTC
		cfg := &lint.Config{Dir: r.Dir, AsOf: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}
		_, got := lintRepo(t, cfg, rule, nil)
		if want := []string{"systems/a.md:2:1 changed 2026-01-01T09:00:00Z"}; !slices.Equal(got, want) {
			t.Errorf("findings %q, want %q", got, want)
		}
	})
	t.Run("no history: skipped with a notification", func(t *testing.T) {
		res, got := lintRepo(t, &lint.Config{}, rule, testRepo(sysA))
		if len(got) != 0 {
			t.Errorf("findings %q, want none", got)
		}
		if !slices.ContainsFunc(res.Notifications, func(n string) bool {
			return strings.Contains(n, "ACME-1") && strings.Contains(n, "last_change()") && strings.Contains(n, "git")
		}) {
			t.Errorf("notifications %q, want one saying ACME-1 was skipped for want of history", res.Notifications)
		}
	})
}

func TestScope(t *testing.T) {
	tests := []struct {
		expr    string
		want    lint.Scope
		history bool // the rule reads the git history (lint.Rule.History)
	}{
		{"has(doc.owner)", lint.ScopeDocument, false},
		{"date(doc.next_review) > today + days(1)", lint.ScopeDocument, false},
		{"has_field(doc, 'x')", lint.ScopeDocument, false},
		{"last_change(path) > today - days(365)", lint.ScopeDocument, true},
		{"has_artifact(doc.owner)", lint.ScopeLinked, false},
		{"artifact(doc.owner).size() > 0", lint.ScopeLinked, false},
		{"size(members(doc.owner)) > 0", lint.ScopeLinked, false},
		{"doc.owner in roles()", lint.ScopeLinked, false},
		{"artifacts('dataset').size() > 0", lint.ScopeRepository, false},
		{"risks().size() > 0 && has_artifact(doc.owner)", lint.ScopeRepository, false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			s, err := loadRules(&lint.Config{}, rulesFile("ai-system", "expression: \""+tt.expr+"\"", "message: m"), nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Rules[0].Scope; got != tt.want {
				t.Errorf("scope %v, want %v", got, tt.want)
			}
			if got := s.Rules[0].History; got != tt.history {
				t.Errorf("History %v, want %v", got, tt.history)
			}
			if s.Rules[0].Timeless {
				t.Error("a custom rule is Timeless")
			}
		})
	}
	// A function called in the message counts too.
	s, err := loadRules(&lint.Config{}, rulesFile("ai-system", "expression: 'true'", "message: '{{ artifacts(\"dataset\").size() }}'"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Rules[0].Scope != lint.ScopeRepository {
		t.Errorf("scope %v with artifacts() in the message, want repository", s.Rules[0].Scope)
	}
}

func TestEvaluateGuardHints(t *testing.T) {
	tests := []struct {
		expr, want string
	}{
		{"doc.impact_assessment != ''", "guard it with has(doc.impact_assessment)"},
		{"doc.event_logging.enabled", "guard it with has(doc.event_logging)"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			_, got := lintRepo(t, &lint.Config{}, rulesFile("ai-system", "expression: \""+tt.expr+"\"", "message: m"), testRepo(sysA))
			if len(got) != 1 || !strings.Contains(got[0], tt.want) {
				t.Errorf("findings %q, want one saying %q", got, tt.want)
			}
		})
	}
	sys := strings.Replace(sysA, "datasets:", "event_logging: {retention: 1y}\ndatasets:", 1)
	_, got := lintRepo(t, &lint.Config{}, rulesFile("ai-system", "expression: doc.event_logging.enabled", "message: m"), testRepo(sys))
	if len(got) != 1 || !strings.Contains(got[0], "guard it with has(doc.event_logging.enabled)") {
		t.Errorf("findings %q, want one saying to guard doc.event_logging.enabled", got)
	}
	reg := strings.Replace(register, "    likelihood: 2\n", "", 1)
	repo := testRepo(sysA)
	repo["risk/register.yaml"] = &fstest.MapFile{Data: []byte(reg)}
	_, got = lintRepo(t, &lint.Config{}, rulesFile("risk-register", "expression: doc.risks.all(r, r.likelihood < 5)", "message: m"), repo)
	if len(got) != 1 || !strings.Contains(got[0], `no field "likelihood"`) || !strings.Contains(got[0], "has(….likelihood)") {
		t.Errorf("findings %q, want one saying to guard likelihood", got)
	}
}
