package gitrepo

import (
	"bytes"
	"container/heap"
	"context"
	"crypto/sha1"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/aimsdev/aims/internal/regularfile"
)

// A changeSet is what --changed or --base found.
type changeSet struct {
	// paths are the changed paths below the lint root, relative to it;
	// deleted files included.
	paths map[string]bool
	// against says what was compared: "against HEAD", "since the merge
	// base abc1234 of origin/main".
	against string
	// from is the commit the changed files are compared with: HEAD, or the
	// merge base with --base; the zero hash when there is no commit yet.
	from plumbing.Hash
}

// gitChanges finds the files below prefix (the lint root's slash path in
// the work tree at root) that changed: staged and unstaged changes against
// HEAD, untracked files that are not ignored (files holds discovery's
// candidates, which leave ignored files out), and, with base, what changed
// between the merge base of base and HEAD and HEAD.
//
// It reads git's plumbing rather than calling Worktree.Status: the index
// entries' recorded size and modification time say which files may have
// changed, and only those are hashed; HEAD's tree is read once, and not at
// all when the index's cached tree says it matches the index. Once ctx is
// done it stops and returns ctx.Err().
func gitChanges(ctx context.Context, root, prefix, base string, files []string) (*changeSet, error) {
	repo, err := git.PlainOpenWithOptions(root, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if err != nil {
		return nil, err
	}
	cs := &changeSet{paths: map[string]bool{}, against: "against HEAD"}
	below := func(name string) (string, bool) {
		if prefix == "" {
			return name, true
		}
		rel, ok := strings.CutPrefix(name, prefix+"/")
		return rel, ok
	}
	add := func(name string) {
		if rel, ok := below(name); ok {
			cs.paths[rel] = true
		}
	}

	var baseCommit *object.Commit
	if base != "" {
		h, err := repo.ResolveRevision(plumbing.Revision(base))
		if err == nil {
			baseCommit, err = repo.CommitObject(*h)
		}
		if err != nil {
			return nil, &ConfigError{Msg: unresolvedBase(repo, base)}
		}
	}

	idx, err := repo.Storer.Index()
	if err != nil {
		return nil, fmt.Errorf("read the index: %w", err)
	}
	tracked := make(map[string]*index.Entry, len(idx.Entries))
	var entries []*index.Entry // stage 0, below the lint root
	for _, e := range idx.Entries {
		if _, ok := below(e.Name); !ok {
			continue
		}
		tracked[e.Name] = e
		// Stage 0 is a merged entry; 1 to 3 are the sides of an unresolved
		// conflict. (go-git's index.Merged constant is 1, not the 0 its
		// decoder sets.)
		if e.Stage != 0 {
			add(e.Name)
			continue
		}
		entries = append(entries, e)
	}
	// Untracked files: discovery's candidates that the index lacks. Files in
	// a submodule's folder are the submodule's, not untracked.
	var gitlinks []string
	for name, e := range tracked {
		if e.Mode == filemode.Submodule {
			gitlinks = append(gitlinks, name+"/")
		}
	}
	for _, name := range files {
		if prefix != "" {
			name = prefix + "/" + name
		}
		if tracked[name] == nil && !slices.ContainsFunc(gitlinks, func(g string) bool { return strings.HasPrefix(name, g) }) {
			add(name)
		}
	}

	headCommit, err := readHead(repo)
	if err != nil {
		return nil, err
	}
	if headCommit == nil {
		// No commits yet: everything tracked is new.
		for _, e := range entries {
			add(e.Name)
		}
		cs.against = "in a repository with no commits yet"
		return cs, nil
	}
	cs.from = headCommit.Hash

	// Staged changes: the index against HEAD's tree.
	if !indexMatches(idx, headCommit.TreeHash) {
		headFiles := map[string]object.TreeEntry{}
		if h := subtree(headCommit, prefix); !h.IsZero() {
			if err := treeFiles(repo.Storer, h, prefix, headFiles); err != nil {
				return nil, fmt.Errorf("read HEAD's tree: %w", err)
			}
		}
		for _, e := range entries {
			he, ok := headFiles[e.Name]
			if !ok || he.Hash != e.Hash || normalMode(he.Mode) != normalMode(e.Mode) || e.IntentToAdd {
				add(e.Name)
			}
			delete(headFiles, e.Name)
		}
		for name := range headFiles {
			if tracked[name] == nil {
				add(name) // deleted from the index
			}
		}
	}

	// Unstaged changes: the work tree against the index.
	opts := worktreeOptions(repo)
	var suspects []*index.Entry
	for _, e := range entries {
		if rel, _ := below(e.Name); e.SkipWorktree || e.Mode == filemode.Submodule || cs.paths[rel] {
			continue
		}
		switch statEntry(root, e, idx, opts) {
		case statChanged:
			add(e.Name)
		case statUnsure:
			suspects = append(suspects, e)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, changed := range hashEntries(ctx, root, suspects, opts) {
		if changed {
			add(suspects[i].Name)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err // the hashing stopped part way
	}

	if baseCommit != nil {
		mb, err := mergeBase(ctx, repo, headCommit, baseCommit)
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		if shallow(repo) && (err != nil || mb == nil) {
			return nil, &ConfigError{Msg: fmt.Sprintf("--base %s: the history is shallow, so the merge base with HEAD cannot be found: fetch the full history (git fetch --unshallow); in GitHub Actions, check out with fetch-depth: 0", base)}
		}
		if err != nil {
			return nil, fmt.Errorf("find the merge base of %s and HEAD: %w", base, err)
		}
		if mb == nil {
			return nil, &ConfigError{Msg: fmt.Sprintf("--base %s: it has no common ancestor with HEAD: name the branch the changes will be merged into", base)}
		}
		if err := diffTrees(repo.Storer, subtree(mb, prefix), subtree(headCommit, prefix), prefix, add); err != nil {
			return nil, fmt.Errorf("compare %s with HEAD: %w", base, err)
		}
		cs.against = fmt.Sprintf("since the merge base %s of %s", mb.Hash.String()[:7], base)
		cs.from = mb.Hash
	}
	return cs, nil
}

// Changes is what Repo.Changes found.
type Changes struct {
	// Paths are the changed files below the lint root, slash paths relative
	// to it, deleted ones included.
	Paths map[string]bool
	// Against says what was compared: "against HEAD", "since the merge base
	// abc1234 of origin/main".
	Against string
	// From is the full hash of the commit the files are compared with (HEAD,
	// or the merge base with base), or "" when there is no commit yet.
	From string
}

// Changes is Changed that also says which commit the files were compared
// with, so that a caller can read their committed versions (Resolve).
func (r *Repo) Changes(ctx context.Context, base string, files []string) (*Changes, error) {
	cs, err := gitChanges(ctx, r.root, r.prefix, base, files)
	if err != nil {
		return nil, err
	}
	out := &Changes{Paths: cs.paths, Against: cs.against}
	if !cs.from.IsZero() {
		out.From = cs.from.String()
	}
	return out, nil
}

// mergeBase returns the best common ancestor of a and b, or nil when they
// have none, as `git merge-base` does: it walks both histories newest first,
// marking each commit with the sides it is reached from, and stops once
// every commit still queued lies below a common ancestor. Commits at the
// edge of a shallow clone have no parents. It stands in for
// object.Commit.MergeBase, which reads the whole history of the newer
// commit first: 0.2 s for 8,000 commits, where this reads the commits since
// the branches parted. Once ctx is done it stops and returns ctx.Err().
func mergeBase(ctx context.Context, repo *git.Repository, a, b *object.Commit) (*object.Commit, error) {
	if a.Hash == b.Hash {
		return a, nil
	}
	edge := map[plumbing.Hash]bool{}
	if hs, err := repo.Storer.Shallow(); err == nil {
		for _, h := range hs {
			edge[h] = true
		}
	}
	const (
		fromA = 1 << iota
		fromB
		stale  // below a common ancestor
		result // recorded as a common ancestor
	)
	flags := map[plumbing.Hash]uint8{a.Hash: fromA, b.Hash: fromB}
	q := &commitQueue{}
	q.push(a)
	q.push(b)
	var found []*object.Commit
	for q.live(func(h plumbing.Hash) bool { return flags[h]&stale == 0 }) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c := q.pop()
		f := flags[c.Hash] & (fromA | fromB | stale)
		if f == fromA|fromB {
			if flags[c.Hash]&result == 0 {
				flags[c.Hash] |= result
				found = append(found, c)
			}
			f |= stale
		}
		if edge[c.Hash] {
			continue
		}
		for _, ph := range c.ParentHashes {
			if flags[ph]&f == f {
				continue
			}
			p, err := repo.CommitObject(ph)
			if err != nil {
				return nil, err
			}
			flags[ph] |= f
			q.push(p)
		}
	}
	var bases []*object.Commit
	for _, c := range found {
		if flags[c.Hash]&stale == 0 { // not below another common ancestor
			bases = append(bases, c)
		}
	}
	if len(bases) > 1 {
		var err error
		if bases, err = object.Independents(bases); err != nil {
			return nil, err
		}
	}
	if len(bases) == 0 {
		return nil, nil
	}
	return bases[0], nil
}

// A commitQueue hands out commits newest first (by committer date), and in
// the order they came for equal dates.
type commitQueue struct {
	items []queued
	seq   int
}

type queued struct {
	c   *object.Commit
	seq int
}

func (q *commitQueue) Len() int { return len(q.items) }
func (q *commitQueue) Less(i, j int) bool {
	ti, tj := q.items[i].c.Committer.When, q.items[j].c.Committer.When
	if !ti.Equal(tj) {
		return ti.After(tj)
	}
	return q.items[i].seq < q.items[j].seq
}
func (q *commitQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *commitQueue) Push(x any)    { q.items = append(q.items, x.(queued)) }
func (q *commitQueue) Pop() any {
	last := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return last
}

func (q *commitQueue) push(c *object.Commit) {
	q.seq++
	heap.Push(q, queued{c: c, seq: q.seq})
}

func (q *commitQueue) pop() *object.Commit { return heap.Pop(q).(queued).c }

// live reports whether any queued commit is still live.
func (q *commitQueue) live(live func(plumbing.Hash) bool) bool {
	for _, it := range q.items {
		if live(it.c.Hash) {
			return true
		}
	}
	return false
}

// unresolvedBase explains a --base that names nothing in the repository.
func unresolvedBase(repo *git.Repository, base string) string {
	fetch := "git fetch"
	if remote, branch, ok := strings.Cut(base, "/"); ok {
		if _, err := repo.Remote(remote); err == nil {
			fetch = "git fetch " + remote + " " + branch
		}
	}
	return fmt.Sprintf("--base %s: no branch, tag or commit of that name in this repository: fetch it first (%s); in GitHub Actions, check out with fetch-depth: 0", base, fetch)
}

// shallow reports whether the repository is a shallow clone.
func shallow(repo *git.Repository) bool {
	hs, err := repo.Storer.Shallow()
	return err == nil && len(hs) > 0
}

// indexMatches reports whether the index's cached tree (git's TREE
// extension) is valid at the root and records tree, so that nothing is
// staged. go-git drops invalidated cache entries, so only the root entry,
// whose path is empty, can be trusted.
func indexMatches(idx *index.Index, tree plumbing.Hash) bool {
	if idx.Cache == nil || len(idx.Cache.Entries) == 0 {
		return false
	}
	root := idx.Cache.Entries[0]
	return root.Path == "" && root.Hash == tree
}

// subtree returns the hash of the tree at dir in c, or the zero hash when
// there is none.
func subtree(c *object.Commit, dir string) plumbing.Hash {
	if dir == "" {
		return c.TreeHash
	}
	t, err := c.Tree()
	if err != nil {
		return plumbing.ZeroHash
	}
	e, err := t.FindEntry(dir)
	if err != nil || e.Mode != filemode.Dir {
		return plumbing.ZeroHash
	}
	return e.Hash
}

// treeFiles adds the files of the tree h, found at dir, to out by path.
func treeFiles(s storer.EncodedObjectStorer, h plumbing.Hash, dir string, out map[string]object.TreeEntry) error {
	t, err := object.GetTree(s, h)
	if err != nil {
		return err
	}
	for _, e := range t.Entries {
		p := e.Name
		if dir != "" {
			p = dir + "/" + e.Name
		}
		if e.Mode == filemode.Dir {
			if err := treeFiles(s, e.Hash, p, out); err != nil {
				return err
			}
			continue
		}
		out[p] = e
	}
	return nil
}

// diffTrees calls add for every file path that differs between the trees a
// and b (the zero hash is an empty tree), both found at dir. Subtrees with
// equal hashes are skipped without being read.
func diffTrees(s storer.EncodedObjectStorer, a, b plumbing.Hash, dir string, add func(string)) error {
	if a == b {
		return nil
	}
	ea, err := treeEntries(s, a)
	if err != nil {
		return err
	}
	eb, err := treeEntries(s, b)
	if err != nil {
		return err
	}
	visit := func(name string) error {
		x, xok := ea[name]
		y, yok := eb[name]
		if xok && yok && x.Hash == y.Hash && x.Mode == y.Mode {
			return nil
		}
		p := name
		if dir != "" {
			p = dir + "/" + name
		}
		xdir, ydir := xok && x.Mode == filemode.Dir, yok && y.Mode == filemode.Dir
		if xdir || ydir {
			var ha, hb plumbing.Hash
			if xdir {
				ha = x.Hash
			}
			if ydir {
				hb = y.Hash
			}
			if err := diffTrees(s, ha, hb, p, add); err != nil {
				return err
			}
		}
		if (xok && !xdir) || (yok && !ydir) {
			add(p)
		}
		return nil
	}
	for name := range ea {
		if err := visit(name); err != nil {
			return err
		}
	}
	for name := range eb {
		if _, ok := ea[name]; !ok {
			if err := visit(name); err != nil {
				return err
			}
		}
	}
	return nil
}

// treeEntries reads the tree h into a map by name; the zero hash is empty.
func treeEntries(s storer.EncodedObjectStorer, h plumbing.Hash) (map[string]object.TreeEntry, error) {
	if h.IsZero() {
		return nil, nil
	}
	t, err := object.GetTree(s, h)
	if err != nil {
		return nil, err
	}
	m := make(map[string]object.TreeEntry, len(t.Entries))
	for _, e := range t.Entries {
		m[e.Name] = e
	}
	return m, nil
}

// normalMode folds the old group-writable file mode into the regular one,
// as git does when it compares.
func normalMode(m filemode.FileMode) filemode.FileMode {
	if m == filemode.Deprecated {
		return filemode.Regular
	}
	return m
}

// worktreeOpts are the settings that decide how a work tree file is
// compared with its index entry.
type worktreeOpts struct {
	fileMode bool // core.filemode: the executable bit counts
	autoCRLF bool // core.autocrlf true or input: CRLF is stored as LF
}

// worktreeOptions reads core.filemode and core.autocrlf from the repository's
// and the user's configuration.
func worktreeOptions(repo *git.Repository) worktreeOpts {
	o := worktreeOpts{fileMode: true}
	c, err := repo.ConfigScoped(config.GlobalScope)
	if err != nil {
		return o
	}
	core := c.Raw.Section("core")
	if v := strings.ToLower(core.Option("filemode")); v == "false" || v == "no" || v == "off" || v == "0" {
		o.fileMode = false
	}
	switch strings.ToLower(core.Option("autocrlf")) {
	case "true", "yes", "on", "1", "input":
		o.autoCRLF = true
	}
	return o
}

// A statResult says what a work tree file's metadata tells about it.
type statResult int

const (
	statSame    statResult = iota // size and time as recorded: unchanged
	statChanged                   // gone, or another type or mode: changed
	statUnsure                    // the content must be hashed to tell
)

// statEntry compares the file of e in the work tree with what the index
// recorded for it, as git does: a file whose size and modification time are
// as recorded is unchanged, unless it was modified in the same second as the
// index was written ("racily clean"), when only its content can tell.
func statEntry(root string, e *index.Entry, idx *index.Index, o worktreeOpts) statResult {
	fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(e.Name)))
	if err != nil {
		return statChanged
	}
	switch mode := normalMode(e.Mode); {
	case fi.Mode()&fs.ModeSymlink != 0:
		if mode != filemode.Symlink {
			return statChanged
		}
	case fi.Mode().IsRegular():
		if mode != filemode.Regular && mode != filemode.Executable {
			return statChanged
		}
		if o.fileMode && (fi.Mode()&0o111 != 0) != (mode == filemode.Executable) {
			return statChanged
		}
	default:
		return statChanged
	}
	if uint32(fi.Size()) != e.Size {
		return statUnsure
	}
	mt := fi.ModTime()
	if mt.Unix() != e.ModifiedAt.Unix() || (e.ModifiedAt.Nanosecond() != 0 && mt.Nanosecond() != e.ModifiedAt.Nanosecond()) {
		return statUnsure
	}
	if idx.ModTime.IsZero() || e.ModifiedAt.Unix() >= idx.ModTime.Unix() {
		return statUnsure // racily clean
	}
	return statSame
}

// hashEntries hashes the work tree files of entries as git blobs, in
// parallel, and reports which differ from their index entries. It stops
// hashing once ctx is done (the caller then checks ctx).
func hashEntries(ctx context.Context, root string, entries []*index.Entry, o worktreeOpts) []bool {
	changed := make([]bool, len(entries))
	workers := min(runtime.GOMAXPROCS(0), (len(entries)+31)/32)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(entries) && ctx.Err() == nil; i += workers {
				changed[i] = !sameContent(root, entries[i], o)
			}
		}()
	}
	wg.Wait()
	return changed
}

// sameContent reports whether the work tree file of e hashes, as a git blob,
// to the entry's hash.
func sameContent(root string, e *index.Entry, o worktreeOpts) bool {
	name := filepath.Join(root, filepath.FromSlash(e.Name))
	var data []byte
	var err error
	if e.Mode == filemode.Symlink {
		var target string
		target, err = os.Readlink(name)
		data = []byte(filepath.ToSlash(target))
	} else {
		data, err = regularfile.Read(name)
	}
	if err != nil {
		return false
	}
	if blobHash(data) == e.Hash {
		return true
	}
	if o.autoCRLF && e.Mode != filemode.Symlink && bytes.Contains(data, []byte("\r\n")) {
		return blobHash(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))) == e.Hash
	}
	return false
}

// blobHash is the object id git gives data stored as a blob: the SHA-1 of
// "blob <length>\x00" followed by data.
func blobHash(data []byte) plumbing.Hash {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(data)) + "\x00"))
	h.Write(data)
	var out plumbing.Hash
	h.Sum(out[:0])
	return out
}
