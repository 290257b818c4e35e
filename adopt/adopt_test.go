package adopt

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aimsdev/aims/internal/gittest"
	"github.com/aimsdev/aims/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixtures are the repositories of testdata/adopt.
var fixtures = []string{"framework", "policies", "records"}

// copyFixture copies a fixture repository into a temporary folder, without
// its hand-written .aims.yaml unless withConfig.
func copyFixture(t *testing.T, name string, withConfig bool) string {
	t.Helper()
	src := filepath.Join("..", "testdata", "adopt", name)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if rel == ".aims.yaml" && !withConfig {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestProposeGolden compares each fixture's proposal with its golden file.
func TestProposeGolden(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			dir := copyFixture(t, name, false)
			r, err := Scan(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			p := Propose(r, Options{})
			var got strings.Builder
			got.WriteString("-- .aims.yaml --\n")
			got.Write(p.Config)
			for _, k := range p.Kinds {
				if k.Builtin {
					continue
				}
				s := "schemas/" + k.Name + ".schema.json"
				got.WriteString("-- " + s + " --\n")
				got.Write(p.Schemas[s])
			}
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./adopt -update)", err)
			}
			if got.String() != string(want) {
				t.Errorf("the proposal for %s differs from %s (go test ./adopt -update rewrites it):\n%s", name, golden, got.String())
			}
		})
	}
}

// TestProposalLints writes each fixture's proposal in place of its
// hand-written configuration: it loads without a configuration error, gives
// every file a kind aims knows (no AIMS1003), and reads every file adopt
// mapped as an artifact.
func TestProposalLints(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			dir := copyFixture(t, name, false)
			r, err := Scan(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			p := Propose(r, Options{})
			write := func(rel string, data []byte) {
				full := filepath.Join(dir, filepath.FromSlash(rel))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write(".aims.yaml", p.Config)
			for rel, data := range p.Schemas {
				write(rel, data)
			}
			res := lintFixture(t, dir)
			mapped := 0
			for _, k := range p.Kinds {
				mapped += len(k.Files)
			}
			if len(res.Artifacts) != mapped || mapped != len(r.Files) {
				t.Errorf("%d artifacts, %d files mapped, %d files with fields", len(res.Artifacts), mapped, len(r.Files))
			}
			for _, f := range res.Findings {
				if f.RuleID == "AIMS1003" || f.RuleID == "AIMS1001" {
					t.Errorf("%s:%d: %s %s", f.Range.File, f.Range.Start.Line, f.RuleID, f.Message)
				}
			}
		})
	}
}

// TestProposeNames checks that a schema is never proposed over a file: a
// name taken gets .proposed.
func TestProposeNames(t *testing.T) {
	dir := copyFixture(t, "framework", false)
	r, err := Scan(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	taken := map[string]bool{"schemas/risk.schema.json": true, "schemas/risk.proposed.schema.json": true}
	p := Propose(r, Options{Exists: func(rel string) bool { return taken[rel] }})
	if _, ok := p.Schemas["schemas/risk.proposed-2.schema.json"]; !ok {
		t.Errorf("schemas %v: want schemas/risk.proposed-2.schema.json", keysOf(p.Schemas))
	}
	for rel := range p.Schemas {
		if taken[rel] {
			t.Errorf("proposed %s, which exists", rel)
		}
	}
	if !strings.Contains(string(p.Config), "schema: schemas/risk.proposed-2.schema.json") {
		t.Errorf("the configuration does not name the schema it proposes:\n%s", p.Config)
	}
}

func keysOf(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestScanGitIgnore checks that Scan leaves out what git ignores, as lint's
// discovery does, and lists templates.
func TestScanGitIgnore(t *testing.T) {
	repo := gittest.New(t, map[string]string{
		".gitignore":               "scratch/\n",
		"notes/a.md":               "---\ntitle: A\n---\n",
		"scratch/b.md":             "---\ntitle: B\n---\n",
		"forms/c.md.tmpl":          "---\ntitle: C\n---\n",
		"forms/d.txt":              "title: D\n",
		"settings.yaml":            "title: settings\n",
		".github/workflows/ci.yml": "name: ci\n",
		"README.md":                "---\ntitle: Read me\n---\n",
	})
	repo.CommitAll("files")
	r, err := Scan(context.Background(), repo.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Files {
		got = append(got, f.Path)
	}
	if want := []string{"forms/c.md.tmpl", "notes/a.md"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Scan listed %v, want %v", got, want)
	}
}

// TestProposalOddNames checks that folder names, keys and values YAML or
// globs treat specially still give a configuration that loads and reads the
// files.
func TestProposalOddNames(t *testing.T) {
	dir := t.TempDir()
	gittest.WriteFiles(t, dir, map[string]string{
		"our docs/a.md":        "---\ntitle: 'A: the first'\nstate: \"yes\"\nowner: \"#1 owner\"\n'odd key': x\n---\n",
		"our docs/b.md":        "---\ntitle: B\nstate: 'no'\nowner: \"O'Brien\"\n---\n",
		"x[1]/c.md":            "---\ntitle: C\n---\n",
		"weird\x1bname/d.yaml": "title: D\nstatus: \"Approved \\u0007\"\n",
		"notes/e.yaml":         "title: E\nrecord: final\nkind_of: x\n",
	})
	r, err := Scan(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	p := Propose(r, Options{})
	if err := os.WriteFile(filepath.Join(dir, ".aims.yaml"), p.Config, 0o644); err != nil {
		t.Fatal(err)
	}
	for rel, data := range p.Schemas {
		gittest.WriteFiles(t, dir, map[string]string{rel: string(data)})
	}
	res := lintFixture(t, dir)
	for _, f := range res.Findings {
		if f.RuleID == "AIMS1003" || f.RuleID == "AIMS1001" {
			t.Errorf("%s:%d: %s %s\n%s", f.Range.File, f.Range.Start.Line, f.RuleID, f.Message, p.Config)
		}
	}
	mapped := 0
	for _, k := range p.Kinds {
		mapped += len(k.Files)
	}
	if len(res.Artifacts) != mapped {
		t.Errorf("%d artifacts, %d files mapped:\n%s", len(res.Artifacts), mapped, p.Config)
	}
}

// TestScanPolicies checks that the rule files an existing .aims.yaml names,
// and their tests, are neither files to map nor artifacts, and that the
// proposal keeps the policies globs and loads with them.
func TestScanPolicies(t *testing.T) {
	dir := t.TempDir()
	gittest.WriteFiles(t, dir, map[string]string{
		".aims.yaml":                    "policies: [\"policies/*.yaml\"]\n",
		"notes/a.md":                    "---\ntitle: A\n---\n",
		"policies/hr.yaml":              "rules:\n  - id: ACME-001\n    title: owners\n",
		"policies/hr.tests/ok/sys.yaml": "kind: ai-system\nid: SYS-1\n",
		"policies/hr.tests/notes.md":    "---\ntitle: a test's note\n---\n",
	})
	r, err := Scan(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Files {
		got = append(got, f.Path)
	}
	if want := []string{"notes/a.md"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Scan listed %v, want %v", got, want)
	}
	if len(r.Artifacts) != 0 {
		t.Errorf("artifacts %v: a rule file's tests are not artifacts", r.Artifacts)
	}
	if strings.Join(r.Policies, " ") != "policies/*.yaml" {
		t.Errorf("Policies = %v, want [policies/*.yaml]", r.Policies)
	}
	p := Propose(r, Options{})
	if !strings.Contains(string(p.Config), "policies:\n  - 'policies/*.yaml'\n") {
		t.Errorf("the proposal does not keep the policies globs:\n%s", p.Config)
	}
	var cfg lint.Config
	if err := lint.ParseConfig(&cfg, ".aims.proposed.yaml", p.Config); err != nil {
		t.Fatalf("the proposal does not load: %v\n%s", err, p.Config)
	}
	if !cfg.PolicyPath("policies/hr.tests/ok/sys.yaml") {
		t.Error("the proposal's configuration does not leave the rule file's tests out")
	}
}
