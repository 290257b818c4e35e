package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// readJSON reads a results file written as JSON: a list of objects with the
// keys of the CSV columns, or an object whose "metrics" key holds that list.
func readJSON(data []byte) ([]Row, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	lines := newLineIndex(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	fail := func(off int64, format string, args ...any) error {
		return &Error{Pos: lines.pos(off), Msg: fmt.Sprintf(format, args...)}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(lines, dec, err)
	}
	if tok == json.Delim('{') {
		found := false
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return nil, jsonError(lines, dec, err)
			}
			if key == "metrics" {
				found = true
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, jsonError(lines, dec, err)
			}
		}
		if !found {
			return nil, fail(0, "the results file has no \"metrics\" list: write {\"metrics\": [{\"metric\": ..., \"value\": ...}]} or a list of metrics")
		}
		if tok, err = dec.Token(); err != nil {
			return nil, jsonError(lines, dec, err)
		}
	}
	if tok != json.Delim('[') {
		return nil, fail(dec.InputOffset(), "the results file must be a list of metrics (or an object with a \"metrics\" list), not %s", describe(tok))
	}
	var rows []Row
	hasMethod := false
	type raw struct {
		line   int
		fields map[string]json.RawMessage
		keyPos map[string]Pos
	}
	var raws []raw
	for dec.More() {
		start := lines.skipSpace(dec.InputOffset())
		var obj map[string]json.RawMessage
		if err := dec.Decode(&obj); err != nil {
			if _, ok := err.(*json.UnmarshalTypeError); ok {
				obj = nil
			} else {
				return nil, jsonError(lines, dec, err)
			}
		}
		if obj == nil {
			return nil, fail(start, "each metric must be an object such as {\"metric\": \"auc\", \"value\": 0.87, \"threshold\": 0.8, \"comparison\": \">=\"}")
		}
		r := raw{line: lines.pos(start).Line, fields: map[string]json.RawMessage{}, keyPos: map[string]Pos{}}
		for k, v := range obj {
			k = strings.ToLower(strings.TrimSpace(k))
			r.fields[k] = v
			if k == "method" {
				hasMethod = true
			}
		}
		// Where each key's value starts: the object's text, searched for the key.
		end := dec.InputOffset()
		for k := range r.fields {
			if i := bytes.Index(data[start:end], []byte(`"`+k+`"`)); i >= 0 {
				r.keyPos[k] = lines.pos(start + int64(i))
			}
		}
		raws = append(raws, r)
	}
	if len(raws) == 0 {
		return nil, fail(0, "the results file lists no metric: write one object per metric")
	}
	for _, r := range raws {
		cells := map[string]cell{}
		for k, v := range r.fields {
			c := cell{present: true, pos: r.keyPos[k]}
			if c.pos.Line == 0 {
				c.pos = Pos{Line: r.line, Col: 1}
			}
			var n json.Number
			var s string
			var b bool
			switch {
			case json.Unmarshal(v, &n) == nil && !bytes.HasPrefix(bytes.TrimSpace(v), []byte(`"`)):
				if f, err := n.Float64(); err == nil {
					c.number = &f
				}
				c.text = n.String()
			case json.Unmarshal(v, &s) == nil:
				c.text, c.isText = s, true
			case json.Unmarshal(v, &b) == nil:
				c.text = fmt.Sprint(b)
			case bytes.Equal(bytes.TrimSpace(v), []byte("null")):
				c.present = false
			default:
				c.text, c.isText = string(v), true
			}
			cells[k] = c
		}
		// Text cells are fine for text columns; numbers must be numbers.
		rows = append(rows, makeRow(r.line, cells, hasMethod))
	}
	return rows, nil
}

// describe names a JSON token's type for a message.
func describe(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		return "an object"
	case string:
		return "text"
	case json.Number, float64:
		return "a number"
	case bool:
		return "true or false"
	}
	return "null"
}

// jsonError turns a decoding error into an Error at its line.
func jsonError(lines lineIndex, dec *json.Decoder, err error) error {
	if se, ok := err.(*json.SyntaxError); ok {
		return &Error{Pos: lines.pos(se.Offset), Msg: "not valid JSON: " + se.Error()}
	}
	return &Error{Pos: lines.pos(dec.InputOffset()), Msg: "not valid JSON: " + err.Error()}
}

// lineIndex maps byte offsets to lines and columns.
type lineIndex struct {
	data   []byte
	starts []int64
}

func newLineIndex(data []byte) lineIndex {
	li := lineIndex{data: data, starts: []int64{0}}
	for i, b := range data {
		if b == '\n' {
			li.starts = append(li.starts, int64(i+1))
		}
	}
	return li
}

// pos returns the 1-based line and column (in Unicode code points, as
// document positions count them) of a byte offset.
func (li lineIndex) pos(off int64) Pos {
	off = min(max(off, 0), int64(len(li.data)))
	lo, hi := 0, len(li.starts)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if li.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return Pos{Line: lo + 1, Col: utf8.RuneCount(li.data[li.starts[lo]:off]) + 1}
}

// at returns the position of a 1-based line and byte column.
func (li lineIndex) at(line, byteCol int) Pos {
	if line < 1 || line > len(li.starts) {
		return Pos{Line: line, Col: byteCol}
	}
	return li.pos(li.starts[line-1] + int64(byteCol-1))
}

// skipSpace returns the offset of the first byte at or after off that is
// neither white space nor a comma.
func (li lineIndex) skipSpace(off int64) int64 {
	for off < int64(len(li.data)) {
		switch li.data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
			continue
		}
		break
	}
	return off
}
