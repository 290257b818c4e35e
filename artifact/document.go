package artifact

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// A Format is the file form of an artifact.
type Format int

// The artifact forms.
const (
	Markdown Format = iota + 1 // Markdown with YAML frontmatter
	YAML                       // a YAML file whose top-level mapping has `kind`
)

// String returns "md" or "yaml".
func (f Format) String() string {
	if f == Markdown {
		return "md"
	}
	return "yaml"
}

// A Problem is something found while loading a document: a parse error, a
// schema violation. Rules turn problems into findings.
type Problem struct {
	RuleID  string
	Range   Range
	Message string
}

// Rule ids of the problems found while discovering, reading and parsing
// files. The rules that report them are in package rules, with their
// documentation; package lint adds the problems of schema validation.
const (
	RuleParse       = "AIMS1001" // the artifact cannot be parsed
	RuleTooLarge    = "AIMS1004" // the file is over the size limit
	RuleLinkEscape  = "AIMS1005" // a symbolic link points outside the repository or cannot be resolved
	RuleNotRegular  = "AIMS1008" // a named pipe, socket or device where a file was expected
	RuleNotArtifact = "AIMS1010" // a Markdown or YAML file among artifacts is not one
	RuleUnreadable  = "AIMS1011" // a folder or file cannot be read
)

// A Document is one artifact: its parsed data with positions kept.
type Document struct {
	// Path is slash-separated and relative to the repository root.
	Path string
	// Format is Markdown or YAML.
	Format Format
	// Kind is the declared kind, or the one .aims.yaml maps the path to.
	Kind string
	// ID is the artifact's id, empty when it has none.
	ID string
	// Data is the top-level YAML mapping (the frontmatter of a Markdown file)
	// as JSON-compatible values: map[string]any, []any, string, int64,
	// float64, bool and nil; dates stay strings as written. It is nil when
	// the document could not be parsed.
	Data map[string]any
	// Body is the Markdown after the frontmatter.
	Body []byte
	// BodyLine is the 1-based line on which Body starts.
	BodyLine int
	// Problems found while loading.
	Problems []Problem
	// Salvaged is what a line-by-line reading found in a document whose YAML
	// does not parse (its kind, its ids); nil for a parsed document.
	Salvaged *Salvage

	lineOffset int      // lines before the YAML starts (the opening --- of frontmatter)
	sections   sections // parsed on first use
	// The YAML node tree, with positions, is needed only to locate findings.
	// It is dropped after loading and parsed again from yamlSrc on first use,
	// which keeps memory flat on large repositories where findings are few;
	// Reading.KeepTree keeps it.
	yamlSrc  []byte
	tree     sync.Once
	rootNode *yaml.Node
	// status is the status field as parsed, when statusKnown: rules ask for
	// it of every document many times over.
	status      string
	statusKnown bool
	// renamed maps a top-level aims field to the key it is written as,
	// when a mapping of .aims.yaml renamed it (or the id or kind comes
	// from that field); idFromName is set when the id is the file name.
	renamed    map[string]string
	idFromName bool
	// memo holds what rules derive from the document alone (Memo).
	memo sync.Map
}

// Memo returns what compute derives from the document alone, computed once
// per document and key however many rules and runs ask, and at the same
// time (the others wait for the first): a document that runs over
// several commits share (lint.DocumentCache) keeps it. key is best an
// unexported type of the asking package, as for context values; compute
// must read nothing but the document, and what it returns is shared and
// must not be changed.
func (d *Document) Memo(key any, compute func() any) any {
	e, ok := d.memo.Load(key)
	if !ok {
		e, _ = d.memo.LoadOrStore(key, &memoEntry{})
	}
	m := e.(*memoEntry)
	m.once.Do(func() { m.v = compute() })
	return m.v
}

// A memoEntry is one value of Document.Memo.
type memoEntry struct {
	once sync.Once
	v    any
}

// setData sets the document's parsed data and what is read from it once.
func (d *Document) setData(data map[string]any) {
	d.Data = data
	d.status, _ = data["status"].(string)
	d.statusKnown = data != nil
}

// root returns the top-level mapping node, parsing it again on first use
// after loading; nil when the document could not be parsed.
func (d *Document) root() *yaml.Node {
	if d.Data == nil {
		return nil
	}
	d.tree.Do(func() {
		if d.rootNode == nil {
			d.rootNode, _ = parseYAML(d.yamlSrc)
		}
	})
	return d.rootNode
}

// limits guard the YAML decoder against hostile input.
const (
	maxDepth  = 100
	maxValues = 200000 // values produced by expanding aliases (not the values written)
)

var (
	kindLine    = regexp.MustCompile(`(?m)^kind[ \t]*:[ \t]*\S`)
	yamlErrLine = regexp.MustCompile(`line (\d+)`)
	// yamlParserErr matches the parser's (not the scanner's) error messages.
	yamlParserErr = regexp.MustCompile(`did not find expected (key|node content|',' or ']'|',' or '}'|'-' indicator|<document start>)`)
)

// isMarkdown and isYAML classify a path by its format: its extension, or
// for a file of an extra type (FileTypes) such as "x.md.tmpl", the Markdown
// or YAML extension before it.
func isMarkdown(p string) bool {
	switch formatPart(path.Base(p)) {
	case ".md", ".markdown":
		return true
	}
	return false
}

func isYAML(p string) bool {
	switch formatPart(path.Base(p)) {
	case ".yaml", ".yml":
		return true
	}
	return false
}

// standardExt reports whether p has a Markdown or YAML extension.
func standardExt(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown", ".yaml", ".yml":
		return true
	}
	return false
}

// ParseDocument parses src as the file at p. kindHint is the kind .aims.yaml maps
// p to, or "". It returns nil when the file is not an artifact. A returned
// document may carry Problems and a nil Data when it could not be parsed.
//
// It applies no mapping and leaves Data as written: the configuration's
// kinds and mappings are applied by Reading.Parse, which also sets the kind
// it gives in Data.
func ParseDocument(p string, src []byte, kindHint string) *Document {
	d, _ := parseDocument(p, src, nil, kindHint, nil)
	return d
}

// A notArtifact says why a Markdown or YAML file is not an artifact.
type notArtifact int

// The reasons a candidate file is not an artifact.
const (
	notCandidate     notArtifact = iota // not Markdown or YAML at all
	noKind                              // parsed, but declares no kind
	noFrontmatter                       // Markdown that does not start with ---
	lateFrontmatter                     // Markdown whose --- comes after blank lines or spaces
	emptyFile                           // nothing but white space
	emptyFrontmatter                    // Markdown frontmatter with no fields
	otherEncoding                       // UTF-16 or UTF-32 text
	binaryFile                          // NUL bytes, or not UTF-8
	unparsed                            // YAML that does not parse, or is not a mapping
)

// A skip is a candidate file that parseDocument found not to be an artifact.
type skip struct {
	why  notArtifact
	line int    // where it shows, 0 for the whole file
	what string // the encoding, for otherEncoding; for noKind, the field the kind may come from
}

// parseDocument is ParseDocument with the kinds and mappings of rd (which
// may be nil), and says why a file it returns nil for is not an artifact.
// The document's short strings come from strs when it is not nil.
func parseDocument(p string, src []byte, rd *Reading, kindHint string, strs *Strings) (*Document, skip) {
	md := isMarkdown(p)
	if !md && !isYAML(p) {
		return nil, skip{}
	}
	doc := &Document{Path: p, Format: YAML, Kind: kindHint}
	if md {
		doc.Format = Markdown
	}
	// UTF-16 and UTF-32 text holds NUL bytes: it is named before it could be
	// taken for binary.
	kindFields := rd.kindFields(p)
	if enc, text := decodeWide(src); enc != "" {
		if kindHint == "" && !declaresKind(text, kindFields) {
			return nil, skip{why: otherEncoding, what: enc}
		}
		doc.problem(RuleParse, Position{}, "the file is "+enc+" encoded, which aims does not read: save it as UTF-8")
		return doc, skip{}
	}
	if bytes.IndexByte(src, 0) >= 0 {
		if kindHint == "" && !declaresKind(src, kindFields) {
			return nil, skip{why: binaryFile}
		}
		doc.problem(RuleParse, Position{}, "the file is binary, not text: remove it or save it as UTF-8 text")
		return doc, skip{}
	}
	if !utf8.Valid(src) {
		if kindHint == "" && !declaresKind(src, kindFields) {
			return nil, skip{why: binaryFile}
		}
		line := invalidUTF8Line(src)
		doc.problem(RuleParse, Position{Line: line, Col: 1}, "the file is not valid UTF-8: save it with UTF-8 encoding")
		return doc, skip{}
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(src)) == 0 && kindHint == "" {
		return nil, skip{why: emptyFile}
	}
	yamlSrc := src
	if md {
		fm, body, bodyLine, ok, closed := splitFrontmatter(src)
		if !ok {
			if kindHint == "" {
				if line := laterFrontmatter(src); line > 0 {
					return nil, skip{why: lateFrontmatter, line: line}
				}
				return nil, skip{why: noFrontmatter}
			}
			doc.problem(RuleParse, Position{Line: 1, Col: 1}, "the file is mapped to kind "+strconv.Quote(kindHint)+" in .aims.yaml but has no frontmatter: start it with a --- line, the fields, and a closing ---")
			return doc, skip{}
		}
		if !closed {
			if kindHint == "" && !declaresKind(fm, kindFields) {
				return nil, skip{why: unparsed, line: 1}
			}
			doc.problem(RuleParse, Position{Line: 1, Col: 1}, "the frontmatter opened on line 1 is never closed: add a line with --- after the last field")
			doc.salvage(fm, rd)
			return doc, skip{}
		}
		yamlSrc, doc.Body, doc.BodyLine, doc.lineOffset = fm, body, bodyLine, 1
	}
	root, problem := parseYAML(yamlSrc)
	if problem != "" || root == nil {
		if kindHint == "" && !declaresKind(yamlSrc, kindFields) && !tabKindLine.Match(yamlSrc) {
			if problem == "" {
				return nil, skip{why: emptyFrontmatter, line: 1}
			}
			return nil, skip{why: unparsed}
		}
		if problem == "" {
			problem = "the document is empty: write its fields"
		}
		line, msg := splitYAMLError(problem)
		line = min(line, lastLine(yamlSrc))
		col := 1
		if p, ok := tabError(yamlSrc, problem, line); ok {
			line, col, msg = p.Line, p.Col, tabMessage
		}
		if line > 0 {
			line += doc.lineOffset
		}
		doc.problem(RuleParse, Position{Line: line, Col: col}, msg)
		doc.salvage(yamlSrc, rd)
		return doc, skip{}
	}
	if root.Kind != yaml.MappingNode {
		if kindHint == "" {
			return nil, skip{why: unparsed}
		}
		doc.problem(RuleParse, doc.pos(root), "the document must be a mapping of fields (key: value), not a "+nodeKindName(root))
		return doc, skip{}
	}
	kind, kindField := rd.decideKind(p, root, kindHint)
	if kind == "" {
		sk := skip{why: noKind, line: doc.lineOffset + 1}
		if len(kindFields) > 0 {
			sk.what = kindFields[0] // the field .aims.yaml takes its kind from
		}
		return nil, sk
	}
	doc.Kind = strs.key(kind)
	var mp *mapped
	if ms := rd.applying(p, doc.Kind); len(ms) > 0 {
		mp = newMapped(ms)
	}
	conv := converter{doc: doc, strs: strs, mp: mp}
	v := conv.value(root, 0)
	if conv.fatal {
		return doc, skip{}
	}
	data, _ := v.(map[string]any)
	if data != nil {
		// The kind the configuration gives counts as declared (ParseDocument,
		// which reads no configuration, leaves the data as written).
		if declared, ok := data["kind"]; rd != nil && (!ok || kindField == "kind" && declared != any(doc.Kind)) {
			if _, isText := declared.(string); !ok || isText {
				data["kind"] = doc.Kind
			}
		}
		if kindField != "" && kindField != "kind" {
			doc.rename("kind", kindField)
		}
		if mp != nil {
			mp.apply(doc, root, data)
		}
	}
	doc.setData(data)
	doc.yamlSrc = yamlSrc
	if rd != nil && rd.KeepTree {
		doc.rootNode = root
	}
	if id, ok := doc.Data["id"].(string); ok {
		doc.ID = id
	}
	return doc, skip{}
}

// laterFrontmatter returns the line of a --- that would open frontmatter but
// for the blank lines or spaces before it, or 0.
func laterFrontmatter(src []byte) int {
	for i, l := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if t == "---" {
			return i + 1
		}
		return 0
	}
	return 0
}

// decodeWide recognizes UTF-32 and UTF-16 text by its byte-order mark, or,
// without one, by NUL bytes in every other position of ASCII-looking text.
// It returns the encoding's name and the text as UTF-8, or "" and nil.
func decodeWide(src []byte) (string, []byte) {
	switch {
	case bytes.HasPrefix(src, []byte{0xff, 0xfe, 0, 0}):
		return "UTF-32 (little-endian)", decode32(src[4:], binary.LittleEndian)
	case bytes.HasPrefix(src, []byte{0, 0, 0xfe, 0xff}):
		return "UTF-32 (big-endian)", decode32(src[4:], binary.BigEndian)
	case bytes.HasPrefix(src, []byte{0xff, 0xfe}):
		return "UTF-16 (little-endian)", decode16(src[2:], binary.LittleEndian)
	case bytes.HasPrefix(src, []byte{0xfe, 0xff}):
		return "UTF-16 (big-endian)", decode16(src[2:], binary.BigEndian)
	}
	// Without a mark: the first bytes are ASCII characters, each with a NUL
	// byte after (little-endian) or before (big-endian) it.
	n := min(len(src), 64) &^ 1
	if n < 4 {
		return "", nil
	}
	le, be := true, true
	for i := 0; i < n; i += 2 {
		a, b := src[i], src[i+1]
		le = le && a != 0 && a < 0x80 && b == 0
		be = be && b != 0 && b < 0x80 && a == 0
	}
	switch {
	case le:
		return "UTF-16 (little-endian)", decode16(src, binary.LittleEndian)
	case be:
		return "UTF-16 (big-endian)", decode16(src, binary.BigEndian)
	}
	return "", nil
}

func decode16(src []byte, order binary.ByteOrder) []byte {
	u := make([]uint16, len(src)/2)
	for i := range u {
		u[i] = order.Uint16(src[2*i:])
	}
	return []byte(string(utf16.Decode(u)))
}

func decode32(src []byte, order binary.ByteOrder) []byte {
	var b strings.Builder
	for i := 0; i+4 <= len(src); i += 4 {
		b.WriteRune(rune(order.Uint32(src[i:])))
	}
	return []byte(b.String())
}

// splitFrontmatter splits a Markdown file into its frontmatter and body. ok is
// false when the file does not start with a --- line; closed is false when the
// frontmatter never ends.
func splitFrontmatter(src []byte) (fm, body []byte, bodyLine int, ok, closed bool) {
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if strings.TrimRight(string(first), " \t\r") != "---" {
		return nil, nil, 0, false, false
	}
	if !found {
		return nil, nil, 0, true, false
	}
	start := len(first) + 1
	off := start
	line := 2
	for off <= len(src) {
		end := bytes.IndexByte(src[off:], '\n')
		var l []byte
		next := len(src) + 1
		if end < 0 {
			l = src[off:]
		} else {
			l = src[off : off+end]
			next = off + end + 1
		}
		t := strings.TrimRight(string(l), " \t\r")
		if t == "---" || t == "..." {
			b := []byte{}
			if next <= len(src) {
				b = src[next:]
			}
			return src[start:off], b, line + 1, true, true
		}
		if end < 0 {
			break
		}
		off = next
		line++
	}
	_ = rest
	return src[start:], nil, 0, true, false
}

// parseYAML parses the first YAML document of src. A second document is a
// problem, since one file holds one artifact.
func parseYAML(src []byte) (root *yaml.Node, problem string) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var n yaml.Node
	if err := dec.Decode(&n); err != nil {
		if err.Error() == "EOF" {
			return nil, ""
		}
		return nil, err.Error()
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		line := extra.Line
		if len(extra.Content) > 0 {
			line = extra.Content[0].Line
		}
		return nil, fmt.Sprintf("yaml: line %d: the file holds more than one YAML document: keep one artifact per file", line)
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil, ""
		}
		return n.Content[0], ""
	}
	return &n, ""
}

// A YAMLError says why ParseYAML cannot read a file as a mapping of fields.
type YAMLError struct {
	Pos Position // where the problem is
	Msg string   // what is wrong and how to fix it
	// NotMapping is set when the file is YAML but not a mapping of fields
	// (a list, or a single value): Msg then says so as for an artifact, and
	// a caller may say instead what its file must hold.
	NotMapping bool
}

// Error returns the message with its line.
func (e *YAMLError) Error() string { return fmt.Sprintf("line %d: %s", e.Pos.Line, e.Msg) }

// ParseYAML parses src, a YAML file that is not an artifact (such as the
// configuration file at name), into a Document whose Data is its top-level
// mapping, so that Locate and the accessors work on it. Values convert as in
// artifacts: a repeated key, or aliases that expand too far, are errors. An
// empty file gives a nil Document and no error; a file that is not one
// mapping of fields gives a *YAMLError.
func ParseYAML(name string, src []byte) (*Document, error) {
	root, problem := parseYAML(src)
	if problem != "" {
		line, msg := splitYAMLError(problem)
		line = min(line, lastLine(src))
		return nil, &YAMLError{Pos: Position{Line: line, Col: 1}, Msg: msg}
	}
	if root == nil {
		return nil, nil
	}
	doc := &Document{Path: name, Format: YAML}
	if root.Kind != yaml.MappingNode {
		return nil, &YAMLError{Pos: doc.pos(root), Msg: "the document must be a mapping of fields (key: value), not a " + nodeKindName(root), NotMapping: true}
	}
	doc.rootNode = root
	conv := converter{doc: doc}
	v := conv.value(root, 0)
	if len(doc.Problems) > 0 {
		p := doc.Problems[0]
		return nil, &YAMLError{Pos: p.Range.Start, Msg: p.Message}
	}
	data, _ := v.(map[string]any)
	doc.setData(data)
	doc.yamlSrc = src
	return doc, nil
}

// splitYAMLError turns "yaml: line 3: did not find expected key" into line 3 and
// a message that says what to do.
func splitYAMLError(msg string) (int, string) {
	line := 0
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		// go.yaml.in/yaml/v3 numbers the lines of parser errors (unlike
		// scanner errors) from 0: it reports where the enclosing construct starts.
		if yamlParserErr.MatchString(msg) {
			line++
		}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if i := strings.Index(msg, ": "); strings.HasPrefix(msg, "line ") && i > 0 {
		msg = msg[i+2:]
	}
	if strings.Contains(msg, "keep one artifact") || strings.Contains(msg, "write its fields") {
		return line, msg
	}
	return line, "invalid YAML: " + msg + ": fix the syntax (check indentation, colons and quotes)"
}

// lastLine is the number of the last line of src, which has no newline
// after it: a YAML error at the end of the input is reported there (the
// YAML parser may count one line further).
func lastLine(src []byte) int {
	return bytes.Count(src, []byte("\n")) + 1
}

func invalidUTF8Line(src []byte) int {
	line := 1
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		src = src[size:]
	}
	return line
}

func nodeKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value"
	case yaml.AliasNode:
		return "alias"
	}
	return "mapping"
}

// mappingValue returns the value node of key in mapping m, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func (d *Document) problem(rule string, p Position, msg string) {
	d.Problems = append(d.Problems, Problem{RuleID: rule, Range: Range{File: d.Path, Start: p, End: p}, Message: msg})
}

// pos returns the file position of a node.
func (d *Document) pos(n *yaml.Node) Position {
	return Position{Line: n.Line + d.lineOffset, Col: n.Column}
}

// nodeRange returns the range a node covers; for a one-line scalar the end is
// just after its last character.
func (d *Document) nodeRange(n *yaml.Node) Range {
	start := d.pos(n)
	end := start
	if n.Kind == yaml.ScalarNode && !strings.Contains(n.Value, "\n") {
		w := utf8.RuneCountInString(n.Value)
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			w += 2
		}
		end.Col += w
	}
	return Range{File: d.Path, Start: start, End: end}
}

// FileRange returns the range of the whole document's start, for findings about
// the document as a whole.
func (d *Document) FileRange() Range {
	if root := d.root(); root != nil {
		return Range{File: d.Path, Start: d.pos(root), End: d.pos(root)}
	}
	p := Position{Line: 1, Col: 1}
	return Range{File: d.Path, Start: p, End: p}
}

// node walks path tokens (mapping keys, list indexes) from the root. It returns
// the deepest node reached and the key node of the last mapping step, and
// whether the whole path was found.
func (d *Document) node(tokens []string) (val, key *yaml.Node, found bool) {
	n := d.root()
	for i, t := range tokens {
		if i == 0 {
			if from, ok := d.renamed[t]; ok {
				t = from // a mapped field: where the user wrote it
			}
		}
		for n != nil && n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if n == nil {
			return nil, nil, false
		}
		switch n.Kind {
		case yaml.MappingNode:
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == t {
					key, next = n.Content[i], n.Content[i+1]
				}
			}
			if next == nil {
				return n, key, false
			}
			n = next
		case yaml.SequenceNode:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(n.Content) {
				return n, key, false
			}
			key, n = nil, n.Content[i]
		default:
			return n, key, false
		}
	}
	return n, key, n != nil
}

// Locate returns the range of the value at path (mapping keys and list
// indexes). When the path does not exist it returns the range of the deepest
// part that does, so a finding still points somewhere useful.
//
// A field that a mapping of .aims.yaml renamed is found where the file
// writes it, under its own key; an id taken from a field is that field, and
// one taken from the file name is the document's start.
func (d *Document) Locate(tokens ...string) Range {
	if d.root() == nil || d.idFromName && len(tokens) > 0 && tokens[0] == "id" {
		return d.FileRange()
	}
	n, _, _ := d.node(tokens)
	if n == nil {
		return d.FileRange()
	}
	return d.nodeRange(n)
}

// LocateKey returns the range of the key of the value at path, falling back to
// Locate when the last step is a list index or missing.
func (d *Document) LocateKey(tokens ...string) Range {
	if d.root() == nil || d.idFromName && len(tokens) > 0 && tokens[0] == "id" {
		return d.FileRange()
	}
	_, k, found := d.node(tokens)
	if !found || k == nil {
		return d.Locate(tokens...)
	}
	return d.nodeRange(k)
}

// Get returns the value at path, or nil.
func (d *Document) Get(tokens ...string) any {
	var v any = d.Data
	for _, t := range tokens {
		switch x := v.(type) {
		case map[string]any:
			v = x[t]
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// String returns the string at path, or "".
func (d *Document) String(tokens ...string) string {
	s, _ := d.Get(tokens...).(string)
	return s
}

// Strings returns the strings of the list at path; other items are skipped.
func (d *Document) Strings(tokens ...string) []string {
	l, _ := d.Get(tokens...).([]any)
	out := make([]string, 0, len(l))
	for _, v := range l {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// List returns the list at path, or nil.
func (d *Document) List(tokens ...string) []any {
	l, _ := d.Get(tokens...).([]any)
	return l
}

// YAMLSource returns the YAML of the document as written (the frontmatter of
// a Markdown file) and the file line its first line is on. It is nil for a
// document that was not parsed.
func (d *Document) YAMLSource() ([]byte, int) {
	if d.Data == nil {
		return nil, 0
	}
	return d.yamlSrc, d.lineOffset + 1
}

// Status returns the document's status field, or "".
func (d *Document) Status() string {
	if d.statusKnown && d.Data != nil {
		return d.status
	}
	return d.String("status")
}

// converter turns a yaml.Node tree into plain values, reporting duplicate keys
// and refusing documents that are too deep or expand too many aliases.
type converter struct {
	doc  *Document
	strs *Strings // where short strings are shared, or nil
	mp   *mapped  // the mappings that apply, for their reference fields; or nil
	// expanded counts the values produced inside alias expansions, where
	// a few lines can stand for billions of values; the values written
	// out in the file are never limited here (max_file_size bounds them).
	expanded int
	inAlias  int // the depth of alias expansions being converted
	fatal    bool
}

func (c *converter) value(n *yaml.Node, depth int) any {
	if c.fatal {
		return nil
	}
	if c.inAlias > 0 {
		c.expanded++
	}
	if c.expanded > maxValues {
		c.fatal = true
		c.doc.problem(RuleParse, c.doc.pos(n), fmt.Sprintf("the document expands to more than %d values through YAML aliases: remove the aliases (&name / *name)", maxValues))
		return nil
	}
	if depth > maxDepth {
		c.fatal = true
		c.doc.problem(RuleParse, c.doc.pos(n), fmt.Sprintf("the document is nested more than %d levels deep: flatten it", maxDepth))
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return c.value(n.Content[0], depth)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil
		}
		c.inAlias++
		v := c.value(n.Alias, depth+1)
		c.inAlias--
		return v
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, e := range n.Content {
			out[i] = c.value(e, depth+1)
		}
		return out
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
				if m, ok := c.value(v, depth+1).(map[string]any); ok {
					for mk, mv := range m {
						if _, dup := out[mk]; !dup {
							out[mk] = mv
						}
					}
				}
				continue
			}
			key := k.Value
			if k.Kind != yaml.ScalarNode {
				c.doc.problem(RuleParse, c.doc.pos(k), "a key must be a plain word, not a list or mapping")
				continue
			}
			if first, dup := seen[key]; dup {
				c.doc.problem(RuleParse, c.doc.pos(k), fmt.Sprintf("`%s` appears twice in the same mapping (first on line %d): keep one", key, first.Line+c.doc.lineOffset))
				continue
			}
			seen[key] = k
			key = c.strs.key(key)
			if c.mp.reference(key, depth) {
				out[key] = c.references(v, depth+1)
				continue
			}
			out[key] = c.value(v, depth+1)
		}
		return out
	case yaml.ScalarNode:
		return c.scalar(n)
	}
	return nil
}

// references converts a reference or a list of them, keeping numbers as written.
func (c *converter) references(n *yaml.Node, depth int) any {
	asText := func(e *yaml.Node) bool {
		return e.Kind == yaml.ScalarNode && (e.ShortTag() == "!!float" || e.ShortTag() == "!!int")
	}
	switch {
	case asText(n):
		if c.inAlias > 0 {
			c.expanded++
		}
		return c.strs.value(n.Value)
	case n.Kind == yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, e := range n.Content {
			if asText(e) {
				if c.inAlias > 0 {
					c.expanded++
				}
				out[i] = c.strs.value(e.Value)
				continue
			}
			out[i] = c.value(e, depth+1)
		}
		return out
	}
	return c.value(n, depth)
}

// scalar resolves a scalar node. Timestamps stay the string as written, so a
// date is what the author typed.
func (c *converter) scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	case "!!int":
		var i int64
		if err := n.Decode(&i); err == nil {
			return i
		}
		var f float64
		if err := n.Decode(&f); err == nil {
			return f
		}
	case "!!float":
		var f float64
		if err := n.Decode(&f); err == nil {
			return f
		}
	}
	return c.strs.value(n.Value)
}
