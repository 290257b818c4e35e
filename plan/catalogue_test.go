package plan

import (
	"testing"

	"github.com/aimsdev/aims/rules"
)

// TestHeadingTitles keeps the heading titles in step with the catalogue.
func TestHeadingTitles(t *testing.T) {
	cat := rules.DefaultCatalogue()
	for _, h := range headings() {
		want, ok := cat.Title(h)
		if !ok {
			t.Fatalf("no heading %s in the catalogue", h)
		}
		if got, _ := headingTitle(h); got != want {
			t.Errorf("heading %s: %q, want %q", h, got, want)
		}
	}
}
