package baseline

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParse checks that any bytes either parse into a baseline that writes
// back to a file reading the same, or give a *ParseError with a line; never
// a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"tool": "aims-baseline", "version": 1, "findings": [{"rule": "AIMS1002", "file": "a.md", "message": "m", "line_hash": "00", "count": 2}]}`))
	f.Add([]byte(`{"tool": "aims-baseline", "version": 1, "findings": [{"rule": "R", "message": "m"}, {"rule": "R", "message": "m"}]}`))
	f.Add([]byte("{\n  \"tool\": \"aims-baseline\",\n  \"findings\": [,]\n}"))
	f.Add([]byte(`[]`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("b.json", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("Parse error %v is not a *ParseError with a line", err)
			}
			return
		}
		out, err := b.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse("b.json", out)
		if err != nil {
			t.Fatalf("a written baseline does not parse: %v\n%s", err, out)
		}
		out2, err := again.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("written twice, the baseline changed:\n%s\n%s", out, out2)
		}
	})
}
