package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aimsdev/aims/lint/linttest"
)

// TestAll validates the rule list the way go/analysis validates analyzers.
func TestAll(t *testing.T) {
	idRe := regexp.MustCompile(`^AIMS\d{4}$`)
	nameRe := regexp.MustCompile(`^[A-Z][A-Za-z0-9]+$`)
	c := DefaultCatalogue()
	ids, names := map[string]bool{}, map[string]bool{}
	prev := ""
	for _, r := range All {
		if !idRe.MatchString(r.ID) || ids[r.ID] {
			t.Errorf("%q: ids are unique and look like AIMS1001", r.ID)
		}
		if r.ID <= prev {
			t.Errorf("%s: All is in id order (after %s)", r.ID, prev)
		}
		prev = r.ID
		ids[r.ID] = true
		if !nameRe.MatchString(r.Name) || names[r.Name] || r.Name == r.ID {
			t.Errorf("%s: name %q must be unique PascalCase", r.ID, r.Name)
		}
		names[r.Name] = true
		if r.Title == "" || r.Title != strings.ToLower(r.Title[:1])+r.Title[1:] || strings.HasSuffix(r.Title, ".") {
			t.Errorf("%s: title %q must be lower case without a final period", r.ID, r.Title)
		}
		if !strings.Contains(r.Doc, "## Failing example") || !strings.Contains(r.Doc, "## Passing example") {
			t.Errorf("%s: Doc needs a failing and a passing example (rules/docs/%s.md)", r.ID, r.ID)
		}
		if len(r.Controls) == 0 {
			t.Errorf("%s: no controls", r.ID)
		}
		for _, ref := range r.Controls {
			if !c.Valid(ref) {
				t.Errorf("%s: control %q is not in the catalogue", r.ID, ref)
			}
		}
		if r.Check == nil {
			t.Errorf("%s: nil Check", r.ID)
		}
		if r.Severity < 1 || r.Severity > 3 {
			t.Errorf("%s: severity %v", r.ID, r.Severity)
		}
		if _, err := os.Stat(filepath.Join("testdata", r.ID)); err != nil {
			t.Errorf("%s: no fixtures in testdata/%s", r.ID, r.ID)
		}
	}
}

// TestRules runs every rule over its fixtures: testdata/ID/fail must produce
// the findings its want comments name and at least one; testdata/ID/pass none.
func TestRules(t *testing.T) {
	for i, r := range All {
		t.Run(r.ID, func(t *testing.T) {
			// -short (the race detector's run in CI) runs every third
			// rule's fixtures; the full suite runs them all.
			if testing.Short() && i%3 != 0 {
				t.Skip("-short: every third rule's fixtures")
			}
			t.Parallel()
			fail := linttest.Run(t, All, r, filepath.Join("testdata", r.ID, "fail"))
			n := 0
			for _, f := range fail.Findings {
				if f.RuleID == r.ID {
					n++
				}
			}
			if n == 0 {
				t.Errorf("testdata/%s/fail produced no %s finding", r.ID, r.ID)
			}
			linttest.Run(t, All, r, filepath.Join("testdata", r.ID, "pass"))
		})
	}
}
