package plan

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
)

// exampleAsOf is the date the bundled example is judged at.
var exampleAsOf = time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)

const exampleDir = "../testdata/example-aims"

// lintDir lints dir with its .aims.yaml and the given rules (every rule when
// nil) at exampleAsOf, with the catalogue the CLI passes.
func lintDir(t testing.TB, dir string, rs []*lint.Rule) *lint.Result {
	t.Helper()
	if rs == nil {
		rs = rules.All
	}
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.AsOf = exampleAsOf
	cfg.References = rules.DefaultCatalogue().LintReferences()
	res, err := lint.Run(context.Background(), cfg, rs)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// copyDir copies the files of src into a new temporary folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// checkInvariants checks what every plan must hold, whatever its input.
func checkInvariants(t *testing.T, p *Plan) {
	t.Helper()
	var clauses, controls int
	for _, g := range p.Gaps {
		if g.Control {
			controls++
		} else {
			clauses++
		}
		switch g.Status {
		case Implemented, NotApplicable:
			if g.Priority != "" {
				t.Errorf("%s %s has priority %q", g.Ref, g.Status, g.Priority)
			}
		case Partial:
			if g.Priority != "low" {
				t.Errorf("partial %s has priority %q", g.Ref, g.Priority)
			}
		case Missing:
			if g.Priority != "high" && g.Priority != "medium" {
				t.Errorf("missing %s has priority %q", g.Ref, g.Priority)
			}
		default:
			t.Errorf("%s: status %q", g.Ref, g.Status)
		}
		if g.Status == NotApplicable && (g.Applicable || !g.Control) {
			t.Errorf("%s: not applicable but Applicable %v, Control %v", g.Ref, g.Applicable, g.Control)
		}
	}
	if clauses != 32 || controls != 38 {
		t.Errorf("%d clauses and %d controls, want 32 and 38", clauses, controls)
	}
	if len(p.SoA) != 38 {
		t.Errorf("%d SoA rows, want 38", len(p.SoA))
	}
	for i, e := range p.SoA {
		if i < len(p.Gaps[32:]) && e.Ref != p.Gaps[32+i].Ref {
			t.Errorf("SoA row %d is %s, want %s (catalogue order)", i, e.Ref, p.Gaps[32+i].Ref)
		}
		if e.Derived != p.SoADerived {
			t.Errorf("SoA %s: Derived %v, plan SoADerived %v", e.Ref, e.Derived, p.SoADerived)
		}
	}
	if !p.Start.Equal(dateOf(p.Start)) || !p.End.Equal(addMonths(p.Start, 12).AddDate(0, 0, -1)) {
		t.Errorf("plan runs %s to %s", p.Start, p.End)
	}
	roles := map[string]bool{}
	for _, r := range p.Roles {
		roles[r.ID] = true
	}
	byID := map[string]int{}
	gapTasks := map[string]bool{}
	for i, task := range p.Tasks {
		byID[task.ID] = i
		off, months := task.Phase.Months()
		lo, hi := addMonths(p.Start, off), addMonths(p.Start, off+months).AddDate(0, 0, -1)
		if task.Start.Before(lo) || task.End.After(hi) || task.End.Before(task.Start) {
			t.Errorf("%s %q (phase %d) runs %s to %s, outside %s to %s", task.ID, task.Name, task.Phase, task.Start.Format(time.DateOnly), task.End.Format(time.DateOnly), lo.Format(time.DateOnly), hi.Format(time.DateOnly))
		}
		if !roles[task.Responsible] || !roles[task.Accountable] {
			t.Errorf("%s: roles %q/%q are not plan roles", task.ID, task.Responsible, task.Accountable)
		}
		if i > 0 && task.Phase < p.Tasks[i-1].Phase {
			t.Errorf("%s: phase %d after phase %d", task.ID, task.Phase, p.Tasks[i-1].Phase)
		}
		for _, dep := range task.DependsOn {
			j, ok := byID[dep]
			if !ok {
				t.Errorf("%s depends on %s, which is not an earlier task", task.ID, dep)
				continue
			}
			if p.Tasks[j].Start.After(task.Start) {
				t.Errorf("%s starts %s before its dependency %s (%s)", task.ID, task.Start.Format(time.DateOnly), dep, p.Tasks[j].Start.Format(time.DateOnly))
			}
		}
		if task.Ref != "" {
			gapTasks[task.Ref] = true
		}
	}
	for _, g := range p.Gaps {
		if want := g.Status == Missing || g.Status == Partial; gapTasks[g.Ref] != want {
			t.Errorf("%s (%s): has task %v", g.Ref, g.Status, gapTasks[g.Ref])
		}
		if !roles[g.Owner] {
			t.Errorf("%s: owner %q is not a plan role", g.Ref, g.Owner)
		}
	}
	if n := len(p.RACI); n < 12 || n > 20 {
		t.Errorf("%d RACI rows", n)
	}
	for _, row := range p.RACI {
		if len(row.Codes) != len(p.Roles) {
			t.Errorf("%s: %d codes for %d roles", row.Activity, len(row.Codes), len(p.Roles))
		}
		var a, r int
		for _, c := range row.Codes {
			switch c {
			case "A":
				a++
			case "R":
				r++
			case "C", "I", "":
			default:
				t.Errorf("%s: code %q", row.Activity, c)
			}
		}
		if a != 1 || (r == 0 && len(p.Roles) > 1) {
			t.Errorf("%s: %d A and %d R in %v", row.Activity, a, r, row.Codes)
		}
	}
	total := 0
	for _, row := range p.HeatMap {
		for _, n := range row {
			total += n
		}
	}
	if total > len(p.Risks) {
		t.Errorf("heat map counts %d risks of %d", total, len(p.Risks))
	}
	if len(p.KPIs) != 6 {
		t.Errorf("%d KPIs", len(p.KPIs))
	}
	for _, k := range p.KPIs {
		if k.Definition == "" || (k.Unit == "%" && (k.Value < 0 || k.Value > 1)) {
			t.Errorf("KPI %q: %+v", k.Name, k)
		}
	}
	if p.Dashboard.ComplianceDefinition == "" || len(p.Dashboard.Groups) != 16 {
		t.Errorf("dashboard: definition %q, %d groups", p.Dashboard.ComplianceDefinition, len(p.Dashboard.Groups))
	}
}

func TestBuildExample(t *testing.T) {
	res := lintDir(t, exampleDir, nil)
	p := Build(res, Options{})
	checkInvariants(t, p)
	if len(p.Missing) != 0 {
		t.Errorf("Missing = %q", p.Missing)
	}
	if p.Organization != "Northwind Lending Ltd" || !p.AsOf.Equal(exampleAsOf) {
		t.Errorf("organization %q, as of %s", p.Organization, p.AsOf)
	}
	if want := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC); !p.Start.Equal(want) {
		t.Errorf("Start = %s, want %s", p.Start, want)
	}
	if want := time.Date(2027, 9, 30, 0, 0, 0, 0, time.UTC); !p.End.Equal(want) {
		t.Errorf("End = %s, want %s", p.End, want)
	}
	if p.SoADerived || p.SoASource != "risk/statement-of-applicability.yaml" {
		t.Errorf("SoA derived %v from %q", p.SoADerived, p.SoASource)
	}
	// What the documents say, counted here independently.
	var risks, openNC, openInc, objectives, onTrack int
	notApplicable := map[string]bool{}
	for _, d := range res.Documents {
		switch d.Kind {
		case "risk-register":
			risks += len(d.List("risks"))
		case "nonconformity":
			if d.String("state") != "closed" {
				openNC++
			}
		case "incident":
			if s := d.String("state"); s != "closed" && s != "resolved" {
				openInc++
			}
		case "ai-objectives":
			for i := range d.List("objectives") {
				objectives++
				if s := d.String("objectives", strconv.Itoa(i), "status"); s == "on-track" || s == "achieved" {
					onTrack++
				}
			}
		case "statement-of-applicability":
			for i := range d.List("annex_a") {
				if d.Get("annex_a", strconv.Itoa(i), "applicable") == false {
					notApplicable[d.String("annex_a", strconv.Itoa(i), "ref")] = true
				}
			}
		}
	}
	if len(p.Risks) != risks || risks == 0 {
		t.Errorf("%d risks, the register holds %d", len(p.Risks), risks)
	}
	for _, e := range p.SoA {
		if e.Applicable == notApplicable[e.Ref] {
			t.Errorf("SoA %s: applicable %v", e.Ref, e.Applicable)
		}
	}
	for _, g := range p.Gaps {
		want := Implemented
		if notApplicable[g.Ref] {
			want = NotApplicable
		}
		if g.Status != want {
			t.Errorf("%s: %s, want %s (the example is clean)", g.Ref, g.Status, want)
		}
	}
	kpi := map[string]KPI{}
	for _, k := range p.KPIs {
		kpi[k.Name] = k
	}
	want := map[string]float64{
		"Compliance rate":            1,
		"Reviews within their cycle": 1,
		"Open nonconformities":       float64(openNC),
		"Open incidents":             float64(openInc),
		"Competence coverage":        1,
		"AI objectives on track":     float64(onTrack) / float64(objectives),
	}
	for name, v := range want {
		if k, ok := kpi[name]; !ok || k.Value != v {
			t.Errorf("KPI %q = %v, want %v", name, k.Value, v)
		}
	}
	if p.Dashboard.ComplianceRate != 1 || p.Dashboard.Applicable != 70-len(notApplicable) {
		t.Errorf("dashboard %+v", p.Dashboard)
	}
	if len(p.Tasks) != len(standingActivities) {
		t.Errorf("%d tasks, want only the %d standing activities", len(p.Tasks), len(standingActivities))
	}
	if len(p.Roles) != 7 || p.Roles[0] != (Role{"top-management", "Executive Committee"}) {
		t.Errorf("roles %v", p.Roles)
	}
}

func TestBuildEmptyFolder(t *testing.T) {
	res := lintDir(t, t.TempDir(), nil)
	p := Build(res, Options{})
	checkInvariants(t, p)
	if len(p.Missing) == 0 || !strings.Contains(p.Missing[0], "no artifacts") {
		t.Errorf("Missing = %q", p.Missing)
	}
	if !p.SoADerived {
		t.Error("SoA not derived")
	}
	for _, g := range p.Gaps {
		if g.Status != Missing {
			t.Errorf("%s: %s", g.Ref, g.Status)
		}
	}
	if len(p.Tasks) != 70+len(standingActivities) {
		t.Errorf("%d tasks", len(p.Tasks))
	}
	if p.Dashboard.ComplianceRate != 0 || p.Dashboard.Applicable != 70 {
		t.Errorf("dashboard %+v", p.Dashboard)
	}
	if !reflect.DeepEqual(p.Roles, DefaultRoles()) {
		t.Errorf("roles %v", p.Roles)
	}
	checkPolicyFirst(t, p)
}

// checkPolicyFirst checks that every task of the execution and monitoring
// phases waits, directly or not, for the AI policy.
func checkPolicyFirst(t *testing.T, p *Plan) {
	t.Helper()
	byID := map[string]Task{}
	for _, task := range p.Tasks {
		byID[task.ID] = task
	}
	var reaches func(id string, seen map[string]bool) bool
	reaches = func(id string, seen map[string]bool) bool {
		task := byID[id]
		if task.Ref == "5.2" || task.Name == "Develop and approve the AI policy" {
			return true
		}
		for _, d := range task.DependsOn {
			if !seen[d] {
				seen[d] = true
				if reaches(d, seen) {
					return true
				}
			}
		}
		return false
	}
	for _, task := range p.Tasks {
		if task.Phase != Planning && task.Ref != "" && !reaches(task.ID, map[string]bool{}) {
			t.Errorf("%s %q does not wait for the AI policy", task.ID, task.Name)
		}
	}
}

func TestBuildNilResult(t *testing.T) {
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	// Without a result there is no catalogue: the plan says so and has no
	// gap analysis, but is still a plan with its twelve months.
	for _, r := range []*lint.Result{nil, {}} {
		p := Build(r, Options{Start: start})
		if !slices.ContainsFunc(p.Missing, func(m string) bool { return strings.Contains(m, "catalogue") }) || !p.Start.Equal(start) || len(p.Gaps) != 0 {
			t.Errorf("Missing %q, Start %s, %d gaps", p.Missing, p.Start, len(p.Gaps))
		}
	}
}

func TestBuildUnparsableSoA(t *testing.T) {
	dir := copyDir(t, exampleDir)
	soa := filepath.Join(dir, "risk", "statement-of-applicability.yaml")
	if err := os.WriteFile(soa, []byte("kind: statement-of-applicability\nid: SOA\nannex_a: [\n  - ref: A.2.2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := Build(lintDir(t, dir, nil), Options{})
	checkInvariants(t, p)
	if !p.SoADerived || p.SoASource != "" {
		t.Errorf("SoADerived %v, SoASource %q", p.SoADerived, p.SoASource)
	}
	if !slices.ContainsFunc(p.Missing, func(m string) bool {
		return strings.Contains(m, "derived") && strings.Contains(m, "risk/statement-of-applicability.yaml could not be parsed")
	}) {
		t.Errorf("Missing does not say the SoA could not be parsed: %q", p.Missing)
	}
	for _, e := range p.SoA {
		if !e.Derived || !e.Applicable || e.Justification == "" {
			t.Errorf("%+v", e)
		}
	}
	if !slices.ContainsFunc(p.Findings, func(f lint.Finding) bool {
		return f.RuleID == artifact.RuleParse && f.Range.File == "risk/statement-of-applicability.yaml"
	}) {
		t.Error("the parse error of the SoA is not among the plan's findings")
	}
}

func TestBuildIncompleteSoA(t *testing.T) {
	dir := copyDir(t, exampleDir)
	soa := filepath.Join(dir, "risk", "statement-of-applicability.yaml")
	b, err := os.ReadFile(soa)
	if err != nil {
		t.Fatal(err)
	}
	// Drop the entry of A.10.4 (the last one).
	s := string(b)
	i := strings.Index(s, "  - ref: A.10.4")
	if i < 0 {
		t.Fatal("no A.10.4 entry in the example SoA")
	}
	if err := os.WriteFile(soa, []byte(s[:i]), 0o644); err != nil {
		t.Fatal(err)
	}
	p := Build(lintDir(t, dir, nil), Options{})
	checkInvariants(t, p)
	last := p.SoA[len(p.SoA)-1]
	if p.SoADerived || last.Ref != "A.10.4" || !last.Applicable || last.Implementation != "not-started" || last.Justification != "not in the Statement of Applicability" {
		t.Errorf("SoADerived %v, last row %+v", p.SoADerived, last)
	}
	if !slices.ContainsFunc(p.Missing, func(m string) bool { return strings.Contains(m, "A.10.4") }) {
		t.Errorf("Missing = %q", p.Missing)
	}
}

// TestBuildWithoutCoverage switches the coverage rules off: the plan works
// the coverage out itself, and gets what the rules get.
func TestBuildWithoutCoverage(t *testing.T) {
	var others []*lint.Rule
	for _, r := range rules.All {
		if r.ID != "AIMS4001" {
			others = append(others, r)
		}
	}
	res := lintDir(t, exampleDir, others)
	if len(res.Coverage) != 0 {
		t.Fatal("coverage recorded without AIMS4001")
	}
	p := Build(res, Options{})
	if !slices.ContainsFunc(p.Missing, func(m string) bool { return strings.Contains(m, "AIMS4001") }) {
		t.Errorf("Missing does not say coverage was not recorded: %q", p.Missing)
	}
	for _, g := range p.Gaps {
		if g.Applicable && g.Status != Missing {
			t.Errorf("%s: %s without coverage, want missing", g.Ref, g.Status)
		}
	}
}

func TestBuildDeterministic(t *testing.T) {
	res := lintDir(t, exampleDir, nil)
	a, b := Build(res, Options{}), Build(res, Options{})
	if !reflect.DeepEqual(a, b) {
		t.Error("two builds of the same result differ")
	}
	empty := lintDir(t, t.TempDir(), nil)
	if !reflect.DeepEqual(Build(empty, Options{}), Build(empty, Options{})) {
		t.Error("two builds of the empty result differ")
	}
}

func TestStart(t *testing.T) {
	for _, tc := range []struct {
		asOf, start, wantStart, wantEnd string
	}{
		{"2026-09-30", "", "2026-10-01", "2027-09-30"},
		{"2026-12-15", "", "2027-01-01", "2027-12-31"},
		{"2026-01-01", "", "2026-02-01", "2027-01-31"},
		{"2026-09-30", "2027-03-01", "2027-03-01", "2028-02-29"},
		{"2026-09-30", "2027-01-31", "2027-01-31", "2028-01-30"},
	} {
		asOf, _ := time.Parse(time.DateOnly, tc.asOf)
		var start time.Time
		if tc.start != "" {
			start, _ = time.Parse(time.DateOnly, tc.start)
			start = start.Add(15 * time.Hour) // only the date counts
		}
		p := Build(&lint.Result{AsOf: asOf, References: rules.DefaultCatalogue().LintReferences()}, Options{Start: start})
		if got := p.Start.Format(time.DateOnly); got != tc.wantStart {
			t.Errorf("as of %s, start %q: Start %s, want %s", tc.asOf, tc.start, got, tc.wantStart)
		}
		if got := p.End.Format(time.DateOnly); got != tc.wantEnd {
			t.Errorf("as of %s, start %q: End %s, want %s", tc.asOf, tc.start, got, tc.wantEnd)
		}
		checkInvariants(t, p)
	}
}

// TestBuildOnlyFullApprovedEvidence plants defects in a copy of the example:
// the plan must not call implemented what an auditor would not accept, and
// the compliance rate must fall.
func TestBuildOnlyFullApprovedEvidence(t *testing.T) {
	full := Build(lintDir(t, exampleDir, nil), Options{})
	for _, tc := range []struct {
		name    string
		edit    func(t *testing.T, dir string)
		notImpl []string // gaps that must not be implemented
		soaProg []string // SoA rows claimed implemented, shown in progress
	}{
		{
			name: "no Statement of Applicability",
			edit: func(t *testing.T, dir string) {
				if err := os.Remove(filepath.Join(dir, "risk", "statement-of-applicability.yaml")); err != nil {
					t.Fatal(err)
				}
			},
			notImpl: []string{"6.1.3"},
		},
		{
			name:    "one impact assessment in review",
			edit:    replaceIn("impact-assessments/AIA-002-customer-assistant.md", "status: approved", "status: in-review"),
			notImpl: []string{"6.1.4", "8.4", "A.5.3", "A.5.4", "A.5.5"},
			soaProg: []string{"A.5.3", "A.5.4", "A.5.5"},
		},
		{
			name:    "one dataset a draft",
			edit:    replaceIn("data/correspondence-corpus.yaml", "status: approved", "status: draft"),
			notImpl: []string{"A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, exampleDir)
			tc.edit(t, dir)
			p := Build(lintDir(t, dir, nil), Options{})
			checkInvariants(t, p)
			for _, ref := range tc.notImpl {
				g := p.Gaps[slices.IndexFunc(p.Gaps, func(g Gap) bool { return g.Ref == ref })]
				if g.Status == Implemented {
					t.Errorf("%s is implemented", ref)
				}
			}
			for _, ref := range tc.soaProg {
				e := p.SoA[slices.IndexFunc(p.SoA, func(e SoAEntry) bool { return e.Ref == ref })]
				if e.Implementation != "in-progress" {
					t.Errorf("SoA %s: %q, want in-progress", ref, e.Implementation)
				}
			}
			if len(tc.soaProg) > 0 && !slices.ContainsFunc(p.Missing, func(m string) bool { return strings.Contains(m, "not fully evidenced") }) {
				t.Errorf("Missing does not name the overclaimed controls: %q", p.Missing)
			}
			if p.Dashboard.ComplianceRate >= full.Dashboard.ComplianceRate {
				t.Errorf("compliance rate %.3f, not below %.3f", p.Dashboard.ComplianceRate, full.Dashboard.ComplianceRate)
			}
			if !strings.Contains(p.Dashboard.ComplianceDefinition, "every AI system in scope") {
				t.Errorf("definition %q", p.Dashboard.ComplianceDefinition)
			}
		})
	}
}

// replaceIn returns an edit that replaces old by new once in a file.
func replaceIn(file, old, new string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		name := filepath.Join(dir, filepath.FromSlash(file))
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s does not contain %q", file, old)
		}
		if err := os.WriteFile(name, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
