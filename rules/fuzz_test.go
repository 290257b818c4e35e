package rules

import (
	"regexp"
	"testing"
	"time"
)

// schemaCycle is the pattern of defs.schema.json#/$defs/cycle: every cycle
// the schema accepts, the review rules must understand.
var schemaCycle = regexp.MustCompile(`^[1-9][0-9]*(d|w|mo|y)$`)

// FuzzDates parses arbitrary dates and review cycles: a date that parses is
// written back as it was given; a cycle that parses is written back as it
// was given, and every cycle the schema accepts parses; a cycle moves a
// date forward, a longer cycle no less than a shorter one.
func FuzzDates(f *testing.F) {
	for _, s := range [][2]string{
		{"2026-01-31", "1mo"},
		{"2024-02-29", "1y"},
		{"0001-01-01", "90d"},
		{"9999-12-31", "2w"},
		{"2026-02-30", "12mo"},
		{"2026-1-5", "0d"},
		{" 2026-01-05", "1 y"},
		{"2026-01-05T00:00:00Z", "P1Y"},
		{"2026-06-30", "99999999999999999999d"},
		{"2026-06-30", "9223372036854775807mo"},
		{"2026-06-30", "768614336404564650y"},
		{"+2026-06-30", "+1d"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, date, cyc string) {
		d, ok := parseDate(date)
		if ok {
			if got := d.Format(time.DateOnly); got != date {
				t.Fatalf("parseDate(%q) = %s", date, got)
			}
			if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
				t.Fatalf("parseDate(%q) = %v, not UTC midnight", date, d)
			}
		} else {
			d = time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
		}
		c, ok := parseCycle(cyc)
		if schemaCycle.MatchString(cyc) && !ok {
			t.Fatalf("the schema accepts the cycle %q, the review rules do not", cyc)
		}
		if !ok {
			return
		}
		if c.n < 1 || c.String() != cyc {
			t.Fatalf("parseCycle(%q) = %+v, written %s", cyc, c, c)
		}
		next := c.after(d)
		if !next.After(d) {
			t.Fatalf("%s plus %s is %s", d.Format(time.DateOnly), cyc, next.Format(time.DateOnly))
		}
		if next.Location() != time.UTC || next.Hour() != 0 {
			t.Fatalf("%s plus %s is %v, not UTC midnight", d.Format(time.DateOnly), cyc, next)
		}
		if c.n > 1 {
			shorter := cycle{n: c.n - 1, unit: c.unit}
			if shorter.after(d).After(next) {
				t.Fatalf("%s plus %s is after %s plus %s", d.Format(time.DateOnly), shorter, d.Format(time.DateOnly), cyc)
			}
		}
		if again, _ := parseCycle(cyc); again != c || !c.after(d).Equal(next) {
			t.Fatal("two parses differ")
		}
	})
}
