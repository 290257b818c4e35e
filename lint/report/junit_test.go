package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// decodeJUnit runs JUnit on r and parses the output back.
func decodeJUnit(t *testing.T, r *lint.Result) (junitSuites, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := JUnit(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("output does not parse back: %v\n%s", err, buf.String())
	}
	return doc, buf.String()
}

func TestJUnitParses(t *testing.T) {
	doc, out := decodeJUnit(t, ciResult())
	if !strings.HasPrefix(out, xml.Header) || !strings.HasSuffix(out, "</testsuites>\n") {
		t.Error("output lacks the XML header or the final newline")
	}

	// Counts add up.
	tests, failures, skipped := 0, 0, 0
	for _, s := range doc.Suites {
		f, sk := 0, 0
		for _, c := range s.Cases {
			if c.Failure != nil {
				f++
			}
			if c.Skipped != nil {
				sk++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Skipped != sk {
			t.Errorf("suite %q: tests=%d failures=%d skipped=%d, but %d testcases, %d failed, %d skipped",
				s.Name, s.Tests, s.Failures, s.Skipped, len(s.Cases), f, sk)
		}
		tests += s.Tests
		failures += s.Failures
		skipped += s.Skipped
	}
	if doc.Name != "aims" || doc.Tests != tests || doc.Failures != failures || doc.Skipped != skipped {
		t.Errorf("testsuites name=%q tests=%d failures=%d skipped=%d, suites add up to %d, %d, %d",
			doc.Name, doc.Tests, doc.Failures, doc.Skipped, tests, failures, skipped)
	}
	// 7 rules: AIMS1001 passes; AIMS2001 fails in 2 files; AIMS2004 fails
	// once; AIMS3004 is skipped (suppressed); AIMS4001 fails at the
	// repository; AIMS4002 (warning) and AIMS5001 (note) pass with output.
	if len(doc.Suites) != 7 || doc.Tests != 8 || doc.Failures != 4 || doc.Skipped != 1 {
		t.Errorf("%d suites, tests=%d failures=%d skipped=%d, want 7, 8, 4, 1", len(doc.Suites), doc.Tests, doc.Failures, doc.Skipped)
	}

	cases := map[string]junitCase{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			cases[s.Name+" | "+c.Classname] = c
		}
	}
	check := func(key string, fn func(c junitCase) bool) {
		t.Helper()
		c, ok := cases[key]
		if !ok {
			t.Errorf("no testcase %q", key)
			return
		}
		if !fn(c) {
			t.Errorf("testcase %q: %+v", key, c)
		}
	}
	check("AIMS1001 artifact cannot be parsed | (repository)", func(c junitCase) bool {
		return c.Failure == nil && c.Skipped == nil && c.Name == "AIMS1001 artifact cannot be parsed"
	})
	check("AIMS2001 high-risk AI system has no impact assessment | governance/aims/"+specialPath, func(c junitCase) bool {
		return c.Failure != nil && c.Failure.Type == "error" &&
			c.Failure.Message == specialMessage &&
			strings.HasPrefix(c.Failure.Body, "governance/aims/"+specialPath+":3:1: error: fix 100% of")
	})
	check("AIMS3004 AI system in operation has no monitoring | governance/aims/systems/legacy.yaml", func(c junitCase) bool {
		return c.Failure == nil && c.Skipped != nil && c.Skipped.Message == "suppressed: decommissioned in Q4"
	})
	check("AIMS4001 clause or control has no evidence | (repository)", func(c junitCase) bool {
		return c.Failure != nil && strings.HasPrefix(c.Failure.Body, "(repository): error: add an artifact")
	})
	check("AIMS4002 clause or control is evidenced by drafts only | (repository)", func(c junitCase) bool {
		return c.Failure == nil && c.Skipped == nil && c.SystemOut != nil &&
			strings.Contains(c.SystemOut.Body, "(repository): warning: approve an artifact")
	})
	check("AIMS5001 next review date has passed | governance/aims/policy/ai-policy.md", func(c junitCase) bool {
		return c.Failure == nil && c.SystemOut != nil &&
			c.SystemOut.Body == "governance/aims/policy/ai-policy.md: note: review the document: next_review 2026-06-30 has passed (5.2, 7.5.3)\n"
	})
}

func TestJUnitFailOn(t *testing.T) {
	// At fail level note, the warning and the note fail too.
	r := ciResult()
	r.FailOn = lint.Note
	doc, _ := decodeJUnit(t, r)
	if doc.Failures != 6 {
		t.Errorf("failures=%d at fail level note, want 6", doc.Failures)
	}

	// Two findings of one rule in one file make one testcase; a suppressed
	// one beside them is listed, not skipped.
	r = &lint.Result{FailOn: lint.Error, Rules: []*lint.Rule{ruleParse}, Findings: []lint.Finding{
		{RuleID: "AIMS1001", Severity: lint.Error, Range: artifact.Range{File: "a.md", Start: artifact.Position{Line: 1, Col: 1}}, Message: "one"},
		{RuleID: "AIMS1001", Severity: lint.Error, Range: artifact.Range{File: "a.md", Start: artifact.Position{Line: 2, Col: 1}}, Message: "two"},
		{RuleID: "AIMS1001", Severity: lint.Error, Range: artifact.Range{File: "a.md", Start: artifact.Position{Line: 3, Col: 1}}, Message: "three",
			Suppressed: &lint.Suppression{Reason: "known"}},
		{RuleID: "AIMS9999", Severity: lint.Warning, Message: "from a rule that did not run"},
	}}
	doc, _ = decodeJUnit(t, r)
	if len(doc.Suites) != 2 || doc.Suites[1].Name != "AIMS9999" {
		t.Fatalf("suites %+v", doc.Suites)
	}
	c := doc.Suites[0].Cases
	if len(c) != 1 || c[0].Failure == nil || c[0].Skipped != nil || c[0].SystemOut == nil {
		t.Fatalf("testcases %+v", c)
	}
	if c[0].Failure.Message != "2 errors" || c[0].Failure.Body != "a.md:1:1: error: one\na.md:2:1: error: two\n" {
		t.Errorf("failure %+v", c[0].Failure)
	}
	if c[0].SystemOut.Body != "a.md:3:1: error: three [suppressed: known]\n" {
		t.Errorf("system-out %q", c[0].SystemOut.Body)
	}
}

func TestJUnitInvalidCharacters(t *testing.T) {
	r := &lint.Result{FailOn: lint.Error, Findings: []lint.Finding{
		{RuleID: "AIMS1001", Severity: lint.Error, Range: artifact.Range{File: "a\x01.md"}, Message: "bad \x00 byte \xff ]]> end"},
	}}
	doc, _ := decodeJUnit(t, r)
	c := doc.Suites[0].Cases[0]
	if c.Classname != "a\uFFFD.md" || c.Failure.Message != "bad \uFFFD byte \uFFFD ]]> end" {
		t.Errorf("classname %q, message %q", c.Classname, c.Failure.Message)
	}
}
