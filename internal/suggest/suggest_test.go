package suggest

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"ai-system", "ai-system", 0},
		{"ai-sytem", "ai-system", 1},
		{"kitten", "sitting", 3},
		{"", "abc", 3},
		{"übung", "ubung", 1},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	kinds := []string{"ai-policy", "ai-system", "roles"}
	for _, c := range []struct {
		s     string
		limit int
		want  string
	}{
		{"ai-polcy", 3, "ai-policy"},
		{"ai-sytem", 3, "ai-system"},
		{"role", 3, "roles"},
		{"role", 0, ""},
		{"supplier", 3, ""},
		{"ai-xxxxxx", 9, "ai-policy"}, // the first of equals
	} {
		if got := Closest(c.s, kinds, c.limit); got != c.want {
			t.Errorf("Closest(%q, %d) = %q, want %q", c.s, c.limit, got, c.want)
		}
	}
}
