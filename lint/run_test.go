package lint

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aimsdev/aims/artifact"
)

// problemRules report the engine's problems, as package rules does.
func problemRules() []*Rule {
	var rs []*Rule
	for _, id := range []string{artifact.RuleParse, RuleSchema, RuleUnknown, artifact.RuleTooLarge, artifact.RuleLinkEscape, artifact.RuleNotRegular, artifact.RuleNotArtifact, artifact.RuleUnreadable} {
		rs = append(rs, &Rule{ID: id, Title: id, Severity: Error, Controls: []string{"7.5.2"}, Check: func(p *Pass) error {
			for _, d := range p.Documents {
				for _, pr := range d.Problems {
					if pr.RuleID == id {
						p.Report(pr.Range, pr.Message)
					}
				}
			}
			for _, pr := range p.NotArtifacts {
				if pr.RuleID == id {
					p.Report(pr.Range, pr.Message)
				}
			}
			return nil
		}})
	}
	return rs
}

const validSystem = `kind: ai-system
id: SYS-CHAT
title: Support chatbot
status: draft
owner: ai-governance-lead
name: Chat
purpose: answers customer questions
intended_use: customer support
risk_level: limited
lifecycle_stage: operation-and-monitoring
event_logging:
  enabled: true
`

func TestRunFindings(t *testing.T) {
	fsys := fstest.MapFS{
		"systems/chat.yaml": {Data: []byte(validSystem)},
		"systems/bad.yaml": {Data: []byte(strings.Replace(strings.Replace(validSystem, "SYS-CHAT", "SYS-BAD", 1),
			"risk_level: limited", "risk_level: severe", 1))},
		"systems/typo.yaml": {Data: []byte("kind: ai-sytem\nid: SYS-TYPO\n")},
		"notes/readme.md":   {Data: []byte("# just notes\n")},
		"big.yaml":          {Data: []byte("kind: dataset\n" + strings.Repeat("# padding\n", 100))},
		"broken.yaml":       {Data: []byte("kind: dataset\nid: [DS-1\n")},
	}
	cfg := &Config{FS: fsys, MaxFileSize: 500, AsOf: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)}
	res, err := Run(context.Background(), cfg, problemRules())
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		rule, file string
		line, col  int
		msg        string
	}
	// A parse failure comes first: it may explain the other findings.
	wants := []want{
		{artifact.RuleParse, "broken.yaml", 2, 1, "invalid YAML"},
		{artifact.RuleTooLarge, "big.yaml", 0, 0, "over the 500 bytes limit"},
		{RuleSchema, "systems/bad.yaml", 9, 13, "risk_level"},
		{RuleUnknown, "systems/typo.yaml", 1, 7, `did you mean "ai-system"`},
	}
	if len(res.Findings) != len(wants) {
		t.Fatalf("got %d findings, want %d: %+v", len(res.Findings), len(wants), res.Findings)
	}
	for i, w := range wants {
		f := res.Findings[i]
		if f.RuleID != w.rule || f.Range.File != w.file || f.Range.Start.Line != w.line || f.Range.Start.Col != w.col || !strings.Contains(f.Message, w.msg) {
			t.Errorf("finding %d = %s %s %q, want %s %s:%d:%d %q", i, f.RuleID, f.Range, f.Message, w.rule, w.file, w.line, w.col, w.msg)
		}
		if f.Severity != Error || len(f.Controls) == 0 {
			t.Errorf("finding %d: severity %v controls %v", i, f.Severity, f.Controls)
		}
	}
	if !res.Failed() {
		t.Error("want a failed result")
	}
	if len(res.Artifacts) != 5 {
		t.Errorf("artifacts = %+v, want 5 (the notes are not one)", res.Artifacts)
	}
}

func TestRunMissingRequiredPointsAtMapping(t *testing.T) {
	src := "---\nkind: ai-policy\nid: POL-001\ntitle: AI policy\nstatus: approved\nowner: ai-governance-lead\nreview_cycle: 12mo\n---\n# Purpose\n"
	res, err := Run(context.Background(), &Config{FS: fstest.MapFS{"policy.md": {Data: []byte(src)}}}, problemRules())
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, f := range res.Findings {
		msgs = append(msgs, f.Message)
		if f.Range.Start.Line != 2 {
			t.Errorf("%q at line %d, want 2 (the frontmatter mapping)", f.Message, f.Range.Start.Line)
		}
	}
	joined := strings.Join(msgs, "\n")
	for _, want := range []string{"`approved_by` is required when `status` is `approved`", "`approved_on` is required when `status` is `approved`"} {
		if !strings.Contains(joined, want) {
			t.Errorf("messages %q lack %q", joined, want)
		}
	}
}

func TestRunConfig(t *testing.T) {
	fsys := fstest.MapFS{
		"systems/chat.yaml":    {Data: []byte(validSystem)},
		"archive/old.yaml":     {Data: []byte("kind: nosuch\nid: OLD\n")},
		"mapped/untagged.yaml": {Data: []byte("id: DS-X\n")},
		"other/typo.yaml":      {Data: []byte("kind: nosuch\nid: T\n")},
		".aims.yaml":           {Data: []byte("kind: nosuch\n")},
	}
	tests := []struct {
		name  string
		cfg   Config
		rules []string // want these rule ids, in order
		err   string
	}{
		{name: "defaults", rules: []string{RuleUnknown, RuleUnknown}},
		{name: "exclude", cfg: Config{Exclude: []string{"archive/**"}}, rules: []string{RuleUnknown}},
		{name: "include", cfg: Config{Include: []string{"systems/**"}}, rules: nil},
		{name: "kind glob", cfg: Config{Kinds: []KindGlob{{Glob: "mapped/*.yaml", Kind: "dataset"}}, Include: []string{"mapped/**"}, Rules: []string{RuleUnknown}}, rules: nil},
		{name: "rule selection", cfg: Config{Rules: []string{"all", "-" + RuleUnknown}}, rules: nil},
		{name: "unknown rule", cfg: Config{Rules: []string{"AIMS9999"}}, err: "unknown rule AIMS9999"},
		{name: "files", cfg: Config{Files: []string{"other/typo.yaml"}}, rules: []string{RuleUnknown}},
		{name: "under a subfolder", cfg: Config{Under: "other"}, rules: []string{RuleUnknown}},
		{name: "under a subfolder without findings", cfg: Config{Under: "systems"}, rules: nil},
		{name: "under a prefix that is not a folder", cfg: Config{Under: "oth"}, rules: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.FS = fsys
			res, err := Run(context.Background(), &cfg, problemRules())
			if tt.err != "" {
				var ce *ConfigError
				if !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want a ConfigError with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.RuleID)
			}
			if strings.Join(got, ",") != strings.Join(tt.rules, ",") {
				t.Errorf("rules = %v, want %v (%+v)", got, tt.rules, res.Findings)
			}
		})
	}
}

func TestRunSeverityAndFailOn(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": {Data: []byte("kind: nosuch\nid: A\n")}}
	res, err := Run(context.Background(), &Config{FS: fsys, Severity: map[string]Severity{RuleUnknown: Warning}}, problemRules())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Severity != Warning || res.Failed() {
		t.Fatalf("want one warning that does not fail: %+v", res.Findings)
	}
	res, err = Run(context.Background(), &Config{FS: fsys, Severity: map[string]Severity{RuleUnknown: Warning}, FailOn: Warning}, problemRules())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Failed() {
		t.Error("fail_on warning must fail on a warning")
	}
}

func TestRunRuleError(t *testing.T) {
	boom := &Rule{ID: "AIMS9001", Severity: Error, Check: func(*Pass) error { return errors.New("boom") }}
	if _, err := Run(context.Background(), &Config{FS: fstest.MapFS{}}, []*Rule{boom}); err == nil || !strings.Contains(err.Error(), "AIMS9001") {
		t.Fatalf("err = %v, want the rule's error", err)
	}
}

func TestRunDeterministic(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := 0; i < 50; i++ {
		fsys["s/"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+".yaml"] = &fstest.MapFile{Data: []byte("kind: nosuch\nid: X\n")}
	}
	var first []Finding
	for i := 0; i < 5; i++ {
		res, err := Run(context.Background(), &Config{FS: fsys, Workers: 1 + i}, problemRules())
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = res.Findings
			continue
		}
		for j := range first {
			if compareFindings(&first[j], &res.Findings[j]) != 0 {
				t.Fatalf("run %d differs at %d", i, j)
			}
		}
	}
}

func TestRunKindGlobSuppliesKind(t *testing.T) {
	fsys := fstest.MapFS{"mapped/untagged.yaml": {Data: []byte("id: DS-X\ntitle: x\n")}}
	res, err := Run(context.Background(), &Config{FS: fsys, Kinds: []KindGlob{{Glob: "mapped/*.yaml", Kind: "dataset"}}}, problemRules())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Artifacts) != 1 || res.Artifacts[0].Kind != "dataset" {
		t.Fatalf("artifacts = %+v", res.Artifacts)
	}
	for _, f := range res.Findings {
		if f.RuleID != RuleSchema {
			t.Errorf("unexpected %s: %s", f.RuleID, f.Message)
		}
		if strings.Contains(f.Message, "`kind`") {
			t.Errorf("a mapped kind must not be reported missing: %s", f.Message)
		}
	}
	if len(res.Findings) == 0 {
		t.Error("want the missing fields of a dataset")
	}
}

func TestRunConfigFile(t *testing.T) {
	for _, tt := range []struct {
		fsys fstest.MapFS
		want string
	}{
		{fstest.MapFS{".aims.yaml": {Data: []byte("organization: X\n")}}, ".aims.yaml"},
		{fstest.MapFS{"a.yaml": {Data: []byte("kind: nosuch\n")}}, ""},
	} {
		res, err := Run(context.Background(), &Config{FS: tt.fsys}, problemRules())
		if err != nil {
			t.Fatal(err)
		}
		if res.ConfigFile != tt.want {
			t.Errorf("ConfigFile = %q, want %q", res.ConfigFile, tt.want)
		}
	}
}

// TestPassShared checks that rules of one run share what they work out:
// compute runs once per run however many rules ask, and again in the next run.
func TestPassShared(t *testing.T) {
	type key struct{}
	computed := 0
	var got []any
	var mu sync.Mutex
	var rs []*Rule
	for _, id := range []string{"AIMS9901", "AIMS9902", "AIMS9903"} {
		rs = append(rs, &Rule{ID: id, Title: id, Severity: Error, Check: func(p *Pass) error {
			v := p.Shared(key{}, func() any { computed++; return computed })
			mu.Lock()
			got = append(got, v)
			mu.Unlock()
			return nil
		}})
	}
	fsys := fstest.MapFS{"systems/chat.yaml": {Data: []byte(validSystem)}}
	for run := 1; run <= 2; run++ {
		got = nil
		if _, err := Run(context.Background(), &Config{FS: fsys}, rs); err != nil {
			t.Fatal(err)
		}
		if computed != run {
			t.Fatalf("run %d: computed %d times in all, want %d", run, computed, run)
		}
		for _, v := range got {
			if v != run {
				t.Errorf("run %d: a rule got %v, want this run's value %d", run, v, run)
			}
		}
	}
}
