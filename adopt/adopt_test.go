package adopt

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
