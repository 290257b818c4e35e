package lint

import (
	"testing"

	"github.com/aimsdev/aims/artifact"
)

// TestUnparsedIndex checks that the index finds a document that does not
// parse by the ids it appears to define, and that one notification says so,
// only for the files shown.
func TestUnparsedIndex(t *testing.T) {
	broken := artifact.ParseDocument("risk/reg.yaml", []byte("id: RSK-REG\nkind: risk-register\nrisks:\n  - id: RSK-1\n\t  title: x\n  - id: RSK-2\n  - id: RSK-3\n  - id: RSK-1\n"), "")
	ok := artifact.ParseDocument("systems/a.yaml", []byte("id: SYS-A\nkind: ai-system\n"), "")
	docs := []*artifact.Document{broken, ok}
	ix := newIndex(docs)
	for _, id := range []string{"RSK-REG", "RSK-1", "RSK-3"} {
		if got := ix.Unparsed(id); len(got) != 1 || got[0] != broken {
			t.Errorf("Unparsed(%s) = %v", id, got)
		}
	}
	if got := ix.Unparsed("SYS-A"); got != nil {
		t.Errorf("Unparsed(SYS-A) = %v, want nil: it parses", got)
	}
	notes := unparsedNotifications(docs, nil)
	want := "risk/reg.yaml does not parse (AIMS1001): references to RSK-REG, RSK-1, RSK-2 and 1 more ids cannot be checked, and it evidences nothing, until it parses"
	if len(notes) != 1 || notes[0] != want {
		t.Errorf("notifications = %q, want %q", notes, want)
	}
	if notes := unparsedNotifications(docs, map[string]bool{"systems/a.yaml": true}); len(notes) != 0 {
		t.Errorf("notifications for other files = %q", notes)
	}
}
