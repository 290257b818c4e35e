package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/lint"
)

// This file holds the earlier versions of artifacts that the history rules
// compare: one cache per run, shared by every rule (lint.Pass.Shared), in
// which each version is read from git and parsed at most once, and kept
// only as the little the rules ask of it (a version), so that a register of
// megabytes changed a hundred times costs kilobytes.

// A version is what the history rules know of an earlier version of an
// artifact that could be read as one (its data is a mapping of fields):
// a fingerprint of each top-level field and of the words of the body.
// Fingerprints stand for reflect.DeepEqual of the values, as the rules
// compared them when they kept whole documents.
type version struct {
	fields map[string]fieldSum // by top-level key
	body   digest              // the words of the Markdown body
	norm   []fieldSum          // normalField of each of significantFields
	size   int                 // estimated bytes held
}

// A digest is the first half of a SHA-256.
type digest [16]byte

// A fieldSum stands for one value of a version's data.
type fieldSum struct {
	sum digest
	str bool // a string (so Document.String returns it)
	ref bool // a mapping or list: DeepEqual holds it equal to itself
	nan bool // holds a NaN, which DeepEqual holds equal to nothing
}

// equal reports whether reflect.DeepEqual holds the values a and b equal.
// sameBlob says both come from the same blob: as the same parsed document
// once did, they are then the same value, and DeepEqual holds a mapping or
// list equal to itself before looking inside.
func (a fieldSum) equal(b fieldSum, sameBlob bool) bool {
	if sameBlob && a.ref {
		return true
	}
	if a.nan || b.nan {
		return false
	}
	return a.sum == b.sum
}

// nilSum stands for a missing field, which Data holds as nil.
var nilSum = fieldSum{sum: sumOf([]byte{tagNil})}

func sumOf(b []byte) digest {
	s := sha256.Sum256(b)
	return digest(s[:16])
}

// field returns the sum of the value at key.
func (v *version) field(key string) fieldSum {
	if f, ok := v.fields[key]; ok {
		return f
	}
	return nilSum
}

// textIs reports whether Document.String(key) of the version is s.
func (v *version) textIs(key, s string) bool {
	f := v.field(key)
	if !f.str {
		return s == ""
	}
	var e encoder
	e.value(s)
	return f.sum == sumOf(e.buf)
}

// statusIs reports whether Document.Status of the version is s.
func (v *version) statusIs(s string) bool { return v.textIs("status", s) }

// sameField reports whether v and w hold the same value at key.
func (v *version) sameField(w *version, key string, sameBlob bool) bool {
	return v.field(key).equal(w.field(key), sameBlob)
}

// sameContent reports whether v and w say the same, apart from the fields
// in ignore, YAML formatting and comments, and the spacing of the Markdown
// body (reflowing a paragraph changes nothing).
func (v *version) sameContent(w *version, ignore []string, sameBlob bool) bool {
	for k, a := range v.fields {
		if slices.Contains(ignore, k) {
			continue
		}
		b, ok := w.fields[k]
		if !ok || !a.equal(b, sameBlob) {
			return false
		}
	}
	for k := range w.fields {
		if _, ok := v.fields[k]; !ok && !slices.Contains(ignore, k) {
			return false
		}
	}
	return v.body == w.body
}

// changedFields returns the significant fields whose value differs between
// v (before) and w (after); see changedFields.
func (v *version) changedFields(w *version, sameBlob bool) []string {
	var out []string
	for i, f := range significantFields {
		if !v.norm[i].equal(w.norm[i], sameBlob) {
			out = append(out, f)
		}
	}
	return out
}

// summarize returns the version of a parsed document; nil when its data is
// not a mapping of fields.
func summarize(d *artifact.Document) *version {
	if d == nil || d.Data == nil {
		return nil
	}
	v := &version{fields: make(map[string]fieldSum, len(d.Data)), norm: make([]fieldSum, len(significantFields))}
	var e encoder
	v.size = 64 + 48*len(significantFields)
	for k, x := range d.Data {
		v.fields[k] = e.sum(x)
		v.size += len(k) + 64
	}
	for i, f := range significantFields {
		v.norm[i] = e.sum(normalField(d.Data[f]))
	}
	e.buf = e.buf[:0]
	for _, w := range bytes.Fields(d.Body) {
		e.bytes(w)
	}
	v.body = sumOf(e.buf)
	return v
}

// Tags of the encoding that fingerprints hash.
const (
	tagNil     = 'n'
	tagTrue    = 't'
	tagFalse   = 'f'
	tagInt     = 'i'
	tagFloat   = 'd'
	tagString  = 's'
	tagList    = 'l'
	tagMap     = 'm'
	tagStrings = 'S' // a []string, which normalField makes
	tagOther   = 'x'
)

// An encoder writes values in an encoding that is equal for two values
// exactly when reflect.DeepEqual holds them equal (NaNs aside, which it
// flags): type and value of each scalar, lengths, and the keys of a mapping
// in order.
type encoder struct {
	buf  []byte
	nan  bool
	keys []string
}

// sum returns the fingerprint of x.
func (e *encoder) sum(x any) fieldSum {
	e.buf, e.nan = e.buf[:0], false
	e.value(x)
	f := fieldSum{sum: sumOf(e.buf), nan: e.nan}
	switch x.(type) {
	case string:
		f.str = true
	case map[string]any, []any:
		f.ref = true
	}
	return f
}

func (e *encoder) bytes(b []byte) {
	e.buf = binary.AppendUvarint(e.buf, uint64(len(b)))
	e.buf = append(e.buf, b...)
}

func (e *encoder) value(x any) {
	switch x := x.(type) {
	case nil:
		e.buf = append(e.buf, tagNil)
	case bool:
		if x {
			e.buf = append(e.buf, tagTrue)
		} else {
			e.buf = append(e.buf, tagFalse)
		}
	case int64:
		e.buf = append(e.buf, tagInt)
		e.buf = binary.BigEndian.AppendUint64(e.buf, uint64(x))
	case float64:
		if math.IsNaN(x) {
			e.nan = true
		}
		if x == 0 {
			x = 0 // -0 == 0
		}
		e.buf = append(e.buf, tagFloat)
		e.buf = binary.BigEndian.AppendUint64(e.buf, math.Float64bits(x))
	case string:
		e.buf = append(e.buf, tagString)
		e.buf = binary.AppendUvarint(e.buf, uint64(len(x)))
		e.buf = append(e.buf, x...)
	case []any:
		e.buf = append(e.buf, tagList)
		e.buf = binary.AppendUvarint(e.buf, uint64(len(x)))
		for _, y := range x {
			e.value(y)
		}
	case []string:
		e.buf = append(e.buf, tagStrings)
		e.buf = binary.AppendUvarint(e.buf, uint64(len(x)))
		for _, y := range x {
			e.buf = binary.AppendUvarint(e.buf, uint64(len(y)))
			e.buf = append(e.buf, y...)
		}
	case map[string]any:
		e.buf = append(e.buf, tagMap)
		e.buf = binary.AppendUvarint(e.buf, uint64(len(x)))
		from := len(e.keys)
		for k := range x {
			e.keys = append(e.keys, k)
		}
		keys := e.keys[from:]
		slices.Sort(keys)
		for _, k := range keys {
			e.buf = binary.AppendUvarint(e.buf, uint64(len(k)))
			e.buf = append(e.buf, k...)
			e.value(x[k])
		}
		e.keys = e.keys[:from]
	default:
		// Data holds none of these (artifact.Document.Data); were it to,
		// its printed form stands in.
		e.buf = append(e.buf, tagOther)
		e.buf = fmt.Appendf(e.buf, "%T %#v", x, x)
		e.nan = true // compared by value, DeepEqual may disagree
	}
}

// versions is the cache of earlier versions of one run, shared by the
// history rules (versionsOf). A version is found by its blob, and by its
// text: versions whose texts differ only in the comment lines that open
// their YAML are parsed once between them (leadingComments). Both indexes
// are bounded (versionCacheSize): what falls out is read again if asked
// for.
type versions struct {
	h *gitrepo.History
	// cfg reads a version as the run reads documents (kinds, mappings);
	// when its reading maps (byPath), a version's path is part of its keys,
	// since mappings apply by glob.
	cfg    *lint.Config
	byPath bool
	mu     sync.Mutex
	byBlob entryCache[blobKey]
	byText entryCache[digest]
}

// versionCacheSize bounds the estimated bytes of each of the two indexes of
// the versions cache.
const versionCacheSize = 32 << 20

// A blobKey is a blob read as an artifact of one form and kind (the form
// and kind hint that artifact.ParseDocument takes from the path; and the
// path itself when the configuration maps fields by glob).
type blobKey struct {
	hash   [20]byte
	format artifact.Format
	kind   string
	path   string
}

// A versionEntry is one version, read once.
type versionEntry struct {
	once sync.Once
	v    *version // nil when the blob cannot be read as an artifact
	err  error
	size int // estimated bytes, guarded by versions.mu
}

// versionsKey is the key of the run's versions cache (lint.Pass.Shared).
type versionsKey struct{}

// versionsOf returns the versions cache of the run.
func versionsOf(p *lint.Pass, h *gitrepo.History) *versions {
	return p.Shared(versionsKey{}, func() any { return newVersions(h, p.Config) }).(*versions)
}

// newVersions returns the versions cache of the history h, whose versions
// are read with the kinds and mappings of cfg (nil: none).
func newVersions(h *gitrepo.History, cfg *lint.Config) *versions {
	if cfg == nil {
		cfg = &lint.Config{}
	}
	return &versions{h: h, cfg: cfg, byPath: cfg.Reading().Maps(), byBlob: newEntryCache[blobKey](versionCacheSize), byText: newEntryCache[digest](versionCacheSize)}
}

// parse reads src as a version of the document at p, of kind now.
func (vs *versions) parse(p string, src []byte, kind string) *artifact.Document {
	return vs.cfg.ParseDocumentAs(p, src, kind)
}

// blobEntrySize is the estimated bytes of an entry of the blob index.
const blobEntrySize = 128

// of returns the version of d in blob hash, read as d's path and kind; nil
// when that version cannot be read as an artifact (its data is not a
// mapping with fields), or there is none (hash is empty: the file did not
// exist).
func (vs *versions) of(d *artifact.Document, hash string) (*version, error) {
	if hash == "" {
		return nil, nil
	}
	k := blobKey{format: d.Format, kind: d.Kind}
	if vs.byPath {
		k.path = d.Path
	}
	if len(hash) != hex.EncodedLen(len(k.hash)) {
		return vs.load(d, hash)
	}
	if _, err := hex.Decode(k.hash[:], []byte(hash)); err != nil {
		return vs.load(d, hash)
	}
	vs.mu.Lock()
	e := vs.byBlob.get(k, blobEntrySize)
	vs.mu.Unlock()
	e.once.Do(func() { e.v, e.err = vs.load(d, hash) })
	return e.v, e.err
}

// load reads the blob hash and returns its version, parsing it unless a
// version with the same text (textKey) was parsed.
func (vs *versions) load(d *artifact.Document, hash string) (*version, error) {
	src, err := vs.h.ReadBlob(hash)
	if err != nil {
		return nil, fmt.Errorf("%s: read blob %s: %w", d.Path, shortHash(hash), err)
	}
	vs.mu.Lock()
	key := textKey(d, src)
	if vs.byPath {
		key = pathKey(key, d.Path)
	}
	e := vs.byText.get(key, 0)
	vs.mu.Unlock()
	e.once.Do(func() {
		e.v = summarize(vs.parse(d.Path, src, d.Kind))
		if e.v != nil {
			vs.mu.Lock()
			e.size += e.v.size
			vs.byText.grow(e.v.size)
			vs.mu.Unlock()
		}
	})
	return e.v, nil
}

// pair returns the versions of d before and after change c; ok is false when
// either cannot be read as an artifact.
func (vs *versions) pair(d *artifact.Document, c gitrepo.Change) (before, after *version, ok bool, err error) {
	if before, err = vs.of(d, c.Before); err != nil {
		return nil, nil, false, err
	}
	if after, err = vs.of(d, c.Blob); err != nil {
		return nil, nil, false, err
	}
	return before, after, before != nil && after != nil, nil
}

// textKey returns the key of src as a version of d: equal keys are versions
// that artifact.ParseDocument reads as the same data and body. The key is
// the text itself, but for the comment lines that open its YAML, which
// leadingComments takes out where that is safe.
func textKey(d *artifact.Document, src []byte) digest {
	h := sha256.New()
	var n [binary.MaxVarintLen64 + 1]byte
	h.Write(binary.AppendUvarint(n[:0], uint64(len(d.Kind))))
	h.Write([]byte(d.Kind))
	h.Write([]byte{byte(d.Format)})
	if head, rest, ok := leadingComments(d.Format, src); ok {
		h.Write([]byte{'c'})
		h.Write(binary.AppendUvarint(n[:0], uint64(len(head))))
		h.Write(head)
		h.Write(rest)
	} else {
		h.Write([]byte{'r'})
		h.Write(src)
	}
	var s digest
	copy(s[:], h.Sum(nil))
	return s
}

// pathKey is key for the text of a version of the document at p, when
// versions at different paths may be read differently.
func pathKey(key digest, p string) digest {
	h := sha256.New()
	h.Write(key[:])
	h.Write([]byte(p))
	var s digest
	copy(s[:], h.Sum(nil))
	return s
}

// leadingComments splits src, an artifact of format f, around the lines
// that open its YAML (the frontmatter's, after its --- line, for Markdown)
// when they are all empty or full-line comments: head is what comes before
// them, rest what comes after. YAML skips such lines before the first
// token, so two texts with the same head and rest parse to the same data
// and body; a commit that only adds or edits a comment at the top of the
// file changes no content. ok is false unless that is certain: the
// comments are printable ASCII, Markdown opens with its --- line, and rest
// starts with a top-level key (a letter, so no byte-order mark, directive,
// document marker or indentation) and holds no NUL byte (no UTF-16 or
// binary file, which is read another way).
func leadingComments(f artifact.Format, src []byte) (head, rest []byte, ok bool) {
	i := 0
	if f == artifact.Markdown {
		nl := bytes.IndexByte(src, '\n')
		if nl < 0 || strings.TrimRight(string(src[:nl]), " \t\r") != "---" {
			return nil, nil, false
		}
		i = nl + 1
	}
	head = src[:i]
lines:
	for i < len(src) {
		switch src[i] {
		case '\n':
			i++
		case '#':
			nl := bytes.IndexByte(src[i:], '\n')
			if nl < 0 {
				return nil, nil, false
			}
			for _, c := range src[i : i+nl] {
				if c != '\t' && (c < 0x20 || c > 0x7e) {
					return nil, nil, false
				}
			}
			i += nl + 1
		default:
			break lines
		}
	}
	rest = src[i:]
	if len(rest) == 0 || !isASCIILetter(rest[0]) || bytes.IndexByte(rest, 0) >= 0 {
		return nil, nil, false
	}
	return head, rest, true
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// An entryCache keeps versionEntries in two generations, as gitrepo's
// object cache does: when the young one holds half the limit's bytes it
// becomes the old one, and an entry found in the old one moves back. That
// is nearly an LRU, bounded by bytes. The caller holds versions.mu.
type entryCache[K comparable] struct {
	young, old map[K]*versionEntry
	size, half int
}

func newEntryCache[K comparable](limit int) entryCache[K] {
	return entryCache[K]{young: map[K]*versionEntry{}, half: limit / 2}
}

// get returns the entry of k, a new one (of size bytes) if there is none.
func (c *entryCache[K]) get(k K, size int) *versionEntry {
	if e, ok := c.young[k]; ok {
		return e
	}
	e, ok := c.old[k]
	if ok {
		delete(c.old, k)
	} else {
		e = &versionEntry{size: size}
	}
	c.young[k] = e
	c.grow(e.size)
	return e
}

// grow counts size more bytes in the young generation, turning it old when
// it is full.
func (c *entryCache[K]) grow(size int) {
	c.size += size
	if c.size > c.half {
		c.old, c.young, c.size = c.young, make(map[K]*versionEntry, len(c.young)), 0
	}
}
