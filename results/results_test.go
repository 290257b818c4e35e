package results

import (
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	data := "metric,group,value,threshold,comparison,passed,risk,ci_low\n" +
		"auc,overall,0.87,0.8,>=,true,,0.85\n" +
		"selection_rate_ratio,sex=female,0.76,0.8,>=,false,RSK-007,\n" +
		"\n" +
		"\"error, rate\",age_band=18-24,n/a,,at most,maybe,,\n" +
		"précision,overall,0.9,0.8,>=,,,\n"
	rows, err := Read("results/eval.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	if p := rows[3].Pos("value"); p != (Pos{Line: 6, Col: 19}) {
		t.Errorf("a value after a multi-byte letter at %+v, want 6:19 (code points)", p)
	}
	a, b, c := rows[0], rows[1], rows[2]
	if a.Line != 2 || a.Metric != "auc" || a.Group != Overall || a.Value != 0.87 || a.Threshold != 0.8 || a.Failed() || len(a.Problems) != 0 {
		t.Errorf("row 1: %+v", a)
	}
	if a.Method != "performance" || !a.MethodInferred {
		t.Errorf("row 1: method %q inferred %t, want performance, inferred", a.Method, a.MethodInferred)
	}
	if b.Line != 3 || !b.Failed() || b.Risk != "RSK-007" || b.Method != "fairness" || len(b.Problems) != 0 || Attribute(b.Group) != "sex" {
		t.Errorf("row 2: %+v", b)
	}
	if p := b.Pos("value"); p != (Pos{Line: 3, Col: 33}) {
		t.Errorf("row 2 value at %+v, want 3:33", p)
	}
	if c.Line != 5 || c.Metric != "error, rate" || c.Failed() {
		t.Errorf("row 3: %+v", c)
	}
	var cols []string
	for _, p := range c.Problems {
		cols = append(cols, p.Column)
	}
	if got := strings.Join(cols, " "); got != "value threshold comparison passed" {
		t.Errorf("row 3 problems in %q, want value threshold comparison passed: %+v", got, c.Problems)
	}
}

func TestReadJSON(t *testing.T) {
	for _, tc := range []struct{ name, data string }{
		{"list", `[
  {"metric": "auc", "value": 0.87, "threshold": 0.8, "comparison": ">=", "method": "performance"},
  {"metric": "accuracy_under_attack", "group": "overall", "value": "0.6",
   "threshold": 0.7, "comparison": ">=", "method": "robustness", "passed": true}
]`},
		{"object", `{"model": "x", "metrics": [
  {"metric": "auc", "value": 0.87, "threshold": 0.8, "comparison": ">=", "method": "performance"},
  {"metric": "accuracy_under_attack", "group": "overall", "value": "0.6",
   "threshold": 0.7, "comparison": ">=", "method": "robustness", "passed": true}
]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := Read("r.json", []byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 {
				t.Fatalf("%d rows", len(rows))
			}
			if rows[0].Line != 2 || len(rows[0].Problems) != 0 || rows[0].MethodInferred {
				t.Errorf("row 1: %+v", rows[0])
			}
			r := rows[1]
			if r.Line != 3 || r.Method != "robustness" || r.HasValue || len(r.Problems) != 1 || r.Problems[0].Column != "value" {
				t.Errorf("row 2: %+v", r)
			}
			if p := r.Pos("threshold"); p.Line != 4 {
				t.Errorf("threshold at %+v, want line 4", p)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, data, want string
		line                   int
	}{
		{"extension", "r.xlsx", "", "neither a .csv nor a .json", 0},
		{"empty", "r.csv", "", "is empty", 0},
		{"columns", "r.csv", "metric,value\nauc,1\n", "no column threshold, comparison", 1},
		{"duplicate column", "r.csv", "metric,value,value,threshold,comparison\n", "twice", 1},
		{"no rows", "r.csv", "metric,group,value,threshold,comparison\n", "no metric", 1},
		{"bad quote", "r.csv", "metric,group,value,threshold,comparison\nauc,\"x,1,1,>=\n", "not valid CSV", 2},
		{"bad json", "r.json", "[\n {\"metric\": }\n]", "not valid JSON", 2},
		{"not a list", "r.json", `"x"`, "must be a list", 1},
		{"no metrics key", "r.json", `{"a": 1}`, "no \"metrics\" list", 1},
		{"element not object", "r.json", "[\n 1\n]", "must be an object", 2},
		{"empty list", "r.json", "[]", "lists no metric", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(tc.file, []byte(tc.data))
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error %v (%T), want *Error", err, err)
			}
			if !strings.Contains(e.Msg, tc.want) || e.Pos.Line != tc.line {
				t.Errorf("error at line %d %q, want line %d and %q", e.Pos.Line, e.Msg, tc.line, tc.want)
			}
		})
	}
}

func TestMeets(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		cmp  string
		th   float64
		want bool
		ok   bool
	}{
		{0.8, ">=", 0.8, true, true},
		{0.8, ">", 0.8, false, true},
		{0.1, "<=", 0.1, true, true},
		{0.1, "<", 0.1, false, true},
		{0.05, "<", 0.1, true, true},
		{1, "==", 1, false, false},
	} {
		got, ok := Meets(tc.v, tc.cmp, tc.th)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Meets(%v %s %v) = %t, %t; want %t, %t", tc.v, tc.cmp, tc.th, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPassedMustAgree(t *testing.T) {
	rows, err := Read("r.csv", []byte("metric,value,threshold,comparison,passed\nauc,0.7,0.8,>=,true\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows[0].Problems) != 1 || !strings.Contains(rows[0].Problems[0].Message, "says passed: true, but 0.7 >= 0.8 is false") {
		t.Errorf("problems %+v", rows[0].Problems)
	}
}

func FuzzRead(f *testing.F) {
	f.Add("r.csv", "metric,group,value,threshold,comparison\nauc,overall,0.9,0.8,>=\n")
	f.Add("r.json", `{"metrics":[{"metric":"auc","value":0.9,"threshold":0.8,"comparison":">="}]}`)
	f.Fuzz(func(t *testing.T, name, data string) {
		rows, err := Read(name, []byte(data))
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T, want *Error", err)
			}
			return
		}
		for _, r := range rows {
			if r.Line < 1 {
				t.Fatalf("row at line %d", r.Line)
			}
		}
	})
}

func TestFromMap(t *testing.T) {
	pos := func(k string) Pos { return Pos{Line: 7, Col: len(k)} }
	r := FromMap(7, map[string]any{"name": "auc", "method": "performance", "value": 0.7, "threshold": 1, "comparison": ">=", "passed": false, "risk": "RSK-1"}, pos)
	if r.Metric != "auc" || r.Value != 0.7 || r.Threshold != 1 || !r.Failed() || r.Risk != "RSK-1" || len(r.Problems) != 0 || r.MethodInferred {
		t.Errorf("%+v", r)
	}
	r = FromMap(9, map[string]any{"name": "auc", "value": "high", "threshold": 0.8, "comparison": ">="}, pos)
	if len(r.Problems) != 2 || r.Problems[0].Column != "method" || r.Problems[1].Column != "value" {
		t.Errorf("problems %+v", r.Problems)
	}
}

func TestResolve(t *testing.T) {
	for _, tc := range []struct{ doc, name, want, err string }{
		{"evaluations/e.yaml", "results/r.csv", "evaluations/results/r.csv", ""},
		{"e.yaml", "r.json", "r.json", ""},
		{"evaluations/e.yaml", "../data/r.csv", "data/r.csv", ""},
		{"evaluations/e.yaml", "../../r.csv", "", "leads outside the repository"},
		{"evaluations/e.yaml", "/tmp/r.csv", "", "must be a path relative"},
		{"evaluations/e.yaml", `results\r.csv`, "", "written with /"},
	} {
		got, err := Resolve(tc.doc, tc.name)
		if got != tc.want || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Resolve(%q, %q) = %q, %v; want %q, %q", tc.doc, tc.name, got, err, tc.want, tc.err)
		}
	}
}
