package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// parseDate parses a YYYY-MM-DD date as UTC midnight.
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

var cycleRe = regexp.MustCompile(`^([1-9][0-9]*)(d|w|mo|y)$`)

// A cycle is a review period such as 90d, 6mo or 1y.
type cycle struct {
	n    int
	unit string
	text string // as written, when n was capped
}

// maxCycle caps the number of a cycle: ten million days or more is longer
// than the calendar, and a larger number would overflow the date
// arithmetic and put the next review in the past.
const maxCycle = 10_000_000

// parseCycle parses a review cycle. Every cycle the schema accepts parses:
// an enormous one is capped, so that it is never due.
func parseCycle(s string) (cycle, bool) {
	m := cycleRe.FindStringSubmatch(s)
	if m == nil {
		return cycle{}, false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n > maxCycle {
		return cycle{n: maxCycle, unit: m[2], text: s}, true
	}
	return cycle{n: n, unit: m[2]}, true
}

// after returns t plus the cycle. Months and years keep the day of the month
// where it exists and otherwise end on the month's last day (2026-01-31 plus
// 1mo is 2026-02-28), as reviewers count them.
func (c cycle) after(t time.Time) time.Time {
	switch c.unit {
	case "d":
		return t.AddDate(0, 0, c.n)
	case "w":
		return t.AddDate(0, 0, 7*c.n)
	}
	months := c.n
	if c.unit == "y" {
		months *= 12
	}
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC)
}

// String returns the cycle as written.
func (c cycle) String() string {
	if c.text != "" {
		return c.text
	}
	return fmt.Sprintf("%d%s", c.n, c.unit)
}
