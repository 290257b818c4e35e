package baseline

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// finding builds an unsuppressed finding at file:line whose line reads text.
func finding(rule, file string, line int, text, msg string) lint.Finding {
	r := artifact.Range{File: file}
	if line > 0 {
		r.Start = artifact.Position{Line: line, Col: 1}
	}
	return lint.Finding{RuleID: rule, Severity: lint.Error, Range: r, Message: msg, Line: text}
}

func result(fs ...lint.Finding) *lint.Result {
	return &lint.Result{
		FailOn:    lint.Error,
		Artifacts: []lint.Artifact{{Path: "systems/credit.yaml", ID: "SYS-CREDIT"}, {Path: "policy.md", ID: "POL-1"}, {Path: "systems/credit-scoring.yaml", ID: "SYS-CREDIT"}},
		Findings:  fs,
	}
}

func TestApply(t *testing.T) {
	risk := finding("AIMS1002", "systems/credit.yaml", 9, "risk_level: extreme", "`risk_level` must be one of minimal, limited, high")
	repo := finding("AIMS4001", "", 0, "", "write a risk-register artifact")
	moved := risk
	moved.Range.Start.Line = 14
	reworded := risk
	reworded.Message = "`risk_level` is not a level"
	editedLine := risk
	editedLine.Line = "risk_level: extremely"
	renamed := risk
	renamed.Range.File = "systems/credit-scoring.yaml"
	dupOld := finding("AIMS1002", "policy.md", 3, "`x` appears twice", "`x` appears twice in the same mapping (first on line 2): keep one")
	dupMoved := dupOld
	dupMoved.Range.Start.Line = 8
	dupMoved.Message = "`x` appears twice in the same mapping (first on line 7): keep one"

	tests := []struct {
		name      string
		baseline  []lint.Finding
		run       []lint.Finding
		opts      Options
		want      []lint.BaselineState
		gone      int
		failed    bool
		unchanged int
	}{
		{"same findings", []lint.Finding{risk, repo}, []lint.Finding{risk, repo}, Options{}, []lint.BaselineState{"unchanged", "unchanged"}, 0, false, 2},
		{"lines moved", []lint.Finding{risk}, []lint.Finding{moved}, Options{}, []lint.BaselineState{"unchanged"}, 0, false, 1},
		{"line numbers quoted in the message", []lint.Finding{dupOld}, []lint.Finding{dupMoved}, Options{}, []lint.BaselineState{"unchanged"}, 0, false, 1},
		{"message changed", []lint.Finding{risk}, []lint.Finding{reworded}, Options{}, []lint.BaselineState{"new"}, 1, true, 0},
		{"flagged line changed", []lint.Finding{risk}, []lint.Finding{editedLine}, Options{}, []lint.BaselineState{"new"}, 1, true, 0},
		{"new finding beside a baselined one", []lint.Finding{risk}, []lint.Finding{risk, reworded}, Options{}, []lint.BaselineState{"unchanged", "new"}, 0, true, 1},
		{"fixed", []lint.Finding{risk, repo}, []lint.Finding{repo}, Options{}, []lint.BaselineState{"unchanged"}, 1, false, 1},
		{"counts: two accepted, a third is new", []lint.Finding{risk, risk}, []lint.Finding{risk, risk, risk}, Options{}, []lint.BaselineState{"unchanged", "unchanged", "new"}, 0, true, 2},
		{"counts: one of two fixed", []lint.Finding{risk, risk}, []lint.Finding{risk}, Options{}, []lint.BaselineState{"unchanged"}, 1, false, 1},
		{"file renamed, same id", []lint.Finding{risk}, []lint.Finding{renamed}, Options{}, []lint.BaselineState{"unchanged"}, 0, false, 1},
		{"out of scope is not gone", []lint.Finding{risk, repo}, nil, Options{InScope: func(f string) bool { return f == "policy.md" }}, []lint.BaselineState{}, 1, false, 0},
		{"partial run: nothing is gone", []lint.Finding{risk, repo}, nil, Options{Partial: true}, []lint.BaselineState{}, 0, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := FromResult(result(tt.baseline...))
			// Through the file, as a later run reads it.
			data, err := b.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			read, err := Parse("b.json", data)
			if err != nil {
				t.Fatal(err)
			}
			r := result(tt.run...)
			Apply(r, read, tt.opts)
			var got []lint.BaselineState
			for _, f := range r.Findings {
				got = append(got, f.Baseline)
			}
			if strings.Join(states(got), ",") != strings.Join(states(tt.want), ",") {
				t.Errorf("states = %v, want %v", got, tt.want)
			}
			if g := r.Baseline.GoneCount(); g != tt.gone {
				t.Errorf("gone = %d (%+v), want %d", g, r.Baseline.Gone, tt.gone)
			}
			if r.Baseline.Unchanged != tt.unchanged {
				t.Errorf("unchanged = %d, want %d", r.Baseline.Unchanged, tt.unchanged)
			}
			if r.Failed() != tt.failed {
				t.Errorf("Failed() = %v, want %v", r.Failed(), tt.failed)
			}
		})
	}
}

// TestApplyIDCorrected checks that correcting an artifact's id in place
// keeps its file's findings matched, and that a renamed file whose id also
// changed has new findings.
func TestApplyIDCorrected(t *testing.T) {
	risk := finding("AIMS1002", "systems/credit.yaml", 9, "risk_level: extreme", "bad risk level")
	b := FromResult(result(risk))

	r := result(risk)
	r.Artifacts[0] = lint.Artifact{Path: "systems/credit.yaml", ID: "SYS-CRED"}
	Apply(r, b, Options{})
	if r.Findings[0].Baseline != lint.BaselineUnchanged {
		t.Errorf("id corrected in place: state %q, want unchanged", r.Findings[0].Baseline)
	}

	moved := risk
	moved.Range.File = "archive/credit.yaml"
	r = result(moved)
	r.Artifacts = []lint.Artifact{{Path: "archive/credit.yaml", ID: "SYS-OLD"}}
	Apply(r, b, Options{})
	if r.Findings[0].Baseline != lint.BaselineNew || r.Baseline.GoneCount() != 1 {
		t.Errorf("moved with another id: state %q, gone %d; want new and 1 gone", r.Findings[0].Baseline, r.Baseline.GoneCount())
	}
}

func states(s []lint.BaselineState) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return out
}

// TestSuppressedNotRecorded checks that a suppressed finding is neither
// recorded nor marked: its suppression already accepts it.
func TestSuppressedNotRecorded(t *testing.T) {
	f := finding("AIMS1002", "policy.md", 3, "x: 1", "bad x")
	f.Suppressed = &lint.Suppression{Reason: "accepted"}
	b := FromResult(result(f))
	if b.Len() != 0 {
		t.Fatalf("baseline records %d findings, want 0", b.Len())
	}
	r := result(f)
	Apply(r, b, Options{})
	if r.Findings[0].Baseline != "" {
		t.Errorf("suppressed finding marked %q", r.Findings[0].Baseline)
	}
}

// TestMarshal checks that the file is deterministic, sorted, one entry per
// distinct finding with its count, and reads back the same.
func TestMarshal(t *testing.T) {
	a := finding("AIMS3002", "systems/credit.yaml", 5, "owner: nobody", "role \"nobody\" is not defined")
	b := finding("AIMS1002", "policy.md", 2, "status: done", "`status` must be one of draft")
	fs := []lint.Finding{a, b, a}
	first, err := FromResult(result(fs...)).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	second, err := FromResult(result(b, a, a)).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("order of findings changed the file:\n%s\n%s", first, second)
	}
	want := `{
  "tool": "aims-baseline",
  "version": 1,
  "findings": [
    {
      "rule": "AIMS1002",
      "file": "policy.md",
      "id": "POL-1",
      "message": "` + "`status` must be one of draft" + `",
      "line_hash": "` + LineHash("status: done") + `"
    },
    {
      "rule": "AIMS3002",
      "file": "systems/credit.yaml",
      "id": "SYS-CREDIT",
      "message": "role \"nobody\" is not defined",
      "line_hash": "` + LineHash("owner: nobody") + `",
      "count": 2
    }
  ]
}
`
	if string(first) != want {
		t.Errorf("file:\n%s\nwant:\n%s", first, want)
	}
	if !IsBaseline(first) {
		t.Error("IsBaseline(a written baseline) = false")
	}
	read, err := Parse("b.json", first)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := read.Marshal()
	if !bytes.Equal(again, first) {
		t.Errorf("read and written again:\n%s", again)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, data string
		line       int
		msg        string
	}{
		{"empty", "", 1, "the file is empty"},
		{"syntax", "{\n  \"tool\": \"aims-baseline\",\n  \"version\": 1,\n  \"findings\": [,]\n}\n", 4, "not valid JSON"},
		{"truncated", "{\n  \"tool\": \"aims-baseline\",\n", 3, "ends too early"},
		{"other JSON", `{"name": "package.json"}`, 1, "not an aims baseline"},
		{"newer", `{"tool": "aims-baseline", "version": 2, "findings": []}`, 1, "written by a newer aims"},
		{"no version", `{"tool": "aims-baseline", "findings": []}`, 1, "version 0 is not valid"},
		{"wrong type", "{\"tool\": \"aims-baseline\", \"version\": 1,\n\"findings\": [{\"rule\": \"AIMS1002\", \"message\": \"m\",\n \"count\": \"two\"}]}", 3, `"count" of a finding should be int`},
		{"unknown field", "{\"tool\": \"aims-baseline\", \"version\": 1,\n\"findings\": [{\"rule\": \"AIMS1002\", \"message\": \"m\", \"severity\": \"error\"}]}", 2, "unknown field"},
		{"no rule", "{\"tool\": \"aims-baseline\", \"version\": 1, \"findings\": [\n  {\"message\": \"m\"},\n  {\"rule\": \"\", \"message\": \"m\"}\n]}", 2, "finding 1 has no rule"},
		{"no message", "{\"tool\": \"aims-baseline\", \"version\": 1, \"findings\": [\n  {\"rule\": \"AIMS1002\", \"message\": \"m\"},\n  {\"rule\": \"AIMS1002\"}\n]}", 3, "finding 2 has no message"},
		{"negative count", "{\"tool\": \"aims-baseline\", \"version\": 1, \"findings\": [\n  {\"rule\": \"AIMS1002\", \"message\": \"m\", \"count\": -1}\n]}", 2, "negative count"},
		{"two values", "{\"tool\": \"aims-baseline\", \"version\": 1, \"findings\": []}\n{}", 2, "more than one JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("ci/baseline.json", []byte(tt.data))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse = %v, want a *ParseError", err)
			}
			if pe.Path != "ci/baseline.json" || pe.Line != tt.line || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("Parse = %q (line %d), want line %d and %q", err, pe.Line, tt.line, tt.msg)
			}
		})
	}
}

// TestParseMerges checks that two hand-written entries of one finding add
// up.
func TestParseMerges(t *testing.T) {
	data := `{"tool": "aims-baseline", "version": 1, "findings": [
  {"rule": "AIMS4001", "file": "", "message": "m"},
  {"rule": "AIMS4001", "file": "", "message": "m", "count": 2}
]}`
	b, err := Parse("b.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entries) != 1 || b.Len() != 3 {
		t.Errorf("entries = %+v, want one of count 3", b.Entries)
	}
}

// TestCompare checks that Compare matches two runs as Apply matches a run
// with a baseline: a finding moved down keeps its match, one fixed is
// closed, one added is opened, counts are kept, suppressed findings are
// neither, and neither result is changed.
func TestCompare(t *testing.T) {
	risk := finding("AIMS1002", "systems/credit.yaml", 9, "risk_level: extreme", "`risk_level` must be one of minimal, limited, high")
	moved := risk
	moved.Range.Start.Line = 14
	fixed := finding("AIMS7001", "policy.md", 3, "TBD", "\"TBD\" marks text")
	added := finding("AIMS7001", "policy.md", 7, "XXX", "\"XXX\" marks text")
	suppressed := finding("AIMS7002", "policy.md", 8, "n/a", "empty")
	suppressed.Suppressed = &lint.Suppression{}
	for _, tc := range []struct {
		name           string
		before, after  []lint.Finding
		opened, closed []string
	}{
		{"same", []lint.Finding{risk}, []lint.Finding{risk}, nil, nil},
		{"moved down", []lint.Finding{risk}, []lint.Finding{moved}, nil, nil},
		{"fixed and added", []lint.Finding{risk, fixed}, []lint.Finding{moved, added}, []string{"policy.md:7"}, []string{"policy.md:3"}},
		{"a second identical one", []lint.Finding{risk}, []lint.Finding{risk, moved}, []string{"systems/credit.yaml:14"}, nil},
		{"suppressed", []lint.Finding{}, []lint.Finding{suppressed}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, after := result(tc.before...), result(tc.after...)
			opened, closed := Compare(before, after)
			where := func(fs []lint.Finding) []string {
				var out []string
				for _, f := range fs {
					out = append(out, f.Range.File+":"+strconv.Itoa(f.Range.Start.Line))
				}
				return out
			}
			if got := where(opened); !slices.Equal(got, tc.opened) {
				t.Errorf("opened %v, want %v", got, tc.opened)
			}
			if got := where(closed); !slices.Equal(got, tc.closed) {
				t.Errorf("closed %v, want %v", got, tc.closed)
			}
			for _, r := range []*lint.Result{before, after} {
				if r.Baseline != nil {
					t.Errorf("Compare set a result's Baseline")
				}
				for _, f := range r.Findings {
					if f.Baseline != "" {
						t.Errorf("Compare marked %s:%d %q", f.Range.File, f.Range.Start.Line, f.Baseline)
					}
				}
			}
		})
	}
}
