package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimsdev/aims/lint"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/suggest"
)

// AIMS3001 reports ids used by more than one artifact or item.
var AIMS3001 = &lint.Rule{
	ID:       "AIMS3001",
	Name:     "DuplicateIdentifier",
	Title:    "id is used more than once",
	Doc:      doc("AIMS3001"),
	Severity: lint.Error,
	Controls: []string{"7.5.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkDuplicateIDs,
}

// AIMS3002 reports references to ids that do not exist or name an artifact
// of the wrong kind.
var AIMS3002 = &lint.Rule{
	ID:       "AIMS3002",
	Name:     "BrokenReference",
	Title:    "reference names a missing artifact or one of the wrong kind",
	Doc:      doc("AIMS3002"),
	Severity: lint.Error,
	Controls: []string{"7.5.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkReferences,
}

// AIMS3003 reports role ids that no roles artifact defines.
var AIMS3003 = &lint.Rule{
	ID:       "AIMS3003",
	Name:     "UndefinedRole",
	Title:    "role is not defined",
	Doc:      doc("AIMS3003"),
	Severity: lint.Error,
	Controls: []string{"5.3", "A.3.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkRoles,
}

func checkDuplicateIDs(p *lint.Pass) error {
	duplicateArtifactIDs(p)
	duplicateItemIDs(p)
	duplicateObjectiveIDs(p)
	duplicateRoleIDs(p)
	return nil
}

// duplicateArtifactIDs reports every artifact after the first with an id.
func duplicateArtifactIDs(p *lint.Pass) {
	for _, d := range p.Documents {
		if d.Data == nil || d.ID == "" {
			continue
		}
		first := p.Index.ByID(d.ID)[0]
		if first == d {
			continue
		}
		p.ReportFinding(lint.Finding{
			Range:   d.Locate("id"),
			Message: fmt.Sprintf("id %q is already used by %s: give this artifact an id of its own", d.ID, first.Path),
			Related: []lint.Related{{Range: first.Locate("id"), Message: "first used here"}},
		})
	}
}

// duplicateItemIDs reports item ids that others refer to (risks, planned
// audits, audit findings) used twice, or also by an artifact: they share
// the artifacts' namespace. A retired artifact is a record of its time: its
// items may be carried forward under the same ids, so only its own list is
// checked.
func duplicateItemIDs(p *lint.Pass) {
	seen := map[string]itemRef{}
	for _, l := range itemLists {
		for _, d := range kindDocs(p, l.kind) {
			live := d.Status() != "retired"
			local := map[string]itemRef{}
			for i, v := range d.List(l.list) {
				id := itemString(v, "id")
				if id == "" {
					continue
				}
				it := itemRef{doc: d, list: l, index: i}
				if first, dup := local[id]; dup {
					p.ReportFinding(lint.Finding{
						Range:   it.rng(),
						Message: fmt.Sprintf("%s id %q appears twice in `%s`: give each %s an id of its own", l.noun, id, l.list, l.noun),
						Related: []lint.Related{{Range: first.rng(), Message: "first used here"}},
					})
					continue
				}
				local[id] = it
				if !live {
					continue
				}
				if art := p.Index.ByID(id); len(art) > 0 {
					p.ReportFinding(lint.Finding{
						Range:   it.rng(),
						Message: fmt.Sprintf("%s id %q is also the id of the artifact %s: give the %s an id of its own, since references to %q are ambiguous", l.noun, id, art[0].Path, l.noun, id),
						Related: []lint.Related{{Range: art[0].Locate("id"), Message: "the artifact with this id"}},
					})
				}
				if first, dup := seen[id]; dup {
					p.ReportFinding(lint.Finding{
						Range:   it.rng(),
						Message: fmt.Sprintf("%s id %q is already used by %s in %s: give each an id of its own", l.noun, id, withArticle(first.list.noun), first.doc.Path),
						Related: []lint.Related{{Range: first.rng(), Message: "first used here"}},
					})
					continue
				}
				seen[id] = it
			}
		}
	}
}

// duplicateObjectiveIDs reports objective ids used twice in one artifact.
func duplicateObjectiveIDs(p *lint.Pass) {
	for _, d := range kindDocs(p, "ai-objectives") {
		firstAt := map[string]int{}
		for i, v := range d.List("objectives") {
			id := itemString(v, "id")
			if id == "" {
				continue
			}
			j, dup := firstAt[id]
			if !dup {
				firstAt[id] = i
				continue
			}
			p.ReportFinding(lint.Finding{
				Range:   d.Locate("objectives", tok(i), "id"),
				Message: fmt.Sprintf("objective id %q appears twice in `objectives`: give each objective an id of its own", id),
				Related: []lint.Related{{Range: d.Locate("objectives", tok(j), "id"), Message: "first used here"}},
			})
		}
	}
}

// duplicateRoleIDs reports roles defined twice in one artifact or across the
// roles artifacts that are not retired, since a role id must mean one role.
func duplicateRoleIDs(p *lint.Pass) {
	type roleDef struct {
		doc   *artifact.Document
		index int
	}
	roles := map[string]roleDef{}
	for _, d := range kindDocs(p, "roles") {
		live := d.Status() != "retired"
		local := map[string]int{}
		for i, v := range d.List("roles") {
			id := itemString(v, "id")
			if id == "" {
				continue
			}
			first, dup := roles[id]
			if j, again := local[id]; again {
				first, dup = roleDef{doc: d, index: j}, true
			} else {
				local[id] = i
				if !live {
					continue
				}
			}
			if !dup {
				roles[id] = roleDef{doc: d, index: i}
				continue
			}
			where := "in `roles` of this artifact"
			if first.doc != d {
				where = "in " + first.doc.Path
			}
			p.ReportFinding(lint.Finding{
				Range:   d.Locate("roles", tok(i), "id"),
				Message: fmt.Sprintf("role %q is already defined %s: keep one definition of each role", id, where),
				Related: []lint.Related{{Range: first.doc.Locate("roles", tok(first.index), "id"), Message: "first defined here"}},
			})
		}
	}
}

// A refTarget says what a reference field must name.
type refTarget struct {
	kinds   []string // artifact kinds it may name; empty with anyKind
	anyKind bool     // any artifact will do
	lists   []string // item lists it may name (itemList.list)
	noun    string   // what it must name, with article: "a dataset"
	missing string   // said of an id that names nothing: "which no artifact has"
	add     string   // what to add: "add the dataset"
}

// kindTarget is a reference to an artifact of one kind.
func kindTarget(kind string) refTarget {
	return refTarget{
		kinds:   []string{kind},
		noun:    withArticle(kind),
		missing: "which no artifact has",
		add:     "add the " + kind,
	}
}

// kindsTarget is a reference to an artifact of one of kinds (a custom
// kind's reference field).
func kindsTarget(kinds []string) refTarget {
	if len(kinds) == 1 {
		return kindTarget(kinds[0])
	}
	nouns := make([]string, len(kinds))
	for i, k := range kinds {
		nouns[i] = withArticle(k)
	}
	return refTarget{
		kinds:   kinds,
		noun:    strings.Join(nouns[:len(nouns)-1], ", ") + " or " + nouns[len(nouns)-1],
		missing: "which no artifact has",
		add:     "add the artifact",
	}
}

var (
	evidenceTarget = refTarget{
		anyKind: true,
		noun:    "an artifact",
		missing: "which no artifact has",
		add:     "add the artifact",
	}
	sourceTarget = refTarget{
		kinds:   []string{"incident", "audit-report"},
		lists:   []string{"findings"},
		noun:    "an incident, an audit report or an audit finding",
		missing: "which is no incident, audit report or audit finding",
		add:     "record where the nonconformity was found",
	}
	riskTarget = refTarget{
		lists:   []string{"risks"},
		noun:    "a risk in a risk register",
		missing: "which no risk register lists",
		add:     "add the risk to the register's `risks`",
	}
	actionTarget = refTarget{
		lists:   []string{"actions"},
		noun:    "an action of a management review",
		missing: "which no management review's `actions` has",
		add:     "give the action that id in the review that decided it",
	}
	auditTarget = refTarget{
		lists:   []string{"audits"},
		noun:    "an audit planned in an audit programme",
		missing: "which no audit programme plans",
		add:     "add the audit to the programme's `audits`",
	}
)

// A refChecker checks the references of one pass against the index and the
// item ids.
type refChecker struct {
	p     *lint.Pass
	items map[string][]itemRef
}

// check reports the id at tokens of d unless it names what t asks for.
func (rc *refChecker) check(d *artifact.Document, t refTarget, tokens ...string) {
	id, _ := d.Get(tokens...).(string)
	if id == "" {
		return
	}
	docs := rc.p.Index.ByID(id)
	for _, x := range docs {
		if t.anyKind || slices.Contains(t.kinds, x.Kind) {
			return
		}
	}
	items := rc.items[id]
	for _, it := range items {
		if slices.Contains(t.lists, it.list.list) {
			return
		}
	}
	if len(rc.p.Index.Unparsed(id)) > 0 {
		return // defined in a file that does not parse: AIMS1001 says so
	}
	field := fieldLabel(tokens...)
	var msg string
	switch {
	case len(docs) > 0:
		msg = fmt.Sprintf("`%s` names %q, %s, not %s: fix the id", field, id, withArticle(docs[0].Kind), t.noun)
	case len(items) > 0:
		msg = fmt.Sprintf("`%s` names %q, %s, not %s: fix the id", field, id, items[0].describe(), t.noun)
		if t.anyKind {
			msg += " or name " + items[0].doc.ID
		}
	default:
		msg = fmt.Sprintf("`%s` names %q, %s: fix the id or %s", field, id, t.missing, t.add)
	}
	rc.p.Report(d.Locate(tokens...), msg)
}

// checkList checks every id of the list at tokens.
func (rc *refChecker) checkList(d *artifact.Document, t refTarget, tokens ...string) {
	for i := range d.List(tokens...) {
		rc.check(d, t, append(slices.Clone(tokens), tok(i))...)
	}
}

func checkReferences(p *lint.Pass) error {
	rc := &refChecker{p: p, items: itemIDs(p)}
	system := kindTarget("ai-system")
	for _, d := range p.Documents {
		if d.Data == nil {
			continue
		}
		rc.checkList(d, system, "ai_systems")
		if ck := p.Config.CustomKind(d.Kind); ck != nil {
			// A custom kind's reference fields hold one id or a list.
			for _, ref := range ck.References {
				if _, isList := d.Get(ref.Field).([]any); isList {
					rc.checkList(d, kindsTarget(ref.Kinds), ref.Field)
				} else {
					rc.check(d, kindsTarget(ref.Kinds), ref.Field)
				}
			}
		}
		switch d.Kind {
		case "ai-system":
			rc.checkList(d, kindTarget("dataset"), "datasets")
			rc.checkList(d, kindTarget("supplier"), "suppliers")
			rc.check(d, kindTarget("impact-assessment"), "impact_assessment")
		case "risk-register":
			for i := range d.List("risks") {
				rc.check(d, system, "risks", tok(i), "ai_system")
			}
		case "impact-assessment":
			rc.check(d, system, "ai_system")
			rc.checkList(d, riskTarget, "risks")
		case "incident":
			rc.check(d, system, "ai_system")
			rc.checkList(d, kindTarget("nonconformity"), "corrective_actions")
			rc.checkList(d, riskTarget, "risks")
		case "statement-of-applicability":
			for i := range d.List("annex_a") {
				rc.checkList(d, evidenceTarget, "annex_a", tok(i), "evidence")
			}
		case "nonconformity":
			rc.check(d, sourceTarget, "source")
		case "management-review":
			rc.check(d, kindTarget("management-review"), "previous_review")
			for i := range d.List("action_follow_up") {
				rc.check(d, actionTarget, "action_follow_up", tok(i), "action")
			}
		case "supplier":
			rc.checkList(d, kindTarget("dataset"), "datasets")
		case "evaluation":
			rc.check(d, system, "ai_system")
			rc.checkList(d, kindTarget("dataset"), "datasets")
			for i := range d.List("metrics") {
				rc.check(d, riskTarget, "metrics", tok(i), "risk")
			}
		case "monitoring-report":
			for i := range d.List("kpis") {
				rc.check(d, kindTarget("nonconformity"), "kpis", tok(i), "nonconformity")
			}
		case "audit-report":
			rc.check(d, auditTarget, "audit")
			for i := range d.List("findings") {
				rc.check(d, kindTarget("nonconformity"), "findings", tok(i), "nonconformity")
			}
		}
	}
	return nil
}

// A roleChecker checks role ids against the defined roles.
type roleChecker struct {
	p        *lint.Pass
	defined  map[string]bool
	sorted   []string // defined, sorted
	defaults bool     // no roles artifact: the defaults are in force
	rolesID  string   // the first roles artifact's id, for messages
	hints    map[string]string
}

// check reports the role id at tokens of d unless it is defined.
func (rc *roleChecker) check(d *artifact.Document, tokens ...string) {
	role, _ := d.Get(tokens...).(string)
	if role == "" || rc.defined[role] {
		return
	}
	rc.checkRole(d.Locate(tokens...), fieldLabel(tokens...), role)
}

// checkRole reports role, written in field at r, unless it is defined.
func (rc *roleChecker) checkRole(r artifact.Range, field, role string) {
	if role == "" || rc.defined[role] {
		return
	}
	hint, ok := rc.hints[role]
	if !ok {
		if near := nearestRole(role, rc.sorted); near != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", near)
		}
		rc.hints[role] = hint
	}
	var msg string
	if rc.defaults {
		msg = fmt.Sprintf("`%s` names role %q, which is not one of the default roles%s: use one of %s, or define the role in a roles artifact", field, role, hint, strings.Join(rc.sorted, ", "))
	} else {
		msg = fmt.Sprintf("`%s` names role %q, which no roles artifact defines%s: use a role id from %s or add the role there", field, role, hint, rc.rolesID)
	}
	rc.p.Report(r, msg)
}

// checkList checks every role id of the list at tokens.
func (rc *roleChecker) checkList(d *artifact.Document, tokens ...string) {
	for i := range d.List(tokens...) {
		rc.check(d, append(slices.Clone(tokens), tok(i))...)
	}
}

// checkItems checks the role id under key of every item of the list at list.
func (rc *roleChecker) checkItems(d *artifact.Document, list string, key ...string) {
	for i := range d.List(list) {
		rc.check(d, append([]string{list, tok(i)}, key...)...)
	}
}

func checkRoles(p *lint.Pass) error {
	rolesDocs := p.Index.ByKind("roles")
	parsedRoles := kindDocs(p, "roles")
	if len(rolesDocs) > 0 && len(parsedRoles) == 0 {
		// The roles artifact cannot be read (AIMS1001 says why); judging
		// against the defaults would only add noise.
		return nil
	}
	rc := &roleChecker{p: p, defined: definedRoles(p), defaults: len(parsedRoles) == 0, hints: map[string]string{}}
	rc.sorted = sortedSet(rc.defined)
	if !rc.defaults {
		rc.rolesID = parsedRoles[0].ID
		if rc.rolesID == "" {
			rc.rolesID = parsedRoles[0].Path
		}
	}
	for _, d := range p.Documents {
		if d.Data == nil {
			continue
		}
		rc.check(d, "owner")
		rc.check(d, "approved_by")
		rc.checkItems(d, "suppressions", "owner")
		switch d.Kind {
		case "impact-assessment":
			rc.check(d, "assessor")
		case "evaluation":
			rc.check(d, "evaluator")
		case "risk-register":
			rc.checkItems(d, "risks", "owner")
			rc.checkItems(d, "risks", "acceptance", "approved_by")
			rc.checkList(d, "criteria", "acceptance_authority", "within_threshold")
			rc.checkList(d, "criteria", "acceptance_authority", "above_threshold")
		case "ai-objectives":
			rc.checkItems(d, "objectives", "owner")
		case "competence-record":
			rc.checkItems(d, "competences", "role")
			rc.checkItems(d, "gaps", "role")
		case "roles":
			rc.check(d, "aims_owner")
		case "audit-report":
			// The auditor may be a person's or a firm's name: not checked.
			rc.checkList(d, "auditees")
			rc.checkList(d, "reported_to")
		case "ai-system":
			rc.check(d, "deployment", "approved_by")
			rc.checkList(d, "oversight_roles")
		case "management-review":
			rc.checkList(d, "attendees")
			rc.checkItems(d, "actions", "owner")
		}
	}
	for i, s := range p.Config.Suppressions {
		rc.checkRole(s.Source, fmt.Sprintf("suppressions[%d].owner", i), s.Owner)
	}
	return nil
}

// nearestRole returns the defined role closest to an undefined one: one it
// begins or ends, or one within two edits; "" when none is close.
func nearestRole(role string, defined []string) string {
	best, bestDist := "", 3
	for _, r := range defined {
		dist := suggest.Distance(role, r)
		if strings.HasPrefix(r, role+"-") || strings.HasSuffix(r, "-"+role) || strings.HasPrefix(role, r+"-") {
			dist = min(dist, 1)
		}
		if dist < bestDist {
			best, bestDist = r, dist
		}
	}
	return best
}
