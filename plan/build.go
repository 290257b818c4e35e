package plan

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// Build turns a lint result into an implementation plan. It never fails: what
// it cannot use (no result, no artifacts, no coverage, an unparsable
// Statement of Applicability) it works around and says so in Plan.Missing.
// The same result and options always give the same plan.
//
// Where a clause or control stands (Gap.Status):
//
//   - implemented: fully evidenced by approved artifacts (each of a clause's
//     documented-information items, and every AI system in scope for a
//     per-system requirement) and no open (unsuppressed) error finding cites it;
//   - partial: evidenced only in part or only by artifacts not approved
//     (draft, in-review), or evidenced but an open error finding cites it;
//   - missing: no evidence at all;
//   - not applicable: an Annex A control the Statement of Applicability excludes.
//
// The evidence comes from r.Coverage, which rule AIMS4001 records. When the
// result has none (the rule was switched off), Build works it out the same way
// from the artifacts' kinds and `controls`, marks the rows Derived and says so.
func Build(r *lint.Result, o Options) *Plan {
	b := newBuilder(r, o)
	b.header()
	b.roles()
	b.risks()
	b.gaps()
	b.soa()
	b.tasks()
	b.raci()
	b.dashboard()
	b.kpis()
	return b.p
}

// builder holds what the parts of a plan share while it is built.
type builder struct {
	r    *lint.Result
	o    Options
	p    *Plan
	docs []*artifact.Document // parsed or not, never nil, in path order

	leaves     []lint.Reference // clauses then controls, in catalogue order
	groupTitle map[string]string
	groupOrder []string            // "4" … "10", "A.2" … "A.10"
	expand     map[string][]string // a clause heading ("9.2") → its leaves

	rs        *roleSet
	rolesDefd bool
	idByPath  map[string]string
	gapIndex  map[string]int
	// highControls are the controls a missing gap of which is high priority
	// beyond A.2.2 and A.5: those treating a risk of a high-risk AI system or
	// a risk above its register's acceptance threshold.
	highControls map[string]bool
	// draftOnly holds the references only drafts evidence.
	draftOnly map[string]bool
}

func newBuilder(r *lint.Result, o Options) *builder {
	b := &builder{o: o, p: &Plan{}}
	if r == nil {
		b.missing("There is no lint result to plan from: every clause and control is shown as missing. Run `aims plan` on the repository to see where it stands.")
		r = &lint.Result{}
	}
	b.r = r
	for _, d := range r.Documents {
		if d != nil {
			b.docs = append(b.docs, d)
		}
	}
	b.idByPath = make(map[string]string, len(r.Artifacts)+len(b.docs))
	for _, a := range r.Artifacts {
		if a.ID != "" {
			b.idByPath[a.Path] = a.ID
		}
	}
	for _, d := range b.docs {
		if d.ID != "" {
			b.idByPath[d.Path] = d.ID
		}
	}
	b.catalogue()
	return b
}

// missing records something the plan could not use.
func (b *builder) missing(format string, args ...any) {
	if len(args) > 0 {
		format = fmt.Sprintf(format, args...)
	}
	b.p.Missing = append(b.p.Missing, format)
}

// catalogue takes the clauses, controls and groups from the result; a result
// without them (a driver that did not set Config.References) gives a plan
// that says so and has no gap analysis.
func (b *builder) catalogue() {
	refs := b.r.References
	if !slices.ContainsFunc(refs, func(x lint.Reference) bool { return x.ID != "" && x.ID != x.Group }) {
		b.missing("The lint result carries no ISO/IEC 42001 catalogue (Config.References): the gap analysis, tasks and Statement of Applicability need it.")
	}
	var clauses, controls []lint.Reference
	seen := map[string]bool{}
	b.groupTitle = map[string]string{}
	for _, x := range refs {
		switch {
		case x.ID == "" || seen[x.ID]:
			continue
		case x.ID == x.Group:
			b.groupTitle[x.ID] = x.Title
			continue
		}
		seen[x.ID] = true
		if x.Control {
			controls = append(controls, x)
		} else {
			clauses = append(clauses, x)
		}
	}
	b.leaves = append(clauses, controls...)
	b.gapIndex = make(map[string]int, len(b.leaves))
	b.expand = map[string][]string{}
	groupSeen := map[string]bool{}
	var clauseGroups, controlGroups []string
	for i, x := range b.leaves {
		b.gapIndex[x.ID] = i
		for _, h := range headings() {
			if !strings.HasPrefix(h, "A.") && strings.HasPrefix(x.ID, h+".") {
				b.expand[h] = append(b.expand[h], x.ID)
			}
		}
		if x.Group != "" && !groupSeen[x.Group] {
			groupSeen[x.Group] = true
			if x.Control {
				controlGroups = append(controlGroups, x.Group)
			} else {
				clauseGroups = append(clauseGroups, x.Group)
			}
		}
	}
	b.groupOrder = append(clauseGroups, controlGroups...)
}

// title returns a reference's title for a table row: a subclause titled
// "General" is named after its heading, as "Internal audit (general)".
func title(x lint.Reference) string {
	if x.Title == "General" {
		if i := strings.LastIndexByte(x.ID, '.'); i > 0 {
			if h, ok := headingTitle(x.ID[:i]); ok {
				return h + " (general)"
			}
		}
	}
	return x.Title
}

// header fills in what the plan is about and when it runs.
func (b *builder) header() {
	r, p := b.r, b.p
	p.Organization = r.Organization
	p.Revision = r.Revision
	p.RevisionTime = r.RevisionTime
	p.AsOf = r.AsOf
	p.Start = dateOf(b.o.Start)
	if b.o.Start.IsZero() {
		ref := r.AsOf
		if ref.IsZero() {
			ref = time.Now().UTC()
		}
		y, m, _ := ref.Date()
		p.Start = time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)
	}
	p.End = addMonths(p.Start, 12).AddDate(0, 0, -1)
	p.Findings = slices.Clone(r.Findings)
	if b.r.Root != "" && len(r.Artifacts) == 0 && len(b.docs) == 0 {
		b.missing("The repository has no artifacts: every clause and control is missing. Start with the AIMS scope (4.3), the AI policy (5.2) and the roles file (5.3).")
	} else if len(r.Artifacts) > 0 && len(b.docs) == 0 {
		b.missing("The lint result lists artifacts but carries none of their content (Documents), so the roles, Statement of Applicability, risks and KPIs could not be read from them.")
	}
}

// dateOf returns UTC midnight of t's calendar date.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// addMonths returns t plus n months, ending on the month's last day when the
// day does not exist there (January 31 plus one month is February 28).
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC)
}

// roles picks the RACI columns.
func (b *builder) roles() {
	roles, defined := planRoles(b.docs)
	b.p.Roles = roles
	b.rolesDefd = defined
	b.rs = newRoleSet(roles)
	if !defined && len(b.docs) > 0 {
		b.missing("There is no parsed roles artifact with roles: the RACI uses the seven default roles.")
	}
}

// unparsed returns the paths of the documents that could not be parsed far
// enough to know their kind.
func (b *builder) unparsed() []string {
	var out []string
	for _, d := range b.docs {
		if d.Data == nil && d.Kind == "" {
			out = append(out, d.Path)
		}
	}
	return out
}

// inForceDoc reports whether d is parsed and not retired.
func inForceDoc(d *artifact.Document) bool {
	return d.Data != nil && d.Status() != "retired"
}

// findingCounts counts the open findings that cite each clause and control,
// and the open errors among them. A finding citing a clause heading (9.2)
// counts for each of its subclauses, once.
func (b *builder) findingCounts() (open, errs []int) {
	open = make([]int, len(b.leaves))
	errs = make([]int, len(b.leaves))
	var hit []int
	for i := range b.r.Findings {
		f := &b.r.Findings[i]
		if f.Suppressed != nil {
			continue
		}
		hit = hit[:0]
		add := func(ref string) {
			if j, ok := b.gapIndex[ref]; ok && !slices.Contains(hit, j) {
				hit = append(hit, j)
			}
		}
		for _, c := range f.Controls {
			add(c)
			for _, l := range b.expand[c] {
				add(l)
			}
		}
		for _, j := range hit {
			open[j]++
			if f.Severity == lint.Error {
				errs[j]++
			}
		}
	}
	return open, errs
}

// coverage returns the evidence state of every clause and control, as rule
// AIMS4001 recorded it. Without it the gaps show as missing and the plan
// says why (aims plan runs the rule even when .aims.yaml switches it off).
func (b *builder) coverage() map[string]lint.Coverage {
	cov := make(map[string]lint.Coverage, len(b.r.Coverage))
	for _, c := range b.r.Coverage {
		if _, ok := cov[c.Ref]; !ok {
			cov[c.Ref] = c
		}
	}
	if len(cov) == 0 && len(b.leaves) > 0 {
		b.missing("The result records no coverage: rule AIMS4001, which records it, did not run, so every clause and control shows as missing. `aims plan` runs it even when .aims.yaml switches it off.")
	}
	return cov
}

func (b *builder) gaps() {
	cov := b.coverage()
	open, errs := b.findingCounts()
	gaps := make([]Gap, len(b.leaves))
	b.draftOnly = map[string]bool{}
	for i, x := range b.leaves {
		c, ok := cov[x.ID]
		if !ok {
			c = lint.Coverage{Ref: x.ID, Applicable: true, Status: lint.Missing}
		}
		g := Gap{
			Ref:        x.ID,
			Title:      title(x),
			Control:    x.Control,
			Group:      x.Group,
			Applicable: c.Applicable && c.Status != lint.NotApplicable,
			Evidence:   slices.Clone(c.Evidence),
			Findings:   open[i],
			Owner:      b.rs.id(ownerOf(x.ID)),
			Guidance:   x.Guidance,
			Notes:      slices.Clone(c.Notes),
		}
		if !x.Control {
			g.Applicable = true // clauses can never be excluded
		}
		switch {
		case !g.Applicable:
			g.Status = NotApplicable
		case c.Status == lint.Evidenced && errs[i] == 0:
			g.Status = Implemented
		case c.Status == lint.Evidenced, c.Status == lint.DraftOnly:
			g.Status = Partial
		default:
			g.Status = Missing
		}
		if g.Applicable {
			g.Systems = b.systems(c.Systems)
		}
		if g.Status == Partial && c.Status == lint.DraftOnly {
			b.draftOnly[x.ID] = true
		}
		g.Priority = b.priority(x, g.Status)
		gaps[i] = g
	}
	b.p.Gaps = gaps
}

// priority ranks a gap that needs work; "" for one that does not.
//
//   - high: a missing clause that requires documented information (5.2 and
//     6.1.x among them), and a missing applicable control that is tied to
//     them or to high risk: A.2.2 (the AI policy, 5.2), A.5.x (impact
//     assessment, 6.1.4), and the controls that treat a risk of a high-risk
//     AI system or a risk above its register's acceptance threshold (6.1.3);
//   - medium: any other missing clause or control;
//   - low: partial (drafts only, or open error findings).
func (b *builder) priority(x lint.Reference, s GapStatus) string {
	switch s {
	case Partial:
		return "low"
	case Missing:
		high := x.DocumentedInformation && !x.Control
		if x.Control {
			high = x.ID == "A.2.2" || strings.HasPrefix(x.ID, "A.5.") || b.highControls[x.ID]
		}
		if high {
			return "high"
		}
		return "medium"
	}
	return ""
}

// systems converts the per-system coverage of a requirement, evidence as
// artifact ids.
func (b *builder) systems(cs []lint.SystemCoverage) []SystemStatus {
	var out []SystemStatus
	for _, c := range cs {
		out = append(out, SystemStatus{System: c.System, Status: c.Status, Evidence: b.evidenceIDs(c.Evidence), Detail: c.Detail})
	}
	return out
}

// evidenceIDs returns the artifact ids of paths (the path when the artifact
// has no id).
func (b *builder) evidenceIDs(paths []string) []string {
	if len(paths) == 0 {
		return nil
	}
	out := make([]string, len(paths))
	for i, p := range paths {
		if id := b.idByPath[p]; id != "" {
			out[i] = id
		} else {
			out[i] = p
		}
	}
	return out
}

// dashboard fills in the headline figures.
func (b *builder) dashboard() {
	p := b.p
	d := &p.Dashboard
	d.GapsByStatus = map[GapStatus]int{Implemented: 0, Partial: 0, Missing: 0, NotApplicable: 0}
	groups := map[string]*GroupCoverage{}
	for _, g := range b.groupOrder {
		d.Groups = append(d.Groups, GroupCoverage{Group: g, Title: b.groupTitle[g]})
	}
	for i := range d.Groups {
		groups[d.Groups[i].Group] = &d.Groups[i]
	}
	for _, g := range p.Gaps {
		d.GapsByStatus[g.Status]++
		if g.Applicable {
			d.Applicable++
		}
		if g.Status == Implemented {
			d.Evidenced++
		}
		if g.Priority == "high" {
			d.HighPriority++
		}
		gc := groups[g.Group]
		if gc == nil {
			continue
		}
		if g.Applicable {
			gc.Applicable++
		}
		switch g.Status {
		case Implemented:
			gc.Implemented++
		case Partial:
			gc.Partial++
		case Missing:
			gc.Missing++
		case NotApplicable:
			gc.NotApplicable++
		}
	}
	if d.Applicable > 0 {
		d.ComplianceRate = float64(d.Evidenced) / float64(d.Applicable)
	}
	d.ComplianceDefinition = complianceDefinition(d.Evidenced, d.Applicable)
	d.ArtifactsByStatus = map[string]int{"draft": 0, "in-review": 0, "approved": 0, "retired": 0}
	for _, a := range b.r.Artifacts {
		switch a.Status {
		case "draft", "in-review", "approved", "retired":
			d.ArtifactsByStatus[a.Status]++
		default:
			d.ArtifactsByStatus["unknown"]++
		}
	}
	d.FindingsBySeverity = map[lint.Severity]int{lint.Error: 0, lint.Warning: 0, lint.Note: 0}
	for i := range b.r.Findings {
		f := &b.r.Findings[i]
		if f.Suppressed != nil {
			d.SuppressedFindings++
			continue
		}
		d.FindingsBySeverity[f.Severity]++
	}
	d.Tasks = len(p.Tasks)
}

// complianceDefinition says how the compliance rate is computed.
func complianceDefinition(implemented, applicable int) string {
	return fmt.Sprintf("Share of the applicable ISO/IEC 42001 requirements (all clauses 4 to 10, and the Annex A controls the Statement of Applicability does not exclude) that are fully evidenced by approved artifacts, with no open error finding citing them: a clause only when each piece of documented information it requires is, and a requirement each AI system must meet only when every AI system in scope has its own. Drafts and documents in review do not count: %d of %d.", implemented, applicable)
}
