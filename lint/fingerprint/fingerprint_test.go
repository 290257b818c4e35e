package fingerprint

import (
	"slices"
	"strings"
	"testing"
)

// TestLineHashes reproduces the vectors of codeql-action's
// src/fingerprints.test.ts, as listed in the project's integration notes.
func TestLineHashes(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"empty", "", []string{"c129715d7a2bc9a3:1"}},
		{
			"spaces and tabs", " a\nb\n  \t\tc\n d",
			[]string{"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"},
		},
		{
			"line endings", " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
			[]string{"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"},
		},
		{
			"repeated lines", strings.Repeat("Lorem ipsum dolor sit amet.\n", 10),
			[]string{
				"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
				"a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
			},
		},
		{
			"program", "x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n",
			[]string{"e54938cc54b302f1:1", "bb609acbe9138d60:1", "1131fd5871777f34:1", "5c482a0f8b35ea28:1", "54517377da7028d2:1", "2c644846cb18d53e:1", "f1b89f20de0d133:1", "c129715d7a2bc9a3:1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LineHashes([]byte(tt.src)); !slices.Equal(got, tt.want) {
				t.Errorf("LineHashes(%q)\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

// TestLineHashesLines checks the number of lines: one per line break, plus
// the last line, empty after a final line break.
func TestLineHashesLines(t *testing.T) {
	for src, lines := range map[string]int{
		"":        1,
		"a":       1,
		"a\n":     2,
		"a\r\nb":  2,
		"a\rb\r":  3,
		"a\r \nb": 3, // a space between "\r" and "\n" makes two line breaks
		"\n\n\n":  4,
		"é😀\nx\n": 3,
	} {
		if got := len(LineHashes([]byte(src))); got != lines {
			t.Errorf("LineHashes(%q): %d lines, want %d", src, got, lines)
		}
	}
}

// TestLineHashesMoves checks what GitHub relies on: inserting lines above a
// line keeps its hash, and editing the line changes it.
func TestLineHashesMoves(t *testing.T) {
	body := "kind: ai-system\nid: SYS-CREDIT\nrisk_level: high\nlifecycle_stage: operation-and-monitoring\n"
	before := LineHashes([]byte(body))
	after := LineHashes([]byte("# a comment\n\n" + body))
	if !slices.Equal(before, after[2:]) {
		t.Errorf("inserted lines changed the hashes below them:\n%q\n%q", before, after[2:])
	}
	edited := LineHashes([]byte(strings.Replace(body, "high", "limited", 1)))
	if edited[2] == before[2] {
		t.Error("editing a line kept its hash")
	}
	// Indentation is not part of the hash.
	if indented := LineHashes([]byte(strings.ReplaceAll(body, "\n", "\n  "))); indented[1] != before[1] {
		t.Errorf("indentation changed a hash: %s, want %s", indented[1], before[1])
	}
}

// TestLineHashesUTF16 checks that characters outside the Basic Multilingual
// Plane count as two UTF-16 code units, and invalid UTF-8 as U+FFFD, one per
// maximal invalid subsequence as Node.js decodes it.
func TestLineHashesUTF16(t *testing.T) {
	// U+1F600 is the surrogate pair D83D DE00.
	if a, b := LineHashes([]byte("😀")), LineHashes([]byte("\uFFFD")); slices.Equal(a, b) {
		t.Error("an astral character hashes like one code unit")
	}
	tests := []struct{ invalid, replaced string }{
		{"a\xffb", "a\uFFFDb"},
		{"a\xe2\x82b", "a\uFFFDb"},                 // truncated 3-byte sequence: one U+FFFD
		{"a\xe0\x80b", "a\uFFFD\uFFFDb"},           // E0 80 is never valid: two
		{"a\xf0\x9f\x98", "a\uFFFD"},               // truncated at the end
		{"a\xed\xa0\x80b", "a\uFFFD\uFFFD\uFFFDb"}, // a UTF-8 encoded surrogate: three
		{"\xc0\xaf", "\uFFFD\uFFFD"},
	}
	for _, tt := range tests {
		if got, want := LineHashes([]byte(tt.invalid)), LineHashes([]byte(tt.replaced)); !slices.Equal(got, want) {
			t.Errorf("LineHashes(%q) = %q, want that of %q, %q", tt.invalid, got, tt.replaced, want)
		}
	}
}
