package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimsdev/aims/artifact"
)

// maxNamedIDs is how many ids a notification about an unparsed file names.
const maxNamedIDs = 3

// unparsedNotifications says once for each document that does not parse (or
// is too large to parse) that
// references to it cannot be checked and that it evidences nothing, so the
// rules need not report every reference to it as dangling. Like findings,
// they are kept only for the files in only, unless only is nil.
func unparsedNotifications(docs []*artifact.Document, only map[string]bool) []string {
	var out []string
	for _, d := range docs {
		if d.Salvaged == nil || (only != nil && !only[d.Path]) {
			continue
		}
		var ids []string
		seen := map[string]bool{}
		for _, id := range d.Salvaged.Values("id") {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		what := "references to it"
		switch {
		case len(ids) > maxNamedIDs:
			what = fmt.Sprintf("references to %s and %d more ids", strings.Join(ids[:maxNamedIDs], ", "), len(ids)-maxNamedIDs)
		case len(ids) > 0:
			what = "references to " + strings.Join(ids, ", ")
		}
		why, until := fmt.Sprintf("does not parse (%s)", artifact.RuleParse), "it parses"
		if slices.ContainsFunc(d.Problems, func(p artifact.Problem) bool { return p.RuleID == artifact.RuleTooLarge }) {
			why, until = fmt.Sprintf("is over max_file_size (%s)", artifact.RuleTooLarge), "it is split or the limit raised"
		}
		out = append(out, fmt.Sprintf("%s %s: %s cannot be checked, and it evidences nothing, until %s", d.Path, why, what, until))
	}
	return out
}
