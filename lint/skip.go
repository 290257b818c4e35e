package lint

import (
	"fmt"
	"sort"
	"strings"
)

// A SkipError says that a rule could not judge this repository and why: the
// history-based rules in a folder without git, or in a shallow clone. A rule
// returns it from Check; the run goes on, and the result says which rules
// were skipped, once per reason, instead of passing them silently.
type SkipError struct {
	Reason string // what is missing and how to fix it
}

// Error returns the reason.
func (e *SkipError) Error() string { return e.Reason }

// Skip returns a *SkipError with a formatted reason.
func Skip(format string, args ...any) error {
	return &SkipError{Reason: fmt.Sprintf(format, args...)}
}

// skipNotifications turns skipped rules into one notification per reason,
// naming the rules, in a stable order.
func skipNotifications(skipped map[string][]string) []string {
	reasons := make([]string, 0, len(skipped))
	for r := range skipped {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	var out []string
	for _, r := range reasons {
		ids := skipped[r]
		sort.Strings(ids)
		out = append(out, fmt.Sprintf("%s (skipped: %s)", r, strings.Join(ids, ", ")))
	}
	return out
}
