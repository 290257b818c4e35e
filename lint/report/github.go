package report

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// githubAnnotationLimit is how many annotations of each kind (error, warning,
// notice) GitHub shows for one step; it drops the rest silently.
const githubAnnotationLimit = 10

// GitHub writes GitHub Actions workflow commands, one annotation per
// unsuppressed finding:
//
//	::error file=aims/systems/credit.yaml,line=4,col=13,endLine=4,endColumn=17,title=AIMS2001 high-risk AI system has no impact assessment::add an approved impact assessment for "SYS-CREDIT" (6.1.4, A.5.2)
//
// Warnings become ::warning and notes ::notice. File paths are relative to the
// repository root (Result.Prefix joined with the finding's file), because
// GitHub attaches annotations to repository paths; a repository-level finding
// has no file and GitHub shows it on the run. Related locations follow the
// message on lines of their own.
//
// GitHub shows only 10 annotations of each kind per step, so errors come
// first, then warnings, then notices, each in the result's order; the run's
// notifications (::notice title=aims::…) come before the notes, so that a
// skipped check is never hidden by notes. A plain summary line, not a
// command, ends the output. Suppressed findings, and those in the baseline,
// are counted, not annotated.
func GitHub(w io.Writer, r *lint.Result, o Options) error {
	var b bytes.Buffer
	titles := ruleTitles(r)
	ordered := unsuppressedBySeverity(r)

	notified := false
	for _, f := range ordered {
		if f.Severity < lint.Warning && !notified {
			githubNotifications(&b, r.Notifications)
			notified = true
		}
		githubFinding(&b, r, f, titles[f.RuleID])
	}
	if !notified {
		githubNotifications(&b, r.Notifications)
	}

	suppressed := suppressedCount(r)
	fmt.Fprintf(&b, "aims: %s, %s, %s in %s",
		plural(r.Count(lint.Error), "error", "errors"),
		plural(r.Count(lint.Warning), "warning", "warnings"),
		plural(r.Count(lint.Note), "note", "notes"),
		plural(len(r.Artifacts), "artifact", "artifacts"))
	if suppressed > 0 {
		fmt.Fprintf(&b, " (%d suppressed)", suppressed)
	}
	b.WriteString("\n")
	if line := baselineLine(r); line != "" {
		b.WriteString("aims: " + line + "\n")
	}
	if r.Count(lint.Error) > githubAnnotationLimit || r.Count(lint.Warning) > githubAnnotationLimit ||
		r.Count(lint.Note)+len(r.Notifications) > githubAnnotationLimit {
		fmt.Fprintf(&b, "aims: GitHub annotates at most %d errors, %d warnings and %d notices per step; the log above lists every finding\n",
			githubAnnotationLimit, githubAnnotationLimit, githubAnnotationLimit)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// githubFinding writes one finding as a workflow command.
func githubFinding(b *bytes.Buffer, r *lint.Result, f *lint.Finding, title string) {
	cmd := "notice"
	switch f.Severity {
	case lint.Error:
		cmd = "error"
	case lint.Warning:
		cmd = "warning"
	}

	var props []string
	if f.Range.File != "" {
		start, end := f.Range.Start, f.Range.End
		props = append(props, "file="+githubProperty(repoPath(r, f.Range.File)))
		if start.Line > 0 {
			props = append(props, "line="+strconv.Itoa(start.Line))
			// GitHub honours columns only on a single line.
			oneLine := end.Line == 0 || end.Line == start.Line
			if start.Col > 0 && oneLine {
				props = append(props, "col="+strconv.Itoa(start.Col))
			}
			if end.Line > 0 {
				props = append(props, "endLine="+strconv.Itoa(end.Line))
			}
			// A Range ends after its last character; GitHub's endColumn is
			// the last character itself (it defaults to col).
			if start.Col > 0 && end.Col > start.Col && end.Line == start.Line {
				props = append(props, "endColumn="+strconv.Itoa(end.Col-1))
			}
		}
	}
	if t := strings.TrimSpace(f.RuleID + " " + title); t != "" {
		props = append(props, "title="+githubProperty(t))
	}

	msg := f.Message
	if len(f.Controls) > 0 {
		msg += " (" + strings.Join(f.Controls, ", ") + ")"
	}
	for _, rel := range f.Related {
		msg += "\n" + repoLocation(r, rel.Range)
		if rel.Message != "" {
			msg += ": " + rel.Message
		}
	}

	b.WriteString("::")
	b.WriteString(cmd)
	if len(props) > 0 {
		b.WriteString(" ")
		b.WriteString(strings.Join(props, ","))
	}
	b.WriteString("::")
	b.WriteString(githubData(msg))
	b.WriteString("\n")
}

// githubNotifications writes each notification as a notice titled "aims".
func githubNotifications(b *bytes.Buffer, ns []string) {
	for _, n := range ns {
		fmt.Fprintf(b, "::notice title=aims::%s\n", githubData(n))
	}
}

// githubData escapes a workflow command's message as actions/toolkit's
// escapeData does, so that it stays on one line, and writes every other
// control, bidi or invisible character as Printable does, so that the log
// shows it instead of acting on it.
func githubData(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == '%':
			b.WriteString("%25")
		case c == '\r':
			b.WriteString("%0D")
		case c == '\n':
			b.WriteString("%0A")
		case hidden(c, n):
			b.WriteString(Printable(s[i : i+n]))
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// githubProperty escapes a workflow command's property value as
// actions/toolkit's escapeProperty does: also ':' and ','.
func githubProperty(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '%':
			b.WriteString("%25")
		case '\r':
			b.WriteString("%0D")
		case '\n':
			b.WriteString("%0A")
		case ':':
			b.WriteString("%3A")
		case ',':
			b.WriteString("%2C")
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// The helpers below are shared by the CI formats (github, markdown, junit).

// repoPath returns a finding's file relative to the repository root, where
// CI systems look for it: below r.Prefix when the linted folder is not the
// root of its work tree.
func repoPath(r *lint.Result, file string) string {
	prefix := strings.Trim(r.Prefix, "/")
	if prefix == "" || prefix == "." || file == "" {
		return file
	}
	return prefix + "/" + file
}

// repositoryLabel stands for the location of a repository-level finding.
const repositoryLabel = "(repository)"

// repoLocation formats a range as path:line:col with a repository-relative
// path, or repositoryLabel for a repository-level range.
func repoLocation(r *lint.Result, rg artifact.Range) string {
	if rg.File == "" {
		return repositoryLabel
	}
	rg.File = repoPath(r, rg.File)
	return rg.String()
}

// ruleTitles maps the id of every rule that ran to its title.
func ruleTitles(r *lint.Result) map[string]string {
	titles := map[string]string{}
	for _, rule := range r.Rules {
		if rule != nil {
			titles[rule.ID] = rule.Title
		}
	}
	return titles
}

// unsuppressedBySeverity returns the findings neither suppressed nor in the
// baseline, errors first,
// then warnings, then notes, each in the result's order. It only groups the
// engine's order for outputs that show the first few findings.
func unsuppressedBySeverity(r *lint.Result) []*lint.Finding {
	var out []*lint.Finding
	for i := range r.Findings {
		if !notListed(&r.Findings[i]) {
			out = append(out, &r.Findings[i])
		}
	}
	slices.SortStableFunc(out, func(a, b *lint.Finding) int {
		return cmp.Compare(b.Severity, a.Severity)
	})
	return out
}
