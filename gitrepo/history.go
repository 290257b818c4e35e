package gitrepo

import (
	"time"

	"github.com/go-git/go-git/v5/plumbing/object"
)

// A Commit is a commit as history rules and reports need it.
type Commit struct {
	Hash    string    // full hex hash
	Author  string    // author name
	Email   string    // author email
	When    time.Time // committer date: when the change entered the history
	Subject string    // first line of the message
}

// A Change is one commit that changed an artifact's content, with the blob
// before and after, so a rule can read both versions.
type Change struct {
	Commit
	Blob   string // the file's blob hash after the commit
	Before string // the blob hash before it; "" when the commit added the file
}

// A PathHistory is what git knows about one artifact path.
type PathHistory struct {
	// Changes are the commits that changed the path, newest first, following
	// git's default history simplification (what `git log -- PATH` lists).
	Changes []Change
	// RenamedFrom is the path it had before a rename, when the history pass
	// could tell; "" otherwise.
	RenamedFrom string
}

// Last returns the commit that last changed the path (git log -1 -- PATH).
func (h *PathHistory) Last() Change { return h.Changes[0] }

// First returns the commit that added the path.
func (h *PathHistory) First() Change { return h.Changes[len(h.Changes)-1] }

// History is the history of every artifact, read in one pass from the linted
// commit (HEAD for a working tree) back to the root.
type History struct {
	// Head is the commit the history was read from.
	Head Commit
	// Uncommitted lists the artifacts whose working-tree content differs from
	// Head: staged, unstaged or new (their last change is not in the history
	// yet). Empty for --rev.
	Uncommitted map[string]bool
	paths       map[string]*PathHistory // by slash path relative to the lint root
	readBlob    func(hash string) ([]byte, error)
	closeBlobs  func() error // releases what readBlob reads from; nil when nothing
}

// Path returns the history of an artifact path (relative to the lint root).
// ok is false for a path git does not know.
func (h *History) Path(p string) (ph *PathHistory, ok bool) {
	ph, ok = h.paths[p]
	return ph, ok && len(ph.Changes) > 0
}

// ReadBlob returns the content of a blob, for reading an earlier version.
// Any number of goroutines may read at once.
func (h *History) ReadBlob(hash string) ([]byte, error) { return h.readBlob(hash) }

// Close releases the repository's pack files, which the history keeps open
// (mapped into memory) for ReadBlob; ReadBlob fails after it. A history that
// is never closed releases them when it is collected.
func (h *History) Close() error {
	if h.closeBlobs == nil {
		return nil
	}
	return h.closeBlobs()
}

// commitOf converts a go-git commit.
func commitOf(c *object.Commit) Commit {
	subject, _, _ := cutLine(c.Message)
	return Commit{Hash: c.Hash.String(), Author: c.Author.Name, Email: c.Author.Email, When: c.Committer.When.UTC(), Subject: subject}
}

func cutLine(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
