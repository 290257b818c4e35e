package policy

import (
	"testing"
	"testing/fstest"
)

// FuzzParseFile reads and compiles arbitrary rule files: a mistake is an
// error, never a panic.
func FuzzParseFile(f *testing.F) {
	f.Add([]byte(benchRules))
	f.Add([]byte(rulesFile("ai-system", "when: doc.risk_level == 'high'", "expression: |\n      has(doc.owner) &&\n        size(members(doc.owner)) > 0", "message: >\n      {{ id }}: {{ doc.owner }}", "field: owner")))
	f.Add([]byte(one("model-card, vendor-note", "    expression: \"doc.score > 1 && doc['x'] == 'y'\"\n    message: '{{ doc.reviewers }} {{ ''a'' }}'\n")))
	f.Add([]byte(one("ai-system", "    expression: 'true'\n    message: m\n    tests:\n      - expect: fail\n        document: {kind: ai-system, id: SYS-A}\n        with: [{kind: roles}, ../x.yaml, cases/sys.yaml]\n      - expect: pass\n        markdown: \"---\\nkind: ai-system\\n---\\n\"\n")))
	f.Add([]byte("rules:\n  - id: ACME-1\n    expression: \"a\\u00e9 \\x41 && {{\"\n    message: \"{{ }}{{\"\n"))
	f.Add([]byte("rules: [&a {id: *a}]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		files := fstest.MapFS{
			"policies/p.yaml":         {Data: src},
			"policies/cases/sys.yaml": {Data: []byte("kind: ai-system\n")},
			"schemas/card.json":       {Data: []byte(cardSchema)},
		}
		ParseFile("policies/p.yaml", "p.yaml", src, readFrom(files))
		_, _ = Load(customCfg(), Options{FS: files, Globs: []string{"policies/p.yaml"}})
	})
}
