package report

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/gittest"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
)

// procedure returns a procedure document with a status, and a step that
// may hold a placeholder (AIMS7001 flags it unless the status is draft).
func procedure(id, title, status, step string) string {
	return "---\nid: " + id + "\nkind: procedure\ntitle: " + title + "\nstatus: " + status +
		"\nowner: ai-governance-lead\ncontrols: [A.6.2.6]\n---\n# " + title +
		"\n\n## Purpose\n\nKeep changes to AI systems under control.\n\n## Steps\n\n1. " + step + "\n"
}

// reviewed returns an approved procedure reviewed on a cycle, whose next
// review falls on next.
func reviewed(id, title, next string) string {
	return "---\nid: " + id + "\nkind: procedure\ntitle: " + title +
		"\nstatus: approved\nowner: ai-governance-lead\napproved_by: top-management\napproved_on: 2026-01-15\nreview_cycle: 12mo\nnext_review: " + next +
		"\ncontrols: [A.6.2.6]\n---\n# " + title + "\n\n## Purpose\n\nWhy.\n\n## Steps\n\n1. Do it.\n"
}

// digestRun lints dir at the last commit by asOf, judged then, with the
// rules the digest test looks at: the coverage (for the compliance rate),
// overdue reviews and placeholders.
func digestLint(t *testing.T, dir string, asOf time.Time) *lint.Result {
	t.Helper()
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.AsOf, cfg.AsOfCommit = asOf, true
	cfg.Rules = []string{"AIMS4001", "AIMS5001", "AIMS7001"}
	cfg.References = rules.DefaultCatalogue().LintReferences()
	res, err := lint.Run(context.Background(), cfg, rules.All)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestDigestHistory builds a history with a procedure approved (and its
// placeholder gone), a new procedure that brings a placeholder, and a
// review due next month, and compares the digest with its golden file.
func TestDigestHistory(t *testing.T) {
	repo := gittest.New(t, map[string]string{
		"procedures/change.md":  procedure("PROC-1", "Change management", "in-review", "TBD: the approval step."),
		"procedures/release.md": reviewed("PROC-2", "Release *checks*", "2026-07-15"),
		"procedures/retire.md":  reviewed("PROC-3", "Retirement", "2026-09-01"),
	})
	repo.CommitAt("first", time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC))
	repo.Write(map[string]string{
		"procedures/change.md":   procedure("PROC-1", "Change management", "approved", "Approve the change."),
		"procedures/incident.md": procedure("PROC-4", "Incident response", "in-review", "XXX: who is called."),
	})
	repo.CommitAt("second", time.Date(2026, 6, 10, 10, 0, 0, 0, time.UTC))

	since := digestLint(t, repo.Dir, time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC))
	now := digestLint(t, repo.Dir, time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC))
	opts := Options{Digest: &Digest{Since: since, ReviewDue: func(d *artifact.Document) (time.Time, bool) { return rules.ReviewDue(d, nil) }}}
	var b bytes.Buffer
	if err := DigestMarkdown(&b, now, opts); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	wantSays(t, got,
		"**Documents approved (1):**\n\n- Change management (`procedures/change.md`)\n",
		"**Findings closed (",
		"`procedures/change.md:",
		"**Findings opened (",
		"`procedures/incident.md:",
		"**Reviews due in July 2026 (1):**\n\n- 2026-07-15 Release \\*checks\\* (`procedures/release.md`)\n",
	)
	if strings.Contains(got, "retire.md") {
		t.Errorf("the digest lists a review due in September as due in July:\n%s", got)
	}
	if n := strings.Count(got, "\n"); n > 40 {
		t.Errorf("the digest has %d lines, want at most 40:\n%s", n, got)
	}
	// The commits' hashes depend on the temporary folder's time stamps
	// only through the commit dates, which are fixed, so the bytes are stable.
	checkGolden(t, "digest_history", []byte(got))
}

// wantSays checks that the digest got says every one of wants.
func wantSays(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("the digest does not say %q:\n%s", want, got)
		}
	}
}

// TestDigestLists checks the lists of a digest built from results made by
// hand: the cap of five items with "and N more", Markdown in titles and
// messages escaped, and the error without an earlier result.
func TestDigestLists(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	then := &lint.Result{AsOf: day("2026-05-31")}
	now := &lint.Result{AsOf: day("2026-06-20"), Organization: "Acme <b>|"}
	for i := range 7 {
		id := string(rune('A' + i))
		now.Artifacts = append(now.Artifacts, lint.Artifact{Path: "p/" + id + ".md", ID: "D-" + id, Title: "Doc *" + id + "* [x](y)", Status: "approved"})
		now.Findings = append(now.Findings, lint.Finding{RuleID: "AIMS7001", Severity: lint.Error, Message: "bad _" + id + "_ | `code`", Range: artifact.Range{File: "p/" + id + ".md", Start: artifact.Position{Line: 3}}})
	}
	var b bytes.Buffer
	if err := DigestMarkdown(&b, now, Options{Digest: &Digest{Since: then}}); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	wantSays(t, got,
		"## Acme \\<b\\>\\|: AIMS digest, 2026-05-31 to 2026-06-20",
		"**Documents approved (7):**",
		"- Doc \\*A\\* \\[x\\](y) (`p/A.md`)",
		"- and 2 more\n",
		"**Findings opened (7):**",
		"- error `p/A.md:3`: bad \\_A\\_ \\| `code` (AIMS7001)",
		"**Findings closed:** none.",
		"**Reviews due in July 2026:** none.",
	)
	if strings.Contains(got, "Doc \\*F\\*") {
		t.Errorf("the digest lists a sixth document:\n%s", got)
	}
	if err := DigestMarkdown(&b, now, Options{}); err == nil || !strings.Contains(err.Error(), "--since") {
		t.Errorf("without an earlier result: error %v, want one that names --since", err)
	}
}

// TestDigestMessage checks what the digest keeps of a message: what is
// wrong, not what to do, a ": " inside a code span kept, and a long one cut
// at a space.
func TestDigestMessage(t *testing.T) {
	long := strings.Repeat("word ", 40)
	for _, tc := range []struct{ msg, want string }{
		{"the report records no conclusion: write in `conclusion` whether it conforms", "the report records no conclusion"},
		{"`a: b` is not a role: name one of the roles", "`a: b` is not a role"},
		{"no fix here", "no fix here"},
		{long, strings.TrimSpace(strings.Repeat("word ", 31)) + "…"},
	} {
		if got := digestMessage(tc.msg); got != tc.want {
			t.Errorf("digestMessage(%q) = %q, want %q", tc.msg, got, tc.want)
		}
	}
}
