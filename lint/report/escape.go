package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s with every character that could act on a terminal or
// a CI log, or disguise the text around it, written as a visible Go-style
// escape:
//
//   - C0 controls and DEL: \n, \r and \t by name, the others as \x1b;
//   - C1 controls (U+0080 to U+009F), which some terminals obey as ESC
//     sequences: \u009b;
//   - invisible format characters, among them the bidirectional controls
//     (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C), the
//     zero-width characters and the byte order mark, and the line and
//     paragraph separators: \u202e;
//   - bytes that are not UTF-8: \xff.
//
// Everything else, backslashes included, is left as it is, so a string with
// nothing to escape comes back unchanged and a message that already quotes a
// value with %q reads the same. The text and markdown reports print every
// path and value through it, so that a file named "x\n::error::…" cannot
// start a GitHub workflow command and an ESC in a document cannot recolour or
// retitle the terminal.
func Printable(s string) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if hidden(r, n) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case !hidden(r, n):
			b.WriteString(s[i : i+n])
		case r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
		i += n
	}
	return b.String()
}

// hidden reports whether the rune r, n bytes long in its string, must be
// escaped by Printable.
func hidden(r rune, n int) bool {
	switch {
	case r == utf8.RuneError && n == 1: // a byte that is not UTF-8
		return true
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r == '\u2028', r == '\u2029': // line and paragraph separators
		return true
	}
	return unicode.Is(unicode.Cf, r) // bidi controls, zero-width characters, BOM, tags
}
