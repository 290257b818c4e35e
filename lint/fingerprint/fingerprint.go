// Package fingerprint computes the line fingerprints GitHub code scanning uses
// to follow an alert from one commit to the next: SARIF's
// partialFingerprints.primaryLocationLineHash.
//
// The algorithm is the one github/codeql-action applies when it uploads a
// SARIF file without fingerprints (src/fingerprints.ts): a rolling hash over
// the 100 characters that start at each line, ignoring spaces and tabs, so a
// line's fingerprint depends on its content and what follows it, not on its
// number. aims computes the same values, so the upload action keeps them
// without a warning, and uploads through the REST API, which compute nothing,
// still get alerts that survive edits elsewhere in the file.
package fingerprint

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

const (
	// window is how many characters the rolling hash covers.
	window = 100
	// mod is the multiplier of the rolling hash.
	mod = 37
	// eof is the character fed after the last one.
	eof = 65535
)

// firstMod is mod to the power window, modulo 2^64: the weight of the
// character leaving the window.
var firstMod = func() uint64 {
	m := uint64(1)
	for range window {
		m *= mod
	}
	return m
}()

// LineHashes returns the primaryLocationLineHash of every line of src, the
// first line at index 0. Each value is the lower-case hex of a 64-bit rolling
// hash, without leading zeros, then ":" and how many lines of src so far have
// the same hash (1 for the first). src is read as UTF-8 (an invalid sequence
// counts as U+FFFD) and hashed in UTF-16 code units; spaces and tabs are
// skipped, and "\r\n" and "\r" count as "\n". Text that ends in a line break
// has one more, empty, line after it, and empty text has one line.
func LineHashes(src []byte) []string {
	h := hasher{counts: map[uint64]int{}, lineStart: true}
	for i := range h.lines {
		h.lines[i] = -1
	}
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size <= 1 {
			size = invalidLen(src)
		}
		src = src[size:]
		if r <= 0xFFFF {
			h.char(uint16(r))
			continue
		}
		hi, lo := utf16.EncodeRune(r)
		h.char(uint16(hi))
		h.char(uint16(lo))
	}
	h.char(eof)
	// Flush the lines whose window has not filled yet.
	for range window {
		if h.lines[h.index] != -1 {
			h.output()
		}
		h.update(0)
	}
	return h.hashes
}

// hasher is the state of the rolling hash, as in codeql-action's hash().
type hasher struct {
	window [window]uint16
	// lines holds, for each window slot, the 1-based number of the line that
	// starts with the character in it, or -1.
	lines     [window]int
	hash      uint64
	index     int
	line      int
	lineStart bool
	prevCR    bool
	counts    map[uint64]int
	hashes    []string
}

// char feeds one UTF-16 code unit.
func (h *hasher) char(c uint16) {
	if c == ' ' || c == '\t' || (h.prevCR && c == '\n') {
		h.prevCR = false
		return
	}
	if c == '\r' {
		c = '\n'
		h.prevCR = true
	} else {
		h.prevCR = false
	}
	if h.lines[h.index] != -1 {
		h.output()
	}
	if h.lineStart {
		h.lineStart = false
		h.line++
		h.lines[h.index] = h.line
	}
	if c == '\n' {
		h.lineStart = true
	}
	h.update(c)
}

// update rolls c into the hash and advances the window.
func (h *hasher) update(c uint16) {
	out := h.window[h.index]
	h.window[h.index] = c
	h.hash = mod*h.hash + uint64(c) - firstMod*uint64(out)
	h.index = (h.index + 1) % window
}

// output records the current hash as the fingerprint of the line that starts
// at the current window slot.
func (h *hasher) output() {
	h.counts[h.hash]++
	v := strconv.FormatUint(h.hash, 16) + ":" + strconv.Itoa(h.counts[h.hash])
	// Lines complete in order: this is line len(h.hashes)+1.
	h.hashes = append(h.hashes, v)
	h.lines[h.index] = -1
}

// invalidLen returns how many bytes at the start of b, which do not begin a
// valid UTF-8 sequence, make up one U+FFFD: the maximal subpart of a
// sequence, as the WHATWG decoder (and so Node.js, which codeql-action runs
// on) replaces them. utf8.DecodeRune would give one U+FFFD per byte.
func invalidLen(b []byte) int {
	need, lo, hi := 0, byte(0x80), byte(0xBF)
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c == 0xED:
		need, hi = 2, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		need = 2
	case c == 0xF0:
		need, lo = 3, 0x90
	case c == 0xF4:
		need, hi = 3, 0x8F
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	default:
		return 1
	}
	n := 1
	for n <= need && n < len(b) && b[n] >= lo && b[n] <= hi {
		n++
		lo, hi = 0x80, 0xBF
	}
	return n
}
