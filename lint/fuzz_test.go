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
	"unicode/utf8"
)

// The fuzz targets of the parsers of user input. Each runs its seeds (the
// f.Add calls and testdata/fuzz/FuzzX) in every go test; .ci/fuzz runs each
// one briefly with -fuzz.

// withinLines fails t when p names a line that src does not have. Line 0
// means no line (a problem about the whole file).
func withinLines(t *testing.T, what string, p Position, src []byte) {
	t.Helper()
	if p.Line < 0 || p.Line > lastLine(src) || p.Col < 0 {
		t.Fatalf("%s at %d:%d, outside the input's %d lines", what, p.Line, p.Col, lastLine(src))
	}
}

// FuzzParseDocument feeds arbitrary bytes to the parser: it must never panic,
// a document it returns must have data or a problem, every problem has a
// rule, a message and a line of the file, and parsing twice gives the same
// document.
func FuzzParseDocument(f *testing.F) {
	seeds := []string{
		"---\nkind: ai-policy\nid: POL-1\n---\n# Purpose\n",
		"kind: ai-system\nid: SYS-A\nrisks: [{id: RSK-1, likelihood: 3}]\n",
		"kind: dataset\na: &a [1, 2]\nb: *a\nc: {<<: {x: 1}}\n",
		"---\r\nkind: x\r\n",
		"\xef\xbb\xbfkind: x\n",
		"kind: [\n",
		"kind: x\nkind: y\n",
		"- kind: x\n",
		"kind: x\n\tid: A\n",
		"kind: x\nn: 99999999999999999999999999\nf: 1e400\n",
		"kind: x\na: &a [*a]\n",
	}
	for _, s := range seeds {
		f.Add("a.yaml", []byte(s))
		f.Add("a.md", []byte(s))
	}
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		d := ParseDocument(name, src, "")
		if d == nil {
			return
		}
		if d.Data == nil && len(d.Problems) == 0 {
			t.Fatalf("a document with neither data nor a problem: %q", src)
		}
		for _, p := range d.Problems {
			if p.Message == "" || p.RuleID == "" {
				t.Fatalf("an empty problem: %+v", p)
			}
			if p.Range.File != name {
				t.Fatalf("a problem about %q in %q", p.Range.File, name)
			}
			withinLines(t, "a problem", p.Range.Start, src)
		}
		if d.Format == Markdown && len(d.Body) > 0 {
			withinLines(t, "the body", Position{Line: d.BodyLine}, src)
		}
		again := ParseDocument(name, src, "")
		if !reflect.DeepEqual(d.Data, again.Data) || !reflect.DeepEqual(d.Problems, again.Problems) || d.Kind != again.Kind || d.ID != again.ID {
			t.Fatalf("two parses of %q differ", src)
		}
	})
}

// FuzzSplitFrontmatter checks the frontmatter split on its own: the
// frontmatter and the body are the bytes between and after the --- lines,
// and the body starts on the line the split says.
func FuzzSplitFrontmatter(f *testing.F) {
	for _, s := range []string{
		"---\nkind: x\n---\n# Body\n",
		"---\r\nkind: x\r\n---\r\nbody",
		"---  \nkind: x\n...\n",
		"---\nkind: x\n",
		"---",
		"---\n---",
		"kind: x\n---\n",
		"\n---\nkind: x\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body, bodyLine, ok, closed := splitFrontmatter(src)
		if !ok {
			if closed || fm != nil || body != nil {
				t.Fatalf("no frontmatter, yet closed=%v fm=%q body=%q", closed, fm, body)
			}
			return
		}
		first, _, _ := bytes.Cut(src, []byte("\n"))
		if strings.TrimRight(string(first), " \t\r") != "---" {
			t.Fatalf("frontmatter found in %q, whose first line is not ---", src)
		}
		start := len(first) + 1
		if !closed {
			if body != nil || bodyLine != 0 {
				t.Fatalf("unclosed, yet a body %q at line %d", body, bodyLine)
			}
			return
		}
		// src is the opening line, fm, the closing line and the body.
		if start+len(fm) > len(src) || !bytes.Equal(src[start:start+len(fm)], fm) {
			t.Fatalf("the frontmatter %q is not the bytes after the first line of %q", fm, src)
		}
		if !bytes.HasSuffix(src, body) {
			t.Fatalf("the body %q does not end the file %q", body, src)
		}
		closing := src[start+len(fm) : len(src)-len(body)]
		if c := strings.TrimRight(string(bytes.TrimSuffix(closing, []byte("\n"))), " \t\r"); c != "---" && c != "..." {
			t.Fatalf("the closing line is %q", closing)
		}
		if want := 1 + bytes.Count(src[:len(src)-len(body)], []byte("\n")); len(body) > 0 && bodyLine != want {
			t.Fatalf("the body starts on line %d, not %d", want, bodyLine)
		}
		for _, l := range strings.Split(string(fm), "\n") {
			if c := strings.TrimRight(l, " \t\r"); c == "---" || c == "..." {
				t.Fatalf("the frontmatter %q holds a closing line", fm)
			}
		}
	})
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
			if !validGlob(g) {
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
		d := ParseDocument("systems/a.yaml", docSrc, "")
		var docs []*Document
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
					Finding{RuleID: s.rule, Range: Range{File: "systems/a.yaml", Start: Position{Line: 1, Col: 1}}, Message: "in the artifact"},
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
		sources := map[Range]bool{}
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

// FuzzSections parses the headings of arbitrary Markdown bodies: each is
// on a line of the body, in order, of level 1 to 6, with a trimmed title;
// parsing twice gives the same sections.
func FuzzSections(f *testing.F) {
	for _, s := range []string{
		"# Purpose\nWhy.\n\n## Scope\n",
		"Setext\n======\n\ntext\n\nSub\n---\n",
		"```\n# not a heading\n```\n",
		"#\n##    \n# a #\n",
		"<!-- x -->\n## T\n<!--\n# h\n-->\n",
		"> # quoted\n- # in a list\n",
		"\t# tab\n    # indented code\n",
		"# a\r\n## b\r\n",
		strings.Repeat(">", 500) + " # deep\n",
		strings.Repeat("- ", 300) + "x\n",
	} {
		f.Add([]byte(s), 4)
	}
	f.Fuzz(func(t *testing.T, body []byte, bodyLine int) {
		if bodyLine < 1 || bodyLine > 1<<20 {
			bodyLine = 1
		}
		got := parseSections(body, bodyLine)
		last := bodyLine + bytes.Count(body, []byte("\n"))
		prev := 0
		for _, s := range got {
			if s.Line < bodyLine || s.Line > last || s.Line <= prev {
				t.Fatalf("a heading at line %d (body lines %d-%d, previous heading %d)", s.Line, bodyLine, last, prev)
			}
			prev = s.Line
			if s.Level < 1 || s.Level > 6 {
				t.Fatalf("a heading of level %d", s.Level)
			}
			if s.Title != strings.TrimSpace(s.Title) || (utf8.Valid(body) && !utf8.ValidString(s.Title)) {
				t.Fatalf("an untrimmed or broken title %q", s.Title)
			}
		}
		if again := parseSections(body, bodyLine); !reflect.DeepEqual(got, again) {
			t.Fatalf("two parses differ:\n%+v\n%+v", got, again)
		}
	})
}

// FuzzGlob matches arbitrary globs against arbitrary paths, within a time
// limit (a glob from .aims.yaml must not hang the run): a glob without
// wildcards matches itself, ** matches every path, a leading **/ matches at
// any depth, and every answer is the same twice.
func FuzzGlob(f *testing.F) {
	deep := strings.Repeat("a/", 40) + "b"
	for _, s := range [][2]string{
		{"*.md", "docs/a.md"},
		{"docs/**/*.yaml", "docs/x/y/z.yaml"},
		{"**", "a/b"},
		{"./a/*", "a/b"},
		{"[", "["},
		{"a/[b-", "a/b"},
		{"\\*", "*"},
		{"a//b", "a//b"},
		{strings.Repeat("**/", 40) + "c", deep},
		{strings.Repeat("**/a/", 20) + "c", deep},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		type answer struct{ match, valid bool }
		done := make(chan answer, 1)
		go func() { done <- answer{matchGlob(pattern, name), validGlob(pattern)} }()
		var a answer
		select {
		case a = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("matchGlob(%q, %q) takes more than 10 seconds", pattern, name)
		}
		if a.match != matchGlob(pattern, name) || a.valid != validGlob(pattern) {
			t.Fatal("two answers differ")
		}
		if !matchGlob("**", name) {
			t.Fatalf("** does not match %q", name)
		}
		literal := !strings.ContainsAny(pattern, `*?[\`) && !strings.HasPrefix(pattern, "./")
		if literal && !matchGlob(pattern, pattern) {
			t.Fatalf("%q does not match itself", pattern)
		}
		if a.valid && !strings.HasPrefix(pattern, "./") && matchSegments(strings.Split(pattern, "/"), strings.Split(name, "/")) {
			if !matchGlob("**/"+pattern, "x/"+name) || !matchGlob("**/"+pattern, name) {
				t.Fatalf("%q matches %q, but **/%s does not match it one folder down or in place", pattern, name, pattern)
			}
		}
	})
}
