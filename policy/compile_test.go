package policy

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aimsdev/aims/lint"
)

// loadRules compiles the rule file src (policies/p.yaml) for cfg, with
// the other files of the repository.
func loadRules(cfg *lint.Config, src string, files fstest.MapFS) (*Set, error) {
	fsys := fstest.MapFS{"policies/p.yaml": {Data: []byte(src)}}
	for k, v := range files {
		fsys[k] = v
	}
	known := func(ref string) bool { return ref == "A.9.2" || ref == "A.9.3" || ref == "6.1.2" }
	return Load(cfg, Options{FS: fsys, Globs: []string{"policies/*.yaml"}, Known: known})
}

// one writes a rule file of one rule of kinds, with the lines after kinds.
func one(kinds, rest string) string {
	return "rules:\n  - id: ACME-1\n    title: t\n    kinds: [" + kinds + "]\n" + rest
}

// A schema of a custom kind: a model card with a typed score and a list
// of reviewers.
const cardSchema = `{
  "type": "object",
  "properties": {
    "score": {"type": "integer"},
    "reviewers": {"type": "array", "items": {"type": "string"}},
    "training": {"type": "object", "properties": {"rows": {"type": "integer"}, "source": {"type": "string"}}}
  }
}`

func customCfg() *lint.Config {
	return &lint.Config{CustomKinds: []lint.CustomKind{
		{Name: "model-card", Schema: "schemas/card.json"},
		{Name: "vendor-note"},
	}}
}

func TestCompileMistakes(t *testing.T) {
	files := fstest.MapFS{"schemas/card.json": {Data: []byte(cardSchema)}}
	tests := []struct {
		name string
		src  string
		at   string // line:col in policies/p.yaml
		msgs []string
	}{
		// The expression starts at line 5, column 17 in plain and quoted
		// forms; nosuch is its 9th character.
		{"plain", one("ai-system", "    expression: true && nosuch\n    message: m\n"), "5:25", []string{"undeclared reference to 'nosuch'"}},
		{"double-quoted", one("ai-system", "    expression: \"true && nosuch\"\n    message: m\n"), "5:26", []string{"undeclared reference to 'nosuch'"}},
		{"single-quoted", one("ai-system", "    expression: 'true && nosuch'\n    message: m\n"), "5:26", []string{"undeclared reference to 'nosuch'"}},
		{"single-quoted with quotes", one("ai-system", "    expression: 'doc.owner == ''x'' && nosuch'\n    message: m\n"), "5:40", []string{"undeclared reference to 'nosuch'"}},
		{"double-quoted with escapes", one("ai-system", "    expression: \"doc.owner == \\\"x\\\" && nosuch\"\n    message: m\n"), "5:40", []string{"undeclared reference to 'nosuch'"}},
		{"literal block", one("ai-system", "    expression: |\n      has(doc.owner) &&\n        nosuch\n    message: m\n"), "7:9", []string{"undeclared reference to 'nosuch'"}},
		{"folded block", one("ai-system", "    expression: >\n      has(doc.owner) &&\n      nosuch\n    message: m\n"), "7:7", []string{"undeclared reference to 'nosuch'"}},
		{"when", one("ai-system", "    when: nosuch\n    expression: 'true'\n    message: m\n"), "5:11", []string{"when", "undeclared reference to 'nosuch'"}},
		{"syntax", one("ai-system", "    expression: doc.owner == == 'x'\n    message: m\n"), "5:30", []string{"Syntax error"}},
		{"message hole", one("ai-system", "    expression: 'true'\n    message: \"owner {{ doc.ownr }} is wrong\"\n"), "6:27", []string{"message", `no field "ownr"`, `did you mean "owner"?`}},
		{"second message hole, plain", one("ai-system", "    expression: 'true'\n    message: a {{ id }} b {{ nosuch }}\n"), "6:30", []string{"undeclared reference to 'nosuch'"}},
		{"message hole in a block", one("ai-system", "    expression: 'true'\n    message: |\n      first line\n      owner {{ nosuch }}\n"), "8:16", []string{"undeclared reference to 'nosuch'"}},
		{"message hole in a folded block", one("ai-system", "    expression: 'true'\n    message: >\n      first line\n      owner {{ nosuch }}\n"), "8:16", []string{"undeclared reference to 'nosuch'"}},
		{"message hole after escapes", one("ai-system", "    expression: 'true'\n    message: \"a \\\"b\\\" {{ nosuch }}\"\n"), "6:26", []string{"undeclared reference to 'nosuch'"}},
		{"message hole over two lines", one("ai-system", "    expression: 'true'\n    message: |\n      owner {{ doc.owner +\n        nosuch }}\n"), "8:9", []string{"undeclared reference to 'nosuch'"}},
		{"unknown field", one("ai-system", "    expression: doc.risk_levl == 'high'\n    message: m\n"), "5:20", []string{`the schema of ai-system has no field "risk_levl"`, `did you mean "risk_level"?`}},
		{"unknown field far from all", one("ai-system", "    expression: doc.zzzzzzzzzzzz == 'high'\n    message: m\n"), "5:20", []string{`no field "zzzzzzzzzzzz"`, `field(doc, "name")`}},
		{"string plus int", one("ai-system", "    expression: doc.risk_level + 1 == 2\n    message: m\n"), "5:32", []string{"no matching overload for '_+_'", "string", "int"}},
		{"not a condition", one("ai-system", "    expression: doc.owner\n    message: m\n"), "5:17", []string{"gives string, not true or false"}},
		{"when not a condition", one("ai-system", "    when: size(doc.owner)\n    expression: 'true'\n    message: m\n"), "5:11", []string{"when", "gives int, not true or false"}},
		{"unknown kind", one("ai-sytem", "    expression: 'true'\n    message: m\n"), "4:13", []string{`unknown kind "ai-sytem"`, `did you mean "ai-system"?`}},
		{"unknown kind far from all", one("zzzzzzzz", "    expression: 'true'\n    message: m\n"), "4:13", []string{`unknown kind "zzzzzzzz"`, "custom kind of .aims.yaml"}},
		{"unknown control", one("ai-system", "    controls: [A.9.2, A.99]\n    expression: 'true'\n    message: m\n"), "5:23", []string{`"A.99" is not an ISO/IEC 42001 clause or Annex A control`, "aims controls"}},
		{"unknown evidence", one("ai-system", "    evidences: [9.9.9]\n    expression: 'true'\n    message: m\n"), "5:17", []string{`"9.9.9" is not an ISO/IEC 42001 clause`}},
		{"custom kind typed", one("model-card", "    expression: doc.score + 'x' == 'y'\n    message: m\n"), "5:27", []string{"no matching overload for '_+_'"}},
		{"custom kind unknown field", one("model-card", "    expression: doc.scor > 1\n    message: m\n"), "5:20", []string{`the schema of model-card has no field "scor"`, `did you mean "score"?`}},
		{"custom kind nested", one("model-card", "    expression: doc.training.rowz > 1\n    message: m\n"), "5:29", []string{`no field "rowz"`, `did you mean "rows"?`}},
		{"list of strings", one("model-card", "    expression: doc.reviewers.all(r, r > 1)\n    message: m\n"), "5:40", []string{"no matching overload", "string", "int"}},
		{"nested risks", one("risk-register", "    expression: doc.risks.all(r, r.idd != '')\n    message: m\n"), "5:35", []string{`no field "idd"`, `did you mean "id"?`}},
		{"field not in the schema", one("ai-system", "    expression: 'true'\n    message: m\n    field: ownr\n"), "7:12", []string{"field (kind ai-system)", `no field "ownr"`, `did you mean "owner"?`}},
		{"field nested not in the schema", one("risk-register", "    expression: 'true'\n    message: m\n    field: risks.0.ownr\n"), "7:12", []string{`no field "risks.0.ownr"`}},
		{"field into a list without an index", one("risk-register", "    expression: 'true'\n    message: m\n    field: risks.owner\n"), "7:12", []string{"risks is a list: write an index, such as risks.0"}},
		{"too deep", one("ai-system", "    expression: "+strings.Repeat("(", 200)+"true"+strings.Repeat(")", 200)+"\n    message: m\n"), "5:17", []string{"nests deeper than 64", "split"}},
		{"too long", one("ai-system", "    expression: "+strings.Repeat("true && ", 2000)+"true\n    message: m\n"), "5:17", []string{"longer than 10000 characters", "split"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadRules(customCfg(), tt.src, files)
			if err == nil {
				t.Fatal("no error")
			}
			wantErr(t, splitJoined(err), "policies/p.yaml:"+tt.at, tt.msgs...)
		})
	}
}

func TestCompileTypes(t *testing.T) {
	files := fstest.MapFS{"schemas/card.json": {Data: []byte(cardSchema)}}
	tests := []struct {
		name, kinds, expr string
	}{
		{"nested objects of the risk register", "risk-register", "doc.risks.all(r, r.id != '' && r.likelihood * r.impact < 25)"},
		{"list of strings", "ai-system", "doc.datasets.all(d, d.startsWith('DS-'))"},
		{"nested object", "ai-system", "!has(doc.event_logging) || doc.event_logging.enabled"},
		{"custom kind typed", "model-card", "doc.score > 3 && doc.training.rows > 0 && 'x' in doc.reviewers"},
		{"custom kind without schema is a map", "vendor-note", "doc.anything == 'x' || doc['other'] == 1"},
		{"functions", "ai-system", "has_artifact(doc.id) && artifact(doc.id).size() >= 0 && artifacts('dataset').size() >= 0 && members(doc.owner).size() >= 0 && doc.owner in roles() && risks().size() >= 0 && date('2026-01-01') < today + days(1) && has_field(doc, 'x') && field(doc, 'id') == id"},
		{"variables", "ai-system", "path != '' && kind == 'ai-system' && id == doc.id && status == doc.status"},
		{"optional types", "ai-system", "doc.?impact_assessment.orValue('') == ''"},
		{"strings extension", "ai-system", "doc.title.lowerAscii().trim() != ''"},
		{"several kinds", "ai-system, dataset, model-card", "has(doc.owner)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := one(tt.kinds, "    expression: \""+tt.expr+"\"\n    message: m\n")
			if _, err := loadRules(customCfg(), src, files); err != nil {
				t.Fatal(err)
			}
		})
	}
}
