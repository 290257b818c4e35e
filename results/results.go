// Package results reads the results file of an evaluation: the metrics an
// evaluation pipeline (Fairlearn, AI Fairness 360, a robustness harness)
// wrote as CSV or JSON, one row per metric, each with the line and column it
// came from so that findings point at the row. It also judges a value
// against its threshold. It knows nothing of documents or rules.
package results

import (
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"
)

// Methods are the evaluation methods a metric can belong to, as the
// evaluation kind's schema lists them.
var methods = []string{"performance", "fairness", "robustness", "explainability", "privacy", "safety"}

// Comparisons are the ways a value can be compared with its threshold.
var comparisons = []string{">=", ">", "<=", "<"}

// Columns a results file must have; group, method, passed and risk are
// optional, and any other column is ignored.
var required = []string{"metric", "value", "threshold", "comparison"}

// Overall is the group of a metric measured on all the data.
const Overall = "overall"

// A Pos is a 1-based line and column in a results file.
type Pos struct{ Line, Col int }

// A Row is one metric of a results file.
type Row struct {
	// Line is the row's first line in the file.
	Line int
	// Metric is what is measured, e.g. demographic_parity_ratio.
	Metric string
	// Group is the group or slice measured: Overall, an attribute
	// (sex) or attribute=value (age_band=18-24). Empty cells are Overall.
	Group string
	// Method is the evaluation method (fairness, robustness…). When the file
	// has no method column it is inferred: fairness for a row measured on a
	// group other than Overall, performance otherwise (MethodInferred).
	Method         string
	MethodInferred bool
	// Value and Threshold are the numbers; HasValue and HasThreshold say
	// whether the row gave them as numbers.
	Value, Threshold       float64
	HasValue, HasThreshold bool
	// Comparison is one of >=, >, <=, <.
	Comparison string
	// Passed is the row's own verdict when it states one.
	Passed *bool
	// Risk is the id of a risk that records the row's shortfall.
	Risk string
	// Problems are what is wrong with the row, in column order.
	Problems []Problem
	// pos holds where each column's cell starts.
	pos map[string]Pos
}

// A Problem is a cell that is not what a results file needs.
type Problem struct {
	// Column is the column's name, e.g. value.
	Column string
	// Message says what is wrong and what to write.
	Message string
}

// Pos returns where the row's cell of column starts, or the row's start
// when the file does not say.
func (r *Row) Pos(column string) Pos {
	if p, ok := r.pos[column]; ok {
		return p
	}
	return Pos{Line: r.Line, Col: 1}
}

// Attribute returns the attribute a group measures: "age_band" for
// "age_band=18-24" and for "age_band", "" for Overall.
func Attribute(group string) string {
	if group == Overall || group == "" {
		return ""
	}
	a, _, _ := strings.Cut(group, "=")
	return strings.TrimSpace(a)
}

// Meets reports whether value meets threshold under comparison; ok is false
// for an unknown comparison.
func Meets(value float64, comparison string, threshold float64) (meets, ok bool) {
	switch comparison {
	case ">=":
		return value >= threshold, true
	case ">":
		return value > threshold, true
	case "<=":
		return value <= threshold, true
	case "<":
		return value < threshold, true
	}
	return false, false
}

// Failed reports whether a complete row fails its threshold: its value, its
// threshold and its comparison are all usable and the value does not meet
// the threshold.
func (r *Row) Failed() bool {
	if !r.HasValue || !r.HasThreshold {
		return false
	}
	meets, ok := Meets(r.Value, r.Comparison, r.Threshold)
	return ok && !meets
}

// An Error is a results file that cannot be read at all.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string {
	if e.Pos.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d: %s", e.Pos.Line, e.Msg)
}

// Read parses a results file by its extension: .csv or .json.
func Read(name string, data []byte) ([]Row, error) {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return readCSV(data)
	case ".json":
		return readJSON(data)
	}
	return nil, &Error{Msg: fmt.Sprintf("%s is neither a .csv nor a .json file: write the results as CSV (columns metric, group, value, threshold, comparison) or JSON", path.Base(name))}
}

// cell is one raw value of a row with where it starts.
type cell struct {
	text string
	// number is set when a JSON value was a number; isText when it was a
	// string, so "0.9" in quotes is refused as a value.
	number  *float64
	isText  bool
	present bool
	pos     Pos
}

// makeRow turns the cells of one row into a Row, noting every problem.
func makeRow(line int, cells map[string]cell, hasMethod bool) Row {
	r := Row{Line: line, pos: map[string]Pos{}}
	for k, c := range cells {
		r.pos[k] = c.pos
	}
	text := func(k string) string { return strings.TrimSpace(cells[k].text) }
	problem := func(col, format string, args ...any) {
		r.Problems = append(r.Problems, Problem{Column: col, Message: fmt.Sprintf(format, args...)})
	}
	r.Metric = text("metric")
	if r.Metric == "" {
		problem("metric", "the row names no metric: write what is measured in the `metric` column")
	}
	r.Group = text("group")
	if r.Group == "" {
		r.Group = Overall
	}
	if hasMethod {
		r.Method = text("method")
		switch {
		case r.Method == "":
			problem("method", "metric %s has no method: write one of %s", r.label(), strings.Join(methods, ", "))
		case !contains(methods, r.Method):
			problem("method", "metric %s has the method %q: write one of %s", r.label(), r.Method, strings.Join(methods, ", "))
		}
	} else {
		r.MethodInferred = true
		r.Method = "performance"
		if r.Group != Overall {
			r.Method = "fairness"
		}
	}
	r.Value, r.HasValue = number(cells["value"])
	if !r.HasValue {
		problem("value", "metric %s has the value %s, not a number: write the measured value as a number such as 0.87", r.label(), show(cells["value"]))
	}
	r.Threshold, r.HasThreshold = number(cells["threshold"])
	if !r.HasThreshold {
		problem("threshold", "metric %s has the threshold %s, not a number: write the value it had to reach, such as 0.8", r.label(), show(cells["threshold"]))
	}
	r.Comparison = text("comparison")
	if !contains(comparisons, r.Comparison) {
		problem("comparison", "metric %s has the comparison %s: write one of >=, >, <=, <", r.label(), show(cells["comparison"]))
	}
	if c, ok := cells["passed"]; ok && c.present && strings.TrimSpace(c.text) != "" {
		switch strings.ToLower(strings.TrimSpace(c.text)) {
		case "true", "yes", "pass", "passed":
			b := true
			r.Passed = &b
		case "false", "no", "fail", "failed":
			b := false
			r.Passed = &b
		default:
			problem("passed", "metric %s has passed %s: write true or false, or leave it out", r.label(), show(c))
		}
	}
	if r.Passed != nil && r.HasValue && r.HasThreshold {
		if meets, ok := Meets(r.Value, r.Comparison, r.Threshold); ok && meets != *r.Passed {
			problem("passed", "metric %s says passed: %t, but %s %s %s is %t: correct `passed` or the numbers", r.label(), *r.Passed, num(r.Value), r.Comparison, num(r.Threshold), meets)
		}
	}
	r.Risk = text("risk")
	return r
}

// label names a row in messages: the metric and, unless overall, its group.
func (r *Row) label() string {
	m := r.Metric
	if m == "" {
		m = "(unnamed)"
	}
	if r.Group != Overall && r.Group != "" {
		return fmt.Sprintf("%s (%s)", m, r.Group)
	}
	return m
}

// Label names the row in messages: its metric and, unless overall, its
// group, e.g. "selection_rate_ratio (sex=female)".
func (r *Row) Label() string { return r.label() }

// number reads a cell as a finite number.
func number(c cell) (float64, bool) {
	if c.number != nil {
		return *c.number, true
	}
	if !c.present || c.isText {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(c.text), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// show quotes a cell's text for a message, or says it is missing.
func show(c cell) string {
	if !c.present || (c.number == nil && strings.TrimSpace(c.text) == "") {
		return "missing"
	}
	if c.number != nil {
		return num(*c.number)
	}
	return strconv.Quote(c.text)
}

// num writes a number as briefly as it can.
func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// FromMap makes a Row of a metric written in the evaluation itself (its
// `metrics` list, decoded from YAML): the same keys as a results file's
// columns, with `name` for `metric`. pos says where a key's value starts.
func FromMap(line int, m map[string]any, pos func(key string) Pos) Row {
	cells := map[string]cell{}
	for k, v := range m {
		col := k
		if k == "name" {
			col = "metric"
		}
		c := cell{present: v != nil, pos: pos(k)}
		switch v := v.(type) {
		case string:
			c.text, c.isText = v, true
		case bool:
			c.text = strconv.FormatBool(v)
		case nil:
		default:
			if f, ok := toFloat(v); ok {
				c.number = &f
				c.text = num(f)
			} else {
				c.text, c.isText = fmt.Sprint(v), true
			}
		}
		cells[col] = c
	}
	return makeRow(line, cells, true)
}

// toFloat converts the numbers YAML decoding gives.
func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, !math.IsNaN(n) && !math.IsInf(n, 0)
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	}
	return 0, false
}

// Resolve returns the repository path of the results file name, written
// relative to the folder of the evaluation at docPath (both slash paths),
// or an error that says why aims does not read it: an absolute path or one
// with backslashes, or one that leads outside the repository.
func Resolve(docPath, name string) (string, error) {
	if strings.HasPrefix(name, "/") || strings.Contains(name, `\`) {
		return "", fmt.Errorf("`metrics_file` %q must be a path relative to the evaluation's folder, written with /", name)
	}
	full := path.Join(path.Dir(docPath), name)
	if full == ".." || strings.HasPrefix(full, "../") {
		return "", fmt.Errorf("`metrics_file` %q leads outside the repository: keep the results file inside it, next to the evaluation", name)
	}
	return full, nil
}
