package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/lint"
)

// AIMS7143 reports AI systems whose record changed significantly after the
// risk register holding their risks was last reviewed.
var AIMS7143 = &lint.Rule{
	ID:       "AIMS7143",
	Name:     "SystemChangedAfterRiskReview",
	Title:    "record of an AI system changed significantly after its risk register was last reviewed",
	Doc:      doc("AIMS7143"),
	Severity: lint.Warning,
	Controls: []string{"8.2", "6.1.2"},
	Scope:    lint.ScopeLinked,
	History:  true,
	Check:    checkSystemChangedAfterRiskReview,
}

// significantFields are the fields of an ai-system record whose change is a
// significant change of the system, one its risk assessment must consider.
var significantFields = []string{"risk_level", "purpose", "intended_use", "datasets", "suppliers", "lifecycle_stage"}

// changedFields returns the significant fields whose value differs between
// two versions of a record. Texts that differ only in spacing, and lists
// that differ only in order, are the same. It compares them as
// AIMS7143 does (version.changedFields).
func changedFields(before, after *artifact.Document) []string {
	return summarize(before).changedFields(summarize(after), before == after)
}

// normalField returns a field's value with the spacing of texts and the
// order of lists of texts made irrelevant.
func normalField(v any) any {
	switch v := v.(type) {
	case string:
		return strings.Join(strings.Fields(v), " ")
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return v
			}
			out = append(out, strings.TrimSpace(s))
		}
		slices.Sort(out)
		return out
	}
	return v
}

// A riskReview is the last review of a risk register: last_reviewed, or
// approved_on when it was never reviewed.
type riskReview struct {
	reg         *artifact.Document
	on          time.Time
	text, field string
}

// checkSystemChangedAfterRiskReview reports AI systems in force whose
// record last changed its risk level, purpose, intended use, datasets,
// suppliers or life-cycle stage (in a commit other than the one that added
// it) more than a day after the last review of a risk register in force that
// holds a risk of the system. The registers are indexed by system id once,
// and each system's history is walked back only to the oldest such review.
// Registers without a valid review date, or whose content now is not what
// the history held at the as-of date, are not judged.
func checkSystemChangedAfterRiskReview(p *lint.Pass) error {
	h, err := p.History()
	if err != nil {
		return err
	}
	bySystem := map[string][]riskReview{}
	for _, r := range kindDocs(p, "risk-register") {
		if !inForce(r) {
			continue
		}
		on, text, field, ok := lastReview(r)
		if !ok {
			continue
		}
		if _, ok := timelineOf(p, h, r); !ok {
			continue
		}
		rv := riskReview{reg: r, on: on, text: text, field: field}
		seen := map[string]bool{}
		for _, v := range r.List("risks") {
			if s := itemString(v, "ai_system"); s != "" && !seen[s] {
				seen[s] = true
				bySystem[s] = append(bySystem[s], rv)
			}
		}
	}
	vs := versionsOf(p, h)
	for _, sys := range p.Index.ByKind("ai-system") {
		regs := bySystem[sys.ID]
		if !inForce(sys) || sys.ID == "" || len(regs) == 0 {
			continue
		}
		tl, ok := timelineOf(p, h, sys)
		if !ok {
			continue
		}
		oldest := slices.MinFunc(regs, func(a, b riskReview) int { return a.on.Compare(b.on) }).on
		var fields []string
		changed, err := tl.lastChange(vs, sys,
			func(c gitrepo.Commit) bool { return commitLaterThan(c, oldest) },
			func(before, after *version, sameBlob bool) bool {
				fields = before.changedFields(after, sameBlob)
				return len(fields) > 0
			})
		if err != nil {
			return err
		}
		if changed == nil {
			continue
		}
		var stale []string
		var related []lint.Related
		holder := ""
		for _, rv := range regs {
			if !commitLaterThan(changed.Commit, rv.on) {
				continue
			}
			holder = fmt.Sprintf("after %s, which holds its risks, was last reviewed (%s %s)", rv.reg.ID, rv.field, rv.text)
			stale = append(stale, fmt.Sprintf("%s %s %s", rv.reg.ID, rv.field, rv.text))
			related = append(related, lint.Related{Range: rv.reg.Locate(rv.field), Message: "the last review of " + rv.reg.ID})
		}
		if len(stale) > 1 {
			holder = fmt.Sprintf("after the risk registers that hold its risks were last reviewed (%s)", strings.Join(stale, ", "))
		}
		at := sys.Locate(fields[0])
		if sys.Get(fields[0]) == nil {
			at = sys.Locate("id")
		}
		names := make([]string, len(fields))
		for i, f := range fields {
			names[i] = "`" + f + "`"
		}
		what := names[0]
		if n := len(names); n > 1 {
			what = strings.Join(names[:n-1], ", ") + " and " + names[n-1]
		}
		p.ReportFinding(lint.Finding{
			Range: at,
			Message: fmt.Sprintf("%s of %s changed in %s, %s: a significant change needs a new risk assessment; reassess the risks of %s against the change, update them in the register, and record the review in `last_reviewed`",
				what, sys.ID, describeCommit(changed.Commit), holder, sys.ID),
			Related: related,
		})
	}
	return nil
}
