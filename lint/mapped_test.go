package lint_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/internal/gittest"
	"github.com/aimsdev/aims/lint"
)

// mappedConfig is the .aims.yaml of a team that keeps its governance
// documents with its own frontmatter: last_updated for the review date,
// doc-status with its own vocabulary, ISO references written A-7-2,
// numbered documents, and registers whose kind is their layout field.
const mappedConfig = `kinds:
  - glob: "policies/*.md"
    kind: ai-policy
  - glob: "registers/**/*.md"
    field: layout
    values: {proc: procedure}
mappings:
  - kinds: [ai-policy, procedure]
    fields:
      last_updated: last_reviewed
      doc-status: status
      iso-42001_references: controls
    values:
      status:
        Approved-Specification: approved
        Draft: draft
    references:
      - match: '^A-(\d+)-(\d+)$'
        replace: 'A.$1.$2'
  - glob: "policies/**"
    id:
      field: sequence
      template: "pol-{}"
      upper: true
  - glob: "registers/**"
    id:
      field: sequence
      template: "PRC-{}"
`

// mappedFiles is a small repository in that vocabulary; its roles are the
// example's. registers/broken.md holds two mistakes, a status outside the
// mapped vocabulary and a date in another format.
func mappedFiles(t *testing.T) map[string]string {
	t.Helper()
	roles, err := os.ReadFile("../testdata/example-aims/governance/roles.yaml")
	if err != nil {
		t.Fatal(err)
	}
	procedure := func(seq int, status, reviewed string) string {
		return fmt.Sprintf(`---
sequence: %d
layout: proc
title: Raising concerns %d
doc-status: %s
owner: compliance-officers
version: "1.0"
approved_by: ai-governance-lead
approved_on: 2026-03-01
last_updated: %s
review_cycle: 12mo
next_review: 2027-02-28
iso-42001_references: [A-3-3, A-8-3]
---

# Raising concerns

## Purpose

How anyone raises a concern about an AI system, and how it is handled.

## Scope

Every AI system in the scope of the AIMS.

## Steps

1. Record the concern in the case system.
2. Acknowledge it within two working days.

## Records

The case system keeps every concern and its outcome.
`, seq, seq, status, reviewed)
	}
	return map[string]string{
		".aims.yaml":                  mappedConfig,
		"governance/roles.yaml":       string(roles),
		"registers/concerns.md":       procedure(3, "Approved-Specification", "2026-03-01"),
		"registers/other/concerns.md": procedure(4, "Draft", "2026-03-01"),
		"registers/broken.md":         procedure(5, "Aproved", "03/01/2026"),
		"registers/readme.md":         "---\ntitle: not a document of the AIMS\n---\n",
		"registers/list.md":           "---\ntitle: A checklist\nlayout: checklist\nsequence: 9\n---\n",
		"policies/ai-policy.md": `---
sequence: 1
title: AI Policy
doc-status: Approved-Specification
owner: ai-governance-lead
version: "1.0"
approved_by: top-management
approved_on: 2026-03-01
last_updated: 2026-03-01
review_cycle: 12mo
next_review: 2027-02-28
iso-42001_references: [A-2-2, "5.2"]
---

# AI Policy

## Purpose

Why the organization develops and uses AI systems, and within what limits.

## Principles

Fairness, transparency, accountability and human oversight of every AI system.

## Framework for objectives

AI objectives are set each year, measured quarterly and reviewed by top management.

## Roles

The AI Governance Lead runs the AIMS; top management approves this policy.

## Continual improvement

Nonconformities and incidents feed the yearly review of this policy.
`,
	}
}

// TestMappedRepository lints a repository whose frontmatter .aims.yaml
// maps: its documents are artifacts with aims ids, kinds, statuses and
// controls, its mistakes are found at the keys and values as written.
func TestMappedRepository(t *testing.T) {
	dir := t.TempDir()
	gittest.WriteFiles(t, dir, mappedFiles(t))
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.AsOf = time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	res := lintIn(t, cfg)

	var got []string
	for _, a := range res.Artifacts {
		got = append(got, fmt.Sprintf("%s %s %s %s", a.Path, a.Kind, a.ID, a.Status))
	}
	want := []string{
		"governance/roles.yaml roles ROLES approved",
		"policies/ai-policy.md ai-policy POL-1 approved",
		"registers/broken.md procedure PRC-5 Aproved",
		"registers/concerns.md procedure PRC-3 approved",
		"registers/list.md checklist PRC-9 ",
		"registers/other/concerns.md procedure PRC-4 draft",
	}
	if !slices.Equal(got, want) {
		t.Errorf("artifacts:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}

	// Reading and schema findings: only broken.md's two mistakes, each at
	// the user's own key's value.
	got = nil
	for _, f := range res.Findings {
		if strings.HasPrefix(f.RuleID, "AIMS1") && f.Range.File != "" {
			got = append(got, fmt.Sprintf("%s:%d:%d %s", f.Range.File, f.Range.Start.Line, f.Range.Start.Col, f.RuleID))
		}
	}
	want = []string{
		"registers/broken.md:5:13 AIMS1002",  // doc-status: Aproved
		"registers/broken.md:10:15 AIMS1002", // last_updated: 03/01/2026
		"registers/list.md:3:9 AIMS1003",     // layout: checklist
	}
	if !slices.Equal(got, want) {
		t.Errorf("reading findings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	for _, f := range res.Findings {
		if f.RuleID == "AIMS1003" && !strings.Contains(f.Message, "the kind is the value of `layout`") {
			t.Errorf("AIMS1003 %q does not say where the kind comes from", f.Message)
		}
		if f.RuleID == "AIMS3002" || f.RuleID == "AIMS3001" {
			t.Errorf("unexpected %s %s: %s", f.RuleID, f.Range, f.Message)
		}
	}

	// The rewritten controls are evidence, from the approved documents.
	for _, c := range res.Coverage {
		switch c.Ref {
		case "A.2.2":
			if !slices.Contains(c.Evidence, "policies/ai-policy.md") {
				t.Errorf("A.2.2 evidence %v, want the policy", c.Evidence)
			}
		case "A.3.3":
			if !slices.Contains(c.Evidence, "registers/concerns.md") || c.Status != lint.Evidenced {
				t.Errorf("A.3.3 %s evidence %v, want the approved register", c.Status, c.Evidence)
			}
		}
	}
}

// TestChangedOracleMapped checks --changed in a mapped repository against
// a full lint: the partial run's stubs of unchanged files get their kind,
// id and status through the mappings, as the full run's documents do.
func TestChangedOracleMapped(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	base := mappedFiles(t)
	for i := 6; i < 12; i++ { // enough procedures for stubs (more than a few of the kind)
		base[fmt.Sprintf("registers/p%d.md", i)] = strings.Replace(base["registers/concerns.md"], "sequence: 3", fmt.Sprintf("sequence: %d", i), 1)
	}
	changes := []struct {
		name    string
		path    string
		old     string
		new     string
		partial bool
	}{
		{"edit a value", "registers/concerns.md", "Acknowledge it within two working days.", "Acknowledge it within one working day.", true},
		{"break a mapped date", "registers/concerns.md", "last_updated: 2026-03-01", "last_updated: March 2026", true},
		{"mapped status changes", "registers/p6.md", "doc-status: Approved-Specification", "doc-status: Draft", false},
		{"mapped id changes", "registers/p7.md", "sequence: 7", "sequence: 70", false},
		{"mapped controls change", "registers/p8.md", "[A-3-3, A-8-3]", "[A-3-3]", false},
		{"kind field changes", "registers/p9.md", "layout: proc", "layout: procedure", true},
	}
	asOf := time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	for _, ch := range changes {
		t.Run(ch.name, func(t *testing.T) {
			r := gittest.New(t, base)
			r.CommitAll("the repository")
			if !strings.Contains(base[ch.path], ch.old) {
				t.Fatalf("%s does not hold %q", ch.path, ch.old)
			}
			r.Write(map[string]string{ch.path: strings.Replace(base[ch.path], ch.old, ch.new, 1)})
			load := func(changed bool) *lint.Result {
				cfg, err := lint.LoadConfig(r.Dir, "")
				if err != nil {
					t.Fatal(err)
				}
				cfg.AsOf, cfg.Changed = asOf, changed
				return lintIn(t, cfg)
			}
			compareOracle(t, "2026-09-30", ch.partial, load(false), load(true), map[string]bool{ch.path: true})
		})
	}
}
