package lint

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// dropInherited leaves out of a --changed or --base run's findings the
// repository-level warnings and notes (a clause evidenced only by drafts)
// that the commit the change is compared with (HEAD, or the merge base)
// has too: the change did not cause them, and a pre-commit hook or a pull
// request check should not repeat them on every change. Errors stay, as
// they fail the run whatever caused them. The commit is linted with the
// current configuration and only the rules that made such findings, so a
// run that has none lints nothing more; a partial run, which does not run
// the repository-wide rules, has none. It returns the findings kept and a
// notification saying how many were left out ("" when none were). A
// commit that cannot be linted (a repository without commits) leaves the
// findings as they are.
func dropInherited(ctx context.Context, cfg *Config, ch *change, findings []Finding, rules []*Rule) ([]Finding, string, error) {
	if ch == nil || ch.from == "" {
		return findings, "", nil
	}
	inherited := func(f *Finding) bool { return f.Range.File == "" && f.Severity < Error && f.Suppressed == nil }
	var ids []string
	for i := range findings {
		if f := &findings[i]; inherited(f) && !slices.Contains(ids, f.RuleID) {
			ids = append(ids, f.RuleID)
		}
	}
	if len(ids) == 0 {
		return findings, "", nil
	}
	base := *cfg
	base.Rev, base.Changed, base.Base, base.Files, base.AsOfCommit = ch.from, false, "", nil, false
	base.Rules, base.rulesAt = ids, nil
	res, err := Run(ctx, &base, rules)
	if cerr := ctx.Err(); cerr != nil {
		return nil, "", cerr
	}
	if err != nil {
		return findings, "", nil
	}
	before := map[string]bool{}
	for i := range res.Findings {
		if f := &res.Findings[i]; inherited(f) {
			before[inheritKey(f)] = true
		}
	}
	n := 0
	out := slices.DeleteFunc(findings, func(f Finding) bool {
		if inherited(&f) && before[inheritKey(&f)] {
			n++
			return true
		}
		return false
	})
	if n == 0 {
		return out, "", nil
	}
	what := "HEAD"
	if cfg.Base != "" {
		what = "the merge base"
	}
	noun := "warnings or notes"
	if n == 1 {
		noun = "warning or note"
	}
	return out, fmt.Sprintf("%d repository-wide %s left out: %s has them too, so the change did not cause them (aims lint without --changed or --base shows them)", n, noun, what), nil
}

// inheritKey identifies a repository-level finding across two runs: its
// rule, message and references.
func inheritKey(f *Finding) string {
	return f.RuleID + "\x00" + f.Message + "\x00" + strings.Join(f.Controls, ",")
}
