package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// dirLoader loads schemas from one folder, by file URL, and nothing else:
// no network, and no file outside the folder. An exported schema whose $ref
// still pointed at https://aims.invalid/ would fail to compile with it.
type dirLoader struct {
	t   *testing.T
	dir string
}

func (l dirLoader) Load(url string) (any, error) {
	p, err := jsonschema.FileLoader{}.ToFile(url)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(l.dir, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return nil, fmt.Errorf("%s is outside the exported folder %s", p, l.dir)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

// exportSchemas runs `aims schema export DIR` and returns DIR.
func exportSchemas(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "schemas")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"schema", "export", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("aims schema export exited %d:\n%s", code, stderr.String())
	}
	return dir
}

// compileExported compiles every exported schema from dir, as an editor
// would read them: by file, each resolving defs.schema.json next to itself.
// The compiler checks formats, as aims does.
func compileExported(t *testing.T, dir string) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(jsonschema.SchemeURLLoader{"file": dirLoader{t, dir}})
	out := map[string]*jsonschema.Schema{}
	names := append(schema.Kinds(), "config")
	for _, name := range names {
		sch, err := c.Compile(filepath.Join(dir, name+".schema.json"))
		if err != nil {
			t.Fatalf("compile the exported %s.schema.json: %v", name, err)
		}
		out[name] = sch
	}
	return out
}

// TestSchemaExportFiles checks that export writes every embedded schema, and
// that each is the embedded one without its $id.
func TestSchemaExportFiles(t *testing.T) {
	dir := exportSchemas(t)
	embedded, err := fs.Glob(schema.FS(), "*")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !reflect.DeepEqual(got, embedded) {
		t.Fatalf("exported files %q, want the embedded %q", got, embedded)
	}
	for _, name := range embedded {
		orig, err := fs.ReadFile(schema.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := jsonschema.UnmarshalJSON(bytes.NewReader(orig))
		if err != nil {
			t.Fatal(err)
		}
		have, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s is not valid JSON: %v", name, err)
		}
		wm := want.(map[string]any)
		if _, ok := have.(map[string]any)["$id"]; ok {
			t.Errorf("%s keeps its $id: an editor would resolve defs.schema.json against it", name)
		}
		delete(wm, "$id")
		if !reflect.DeepEqual(have, wm) {
			t.Errorf("%s differs from the embedded schema in more than its $id", name)
		}
	}
}

// A schemaCase is a document to validate with aims's schemas and the
// exported ones.
type schemaCase struct {
	path  string // decides Markdown or YAML
	src   string
	valid bool // the verdict both must give
}

// brokenDocuments break the schemas in the ways people do: a value outside an
// enum, a missing field required by a condition, an impossible date, text
// where a number goes, an unknown field, an unknown reference, a malformed
// id, a missing field in a list entry, an empty list.
var brokenDocuments = []schemaCase{
	{"systems/credit.yaml", `kind: ai-system
id: SYS-CREDIT
title: Credit scoring
status: draft
owner: ai-governance-lead
name: Credit scoring model
purpose: score applications
intended_use: decide on loans
risk_level: extreme
lifecycle_stage: deployment
`, false},
	{"systems/high.yaml", `kind: ai-system
id: SYS-HIGH
title: High-risk system
status: draft
owner: ai-governance-lead
name: Model
purpose: score applications
intended_use: decide on loans
risk_level: high
lifecycle_stage: deployment
`, false},
	{"governance/ai-policy.md", `---
kind: ai-policy
id: POL-001
title: AI policy
status: approved
owner: ai-governance-lead
approved_by: top-management
review_cycle: 12mo
---
## Purpose
`, false},
	{"data/set.yaml", `kind: dataset
id: DS-1
title: Applications
status: draft
owner: data-scientists
source: core banking
acquisition: export
provenance: internal
quality_checks:
  - check: completeness
    last_run: 2026-02-30
    result: pass
preparation: cleaned
personal_data: false
`, false},
	{"risk/register.yaml", `kind: risk-register
id: RSK-REG
title: Risk register
status: draft
owner: ai-governance-lead
criteria:
  likelihood: [{level: 1, label: rare}]
  impact: [{level: 1, label: minor}]
  acceptance_threshold: 4
risks:
  - id: RSK-1
    title: Bias
    ai_system: SYS-CREDIT
    source: data
    likelihood: high
    impact: 1
    owner: ai-governance-lead
    treatment: mitigate
    treatment_status: planned
    due: 2026-12-31
    colour: red
`, false},
	{"procedures/p.md", `---
kind: procedure
id: PROC-1
title: A procedure
status: draft
owner: ai-governance-lead
controls: [A.6.2.9]
---
`, false},
	{"roles.yaml", `kind: roles
id: roles
title: Roles
status: draft
owner: ai-governance-lead
roles:
  - id: ai-governance-lead
    title: Lead
    responsibilities: [run the AIMS]
    authority: [approve]
`, false},
	{"soa.yaml", `kind: statement-of-applicability
id: SOA
title: SoA
status: draft
owner: ai-governance-lead
annex_a:
  - ref: A.2.2
    applicable: true
    implementation: implemented
`, false},
	{"ia.md", `---
kind: impact-assessment
id: AIA-1
title: Impact assessment
status: draft
owner: ai-governance-lead
ai_system: SYS-CREDIT
assessed_on: 2026-03-01
assessor: ai-governance-lead
impacts: []
---
`, false},
	{"roles-ok.yaml", `kind: roles
id: ROLES
title: Roles
status: draft
owner: ai-governance-lead
controls: [7.4, A.3.2]
roles:
  - id: ai-governance-lead
    title: Lead
    responsibilities: [run the AIMS]
    authority: [approve]
`, true},
}

// configCases are .aims.yaml files, decoded as aims decodes them.
var configCases = []schemaCase{
	{".aims.yaml", "organization: Northwind\nfail_on: warning\nrules: [all, -AIMS5005]\n", true},
	{".aims.yaml", "fail_on: sometimes\n", false},
	{".aims.yaml", "organisation: Northwind\n", false},
}

// TestSchemaExportValidatesLikeAims compiles the exported schemas from their
// folder, with no network, and checks that they pass and fail the same
// documents as aims's own schemas: every artifact of the example AIMS, and
// broken ones.
func TestSchemaExportValidatesLikeAims(t *testing.T) {
	dir := exportSchemas(t)
	exported := compileExported(t, dir)
	set, err := schema.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}

	var cases []schemaCase
	root := filepath.Join("..", "..", "testdata", "example-aims")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		// The example is clean: every file passes.
		cases = append(cases, schemaCase{filepath.ToSlash(rel), string(src), true})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	artifacts := 0
	cases = append(append(cases, brokenDocuments...), configCases...)
	for _, c := range cases {
		// A configuration has no kind: parse it as if .aims.yaml mapped it
		// to one, which decodes it as aims decodes .aims.yaml.
		isConfig := c.path == lint.ConfigFile
		hint := ""
		if isConfig {
			hint = "config"
		}
		doc := artifact.ParseDocument(c.path, []byte(c.src), hint)
		if doc == nil {
			continue // not an artifact (a README)
		}
		if doc.Data == nil {
			t.Fatalf("%s: not parsed: %v", c.path, doc.Problems)
		}
		var vs []schema.Violation
		sch := exported["config"]
		if isConfig {
			vs, err = set.ValidateConfig(doc.Data)
		} else {
			artifacts++
			sch = exported[doc.Kind]
			if sch == nil {
				t.Fatalf("%s: no exported schema for kind %q", c.path, doc.Kind)
			}
			vs, err = set.Validate(doc.Kind, doc.Data)
		}
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		aimsValid := len(vs) == 0
		exportErr := sch.Validate(doc.Data)
		if aimsValid != (exportErr == nil) {
			t.Errorf("%s: aims says valid=%v (%v), the exported schema says valid=%v (%v)", c.path, aimsValid, vs, exportErr == nil, exportErr)
		}
		if aimsValid != c.valid {
			t.Errorf("%s: valid=%v, want %v: %v", c.path, aimsValid, c.valid, vs)
		}
	}
	if artifacts < 40 {
		t.Errorf("validated %d artifacts; the example AIMS alone has more than 40", artifacts)
	}
}
