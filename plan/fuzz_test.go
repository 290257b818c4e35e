package plan

import (
	"regexp"
	"testing"
	"time"
)

// schemaCycle is the pattern of defs.schema.json#/$defs/cycle.
var schemaCycle = regexp.MustCompile(`^[1-9][0-9]*(d|w|mo|y)$`)

// FuzzCycle parses arbitrary review cycles as the plan's review KPI reads
// them: exactly the cycles the schema accepts parse, and a cycle moves a
// date forward.
func FuzzCycle(f *testing.F) {
	for _, s := range []string{"90d", "2w", "6mo", "1y", "0d", "1m", "+1y", "1_0d", " 1d", "100001d", "99999999999999999999mo", "768614336404564650y", "P1Y"} {
		f.Add(s, "2026-01-31")
	}
	f.Fuzz(func(t *testing.T, s, date string) {
		c, ok := parseCycle(s)
		if ok != schemaCycle.MatchString(s) {
			t.Fatalf("parseCycle(%q) = %v, the schema says %v", s, ok, !ok)
		}
		if !ok {
			return
		}
		d, ok := parseDate(date)
		if !ok {
			d = time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
		}
		if next := c.after(d); !next.After(d) {
			t.Fatalf("%s plus %s is %s", d.Format(time.DateOnly), s, next.Format(time.DateOnly))
		}
	})
}
