package plan

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
)

// doc parses a YAML artifact for a synthetic result.
func doc(t testing.TB, path, src string) *artifact.Document {
	t.Helper()
	d := artifact.ParseDocument(path, []byte(src), "")
	if d == nil {
		t.Fatalf("%s is not an artifact", path)
	}
	return d
}

// result returns a result over docs, with coverage cov (ref → status) and
// every other reference missing.
func result(docs []*artifact.Document, cov map[string]lint.CoverageStatus, findings ...lint.Finding) *lint.Result {
	r := &lint.Result{Root: "repo", AsOf: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC), References: rules.DefaultCatalogue().LintReferences(), Documents: docs, Findings: findings}
	for _, d := range docs {
		if d == nil {
			continue
		}
		r.Artifacts = append(r.Artifacts, lint.Artifact{Path: d.Path, Kind: d.Kind, ID: d.ID, Status: d.Status()})
	}
	for _, x := range rules.DefaultCatalogue().LintReferences() {
		if x.ID == x.Group {
			continue
		}
		c := lint.Coverage{Ref: x.ID, Applicable: true, Status: lint.Missing}
		if s, ok := cov[x.ID]; ok {
			c.Status = s
			if s == lint.NotApplicable {
				c.Applicable = false
			} else if s != lint.Missing {
				c.Evidence = []string{"evidence/" + x.ID + ".yaml"}
			}
		}
		r.Coverage = append(r.Coverage, c)
	}
	return r
}

func gap(p *Plan, ref string) Gap {
	for _, g := range p.Gaps {
		if g.Ref == ref {
			return g
		}
	}
	return Gap{}
}

func task(p *Plan, ref string) *Task {
	for i := range p.Tasks {
		if p.Tasks[i].Ref == ref {
			return &p.Tasks[i]
		}
	}
	return nil
}

func TestGapStatus(t *testing.T) {
	finding := func(sev lint.Severity, suppressed bool, controls ...string) lint.Finding {
		f := lint.Finding{RuleID: "AIMS9999", Severity: sev, Controls: controls, Message: "x"}
		if suppressed {
			f.Suppressed = &lint.Suppression{Reason: "accepted"}
		}
		return f
	}
	cov := map[string]lint.CoverageStatus{
		"4.3": lint.Evidenced, "5.2": lint.Evidenced, "6.1.2": lint.Evidenced, "9.2.1": lint.Evidenced,
		"9.2.2": lint.Evidenced, "7.2": lint.DraftOnly, "A.2.2": lint.Evidenced, "A.10.4": lint.NotApplicable,
	}
	r := result(nil, cov,
		finding(lint.Error, false, "5.2"),           // open error: partial
		finding(lint.Error, true, "6.1.2"),          // suppressed: still implemented
		finding(lint.Warning, false, "4.3"),         // warning: still implemented
		finding(lint.Error, false, "9.2", "9.2.1"),  // a heading: both subclauses, once each
		finding(lint.Note, false, "A.2.2", "A.2.2"), // counted once
	)
	p := Build(r, Options{})
	checkInvariants(t, p)
	for _, tc := range []struct {
		ref      string
		status   GapStatus
		findings int
		priority string
		task     string // name suffix, "" for no task
	}{
		{"4.3", Implemented, 1, "", ""},
		{"5.2", Partial, 1, "low", "Write the AI policy (5.2): fix the open finding"},
		{"6.1.2", Implemented, 0, "", ""},
		{"9.2.1", Partial, 1, "low", "(9.2.1): fix the open finding"},
		{"9.2.2", Partial, 1, "low", "(9.2.2): fix the open finding"},
		{"7.2", Partial, 0, "low", "(7.2): approve the drafts"},
		{"A.2.2", Implemented, 1, "", ""},
		{"A.10.4", NotApplicable, 0, "", ""},
		{"4.1", Missing, 0, "medium", "Describe the organization's context and AI roles (4.1)"},
		{"6.1.3", Missing, 0, "high", "(6.1.3)"},
		{"A.5.3", Missing, 0, "high", "(A.5.3)"},
		{"A.7.2", Missing, 0, "medium", "(A.7.2)"},
	} {
		g := gap(p, tc.ref)
		if g.Status != tc.status || g.Findings != tc.findings || g.Priority != tc.priority {
			t.Errorf("%s: %s, %d findings, priority %q; want %s, %d, %q", tc.ref, g.Status, g.Findings, g.Priority, tc.status, tc.findings, tc.priority)
		}
		tk := task(p, tc.ref)
		switch {
		case tc.task == "" && tk != nil:
			t.Errorf("%s: unexpected task %q", tc.ref, tk.Name)
		case tc.task != "" && (tk == nil || !strings.HasSuffix(tk.Name, tc.task)):
			t.Errorf("%s: task %v, want a name ending %q", tc.ref, tk, tc.task)
		case tk != nil && tc.status == Partial && tk.Status != "in-progress":
			t.Errorf("%s: task status %q", tc.ref, tk.Status)
		}
	}
	if a := p.Dashboard.Applicable; a != 69 {
		t.Errorf("Applicable = %d", a)
	}
	if e := p.Dashboard.Evidenced; e != 3 {
		t.Errorf("Evidenced = %d, want 3 (4.3, 6.1.2, A.2.2)", e)
	}
	if p.Dashboard.FindingsBySeverity[lint.Error] != 2 || p.Dashboard.SuppressedFindings != 1 {
		t.Errorf("findings by severity %v, suppressed %d", p.Dashboard.FindingsBySeverity, p.Dashboard.SuppressedFindings)
	}
	if len(p.Findings) != 5 {
		t.Errorf("%d findings in the plan", len(p.Findings))
	}
}

const registerHead = `kind: risk-register
id: %s
title: Risks
status: %s
owner: ai-governance-lead
criteria:
  likelihood: [{level: 1, label: low}]
  impact: [{level: 1, label: low}]
%s
risks:
`

func risk(id string, l, i any, system string, controls ...string) string {
	return fmt.Sprintf("  - {id: %s, title: risk %s, ai_system: %s, source: x, likelihood: %v, impact: %v, owner: data-scientists, treatment: mitigate, treatment_status: planned, due: 2027-01-31, controls: [%s]}\n",
		id, id, system, l, i, strings.Join(controls, ", "))
}

func TestRisks(t *testing.T) {
	docs := []*artifact.Document{
		doc(t, "a/register.yaml", fmt.Sprintf(registerHead, "RSK-A", "approved", "  acceptance_threshold: 8")+
			risk("R1", 3, 3, "SYS-HIGH", "A.7.4")+ // 9 > 8: high
			risk("R2", 2, 3, "SYS-LOW", "A.8.2")+ // 6 > 4: medium
			risk("R3", 2, 2, "SYS-LOW", "A.9.2")+ // 4: low
			risk("R4", 7, 10, "SYS-LOW")+ // clamped to 5 × 5
			risk("R5", 1, 1, "SYS-HIGH", "A.10.3")), // low, but a high-risk system
		doc(t, "b/register.yaml", fmt.Sprintf(registerHead, "RSK-B", "draft", "")+ // no threshold: 8
			risk("R6", 1, 5, "SYS-LOW")+
			risk("R7", "x", 5, "SYS-LOW")), // no likelihood: not in the heat map
		doc(t, "c/register.yaml", fmt.Sprintf(registerHead, "RSK-C", "retired", "  acceptance_threshold: 1")+
			risk("R8", 5, 5, "SYS-LOW")),
		doc(t, "systems/high.yaml", "kind: ai-system\nid: SYS-HIGH\ntitle: x\nstatus: approved\nrisk_level: high\n"),
	}
	p := Build(result(docs, nil), Options{})
	checkInvariants(t, p)
	var got []string
	for _, k := range p.Risks {
		got = append(got, fmt.Sprintf("%s:%d:%s:%s", k.ID, k.Score, k.Level, k.Register))
	}
	want := []string{"R1:9:high:RSK-A", "R2:6:medium:RSK-A", "R3:4:low:RSK-A", "R4:70:high:RSK-A", "R5:1:low:RSK-A", "R6:5:medium:RSK-B", "R7:0:low:RSK-B"}
	if !slices.Equal(got, want) {
		t.Errorf("risks\n got %v\nwant %v", got, want)
	}
	var heat [5][5]int
	heat[2][2]++ // R1
	heat[1][2]++ // R2
	heat[1][1]++ // R3
	heat[4][4]++ // R4
	heat[0][0]++ // R5
	heat[0][4]++ // R6
	if p.HeatMap != heat {
		t.Errorf("heat map %v, want %v", p.HeatMap, heat)
	}
	for ref, want := range map[string]string{"A.7.4": "high", "A.10.3": "high", "A.8.2": "medium", "A.9.2": "medium"} {
		if g := gap(p, ref); g.Priority != want {
			t.Errorf("%s: priority %q, want %q", ref, g.Priority, want)
		}
	}
	if !slices.ContainsFunc(p.Missing, func(m string) bool { return strings.Contains(m, "b/register.yaml states no acceptance threshold") }) {
		t.Errorf("Missing = %q", p.Missing)
	}
}

func TestRepositoryRoles(t *testing.T) {
	roles := doc(t, "roles.yaml", `kind: roles
id: ROLES
title: Roles
status: approved
roles:
  - {id: board, title: The Board}
  - {id: ai-governance-lead, title: AI office}
  - {id: data-scientists}
  - {id: board, title: duplicate}
  - nonsense
`)
	p := Build(result([]*artifact.Document{roles}, nil), Options{})
	checkInvariants(t, p)
	want := []Role{{"board", "The Board"}, {"ai-governance-lead", "AI office"}, {"data-scientists", "data-scientists"}}
	if !slices.Equal(p.Roles, want) {
		t.Fatalf("roles %v", p.Roles)
	}
	// top-management falls back to ai-governance-lead, it-security to
	// data-scientists, the others to ai-governance-lead.
	for ref, want := range map[string]string{"5.1": "ai-governance-lead", "A.4.5": "data-scientists", "A.10.2": "ai-governance-lead", "A.7.2": "data-scientists"} {
		if g := gap(p, ref); g.Owner != want {
			t.Errorf("%s: owner %q, want %q", ref, g.Owner, want)
		}
	}
	// The board stands in for no default role: it gets no code.
	for _, row := range p.RACI {
		if row.Codes[0] != "" {
			t.Errorf("%s: board has %q", row.Activity, row.Codes[0])
		}
	}
	// One role only: every row has its A, and no R can be found.
	one := doc(t, "roles.yaml", "kind: roles\nid: ROLES\ntitle: Roles\nstatus: approved\nroles: [{id: everyone, title: Everyone}]\n")
	p = Build(result([]*artifact.Document{one}, nil), Options{})
	checkInvariants(t, p)
	for _, task := range p.Tasks {
		if task.Responsible != "everyone" || task.Accountable != "everyone" {
			t.Fatalf("%s: %s/%s", task.ID, task.Responsible, task.Accountable)
		}
	}
}

func TestKPIs(t *testing.T) {
	docs := []*artifact.Document{
		// Reviews, as of 2026-09-30.
		doc(t, "r/ok.yaml", "kind: procedure\nid: P1\ntitle: x\nstatus: approved\nlast_reviewed: 2026-01-15\nreview_cycle: 12mo\n"),
		doc(t, "r/late.yaml", "kind: procedure\nid: P2\ntitle: x\nstatus: approved\nlast_reviewed: 2025-09-29\nreview_cycle: 1y\n"),
		doc(t, "r/approved-only.yaml", "kind: procedure\nid: P3\ntitle: x\nstatus: approved\napproved_on: 2026-07-15\nreview_cycle: 90d\n"),
		doc(t, "r/next-passed.yaml", "kind: procedure\nid: P4\ntitle: x\nstatus: approved\nlast_reviewed: 2026-09-01\nreview_cycle: 1y\nnext_review: 2026-09-29\n"),
		doc(t, "r/default-cycle.yaml", "kind: supplier\nid: P5\ntitle: x\nstatus: approved\nlast_reviewed: 2026-01-01\n"),
		doc(t, "r/unscheduled.yaml", "kind: procedure\nid: P6\ntitle: x\nstatus: approved\n"),
		doc(t, "r/draft.yaml", "kind: procedure\nid: P7\ntitle: x\nstatus: draft\nlast_reviewed: 2020-01-01\nreview_cycle: 1y\n"),
		// Nonconformities and incidents.
		doc(t, "n/1.yaml", "kind: nonconformity\nid: NC-1\ntitle: x\nstatus: approved\nstate: open\n"),
		doc(t, "n/2.yaml", "kind: nonconformity\nid: NC-2\ntitle: x\nstatus: approved\nstate: closed\n"),
		doc(t, "n/3.yaml", "kind: nonconformity\nid: NC-3\ntitle: x\nstatus: retired\nstate: open\n"),
		doc(t, "i/1.yaml", "kind: incident\nid: INC-1\ntitle: x\nstatus: approved\nstate: contained\n"),
		doc(t, "i/2.yaml", "kind: incident\nid: INC-2\ntitle: x\nstatus: approved\nstate: resolved\n"),
		doc(t, "i/3.yaml", "kind: incident\nid: INC-3\ntitle: x\nstatus: draft\nstate: open\n"),
		// Competence and objectives.
		doc(t, "c.yaml", "kind: competence-record\nid: COMP\ntitle: x\nstatus: approved\ncompetences: [{role: data-scientists}, {role: it-security}, {role: unknown}]\n"),
		doc(t, "o.yaml", "kind: ai-objectives\nid: OBJ\ntitle: x\nstatus: approved\nobjectives: [{status: on-track}, {status: achieved}, {status: missed}, {status: at-risk}]\n"),
	}
	p := Build(result(docs, nil), Options{ReviewCycles: map[string]string{"supplier": "6mo"}})
	checkInvariants(t, p)
	got := map[string][3]float64{}
	for _, k := range p.KPIs {
		got[k.Name] = [3]float64{k.Value, float64(k.Numerator), float64(k.Denominator)}
	}
	for name, want := range map[string][3]float64{
		// ok and approved-only are within; late, next-passed and
		// default-cycle (2026-01-01 + 6mo) are not; unscheduled is not counted.
		"Reviews within their cycle": {2.0 / 5, 2, 5},
		"Open nonconformities":       {1, 0, 0},
		"Open incidents":             {2, 0, 0},
		"Competence coverage":        {2.0 / 7, 2, 7},
		"AI objectives on track":     {0.5, 2, 4},
	} {
		if got[name] != want {
			t.Errorf("%s = %v, want %v", name, got[name], want)
		}
	}
	for _, k := range p.KPIs {
		if k.Name == "Reviews within their cycle" && !strings.Contains(k.Definition, "7 approved artifacts have no review schedule") {
			t.Errorf("review KPI definition: %q", k.Definition)
		}
	}
}

// TestHostileDocuments feeds documents whose fields have every wrong type:
// the plan must still be built.
func TestHostileDocuments(t *testing.T) {
	var docs []*artifact.Document
	for i, kind := range []string{"roles", "risk-register", "statement-of-applicability", "nonconformity", "incident", "competence-record", "ai-objectives", "ai-system"} {
		for j, body := range []string{
			"roles: 3\nrisks: {a: 1}\nannex_a: x\ncompetences: [1, [2], {role: [x]}]\nobjectives: [[]]\ncriteria: 5\n",
			"roles: [{id: 5, title: [x]}]\nrisks: [{likelihood: 1.5, impact: -3, controls: 7, id: [1]}, 3]\nannex_a: [{ref: 5}, {ref: A.2.2, applicable: maybe, evidence: 3, justification: 4}]\nstate: [open]\nrisk_level: 7\n",
			"review_cycle: 0d\nlast_reviewed: tomorrow\nnext_review: 2026-13-45\ncriteria: {acceptance_threshold: 99999999999999}\nrisks: [{likelihood: 99999999999, impact: 99999999999}]\n",
		} {
			docs = append(docs, doc(t, fmt.Sprintf("%02d/%d.yaml", i, j), fmt.Sprintf("kind: %s\nid: X-%d-%d\ntitle: x\nstatus: approved\n%s", kind, i, j, body)))
		}
	}
	docs = append(docs, &artifact.Document{Path: "broken.yaml"}, nil)
	r := result(docs, nil)
	r.Coverage = nil
	p := Build(r, Options{})
	checkInvariants(t, p)
	r.References = nil
	if p := Build(r, Options{}); len(p.Gaps) != 0 || len(p.Missing) == 0 {
		t.Errorf("without a catalogue: %d gaps, Missing %q", len(p.Gaps), p.Missing)
	}
}

// TestTables keeps the plan's tables complete over the catalogue: every
// clause and control has a task name and a phase, and belongs to exactly one
// RACI activity.
func TestTables(t *testing.T) {
	for _, x := range rules.DefaultCatalogue().LintReferences() {
		if x.ID == x.Group {
			continue
		}
		if _, ok := taskNames[x.ID]; !ok {
			t.Errorf("%s has no task name", x.ID)
		}
		n := 0
		for _, a := range activities {
			for _, r := range a.refs {
				if x.ID == r || strings.HasPrefix(x.ID, r+".") {
					n++
				}
			}
		}
		if n != 1 {
			t.Errorf("%s is in %d RACI activities", x.ID, n)
		}
	}
	for _, tc := range []struct {
		ref   string
		phase Phase
	}{
		{"4.1", Planning}, {"5.2", Planning}, {"6.1.3", Planning}, {"6.2", Planning}, {"7.5.3", Planning},
		{"A.2.2", Planning}, {"A.3.3", Planning}, {"A.4.6", Planning},
		{"8.1", Execution}, {"9.2.1", Execution}, {"9.2.2", Execution}, {"A.4.2", Execution}, {"A.5.2", Execution}, {"A.10.4", Execution},
		{"9.1", Monitoring}, {"9.3.1", Monitoring}, {"9.3.3", Monitoring}, {"10.1", Monitoring}, {"10.2", Monitoring},
	} {
		if got := phaseOf(tc.ref); got != tc.phase {
			t.Errorf("phaseOf(%s) = %d, want %d", tc.ref, got, tc.phase)
		}
	}
	defaults := map[string]bool{}
	for _, r := range DefaultRoles() {
		defaults[r.ID] = true
	}
	for _, x := range rules.DefaultCatalogue().LintReferences() {
		if !defaults[ownerOf(x.ID)] {
			t.Errorf("owner of %s: %q", x.ID, ownerOf(x.ID))
		}
	}
	for _, a := range activities {
		for _, r := range append(append(append([]string{a.a}, a.r...), a.c...), a.i...) {
			if !defaults[r] {
				t.Errorf("%s: role %q", a.name, r)
			}
		}
	}
}

func TestSystemEvidence(t *testing.T) {
	docs := []*artifact.Document{
		doc(t, "evaluations/credit.yaml", "kind: evaluation\nid: EVAL-CREDIT-41\ntitle: Credit\nstatus: approved\n"),
		doc(t, "evaluations/hr.yaml", "kind: evaluation\nid: EVAL-HR-2\ntitle: HR\nstatus: draft\n"),
	}
	systems := []lint.SystemCoverage{
		{System: "SYS-CREDIT", Status: lint.Evidenced, Evidence: []string{"evaluations/credit.yaml"}, Detail: "EVAL-CREDIT-41, NAS 4.1 on 2026-05-07: 6 of 6 metrics met"},
		{System: "SYS-HR", Status: lint.DraftOnly, Evidence: []string{"evaluations/hr.yaml"}, Detail: "EVAL-HR-2 is a draft: no approved evaluation"},
		{System: "SYS-OLD", Status: lint.Missing, Detail: "no approved evaluation"},
	}
	want := []SystemStatus{
		{System: "SYS-CREDIT", Status: lint.Evidenced, Evidence: []string{"EVAL-CREDIT-41"}, Detail: systems[0].Detail},
		{System: "SYS-HR", Status: lint.DraftOnly, Evidence: []string{"EVAL-HR-2"}, Detail: systems[1].Detail},
		{System: "SYS-OLD", Status: lint.Missing, Detail: "no approved evaluation"},
	}
	for _, tc := range []struct {
		name       string
		applicable bool
		want       []SystemStatus
	}{
		{"applicable", true, want},
		{"excluded in the SoA", false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := result(docs, nil)
			for i := range r.Coverage {
				if r.Coverage[i].Ref == "A.6.2.4" {
					r.Coverage[i].Systems = systems
					if !tc.applicable {
						r.Coverage[i].Applicable, r.Coverage[i].Status = false, lint.NotApplicable
					}
				}
			}
			p := Build(r, Options{})
			checkInvariants(t, p)
			if got := gap(p, "A.6.2.4").Systems; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("gap systems = %+v, want %+v", got, tc.want)
			}
			e := p.SoA[slices.IndexFunc(p.SoA, func(e SoAEntry) bool { return e.Ref == "A.6.2.4" })]
			if !reflect.DeepEqual(e.Systems, tc.want) {
				t.Errorf("SoA systems = %+v, want %+v", e.Systems, tc.want)
			}
			if got := gap(p, "A.6.2.5").Systems; got != nil {
				t.Errorf("A.6.2.5 systems = %+v, want none", got)
			}
			for i, s := range tc.want {
				if s.Passed() != (i == 0) {
					t.Errorf("%s Passed() = %v", s.System, s.Passed())
				}
			}
		})
	}
}
