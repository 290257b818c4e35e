package schema

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	yaml "go.yaml.in/yaml/v3"
)

// compile compiles the embedded schemas, failing the test on error.
func compile(t testing.TB, customs ...Custom) *Set {
	t.Helper()
	s, err := Compile(customs)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return s
}

// decodeYAML decodes YAML the way the engine hands documents to Validate:
// mappings as map[string]any, sequences as []any, and dates as the strings
// written in the source (an unquoted 2026-1-1 stays "2026-1-1").
func decodeYAML(t testing.TB, data []byte) any {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatalf("decode YAML: %v", err)
	}
	v, err := fromNode(&n)
	if err != nil {
		t.Fatalf("decode YAML: %v", err)
	}
	return v
}

// fromNode converts a YAML node to JSON-compatible values, keeping the source
// text of timestamps.
func fromNode(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return fromNode(n.Content[0])
	case yaml.AliasNode:
		return fromNode(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := fromNode(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := fromNode(c)
			if err != nil {
				return nil, err
			}
			l[i] = v
		}
		return l, nil
	}
	if n.ShortTag() == "!!timestamp" {
		return n.Value, nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, err
	}
	return toJSON(v), nil
}

func toJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = toJSON(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = toJSON(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = toJSON(x)
		}
		return out
	case time.Time:
		return v.Format("2006-01-02")
	}
	return v
}

// A want is an expected violation: its path (tokens and key, dotted; "." for
// the document itself) and a substring of its message.
type want struct{ path, msg string }

func (w want) String() string { return w.path + ": " + w.msg }

// readWants reads the "# want: PATH: MESSAGE" comments at the top of a fixture.
func readWants(t *testing.T, data []byte) []want {
	t.Helper()
	var wants []want
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		rest, ok := strings.CutPrefix(line, "# want: ")
		if !ok {
			break
		}
		p, msg, ok := strings.Cut(rest, ": ")
		if !ok {
			t.Fatalf("bad want comment %q: want \"# want: PATH: MESSAGE\"", line)
		}
		wants = append(wants, want{p, msg})
	}
	return wants
}

func violationPath(v Violation) string {
	toks := slices.Clone(v.Path)
	if v.Key != "" {
		toks = append(toks, v.Key)
	}
	if len(toks) == 0 {
		return "."
	}
	return strings.Join(toks, ".")
}

// checkViolations checks that got has exactly one violation per want, with
// the same path and a message containing the wanted text.
func checkViolations(t *testing.T, got []Violation, wants []want) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range wants {
		found := false
		for i, v := range got {
			if !used[i] && violationPath(v) == w.path && strings.Contains(v.Message, w.msg) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing violation %s", w)
		}
	}
	for i, v := range got {
		if !used[i] {
			t.Errorf("unexpected violation %s: %s", violationPath(v), v.Message)
		}
	}
	for _, v := range got {
		checkMessageStyle(t, v.Message)
	}
}

// checkMessageStyle checks the conventions every message follows.
func checkMessageStyle(t *testing.T, msg string) {
	t.Helper()
	switch {
	case msg == "":
		t.Errorf("empty message")
	case strings.HasSuffix(msg, "."):
		t.Errorf("message %q ends with a period", msg)
	case strings.ToLower(msg[:1]) != msg[:1]:
		t.Errorf("message %q does not start in lower case", msg)
	}
	for _, raw := range []string{"jsonschema", "allOf", "anyOf", "oneOf", "$ref", "#/", "got ", "want ", "validation failed", "aims.invalid"} {
		if strings.Contains(msg, raw) {
			t.Errorf("message %q contains validator jargon %q", msg, raw)
		}
	}
}

func TestFixtures(t *testing.T) {
	s := compile(t)
	for _, kind := range Kinds() {
		t.Run(kind, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join("testdata", kind, "*.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			var valid, invalid int
			for _, file := range files {
				name := filepath.Base(file)
				t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
					data, err := os.ReadFile(file)
					if err != nil {
						t.Fatal(err)
					}
					wants := readWants(t, data)
					switch {
					case strings.HasPrefix(name, "valid"):
						valid++
						if len(wants) != 0 {
							t.Fatalf("a valid fixture has want comments")
						}
					case strings.HasPrefix(name, "invalid-"):
						invalid++
						if len(wants) == 0 {
							t.Fatalf("an invalid fixture has no want comment")
						}
					default:
						t.Fatalf("fixture name must start with valid or invalid-")
					}
					got, err := s.Validate(kind, decodeYAML(t, data))
					if err != nil {
						t.Fatalf("Validate: %v", err)
					}
					checkViolations(t, got, wants)
				})
			}
			if valid == 0 || invalid < 3 {
				t.Errorf("kind %s has %d valid and %d invalid fixtures; want at least 1 and 3", kind, valid, invalid)
			}
		})
	}
}

func TestConfigFixtures(t *testing.T) {
	s := compile(t)
	files, err := filepath.Glob(filepath.Join("testdata", "config", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 4 {
		t.Fatalf("only %d config fixtures", len(files))
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			wants := readWants(t, data)
			if strings.HasPrefix(name, "invalid-") != (len(wants) > 0) {
				t.Fatalf("invalid-* fixtures, and only they, have want comments")
			}
			got, err := s.ValidateConfig(decodeYAML(t, data))
			if err != nil {
				t.Fatalf("ValidateConfig: %v", err)
			}
			checkViolations(t, got, wants)
		})
	}
}

// TestMessages checks whole messages, as users read them.
func TestMessages(t *testing.T) {
	s := compile(t)
	base := map[string]any{
		"id": "SYS-CREDIT", "kind": "ai-system", "title": "Credit scoring", "status": "draft",
		"owner": "ai-governance-lead", "name": "Credit scoring", "purpose": "Score loan applications",
		"intended_use": "Decision support for loan officers", "risk_level": "limited",
		"lifecycle_stage": "deployment",
	}
	absent := struct{}{} // removes a field
	with := func(kv ...any) map[string]any {
		m := map[string]any{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == absent {
				delete(m, kv[i].(string))
			} else {
				m[kv[i].(string)] = kv[i+1]
			}
		}
		return m
	}
	tests := []struct {
		name string
		doc  map[string]any
		want []Violation
	}{
		{"approved without approval", with("status", "approved", "approved_by", "top-management"),
			[]Violation{{Path: []string{}, Key: "approved_on", Message: "`approved_on` is required when `status` is `approved`"}}},
		{"enum", with("risk_level", "severe"),
			[]Violation{{Path: []string{"risk_level"}, Message: "`risk_level` must be one of minimal, limited, high, unacceptable, not \"severe\""}}},
		{"date", with("next_review", "31/12/2026"),
			[]Violation{{Path: []string{"next_review"}, Message: "`next_review` must be a date written YYYY-MM-DD, not \"31/12/2026\""}}},
		{"impossible date", with("next_review", "2026-02-30"),
			[]Violation{{Path: []string{"next_review"}, Message: "`next_review` \"2026-02-30\" is not a real date: check the month and the day"}}},
		{"control", with("controls", []any{"A.5.2", "6.1.2", "A.11.1"}),
			[]Violation{{Path: []string{"controls", "2"}, Message: "`controls[2]` \"A.11.1\" is not an ISO 42001 clause or Annex A control: write a clause like 6.1.2 or a control like A.6.2.4"}}},
		{"unquoted clause", with("controls", []any{6.1}),
			[]Violation{{Path: []string{"controls", "0"}, Message: "`controls[0]` must be an ISO 42001 clause or Annex A control written as text: put it in quotes, like \"6.1\""}}},
		{"id", with("id", "pol 1"),
			[]Violation{{Path: []string{"id"}, Message: "`id` \"pol 1\" must be upper-case letters, digits and hyphens, like POL-001"}}},
		{"id with a leading digit", with("id", "1-POL"),
			[]Violation{{Path: []string{"id"}, Message: "`id` \"1-POL\" must start with a letter and have hyphens only between letters and digits, like POL-001"}}},
		{"long id", with("id", strings.Repeat("A", 65)),
			[]Violation{{Path: []string{"id"}, Message: "`id` is 65 characters long: an id has at most 64"}}},
		{"role", with("owner", "Compliance Officers"),
			[]Violation{{Path: []string{"owner"}, Message: "`owner` \"Compliance Officers\" must be a role id in lower-case letters, digits and hyphens, like compliance-officers"}}},
		{"version as a number", with("version", 1.2),
			[]Violation{{Path: []string{"version"}, Message: "`version` must be text, not 1.2: put it in quotes, like \"1.2\""}}},
		{"empty title", with("title", absent, "name", ""),
			[]Violation{
				{Path: []string{}, Key: "title", Message: "`title` is required"},
				{Path: []string{"name"}, Message: "`name` must not be empty"},
			}},
		{"null", with("name", nil, "risk_level", nil),
			[]Violation{
				{Path: []string{"name"}, Message: "`name` must be text, but it is empty"},
				{Path: []string{"risk_level"}, Message: "`risk_level` must be one of minimal, limited, high, unacceptable, but it is empty"},
			}},
		{"cycle", with("review_cycle", "yearly"),
			[]Violation{{Path: []string{"review_cycle"}, Message: "`review_cycle` must be a number and a unit (d, w, mo or y), like 90d or 12mo, not \"yearly\""}}},
		{"list expected", with("datasets", "DS-1"),
			[]Violation{{Path: []string{"datasets"}, Message: "`datasets` must be a list, not text: write it as a list, even for one entry"}}},
		{"duplicate", with("datasets", []any{"DS-1", "DS-2", "DS-1"}),
			[]Violation{{Path: []string{"datasets"}, Message: "`datasets` lists \"DS-1\" twice, as `datasets[0]` and `datasets[2]`: remove one"}}},
		{"unknown nested field", with("event_logging", map[string]any{"enabled": true, "retension": "1y"}),
			[]Violation{{Path: []string{"event_logging", "retension"}, Message: "unknown field `retension` in `event_logging`: check the spelling, did you mean `retention`?"}}},
		{"high risk", with("risk_level", "high"),
			[]Violation{
				{Path: []string{}, Key: "human_oversight", Message: "`human_oversight` is required when `risk_level` is `high`"},
				{Path: []string{}, Key: "impact_assessment", Message: "`impact_assessment` is required when `risk_level` is `high`"},
			}},
		{"boolean", with("event_logging", map[string]any{"enabled": "yes"}),
			[]Violation{{Path: []string{"event_logging", "enabled"}, Message: "`enabled` must be true or false, not text"}}},
		{"not a mapping", with("event_logging", []any{"on"}),
			[]Violation{{Path: []string{"event_logging"}, Message: "`event_logging` must be a mapping of fields, not a list"}}},
		{"unknown top-level fields are allowed", with("x_cost_centre", "CC-12"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Validate("ai-system", tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", dump(got), dump(tt.want))
			}
		})
	}
}

func dump(vs []Violation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\t%q key=%q %s\n", v.Path, v.Key, v.Message)
	}
	return b.String()
}

func TestRiskMessages(t *testing.T) {
	s := compile(t)
	doc := decodeYAML(t, []byte(`
id: RSK-REG
kind: risk-register
title: AI risk register
status: draft
owner: ai-governance-lead
criteria:
  likelihood: [{level: 1, label: Rare}]
  impact: [{level: 1, label: Minor}]
  acceptance_threshold: 6
risks:
  - id: RSK-001
    title: Biased scores
    ai_system: SYS-CREDIT
    source: training data
    likelihood: high
    likelyhood: 3
    impact: 12
    owner: data-scientists
    treatment: mitigate
    treatment_status: planned
`))
	got, err := s.Validate("risk-register", doc)
	if err != nil {
		t.Fatal(err)
	}
	want := []Violation{
		{Path: []string{"risks", "0"}, Key: "due", Message: "`due` is required in `risks[0]` unless `treatment` is `accept`"},
		{Path: []string{"risks", "0", "impact"}, Message: "`impact` must be between 1 and 10, not 12"},
		{Path: []string{"risks", "0", "likelihood"}, Message: "`likelihood` must be a whole number, not text"},
		{Path: []string{"risks", "0", "likelyhood"}, Message: "unknown field `likelyhood` in `risks[0]`: check the spelling, did you mean `likelihood`?"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", dump(got), dump(want))
	}
}

func TestRootNotAMapping(t *testing.T) {
	s := compile(t)
	got, err := s.Validate("ai-system", []any{"a"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Violation{{Path: []string{}, Message: "the document must be a mapping of fields, not a list"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", dump(got), dump(want))
	}
	got, err = s.ValidateConfig("rules: all")
	if err != nil {
		t.Fatal(err)
	}
	want = []Violation{{Path: []string{}, Message: "the configuration must be a mapping of fields, not text"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", dump(got), dump(want))
	}
}

// TestNumberTypes checks that every documented number representation is
// accepted, and that a NaN and a non-JSON Go type are handled.
func TestNumberTypes(t *testing.T) {
	s := compile(t)
	data, err := os.ReadFile(filepath.Join("testdata", "risk-register", "valid.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []any{3, int64(3), int32(3), uint64(3), float64(3), float32(3), json.Number("3")} {
		t.Run(fmt.Sprintf("%T", n), func(t *testing.T) {
			doc := decodeYAML(t, data).(map[string]any)
			risk := doc["risks"].([]any)[0].(map[string]any)
			risk["likelihood"] = n
			got, err := s.Validate("risk-register", doc)
			if err != nil || len(got) != 0 {
				t.Errorf("likelihood %T(3): got %v, %v; want no violation", n, got, err)
			}
			risk["likelihood"] = 2.5
			if got, _ := s.Validate("risk-register", doc); len(got) != 1 || got[0].Message != "`likelihood` must be a whole number, not 2.5" {
				t.Errorf("likelihood 2.5: got %s", dump(got))
			}
		})
	}
	t.Run("NaN", func(t *testing.T) {
		doc := decodeYAML(t, data).(map[string]any)
		doc["risks"].([]any)[0].(map[string]any)["impact"] = math.NaN()
		got, err := s.Validate("risk-register", doc)
		if err != nil {
			t.Fatal(err)
		}
		want := []Violation{{Path: []string{"risks", "0", "impact"}, Message: "`impact` must be a finite number"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got\n%s\nwant\n%s", dump(got), dump(want))
		}
	})
	t.Run("time.Time", func(t *testing.T) {
		doc := decodeYAML(t, data).(map[string]any)
		doc["next_review"] = time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
		if _, err := s.Validate("risk-register", doc); err == nil {
			t.Errorf("a time.Time value: got no error")
		}
	})
}

func TestUnknownKind(t *testing.T) {
	s := compile(t)
	if s.Has("model-card") {
		t.Errorf("Has(model-card) without custom schemas")
	}
	if _, err := s.Validate("model-card", map[string]any{}); err == nil {
		t.Errorf("Validate of an unknown kind: got no error")
	}
}

func TestKindsAndFS(t *testing.T) {
	kinds := Kinds()
	if len(kinds) != 19 {
		t.Fatalf("Kinds() has %d kinds, want 19", len(kinds))
	}
	kinds[0] = "changed"
	if Kinds()[0] != "aims-scope" {
		t.Fatalf("Kinds() shares its slice")
	}
	s := compile(t)
	var names []string
	err := fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"config.schema.json", "defs.schema.json"}
	for _, k := range Kinds() {
		wantNames = append(wantNames, k+".schema.json")
	}
	sort.Strings(wantNames)
	if !slices.Equal(names, wantNames) {
		t.Fatalf("FS holds %v, want %v", names, wantNames)
	}
	for _, name := range names {
		data, err := fs.ReadFile(FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if doc["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $schema is %v", name, doc["$schema"])
		}
		if doc["$id"] != "https://aims.invalid/schemas/"+name {
			t.Errorf("%s: $id is %v", name, doc["$id"])
		}
		if doc["title"] == nil || doc["description"] == nil {
			t.Errorf("%s: no title or description", name)
		}
		kind, ok := strings.CutSuffix(name, ".schema.json")
		if !ok || kind == "defs" || kind == "config" {
			continue
		}
		if !s.Has(kind) {
			t.Errorf("Has(%s) is false", kind)
		}
		props, _ := doc["properties"].(map[string]any)
		k, _ := props["kind"].(map[string]any)
		if k["const"] != kind {
			t.Errorf("%s: kind is not const %q", name, kind)
		}
	}
}

func TestCompileDeterministic(t *testing.T) {
	custom := Custom{Kind: "model-card", Path: "schemas/model-card.schema.json", Data: []byte(modelCardSchema)}
	docs := []struct {
		kind string
		doc  string
	}{
		{"risk-register", "risks: [{likelihood: x, impact: 0, treatment: maybe, extra: 1}]\nstatus: approved\nid: bad id"},
		{"ai-system", "risk_level: high\ncontrols: [A.1, 6.1, '9.9']\nsuppressions: [{rule: X}]"},
		{"model-card", "kind: model-card\nlimitations: 3"},
	}
	var first []string
	for i := 0; i < 5; i++ {
		s := compile(t, custom)
		var out []string
		for _, d := range docs {
			got, err := s.Validate(d.kind, decodeYAML(t, []byte(d.doc)))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, dump(got))
		}
		if i == 0 {
			first = out
		} else if !slices.Equal(out, first) {
			t.Fatalf("run %d differs:\n%s\nfirst:\n%s", i, out, first)
		}
	}
}

func TestValidateConcurrent(t *testing.T) {
	s := compile(t)
	var cases []struct {
		kind string
		doc  any
		want string
	}
	for _, kind := range Kinds() {
		files, _ := filepath.Glob(filepath.Join("testdata", kind, "*.yaml"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc := decodeYAML(t, data)
			got, err := s.Validate(kind, doc)
			if err != nil {
				t.Fatal(err)
			}
			cases = append(cases, struct {
				kind string
				doc  any
				want string
			}{kind, doc, dump(got)})
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range cases {
				c := cases[(i+g*7)%len(cases)]
				got, err := s.Validate(c.kind, c.doc)
				if err != nil || dump(got) != c.want {
					errs <- fmt.Sprintf("goroutine %d, %s: got %s, %v; want %s", g, c.kind, dump(got), err, c.want)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func BenchmarkValidate(b *testing.B) {
	s := compile(b)
	data, err := os.ReadFile(filepath.Join("testdata", "ai-system", "valid-high-risk.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	doc := decodeYAML(b, data)
	b.ReportAllocs()
	for b.Loop() {
		got, err := s.Validate("ai-system", doc)
		if err != nil || len(got) != 0 {
			b.Fatalf("got %v, %v", got, err)
		}
	}
}

func BenchmarkValidateInvalid(b *testing.B) {
	s := compile(b)
	data, err := os.ReadFile(filepath.Join("testdata", "ai-system", "valid-high-risk.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	doc := decodeYAML(b, data).(map[string]any)
	doc["risk_level"] = "severe"
	doc["owner"] = "AI Lead"
	b.ReportAllocs()
	for b.Loop() {
		if got, err := s.Validate("ai-system", doc); err != nil || len(got) != 2 {
			b.Fatalf("got %v, %v", got, err)
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	for b.Loop() {
		if _, err := Compile(nil); err != nil {
			b.Fatal(err)
		}
	}
}
