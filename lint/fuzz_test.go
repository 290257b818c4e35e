package lint

import "testing"

// FuzzParseDocument feeds arbitrary bytes to the parser: it must never panic,
// and a document it returns must have data or a problem.
func FuzzParseDocument(f *testing.F) {
	seeds := []string{
		"---\nkind: ai-policy\nid: POL-1\n---\n# Purpose\n",
		"kind: ai-system\nid: SYS-A\nrisks: [{id: RSK-1, likelihood: 3}]\n",
		"kind: dataset\na: &a [1, 2]\nb: *a\nc: {<<: {x: 1}}\n",
		"---\r\nkind: x\r\n",
		"\xef\xbb\xbfkind: x\n",
		"kind: [\n",
		"kind: x\nkind: y\n",
		"- kind: x\n",
	}
	for _, s := range seeds {
		f.Add("a.yaml", []byte(s))
		f.Add("a.md", []byte(s))
	}
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		d := ParseDocument(name, src, "")
		if d == nil {
			return
		}
		if d.Data == nil && len(d.Problems) == 0 {
			t.Fatalf("a document with neither data nor a problem: %q", src)
		}
		for _, p := range d.Problems {
			if p.Message == "" || p.RuleID == "" {
				t.Fatalf("an empty problem: %+v", p)
			}
		}
	})
}
