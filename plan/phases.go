package plan

import (
	"fmt"
	"slices"
	"strings"
)

// String names the phase.
func (p Phase) String() string {
	switch p {
	case Planning:
		return "Phase 1: planning"
	case Execution:
		return "Phase 2: execution"
	case Monitoring:
		return "Phase 3: monitoring"
	}
	return fmt.Sprintf("Phase %d", int(p))
}

// Months returns the phase's months within the plan: the offset of its first
// month from Start and its length. Planning is months 1–3, execution 4–9,
// monitoring 10–12.
func (p Phase) Months() (offset, length int) {
	switch p {
	case Execution:
		return 3, 6
	case Monitoring:
		return 9, 3
	}
	return 0, 3
}

// phaseOf returns the phase in which the gap of a clause or control is closed:
//
//	planning   clauses 4, 5, 6 and 7; A.2, A.3 and A.4.6 (people)
//	execution  clause 8 and 9.2 (internal audit); A.4.2–A.4.5 and A.5–A.10
//	monitoring 9.1, 9.3 (management review) and clause 10
func phaseOf(ref string) Phase {
	switch {
	case ref == "9.1", ref == "9.3" || strings.HasPrefix(ref, "9.3."), strings.HasPrefix(ref, "10."):
		return Monitoring
	case strings.HasPrefix(ref, "8."), strings.HasPrefix(ref, "9."):
		return Execution
	case ref == "A.4.6", strings.HasPrefix(ref, "A.2."), strings.HasPrefix(ref, "A.3."):
		return Planning
	case strings.HasPrefix(ref, "A."):
		return Execution
	}
	return Planning
}

// A standingActivity is a task every plan has, whatever its gaps.
type standingActivity struct {
	key      string
	phase    Phase
	head     bool // before the phase's gap tasks, else after them
	name     string
	guidance string
	refs     []string // the clauses and controls whose gaps set its status
	r, a     string   // default roles responsible and accountable
	after    []string // keys of standing activities it depends on
	policy   bool     // depends on the AI policy tasks
	gapDeps  []string // references whose gap tasks it depends on
}

// standingActivities are the plan's standing activities, per phase in order.
var standingActivities = []standingActivity{
	{key: "approval", phase: Planning, head: true,
		name:     "Secure leadership approval and resources",
		guidance: "Have top management approve the AIMS programme, name the AI governance lead and commit budget, people and tools (5.1, 7.1).",
		refs:     []string{"5.1", "7.1"}, r: aiGovernanceLead, a: topManagement},
	{key: "policy", phase: Planning, head: true,
		name:     "Develop and approve the AI policy",
		guidance: "Write the AI policy, align it with the other policies and have top management approve and communicate it (5.2, A.2).",
		refs:     []string{"5.2", "A.2.2", "A.2.3", "A.2.4"}, r: aiGovernanceLead, a: topManagement, after: []string{"approval"}},
	{key: "training", phase: Planning,
		name:     "Train staff on the AI policy and their roles",
		guidance: "Train everyone in an AIMS role on the AI policy and what their role requires, and record it in competence records (7.2, 7.3, A.4.6).",
		refs:     []string{"7.2", "7.3", "A.4.6"}, r: complianceOfficers, a: aiGovernanceLead, policy: true},
	{key: "tools", phase: Execution, head: true,
		name:     "Deploy tools for AI system records, logging and monitoring",
		guidance: "Put in place the tooling the controls rely on: AI system and dataset records, event logging and monitoring (A.4.4, A.4.5, A.6.2.8).",
		refs:     []string{"A.4.4", "A.4.5", "A.6.2.8"}, r: itSecurity, a: aiGovernanceLead, after: []string{"approval"}},
	{key: "workflows", phase: Execution, head: true,
		name:     "Update workflows to follow the AIMS procedures",
		guidance: "Change day-to-day workflows so the AI life cycle, data, supplier and incident procedures are followed and leave records (8.1).",
		refs:     []string{"8.1", "A.6.1.3"}, r: aiGovernanceLead, a: topManagement, policy: true},
	{key: "audit", phase: Execution,
		name:     "Run the initial internal audit",
		guidance: "Audit the whole AIMS against ISO/IEC 42001 with an auditor independent of the areas audited, and report the findings (9.2).",
		refs:     []string{"9.2.1", "9.2.2"}, r: complianceOfficers, a: topManagement, after: []string{"workflows"}, gapDeps: []string{"9.2.1", "9.2.2"}},
	{key: "kpis", phase: Monitoring, head: true,
		name:     "Track KPIs against the AI objectives",
		guidance: "Report each KPI's value against its target every period and act on those that miss it (9.1).",
		refs:     []string{"9.1"}, r: aiGovernanceLead, a: topManagement, after: []string{"tools"}},
	{key: "review", phase: Monitoring,
		name:     "Hold the management review",
		guidance: "Have top management review the AIMS with the inputs the standard lists and record its decisions and actions (9.3).",
		refs:     []string{"9.3.1", "9.3.2", "9.3.3"}, r: aiGovernanceLead, a: topManagement, after: []string{"audit", "kpis"}, gapDeps: []string{"9.1", "9.3.1", "9.3.2", "9.3.3"}},
	{key: "optimise", phase: Monitoring,
		name:     "Optimise: correct nonconformities and improve the AIMS",
		guidance: "Close the nonconformities from the audit and the review with corrective actions, and plan the next cycle's improvements (10.1, 10.2).",
		refs:     []string{"10.1", "10.2"}, r: aiGovernanceLead, a: topManagement, after: []string{"review"}, gapDeps: []string{"10.1", "10.2"}},
}

// prerequisites say which gap must be closed before another can be: the
// scope before the risk assessment before the treatment and SoA, planning
// clauses before their operation, a process before the records it yields.
// When the prerequisite has no task (it is implemented) its own
// prerequisites stand in. Every control also waits for the SoA (6.1.3), and
// every task of the execution and monitoring phases for the AI policy.
var prerequisites = map[string][]string{
	"4.4":     {"4.3"},
	"5.3":     {"5.2"},
	"6.1.1":   {"4.3"},
	"6.1.2":   {"6.1.1"},
	"6.1.3":   {"6.1.2"},
	"6.1.4":   {"4.3"},
	"6.2":     {"5.2"},
	"6.3":     {"4.4"},
	"7.3":     {"5.2"},
	"7.5.2":   {"7.5.1"},
	"7.5.3":   {"7.5.1"},
	"8.1":     {"6.1.3"},
	"8.2":     {"6.1.2"},
	"8.3":     {"6.1.3", "8.2"},
	"8.4":     {"6.1.4"},
	"9.1":     {"6.2"},
	"9.2.2":   {"9.2.1"},
	"9.3.2":   {"9.3.1"},
	"9.3.3":   {"9.3.2"},
	"10.1":    {"9.3.3"},
	"10.2":    {"9.2.2"},
	"A.2.2":   {"5.2"},
	"A.2.3":   {"A.2.2"},
	"A.2.4":   {"A.2.2"},
	"A.3.2":   {"5.3"},
	"A.3.3":   {"A.3.2"},
	"A.4.6":   {"7.2"},
	"A.5.2":   {"6.1.4"},
	"A.5.3":   {"A.5.2"},
	"A.5.4":   {"A.5.2"},
	"A.5.5":   {"A.5.2"},
	"A.6.1.3": {"A.6.1.2"},
	"A.6.2.2": {"A.6.1.3"},
	"A.6.2.3": {"A.6.2.2"},
	"A.6.2.4": {"A.6.2.3"},
	"A.6.2.5": {"A.6.2.4"},
	"A.6.2.6": {"A.6.2.5"},
	"A.6.2.7": {"A.6.2.3"},
	"A.6.2.8": {"A.6.2.6"},
	"A.7.3":   {"A.7.2"},
	"A.7.4":   {"A.7.2"},
	"A.7.5":   {"A.7.2"},
	"A.7.6":   {"A.7.2"},
	"A.8.4":   {"A.3.3"},
	"A.9.3":   {"6.2"},
	"A.9.4":   {"A.9.2"},
	"A.10.3":  {"A.10.2"},
	"A.10.4":  {"A.10.2"},
}

// a taskDraft is a task before its id, dates and dependencies are fixed.
type taskDraft struct {
	Task
	standing *standingActivity
	gap      *Gap
	deps     []int // indexes of tasks it depends on
}

// tasks builds the phased plan: per phase the standing activities that open
// it, one task per gap that needs work (partial or missing) in catalogue
// order, then the standing activities that close it. Task i of a phase's n
// gets months i·M/n to max(i·M/n + 1, (i+1)·M/n) of the phase's M months:
// consecutive windows when there are few tasks, one month each and
// overlapping when there are many.
func (b *builder) tasks() {
	gapsByRef := make(map[string]*Gap, len(b.p.Gaps))
	for i := range b.p.Gaps {
		gapsByRef[b.p.Gaps[i].Ref] = &b.p.Gaps[i]
	}
	var drafts []*taskDraft
	for _, ph := range []Phase{Planning, Execution, Monitoring} {
		for i := range standingActivities {
			if s := &standingActivities[i]; s.phase == ph && s.head {
				drafts = append(drafts, b.standingTask(s, gapsByRef))
			}
		}
		for i := range b.p.Gaps {
			g := &b.p.Gaps[i]
			if (g.Status == Missing || g.Status == Partial) && phaseOf(g.Ref) == ph {
				drafts = append(drafts, b.gapTask(g))
			}
		}
		for i := range standingActivities {
			if s := &standingActivities[i]; s.phase == ph && !s.head {
				drafts = append(drafts, b.standingTask(s, gapsByRef))
			}
		}
	}
	standing := map[string]int{}
	gapTask := map[string]int{}
	for i, d := range drafts {
		d.ID = fmt.Sprintf("T-%03d", i+1)
		if d.standing != nil {
			standing[d.standing.key] = i
		} else {
			gapTask[d.Ref] = i
		}
	}
	// The AI policy tasks: the standing activity and the gaps of 5.2 and A.2.2.
	policy := []int{standing["policy"]}
	for _, ref := range []string{"5.2", "A.2.2"} {
		if i, ok := gapTask[ref]; ok {
			policy = append(policy, i)
		}
	}
	var resolve func(ref string, depth int) []int
	resolve = func(ref string, depth int) []int {
		if i, ok := gapTask[ref]; ok {
			return []int{i}
		}
		if depth > 16 {
			return nil
		}
		var out []int
		for _, p := range prerequisites[ref] {
			out = append(out, resolve(p, depth+1)...)
		}
		return out
	}
	for i, d := range drafts {
		var deps []int
		switch s := d.standing; {
		case s != nil:
			for _, k := range s.after {
				deps = append(deps, standing[k])
			}
			if s.policy {
				deps = append(deps, policy...)
			}
			for _, ref := range s.gapDeps {
				if j, ok := gapTask[ref]; ok {
					deps = append(deps, j)
				}
			}
		default:
			for _, p := range prerequisites[d.Ref] {
				deps = append(deps, resolve(p, 1)...)
			}
			if d.gap.Control && d.Phase != Planning {
				deps = append(deps, resolve("6.1.3", 0)...)
			}
			if d.Phase != Planning {
				deps = append(deps, policy...)
			}
			if len(deps) == 0 && d.Phase == Planning {
				deps = append(deps, standing["approval"])
			}
		}
		// Only earlier tasks: a dependency never starts after its dependent.
		deps = slices.DeleteFunc(deps, func(j int) bool { return j >= i })
		slices.Sort(deps)
		d.deps = slices.Compact(deps)
	}
	reduce(drafts)
	b.schedule(drafts)
	b.p.Tasks = make([]Task, len(drafts))
	for i, d := range drafts {
		for _, j := range d.deps {
			d.DependsOn = append(d.DependsOn, drafts[j].ID)
		}
		b.p.Tasks[i] = d.Task
	}
}

// schedule gives each task its window within its phase.
func (b *builder) schedule(drafts []*taskDraft) {
	byPhase := map[Phase][]*taskDraft{}
	for _, d := range drafts {
		byPhase[d.Phase] = append(byPhase[d.Phase], d)
	}
	for ph, ds := range byPhase {
		offset, months := ph.Months()
		n := len(ds)
		for i, d := range ds {
			s := i * months / n
			e := max(s+1, (i+1)*months/n)
			d.Start = addMonths(b.p.Start, offset+s)
			d.End = addMonths(b.p.Start, offset+e).AddDate(0, 0, -1)
		}
	}
}

// standingTask drafts the task of a standing activity. Its status follows the
// clauses and controls it stands for: done when all are implemented (or not
// applicable), in progress when some are evidenced, else not started.
func (b *builder) standingTask(s *standingActivity, gaps map[string]*Gap) *taskDraft {
	done, some, n := true, false, 0
	for _, ref := range s.refs {
		g := gaps[ref]
		if g == nil {
			continue
		}
		n++
		switch g.Status {
		case Implemented, NotApplicable:
			some = some || g.Status == Implemented
		case Partial:
			done, some = false, true
		default:
			done = false
		}
	}
	status := "not-started"
	switch {
	case n > 0 && done:
		status = "done"
	case some:
		status = "in-progress"
	}
	return &taskDraft{
		standing: s,
		Task: Task{
			Phase:       s.phase,
			Name:        s.name,
			Responsible: b.rs.id(s.r),
			Accountable: b.rs.id(s.a),
			Status:      status,
			Guidance:    s.guidance,
		},
	}
}

// gapTask drafts the task that closes a gap.
func (b *builder) gapTask(g *Gap) *taskDraft {
	t := Task{
		Phase:       phaseOf(g.Ref),
		Ref:         g.Ref,
		Group:       g.Group,
		Responsible: g.Owner,
		Accountable: b.rs.id(accountableFor(ownerOf(g.Ref))),
		Status:      "not-started",
		Guidance:    g.Guidance,
	}
	draftOnly := b.draftOnly[g.Ref]
	t.Name = gapTaskName(g, draftOnly)
	switch {
	case g.Status == Missing:
	case draftOnly:
		t.Status = "in-progress"
		t.Guidance = "Review and approve " + shortList(g.Evidence, 3) + ". " + g.Guidance
	default:
		t.Status = "in-progress"
		t.Guidance = fmt.Sprintf("Fix the open findings that cite %s (see the Findings sheet). %s", g.Ref, g.Guidance)
	}
	t.Guidance = strings.TrimSpace(t.Guidance)
	return &taskDraft{Task: t, gap: g}
}

// reduce keeps only the direct dependencies of each task: a dependency that
// another dependency already leads to is implied and dropped, so the plan
// lists what each task waits for and no more. Dependencies always point to
// earlier tasks, so one pass in order computes what each task leads to.
func reduce(drafts []*taskDraft) {
	words := (len(drafts) + 63) / 64
	reach := make([][]uint64, len(drafts)) // reach[i]: tasks i depends on, directly or not
	for i, d := range drafts {
		reach[i] = make([]uint64, words)
		for _, j := range d.deps {
			reach[i][j/64] |= 1 << (j % 64)
			for w := range words {
				reach[i][w] |= reach[j][w]
			}
		}
	}
	for _, d := range drafts {
		var direct []int
		for _, j := range d.deps {
			implied := false
			for _, k := range d.deps {
				if k != j && reach[k][j/64]&(1<<(j%64)) != 0 {
					implied = true
					break
				}
			}
			if !implied {
				direct = append(direct, j)
			}
		}
		d.deps = direct
	}
}
