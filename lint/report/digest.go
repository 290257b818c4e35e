package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/baseline"
	"github.com/aimsdev/aims/plan"
)

// digestListLimit is how many items each list of the digest shows; the rest
// are one "and N more" line, so that the digest stays short enough for an
// email or a chat post (at most about 40 lines).
const digestListLimit = 5

// A Digest is what the digest format compares the result with.
type Digest struct {
	// Since is the lint of the commit current at the end of the since date,
	// judged at that date (its AsOf).
	Since *lint.Result
	// ReviewCycles are the default review cycles per kind from .aims.yaml,
	// for the compliance rate's plan.
	ReviewCycles map[string]string
	// ReviewDue returns the date a document's next review falls due, as the
	// review rules judge it (rules.ReviewDue); nil lists no reviews.
	ReviewDue func(d *artifact.Document) (time.Time, bool)
}

// DigestMarkdown writes the digest: a short Markdown summary of what changed
// between Options.Digest.Since and r, for a newsletter, an email or a chat
// post. It gives the compliance rate now and then (plan.Build's Dashboard),
// the documents approved since (approved now, not approved then, matched by
// id or else path), the findings closed and opened (matched as a baseline
// matches them, baseline.Compare), and the documents whose review falls due
// in the calendar month after r's as-of date. Each list shows at most five
// items and then "and N more". Text from documents is escaped as the
// markdown format escapes it.
func DigestMarkdown(w io.Writer, r *lint.Result, o Options) error {
	if o.Digest == nil || o.Digest.Since == nil {
		return errors.New("the digest compares with an earlier lint: give --since DATE (aims lint --format digest --since 2026-06-01)")
	}
	then := o.Digest.Since
	var b bytes.Buffer
	title := "AIMS digest"
	if r.Organization != "" {
		title = markdownText(r.Organization) + ": " + title
	}
	fmt.Fprintf(&b, "## %s, %s to %s\n\n", title, then.AsOf.Format(time.DateOnly), r.AsOf.Format(time.DateOnly))

	popts := plan.Options{ReviewCycles: o.Digest.ReviewCycles}
	now, before := plan.Build(r, popts).Dashboard, plan.Build(then, popts).Dashboard
	fmt.Fprintf(&b, "**Compliance rate %s** (%d of %d applicable clauses and controls evidenced), %s on %s.\n",
		percent(now.ComplianceRate), now.Evidenced, now.Applicable, rateChange(now.ComplianceRate, before.ComplianceRate), then.AsOf.Format(time.DateOnly))
	fmt.Fprintf(&b, "Open findings: %s (%s then).\n", openCounts(r), openCounts(then))

	var approved []string
	for _, a := range approvedSince(then, r) {
		approved = append(approved, digestArtifact(a))
	}
	digestList(&b, "Documents approved", approved)

	opened, closed := baseline.Compare(then, r)
	digestList(&b, "Findings closed", digestFindings(closed))
	digestList(&b, "Findings opened", digestFindings(opened))

	first := time.Date(r.AsOf.Year(), r.AsOf.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	digestList(&b, "Reviews due in "+first.Format("January 2006"), reviewsDue(r, o.Digest.ReviewDue, first))

	fmt.Fprintf(&b, "\n_Compared: %s with %s._\n", digestRun(then), digestRun(r))
	_, err := w.Write(b.Bytes())
	return err
}

// percent formats a rate of 0..1 as a whole percentage.
func percent(rate float64) string {
	return fmt.Sprintf("%d%%", int(math.Round(rate*100)))
}

// rateChange says how the rate moved: "up 12 points from 30%", "unchanged
// from 30%", "down 5 points from 35%".
func rateChange(now, then float64) string {
	d := int(math.Round(now*100)) - int(math.Round(then*100))
	switch {
	case d > 0:
		return fmt.Sprintf("up %s from %s", plural(d, "point", "points"), percent(then))
	case d < 0:
		return fmt.Sprintf("down %s from %s", plural(-d, "point", "points"), percent(then))
	}
	return "unchanged from " + percent(then)
}

// openCounts returns "2 errors, 3 warnings" for r's open findings, or
// "none".
func openCounts(r *lint.Result) string {
	s := severityCounts(map[lint.Severity]int{lint.Error: r.Count(lint.Error), lint.Warning: r.Count(lint.Warning), lint.Note: r.Count(lint.Note)})
	if s == "" {
		return "none"
	}
	return s
}

// approvedSince returns the artifacts of now that are approved and were not
// in then: absent, or of another status. An artifact is found in then by its
// id, or by its path when it has none.
func approvedSince(then, now *lint.Result) []lint.Artifact {
	was := map[string]string{}
	for _, a := range then.Artifacts {
		was[artifactKey(a)] = a.Status
	}
	var out []lint.Artifact
	for _, a := range now.Artifacts {
		if a.Status == "approved" && was[artifactKey(a)] != "approved" {
			out = append(out, a)
		}
	}
	return out
}

// artifactKey identifies an artifact across two runs: its id, else its path.
func artifactKey(a lint.Artifact) string {
	if a.ID != "" {
		return "id\x00" + a.ID
	}
	return "path\x00" + a.Path
}

// digestArtifact returns an artifact's list item: its title (else its id)
// and its path.
func digestArtifact(a lint.Artifact) string {
	name := a.Title
	if name == "" {
		name = a.ID
	}
	if name == "" {
		return markdownCode(a.Path)
	}
	return markdownText(name) + " (" + markdownCode(a.Path) + ")"
}

// digestFindings returns the list items of findings: severity, where, the
// message and the rule.
func digestFindings(fs []lint.Finding) []string {
	var out []string
	for i := range fs {
		f := &fs[i]
		where := "repository"
		if f.Range.File != "" {
			where = f.Range.File
			if f.Range.Start.Line > 0 {
				where += fmt.Sprintf(":%d", f.Range.Start.Line)
			}
		}
		out = append(out, fmt.Sprintf("%s %s: %s (%s)", f.Severity, markdownCode(where), markdownMessage(digestMessage(f.Message)), f.RuleID))
	}
	return out
}

// digestMessageLimit is how many characters of a finding's message the
// digest shows at most.
const digestMessageLimit = 160

// digestMessage returns what a digest shows of a finding's message: what is
// wrong, without what to do about it (the text after the first ": " outside
// a code span, as aims's messages say it), cut at a space before
// digestMessageLimit characters with "…".
func digestMessage(msg string) string {
	inCode := false
	for i := 0; i < len(msg); i++ {
		switch {
		case msg[i] == '`':
			inCode = !inCode
		case !inCode && strings.HasPrefix(msg[i:], ": ") && i > 0:
			msg = msg[:i]
			i = len(msg)
		}
	}
	if r := []rune(msg); len(r) > digestMessageLimit {
		cut := string(r[:digestMessageLimit-1])
		if i := strings.LastIndexByte(cut, ' '); i > 0 {
			cut = cut[:i]
		}
		msg = strings.TrimRight(cut, " ,;:") + "…"
	}
	return msg
}

// reviewsDue returns the list items of the documents of r whose review falls
// due in the month that starts on first, by date then path.
func reviewsDue(r *lint.Result, due func(*artifact.Document) (time.Time, bool), first time.Time) []string {
	if due == nil {
		return nil
	}
	titles := map[string]lint.Artifact{}
	for _, a := range r.Artifacts {
		titles[a.Path] = a
	}
	type item struct {
		date time.Time
		text string
	}
	var items []item
	end := first.AddDate(0, 1, 0)
	for _, d := range r.Documents {
		t, ok := due(d)
		if !ok || t.Before(first) || !t.Before(end) {
			continue
		}
		a, ok := titles[d.Path]
		if !ok {
			a = lint.Artifact{Path: d.Path}
		}
		items = append(items, item{t, t.Format(time.DateOnly) + " " + digestArtifact(a)})
	}
	// Documents are in path order; a stable sort by date keeps it within a day.
	slices.SortStableFunc(items, func(x, y item) int { return x.date.Compare(y.date) })
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.text
	}
	return out
}

// digestList writes a heading with the number of items and at most
// digestListLimit of them, then "and N more"; a list without items is one
// line saying so.
func digestList(b *bytes.Buffer, heading string, items []string) {
	if len(items) == 0 {
		fmt.Fprintf(b, "\n**%s:** none.\n", heading)
		return
	}
	fmt.Fprintf(b, "\n**%s (%d):**\n\n", heading, len(items))
	for i, it := range items {
		if i == digestListLimit {
			fmt.Fprintf(b, "- and %d more\n", len(items)-i)
			break
		}
		fmt.Fprintf(b, "- %s\n", it)
	}
}

// digestRun names a run: its commit and date, or its as-of date alone.
func digestRun(r *lint.Result) string {
	if r.Revision == "" {
		return "the working tree as of " + r.AsOf.Format(time.DateOnly)
	}
	s := "commit " + markdownCode(shortHash(r.Revision))
	if !r.RevisionTime.IsZero() {
		s += " (" + r.RevisionTime.UTC().Format(time.DateOnly) + ")"
	}
	return s + " as of " + r.AsOf.Format(time.DateOnly)
}
