package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS7001 reports placeholders (TODO, TBD, FIXME, XXX) and the starter
// templates' prompts left in a document that is not a draft.
var AIMS7001 = &lint.Rule{
	ID:       "AIMS7001",
	Name:     "PlaceholderNotReplaced",
	Title:    "document that is not a draft still holds a placeholder or a template prompt",
	Doc:      doc("AIMS7001"),
	Severity: lint.Error,
	Controls: []string{"7.5.2"},
	Scope:    lint.ScopeDocument,
	Timeless: true,
	Check:    checkPlaceholders,
}

// AIMS7002 reports required fields and sections of a document that is not a
// draft that are empty or say only "n/a", "none", "pending" and the like.
var AIMS7002 = &lint.Rule{
	ID:       "AIMS7002",
	Name:     "RequiredContentIsPlaceholder",
	Title:    "required field or section is empty or says only n/a, none or pending",
	Doc:      doc("AIMS7002"),
	Severity: lint.Error,
	Controls: []string{"7.5.2"},
	Scope:    lint.ScopeDocument,
	Timeless: true,
	Check:    checkRequiredContent,
}

// judgedDocs returns the documents the placeholder rules judge: parsed, and
// neither a draft (expected to hold placeholders, and no evidence anyway) nor
// retired (history). An approved document, one in review and one with any
// other status, or none, is judged: each claims to be finished.
func judgedDocs(p *lint.Pass) []*artifact.Document {
	var out []*artifact.Document
	for _, d := range p.Documents {
		if inForce(d) {
			out = append(out, d)
		}
	}
	return out
}

// statusClause says why the document is judged, for messages: "the document
// is approved", "the document is in review".
func statusClause(d *artifact.Document) string {
	switch s := d.Status(); s {
	case "approved":
		return "the document is approved"
	case "in-review":
		return "the document is in review"
	case "":
		return "the document has no status"
	default:
		return fmt.Sprintf("the document's status is %q", s)
	}
}

// Placeholder markers. An upper-case TODO, TBD, FIXME or XXX is a marker
// wherever it stands as a word (SYS-TODO and "TODO:" too, "TODOS" or
// "to-do" not); in any case, one of them followed by a colon ("todo:") is a
// marker, and so is a value that is nothing but one of them or TBC or TBA
// ("tbd", "Tbc.").
var (
	markerWord  = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_])(TODO|TBD|FIXME|XXX)(?:[^\p{L}\p{N}_]|$)`)
	markerColon = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}_])(todo|tbd|tbc|tba|fixme|xxx)[ \t]*:`)
)

// markerValues are the keys (exclusionKey) of values that are only a marker.
var markerValues = []string{"todo", "tbd", "tbc", "tba", "fixme", "xxx"}

// markerValue reports whether s is a marker and nothing else, as
// exclusionKey writes it: "TODO", "t.b.d.". Text with more letters and digits
// than the longest marker is rejected without building its key.
func markerValue(s string) bool {
	longest := 0
	for _, m := range markerValues {
		longest = max(longest, len(m))
	}
	return alnumAtMost(s, longest) && slices.Contains(markerValues, exclusionKey(s))
}

// findMarker returns the 1-based column (in runes) of the first marker in
// line and the marker as written.
func findMarker(line string) (col int, word string, ok bool) {
	if !mayHoldMarker(line) {
		return 0, "", false // most lines: no regular expression to run
	}
	best := -1
	for _, re := range []*regexp.Regexp{markerWord, markerColon} {
		if m := re.FindStringSubmatchIndex(line); m != nil && (best < 0 || m[2] < best) {
			best, word = m[2], line[m[2]:m[3]]
		}
	}
	if best < 0 {
		return 0, "", false
	}
	return utf8.RuneCountInString(line[:best]) + 1, word, true
}

// mayHoldMarker reports whether line holds one of markerValues in any case,
// which every match of markerWord and markerColon does.
func mayHoldMarker(line string) bool {
	lower := strings.ToLower(line)
	for _, m := range markerValues {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// A spot is one placeholder found in a document, before it is reported.
type spot struct {
	rng artifact.Range
	msg string
}

// spots gathers placeholders of one document, at most one per line: the
// first one on the line.
type spots map[int]spot

func (s spots) add(r artifact.Range, msg string) {
	if old, ok := s[r.Start.Line]; ok && old.rng.Start.Col <= r.Start.Col {
		return
	}
	s[r.Start.Line] = spot{rng: r, msg: msg}
}

func (s spots) report(p *lint.Pass, d *artifact.Document) {
	lines := make([]int, 0, len(s))
	for l := range s {
		lines = append(lines, l)
	}
	slices.Sort(lines)
	refs := structureControls(d, DefaultCatalogue().EvidencedBy(d.Kind))
	for _, l := range lines {
		p.Report(s[l].rng, s[l].msg, refs...)
	}
}

func markerMessage(d *artifact.Document, word string) string {
	return fmt.Sprintf("%q marks text that is still to be written, and %s: write what is true for your organization in its place, or set `status: draft` until it is written", word, statusClause(d))
}

func guidanceMessage(d *artifact.Document, text string) string {
	return fmt.Sprintf("%q is the starter template's prompt, not an answer, and %s: write the answer in its place, or set `status: draft` until it is written", shorten(strings.TrimSpace(text)), statusClause(d))
}

// shorten cuts long text for a message.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= 80 {
		return s
	}
	r := []rune(s)
	return string(r[:77]) + "…"
}

// checkPlaceholders is AIMS7001.
func checkPlaceholders(p *lint.Pass) error {
	for _, d := range judgedDocs(p) {
		found := spots{}
		skip := exclusionLines(d)
		src, first := d.YAMLSource()
		for i, line := range strings.Split(string(src), "\n") {
			n := first + i
			if col, word, ok := findMarker(strings.TrimRight(line, "\r")); ok && !skip[n] {
				found.add(markerRange(d, n, col, word), markerMessage(d, word))
			}
		}
		walkValues(d.Data, nil, func(path []string, v any) {
			s, ok := v.(string)
			if !ok {
				return
			}
			var msg string
			switch {
			case markerValue(s):
				msg = markerMessage(d, strings.TrimSpace(s))
			case TemplateGuidance(s):
				msg = guidanceMessage(d, s)
			default:
				return
			}
			if r := d.Locate(path...); !skip[r.Start.Line] {
				found.add(r, msg)
			}
		})
		if d.Format == artifact.Markdown {
			scanBody(d, found)
		}
		found.report(p, d)
	}
	return nil
}

// markerRange is the range of a marker found at line and col.
func markerRange(d *artifact.Document, line, col int, word string) artifact.Range {
	start := artifact.Position{Line: line, Col: col}
	return artifact.Range{File: d.Path, Start: start, End: artifact.Position{Line: line, Col: col + utf8.RuneCountInString(word)}}
}

// exclusionLines returns the lines of a Statement of Applicability's
// exclusion justifications that AIMS3008 reports as missing, a placeholder or
// too short, so that they are not reported twice.
func exclusionLines(d *artifact.Document) map[int]bool {
	if d.Kind != statementKind {
		return nil
	}
	out := map[int]bool{}
	for _, e := range applicabilityEntries(d) {
		if applicable, ok := e.m["applicable"].(bool); !ok || applicable {
			continue
		}
		s, ok := e.m["justification"].(string)
		if !ok {
			continue
		}
		if s = strings.TrimSpace(s); placeholder(exclusionKey(s)) || utf8.RuneCountInString(s) < minExclusionJustification {
			out[d.Locate(e.at("justification")...).Start.Line] = true
		}
	}
	return out
}

// walkValues calls visit for every value under v (v itself excluded), with
// its path, parents before children.
func walkValues(v any, path []string, visit func(path []string, v any)) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := append(slices.Clip(path), k)
			visit(p, x[k])
			walkValues(x[k], p, visit)
		}
	case []any:
		for i, e := range x {
			p := append(slices.Clip(path), tok(i))
			visit(p, e)
			walkValues(e, p, visit)
		}
	}
}

// scanBody finds markers and template prompts in a Markdown body. Fenced code
// blocks and code spans are skipped: that is where a document can write about
// a marker (`TODO`) without leaving one. Markers inside HTML comments count (a
// reminder is unfinished work); prompts inside them do not (comments are
// where the templates put guidance).
func scanBody(d *artifact.Document, found spots) {
	var fence string // the opening fence of the code block we are in
	comment := false // inside a multi-line HTML comment
	for i, raw := range strings.Split(string(d.Body), "\n") {
		n := d.BodyLine + i
		line := strings.TrimRight(raw, "\r")
		if f := fenceOf(line); f != "" {
			switch {
			case fence == "":
				fence = f
				continue
			case f[0] == fence[0] && len(f) >= len(fence) && strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), f[:1])) == "":
				fence = ""
				continue
			}
		}
		if fence != "" {
			continue
		}
		text := blankCodeSpans(line)
		if col, word, ok := findMarker(text); ok {
			found.add(markerRange(d, n, col, word), markerMessage(d, word))
			comment = endsInComment(text, comment)
			continue
		}
		var outside string
		outside, comment = outsideComments(text, comment)
		if g := listItemText(outside); g != "" && TemplateGuidance(g) {
			found.add(bodyLineRange(d, n), guidanceMessage(d, g))
		}
	}
}

// fenceOf returns the fence that opens or closes a code block on line
// (``` or ~~~, at least three, indented at most three spaces), or "".
func fenceOf(line string) string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) < 3 {
		return ""
	}
	c := t[0]
	if c != '`' && c != '~' {
		return ""
	}
	n := 0
	for n < len(t) && t[n] == c {
		n++
	}
	if n < 3 {
		return ""
	}
	return t[:n]
}

// blankCodeSpans replaces the text of code spans with spaces, keeping columns.
func blankCodeSpans(line string) string {
	if !strings.Contains(line, "`") {
		return line
	}
	b := []byte(line)
	for i := 0; i < len(b); {
		if b[i] != '`' {
			i++
			continue
		}
		n := 0
		for i+n < len(b) && b[i+n] == '`' {
			n++
		}
		run := strings.Repeat("`", n)
		end := strings.Index(string(b[i+n:]), run)
		if end < 0 {
			i += n
			continue
		}
		for j := i + n; j < i+n+end; j++ {
			b[j] = ' '
		}
		i += n + end + n
	}
	return string(b)
}

// outsideComments returns the text of line outside HTML comments, and
// whether a comment is still open at its end; open says whether one was open
// at its start.
func outsideComments(line string, open bool) (string, bool) {
	var out strings.Builder
	for line != "" {
		if open {
			i := strings.Index(line, "-->")
			if i < 0 {
				return out.String(), true
			}
			line, open = line[i+3:], false
			continue
		}
		i := strings.Index(line, "<!--")
		if i < 0 {
			out.WriteString(line)
			break
		}
		out.WriteString(line[:i])
		line, open = line[i+4:], true
	}
	return out.String(), open
}

// endsInComment reports whether an HTML comment is open at the end of line.
func endsInComment(line string, open bool) bool {
	_, open = outsideComments(line, open)
	return open
}

var listMarker = regexp.MustCompile(`^\s*(?:>\s*)*(?:[-*+]|\d+[.)])?\s*`)

// listItemText returns a body line without a list or quote marker and
// emphasis, trimmed.
func listItemText(line string) string {
	s := listMarker.ReplaceAllString(line, "")
	s = strings.Trim(s, "*_ \t")
	return s
}
