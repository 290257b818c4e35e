package gitrepo

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// TestPatchDelta checks the history pass's delta patcher against go-git's
// on deltas go-git makes, from small edits of tree-like data to results far
// larger than the 64 KiB go-git starts from, and on deltas written by hand
// that use every instruction form (a copy of size 0 meaning 0x10000).
func TestPatchDelta(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return b
	}
	tree := func(n int, skip int) []byte {
		var b bytes.Buffer
		for i := 0; i < n; i++ {
			if i == skip {
				continue
			}
			fmt.Fprintf(&b, "100644 ds-%05d.yaml\x00", i)
			b.Write(bytes.Repeat([]byte{byte(i)}, 20))
		}
		return b.Bytes()
	}
	big := tree(5000, -1)
	edited := bytes.Clone(big)
	edited[len(edited)/2] ^= 0xff
	cases := []struct {
		name       string
		base, want []byte
		delta      []byte // nil: go-git's DiffDelta(base, want)
	}{
		{name: "same", base: []byte("hello, world"), want: []byte("hello, world")},
		{name: "insert", base: []byte("hello, world"), want: []byte("hello, brave new world")},
		{name: "random", base: random(3000), want: random(5000)},
		{name: "tree entry changed", base: big, want: edited},
		{name: "tree entry removed", base: big, want: tree(5000, 2500)},
		{name: "tree grown", base: tree(1000, -1), want: tree(6000, -1)},
		{name: "copy of 0x10000", base: bytes.Repeat([]byte("ab"), 0x9000), want: bytes.Repeat([]byte("ab"), 0x8000),
			delta: []byte{0x80, 0xc0, 0x04, 0x80, 0x80, 0x04, 0x80 | 0x01 | 0x10 | 0x20 | 0x40, 0x00, 0x00, 0x00, 0x00}},
		{name: "copy with every offset and size byte", base: random(0x30000)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.want == nil {
				c.want = c.base[0x010203 : 0x010203+0x010102]
				c.delta = []byte{0x80, 0x80, 0x0c, 0x82, 0x82, 0x04, 0xff, 0x03, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01}
			}
			if c.delta == nil {
				c.delta = packfile.DiffDelta(c.base, c.want)
			}
			got, err := patchDelta(c.base, c.delta, newBuffer)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, c.want) {
				t.Fatalf("patchDelta gives %d bytes, want %d", len(got), len(c.want))
			}
			theirs, err := packfile.PatchDelta(c.base, c.delta)
			if err != nil || !bytes.Equal(theirs, got) {
				t.Fatalf("go-git's PatchDelta disagrees (%v)", err)
			}
		})
	}
}

// TestPatchDeltaInvalid checks that a damaged delta is an error, never a
// panic or a wrong object.
func TestPatchDeltaInvalid(t *testing.T) {
	base := []byte("0123456789")
	cases := map[string][]byte{
		"empty":                {},
		"base size wrong":      {9, 2, 0x91, 0, 2},
		"size truncated":       {10},
		"size too long":        {10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01},
		"copy past base":       {10, 4, 0x91, 8, 4},
		"copy past result":     {10, 2, 0x91, 0, 4},
		"copy truncated":       {10, 2, 0x91},
		"insert truncated":     {10, 4, 4, 'a', 'b'},
		"insert past result":   {10, 1, 2, 'a', 'b'},
		"reserved instruction": {10, 2, 0, 0x91, 0, 2},
		"missing instructions": {10, 4, 0x91, 0, 2},
		"left over":            {10, 2, 0x91, 0, 2, 1, 'x'},
	}
	for name, d := range cases {
		if got, err := patchDelta(base, d, newBuffer); err == nil {
			t.Errorf("%s: patchDelta gives %q, want an error", name, got)
		}
	}
	if got, err := patchDelta(base, []byte{10, 4, 0x91, 2, 2, 2, 'x', 'y'}, newBuffer); err != nil || string(got) != "23xy" {
		t.Errorf("valid delta: %q, %v", got, err)
	}
}

func newBuffer(n int) []byte { return make([]byte, 0, n) }
