package policy

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aimsdev/aims/lint"
)

func TestSmoke(t *testing.T) {
	rules := `rules:
  - id: ACME-001
    title: high-risk systems name an overseer
    severity: warning
    controls: [A.9.2]
    kinds: [ai-system]
    when: doc.risk_level == 'high'
    expression: has(doc.owner) && doc.owner in roles()
    message: "{{ id }} is high-risk: owner {{ doc.owner }} is not a role"
`
	pfs := fstest.MapFS{"policies/p.yaml": {Data: []byte(rules)}}
	cfg := &lint.Config{}
	s, err := Load(cfg, Options{FS: pfs, Globs: []string{"policies/*.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	repo := fstest.MapFS{
		"systems/a.md": {Data: []byte("---\nid: SYS-A\nkind: ai-system\ntitle: A\nstatus: approved\nowner: nobody\nrisk_level: high\n---\n# A\n")},
	}
	cfg.FS = repo
	cfg.AsOf = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cfg.Rules = []string{"ACME-001"}
	res, err := lint.Run(context.Background(), cfg, s.Rules)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Logf("%s %s %s", f.RuleID, f.Range, f.Message)
	}
}

func TestSmokeErrors(t *testing.T) {
	rules := `rules:
  - id: ACME-001
    title: t
    kinds: [ai-system]
    expression: |
      has(doc.owner) &&
        doc.ownr == 'x'
    message: m
  - id: ACME-002
    title: t
    kinds: [ai-system]
    expression: doc.risk_level + 1
    message: m
`
	pfs := fstest.MapFS{"policies/p.yaml": {Data: []byte(rules)}}
	_, err := Load(&lint.Config{}, Options{FS: pfs, Globs: []string{"policies/*.yaml"}})
	t.Log(err)
}

func TestSmokeField(t *testing.T) {
	rules := `rules:
  - id: ACME-003
    title: extra field
    kinds: [ai-system]
    expression: has_field(doc, 'ethics_board') && field(doc, 'ethics_board') == 'yes'
    message: "{{ path }} has no ethics board"
`
	pfs := fstest.MapFS{"policies/p.yaml": {Data: []byte(rules)}}
	cfg := &lint.Config{}
	s, err := Load(cfg, Options{FS: pfs, Globs: []string{"policies/*.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	cfg.FS = fstest.MapFS{
		"systems/a.md": {Data: []byte("---\nid: SYS-A\nkind: ai-system\ntitle: A\nstatus: approved\nowner: nobody\nethics_board: no\n---\n# A\n")},
		"systems/b.md": {Data: []byte("---\nid: SYS-B\nkind: ai-system\ntitle: B\nstatus: approved\nowner: nobody\nethics_board: 'yes'\n---\n# B\n")},
	}
	cfg.Rules = []string{"ACME-003"}
	res, err := lint.Run(context.Background(), cfg, s.Rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Range.File != "systems/a.md" {
		t.Fatalf("findings %v", res.Findings)
	}
}
