package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS3012 reports risks above the acceptance threshold that are accepted
// without top-management approval.
var AIMS3012 = &lint.Rule{
	ID:       "AIMS3012",
	Name:     "RiskAcceptedWithoutApproval",
	Title:    "risk above the acceptance threshold is accepted without top-management approval",
	Doc:      doc("AIMS3012"),
	Severity: lint.Error,
	Controls: []string{"6.1.3", "8.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkRiskAcceptance,
}

// AIMS3016 reports risk likelihoods and impacts that are not levels of the
// register's scales.
var AIMS3016 = &lint.Rule{
	ID:       "AIMS3016",
	Name:     "RiskLevelOffScale",
	Title:    "risk likelihood or impact is not a level of the register's scales",
	Doc:      doc("AIMS3016"),
	Severity: lint.Error,
	Controls: []string{"6.1.2", "8.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkRiskScales,
}

// riskLabel names risk i of a register in messages.
func riskLabel(m map[string]any, i int) string {
	if id, _ := m["id"].(string); id != "" {
		return id
	}
	return fmt.Sprintf("risks[%d]", i)
}

func checkRiskAcceptance(p *lint.Pass) error {
	for _, d := range liveKindDocs(p, "risk-register") {
		threshold, ok := asWholeNumber(d.Get("criteria", "acceptance_threshold"))
		if !ok {
			continue
		}
		for i, v := range d.List("risks") {
			m, _ := v.(map[string]any)
			if m == nil || m["treatment"] != "accept" {
				continue
			}
			l, okL := asWholeNumber(m["likelihood"])
			im, okI := asWholeNumber(m["impact"])
			if !okL || !okI || l*im <= threshold {
				continue
			}
			what := fmt.Sprintf("risk %s scores %d (%d × %d), above the acceptance threshold of %d,", riskLabel(m, i), l*im, l, im, threshold)
			acc, _ := m["acceptance"].(map[string]any)
			if acc == nil {
				p.Reportf(d.Locate("risks", tok(i), "treatment"), "%s and is accepted without a recorded approval: have top management accept it and record `acceptance` with `approved_by: %s` and `approved_on`", what, topManagement)
				continue
			}
			if by, _ := acc["approved_by"].(string); by != topManagement {
				accepted, at := "without an approver", d.LocateKey("risks", tok(i), "acceptance")
				if by != "" {
					accepted, at = fmt.Sprintf("by %q", by), d.Locate("risks", tok(i), "acceptance", "approved_by")
				}
				p.Reportf(at, "%s and is accepted %s: only top management may accept it; have them approve it and record `approved_by: %s`", what, accepted, topManagement)
			}
			if on, _ := acc["approved_on"].(string); !validDate(on) {
				p.Reportf(d.LocateKey("risks", tok(i), "acceptance"), "%s and its acceptance has no valid `approved_on` date: record when top management accepted it (YYYY-MM-DD)", what)
			}
		}
	}
	return nil
}

// validDate reports whether s is a YYYY-MM-DD date.
func validDate(s string) bool {
	_, ok := parseDate(s)
	return ok
}

// scaleLevels returns the levels of a register's scale, by criteria key.
func scaleLevels(d *artifact.Document, scale string) map[int64]bool {
	out := map[int64]bool{}
	for _, v := range d.List("criteria", scale) {
		m, _ := v.(map[string]any)
		if n, ok := asWholeNumber(m["level"]); ok {
			out[n] = true
		}
	}
	return out
}

// describeLevels writes levels as "1–5" when they run without a gap, or as
// "1, 2, 4".
func describeLevels(levels map[int64]bool) string {
	ns := make([]int64, 0, len(levels))
	for n := range levels {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	if len(ns) > 2 && ns[len(ns)-1]-ns[0] == int64(len(ns)-1) {
		return fmt.Sprintf("%d–%d", ns[0], ns[len(ns)-1])
	}
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ", ")
}

func checkRiskScales(p *lint.Pass) error {
	for _, d := range liveKindDocs(p, "risk-register") {
		scales := map[string]map[int64]bool{
			"likelihood": scaleLevels(d, "likelihood"),
			"impact":     scaleLevels(d, "impact"),
		}
		fields := []struct{ field, scale string }{
			{"likelihood", "likelihood"},
			{"impact", "impact"},
			{"residual_likelihood", "likelihood"},
			{"residual_impact", "impact"},
		}
		for i, v := range d.List("risks") {
			m, _ := v.(map[string]any)
			if m == nil {
				continue
			}
			for _, f := range fields {
				levels := scales[f.scale]
				n, ok := asWholeNumber(m[f.field])
				if !ok || len(levels) == 0 || levels[n] {
					continue
				}
				p.Reportf(d.Locate("risks", tok(i), f.field), "risk %s has %s %d, which is not a level of the %s scale (%s): use a level defined in `criteria.%s`", riskLabel(m, i), f.field, n, f.scale, describeLevels(levels), f.scale)
			}
		}
	}
	return nil
}
