package policy

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aimsdev/aims/lint"
)

// testRule is a rule file with one rule and the given tests.
func testRule(expression, tests string) string {
	return `rules:
  - id: ACME-1
    title: systems name a purpose
    kinds: [ai-system]
    expression: ` + expression + `
    message: "{{ id }} has no purpose"
    tests:
` + tests
}

const sys = `{kind: ai-system, id: SYS-A, title: A, status: draft, owner: lead}`
const sysPurpose = `{kind: ai-system, id: SYS-A, title: A, status: draft, owner: lead, purpose: scoring}`

func TestSetTest(t *testing.T) {
	tests := []struct {
		name       string
		expression string
		tests      string
		files      map[string]string // more files of the AIMS root
		ok         bool
		skipped    bool
		why        string // part of Why
		where      string
	}{
		{name: "pass holds", expression: "has(doc.purpose)", ok: true, where: "policies/p.yaml:8",
			tests: "      - {expect: pass, document: " + sysPurpose + "}\n"},
		{name: "fail reported", expression: "has(doc.purpose)", ok: true,
			tests: "      - {expect: fail, message: has no purpose, document: " + sys + "}\n"},
		{name: "pass reported", expression: "has(doc.purpose)", why: `expected no finding, got "SYS-A has no purpose"`,
			tests: "      - {expect: pass, document: " + sys + "}\n"},
		{name: "fail holds", expression: "has(doc.purpose)", why: "expected a finding, got none",
			tests: "      - {expect: fail, document: " + sysPurpose + "}\n"},
		{name: "wrong message", expression: "has(doc.purpose)", why: `expected a finding containing "overseer", got "SYS-A has no purpose"`,
			tests: "      - {expect: fail, message: overseer, document: " + sys + "}\n"},
		{name: "could not be judged", expression: "doc.purpose != ''", why: "but the rule could not judge the document",
			tests: "      - {expect: pass, document: " + sys + "}\n"},
		{name: "could not be judged is no failure either", expression: "doc.purpose != ''", why: "expected a finding, but the rule could not judge",
			tests: "      - {expect: fail, document: " + sys + "}\n"},
		{name: "other kind", expression: "has(doc.purpose)", why: `of kind "dataset", which the rule does not judge`,
			tests: "      - {expect: pass, document: {kind: dataset, id: DS-A, title: A, status: draft, owner: lead}}\n"},
		{name: "bad as_of", expression: "has(doc.purpose)", why: `as_of "soon" is not a date`,
			tests: "      - {expect: pass, as_of: soon, document: " + sysPurpose + "}\n"},
		{name: "as_of sets today", expression: "today == date('2026-05-04')", ok: true,
			tests: "      - {expect: pass, as_of: 2026-05-04, document: " + sysPurpose + "}\n"},
		{name: "default date", expression: "today == date('2026-01-01')", ok: true,
			tests: "      - {expect: pass, document: " + sysPurpose + "}\n"},
		{name: "with documents", expression: "size(members(doc.owner)) > 0", ok: true,
			tests: "      - {expect: pass, document: " + sys + ", with: [{kind: roles, id: R, title: R, status: draft, owner: lead, roles: [{id: lead, title: L, responsibilities: [x], authority: [y], members: [Ann]}]}]}\n"},
		{name: "last_change skipped", expression: "last_change(path) < today", skipped: true, why: "the rule was skipped",
			tests: "      - {expect: pass, document: " + sys + "}\n"},
		{name: "folder pass", expression: "size(members(doc.owner)) > 0", ok: true, where: "policies/p.tests/ACME-1/pass/a.yaml",
			files: map[string]string{
				"policies/p.tests/ACME-1/pass/a.yaml":     "kind: ai-system\nid: SYS-A\ntitle: A\nstatus: draft\nowner: lead\n",
				"policies/p.tests/ACME-1/with/roles.yaml": "kind: roles\nid: R\ntitle: R\nstatus: draft\nowner: lead\nroles:\n  - {id: lead, title: L, responsibilities: [x], authority: [y], members: [Ann]}\n",
			}},
		{name: "folder fail", expression: "has(doc.purpose)", why: "expected a finding, got none", where: "policies/p.tests/ACME-1/fail/a.md",
			files: map[string]string{"policies/p.tests/ACME-1/fail/a.md": "---\nkind: ai-system\nid: SYS-A\ntitle: A\nstatus: draft\nowner: lead\npurpose: x\n---\n# A\n"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := testRule(tc.expression, tc.tests)
			if tc.tests == "" {
				src = strings.TrimSuffix(src, "    tests:\n")
			}
			fsys := fstest.MapFS{"policies/p.yaml": {Data: []byte(src)}}
			for p, s := range tc.files {
				fsys[p] = &fstest.MapFile{Data: []byte(s)}
			}
			cfg := &lint.Config{FS: fsys}
			set, err := Load(cfg, Options{FS: fsys, Globs: []string{"policies/*.yaml"}})
			if err != nil {
				t.Fatal(err)
			}
			res, err := set.Test(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if len(res) != 1 {
				t.Fatalf("got %d results, want 1: %+v", len(res), res)
			}
			r := res[0]
			if r.OK != tc.ok || r.Skipped != tc.skipped || !strings.Contains(r.Why, tc.why) {
				t.Errorf("got ok %v, skipped %v, why %q; want ok %v, skipped %v, why containing %q", r.OK, r.Skipped, r.Why, tc.ok, tc.skipped, tc.why)
			}
			if tc.where != "" && r.Where != tc.where {
				t.Errorf("where %q, want %q", r.Where, tc.where)
			}
		})
	}
}

func TestFolderTestsErrors(t *testing.T) {
	rule := "rules:\n  - {id: ACME-1, title: t, kinds: [ai-system], expression: 'true', message: m}\n"
	tests := []struct {
		name, file, want string
	}{
		{"unknown rule", "policies/p.tests/ACME-2/pass/a.yaml", "policies/p.tests/ACME-2: tests folder policies/p.tests/ACME-2 names no rule of policies/p.yaml"},
		{"file directly in the folder", "policies/p.tests/a.yaml", "a file directly in policies/p.tests"},
		{"unexpected folder", "policies/p.tests/ACME-1/passes/a.yaml", "unexpected passes in a rule's tests folder: use pass/, fail/ and with/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"policies/p.yaml": {Data: []byte(rule)}, tc.file: {Data: []byte("kind: ai-system\n")}}
			_, err := Load(&lint.Config{}, Options{FS: fsys, Globs: []string{"policies/*.yaml"}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestSelect(t *testing.T) {
	src := "rules:\n  - {id: ACME-1, title: t, kinds: [ai-system], expression: 'true', message: m}\n  - {id: ACME-2, title: t, kinds: [ai-system], expression: 'true', message: m}\n"
	fsys := fstest.MapFS{"policies/p.yaml": {Data: []byte(src)}}
	set, err := Load(&lint.Config{}, Options{FS: fsys, Globs: []string{"policies/*.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	sub := set.Select(func(id string) bool { return id == "ACME-2" })
	if len(sub.Defs) != 1 || sub.Defs[0].ID != "ACME-2" || sub.Rules[0].ID != "ACME-2" {
		t.Fatalf("Select kept %v", sub.Defs)
	}
}
