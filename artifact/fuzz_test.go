package artifact

import (
	"bytes"
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
		go func() { done <- answer{MatchGlob(pattern, name), ValidGlob(pattern)} }()
		var a answer
		select {
		case a = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("matchGlob(%q, %q) takes more than 10 seconds", pattern, name)
		}
		if a.match != MatchGlob(pattern, name) || a.valid != ValidGlob(pattern) {
			t.Fatal("two answers differ")
		}
		if !MatchGlob("**", name) {
			t.Fatalf("** does not match %q", name)
		}
		literal := !strings.ContainsAny(pattern, `*?[\`) && !strings.HasPrefix(pattern, "./")
		if literal && !MatchGlob(pattern, pattern) {
			t.Fatalf("%q does not match itself", pattern)
		}
		if a.valid && !strings.HasPrefix(pattern, "./") && matchSegments(strings.Split(pattern, "/"), strings.Split(name, "/")) {
			if !MatchGlob("**/"+pattern, "x/"+name) || !MatchGlob("**/"+pattern, name) {
				t.Fatalf("%q matches %q, but **/%s does not match it one folder down or in place", pattern, name, pattern)
			}
		}
	})
}
