package artifact

import (
	"bytes"
	"regexp"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A Section is a Markdown heading of a document's body and what follows it up
// to the next heading of the same or a higher level.
type Section struct {
	Title string // the heading text, trimmed
	Level int    // 1 for #, 2 for ##, …
	Line  int    // 1-based line of the heading in the file
	Empty bool   // no text, list, table or code under it (subsections with content count)
}

// sections caches the parsed headings; rules run concurrently.
type sections struct {
	once sync.Once
	list []Section
}

// Sections returns the headings of a Markdown document's body, in order. Only
// block structure is parsed (no inline parsing), and only on first use, so
// kinds whose rules never ask pay nothing. YAML documents have none.
func (d *Document) Sections() []Section {
	if d.Format != Markdown {
		return nil
	}
	d.sections.once.Do(func() { d.sections.list = parseSections(d.Body, d.BodyLine) })
	return d.sections.list
}

// blockParser parses Markdown block structure only.
func blockParser() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers([]util.PrioritizedValue{}...),
	)
}

func parseSections(body []byte, bodyLine int) []Section {
	if len(body) == 0 {
		return nil
	}
	root := blockParser().Parse(text.NewReader(body))
	lineAt := func(off int) int { return bodyLine + bytes.Count(body[:off], []byte("\n")) }
	type block struct {
		heading *ast.Heading
		line    int
		title   string
	}
	var blocks []block
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok {
			if content(n, body) {
				blocks = append(blocks, block{})
			}
			continue
		}
		var title strings.Builder
		line := 0
		lines := h.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			if i == 0 {
				line = lineAt(seg.Start)
			}
			title.Write(seg.Value(body))
		}
		if line == 0 {
			continue // an empty heading has no text to match
		}
		blocks = append(blocks, block{heading: h, line: line, title: strings.TrimSpace(title.String())})
	}
	var out []Section
	for i, b := range blocks {
		if b.heading == nil {
			continue
		}
		empty := true
		for _, next := range blocks[i+1:] {
			if next.heading != nil && next.heading.Level <= b.heading.Level {
				break
			}
			if next.heading == nil {
				empty = false
				break
			}
		}
		out = append(out, Section{Title: b.title, Level: b.heading.Level, Line: b.line, Empty: empty})
	}
	return out
}

// content reports whether a block says something: a thematic break, or an
// HTML block holding only comments (a template's placeholder), does not.
func content(n ast.Node, src []byte) bool {
	switch b := n.(type) {
	case *ast.ThematicBreak:
		return false
	case *ast.HTMLBlock:
		var raw strings.Builder
		lines := b.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			raw.Write(seg.Value(src))
		}
		if b.HasClosure() {
			raw.Write(b.ClosureLine.Value(src))
		}
		rest := htmlComment.ReplaceAllString(raw.String(), "")
		return strings.TrimSpace(rest) != ""
	}
	return true
}

var htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)
