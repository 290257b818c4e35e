package rules

import (
	"fmt"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/lint"
)

// This file holds what the history rules (AIMS60xx) share: the commits of an
// artifact as they stood at the as-of date, earlier versions read from git,
// and how commits are named in messages.

// A timeline is the history of one artifact at the as-of date.
type timeline struct {
	// changes are the commits that changed the file up to the end of the
	// as-of day, newest first; never empty.
	changes []gitrepo.Change
}

// last returns the commit that last changed the file by the as-of date.
func (tl timeline) last() gitrepo.Change { return tl.changes[0] }

// timelineOf returns the history of d at p.AsOf. Commits after the as-of
// day did not exist at that point in time. ok is false when there is nothing
// to judge: git does not know the file, or its content now is not the content
// the history held at the as-of date: a commit after the as-of date changed
// it (or none before did), or it has uncommitted changes, so the dates it
// states were not in the history at that point. The changes are then all up
// to the as-of date.
func timelineOf(p *lint.Pass, h *gitrepo.History, d *artifact.Document) (timeline, bool) {
	ph, ok := h.Path(d.Path)
	if !ok || !ph.Last().When.Before(endOfDay(p.AsOf)) || !committed(h, d) {
		return timeline{}, false
	}
	return timeline{changes: ph.Changes}, true
}

// committed reports whether the file of d is as its last commit left it:
// no staged, unstaged or new content (History.Uncommitted).
func committed(h *gitrepo.History, d *artifact.Document) bool {
	return !h.Uncommitted[d.Path]
}

// endOfDay returns the start of the day after t's (UTC) day: commits before
// it were made on or before that day.
func endOfDay(t time.Time) time.Time { return day(t).AddDate(0, 0, 1) }

// day returns the UTC midnight of t's day.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// laterThanCommit reports whether date is later than the day of c by more
// than one day: a commit's day is taken in UTC, and one day covers the time
// zones in which it was still the day before, or already the next.
func laterThanCommit(date time.Time, c gitrepo.Commit) bool {
	return date.After(day(c.When).AddDate(0, 0, 1))
}

// commitLaterThan reports whether c was made more than one day after date
// (see laterThanCommit).
func commitLaterThan(c gitrepo.Commit, date time.Time) bool {
	return day(c.When).After(date.AddDate(0, 0, 1))
}

// describeCommit names a commit in a message: `1a2b3c4 of 2026-05-04 by Dana Ops`.
func describeCommit(c gitrepo.Commit) string {
	who := c.Author
	if who == "" {
		who = c.Email
	}
	return fmt.Sprintf("%s of %s by %s", shortHash(c.Hash), c.When.UTC().Format(time.DateOnly), who)
}

// shortHash returns the first seven hex digits of a commit hash, as git does.
func shortHash(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

// lastChange returns the newest commit of tl that changed d as changed says,
// comparing the versions before and after it; nil when there is none. It
// walks the commits newest first while recent holds for them, and stops at
// the commit that added the file (what a record says when it is written is
// no change of it) and at a version that cannot be read as an artifact.
//
// changed is given both versions, and whether they are the same blob (a
// commit that changed only the file's mode).
func (tl timeline) lastChange(vs *versions, d *artifact.Document, recent func(gitrepo.Commit) bool, changed func(before, after *version, sameBlob bool) bool) (*gitrepo.Change, error) {
	for _, c := range tl.changes {
		if c.Before == "" || !recent(c.Commit) {
			return nil, nil
		}
		before, after, ok, err := vs.pair(d, c)
		if err != nil || !ok {
			return nil, err
		}
		if changed(before, after, c.Before == c.Blob) {
			return &c, nil
		}
	}
	return nil, nil
}

// reviewRecordFields are the fields that record the document's review and
// state rather than its content: changing them alone changes nothing that
// was approved.
var reviewRecordFields = []string{"status", "last_reviewed", "next_review", "suppressions"}

// sameContent reports whether two parsed versions of an artifact say the
// same, apart from the fields in ignore, YAML formatting and comments, and
// the spacing of the Markdown body (reflowing a paragraph changes nothing).
// It compares them as the history rules do (version.sameContent).
func sameContent(a, b *artifact.Document, ignore []string) bool {
	return summarize(a).sameContent(summarize(b), ignore, a == b)
}
