package plan

// An activity is one row of the RACI: the standing activities of the plan
// and the groups of gap tasks, each with the default roles responsible (R),
// the one accountable (A), those consulted (C) and those informed (I).
type activity struct {
	name  string
	phase Phase
	refs  []string
	r     []string
	a     string
	c, i  []string
}

// Short names for the default roles in the table below.
const (
	tm  = topManagement
	gl  = aiGovernanceLead
	ds  = dataScientists
	co  = complianceOfficers
	la  = legalAdvisors
	ec  = ethicsCommittee
	sec = itSecurity
)

// activities are the RACI rows, in plan order.
var activities = []activity{
	// Phase 1: planning.
	{"Secure leadership approval and resources", Planning, []string{"5.1", "7.1"},
		[]string{gl}, tm, []string{co, la}, []string{ds, ec, sec}},
	{"Determine the context and scope of the AIMS", Planning, []string{"4"},
		[]string{gl}, tm, []string{co, la}, []string{ds, ec, sec}},
	{"Develop and approve the AI policy", Planning, []string{"5.2", "A.2"},
		[]string{gl}, tm, []string{co, la, ec}, []string{ds, sec}},
	{"Define AIMS roles, responsibilities and authorities", Planning, []string{"5.3", "A.3.2"},
		[]string{gl}, tm, []string{co}, []string{ds, la, ec, sec}},
	{"Assess and treat AI risks and keep the Statement of Applicability", Planning, []string{"6.1.1", "6.1.2", "6.1.3", "6.3"},
		[]string{gl}, tm, []string{ds, co, la, sec}, []string{ec}},
	{"Assess the impacts of AI systems", Planning, []string{"6.1.4", "A.5"},
		[]string{ec, ds}, gl, []string{co, la}, []string{tm}},
	{"Set AI objectives and plan to achieve them", Planning, []string{"6.2", "A.6.1.2", "A.9.3"},
		[]string{gl}, tm, []string{ds, ec}, []string{co, la, sec}},
	{"Train staff and record competence and awareness", Planning, []string{"7.2", "7.3", "A.4.6"},
		[]string{co}, gl, []string{ds, sec}, []string{tm}},
	{"Communicate and control AIMS documentation", Planning, []string{"7.4", "7.5"},
		[]string{gl}, tm, []string{co}, []string{ds, la, ec, sec}},
	// Phase 2: execution.
	{"Deploy tools and record AI system resources", Execution, []string{"A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.6.2.8"},
		[]string{sec, ds}, gl, []string{co}, []string{tm}},
	{"Update workflows across the AI system life cycle", Execution, []string{"8.1", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.5", "A.6.2.6", "A.6.2.7"},
		[]string{ds}, gl, []string{sec, ec, co}, []string{tm}},
	{"Manage data for AI systems", Execution, []string{"A.7"},
		[]string{ds}, gl, []string{la, sec}, []string{co}},
	{"Reassess AI risks and impacts and track their treatment", Execution, []string{"8.2", "8.3", "8.4"},
		[]string{gl}, tm, []string{ds, ec, sec}, []string{co, la}},
	{"Inform interested parties and handle concerns and incidents", Execution, []string{"A.3.3", "A.8"},
		[]string{co}, gl, []string{la, sec, ds}, []string{tm, ec}},
	{"Use AI systems responsibly and as intended", Execution, []string{"A.9.2", "A.9.4"},
		[]string{gl}, tm, []string{ec, co}, []string{ds}},
	{"Manage suppliers, partners and customers", Execution, []string{"A.10"},
		[]string{la}, gl, []string{co, sec}, []string{tm}},
	{"Run the initial internal audit", Execution, []string{"9.2"},
		[]string{co}, tm, []string{gl}, []string{ds, la, ec, sec}},
	// Phase 3: monitoring.
	{"Track KPIs and monitor AI systems", Monitoring, []string{"9.1"},
		[]string{ds}, gl, []string{sec, co}, []string{tm}},
	{"Hold the management review", Monitoring, []string{"9.3"},
		[]string{gl}, tm, []string{co, ec}, []string{ds, la, sec}},
	{"Correct nonconformities and optimise the AIMS", Monitoring, []string{"10"},
		[]string{gl}, tm, []string{co, ds}, []string{la, ec, sec}},
}

// codeRank orders RACI codes: a role that takes on two default roles keeps
// the stronger code.
func codeRank(c string) int {
	switch c {
	case "A":
		return 4
	case "R":
		return 3
	case "C":
		return 2
	case "I":
		return 1
	}
	return 0
}

// raci fills the RACI matrix. Each default role's code goes to the role that
// takes it on (itself, or the nearest defined role of its fallback chain);
// a role taking on several keeps the strongest code. Every row has exactly
// one A and, when the plan has two roles or more, at least one R: when the
// responsible role falls onto the accountable one, the next role of the
// responsible role's chain (or the first consulted, informed or other role)
// becomes R. Roles the repository adds beyond the defaults get no code
// unless they stand in for a default role.
func (b *builder) raci() {
	n := len(b.p.Roles)
	for _, act := range activities {
		codes := make([]string, n)
		set := func(def, code string) {
			id := b.rs.id(def)
			j, ok := b.rs.index[id]
			if !ok {
				return
			}
			if codeRank(code) > codeRank(codes[j]) {
				codes[j] = code
			}
		}
		set(act.a, "A")
		for _, r := range act.r {
			set(r, "R")
		}
		for _, c := range act.c {
			set(c, "C")
		}
		for _, i := range act.i {
			set(i, "I")
		}
		if n > 1 && !hasCode(codes, "R") {
			b.promoteR(codes, act)
		}
		b.p.RACI = append(b.p.RACI, RACIRow{Activity: act.name, Phase: act.phase, Codes: codes, Refs: act.refs})
	}
}

// promoteR makes one role responsible on a row that lost its R.
func (b *builder) promoteR(codes []string, act activity) {
	for _, r := range act.r {
		for _, c := range fallbackChain(r) {
			if j, ok := b.rs.index[c]; ok && codes[j] != "A" {
				codes[j] = "R"
				return
			}
		}
	}
	for _, want := range []string{"C", "I", ""} {
		for j, c := range codes {
			if c == want {
				codes[j] = "R"
				return
			}
		}
	}
}

func hasCode(codes []string, code string) bool {
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}
