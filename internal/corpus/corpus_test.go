package corpus

import (
	"maps"
	"strings"
	"testing"
)

func TestFilesDeterministicAndSized(t *testing.T) {
	for _, n := range []int{100, 1000} {
		a, b := Files(n), Files(n)
		if !maps.Equal(a, b) {
			t.Fatalf("n=%d: two calls differ", n)
		}
		artifacts := 0
		for name := range a {
			if strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".md") {
				artifacts++
			}
		}
		// .aims.yaml is not an artifact
		if got := artifacts - 1; got < n || got > n+3 {
			t.Errorf("n=%d: %d artifacts", n, got)
		}
	}
}
