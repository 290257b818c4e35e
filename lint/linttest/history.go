package linttest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rogpeppe/go-internal/txtar"
)

// HistoryFile is the archive that makes a fixture folder a git history.
const HistoryFile = "history.txtar"

// Default author of history fixture commits that name none.
const (
	defaultAuthor = "Test"
	defaultEmail  = "test@example.com"
)

// commitRe matches a commit entry's name: the date, an optional [author]
// and the subject.
var commitRe = regexp.MustCompile(`^@commit\s+(\d{4}-\d{2}-\d{2})(?:\s+\[([^\]]+)\])?(?:\s+(.*))?$`)

// Dir returns the folder to lint for the fixture at dir: dir itself, or,
// when dir holds history.txtar, a git repository built from that archive in a
// temporary folder (removed when the test ends). The fixture folder then
// holds nothing else.
//
// The archive's entries are applied in order:
//
//	-- governance/policy.md --                  write the file (over an earlier version)
//	-- @rm governance/old.md --                 delete the file
//	-- @commit 2026-03-10 [Dana Ops] approve --  commit everything written so far
//
// A commit has that author and committer date at noon UTC, the author in
// brackets (default Test; "Name <email>" sets the email), the rest of the name
// as its subject and the entry's content, when not empty, as the message
// body. Files written after the last commit stay uncommitted. Expectations
// are read from the files as they are at the end.
func Dir(t testing.TB, dir string) string {
	t.Helper()
	archive := filepath.Join(dir, HistoryFile)
	if _, err := os.Stat(archive); err != nil {
		return dir
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	for _, e := range entries {
		if e.Name() != HistoryFile {
			t.Fatalf("%s: a history fixture holds only %s; put %s in the archive", dir, HistoryFile, e.Name())
		}
	}
	a, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatalf("%s: %v", archive, err)
	}
	root := t.TempDir()
	if err := buildHistory(root, a); err != nil {
		t.Fatalf("%s: %v", archive, err)
	}
	return root
}

// buildHistory makes root a git repository holding the history of a.
func buildHistory(root string, a *txtar.Archive) error {
	repo, err := git.PlainInitWithOptions(root, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.Main}})
	if err != nil {
		return err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return err
	}
	for _, f := range a.Files {
		switch {
		case strings.HasPrefix(f.Name, "@commit"):
			if err := commitEntry(wt, f); err != nil {
				return err
			}
		case strings.HasPrefix(f.Name, "@rm "):
			name, err := localPath(strings.TrimSpace(strings.TrimPrefix(f.Name, "@rm ")))
			if err != nil {
				return err
			}
			if err := os.Remove(filepath.Join(root, name)); err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
		case strings.HasPrefix(f.Name, "@"):
			return fmt.Errorf("%s: unknown entry; use @commit or @rm", f.Name)
		default:
			name, err := localPath(f.Name)
			if err != nil {
				return err
			}
			p := filepath.Join(root, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// localPath checks that a slash path from the archive stays inside the
// repository and returns it in the OS form.
func localPath(name string) (string, error) {
	p := filepath.FromSlash(name)
	if name == "" || !filepath.IsLocal(p) || strings.HasPrefix(name, ".git/") || name == ".git" {
		return "", fmt.Errorf("%q: not a file path inside the repository", name)
	}
	return p, nil
}

// commitEntry stages everything, deletions included, and commits it as the
// @commit entry f says.
func commitEntry(wt *git.Worktree, f txtar.File) error {
	m := commitRe.FindStringSubmatch(f.Name)
	if m == nil || strings.TrimSpace(m[3]) == "" {
		return fmt.Errorf("%s: write @commit YYYY-MM-DD [author] subject", f.Name)
	}
	day, err := time.Parse(time.DateOnly, m[1])
	if err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}
	name, email := defaultAuthor, defaultEmail
	if m[2] != "" {
		name, email = author(m[2])
	}
	msg := strings.TrimSpace(m[3])
	if body := strings.TrimSpace(string(f.Data)); body != "" {
		msg += "\n\n" + body
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}
	st, err := wt.Status()
	if err != nil {
		return err
	}
	for path, s := range st {
		if s.Worktree == git.Deleted {
			if _, err := wt.Remove(path); err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
		}
	}
	sig := &object.Signature{Name: name, Email: email, When: day.Add(12 * time.Hour)}
	_, err = wt.Commit(msg+"\n", &git.CommitOptions{Author: sig, Committer: sig})
	if errors.Is(err, git.ErrEmptyCommit) {
		return fmt.Errorf("%s: nothing changed since the last commit", f.Name)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}
	return nil
}

// author splits "Name <email>"; a bare name gets an example.com address.
func author(s string) (name, email string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '<'); i >= 0 && strings.HasSuffix(s, ">") {
		return strings.TrimSpace(s[:i]), s[i+1 : len(s)-1]
	}
	return s, strings.ToLower(strings.Join(strings.Fields(s), ".")) + "@example.com"
}
