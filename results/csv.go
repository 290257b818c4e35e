package results

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readCSV reads a results file written as CSV with a header row. Column
// names are matched without regard to case or surrounding spaces.
func readCSV(data []byte) ([]Row, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	lines := newLineIndex(data)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{Msg: "the results file is empty: write a header row (metric,group,value,threshold,comparison) and one row per metric"}
	}
	if err != nil {
		return nil, csvError(err)
	}
	index := map[string]int{}
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		if _, dup := index[k]; dup && k != "" {
			return nil, &Error{Pos: Pos{Line: 1, Col: 1}, Msg: fmt.Sprintf("the header names the column %q twice: keep one", k)}
		}
		index[k] = i
	}
	var missing []string
	for _, k := range required {
		if _, ok := index[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return nil, &Error{Pos: Pos{Line: 1, Col: 1}, Msg: fmt.Sprintf("the header has no column %s: the columns are metric, group, value, threshold, comparison (and optionally method, passed, risk)", strings.Join(missing, ", "))}
	}
	_, hasMethod := index["method"]
	var rows []Row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		cells := map[string]cell{}
		for k, i := range index {
			if i >= len(rec) {
				continue
			}
			l, c := cr.FieldPos(i)
			cells[k] = cell{text: rec[i], present: true, pos: lines.at(l, c)}
		}
		rows = append(rows, makeRow(line, cells, hasMethod))
	}
	if len(rows) == 0 {
		return nil, &Error{Pos: Pos{Line: 1, Col: 1}, Msg: "the results file has a header but no metric: write one row per metric"}
	}
	return rows, nil
}

// csvError turns a CSV syntax error into an Error at its line.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Pos: Pos{Line: pe.Line, Col: pe.Column}, Msg: "not valid CSV: " + pe.Err.Error() + ": quote a value that holds a comma or a quote (\"like, this\")"}
	}
	return &Error{Msg: "not valid CSV: " + err.Error()}
}
