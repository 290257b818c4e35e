package rules

import "testing"

// TestFieldLabel: list indexes show in brackets, exactly as strconv.Atoi
// reads numbers (signs included, overflow not), and every other token is a
// dotted field name.
func TestFieldLabel(t *testing.T) {
	for _, c := range []struct {
		tokens []string
		want   string
	}{
		{[]string{"risks", "2", "ai_system"}, "risks[2].ai_system"},
		{[]string{"a", "+1", "-3", "007"}, "a[+1][-3][007]"},
		{[]string{"a", "1x", "x1", "-", "+"}, "a.1x.x1.-.+"},
		{[]string{"a", "99999999999999999999"}, "a.99999999999999999999"},
		{[]string{"a", ""}, "a."},
		{[]string{"0", "b"}, "[0].b"},
	} {
		if got := fieldLabel(c.tokens...); got != c.want {
			t.Errorf("fieldLabel(%q) = %q, want %q", c.tokens, got, c.want)
		}
	}
}
