// Package sariftest validates SARIF logs in tests against the official SARIF
// 2.1.0 schemas: the standard's (draft-07) and its errata's (draft-04). The
// schemas are not part of this repository; they are read from ../shared/sarif
// beside the module root, where CI provides them.
package sariftest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Schemas compiles the official schemas. Without them the test fails when
// CI is set (they are the oracle there) and is skipped otherwise, so that
// `go test ./...` works on a fresh clone.
func Schemas(t testing.TB) []*jsonschema.Schema {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory: cannot find the module root")
		}
		dir = parent
	}
	var out []*jsonschema.Schema
	for _, name := range []string{"sarif-schema-2.1.0.json", "sarif-schema-2.1.0-errata01.json"} {
		file := filepath.Join(dir, "..", "shared", "sarif", name)
		if _, err := os.Stat(file); err != nil {
			msg := "the official SARIF schema " + file + " is missing: the tests validate SARIF against the schemas in ../shared/sarif beside the module root"
			if os.Getenv("CI") != "" {
				t.Fatal(msg)
			}
			t.Skip(msg + " (CI runs this test)")
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		s, err := c.Compile(file)
		if err != nil {
			t.Fatalf("compile %s: %v", file, err)
		}
		out = append(out, s)
	}
	return out
}

// Validate validates a SARIF log against every schema.
func Validate(t testing.TB, schemas []*jsonschema.Schema, name string, data []byte) {
	t.Helper()
	for _, s := range schemas {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: SARIF is not JSON: %v", name, err)
		}
		if err := s.Validate(inst); err != nil {
			t.Errorf("%s: SARIF is invalid against %s:\n%v", name, s.Location, err)
		}
	}
}
