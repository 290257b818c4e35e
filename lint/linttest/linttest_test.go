package linttest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aimsdev/aims/lint"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.errors = append(r.errors, "fatal: "+fmt.Sprintf(format, args...))
}
func (r *recorder) Fatal(args ...any) { r.errors = append(r.errors, "fatal: "+fmt.Sprint(args...)) }

func rules() []*lint.Rule {
	unknown := &lint.Rule{ID: lint.RuleUnknown, Severity: lint.Error, Check: func(p *lint.Pass) error {
		for _, d := range p.Documents {
			for _, pr := range d.Problems {
				if pr.RuleID == lint.RuleUnknown {
					p.Report(pr.Range, pr.Message)
				}
			}
		}
		return nil
	}}
	repo := &lint.Rule{ID: "AIMS9001", Severity: lint.Error, Check: func(p *lint.Pass) error {
		p.Report(lint.Range{}, "repository-level finding")
		return nil
	}}
	return []*lint.Rule{unknown, repo}
}

func TestRun(t *testing.T) {
	all := rules()
	tests := []struct {
		name string
		rule *lint.Rule
		dir  string
		want []string // substrings of the recorded errors, in order; none means success
	}{
		{"line expectation met", all[0], "testdata/ok", nil},
		{"repository expectation met", all[1], "testdata/ok", nil},
		{"wrong line", all[0], "testdata/bad", []string{"unexpected finding a.yaml:1:7", "a.yaml:2: no AIMS1003 finding"}},
		{"unexpected repository finding", all[1], "testdata/bad", []string{"unexpected finding .: repository-level finding"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			Run(r, all, tt.rule, tt.dir)
			if len(r.errors) != len(tt.want) {
				t.Fatalf("errors = %q, want %d", r.errors, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(r.errors[i], w) {
					t.Errorf("error %d = %q, want it to contain %q", i, r.errors[i], w)
				}
			}
		})
	}
}
