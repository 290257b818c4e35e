package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aimsdev/aims/lint"
)

// The JUnit XML wire format, as GitLab, Jenkins and Azure Pipelines read it.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Classname string        `xml:"classname,attr"`
		Name      string        `xml:"name,attr"`
		Failure   *junitFailure `xml:"failure"`
		Skipped   *junitSkipped `xml:"skipped"`
		SystemOut *junitText    `xml:"system-out"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Body    string `xml:",cdata"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr"`
	}
	junitText struct {
		Body string `xml:",cdata"`
	}
)

// JUnit writes JUnit XML for CI systems that show test reports (GitLab,
// Jenkins, Azure Pipelines): a <testsuites name="aims"> with one <testsuite>
// per rule, named by its id and title, holding one <testcase> per file the
// rule has findings in. The classname is the file's path from the repository
// root, or "(repository)" for repository-level findings, and the name is the
// rule's id and title. A rule without findings gets one passing testcase
// (classname "(repository)"), so that it shows as passed.
//
// A testcase fails exactly when the run would fail for it: its <failure>
// (type = the most serious severity) lists the findings at or above
// Result.FailOn, one per line as path:line:col: message (refs). Findings below
// the failure level do not fail a test, because the exit code and the test
// report should agree; they are listed in <system-out>, so a testcase with only
// such findings passes and still shows them. A testcase whose findings are all
// suppressed is <skipped message="suppressed: reason"/>. Suppressed findings
// share the testcase of their rule and file rather than getting one each, so
// that classname and name identify a testcase across runs; they are listed in
// <system-out> with their reason.
//
// Failure bodies and <system-out> are CDATA so that line breaks survive and the
// report stays readable; characters that XML 1.0 forbids become U+FFFD.
func JUnit(w io.Writer, r *lint.Result, o Options) error {
	type key struct{ rule, file string }
	groups := map[key][]*lint.Finding{}
	files := map[string][]string{} // rule id → files, in the result's order
	for i := range r.Findings {
		f := &r.Findings[i]
		k := key{f.RuleID, f.Range.File}
		if groups[k] == nil {
			files[f.RuleID] = append(files[f.RuleID], f.Range.File)
		}
		groups[k] = append(groups[k], f)
	}

	// Rules in list order, then any rule a finding names that did not run,
	// by id.
	var ids []string
	titles := map[string]string{}
	for _, rule := range r.Rules {
		if rule != nil && !slices.Contains(ids, rule.ID) {
			ids = append(ids, rule.ID)
			titles[rule.ID] = rule.Title
		}
	}
	var unknown []string
	for id := range files {
		if !slices.Contains(ids, id) {
			unknown = append(unknown, id)
		}
	}
	slices.Sort(unknown)
	ids = append(ids, unknown...)

	doc := junitSuites{Name: "aims"}
	for _, id := range ids {
		name := strings.TrimSpace(id + " " + titles[id])
		s := junitSuite{Name: xmlSafe(name)}
		if len(files[id]) == 0 {
			s.Cases = append(s.Cases, junitCase{Classname: repositoryLabel, Name: xmlSafe(name)})
		}
		for _, file := range files[id] {
			s.Cases = append(s.Cases, junitTestcase(r, name, file, groups[key{id, file}]))
		}
		for _, c := range s.Cases {
			s.Tests++
			if c.Failure != nil {
				s.Failures++
			}
			if c.Skipped != nil {
				s.Skipped++
			}
		}
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, s)
	}

	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	if _, err := w.Write(out); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// junitTestcase builds the testcase of one rule's findings in one file.
func junitTestcase(r *lint.Result, name, file string, fs []*lint.Finding) junitCase {
	c := junitCase{Classname: repositoryLabel, Name: xmlSafe(name)}
	if file != "" {
		c.Classname = xmlSafe(repoPath(r, file))
	}

	var failing, other []string
	var reasons []string
	worst := lint.Severity(0)
	counts := map[lint.Severity]int{}
	firstMessage := ""
	suppressedOnly := true
	for _, f := range fs {
		line := junitLine(r, f)
		switch {
		case f.Suppressed != nil:
			reason := "suppressed: " + f.Suppressed.Reason
			if !slices.Contains(reasons, reason) {
				reasons = append(reasons, reason)
			}
			other = append(other, line+" ["+reason+"]")
		case f.Baselined():
			reason := "in the baseline"
			if !slices.Contains(reasons, reason) {
				reasons = append(reasons, reason)
			}
			other = append(other, line+" ["+reason+"]")
		case f.Severity >= r.FailOn:
			suppressedOnly = false
			failing = append(failing, line)
			counts[f.Severity]++
			worst = max(worst, f.Severity)
			if firstMessage == "" {
				firstMessage = f.Message
			}
		default:
			suppressedOnly = false
			other = append(other, line)
		}
	}

	switch {
	case len(failing) > 0:
		msg := firstMessage
		if len(failing) > 1 {
			msg = severityCounts(counts)
		}
		c.Failure = &junitFailure{
			Message: xmlSafe(msg),
			Type:    worst.String(),
			Body:    xmlLines(failing),
		}
	case suppressedOnly:
		c.Skipped = &junitSkipped{Message: xmlSafe(strings.Join(reasons, "; "))}
	}
	if len(other) > 0 {
		c.SystemOut = &junitText{Body: xmlLines(other)}
	}
	return c
}

// junitLine formats one finding, with its related locations indented below
// it: path:line:col: severity: message (refs).
func junitLine(r *lint.Result, f *lint.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: %s", repoLocation(r, f.Range), f.Severity, f.Message)
	if len(f.Controls) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(f.Controls, ", "))
	}
	for _, rel := range f.Related {
		b.WriteString("\n    ")
		b.WriteString(repoLocation(r, rel.Range))
		if rel.Message != "" {
			b.WriteString(": ")
			b.WriteString(rel.Message)
		}
	}
	return b.String()
}

// xmlLines joins lines for a CDATA section, each ending in a newline. A
// carriage return becomes a newline, as an XML parser would read it anyway.
func xmlLines(lines []string) string {
	s := strings.Join(lines, "\n") + "\n"
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return xmlSafe(strings.ReplaceAll(s, "\r", "\n"))
}

// xmlSafe replaces the characters XML 1.0 cannot carry, even escaped, with
// U+FFFD. encoding/xml escapes the rest; it does not check CDATA sections.
func xmlSafe(s string) string {
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\t' || c == '\n' || c == '\r',
			c >= 0x20 && c <= 0xD7FF,
			c >= 0xE000 && c <= 0xFFFD,
			c >= 0x10000 && c <= 0x10FFFF:
			return c
		}
		return '\uFFFD'
	}, s)
}
