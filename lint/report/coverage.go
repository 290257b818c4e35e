package report

import "github.com/aimsdev/aims/lint"

// A groupCoverage tallies the coverage of one clause group (4 … 10) or Annex A
// group (A.2 … A.10), for the formats that summarise coverage.
type groupCoverage struct {
	Group         string
	Total         int
	Evidenced     int
	DraftOnly     int
	NotApplicable int
	Missing       []string // the missing references, in coverage order
}

// coverageByGroup tallies r.Coverage by group, in the order of groupOrder:
// clause groups, then Annex A groups. Groups without coverage are left out.
func coverageByGroup(r *lint.Result) []groupCoverage {
	if len(r.Coverage) == 0 {
		return nil
	}
	groupOf := map[string]string{}
	for _, ref := range r.References {
		if _, ok := groupOf[ref.ID]; !ok {
			groupOf[ref.ID] = ref.Group
		}
	}
	var extra []string // groups of coverage refs not in the references
	byGroup := map[string]*groupCoverage{}
	for _, c := range r.Coverage {
		g, ok := groupOf[c.Ref]
		if !ok {
			g = refGroup(c.Ref)
			extra = append(extra, g)
		}
		gc := byGroup[g]
		if gc == nil {
			gc = &groupCoverage{Group: g}
			byGroup[g] = gc
		}
		gc.Total++
		switch c.Status {
		case lint.Evidenced:
			gc.Evidenced++
		case lint.DraftOnly:
			gc.DraftOnly++
		case lint.Missing:
			gc.Missing = append(gc.Missing, c.Ref)
		case lint.NotApplicable:
			gc.NotApplicable++
		}
	}
	var out []groupCoverage
	for _, g := range groupOrder(r.References, extra) {
		if gc := byGroup[g]; gc != nil {
			out = append(out, *gc)
		}
	}
	return out
}
