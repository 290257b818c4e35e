package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// readFrom reads test files from fsys, as Load does.
func readFrom(fsys fstest.MapFS) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) { return fs.ReadFile(fsys, name) }
}

// wantErr checks that errs holds an error that prints as at (file:line:col)
// followed by a message containing each of msgs.
func wantErr(t *testing.T, errs []error, at string, msgs ...string) {
	t.Helper()
	for _, err := range errs {
		s := err.Error()
		if !strings.HasPrefix(s, at+": ") {
			continue
		}
		ok := true
		for _, m := range msgs {
			ok = ok && strings.Contains(s, m)
		}
		if ok {
			return
		}
	}
	t.Errorf("no error at %s saying %q; got:\n%v", at, msgs, errors.Join(errs...))
}

// good is the rest of a valid rule, after its id.
const good = `
    title: t
    kinds: [ai-system]
    expression: has(doc.owner)
    message: m
`

func TestParseFileMistakes(t *testing.T) {
	files := fstest.MapFS{"policies/cases/sys.yaml": {Data: []byte("kind: ai-system\n")}}
	tests := []struct {
		name string
		src  string
		at   string
		msgs []string
	}{
		{"not YAML", "rules:\n\t- id: X\n", "p.yaml:2:1", []string{"not valid YAML"}},
		{"empty", "", "p.yaml", []string{"the rule file is empty", "write `rules:`"}},
		{"only comments", "# rules to come\n", "p.yaml", []string{"the rule file is empty"}},
		{"not a mapping", "- id: ACME-1\n", "p.yaml:1:1", []string{"a rule file is a mapping with `rules:`"}},
		{"unknown top key", "rule:\n  - id: ACME-1\n", "p.yaml:1:1", []string{`unknown key "rule"`, "only `rules:`"}},
		{"rules not a list", "rules: {id: ACME-1}\n", "p.yaml:1:8", []string{"`rules:` must be a list"}},
		{"rule not a mapping", "rules:\n  - ACME-1\n", "p.yaml:2:5", []string{"a rule is a mapping"}},
		{"missing id", "rules:\n  - title: t\n    kinds: [ai-system]\n    expression: 'true'\n    message: m\n", "p.yaml:2:5", []string{"no `id`", "such as ACME-001"}},
		{"missing title", "rules:\n  - id: ACME-1\n    kinds: [ai-system]\n    expression: 'true'\n    message: m\n", "p.yaml:2:5", []string{"ACME-1 has no `title`", "say in a line"}},
		{"missing kinds", "rules:\n  - id: ACME-1\n    title: t\n    expression: 'true'\n    message: m\n", "p.yaml:2:5", []string{"no `kinds`", "such as [ai-system]"}},
		{"empty kinds", "rules:\n  - id: ACME-1\n    title: t\n    kinds: []\n    expression: 'true'\n    message: m\n", "p.yaml:4:12", []string{"`kinds` is empty"}},
		{"kinds a mapping", "rules:\n  - id: ACME-1\n    title: t\n    kinds: {a: b}\n    expression: 'true'\n    message: m\n", "p.yaml:4:12", []string{"`kinds` must be a list"}},
		{"missing expression", "rules:\n  - id: ACME-1\n    title: t\n    kinds: [ai-system]\n    message: m\n", "p.yaml:2:5", []string{"no `expression`", "CEL condition"}},
		{"empty expression", "rules:\n  - id: ACME-1\n    title: t\n    kinds: [ai-system]\n    expression: ''\n    message: m\n", "p.yaml:5:17", []string{"`expression` is empty"}},
		{"missing message", "rules:\n  - id: ACME-1\n    title: t\n    kinds: [ai-system]\n    expression: 'true'\n", "p.yaml:2:5", []string{"no `message`", "{{ doc.id }}"}},
		{"id in aims's namespace", "rules:\n  - id: AIMS0001" + good, "p.yaml:2:9", []string{`"AIMS0001" is not a custom rule id`, "such as ACME-001"}},
		{"id in lower case", "rules:\n  - id: acme-001" + good, "p.yaml:2:9", []string{`"acme-001" is not a custom rule id`}},
		{"id without number", "rules:\n  - id: ACME" + good, "p.yaml:2:9", []string{`"ACME" is not a custom rule id`}},
		{"id not text", "rules:\n  - id: [ACME-1]" + good, "p.yaml:2:9", []string{"`id` must be text"}},
		{"unknown key", "rules:\n  - id: ACME-1" + good + "    titel: u\n", "p.yaml:7:5", []string{`unknown key "titel"`, `did you mean "title"?`}},
		{"unknown key far from all", "rules:\n  - id: ACME-1" + good + "    zzzzzzzzzz: u\n", "p.yaml:7:5", []string{`unknown key "zzzzzzzzzz"`, "use id, title"}},
		{"bad severity", "rules:\n  - id: ACME-1" + good + "    severity: fatal\n", "p.yaml:7:15", []string{"fatal", "error", "warning", "note"}},
		{"tests not a list", "rules:\n  - id: ACME-1" + good + "    tests: {expect: pass}\n", "p.yaml:7:12", []string{"`tests` must be a list"}},
		{"test not a mapping", "rules:\n  - id: ACME-1" + good + "    tests: [pass]\n", "p.yaml:7:13", []string{"a test is a mapping"}},
		{"test without expect", "rules:\n  - id: ACME-1" + good + "    tests:\n      - document: {kind: ai-system}\n", "p.yaml:8:9", []string{"no `expect`", "pass or fail"}},
		{"test with a bad expect", "rules:\n  - id: ACME-1" + good + "    tests:\n      - expect: maybe\n        document: {kind: ai-system}\n", "p.yaml:8:17", []string{"`expect` must be pass or fail"}},
		{"test without document", "rules:\n  - id: ACME-1" + good + "    tests:\n      - expect: pass\n", "p.yaml:8:9", []string{"no document", "`document`", "`markdown`", "`file`"}},
		{"test with an unknown key", "rules:\n  - id: ACME-1" + good + "    tests:\n      - expect: pass\n        documnet: {kind: ai-system}\n", "p.yaml:9:9", []string{`unknown key "documnet" in a test`, `did you mean "document"?`}},
		{"test document not a mapping", "rules:\n  - id: ACME-1" + good + "    tests:\n      - expect: pass\n        document: [a]\n", "p.yaml:9:19", []string{"a test document is a mapping"}},
		{"test with not a list", "rules:\n  - id: ACME-1" + good + "    tests:\n      - expect: pass\n        document: {kind: ai-system}\n        with: {kind: roles}\n", "p.yaml:10:15", []string{"`with` must be a list"}},
		{"test file outside the repository", "rules:\n  - id: ACME-1" + good + "    tests:\n      - expect: pass\n        file: ../../../etc/passwd\n", "policies/p.yaml:9:15", []string{`test file "../../../etc/passwd" is outside the repository`, "beside the rule file"}},
		{"test file absolute", "rules:\n  - id: ACME-1" + good + "    tests:\n      - expect: pass\n        file: /etc/passwd\n", "policies/p.yaml:9:15", []string{"outside the repository"}},
		{"test file missing", "rules:\n  - id: ACME-1" + good + "    tests:\n      - expect: pass\n        file: cases/nosuch.yaml\n", "policies/p.yaml:9:15", []string{"cannot read test file policies/cases/nosuch.yaml"}},
		{"with file outside the repository", "rules:\n  - id: ACME-1" + good + "    tests:\n      - expect: pass\n        file: cases/sys.yaml\n        with: [../../x.yaml]\n", "policies/p.yaml:10:16", []string{"outside the repository"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			display := "p.yaml"
			if strings.HasPrefix(tt.at, "policies/") {
				display = "policies/p.yaml"
			}
			defs, errs := ParseFile("policies/p.yaml", display, []byte(tt.src), readFrom(files))
			if len(errs) == 0 {
				t.Fatalf("no error; rules %v", defs)
			}
			wantErr(t, errs, tt.at, tt.msgs...)
			for _, d := range defs {
				if d.ID == "ACME-1" {
					t.Errorf("the broken rule was kept: %+v", d)
				}
			}
		})
	}
}

func TestParseFileRule(t *testing.T) {
	files := fstest.MapFS{
		"policies/cases/sys.md":     {Data: []byte("---\nkind: ai-system\nid: SYS-A\n---\n# A\n")},
		"policies/cases/roles.yaml": {Data: []byte("kind: roles\n")},
	}
	src := `rules:
  - id: ACME-HR-7
    title: high-risk systems name an overseer
    description: |
      Why it matters.
    severity: warning
    controls: [A.9.2]
    evidences: A.9.3
    kinds: [ai-system, dataset]
    when: doc.risk_level == 'high'
    expression: has(doc.owner)
    message: "{{ id }} has no owner"
    field: owner
    tests:
      - name: inline
        expect: fail
        message: no owner
        document: {kind: ai-system, id: SYS-A}
        with: [{kind: roles, id: ROLES}, cases/roles.yaml]
        as_of: 2026-03-01
      - expect: pass
        markdown: "---\nkind: ai-system\n---\n"
      - expect: pass
        file: cases/sys.md
`
	defs, errs := ParseFile("policies/p.yaml", "p.yaml", []byte(src), readFrom(files))
	if len(errs) > 0 {
		t.Fatal(errors.Join(errs...))
	}
	if len(defs) != 1 {
		t.Fatalf("%d rules", len(defs))
	}
	d := defs[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", d.ID, "ACME-HR-7"},
		{"title", d.Title, "high-risk systems name an overseer"},
		{"description", d.Description, "Why it matters.\n"},
		{"severity", d.Severity, lint.Warning},
		{"controls", strings.Join(d.Controls, ","), "A.9.2"},
		{"evidences", strings.Join(d.Evidences, ","), "A.9.3"},
		{"kinds", strings.Join(d.Kinds, ","), "ai-system,dataset"},
		{"when", d.When, "doc.risk_level == 'high'"},
		{"expression", d.Expression, "has(doc.owner)"},
		{"message", d.Message, "{{ id }} has no owner"},
		{"field", d.Field, "owner"},
		{"file", d.File, "policies/p.yaml"},
		{"range", pos(d.Range().Start), "2:9"},
		{"tests", len(d.Tests), 3},
		{"test 1 name", d.Tests[0].Name, "inline"},
		{"test 1 fail", d.Tests[0].Fail, true},
		{"test 1 message", d.Tests[0].Message, "no owner"},
		{"test 1 as of", d.Tests[0].AsOf, "2026-03-01"},
		{"test 1 with", len(d.Tests[0].With), 2},
		{"test 1 with file", d.Tests[0].With[1].Name, "roles.yaml"},
		{"test 1 document is YAML", strings.Contains(string(d.Tests[0].Document.Src), "id: SYS-A"), true},
		{"test 2 default name", d.Tests[1].Name, "ACME-HR-7 test 2"},
		{"test 2 markdown", d.Tests[1].Document.Name, "test-2.md"},
		{"test 3 file", string(d.Tests[2].Document.Src), "---\nkind: ai-system\nid: SYS-A\n---\n# A\n"},
		{"test 3 at", pos(d.Tests[2].At.Start), "23:9"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestLoadFileMistakes(t *testing.T) {
	rule := func(id string) string {
		return "rules:\n  - id: " + id + good
	}
	tests := []struct {
		name  string
		files fstest.MapFS
		globs []string
		at    string
		msgs  []string
	}{
		{"duplicate ids across files", fstest.MapFS{
			"policies/a.yaml": {Data: []byte(rule("ACME-1"))},
			"policies/b.yaml": {Data: []byte("rules:\n  - id: ACME-2" + good + "  - id: ACME-1" + good)},
		}, []string{"policies/*.yaml"}, "policies/b.yaml:7:9", []string{"rule id ACME-1 is used twice: first at policies/a.yaml:2", "its own id"}},
		{"mistakes of every file", fstest.MapFS{
			"policies/a.yaml": {Data: []byte(rule("ACME-1"))},
			"policies/b.yaml": {Data: []byte(rule("AIMS0001"))},
		}, []string{"policies/*.yaml"}, "policies/b.yaml:2:9", []string{"not a custom rule id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &lint.Config{ConfigPath: ".aims.yaml"}
			_, err := Load(cfg, Options{FS: tt.files, Globs: tt.globs})
			if err == nil {
				t.Fatal("no error")
			}
			wantErr(t, splitJoined(err), tt.at, tt.msgs...)
		})
	}
}

// splitJoined undoes errors.Join.
func splitJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// pos prints a position as line:col.
func pos(p artifact.Position) string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// A glob that matches no file is no error of Load: the run reports it
// (AIMS1013, a warning at its line in .aims.yaml).
func TestLoadGlobMatchingNothing(t *testing.T) {
	files := fstest.MapFS{"policies/a.yaml": {Data: []byte("rules:\n  - id: ACME-1" + good)}}
	s, err := Load(&lint.Config{}, Options{FS: files, Globs: []string{"policies/*.yaml", "rules/*.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rules) != 1 || len(s.Files) != 1 {
		t.Errorf("rules %d from files %q, want ACME-1 from policies/a.yaml", len(s.Rules), s.Files)
	}
}
