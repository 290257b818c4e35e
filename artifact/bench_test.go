package artifact

import (
	"strconv"
	"strings"
	"testing"
)

// aliasBomb builds a billion-laughs document: 10 levels of 10 aliases each.
func aliasBomb() []byte {
	var b strings.Builder
	b.WriteString("kind: dataset\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("a" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + strconv.Itoa(i-1))
		}
		b.WriteString("]\n")
	}
	return []byte(b.String())
}

// BenchmarkParseAliasBomb measures how fast a hostile document is refused:
// go test ./artifact -bench AliasBomb -benchmem
func BenchmarkParseAliasBomb(b *testing.B) {
	src := aliasBomb()
	for b.Loop() {
		d := ParseDocument("bomb.yaml", src, "")
		if d == nil || len(d.Problems) == 0 {
			b.Fatal("want a problem")
		}
	}
}

// BenchmarkParseDocument measures parsing one typical artifact.
func BenchmarkParseDocument(b *testing.B) {
	src := []byte(validSystem + "datasets: [DS-A, DS-B]\ncontrols: [A.6.2.4, 9.2]\n")
	for b.Loop() {
		if d := ParseDocument("s.yaml", src, ""); d == nil || len(d.Problems) > 0 {
			b.Fatal("want a clean document")
		}
	}
}
