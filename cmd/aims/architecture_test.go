package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// TestArchitectureMap keeps ARCHITECTURE.md true to the code: every package
// of the module is named in it, and every package has a package doc comment.
func TestArchitectureMap(t *testing.T) {
	root := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(root, "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	arch := string(data)
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && p != root && (strings.HasPrefix(name, ".") || name == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			return nil
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return err
		}
		pkgName, documented := "", false
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(p, n), nil, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				return err
			}
			pkgName = f.Name.Name
			if f.Doc != nil && (strings.HasPrefix(f.Doc.Text(), "Package "+pkgName) || pkgName == "main") {
				documented = true
			}
		}
		if pkgName == "" {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		named := strings.Contains(arch, "`"+rel+"`")
		if parent := path.Dir(rel); parent == "internal" {
			// internal packages are listed together: `internal/…` names each.
			named = strings.Contains(arch, "`"+path.Base(rel)+"`")
		}
		if !named {
			t.Errorf("ARCHITECTURE.md does not name the package %s: add it to the table", rel)
		}
		if !documented {
			t.Errorf("%s has no package doc comment", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
