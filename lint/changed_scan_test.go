package lint

import (
	"slices"
	"testing"
)

// TestScanHead checks the line scan that stands in for parsing the files a
// partial run does not load: what it finds must be what the parser finds.
func TestScanHead(t *testing.T) {
	tests := []struct {
		name, src               string
		markdown                bool
		kind, id, status, title string
		ids                     []string
	}{
		{"yaml", "kind: ai-system\nid: SYS-1\ntitle: A system\nstatus: approved\n", false, "ai-system", "SYS-1", "approved", "A system", []string{"SYS-1"}},
		{"quoted and commented", "kind: 'roles' # the roles\nid: \"ROLES\"\nstatus: draft # for now\ntitle: \"Roles: who does what\"\n", false, "roles", "ROLES", "draft", "Roles: who does what", []string{"ROLES"}},
		{"items", "kind: risk-register\nid: RSK-REG\nrisks:\n  - id: RSK-1\n    status: open\n  -   id: RSK-2\n", false, "risk-register", "RSK-REG", "", "", []string{"RSK-REG", "RSK-1", "RSK-2"}},
		{"nested status and title are not the artifact's", "kind: ai-objectives\nobjectives:\n  - title: x\n    status: met\nid: OBJ\n", false, "ai-objectives", "OBJ", "", "", []string{"OBJ"}},
		{"markdown frontmatter only", "---\nkind: procedure\nid: PROC-1\n---\n# Body\nid: NOT-AN-ID\nkind: no\n", true, "procedure", "PROC-1", "", "", []string{"PROC-1"}},
		{"markdown without frontmatter", "# Notes\nkind: procedure\n", true, "", "", "", "", nil},
		{"CRLF", "kind: dataset\r\nid: DS-1\r\n", false, "dataset", "DS-1", "", "", []string{"DS-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, id, status, title, ids := scanHead([]byte(tt.src), tt.markdown)
			if kind != tt.kind || id != tt.id || status != tt.status || title != tt.title || !slices.Equal(ids, tt.ids) {
				t.Errorf("scanHead = %q %q %q %q %q, want %q %q %q %q %q", kind, id, status, title, ids, tt.kind, tt.id, tt.status, tt.title, tt.ids)
			}
		})
	}
}

// TestTokens checks that the ids a changed file names are found as tokens.
func TestTokens(t *testing.T) {
	got := tokens([]byte("datasets: [DS-00002, DS-00003]\nowner: ai-governance-lead # SYS-1.\n"))
	for _, want := range []string{"DS-00002", "DS-00003", "ai-governance-lead", "SYS-1"} {
		if !slices.Contains(got, want) {
			t.Errorf("tokens lack %q: %q", want, got)
		}
	}
	if idToken("A.6.2.4") || !idToken("RSK-1") {
		t.Error("idToken")
	}
}
