package lint

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
)

// The fuzz targets of the configuration and suppressions; those of the
// document parsers are in package artifact. Each runs its seeds (the f.Add
// calls and testdata/fuzz/FuzzX) in every go test; .ci/fuzz runs each one
// briefly with -fuzz.

// withinLines fails t when p names a line that src does not have. Line 0
// means no line (a problem about the whole file).
func withinLines(t *testing.T, what string, p artifact.Position, src []byte) {
	t.Helper()
	if p.Line < 0 || p.Line > lastLine(src) || p.Col < 0 {
		t.Fatalf("%s at %d:%d, outside the input's %d lines", what, p.Line, p.Col, lastLine(src))
	}
}

// lastLine is the number of the last line of src, as package artifact
// counts it for the positions of YAML errors.
func lastLine(src []byte) int {
	return bytes.Count(src, []byte("\n")) + 1
}

// FuzzParseConfig parses arbitrary .aims.yaml files: an error is a
// *ConfigError naming the file and a line it has; a configuration that parses
// has valid globs, layout folders inside the repository, a size that is not
// negative and suppressions at lines of the file; parsing twice gives the
// same configuration.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		"organization: Acme\ninclude: [\"**/*.md\"]\nexclude: [drafts/**]\n",
		"kinds:\n  - glob: systems/*.yaml\n    kind: ai-system\n",
		"custom_kinds:\n  - name: model-card\n    schema: schemas/mc.json\n    sections: [Limits]\n",
		"layout:\n  incident: ../out\n",
		"layout:\n  incident: operations/incidents\n  procedure: .\n",
		"severity:\n  AIMS3004: warning\nfail_on: note\nrules: [all, -AIMS3004]\n",
		"review_cycles:\n  ai-policy: 12mo\n",
		"max_file_size: 5MiB\n",
		"max_file_size: 99999999999GiB\n",
		"max_file_size: 9223372036854775807\n",
		"suppressions:\n  - rule: AIMS3004\n    path: legacy/*.yaml\n    reason: legacy\n    expires: 2027-01-01\n",
		"include: ['[']\n",
		"a: &a [*a, *a]\nb: &b [*a, *a]\nc: [*b, *b]\n",
		"\tinclude: []\n",
		"\xef\xbb\xbforganization: x\r\n",
		"- a\n",
		"",
	} {
		f.Add([]byte(s))
	}
	const name = "repo/.aims.yaml"
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg := &Config{}
		err := ParseConfig(cfg, name, src)
		again := &Config{}
		err2 := ParseConfig(again, name, src)
		if fmt.Sprint(err) != fmt.Sprint(err2) || !reflect.DeepEqual(cfg, again) {
			t.Fatalf("two parses differ: %v / %v", err, err2)
		}
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("not a ConfigError: %T %v", err, err)
			}
			if ce.Path != name || ce.Msg == "" {
				t.Fatalf("an error that does not name the file, or says nothing: %+v", ce)
			}
			withinLines(t, "the error", ce.Pos, src)
			return
		}
		for _, g := range append(append([]string{}, cfg.Include...), cfg.Exclude...) {
			if !artifact.ValidGlob(g) {
				t.Fatalf("invalid glob %q accepted", g)
			}
		}
		for k, dir := range cfg.Layout {
			if path.IsAbs(dir) || dir == ".." || strings.HasPrefix(dir, "../") || dir == ".git" || strings.HasPrefix(dir, ".git/") || strings.Contains(dir, `\`) {
				t.Fatalf("layout %s: folder %q leaves the repository", k, dir)
			}
		}
		if cfg.MaxFileSize < 0 {
			t.Fatalf("max_file_size parsed as %d", cfg.MaxFileSize)
		}
		for _, s := range cfg.Suppressions {
			withinLines(t, "a suppression", s.Source.Start, src)
		}
	})
}

// FuzzSuppressions parses an artifact's suppressions and the configuration's,
// then applies them to a finding of each suppressed rule: every suppression
// kept has a rule, a reason and a place in its file; an expired one hides
// nothing; the findings about suppressions point at suppressions; and
// applying them twice gives the same result.
func FuzzSuppressions(f *testing.F) {
	f.Add([]byte("kind: dataset\nid: DS-1\nsuppressions:\n  - rule: AIMS3004\n    reason: accepted\n    expires: 2027-01-01\n"),
		[]byte("suppressions:\n  - rule: AIMS3004\n    path: \"**/*.yaml\"\n    reason: all of them\n"), "2026-06-30")
	f.Add([]byte("kind: dataset\nid: DS-1\nsuppressions:\n  - rule: AIMS1007\n    reason: quiet\n  - {rule: AIMS9999, reason: typo, expires: 2020-02-30}\n"),
		[]byte("suppressions:\n  - {rule: AIMS3004, id: DS-1, reason: by id}\n  - {rule: AIMS4001, path: ., reason: repository}\n"), "2026-06-30")
	f.Add([]byte("kind: dataset\nsuppressions: [1, [2], {rule: [], reason: {}}]\n"), []byte("suppressions:\n  - rule: AIMS3004\n    path: '['\n    reason: bad glob\n"), "9999-12-31")
	f.Add([]byte("kind: dataset\nsuppressions:\n  - rule: AIMS3004\n    reason: x\n    expires: 1-1-1\n"), []byte(""), "0001-01-01")
	rules := map[string]*Rule{}
	known := map[string]bool{}
	for _, r := range suppressionRules() {
		rules[r.ID] = r
		known[r.ID] = true
	}
	f.Fuzz(func(t *testing.T, docSrc, cfgSrc []byte, asOfText string) {
		asOf, err := time.Parse(time.DateOnly, asOfText)
		if err != nil {
			asOf = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
		}
		d := artifact.ParseDocument("systems/a.yaml", docSrc, "")
		var docs []*artifact.Document
		if d != nil && d.Data != nil {
			docs = append(docs, d)
		}
		cfg := &Config{}
		if err := ParseConfig(cfg, ConfigFile, cfgSrc); err != nil {
			cfg = &Config{}
		}
		for i := range cfg.Suppressions {
			cfg.Suppressions[i].Source.File = ConfigFile
		}
		ix := newIndex(docs)
		apply := func() ([]Finding, []Finding, []*suppression) {
			sups := collectSuppressions(docs, cfg)
			var findings []Finding
			for _, s := range sups {
				findings = append(findings,
					Finding{RuleID: s.rule, Range: artifact.Range{File: "systems/a.yaml", Start: artifact.Position{Line: 1, Col: 1}}, Message: "in the artifact"},
					Finding{RuleID: s.rule, Message: "about the repository"})
			}
			meta := suppress(findings, sups, ix, asOf, rules, known)
			return findings, meta, sups
		}
		findings, meta, sups := apply()
		findings2, meta2, _ := apply()
		if !reflect.DeepEqual(findings, findings2) || !reflect.DeepEqual(meta, meta2) {
			t.Fatal("two runs of the suppressions differ")
		}
		sources := map[artifact.Range]bool{}
		for _, s := range sups {
			if s.rule == "" || s.info.Reason == "" {
				t.Fatalf("a suppression without a rule or a reason: %+v", s)
			}
			sources[s.info.Source] = true
			switch s.info.Source.File {
			case "systems/a.yaml":
				withinLines(t, "an artifact's suppression", s.info.Source.Start, docSrc)
			case ConfigFile:
				withinLines(t, "a configuration suppression", s.info.Source.Start, cfgSrc)
			default:
				t.Fatalf("a suppression in %q", s.info.Source.File)
			}
		}
		for _, m := range meta {
			if m.RuleID != RuleSuppressionExpired && m.RuleID != RuleSuppressionUnused || m.Message == "" {
				t.Fatalf("a finding about suppressions: %+v", m)
			}
			if !sources[m.Range] {
				t.Fatalf("a finding about suppressions at %v, where none is", m.Range)
			}
		}
		for _, f := range findings {
			if f.Suppressed == nil {
				continue
			}
			if f.Suppressed.Expires != "" {
				if exp, err := time.Parse(time.DateOnly, f.Suppressed.Expires); err == nil && exp.Before(asOf) {
					t.Fatalf("a suppression that expired on %s hides a finding as of %s", f.Suppressed.Expires, asOf.Format(time.DateOnly))
				}
			}
		}
	})
}
