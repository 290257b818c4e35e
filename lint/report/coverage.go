package report

import (
	"fmt"

	"github.com/aimsdev/aims/lint"
)

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

// validationRef is the control whose evidence, per AI system, is an
// evaluation with a result: AI system verification and validation.
const validationRef = "A.6.2.4"

// A validationCount counts the AI systems that A.6.2.4 asks evidence of.
type validationCount struct {
	Systems []lint.SystemCoverage // every AI system in scope, in coverage order
	Passed  int                   // those with a passing current evaluation (evidenced)
	Failing []string              // the ids of the others, in coverage order
}

// validation counts the AI systems of A.6.2.4's per-system coverage; ok is
// false when the result has none (no AI system in scope, the control
// excluded, or a result without per-system coverage).
func validation(r *lint.Result) (v validationCount, ok bool) {
	for _, c := range r.Coverage {
		if c.Ref != validationRef {
			continue
		}
		if !c.Applicable || c.Status == lint.NotApplicable || len(c.Systems) == 0 {
			return v, false
		}
		v.Systems = c.Systems
		for _, s := range c.Systems {
			if s.Status == lint.Evidenced {
				v.Passed++
			} else {
				v.Failing = append(v.Failing, s.System)
			}
		}
		return v, true
	}
	return v, false
}

// sentence says how many systems pass: "2 of 3 AI systems have a passing
// current evaluation".
func (v validationCount) sentence() string {
	n := len(v.Systems)
	noun, verb := "AI systems", "have"
	if n == 1 {
		noun = "AI system"
	}
	if v.Passed == 1 || n == 1 {
		verb = "has" // "1 of 3 AI systems has", "0 of 1 AI system has"
	}
	return fmt.Sprintf("%d of %d %s %s a passing current evaluation", v.Passed, n, noun, verb)
}
