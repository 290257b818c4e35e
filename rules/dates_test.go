package rules

import (
	"testing"
	"time"
)

func TestCycleAfter(t *testing.T) {
	tests := []struct {
		cycle, from, want string
	}{
		{"90d", "2026-01-01", "2026-04-01"},
		{"2w", "2026-01-01", "2026-01-15"},
		{"1mo", "2026-01-31", "2026-02-28"},
		{"6mo", "2026-08-31", "2027-02-28"},
		{"12mo", "2026-03-15", "2027-03-15"},
		{"1y", "2028-02-29", "2029-02-28"},
	}
	for _, tt := range tests {
		c, ok := parseCycle(tt.cycle)
		if !ok {
			t.Fatalf("parseCycle(%q) failed", tt.cycle)
		}
		from, _ := parseDate(tt.from)
		if got := c.after(from).Format(time.DateOnly); got != tt.want {
			t.Errorf("%s after %s = %s, want %s", tt.cycle, tt.from, got, tt.want)
		}
	}
	for _, bad := range []string{"", "0d", "12", "1m", "-1y", "1.5y"} {
		if _, ok := parseCycle(bad); ok {
			t.Errorf("parseCycle(%q) succeeded", bad)
		}
	}
}
