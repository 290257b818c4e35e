// Package baseline records the findings of a lint run in a file and compares
// later runs with it, so that a repository adopting aims fails only on the
// findings it did not have yet (aims lint --write-baseline, --baseline).
//
// A finding is matched by a key that holds no line number: its rule, its
// message (with the line numbers some messages quote left out), a hash of
// the text of the line it points at, and where it is: its file, or failing
// that the id of the artifact in the file (so that a document moved or
// renamed keeps its findings, as does one whose id is corrected in place).
// Lines inserted or removed above a finding leave it matched; a change to
// the flagged line or to the message makes it a new finding. Identical
// findings (same key) are counted: a baseline that holds two of them
// accepts two, and a third is new.
//
// The file is JSON, versioned, one entry per distinct finding, sorted, and
// indented so that a review of its diff reads as a list of findings added or
// fixed. docs/baseline.md describes the workflow.
package baseline

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/aimsdev/aims/lint"
)

// Version is the version of the baseline file format. A file of a later
// version is refused, with a message to upgrade aims.
const Version = 1

// tool is the value of the file's "tool" field, which marks a file as an
// aims baseline: aims replaces no other file with one.
const tool = "aims-baseline"

// An Entry is one finding of a baseline, or Count identical ones.
type Entry struct {
	Rule    string `json:"rule"`
	File    string `json:"file"`         // slash path relative to the repository root; "" for the repository as a whole
	ID      string `json:"id,omitempty"` // the id of the artifact in File, when it has one
	Message string `json:"message"`
	// LineHash is the first 16 hex digits of the SHA-256 of the flagged
	// line's text, spaces at both ends trimmed; "" for a finding without a
	// line.
	LineHash string `json:"line_hash,omitempty"`
	// Count is how many identical findings the entry stands for; 1 when
	// left out.
	Count int `json:"count,omitempty"`
}

// A Baseline is the set of findings a repository has accepted for now.
type Baseline struct {
	Entries []Entry // sorted by file, rule, message, id and line hash; keys unique
}

// file is the JSON form of a baseline.
type file struct {
	Tool     string  `json:"tool"`
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// FromResult records the findings of r that are not suppressed (a suppression
// already accepts the others).
func FromResult(r *lint.Result) *Baseline {
	ids := artifactIDs(r)
	counts := map[key]int{}
	var entries []Entry
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppressed != nil {
			continue
		}
		e := entry(f, ids)
		k := e.key()
		if counts[k] == 0 {
			entries = append(entries, e)
		}
		counts[k]++
	}
	for i := range entries {
		entries[i].Count = counts[entries[i].key()]
	}
	b := &Baseline{Entries: entries}
	b.sort()
	return b
}

// Len returns how many findings b holds: the sum of its entries' counts.
func (b *Baseline) Len() int {
	n := 0
	for _, e := range b.Entries {
		n += e.count()
	}
	return n
}

// Marshal returns the baseline file's bytes: deterministic, indented by two
// spaces, one entry per line group, ending in a newline. A count of 1 is
// left out.
func (b *Baseline) Marshal() ([]byte, error) {
	out := file{Tool: tool, Version: Version, Findings: make([]Entry, 0, len(b.Entries))}
	for _, e := range b.Entries {
		if e.Count == 1 {
			e.Count = 0
		}
		out.Findings = append(out.Findings, e)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// A ParseError says where a baseline file is wrong and what to do.
type ParseError struct {
	Path string
	Line int // 1-based; 0 when the whole file is wrong
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// IsBaseline reports whether data looks like an aims baseline file (of any
// version), so that writing a new one may replace it.
func IsBaseline(data []byte) bool {
	var head struct {
		Tool string `json:"tool"`
	}
	return json.Unmarshal(data, &head) == nil && head.Tool == tool
}

// Parse reads the baseline file at path, whose bytes are data. A file that
// is not JSON, not an aims baseline, of a later version, or has an entry
// without a rule or message is a *ParseError naming the line.
func Parse(path string, data []byte) (*Baseline, error) {
	fail := func(offset int64, format string, args ...any) error {
		return &ParseError{Path: path, Line: lineAt(data, offset), Msg: fmt.Sprintf(format, args...)}
	}
	if json.Valid(data) && !IsBaseline(data) {
		return nil, fail(0, "not an aims baseline (it has no \"tool\": %q): give the file aims lint --write-baseline wrote", tool)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return nil, fail(syn.Offset, "not valid JSON: %v: write it again with aims lint --write-baseline %s", syn, path)
		case errors.As(err, &typ):
			return nil, fail(typ.Offset, "%s should be %s, not a JSON %s: write it again with aims lint --write-baseline %s", fieldName(typ.Field), typ.Type, typ.Value, path)
		case errors.Is(err, io.EOF):
			return nil, fail(0, "the file is empty: write it with aims lint --write-baseline %s", path)
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, fail(int64(len(data)), "the JSON ends too early: write it again with aims lint --write-baseline %s", path)
		}
		return nil, fail(dec.InputOffset(), "%v: an aims baseline has only tool, version and findings with rule, file, id, message, line_hash and count; write it again with aims lint --write-baseline %s", err, path)
	}
	if dec.More() {
		return nil, fail(dec.InputOffset(), "more than one JSON value: a baseline is one object; write it again with aims lint --write-baseline %s", path)
	}
	switch {
	case f.Version > Version:
		return nil, fail(0, "baseline version %d was written by a newer aims (this one reads version %d): upgrade aims", f.Version, Version)
	case f.Version < 1:
		return nil, fail(0, "baseline version %d is not valid: write it again with aims lint --write-baseline %s", f.Version, path)
	}
	b := &Baseline{Entries: f.Findings}
	for i, e := range b.Entries {
		line := entryLine(data, i)
		switch {
		case strings.TrimSpace(e.Rule) == "":
			return nil, &ParseError{Path: path, Line: line, Msg: fmt.Sprintf("finding %d has no rule: give each finding its rule, or write the file again with aims lint --write-baseline %s", i+1, path)}
		case strings.TrimSpace(e.Message) == "":
			return nil, &ParseError{Path: path, Line: line, Msg: fmt.Sprintf("finding %d has no message: give each finding its message, or write the file again with aims lint --write-baseline %s", i+1, path)}
		case e.Count < 0:
			return nil, &ParseError{Path: path, Line: line, Msg: fmt.Sprintf("finding %d has a negative count: write a count of 1 or more, or leave it out for 1", i+1)}
		}
	}
	b.merge() // two entries of one key add up, as if merged by hand
	return b, nil
}

// Options say how Apply compares a run with a baseline.
type Options struct {
	// File names the baseline in messages and reports, as the user gave it.
	File string
	// InScope, when not nil, says which files' findings the run reported
	// (file arguments, a subfolder): only entries of those files, and of the
	// repository as a whole, can be gone.
	InScope func(file string) bool
	// Partial is true when the run reported the findings of the changed files
	// only (--changed, --base): no entry is then known to be gone.
	Partial bool
}

// Apply compares r's findings with b and sets each unsuppressed finding's
// state and r.Baseline. A finding is BaselineUnchanged when an entry with
// its rule, message (line numbers left out) and flagged line has a count
// left, and that entry is of the same file or, failing that, of the same
// artifact id (a file moved or renamed); else it is BaselineNew. Findings
// are matched in r's order, by file first; the counts left over are gone.
func Apply(r *lint.Result, b *Baseline, o Options) {
	ids := artifactIDs(r)
	left := make([]int, len(b.Entries))
	byFile := map[key][]int{}
	byID := map[key][]int{}
	for i, e := range b.Entries {
		left[i] = e.count()
		byFile[e.fileKey()] = append(byFile[e.fileKey()], i)
		if e.ID != "" {
			byID[e.idKey()] = append(byID[e.idKey()], i)
		}
	}
	// take uses one count of the first entry of list that has one left.
	take := func(list []int) bool {
		for _, i := range list {
			if left[i] > 0 {
				left[i]--
				return true
			}
		}
		return false
	}
	sum := &lint.BaselineSummary{File: o.File, Partial: o.Partial}
	var unmatched []int
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Baseline = ""
		if f.Suppressed != nil {
			continue
		}
		if take(byFile[entry(f, ids).fileKey()]) {
			f.Baseline = lint.BaselineUnchanged
			sum.Unchanged++
			continue
		}
		unmatched = append(unmatched, i)
	}
	for _, i := range unmatched {
		f := &r.Findings[i]
		e := entry(f, ids)
		if e.ID != "" && take(byID[e.idKey()]) {
			f.Baseline = lint.BaselineUnchanged
			sum.Unchanged++
			continue
		}
		f.Baseline = lint.BaselineNew
	}
	if !o.Partial {
		for i, e := range b.Entries {
			if left[i] == 0 || (o.InScope != nil && e.File != "" && !o.InScope(e.File)) {
				continue
			}
			sum.Gone = append(sum.Gone, lint.GoneFinding{RuleID: e.Rule, File: e.File, ID: e.ID, Message: e.Message, Count: left[i]})
		}
	}
	r.Baseline = sum
}

// key is what identifies a finding across runs: no line number.
type key struct {
	rule, file, id, message, line string
}

// key returns what tells two entries of a file apart.
func (e Entry) key() key {
	return key{rule: e.Rule, file: e.File, id: e.ID, message: normalize(e.Message), line: e.LineHash}
}

// fileKey returns the key a finding is first matched by: its file, without
// the artifact id (an id corrected in place keeps its file's findings).
func (e Entry) fileKey() key {
	k := e.key()
	k.id = ""
	return k
}

// idKey returns the key a finding is matched by when its file has no entry
// for it: its artifact id, without the file (a document moved or renamed
// keeps its findings).
func (e Entry) idKey() key {
	k := e.key()
	k.file = ""
	return k
}

func (e Entry) count() int {
	return max(e.Count, 1)
}

// lineNumberRe matches the line numbers some messages quote ("first on line
// 12"), which move with the text.
var lineNumberRe = regexp.MustCompile(`\bline \d+`)

// normalize returns the message as keys compare it: the line numbers it
// quotes left out.
func normalize(msg string) string {
	return lineNumberRe.ReplaceAllString(msg, "line N")
}

// entry returns the baseline entry of one finding.
func entry(f *lint.Finding, ids map[string]string) Entry {
	e := Entry{Rule: f.RuleID, File: f.Range.File, Message: f.Message, Count: 1}
	if f.Range.File != "" {
		e.ID = ids[f.Range.File]
		if f.Range.Start.Line > 0 {
			e.LineHash = LineHash(f.Line)
		}
	}
	return e
}

// LineHash returns the hash of a flagged line's text that a baseline entry
// records: the first 16 hex digits of the SHA-256 of the text with spaces at
// both ends trimmed.
func LineHash(text string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(text)))
	return hex.EncodeToString(sum[:8])
}

// artifactIDs maps each artifact's path to its id.
func artifactIDs(r *lint.Result) map[string]string {
	ids := make(map[string]string, len(r.Artifacts))
	for _, a := range r.Artifacts {
		if a.ID != "" {
			ids[a.Path] = a.ID
		}
	}
	return ids
}

// sort orders the entries by file, rule, message, id and line hash.
func (b *Baseline) sort() {
	slices.SortStableFunc(b.Entries, func(x, y Entry) int {
		return cmp.Or(
			strings.Compare(x.File, y.File),
			strings.Compare(x.Rule, y.Rule),
			strings.Compare(x.Message, y.Message),
			strings.Compare(x.ID, y.ID),
			strings.Compare(x.LineHash, y.LineHash),
		)
	})
}

// merge sorts the entries and adds up those of one key.
func (b *Baseline) merge() {
	b.sort()
	var out []Entry
	at := map[key]int{}
	for _, e := range b.Entries {
		e.Count = e.count()
		if i, ok := at[e.key()]; ok {
			out[i].Count += e.Count
			continue
		}
		at[e.key()] = len(out)
		out = append(out, e)
	}
	b.Entries = out
}

// lineAt returns the 1-based line of the byte at offset in data.
func lineAt(data []byte, offset int64) int {
	if offset <= 0 {
		return 1
	}
	offset = min(offset, int64(len(data)))
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

// entryLine returns the line where the i-th entry of "findings" starts, or
// 0 when it cannot be told.
func entryLine(data []byte, i int) int {
	dec := json.NewDecoder(bytes.NewReader(data))
	depth, n := 0, -1
	inFindings := false
	var lastKey string
	for {
		tok, err := dec.Token()
		if err != nil {
			return 0
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if t == '[' && depth == 1 && lastKey == "findings" {
					inFindings = true
				} else if t == '{' && inFindings && depth == 2 {
					n++
					if n == i {
						// InputOffset is just past the brace.
						return lineAt(data, dec.InputOffset()-1)
					}
				}
				depth++
			default:
				depth--
				if depth == 1 {
					inFindings = false
				}
			}
			lastKey = ""
		case string:
			if depth == 1 && lastKey == "" {
				lastKey = t
				continue
			}
			lastKey = ""
		default:
			lastKey = ""
		}
	}
}

// fieldName names a JSON field for messages: "findings.count" becomes
// `"count" of a finding`.
func fieldName(f string) string {
	if f == "" {
		return "the file"
	}
	if rest, ok := strings.CutPrefix(f, "findings."); ok {
		return fmt.Sprintf("%q of a finding", rest)
	}
	return fmt.Sprintf("%q", f)
}

// Compare matches the findings of two runs of one repository the way a
// baseline matches them (rule, message, the flagged line's text, and file or
// else artifact id, with counts) and returns what changed from before to
// after: opened are after's unsuppressed findings that before did not have,
// closed are before's unsuppressed findings that after no longer has, each
// in its run's order. Neither result is changed.
func Compare(before, after *lint.Result) (opened, closed []lint.Finding) {
	return unmatched(after, FromResult(before)), unmatched(before, FromResult(after))
}

// unmatched returns the unsuppressed findings of r that b does not hold,
// applying b to a copy of r's findings.
func unmatched(r *lint.Result, b *Baseline) []lint.Finding {
	c := *r
	c.Findings = slices.Clone(r.Findings)
	Apply(&c, b, Options{})
	var out []lint.Finding
	for i := range c.Findings {
		if c.Findings[i].Baseline == lint.BaselineNew {
			out = append(out, r.Findings[i])
		}
	}
	return out
}
