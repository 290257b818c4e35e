package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// This file holds the content rules of the risk register (AIMS7101-7106):
// what an auditor checks in the risk criteria and in each risk's treatment.

// AIMS7101 reports risks above the acceptance threshold whose treatment plan
// lacks a control or action, or a residual level.
var AIMS7101 = &lint.Rule{
	ID:       "AIMS7101",
	Name:     "RiskTreatmentPlanIncomplete",
	Title:    "risk above the acceptance threshold has no complete treatment plan",
	Doc:      doc("AIMS7101"),
	Severity: lint.Error,
	Controls: []string{"6.1.3", "8.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkTreatmentPlans,
}

// AIMS7102 reports treated risks whose residual level is still above the
// acceptance threshold and that nobody accepted.
var AIMS7102 = &lint.Rule{
	ID:       "AIMS7102",
	Name:     "ResidualRiskAboveThreshold",
	Title:    "residual risk is above the acceptance threshold and not accepted",
	Doc:      doc("AIMS7102"),
	Severity: lint.Error,
	Controls: []string{"6.1.3", "8.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkResidualAboveThreshold,
}

// AIMS7103 reports residual levels higher than the inherent ones.
var AIMS7103 = &lint.Rule{
	ID:       "AIMS7103",
	Name:     "ResidualAboveInherent",
	Title:    "residual likelihood or impact is higher than before treatment",
	Doc:      doc("AIMS7103"),
	Severity: lint.Error,
	Controls: []string{"6.1.2", "6.1.3", "8.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkResidualAboveInherent,
}

// AIMS7104 reports risk criteria that do not say who may accept a risk, whose
// threshold no risk can exceed, or whose scales repeat a level.
var AIMS7104 = &lint.Rule{
	ID:       "AIMS7104",
	Name:     "RiskCriteriaIncomplete",
	Title:    "risk criteria do not say who may accept a risk, or cannot separate acceptable risks",
	Doc:      doc("AIMS7104"),
	Severity: lint.Error,
	Controls: []string{"6.1.1", "6.1.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkRiskCriteria,
}

// AIMS7105 reports risk acceptances without a record, or by a role the risk
// criteria do not allow to accept a risk of that level.
var AIMS7105 = &lint.Rule{
	ID:       "AIMS7105",
	Name:     "RiskAcceptedWithoutAuthority",
	Title:    "risk is accepted without a record or by a role without the authority to accept it",
	Doc:      doc("AIMS7105"),
	Severity: lint.Error,
	Controls: []string{"6.1.3", "8.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkAcceptanceAuthority,
}

// AIMS7106 reports risks treated by an Annex A control that the statement of
// applicability excludes, or does not implement although the treatment is done.
var AIMS7106 = &lint.Rule{
	ID:       "AIMS7106",
	Name:     "RiskControlNotApplicable",
	Title:    "risk is treated by a control the statement of applicability excludes or has not implemented",
	Doc:      doc("AIMS7106"),
	Severity: lint.Error,
	Controls: []string{"6.1.3", "8.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkRiskControlsInSoA,
}

// A riskEntry is one risk of a register, with what the content rules read.
type riskEntry struct {
	index int
	m     map[string]any
	label string
}

// at returns the path tokens of a key of the risk.
func (r riskEntry) at(key ...string) []string {
	return append([]string{"risks", tok(r.index)}, key...)
}

// levels returns the risk's likelihood and impact under the two keys, and
// whether both are whole numbers.
func (r riskEntry) levels(lk, ik string) (l, i int64, ok bool) {
	l, okL := asWholeNumber(r.m[lk])
	i, okI := asWholeNumber(r.m[ik])
	return l, i, okL && okI
}

// str returns the string under key.
func (r riskEntry) str(key string) string {
	s, _ := r.m[key].(string)
	return s
}

// riskEntries returns the risks of d that are mappings.
func riskEntries(d *artifact.Document) []riskEntry {
	var out []riskEntry
	for i, v := range d.List("risks") {
		if m, ok := v.(map[string]any); ok {
			out = append(out, riskEntry{index: i, m: m, label: riskLabel(m, i)})
		}
	}
	return out
}

// threshold returns a register's acceptance threshold.
func threshold(d *artifact.Document) (int64, bool) {
	return asWholeNumber(d.Get("criteria", "acceptance_threshold"))
}

// treated reports whether a treatment status says the treatment is done.
func treated(status string) bool { return status == "implemented" || status == "verified" }

func checkTreatmentPlans(p *lint.Pass) error {
	for _, d := range kindDocs(p, "risk-register") {
		if !inForce(d) {
			continue
		}
		limit, ok := threshold(d)
		if !ok {
			continue
		}
		for _, r := range riskEntries(d) {
			treatment := r.str("treatment")
			l, i, ok := r.levels("likelihood", "impact")
			if !ok || l*i <= limit || treatment == "" || treatment == "accept" {
				continue // accepted risks above the threshold: AIMS3012
			}
			what := fmt.Sprintf("risk %s scores %d (%d × %d), above the acceptance threshold of %d,", r.label, l*i, l, i, limit)
			if len(d.List(r.at("controls")...)) == 0 && len(d.List(r.at("actions")...)) == 0 {
				p.Reportf(d.Locate(r.at("treatment")...), "%s and its treatment (%s) names no control or action: list in `controls` the Annex A controls that treat it, or in `actions` what will be done", what, treatment)
			}
			_, hasL := r.m["residual_likelihood"]
			_, hasI := r.m["residual_impact"]
			if !hasL || !hasI {
				p.Reportf(d.Locate(r.at("treatment")...), "%s and has no residual level: record `residual_likelihood` and `residual_impact`, the level the treatment is expected to leave", what)
			}
		}
	}
	return nil
}

func checkResidualAboveThreshold(p *lint.Pass) error {
	for _, d := range kindDocs(p, "risk-register") {
		if !inForce(d) {
			continue
		}
		limit, ok := threshold(d)
		if !ok {
			continue
		}
		auth := authorityOf(d)
		for _, r := range riskEntries(d) {
			if r.str("treatment") == "accept" || r.m["acceptance"] != nil {
				continue // accepted: AIMS3012 and AIMS7105 judge who accepted it
			}
			l, i, ok := r.levels("residual_likelihood", "residual_impact")
			if !ok || l*i <= limit {
				continue
			}
			status := r.str("treatment_status")
			state := "planned to leave"
			if treated(status) {
				state = fmt.Sprintf("treated (%s) and leaves", status)
			}
			p.Reportf(d.Locate(r.at("residual_impact")...), "risk %s is %s a residual score of %d (%d × %d), still above the acceptance threshold of %d, and nobody accepted it: treat it further and record the lower residual level, or have %s accept the residual risk in `acceptance` (approved_by, approved_on)", r.label, state, l*i, l, i, limit, strings.Join(auth.above, " or "))
		}
	}
	return nil
}

func checkResidualAboveInherent(p *lint.Pass) error {
	for _, d := range kindDocs(p, "risk-register") {
		if !inForce(d) {
			continue
		}
		for _, r := range riskEntries(d) {
			for _, f := range []struct{ before, after string }{{"likelihood", "residual_likelihood"}, {"impact", "residual_impact"}} {
				b, okB := asWholeNumber(r.m[f.before])
				a, okA := asWholeNumber(r.m[f.after])
				if !okB || !okA || a <= b {
					continue
				}
				p.Reportf(d.Locate(r.at(f.after)...), "risk %s has %s %d, higher than its %s %d before treatment: a treatment cannot raise the risk; correct the levels, or reassess the risk and record the higher %s as its %s", r.label, f.after, a, f.before, b, f.before, f.before)
			}
		}
	}
	return nil
}

// An authority is who the risk criteria allow to accept a risk.
type authority struct {
	within, above []string
	set           bool // the criteria name them
}

// allows reports whether role may accept a risk above the threshold or not.
func (a authority) allows(role string, above bool) bool {
	if above {
		return slices.Contains(a.above, role)
	}
	return !a.set || slices.Contains(a.within, role) || slices.Contains(a.above, role)
}

// authorityOf reads criteria.acceptance_authority; without it, only top
// management may accept a risk above the threshold and any role one within it.
func authorityOf(d *artifact.Document) authority {
	a := authority{
		within: d.Strings("criteria", "acceptance_authority", "within_threshold"),
		above:  d.Strings("criteria", "acceptance_authority", "above_threshold"),
	}
	a.set = len(a.within) > 0 || len(a.above) > 0
	if len(a.above) == 0 {
		a.above = []string{topManagement}
	}
	return a
}

func checkRiskCriteria(p *lint.Pass) error {
	for _, d := range kindDocs(p, "risk-register") {
		if !inForce(d) {
			continue
		}
		if _, ok := d.Get("criteria").(map[string]any); !ok {
			continue // the schema rule says so
		}
		if d.Get("criteria", "acceptance_authority") == nil {
			p.Reportf(d.LocateKey("criteria"), "the risk criteria do not say who may accept a risk: add `criteria.acceptance_authority` with `within_threshold` (the roles that may accept a risk at or below the threshold, e.g. [ai-governance-lead]) and `above_threshold` (e.g. [top-management])")
		}
		maxScore := int64(1)
		for _, scale := range []string{"likelihood", "impact"} {
			seen := map[int64]bool{}
			top := int64(0)
			for j, v := range d.List("criteria", scale) {
				m, _ := v.(map[string]any)
				n, ok := asWholeNumber(m["level"])
				if !ok {
					continue
				}
				if seen[n] {
					p.Reportf(d.Locate("criteria", scale, tok(j), "level"), "the %s scale defines level %d more than once: give each level one label and description", scale, n)
				}
				seen[n] = true
				top = max(top, n)
			}
			maxScore *= top
		}
		limit, ok := threshold(d)
		if ok && maxScore > 0 && limit >= maxScore {
			p.Reportf(d.Locate("criteria", "acceptance_threshold"), "the acceptance threshold %d is at or above the highest possible score %d, so every risk counts as acceptable as it stands: set the threshold below %d, at the score above which risks must be treated", limit, maxScore, maxScore)
		}
	}
	return nil
}

func checkAcceptanceAuthority(p *lint.Pass) error {
	for _, d := range kindDocs(p, "risk-register") {
		if !inForce(d) {
			continue
		}
		limit, ok := threshold(d)
		if !ok {
			continue
		}
		auth := authorityOf(d)
		for _, r := range riskEntries(d) {
			l, i, ok := r.levels("likelihood", "impact")
			if !ok {
				continue
			}
			accept := r.str("treatment") == "accept"
			if accept && l*i > limit {
				continue // AIMS3012
			}
			acc, _ := r.m["acceptance"].(map[string]any)
			if acc == nil {
				if accept {
					p.Reportf(d.Locate(r.at("treatment")...), "risk %s is accepted, but nobody is recorded as accepting it: record `acceptance` with `approved_by` (%s) and `approved_on`", r.label, allowedRoles(auth, false))
				}
				continue
			}
			score, kind := l*i, "score"
			if rl, ri, ok := r.levels("residual_likelihood", "residual_impact"); ok && !accept {
				score, kind = rl*ri, "residual score"
			}
			above := score > limit
			by, _ := acc["approved_by"].(string)
			if by == "" || auth.allows(by, above) {
				continue
			}
			where := "at or below"
			if above {
				where = "above"
			}
			p.Reportf(d.Locate(r.at("acceptance", "approved_by")...), "risk %s has a %s of %d, %s the acceptance threshold of %d, and is accepted by %q, whom the risk criteria do not allow to accept it: have %s accept it and record them in `approved_by`", r.label, kind, score, where, limit, by, allowedRoles(auth, above))
		}
	}
	return nil
}

// allowedRoles says who may accept a risk above the threshold or not.
func allowedRoles(a authority, above bool) string {
	if above {
		return strings.Join(a.above, " or ")
	}
	if !a.set {
		return "the role that accepted it"
	}
	return strings.Join(append(slices.Clone(a.within), a.above...), " or ")
}

// soaEntries maps each Annex A control of the first live statement of
// applicability to its entry; nil when there is none.
func soaEntries(p *lint.Pass) (*artifact.Document, map[string]applicabilityEntry) {
	soas := liveKindDocs(p, statementKind)
	if len(soas) == 0 {
		return nil, nil
	}
	out := map[string]applicabilityEntry{}
	for _, e := range applicabilityEntries(soas[0]) {
		if _, dup := out[e.ref]; !dup && e.ref != "" {
			out[e.ref] = e
		}
	}
	return soas[0], out
}

func checkRiskControlsInSoA(p *lint.Pass) error {
	soa, entries := soaEntries(p)
	if soa == nil {
		return nil // no statement of applicability: the coverage rules say so
	}
	for _, d := range kindDocs(p, "risk-register") {
		if !inForce(d) {
			continue
		}
		for _, r := range riskEntries(d) {
			status := r.str("treatment_status")
			for j, ref := range d.Strings(r.at("controls")...) {
				e, ok := entries[ref]
				if !ok {
					continue // a clause, or a control the SoA leaves out (AIMS3006)
				}
				// Located only for a finding: locating parses the register's
				// YAML again, and keeps it.
				at := func() artifact.Range { return d.Locate(r.at("controls", tok(j))...) }
				related := func() []lint.Related {
					return []lint.Related{{Range: soa.Locate(e.at("applicable")...), Message: "the statement of applicability's entry"}}
				}
				if applicable, ok := e.m["applicable"].(bool); ok && !applicable {
					p.ReportFinding(lint.Finding{Range: at(), Related: related(), Message: fmt.Sprintf("risk %s is treated by %s, which %s excludes: make %s applicable in the statement of applicability and give its justification, or treat the risk with another control", r.label, ref, soa.ID, ref)})
					continue
				}
				impl, _ := e.m["implementation"].(string)
				if treated(status) && (impl == "not-started" || impl == "planned") {
					p.ReportFinding(lint.Finding{Range: at(), Related: related(), Message: fmt.Sprintf("risk %s's treatment is %s with %s, but %s says %s is %s: bring the two records into line (update the implementation status in %s, or the risk's treatment_status)", r.label, status, ref, soa.ID, ref, impl, soa.ID)})
				}
			}
		}
	}
	return nil
}
