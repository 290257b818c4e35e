package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimsdev/aims/artifact"
)

// Rule ids of the coverage rules whose repository-level findings say that a
// clause or control has no approved evidence. When a custom rule makes the
// reference evidenced (heldCoverage), their findings about it go.
const (
	RuleClauseMissing  = "AIMS4001" // a clause requiring documented information has no evidence
	RuleControlMissing = "AIMS4002" // an applicable Annex A control has no evidence
	RuleDraftOnly      = "AIMS4003" // only drafts evidence a clause or control
)

// heldCoverage adds what the custom rules that ran say to the coverage, as
// an auditor would count it: a rule that evidences references
// (Rule.Evidences) and has no unsuppressed finding is evidence of them
// through the approved documents it judged and found to hold (Result.Held).
// Those documents join the reference's evidence, and a reference of one
// item (no Items, no Systems) that had none, or drafts only, becomes
// evidenced. Documents that are not approved are no evidence. A rule with
// open findings adds nothing and a note that says so. A reference marked
// not applicable stays so. A group (A.9, 6) stands for every clause or
// control in it (refs, the catalogue's references, say which).
//
// It returns the coverage and the findings, without the findings of the
// coverage rules that said a reference it made evidenced had no approved
// evidence.
func heldCoverage(cov []Coverage, findings []Finding, run []*Rule, held map[string][]string, docs []*artifact.Document, refs []Reference) ([]Coverage, []Finding) {
	if len(cov) == 0 {
		return cov, findings
	}
	byRef := map[string]int{}
	for i := range cov {
		byRef[cov[i].Ref] = i
	}
	status := map[string]string{}
	for _, d := range docs {
		if d.Data != nil {
			status[d.Path] = d.Status()
		}
	}
	open := map[string]int{}
	for i := range findings {
		if findings[i].Suppressed == nil {
			open[findings[i].RuleID]++
		}
	}
	raised := map[string]bool{}
	for _, r := range run {
		if len(r.Evidences) == 0 {
			continue
		}
		where := r.ID
		if r.Custom != nil && r.Custom.File != "" {
			where += " (" + r.Custom.File + ")"
		}
		var approved []string
		for _, p := range held[r.ID] {
			if status[p] == "approved" {
				approved = append(approved, p)
			}
		}
		slices.Sort(approved)
		approved = slices.Compact(approved)
		for _, ref := range expandGroups(r.Evidences, refs) {
			i, ok := byRef[ref]
			if !ok {
				continue
			}
			c := &cov[i]
			switch {
			case open[r.ID] > 0:
				c.Notes = append(c.Notes, fmt.Sprintf("%s does not hold: %d open %s, no evidence of %s until fixed", where, open[r.ID], pluralFindings(open[r.ID]), ref))
			case len(approved) == 0:
				if len(held[r.ID]) > 0 {
					c.Notes = append(c.Notes, fmt.Sprintf("%s holds on documents that are not approved: no evidence of %s until one is", where, ref))
				}
			default:
				c.Evidence = union(c.Evidence, approved)
				c.Notes = append(c.Notes, fmt.Sprintf("%s holds on %s", where, strings.Join(approved, ", ")))
				if c.Status != NotApplicable && c.Status != Evidenced && len(c.Items) == 0 && len(c.Systems) == 0 {
					c.Status = Evidenced
					raised[ref] = true
				}
			}
		}
	}
	if len(raised) == 0 {
		return cov, findings
	}
	findings = slices.DeleteFunc(findings, func(f Finding) bool {
		switch f.RuleID {
		case RuleClauseMissing, RuleControlMissing, RuleDraftOnly:
			return f.Range.File == "" && len(f.Controls) == 1 && raised[f.Controls[0]]
		}
		return false
	})
	return cov, findings
}

// expandGroups returns ids with each group among them (a Reference whose ID
// is its Group) replaced by the clauses or controls in it, in refs' order.
func expandGroups(ids []string, refs []Reference) []string {
	var out []string
	for _, id := range ids {
		group := false
		for _, r := range refs {
			if r.ID == id && r.Group == id {
				group = true
				break
			}
		}
		if !group {
			out = append(out, id)
			continue
		}
		for _, r := range refs {
			if r.Group == id && r.ID != id {
				out = append(out, r.ID)
			}
		}
	}
	return slices.Compact(out)
}

// union returns the sorted union of two lists of paths.
func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
