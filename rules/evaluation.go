package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/results"
)

// An evalRun is what one evaluation artifact measured: its metrics, from its
// own `metrics` list or from the results file `metrics_file` names, each
// with where it is written, so that a finding points at the row.
type evalRun struct {
	doc *artifact.Document
	// file is the results file's path in the repository, "" when the
	// metrics are in the evaluation itself.
	file string
	// metrics are the rows, in file order.
	metrics []evalMetric
	// problem is set when the results file cannot be used at all (missing,
	// outside the repository, not CSV or JSON, malformed); at is where.
	problem string
	at      artifact.Range
}

// An evalMetric is one metric of an evaluation and where it is written.
type evalMetric struct {
	results.Row
	run *evalRun
	// index is the metric's place in the evaluation's own `metrics` list.
	index int
}

// Range returns where the metric's cell of column starts (its whole row
// when the column is not written).
func (m *evalMetric) Range(column string) artifact.Range {
	if m.run.file == "" {
		return m.run.doc.Locate(m.inlineTokens(column)...)
	}
	p := m.Pos(column)
	return artifact.Range{File: m.run.file, Start: artifact.Position{Line: p.Line, Col: p.Col}, End: artifact.Position{Line: p.Line, Col: p.Col}}
}

// inlineTokens is the path of a column's value in the evaluation's own
// `metrics` list.
func (m *evalMetric) inlineTokens(column string) []string {
	if column == "metric" {
		column = "name"
	}
	t := []string{"metrics", tok(m.index)}
	if m.run.doc.Get(append(t, column)...) != nil {
		t = append(t, column)
	}
	return t
}

// evaluationsKey is the Pass.Shared key of the run's evaluations.
type evaluationsKey struct{}

// evaluations returns every parsed evaluation artifact with its metrics,
// read once per run and shared by the rules that ask.
func evaluations(p *lint.Pass) []*evalRun {
	return p.Shared(evaluationsKey{}, func() any {
		var out []*evalRun
		for _, d := range kindDocs(p, "evaluation") {
			out = append(out, loadEvaluation(p, d))
		}
		return out
	}).([]*evalRun)
}

// evaluationsOf returns the evaluations whose `ai_system` is id.
func evaluationsOf(p *lint.Pass, id string) []*evalRun {
	bySystem := p.Shared(evaluationsBySystemKey{}, func() any {
		m := map[string][]*evalRun{}
		for _, r := range evaluations(p) {
			if s := r.doc.String("ai_system"); s != "" {
				m[s] = append(m[s], r)
			}
		}
		return m
	}).(map[string][]*evalRun)
	return bySystem[id]
}

// evaluationsBySystemKey is the Pass.Shared key of evaluationsOf's index.
type evaluationsBySystemKey struct{}

// loadEvaluation reads the metrics of one evaluation.
func loadEvaluation(p *lint.Pass, d *artifact.Document) *evalRun {
	r := &evalRun{doc: d}
	if name := d.String("metrics_file"); name != "" {
		r.loadFile(p, name)
		return r
	}
	for i, v := range d.List("metrics") {
		m, _ := v.(map[string]any)
		if m == nil {
			continue
		}
		row := results.FromMap(d.Locate("metrics", tok(i)).Start.Line, m, func(key string) results.Pos {
			at := d.Locate("metrics", tok(i), key)
			return results.Pos{Line: at.Start.Line, Col: at.Start.Col}
		})
		r.metrics = append(r.metrics, evalMetric{Row: row, run: r, index: i})
	}
	return r
}

// loadFile reads the results file name, relative to the evaluation's
// folder, noting why it cannot be used.
func (r *evalRun) loadFile(p *lint.Pass, name string) {
	r.at = r.doc.Locate("metrics_file")
	full, err := results.Resolve(r.doc.Path, name)
	if err != nil {
		r.problem = err.Error()
		return
	}
	data, err := p.ReadFile(full)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			r.problem = fmt.Sprintf("the results file %s does not exist: commit it, or correct `metrics_file`", full)
		case errors.Is(err, artifact.ErrNotRegular):
			r.problem = fmt.Sprintf("the results file %s is not a regular file: make it a CSV or JSON file", full)
		default:
			r.problem = fmt.Sprintf("the results file %s cannot be read: %v", full, err)
		}
		return
	}
	rows, err := results.Read(full, data)
	if err != nil {
		var re *results.Error
		if errors.As(err, &re) && re.Pos.Line > 0 {
			r.at = artifact.Range{File: full, Start: artifact.Position{Line: re.Pos.Line, Col: re.Pos.Col}, End: artifact.Position{Line: re.Pos.Line, Col: re.Pos.Col}}
			r.problem = fmt.Sprintf("results file %s: %s", full, re.Msg)
		} else {
			r.problem = fmt.Sprintf("results file %s: %v", full, err)
		}
		return
	}
	r.file = full
	for _, row := range rows {
		r.metrics = append(r.metrics, evalMetric{Row: row, run: r})
	}
}

// requiredMethods are the methods, besides fairness for each affected
// group, that the evaluation of a high-risk AI system in use must cover.
var requiredMethods = []string{"performance", "robustness"}

// A systemEvals is what aims concludes of one AI system's evaluations: the
// judgement AIMS7301, AIMS7305, AIMS6006 and the coverage of A.6.2.4 share.
type systemEvals struct {
	system *artifact.Document
	// version is the system record's `model_version`, "" when it states none.
	version string
	// groups are the `affected_groups` of its impact assessments in force,
	// sorted and each once.
	groups []string
	// runs are the parsed evaluations whose `ai_system` is the system, of
	// any status, newest first (by evaluated_on, then path).
	runs []*evalRun
	// latest is the verdict on its latest evaluation in force of its current
	// model version; approved the one on its latest approved evaluation of
	// that version. Nil when there is none.
	latest, approved *evalVerdict
	// lastApproved is the verdict on its latest approved evaluation of any
	// version: what the coverage's detail line describes.
	lastApproved *evalVerdict
}

// An evalVerdict is the judgement of one evaluation of a system.
type evalVerdict struct {
	run *evalRun
	// on is evaluated_on (zero when it is not a valid date), onText as
	// written.
	on     time.Time
	onText string
	// current is true when the evaluation's model_version is the system's.
	current bool
	// missingMethods are the required methods no usable metric measures;
	// missingGroups the affected groups no usable fairness metric measures.
	missingMethods, missingGroups []string
	// failed are the usable metrics that fail their threshold and that no
	// accepted risk covers; accepted those that fail and one does.
	failed, accepted []*evalMetric
	// met counts the usable metrics that meet their threshold, unusable the
	// metrics with a problem, of all metrics.
	met, unusable, total int
	// due is when the evaluation falls out of its review cycle; zero when
	// it has no cycle or no valid evaluated_on.
	due   time.Time
	cycle cycle
}

// passes reports whether the verdict shows the system verified: the
// results file is usable, every method and group is covered and no failed
// metric goes without an accepted risk.
func (v *evalVerdict) passes() bool {
	return v != nil && v.run.problem == "" && v.current && len(v.missingMethods) == 0 && len(v.missingGroups) == 0 && len(v.failed) == 0
}

// outOfCycle reports whether the evaluation is older than its review cycle
// at asOf.
func (v *evalVerdict) outOfCycle(asOf time.Time) bool {
	return !v.due.IsZero() && v.due.Before(asOf)
}

// detail describes the verdict in one line for the coverage: id, version,
// date, how many metrics met their threshold and what fails or is missing;
// version is the system's current model version, asOf the lint date.
func (v *evalVerdict) detail(version string, asOf time.Time) string {
	d := v.run.doc
	var b strings.Builder
	b.WriteString(d.ID)
	if mv := strings.TrimSpace(d.String("model_version")); mv != "" {
		b.WriteString(", " + mv)
	}
	if v.onText != "" {
		b.WriteString(" on " + v.onText)
	}
	if v.run.problem != "" {
		b.WriteString(": its results file cannot be used")
		return b.String()
	}
	if v.total == 0 {
		b.WriteString(": no metrics")
		return b.String()
	}
	fmt.Fprintf(&b, ": %d of %d metrics met", v.met, v.total)
	var notes []string
	if len(v.failed) > 0 {
		notes = append(notes, "fails "+metricLabels(v.failed))
	}
	if len(v.accepted) > 0 {
		notes = append(notes, "accepted risk for "+metricLabels(v.accepted))
	}
	if v.unusable > 0 {
		notes = append(notes, fmt.Sprintf("%d unusable", v.unusable))
	}
	for _, m := range v.missingMethods {
		notes = append(notes, "no "+m+" metric")
	}
	for _, g := range v.missingGroups {
		notes = append(notes, "no fairness metric for "+g)
	}
	switch {
	case !v.current && version != "":
		notes = append(notes, "not of the current model version "+version)
	case !v.current:
		notes = append(notes, "the system record states no model_version")
	}
	if v.outOfCycle(asOf) {
		notes = append(notes, fmt.Sprintf("due again by %s under its %s cycle", v.due.Format(time.DateOnly), v.cycle))
	}
	if len(notes) > 0 {
		b.WriteString("; " + strings.Join(notes, "; "))
	}
	return b.String()
}

// maxNamedMetrics is how many metrics a detail line names.
const maxNamedMetrics = 3

// metricLabels names metrics in a detail line: at most maxNamedMetrics,
// then how many more.
func metricLabels(ms []*evalMetric) string {
	var names []string
	for i, m := range ms {
		if i == maxNamedMetrics {
			names = append(names, fmt.Sprintf("%d more", len(ms)-i))
			break
		}
		names = append(names, m.Label())
	}
	return strings.Join(names, ", ")
}

// usable reports whether a metric can be judged: no cell has a problem.
func (m *evalMetric) usable() bool { return len(m.Problems) == 0 }

// systemEvalsKey is the Pass.Shared key of the run's judgements.
type systemEvalsKey struct{}

// evalsOfSystem returns the judgement of the evaluations of AI system sys,
// worked out once per run for every system.
func evalsOfSystem(p *lint.Pass, sys *artifact.Document) *systemEvals {
	all := p.Shared(systemEvalsKey{}, func() any {
		out := map[*artifact.Document]*systemEvals{}
		accepted := acceptedRisks(p)
		groups := affectedGroupsInForce(p)
		for _, s := range kindDocs(p, "ai-system") {
			out[s] = judgeSystem(p, s, groups[s], accepted)
		}
		return out
	}).(map[*artifact.Document]*systemEvals)
	if se, ok := all[sys]; ok {
		return se
	}
	return &systemEvals{system: sys}
}

// judgeSystem works out the judgement of one system's evaluations.
func judgeSystem(p *lint.Pass, sys *artifact.Document, groups []string, accepted map[string]map[string]bool) *systemEvals {
	se := &systemEvals{system: sys, version: strings.TrimSpace(sys.String("model_version")), groups: groups}
	if sys.ID == "" {
		return se
	}
	se.runs = slices.Clone(evaluationsOf(p, sys.ID))
	slices.SortStableFunc(se.runs, func(a, b *evalRun) int {
		ta, _, _ := dateAt(a.doc, "evaluated_on")
		tb, _, _ := dateAt(b.doc, "evaluated_on")
		if c := tb.Compare(ta); c != 0 {
			return c
		}
		return strings.Compare(b.doc.Path, a.doc.Path)
	})
	se.runs = slices.DeleteFunc(se.runs, func(r *evalRun) bool { return r.doc.Status() == "retired" })
	judged := map[*evalRun]*evalVerdict{}
	judge := func(r *evalRun) *evalVerdict {
		if judged[r] == nil {
			judged[r] = se.judge(p, r, accepted[sys.ID])
		}
		return judged[r]
	}
	for _, r := range se.runs {
		if !inForce(r.doc) {
			continue
		}
		current := se.version != "" && strings.TrimSpace(r.doc.String("model_version")) == se.version
		if current && se.latest == nil {
			se.latest = judge(r)
		}
		if r.doc.Status() == "approved" {
			if current && se.approved == nil {
				se.approved = judge(r)
			}
			if se.lastApproved == nil {
				se.lastApproved = judge(r)
			}
		}
	}
	return se
}

// judge works out the verdict on one evaluation r of the system. accepted
// holds the ids of the system's accepted risks.
func (se *systemEvals) judge(p *lint.Pass, r *evalRun, accepted map[string]bool) *evalVerdict {
	v := &evalVerdict{run: r, current: se.version != "" && strings.TrimSpace(r.doc.String("model_version")) == se.version}
	var ok bool
	if v.on, v.onText, ok = dateAt(r.doc, "evaluated_on"); ok {
		if c, ok := reviewCycleOf(p, r.doc); ok {
			v.cycle, v.due = c, c.after(v.on)
		}
	} else {
		v.onText = r.doc.String("evaluated_on")
	}
	methods := map[string]bool{}
	fair := map[string]bool{}
	for i := range r.metrics {
		m := &r.metrics[i]
		v.total++
		if !m.usable() {
			v.unusable++
			continue
		}
		methods[m.Method] = true
		if m.Method == "fairness" {
			if a := results.Attribute(m.Group); a != "" {
				fair[a] = true
			}
		}
		switch {
		case !m.Failed():
			v.met++
		case m.Risk != "" && (accepted[m.Risk] || len(p.Index.Unparsed(m.Risk)) > 0):
			// A risk a register that does not parse may define is not
			// judged: the parse error is the finding, as for AIMS7302.
			v.accepted = append(v.accepted, m)
		default:
			v.failed = append(v.failed, m)
		}
	}
	for _, want := range requiredMethods {
		if !methods[want] {
			v.missingMethods = append(v.missingMethods, want)
		}
	}
	if len(se.groups) == 0 && !methods["fairness"] {
		v.missingMethods = append(v.missingMethods, "fairness")
	}
	for _, g := range se.groups {
		if !fair[g] {
			v.missingGroups = append(v.missingGroups, g)
		}
	}
	return v
}

// affectedGroupsInForce maps each AI system to the `affected_groups` of its impact
// assessments in force (those whose `ai_system` is it and the one its
// `impact_assessment` names), sorted and each once.
func affectedGroupsInForce(p *lint.Pass) map[*artifact.Document][]string {
	bySystem := assessmentsBySystem(p)
	out := map[*artifact.Document][]string{}
	for _, s := range kindDocs(p, "ai-system") {
		docs := bySystem[s.ID]
		if named := s.String("impact_assessment"); named != "" {
			for _, d := range p.Index.ByID(named) {
				if d.Kind == "impact-assessment" && inForce(d) && !slices.Contains(docs, d) {
					docs = append(slices.Clip(docs), d)
				}
			}
		}
		var groups []string
		for _, d := range docs {
			for _, g := range d.Strings("affected_groups") {
				if g = strings.TrimSpace(g); g != "" && !slices.Contains(groups, g) {
					groups = append(groups, g)
				}
			}
		}
		slices.Sort(groups)
		out[s] = groups
	}
	return out
}

// acceptedRisks maps each AI system id to the ids of its accepted risks: a
// risk of a risk register in force whose `ai_system` (else its register's
// `ai_systems`) is the system and whose
// `acceptance` records `approved_by` and `approved_on`. Only such a risk
// covers a metric that fails its threshold.
func acceptedRisks(p *lint.Pass) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for id, risks := range registerRisks(p) {
		for _, r := range risks {
			if !r.accepted {
				continue
			}
			for _, sys := range r.systems {
				if out[sys] == nil {
					out[sys] = map[string]bool{}
				}
				out[sys][id] = true
			}
		}
	}
	return out
}

// highRiskInUse reports whether an AI system must have a passing
// evaluation (AIMS7301, and the coverage of A.6.2.4): its risk level is
// high and it is in use.
func highRiskInUse(d *artifact.Document) bool {
	return d.String("risk_level") == "high" && inUse(d)
}
