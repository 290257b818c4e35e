package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

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
	full := path.Join(path.Dir(r.doc.Path), name)
	switch {
	case strings.HasPrefix(name, "/") || strings.Contains(name, `\`):
		r.problem = fmt.Sprintf("`metrics_file` %q must be a path relative to the evaluation's folder, written with /", name)
		return
	case full == ".." || strings.HasPrefix(full, "../"):
		r.problem = fmt.Sprintf("`metrics_file` %q leads outside the repository: keep the results file inside it, next to the evaluation", name)
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
