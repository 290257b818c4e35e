package rules

import (
	"path/filepath"
	"testing"

	"github.com/aimsdev/aims/lint/linttest"
)

// TestMappedHistory checks that the history rules read the earlier versions
// of a document through the mappings of .aims.yaml: the review date under
// its own name (last_updated), the status in its own vocabulary, the kind
// from a field, the id from a numbered field.
func TestMappedHistory(t *testing.T) {
	dir := filepath.Join("testdata", "AIMS6003", "mapped")
	res := linttest.Run(t, All, AIMS6003, dir)
	n := 0
	for _, f := range res.Findings {
		if f.RuleID == AIMS6003.ID {
			n++
			// The finding is at the value of last_updated, as written.
			if f.Range.File != "procedures/procedure-1.md" || f.Range.Start.Col != 15 {
				t.Errorf("finding at %s, want procedures/procedure-1.md at column 15", f.Range)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d AIMS6003 findings, want 1", n)
	}
	if len(res.Artifacts) != 1 || res.Artifacts[0].ID != "PROC-1" || res.Artifacts[0].Kind != "procedure" || res.Artifacts[0].Status != "approved" {
		t.Errorf("artifacts %+v, want PROC-1, an approved procedure", res.Artifacts)
	}
}
