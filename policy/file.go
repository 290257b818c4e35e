package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/suggest"
	"github.com/aimsdev/aims/lint"
)

// A Def is one custom rule as its rule file writes it.
type Def struct {
	ID          string
	Title       string
	Description string // Markdown: why the rule matters
	Severity    lint.Severity
	// Controls are the ISO/IEC 42001 clauses and Annex A controls the rule
	// concerns: its findings cite them.
	Controls []string
	// Evidences are the clauses and controls the rule evidences when it
	// holds over the documents it judges.
	Evidences []string
	// Kinds are the kinds of the documents the rule judges.
	Kinds []string
	// When, if set, is a CEL condition: documents for which it is false
	// are not judged.
	When string
	// Expression is the CEL condition every judged document must meet.
	Expression string
	// Message is the finding's message, with {{ expression }} holes.
	Message string
	// Field is the dotted path of the field findings point at; empty to
	// point at the field the expression names first.
	Field string
	// Tests are the rule's examples.
	Tests []Test
	// File is the rule file, a slash path relative to the AIMS root.
	File string

	at artifact.Range // the rule's id
	// kindAt and refAt are where each kind, control and evidence is
	// written.
	kindAt []artifact.Position
	refAt  map[string]artifact.Position
	expr   source // where Expression, When and Message are written
	when   source
	msg    source
	// fieldAt is where Field is written.
	fieldAt artifact.Position
}

// Range returns where the rule's id is written in its file.
func (d *Def) Range() artifact.Range { return d.at }

// A Test is one example of a rule: a document the rule must pass or fail,
// in a repository that also holds With.
type Test struct {
	Name string
	// Fail says the rule must report the document.
	Fail bool
	// Message, if set, must be part of a finding's message.
	Message string
	// Document is the file under test.
	Document TestFile
	// With are other artifacts of the test repository (the systems a
	// document refers to, the roles, the risk register).
	With []TestFile
	// AsOf is the date the test judges at; empty for the default
	// (2026-01-01, so that tests do not age).
	AsOf string
	// LastChange is the date last_change() gives for the document under
	// test (an example has no git history); empty for none, which skips a
	// rule that asks.
	LastChange string
	// At is where the test is written.
	At artifact.Range
}

// A TestFile is a document of a rule test: its name (which gives its
// format) and content.
type TestFile struct {
	Name string
	Src  []byte
}

// source is where a CEL text is written in a rule file: the position of its
// first character, and whether each line of it is indented by Indent
// columns (a block scalar) or it starts at Start on one line.
type source struct {
	start  artifact.Position
	indent int  // the column of the block's lines, for a block scalar
	block  bool // a literal or folded block: the text starts on the next line
	quoted bool
	// raw is the rest of the first line after a quoted scalar's opening
	// quote, as written (escapes and doubled quotes undecoded).
	raw    []rune
	double bool // raw is double-quoted
	// lit is a folded block's text as its lines are written (line breaks
	// kept), which positions follow; "" for other scalars.
	lit string
}

// at returns the file position of line and column (1-based, in
// characters) of the text as written.
func (s source) at(line, col int) artifact.Position {
	if line < 1 {
		line, col = 1, 1
	}
	if s.block {
		return artifact.Position{Line: s.start.Line + line, Col: s.indent + col - 1}
	}
	if line == 1 {
		c := s.start.Col + col - 1
		if s.quoted {
			c = s.start.Col + 1 + rawWidth(s.raw, s.double, col-1)
		}
		return artifact.Position{Line: s.start.Line, Col: c}
	}
	return artifact.Position{Line: s.start.Line + line - 1, Col: col}
}

// pos returns the file position of the character at byte offset i of text,
// the value written at s.
func (s source) pos(text string, i int) artifact.Position {
	if s.lit != "" {
		i = unfold(text, s.lit, i)
		text = s.lit
	}
	i = min(max(i, 0), len(text))
	line := 1 + strings.Count(text[:i], "\n")
	col := 1 + utf8.RuneCountInString(text[strings.LastIndex(text[:i], "\n")+1:i])
	return s.at(line, col)
}

// rawWidth is how many characters of a quoted scalar's raw text write its
// first n decoded characters: a doubled quote in single quotes, an escape
// in double quotes, is one character written as several.
func rawWidth(raw []rune, double bool, n int) int {
	w := 0
	for ; n > 0 && w < len(raw); n-- {
		switch {
		case !double && raw[w] == '\'' && w+1 < len(raw) && raw[w+1] == '\'':
			w += 2
		case double && raw[w] == '\\' && w+1 < len(raw):
			switch raw[w+1] {
			case 'x':
				w += 4
			case 'u':
				w += 6
			case 'U':
				w += 10
			default:
				w += 2
			}
		default:
			w++
		}
	}
	return w + n // past the first line: as if one character each
}

// unfold maps byte offset i of a folded block's text to the offset of the
// same character in lit, its lines as written: folding turns a line break
// into a space and drops the breaks of blank lines, and changes nothing
// else.
func unfold(folded, lit string, i int) int {
	f, l := 0, 0
	for f < i && f < len(folded) && l < len(lit) {
		switch {
		case folded[f] == lit[l]:
			f++
			l++
		case lit[l] == '\n' && folded[f] == ' ':
			f++
			l++
		default:
			l++ // a break folding dropped
		}
	}
	return l
}

var ruleKeys = []string{"id", "title", "description", "severity", "controls", "evidences", "kinds", "when", "expression", "message", "field", "tests"}
var testKeys = []string{"name", "expect", "message", "document", "markdown", "file", "with", "as_of", "last_change"}

// A FileError is a mistake in a rule file, at its line and column.
type FileError = lint.ConfigError

// parser reads one rule file.
type parser struct {
	file  string // slash path relative to the root, for positions
	path  string // as shown in errors
	read  func(name string) ([]byte, error)
	lines [][]byte
	errs  []error
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	var pos artifact.Position
	if n != nil {
		pos = artifact.Position{Line: n.Line, Col: n.Column}
	}
	p.errs = append(p.errs, &FileError{Path: p.path, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// ParseFile reads the rules of one rule file. file is its slash path
// relative to the AIMS root, shown as display in errors; read reads the
// test files it names (slash paths relative to the root). Every mistake is
// an error at its line and column; all are returned, joined.
func ParseFile(file, display string, src []byte, read func(string) ([]byte, error)) ([]*Def, []error) {
	p := &parser{file: file, path: display, read: read, lines: bytes.Split(src, []byte("\n"))}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, []error{&FileError{Path: display, Msg: "the rule file is empty: write `rules:` and a list of rules (see docs/policies.md)"}}
		}
		line, msg := 0, err.Error()
		var te *yaml.TypeError
		if !asTypeError(err, &te) {
			line, msg = yamlLine(msg)
		}
		return nil, []error{&FileError{Path: display, Pos: artifact.Position{Line: line, Col: 1}, Msg: "the rule file is not valid YAML: " + msg}}
	}
	if len(doc.Content) == 0 {
		return nil, []error{&FileError{Path: display, Msg: "the rule file is empty: write `rules:` and a list of rules (see docs/policies.md)"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "a rule file is a mapping with `rules:`, a list of rules (see docs/policies.md)")
		return nil, p.errs
	}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "rules" {
			p.errorf(k, "unknown key %q: a rule file has only `rules:`", k.Value)
			continue
		}
		list = v
	}
	if list == nil {
		p.errorf(root, "no `rules:` list: write the rules under `rules:`")
		return nil, p.errs
	}
	if list.Kind != yaml.SequenceNode {
		p.errorf(list, "`rules:` must be a list of rules")
		return nil, p.errs
	}
	var defs []*Def
	for _, n := range list.Content {
		if d := p.rule(n); d != nil {
			defs = append(defs, d)
		}
	}
	return defs, p.errs
}

func asTypeError(err error, te **yaml.TypeError) bool {
	t, ok := err.(*yaml.TypeError)
	if ok {
		*te = t
	}
	return ok
}

// yamlLine splits "yaml: line 3: message" into 3 and the message.
func yamlLine(msg string) (int, string) {
	msg = strings.TrimPrefix(msg, "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		if _, rest, ok := strings.Cut(msg, ": "); ok {
			return line, rest
		}
	}
	return 0, msg
}

// rule reads one rule; nil when it is too broken to use.
func (p *parser) rule(n *yaml.Node) *Def {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "a rule is a mapping with id, title, severity, kinds, expression and message")
		return nil
	}
	d := &Def{File: p.file, Severity: lint.Error, at: artifact.Range{File: p.file, Start: artifact.Position{Line: n.Line, Col: n.Column}}}
	before := len(p.errs)
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(ruleKeys, k.Value) {
			msg := fmt.Sprintf("unknown key %q in a rule", k.Value)
			if s := suggest.Closest(k.Value, ruleKeys, 3); s != "" {
				msg += fmt.Sprintf(": did you mean %q?", s)
			} else {
				msg += ": use " + strings.Join(ruleKeys, ", ")
			}
			p.errorf(k, "%s", msg)
			continue
		}
		seen[k.Value] = v
	}
	if v := seen["id"]; v != nil {
		d.ID = p.str(v, "id")
		d.at = p.rangeOf(v)
		if d.ID != "" && !lint.CustomRuleID(d.ID) {
			p.errorf(v, "rule id %q is not a custom rule id: use your own upper-case prefix and a number, such as ACME-001 (ids beginning with AIMS are aims's own)", d.ID)
		}
	} else {
		p.errorf(n, "the rule has no `id`: give it one in your own namespace, such as ACME-001")
	}
	if v := seen["title"]; v != nil {
		d.Title = p.str(v, "title")
	} else {
		p.errorf(n, "rule %s has no `title`: say in a line what it requires", d.ID)
	}
	if v := seen["description"]; v != nil {
		d.Description = p.str(v, "description")
	}
	if v := seen["severity"]; v != nil {
		s, err := lint.ParseSeverity(p.str(v, "severity"))
		if err != nil {
			p.errorf(v, "%v", err)
		}
		d.Severity = s
	}
	if v := seen["controls"]; v != nil {
		d.Controls = p.refs(d, v, "controls")
	}
	if v := seen["evidences"]; v != nil {
		d.Evidences = p.refs(d, v, "evidences")
	}
	if v := seen["kinds"]; v != nil {
		d.Kinds, d.kindAt = p.strsAt(v, "kinds")
		if len(d.Kinds) == 0 && v.Kind == yaml.SequenceNode {
			p.errorf(v, "`kinds` is empty: name the kinds of documents the rule judges")
		}
	} else {
		p.errorf(n, "rule %s has no `kinds`: name the kinds of documents it judges, such as [ai-system]", d.ID)
	}
	if v := seen["when"]; v != nil {
		d.When, d.when = p.cel(v, "when")
	}
	if v := seen["expression"]; v != nil {
		d.Expression, d.expr = p.cel(v, "expression")
	} else {
		p.errorf(n, "rule %s has no `expression`: write the CEL condition every document must meet", d.ID)
	}
	if v := seen["message"]; v != nil {
		d.Message, d.msg = p.cel(v, "message")
	} else {
		p.errorf(n, "rule %s has no `message`: write what a finding says, with {{ doc.id }} and other values in double braces", d.ID)
	}
	if v := seen["field"]; v != nil {
		d.Field = p.str(v, "field")
		d.fieldAt = artifact.Position{Line: v.Line, Col: v.Column}
	}
	if v := seen["tests"]; v != nil {
		d.Tests = p.tests(v, d)
	}
	if len(p.errs) > before {
		return nil
	}
	return d
}

func (p *parser) rangeOf(n *yaml.Node) artifact.Range {
	start := artifact.Position{Line: n.Line, Col: n.Column}
	end := start
	if n.Kind == yaml.ScalarNode && !strings.Contains(n.Value, "\n") {
		end.Col += len(n.Value)
	}
	return artifact.Range{File: p.file, Start: start, End: end}
}

// str reads a string scalar.
func (p *parser) str(n *yaml.Node, key string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, "`%s` must be text", key)
		return ""
	}
	return n.Value
}

// strsAt reads a list of strings, or one string as a list of one, and
// where each is written.
func (p *parser) strsAt(n *yaml.Node, key string) ([]string, []artifact.Position) {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	} else if n.Kind != yaml.ScalarNode {
		p.errorf(n, "`%s` must be a list", key)
		return nil, nil
	}
	var out []string
	var at []artifact.Position
	for _, c := range items {
		if s := p.str(c, key); s != "" {
			out = append(out, s)
			at = append(at, artifact.Position{Line: c.Line, Col: c.Column})
		}
	}
	return out, at
}

// refs reads a list of ISO/IEC 42001 references and records where each is
// written.
func (p *parser) refs(d *Def, n *yaml.Node, key string) []string {
	out, at := p.strsAt(n, key)
	if d.refAt == nil {
		d.refAt = map[string]artifact.Position{}
	}
	for i, r := range out {
		if _, ok := d.refAt[r]; !ok {
			d.refAt[r] = at[i]
		}
	}
	return out
}

// cel reads a CEL text and where it is written.
func (p *parser) cel(n *yaml.Node, key string) (string, source) {
	s := p.str(n, key)
	src := source{start: artifact.Position{Line: n.Line, Col: n.Column}}
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		src.block = true
		src.indent = p.blockIndent(n)
		if n.Style == yaml.FoldedStyle {
			src.lit = p.blockLines(n, src.indent)
		}
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		src.quoted = true
		src.double = n.Style == yaml.DoubleQuotedStyle
		if n.Line >= 1 && n.Line <= len(p.lines) {
			if l := []rune(string(p.lines[n.Line-1])); n.Column <= len(l) {
				src.raw = l[n.Column:]
			}
		}
	}
	if strings.TrimSpace(s) == "" && key != "message" {
		p.errorf(n, "`%s` is empty: write a CEL expression", key)
	}
	return s, src
}

// blockLines returns the lines of a block scalar as written, without
// their indentation, joined by line breaks.
func (p *parser) blockLines(n *yaml.Node, indent int) string {
	var out []string
	for i := n.Line; i < len(p.lines); i++ {
		l := strings.TrimRight(string(p.lines[i]), "\r")
		if strings.TrimSpace(l) == "" {
			out = append(out, "")
			continue
		}
		if len(l)-len(strings.TrimLeft(l, " ")) < indent-1 {
			break
		}
		out = append(out, l[indent-1:])
	}
	return strings.Join(out, "\n")
}

// blockIndent returns the column of a block scalar's first line of text
// (yaml.v3 gives the position of its | or > indicator).
func (p *parser) blockIndent(n *yaml.Node) int {
	for i := n.Line; i < len(p.lines); i++ { // the lines after the indicator
		l := p.lines[i]
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		return len(l) - len(bytes.TrimLeft(l, " ")) + 1
	}
	return n.Column + 2
}

// tests reads a rule's `tests:` list.
func (p *parser) tests(n *yaml.Node, d *Def) []Test {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "`tests` must be a list of examples")
		return nil
	}
	var out []Test
	for i, c := range n.Content {
		if c.Kind != yaml.MappingNode {
			p.errorf(c, "a test is a mapping with expect and a document, markdown or file")
			continue
		}
		t := Test{Name: fmt.Sprintf("%s test %d", d.ID, i+1), At: p.rangeOf(c)}
		var expect *yaml.Node
		for j := 0; j+1 < len(c.Content); j += 2 {
			k, v := c.Content[j], c.Content[j+1]
			if v.Kind == yaml.AliasNode && v.Alias != nil {
				v = v.Alias // with: *roles, a list an earlier test anchored
			}
			switch k.Value {
			case "name":
				t.Name = p.str(v, "name")
			case "expect":
				expect = v
				switch p.str(v, "expect") {
				case "pass":
				case "fail":
					t.Fail = true
				default:
					p.errorf(v, "`expect` must be pass or fail")
				}
			case "message":
				t.Message = p.str(v, "message")
			case "document":
				t.Document = p.inlineFile(v, fmt.Sprintf("test-%d", i+1))
			case "markdown":
				t.Document = TestFile{Name: fmt.Sprintf("test-%d.md", i+1), Src: []byte(p.str(v, "markdown"))}
			case "file":
				t.Document = p.testFile(v)
			case "with":
				if v.Kind != yaml.SequenceNode {
					p.errorf(v, "`with` must be a list of documents (mappings) or file names")
					continue
				}
				for w, wn := range v.Content {
					if wn.Kind == yaml.AliasNode && wn.Alias != nil {
						wn = wn.Alias
					}
					if wn.Kind == yaml.ScalarNode {
						t.With = append(t.With, p.testFile(wn))
					} else {
						t.With = append(t.With, p.inlineFile(wn, fmt.Sprintf("with-%d-%d", i+1, w+1)))
					}
				}
			case "as_of":
				t.AsOf = p.str(v, "as_of")
			case "last_change":
				t.LastChange = p.str(v, "last_change")
			default:
				msg := fmt.Sprintf("unknown key %q in a test", k.Value)
				if s := suggest.Closest(k.Value, testKeys, 3); s != "" {
					msg += fmt.Sprintf(": did you mean %q?", s)
				}
				p.errorf(k, "%s", msg)
			}
		}
		if expect == nil {
			p.errorf(c, "the test has no `expect`: say pass or fail")
		}
		if t.Document.Name == "" {
			p.errorf(c, "the test has no document: give `document` (a mapping), `markdown` (a whole file) or `file`")
		}
		out = append(out, t)
	}
	return out
}

// inlineFile turns a mapping written in the rule file into a YAML test
// document.
func (p *parser) inlineFile(n *yaml.Node, name string) TestFile {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "a test document is a mapping of its fields")
		return TestFile{}
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		p.errorf(n, "cannot write the test document: %v", err)
		return TestFile{}
	}
	return TestFile{Name: name + ".yaml", Src: b.Bytes()}
}

// testFile reads a test document named relative to the rule file.
func (p *parser) testFile(n *yaml.Node) TestFile {
	name := p.str(n, "file")
	if name == "" {
		return TestFile{}
	}
	rel := path.Clean(path.Join(path.Dir(p.file), name))
	if path.IsAbs(name) || rel == ".." || strings.HasPrefix(rel, "../") {
		p.errorf(n, "test file %q is outside the repository: name a file beside the rule file", name)
		return TestFile{}
	}
	src, err := p.read(rel)
	if err != nil {
		p.errorf(n, "cannot read test file %s: %v", rel, err)
		return TestFile{}
	}
	return TestFile{Name: path.Base(rel), Src: src}
}
