package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimsdev/aims/artifact"
)

// soaStatusRank orders the statuses of candidate statements of
// applicability: an approved one is read first.
func soaStatusRank(s string) int {
	switch s {
	case "approved":
		return 0
	case "in-review":
		return 1
	case "draft":
		return 2
	}
	return 3
}

// soaEntries returns the annex_a entries of d by control, the first entry of
// a control winning; nil when d has none.
func soaEntries(d *artifact.Document) map[string]map[string]any {
	var out map[string]map[string]any
	for _, e := range d.List("annex_a") {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		ref, _ := m["ref"].(string)
		if ref == "" {
			continue
		}
		if out == nil {
			out = map[string]map[string]any{}
		}
		if _, dup := out[ref]; !dup {
			out[ref] = m
		}
	}
	return out
}

// soa fills the Statement of Applicability: every Annex A control in
// catalogue order, from the best statement-of-applicability artifact (parsed,
// not retired, with annex_a entries; approved before in-review before draft,
// then path order), or derived from the gap analysis when there is none.
func (b *builder) soa() {
	var (
		chosen  *artifact.Document
		entries map[string]map[string]any
		usable  int
		why     []string
	)
	for _, d := range b.docs {
		if d.Kind != "statement-of-applicability" {
			continue
		}
		switch {
		case d.Data == nil:
			why = append(why, fmt.Sprintf("%s could not be parsed", d.Path))
			continue
		case d.Status() == "retired":
			continue
		}
		e := soaEntries(d)
		if e == nil {
			why = append(why, fmt.Sprintf("%s has no annex_a entries", d.Path))
			continue
		}
		usable++
		if chosen == nil || soaStatusRank(d.Status()) < soaStatusRank(chosen.Status()) {
			chosen, entries = d, e
		}
	}
	if chosen == nil {
		b.deriveSoA(why)
		return
	}
	if usable > 1 {
		b.missing("There are %d statements of applicability; the SoA sheet shows %s (%s).", usable, chosen.Path, chosen.Status())
	}
	b.p.SoASource = chosen.Path
	var absent, overclaimed []string
	for _, g := range b.p.Gaps {
		if !g.Control {
			continue
		}
		m, ok := entries[g.Ref]
		if !ok {
			absent = append(absent, g.Ref)
			b.p.SoA = append(b.p.SoA, SoAEntry{
				Ref:            g.Ref,
				Title:          g.Title,
				Applicable:     true,
				Justification:  "not in the Statement of Applicability",
				Implementation: "not-started",
				Systems:        slices.Clone(g.Systems),
			})
			continue
		}
		e := SoAEntry{
			Ref:            g.Ref,
			Title:          g.Title,
			Applicable:     m["applicable"] != false,
			Justification:  str(m["justification"]),
			Implementation: str(m["implementation"]),
			Evidence:       strs(m["evidence"]),
		}
		if e.Applicable {
			e.Systems = slices.Clone(g.Systems)
		}
		if e.Implementation == "" {
			e.Implementation = "not-started"
			if !e.Applicable {
				e.Implementation = "not-applicable"
			}
		}
		// "implemented" is shown only where the gap analysis agrees: approved
		// evidence (for every AI system, where each needs its own) and no
		// open error finding.
		if e.Implementation == "implemented" && e.Applicable && g.Status != Implemented {
			e.Implementation = "in-progress"
			overclaimed = append(overclaimed, g.Ref)
		}
		b.p.SoA = append(b.p.SoA, e)
	}
	if len(overclaimed) > 0 {
		b.missing("The Statement of Applicability %s marks %d controls implemented that are not fully evidenced by approved artifacts (%s): the SoA sheet shows them in progress; see the gap analysis.", chosen.Path, len(overclaimed), shortList(overclaimed, 10))
	}
	if len(absent) > 0 {
		b.missing("The Statement of Applicability %s does not list %d Annex A controls (%s): they are shown as applicable and not started.", chosen.Path, len(absent), shortList(absent, 10))
	}
}

// deriveSoA fills the SoA from the gap analysis, each row marked derived.
func (b *builder) deriveSoA(why []string) {
	b.p.SoADerived = true
	reason := "there is no statement-of-applicability artifact"
	switch u := b.unparsed(); {
	case len(why) > 0:
		reason = strings.Join(why, "; ")
	case len(u) > 0:
		reason = fmt.Sprintf("there is no readable statement-of-applicability artifact (%s could not be parsed, so its kind is unknown)", shortList(u, 5))
	}
	b.missing("The Statement of Applicability is derived from coverage because %s: every control is taken as applicable. Write a statement-of-applicability artifact that lists all 38 Annex A controls with a justification each (6.1.3).", reason)
	for _, g := range b.p.Gaps {
		if !g.Control {
			continue
		}
		e := SoAEntry{
			Ref:           g.Ref,
			Title:         g.Title,
			Applicable:    g.Applicable,
			Justification: "derived: no usable Statement of Applicability",
			Evidence:      b.evidenceIDs(g.Evidence),
			Derived:       true,
			Systems:       slices.Clone(g.Systems),
		}
		switch g.Status {
		case Implemented:
			e.Implementation = "implemented"
		case Partial:
			e.Implementation = "in-progress"
		case NotApplicable:
			e.Implementation = "not-applicable"
		default:
			e.Implementation = "not-started"
		}
		b.p.SoA = append(b.p.SoA, e)
	}
}

// shortList joins up to n items and says how many more there are.
func shortList(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}
