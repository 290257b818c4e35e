package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// This file holds the content rules of the governance documents: roles
// (AIMS7120-7121), scope and context (AIMS7125-7127), the AI policy
// (AIMS7130-7131) and competence (AIMS7135-7136).

// AIMS7120 reports roles artifacts without top management or an AIMS owner.
var AIMS7120 = &lint.Rule{
	ID:       "AIMS7120",
	Name:     "RolesWithoutTopManagementOrOwner",
	Title:    "roles do not define top management or name the AIMS owner",
	Doc:      doc("AIMS7120"),
	Severity: lint.Error,
	Controls: []string{"5.1", "5.3", "A.3.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkRolesTop,
}

// AIMS7121 reports roles assigned to nobody, or without responsibilities or
// authority.
var AIMS7121 = &lint.Rule{
	ID:       "AIMS7121",
	Name:     "RoleNotAssigned",
	Title:    "role has no members, responsibilities or authority",
	Doc:      doc("AIMS7121"),
	Severity: lint.Error,
	Controls: []string{"5.3", "A.3.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkRoleAssignments,
}

// AIMS7125 reports AI system records that the scope neither includes nor
// excludes, and systems both included and excluded.
var AIMS7125 = &lint.Rule{
	ID:       "AIMS7125",
	Name:     "SystemOutsideScope",
	Title:    "an AI system is neither in the AIMS scope nor excluded from it",
	Doc:      doc("AIMS7125"),
	Severity: lint.Error,
	Controls: []string{"4.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkSystemsInScope,
}

// AIMS7126 reports scopes that do not record the context clauses 4.1 to 4.3
// ask for: issues, AI roles, the legal requirements that apply, interfaces.
var AIMS7126 = &lint.Rule{
	ID:       "AIMS7126",
	Name:     "ScopeMissesContext",
	Title:    "scope does not record the issues, AI roles, legal requirements, interfaces or which needs are addressed",
	Doc:      doc("AIMS7126"),
	Severity: lint.Error,
	Controls: []string{"4.1", "4.2", "4.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkScopeContext,
}

// AIMS7127 reports scope exclusions whose justification says nothing.
var AIMS7127 = &lint.Rule{
	ID:       "AIMS7127",
	Name:     "ScopeExclusionUnjustified",
	Title:    "scope exclusion has no real justification",
	Doc:      doc("AIMS7127"),
	Severity: lint.Error,
	Controls: []string{"4.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkScopeExclusions,
}

// AIMS7130 reports AI policies that do not state the commitments clause 5.2
// requires.
var AIMS7130 = &lint.Rule{
	ID:       "AIMS7130",
	Name:     "PolicyMissesCommitment",
	Title:    "the AI policy does not commit to meeting requirements or to continual improvement",
	Doc:      doc("AIMS7130"),
	Severity: lint.Error,
	Controls: []string{"5.2", "A.2.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkPolicyCommitments,
}

// AIMS7131 reports AI policies that name no related policy.
var AIMS7131 = &lint.Rule{
	ID:       "AIMS7131",
	Name:     "PolicyAlignmentUnrecorded",
	Title:    "the AI policy names no other policy it is aligned with",
	Doc:      doc("AIMS7131"),
	Severity: lint.Error,
	Controls: []string{"A.2.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkPolicyAlignment,
}

// AIMS7135 reports roles that the competence record does not cover.
var AIMS7135 = &lint.Rule{
	ID:       "AIMS7135",
	Name:     "RoleWithoutCompetence",
	Title:    "role has no required competences and evidence in the competence record",
	Doc:      doc("AIMS7135"),
	Severity: lint.Error,
	Controls: []string{"7.2", "A.4.6"},
	Scope:    lint.ScopeLinked,
	Check:    checkRoleCompetence,
}

// AIMS7136 reports competence gaps without an action and a due date.
var AIMS7136 = &lint.Rule{
	ID:       "AIMS7136",
	Name:     "CompetenceGapWithoutAction",
	Title:    "competence gap has no action or due date",
	Doc:      doc("AIMS7136"),
	Severity: lint.Error,
	Controls: []string{"7.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkCompetenceGaps,
}

// roleEntries calls each for every role mapping of the in-force roles
// artifacts.
func roleEntries(p *lint.Pass, each func(d *artifact.Document, i int, m map[string]any)) {
	for _, d := range kindDocs(p, "roles") {
		if !inForce(d) {
			continue
		}
		for i, v := range d.List("roles") {
			if m, ok := v.(map[string]any); ok {
				each(d, i, m)
			}
		}
	}
}

func checkRolesTop(p *lint.Pass) error {
	for _, d := range kindDocs(p, "roles") {
		if !inForce(d) {
			continue
		}
		if _, ok := d.Get("roles").([]any); !ok {
			continue // the schema rule says so
		}
		defined := false
		for _, v := range d.List("roles") {
			if itemString(v, "id") == topManagement {
				defined = true
			}
		}
		if !defined && !definedElsewhere(p, d, topManagement) {
			p.Reportf(d.LocateKey("roles"), "no role is top management: add a role with `id: %s` whose members are the people who direct and control the organization at the highest level", topManagement)
		}
		if d.Get("aims_owner") == nil {
			p.Reportf(d.LocateKey("roles"), "the roles do not name the AIMS owner: set `aims_owner` to the role that makes sure the AIMS conforms to ISO/IEC 42001 and reports its performance to top management, e.g. `aims_owner: ai-governance-lead`")
		}
	}
	return nil
}

// definedElsewhere reports whether another in-force roles artifact than d
// defines role.
func definedElsewhere(p *lint.Pass, d *artifact.Document, role string) bool {
	for _, x := range kindDocs(p, "roles") {
		if x == d || !inForce(x) {
			continue
		}
		for _, v := range x.List("roles") {
			if itemString(v, "id") == role {
				return true
			}
		}
	}
	return false
}

func checkRoleAssignments(p *lint.Pass) error {
	roleEntries(p, func(d *artifact.Document, i int, m map[string]any) {
		id, _ := m["id"].(string)
		if id == "" {
			id = fmt.Sprintf("roles[%d]", i)
		}
		if l, _ := m["members"].([]any); len(l) == 0 {
			at := d.Locate("roles", tok(i), "id")
			if _, present := m["members"]; present {
				at = d.Locate("roles", tok(i), "members")
			}
			p.Reportf(at, "role %s has no members: list in `members` who holds it (names, or a team and its size), so that the responsibility is assigned to someone", id)
		}
		for _, key := range []string{"responsibilities", "authority"} {
			if l, ok := m[key].([]any); ok && len(l) == 0 {
				p.Reportf(d.Locate("roles", tok(i), key), "role %s lists no %s: say what the role %s", id, key, map[string]string{"responsibilities": "is responsible for", "authority": "may decide"}[key])
			}
		}
	})
	return nil
}

// scopeDocs returns the in-force aims-scope artifacts.
func scopeDocs(p *lint.Pass) []*artifact.Document {
	var out []*artifact.Document
	for _, d := range kindDocs(p, "aims-scope") {
		if inForce(d) {
			out = append(out, d)
		}
	}
	return out
}

func checkSystemsInScope(p *lint.Pass) error {
	scopes := scopeDocs(p)
	if len(scopes) == 0 {
		return nil
	}
	in := map[string]bool{}
	excluded := map[string]bool{}
	for _, s := range scopes {
		for _, id := range s.Strings("ai_systems") {
			in[id] = true
		}
		for i, v := range s.List("exclusions") {
			id := itemString(v, "ai_system")
			if id == "" {
				continue
			}
			excluded[id] = true
			if in[id] {
				p.Reportf(s.Locate("exclusions", tok(i), "ai_system"), "%s is both in `ai_systems` and excluded: decide whether it is in the scope, and remove it from one of the two", id)
			}
		}
	}
	for _, d := range kindDocs(p, "ai-system") {
		if d.Status() == "retired" || d.ID == "" || in[d.ID] || excluded[d.ID] || mentionedInExclusions(scopes, d.ID) {
			continue
		}
		p.Reportf(d.Locate("id"), "AI system %s is neither in the AIMS scope nor excluded from it: add it to `ai_systems` of %s, or record it under `exclusions` with `ai_system: %s` and a justification", d.ID, scopes[0].ID, d.ID)
	}
	return nil
}

// mentionedInExclusions reports whether an exclusion's item names id.
func mentionedInExclusions(scopes []*artifact.Document, id string) bool {
	for _, s := range scopes {
		for _, v := range s.List("exclusions") {
			if strings.Contains(itemString(v, "item"), id) {
				return true
			}
		}
	}
	return false
}

// climate matches an issue that says whether climate change is relevant.
var climate = regexp.MustCompile(`(?i)climate`)

func checkScopeContext(p *lint.Pass) error {
	for _, d := range scopeDocs(p) {
		for _, f := range []struct{ key, what string }{
			{"external_issues", "the external issues relevant to the AIMS (legal and regulatory, market, technology, social; clause 4.1)"},
			{"internal_issues", "the internal issues relevant to the AIMS (governance, capabilities, culture, existing management systems; clause 4.1)"},
			{"ai_roles", "the organization's AI roles (provider, producer, customer, partner, subject, relevant-authority; clause 4.1)"},
			{"legal_requirements", "the laws, regulations and contractual obligations that apply to the AI systems in scope, such as the EU AI Act, data-protection law or a customer contract (clause 4.1)"},
			{"interfaces", "the interfaces and dependencies between what the organization does and what others do for it, such as suppliers, cloud platforms or a parent company (clause 4.3)"},
		} {
			if len(d.List(f.key)) == 0 {
				p.Reportf(d.LocateKey("ai_systems"), "the scope does not record `%s`: list %s", f.key, f.what)
			}
		}
		issues := append(d.Strings("external_issues"), d.Strings("internal_issues")...)
		if len(issues) > 0 && !slices.ContainsFunc(issues, climate.MatchString) {
			p.Reportf(d.LocateKey("external_issues"), "the issues do not say whether climate change is relevant: clause 4.1 asks the organization to decide; add an issue that says whether and how climate change bears on its AI systems")
		}
		for i, v := range d.List("interested_parties") {
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			if _, ok := m["addressed"].(bool); !ok {
				name, _ := m["name"].(string)
				p.Reportf(d.Locate("interested_parties", tok(i), "name"), "the scope does not say whether the AIMS addresses the needs of %q: set `addressed: true` or `addressed: false` (clause 4.2)", name)
			}
		}
	}
	return nil
}

// minJustification is the fewest characters a justification can have and
// still give a reason.
const minJustification = minExclusionJustification

// justificationProblem says what is wrong with a justification, or "".
func justificationProblem(v any) string {
	s, ok := v.(string)
	if !ok {
		return "" // missing or not text: the schema rule says so
	}
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return ""
	case placeholder(exclusionKey(s)):
		return fmt.Sprintf("the placeholder justification %q", s)
	case utf8.RuneCountInString(s) < minJustification:
		return fmt.Sprintf("the justification %q, too short to give a reason", s)
	}
	return ""
}

func checkScopeExclusions(p *lint.Pass) error {
	for _, d := range scopeDocs(p) {
		for i, v := range d.List("exclusions") {
			m, _ := v.(map[string]any)
			if why := justificationProblem(m["justification"]); why != "" {
				p.Reportf(d.Locate("exclusions", tok(i), "justification"), "%q is excluded from the scope with %s: say why it is outside the AIMS and who governs it instead", itemString(v, "item"), why)
			}
		}
	}
	return nil
}

var (
	// requirementsCommitment matches a commitment to meet applicable requirements.
	requirementsCommitment = regexp.MustCompile(`(?i)requirement|\bcompl(y|ies|iance)\b|\blaw(s|ful)?\b|\blegal`)
	// improvementCommitment matches a commitment to continual improvement.
	improvementCommitment = regexp.MustCompile(`(?i)improv`)
)

// bodyText returns a Markdown body without its heading lines, so that a
// heading alone does not count as content.
func bodyText(d *artifact.Document) string {
	var b strings.Builder
	for _, line := range strings.Split(string(d.Body), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

func checkPolicyCommitments(p *lint.Pass) error {
	for _, d := range kindDocs(p, "ai-policy") {
		if !inForce(d) || d.Format != artifact.Markdown {
			continue
		}
		text := bodyText(d)
		if !requirementsCommitment.MatchString(text) {
			p.Reportf(d.Locate("kind"), "the AI policy does not commit to meeting applicable requirements: add to its principles or commitments a commitment to satisfy the legal, regulatory and other requirements that apply to the organization's AI systems")
		}
		if !improvementCommitment.MatchString(text) {
			p.Reportf(d.Locate("kind"), "the AI policy does not commit to continual improvement: add a commitment to continually improve the AI management system, and say how (reviews, corrective action, lessons learned)")
		}
	}
	return nil
}

func checkPolicyAlignment(p *lint.Pass) error {
	for _, d := range kindDocs(p, "ai-policy") {
		if !inForce(d) || len(d.List("related_policies")) > 0 {
			continue
		}
		p.Reportf(d.Locate("kind"), "the AI policy names no other policy it was aligned with: list in `related_policies` the organizational policies AI touches (information security, privacy, procurement, HR…) and check they do not conflict")
	}
	return nil
}

func checkRoleCompetence(p *lint.Pass) error {
	var records []*artifact.Document
	for _, d := range kindDocs(p, "competence-record") {
		if inForce(d) {
			records = append(records, d)
		}
	}
	if len(records) == 0 {
		return nil // no record: the coverage rules say so
	}
	covered := map[string]bool{}
	for _, d := range records {
		for _, v := range d.List("competences") {
			covered[itemString(v, "role")] = true
		}
	}
	roleEntries(p, func(d *artifact.Document, i int, m map[string]any) {
		id, _ := m["id"].(string)
		if id == "" || covered[id] {
			return
		}
		p.ReportFinding(lint.Finding{
			Range:   records[0].LocateKey("competences"),
			Message: fmt.Sprintf("role %s has no entry in `competences` of %s: add one with the competences the role needs (`required`) and the evidence that its members have them (`evidence`, `training` with dates)", id, records[0].ID),
			Related: []lint.Related{{Range: d.Locate("roles", tok(i), "id"), Message: "the role"}},
		})
	})
	return nil
}

func checkCompetenceGaps(p *lint.Pass) error {
	for _, d := range kindDocs(p, "competence-record") {
		if !inForce(d) {
			continue
		}
		for i, v := range d.List("gaps") {
			m, ok := v.(map[string]any)
			if !ok || m["closed_on"] != nil {
				continue
			}
			gap, _ := m["gap"].(string)
			var missing []string
			if blankText(m["action"]) {
				missing = append(missing, "`action` (training, hiring or mentoring that closes it)")
			}
			if m["due"] == nil {
				missing = append(missing, "`due` (when)")
			}
			if len(missing) > 0 {
				p.Reportf(d.Locate("gaps", tok(i), "gap"), "the competence gap %q has no %s: add it, or record `closed_on` once the gap is closed", gap, strings.Join(missing, " and "))
			}
		}
	}
	return nil
}
