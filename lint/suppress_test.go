package lint

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aimsdev/aims/artifact"
)

func suppressionRules() []*Rule {
	noop := func(*Pass) error { return nil }
	return []*Rule{
		{ID: RuleSuppressionExpired, Severity: Warning, Controls: []string{"7.5.3"}, Check: noop},
		{ID: RuleSuppressionUnused, Severity: Warning, Controls: []string{"7.5.3"}, Check: noop},
		{ID: "AIMS3004", Severity: Error, Controls: []string{"6.1.4"}, Check: func(p *Pass) error {
			for _, d := range p.Documents {
				p.Report(d.Locate("id"), "every document fires")
			}
			return nil
		}},
		{ID: "AIMS4001", Severity: Error, Controls: []string{"4.3"}, Check: func(p *Pass) error {
			p.Report(artifact.Range{}, "repository-level")
			return nil
		}},
		{ID: "AIMS4002", Severity: Error, Controls: []string{"A.2.2"}, Check: noop},
	}
}

func doc(id, suppressions string) string {
	return fmt.Sprintf("kind: nosuch\nid: %s\n%s", id, suppressions)
}

func TestSuppressions(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml":        {Data: []byte(doc("A", "suppressions:\n  - rule: AIMS3004\n    reason: accepted by the risk owner\n    expires: 2027-01-01\n"))},
		"b.yaml":        {Data: []byte(doc("B", "suppressions:\n  - rule: AIMS3004\n    reason: was accepted\n    expires: 2026-06-30\n"))},
		"c.yaml":        {Data: []byte(doc("C", "suppressions:\n  - rule: AIMS4002\n    reason: nothing to hide\n"))},
		"legacy/d.yaml": {Data: []byte(doc("D", ""))},
		"e.yaml":        {Data: []byte(doc("E", ""))},
		"f.yaml":        {Data: []byte(doc("F", "suppressions:\n  - rule: AIMS1007\n    reason: quiet\n  - rule: AIMS9999\n    reason: typo\n"))},
	}
	cfg := &Config{FS: fsys, AsOf: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC), Suppressions: []ConfigSuppression{
		{Rule: "AIMS3004", Path: "legacy/*.yaml", Reason: "legacy systems", Source: artifact.Range{Start: artifact.Position{Line: 3, Col: 5}}},
		{Rule: "AIMS3004", ID: "E", Reason: "by id"},
		{Rule: "AIMS4001", Path: ".", Reason: "repository-wide"},
		{Rule: "AIMS3004", Path: "nomatch/**", Reason: "matches nothing"},
	}}
	res, err := Run(context.Background(), cfg, suppressionRules())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		s := fmt.Sprintf("%s %s %s", f.Range, f.RuleID, f.Severity)
		if f.Suppressed != nil {
			s += " suppressed(" + f.Suppressed.Reason + ")"
		} else {
			s += " " + f.Message
		}
		got = append(got, s)
	}
	want := []string{
		"a.yaml:2:5 AIMS3004 error suppressed(accepted by the risk owner)",
		"b.yaml:2:5 AIMS3004 error every document fires",
		"c.yaml:2:5 AIMS3004 error every document fires",
		"e.yaml:2:5 AIMS3004 error suppressed(by id)",
		"f.yaml:2:5 AIMS3004 error every document fires",
		"legacy/d.yaml:2:5 AIMS3004 error suppressed(legacy systems)",
		". AIMS4001 error suppressed(repository-wide)",
		".aims.yaml AIMS1007 warning the suppression of AIMS3004 matches no finding: remove it",
		"b.yaml:4:5 AIMS1006 warning the suppression of AIMS3004 expired on 2026-06-30: fix what it hid, or renew it with a new date and a reason",
		"c.yaml:4:5 AIMS1007 warning the suppression of AIMS4002 matches no finding: remove it",
		"f.yaml:4:5 AIMS1007 warning findings about suppressions cannot be suppressed: remove the suppression of AIMS1007",
		"f.yaml:6:5 AIMS1007 warning the suppression names AIMS9999, which is not a rule: check the id with `aims rules`",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\n\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !res.Failed() {
		t.Error("unsuppressed errors remain: the run fails")
	}
}

func TestSuppressionOfDisabledRule(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": {Data: []byte(doc("A", "suppressions:\n  - rule: AIMS3004\n    reason: accepted\n"))}}
	res, err := Run(context.Background(), &Config{FS: fsys, Rules: []string{"all", "-AIMS3004", "-AIMS4001"}}, suppressionRules())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 {
		t.Errorf("a suppression of a rule switched off is left alone: %+v", res.Findings)
	}
}

func TestSuppressionAllClean(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": {Data: []byte(doc("A", "suppressions:\n  - rule: AIMS3004\n    reason: accepted\n"))}}
	res, err := Run(context.Background(), &Config{FS: fsys, Rules: []string{"all", "-AIMS4001"}}, suppressionRules())
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() || len(res.Findings) != 1 || res.Findings[0].Suppressed == nil {
		t.Errorf("want one suppressed finding and a passing run: %+v", res.Findings)
	}
}
