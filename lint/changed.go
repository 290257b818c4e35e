package lint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
)

// A change is what --changed or --base compared.
type change struct {
	// paths are the changed files below the lint root, deleted ones
	// included, and the evaluations whose results file changed, which
	// stand for it.
	paths map[string]bool
	// from names the commit the files are compared with (HEAD, or the
	// merge base), for reading their committed versions; "" when none.
	from string
}

// onlyFiles returns the files whose findings a run keeps, as slash paths
// relative to the lint root, or nil to keep every file's findings; and, for
// --changed and --base, a notification saying what was compared and the
// change itself (nil otherwise). cfg.Files and the changed files both limit
// the run when both are given.
func onlyFiles(ctx context.Context, cfg *Config, t *tree, files []artifact.File) (map[string]bool, string, *change, error) {
	var only map[string]bool
	if len(cfg.Files) > 0 {
		only = map[string]bool{}
		for _, f := range cfg.Files {
			only[path.Clean(f)] = true
		}
	}
	if under := path.Clean(cfg.Under); cfg.Under != "" && under != "." {
		if only == nil {
			only = map[string]bool{}
		}
		for _, f := range files {
			if strings.HasPrefix(f.Path, under+"/") {
				only[f.Path] = true
			}
		}
	}
	if !cfg.Changed && cfg.Base == "" {
		return only, "", nil, nil
	}
	flag := "--changed"
	if cfg.Base != "" {
		flag = "--base"
	}
	if !t.git {
		where := cfg.Dir
		if cfg.FS != nil || where == "" {
			where = "the linted folder"
		}
		return nil, "", nil, &ConfigError{Msg: fmt.Sprintf("%s needs a git repository: %s is not in one; lint it without %s", flag, where, flag)}
	}
	ch := &change{}
	var against string
	var err error
	if cfg.Base == "" {
		ch.paths, against, err = t.workingChanges(ctx, files)
		ch.from = "HEAD"
	} else {
		var cs *gitrepo.Changes
		if cs, err = t.repo.Changes(ctx, cfg.Base, filePaths(files)); err == nil {
			ch.paths, against, ch.from = cs.Paths, cs.Against, cs.From
		}
	}
	if cerr := ctx.Err(); cerr != nil {
		return nil, "", nil, cerr
	}
	if err != nil {
		var cfgErr *gitrepo.ConfigError
		if errors.As(err, &cfgErr) {
			return nil, "", nil, fromGit(err)
		}
		return nil, "", nil, fmt.Errorf("find the changed files: %w", err)
	}
	changed := map[string]bool{}
	n := 0
	results := map[string]bool{} // changed files that may be results files
	for p := range ch.paths {
		if only == nil || only[p] {
			changed[p] = true
		}
		// Count what aims reads: a changed image is no artifact. Below
		// a subfolder (Under), count the changes in it.
		if cfg.FileTypes().Candidate(p) {
			if cfg.Under == "" || only[p] {
				n++
			}
		} else if resultsExt(p) {
			results[p] = true
		}
	}
	if len(results) > 0 {
		// A changed results file stands for the evaluations that name it:
		// they are judged as changed files, and their findings kept.
		owners, named, err := resultOwners(ctx, t, files, cfg, results)
		if err != nil {
			return nil, "", nil, err
		}
		if len(owners) > 0 {
			// A copy: the working tree's changes are shared with the
			// history, whose uncommitted files they are.
			ch.paths = maps.Clone(ch.paths)
		}
		for _, o := range owners {
			ch.paths[o] = true
			if only == nil || only[o] {
				changed[o] = true
			}
		}
		n += len(named) // aims reads a results file an evaluation names
	}
	count := "no files"
	switch {
	case n == 1:
		count = "1 file"
	case n > 1:
		count = strconv.Itoa(n) + " files"
	}
	return changed, "changed files only: " + count + " changed " + against, ch, nil
}

// A partial is the part of the repository a --changed or --base run loads
// when the change cannot alter the repository-wide rules.
type partial struct {
	// files are those to read, parse and validate: the changed files, the
	// documents they reference, those that reference them, the governance
	// documents.
	files []artifact.File
	// stubs stand for every other artifact in the index: path, kind and
	// id, as a line scan found them, and no data.
	stubs []*artifact.Document
	// listed are the stubs as the result lists them, with their title and
	// status from the line scan.
	listed []Artifact
	// linked are the changed files and the documents linked to them (they
	// reference them, or are referenced): the paths whose git history the
	// run reads. The governance documents are not among them unless linked.
	linked map[string]bool
	// skipped are the selected rules that are not run, in list order.
	skipped []*Rule
}

// fewKind is the most artifacts a kind may have for all of them to be loaded
// by every partial run: the scope, roles, statement of applicability,
// policy, risk register, objectives are read by many rules about any
// document.
const fewKind = 3

// governanceKinds are always loaded by a partial run, however many there are.
var governanceKinds = map[string]bool{"aims-scope": true, "roles": true, "statement-of-applicability": true, "ai-policy": true}

// planPartial decides whether a --changed or --base run can lint less than
// the whole repository, and what: it returns nil and the reason when every
// file must be linted (the configuration, a custom kind's schema or a rule
// file of the custom rules changed, an artifact was added or
// deleted, or one's kind, status, id or controls changed, which can alter
// the coverage and the other repository-wide rules).
func planPartial(ctx context.Context, cfg *Config, t *tree, files []artifact.File, ch *change, selected []*Rule) (*partial, string, error) {
	if ch.paths[ConfigFile] {
		return nil, "the configuration changed", nil
	}
	for _, ck := range cfg.CustomKinds {
		if ck.Schema != "" && ch.paths[path.Clean(ck.Schema)] {
			return nil, "a custom kind's schema changed", nil
		}
	}
	for p := range ch.paths {
		if cfg.policyFile(p) {
			return nil, "a rule file changed", nil
		}
	}
	var old fs.FS
	if ch.from != "" {
		rev, err := t.repo.Resolve(ch.from, time.Time{})
		if err != nil {
			return nil, "the committed versions cannot be read", nil
		}
		old = rev.FS()
	}
	byPath := make(map[string]artifact.File, len(files))
	for _, f := range files {
		byPath[f.Path] = f
	}
	types := cfg.FileTypes()
	var load []artifact.File
	loading := map[string]bool{}
	addLoad := func(f artifact.File) {
		if !loading[f.Path] {
			loading[f.Path] = true
			load = append(load, f)
		}
	}
	targets := map[string]bool{} // ids the changed files define, now or before
	var oddTargets []string      // those a token scan cannot find
	var refs []string            // tokens of the changed files, which may name ids
	for _, p := range sortedKeys(ch.paths) {
		if err := ctx.Err(); err != nil {
			return nil, "", err
		}
		if !types.Candidate(p) || !included(p, cfg) {
			continue
		}
		var now, before *artifact.Document
		var src []byte
		if f, ok := byPath[p]; ok {
			addLoad(f)
			if f.Problem != nil || f.Size > cfg.MaxFileSize {
				return nil, "a changed file cannot be parsed", nil
			}
			data, err := artifact.ReadFile(t.fsys, p)
			if err != nil {
				return nil, "a changed file cannot be read", nil
			}
			src = data
			now = cfg.ParseDocument(p, data)
		}
		if old != nil {
			if data, err := artifact.ReadFile(old, p); err == nil {
				if int64(len(data)) > cfg.MaxFileSize {
					return nil, "a changed file's committed version cannot be parsed", nil
				}
				before = cfg.ParseDocument(p, data)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return nil, "a changed file's committed version cannot be read", nil
			}
		}
		if why := alters(now, before, cfg); why != "" {
			return nil, why, nil
		}
		for _, d := range []*artifact.Document{now, before} {
			for _, id := range definedIDs(d) {
				if idToken(id) {
					targets[id] = true
				} else {
					oddTargets = append(oddTargets, id)
				}
			}
		}
		refs = append(refs, tokens(src)...)
		for _, d := range []*artifact.Document{now, before} {
			refs = append(refs, evaluationLinks(t, cfg, d, targets)...)
		}
	}

	entries, err := scanAll(ctx, t.fsys, files, cfg, loading, targets, oddTargets)
	if err != nil {
		return nil, "", err
	}
	defines := map[string][]int{} // id → entries defining it
	kinds := map[string]int{}
	for i, e := range entries {
		for _, id := range e.ids {
			defines[id] = append(defines[id], i)
		}
		if e.kind != "" {
			kinds[e.kind]++
		}
	}
	for _, tok := range refs {
		for _, i := range defines[tok] {
			entries[i].load = true
		}
	}
	pa := &partial{linked: map[string]bool{}}
	for p := range loading {
		pa.linked[p] = true // the changed files
	}
	for _, e := range entries {
		if e.load {
			pa.linked[e.file.Path] = true
		}
		if types.Extra(e.file.Path) && !e.parse && !extraOfKind(e.file.Path, e.kind, cfg) {
			continue // a file of an extra type of no kind reading it
		}
		if e.load || e.parse || e.kind != "" && (kinds[e.kind] <= fewKind || governanceKinds[e.kind]) {
			addLoad(e.file)
			continue
		}
		if e.kind == "" {
			continue // not an artifact: nothing in the index
		}
		// A stub has no data: rules that read documents' content skip it
		// as they skip one that does not parse, and lookups by id and kind
		// find it.
		d := &artifact.Document{Path: e.file.Path, Kind: e.kind, ID: e.id, Format: artifact.FormatOf(e.file.Path)}
		pa.stubs = append(pa.stubs, d)
		pa.listed = append(pa.listed, Artifact{Path: e.file.Path, Kind: e.kind, ID: e.id, Title: e.title, Status: e.status})
	}
	sort.Slice(load, func(i, j int) bool { return load[i].Path < load[j].Path })
	pa.files = load
	for _, r := range selected {
		if r.Scope == ScopeRepository {
			pa.skipped = append(pa.skipped, r)
		}
	}
	return pa, "", nil
}

// alters says why a change from before to now (either nil when the file
// holds no artifact) can alter the repository-wide rules, or "": what it
// evidences counts, its custom kind's evidence_field included.
func alters(now, before *artifact.Document, cfg *Config) string {
	switch {
	case now == nil && before == nil:
		return ""
	case before == nil:
		return "an artifact was added"
	case now == nil:
		return "an artifact was deleted"
	case (now.Data == nil) != (before.Data == nil):
		return "an artifact no longer parses, or parses again"
	case now.Kind != before.Kind || now.ID != before.ID || now.Status() != before.Status() ||
		!reflect.DeepEqual(valuesOf(now.Data, "controls"), valuesOf(before.Data, "controls")):
		return "the change alters an artifact's kind, status, id or controls"
	}
	if ck := cfg.CustomKind(now.Kind); ck != nil && ck.EvidenceField != "" &&
		!reflect.DeepEqual(now.Data[ck.EvidenceField], before.Data[ck.EvidenceField]) {
		return "the change alters an artifact's kind, status, id or controls"
	}
	return ""
}

// valuesOf returns the values of key at any depth of data, in a stable
// order: a document's controls and its items' (a risk's treatment).
func valuesOf(data any, key string) []any {
	var out []any
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if x, ok := v[key]; ok {
				out = append(out, x)
			}
			for _, k := range sortedKeys(v) {
				walk(v[k])
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(data)
	return out
}

// definedIDs returns the ids d defines: its own and its items' (any "id"
// value in its data, or in what a line scan salvaged when it does not
// parse).
func definedIDs(d *artifact.Document) []string {
	if d == nil {
		return nil
	}
	var out []string
	if d.ID != "" {
		out = append(out, d.ID)
	}
	if d.Data == nil {
		return append(out, d.Salvaged.Values("id")...)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if id, ok := v["id"].(string); ok && id != "" {
				out = append(out, id)
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(d.Data)
	return out
}

// tokenByte reports whether c can be part of an id (artifact and role ids
// are letters, digits and hyphens; underscores are allowed for ids that
// break the schema).
func tokenByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// idToken reports whether id is one token as tokens splits text.
func idToken(id string) bool {
	for i := 0; i < len(id); i++ {
		if !tokenByte(id[i]) {
			return false
		}
	}
	return id != ""
}

// tokens splits src into the runs of bytes ids are made of.
func tokens(src []byte) []string {
	var out []string
	seen := map[string]bool{}
	forTokens(src, func(tok []byte) bool {
		if !seen[string(tok)] {
			s := string(tok)
			seen[s] = true
			out = append(out, s)
		}
		return true
	})
	return out
}

// forTokens calls f with each run of id bytes in src until f returns false.
func forTokens(src []byte, f func([]byte) bool) {
	start := -1
	for i := 0; i <= len(src); i++ {
		if i < len(src) && tokenByte(src[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if !f(src[start:i]) {
				return
			}
			start = -1
		}
	}
}

// An entry is what the line scan of one file found.
type entry struct {
	file                    artifact.File
	kind, id, status, title string
	ids                     []string // the ids it defines: its own and its items'
	load                    bool     // it mentions an id a changed file defines
	parse                   bool     // the scan cannot tell what it holds: load it
}

// scanAll reads every included candidate file not in skip, in parallel, for
// its kind, id, status and the ids it defines (scanHead), and marks those
// that mention an id of targets (or contain one of odd). Files that cannot
// be scanned (a broken link, over the size limit, unreadable, or one the
// line scan cannot read) are marked for parsing, which reports their
// problems and finds their ids as a full run does.
func scanAll(ctx context.Context, fsys fs.FS, files []artifact.File, cfg *Config, skip, targets map[string]bool, odd []string) ([]entry, error) {
	types := cfg.FileTypes()
	var todo []artifact.File
	for _, f := range files {
		if !skip[f.Path] && types.Candidate(f.Path) && included(f.Path, cfg) {
			todo = append(todo, f)
		}
	}
	out := make([]entry, len(todo))
	if err := forEach(ctx, cfg.workers(), len(todo), func(i int) {
		out[i] = scanOne(fsys, todo[i], cfg, targets, odd)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

func scanOne(fsys fs.FS, f artifact.File, cfg *Config, targets map[string]bool, odd []string) entry {
	e := entry{file: f}
	if f.Problem != nil || f.Size > cfg.MaxFileSize {
		e.parse = true
		return e
	}
	src, err := artifact.ReadFile(fsys, f.Path)
	if err != nil || int64(len(src)) > cfg.MaxFileSize {
		e.parse = true
		return e
	}
	if rd := cfg.Reading(); rd.Maps() {
		// Kinds from a field and mappings (renamed ids and statuses,
		// ids from a field or the file name) are what the parser makes
		// of a file, not what its lines say: it is parsed. (A partial run
		// could instead load every file; parsing keeps it partial.)
		d := rd.Parse(f.Path, src)
		if d != nil && d.Data == nil {
			e.parse = true
			return e
		}
		if d != nil {
			e.kind, e.id, e.status, e.title, e.ids = d.Kind, d.ID, d.Status(), d.String("title"), definedIDs(d)
		}
	} else {
		e.kind, e.id, e.status, e.title, e.ids = scanHead(src, !yamlPath(f.Path))
		if e.kind == "" {
			e.kind = kindFor(f.Path, cfg)
		}
	}
	if e.kind == "" && (bytes.Contains(src, []byte("kind")) || bytes.IndexByte(src, 0) >= 0 || bytes.HasPrefix(src, []byte("\xef\xbb\xbf"))) {
		// It may be an artifact the line scan cannot read (a flow mapping,
		// UTF-16, a byte order mark): the parser decides.
		e.parse = true
		return e
	}
	if len(targets) > 0 {
		forTokens(src, func(tok []byte) bool {
			if targets[string(tok)] {
				e.load = true
				return false
			}
			return true
		})
	}
	for _, id := range odd {
		if !e.load && bytes.Contains(src, []byte(id)) {
			e.load = true
		}
	}
	return e
}

// scanHead reads the YAML of src (a Markdown file's frontmatter) line by
// line, without parsing it: the top-level kind, id, status and title, and every id
// the file defines (its own, and `id:` keys at any depth, as in `- id: R-1`).
// It is a best effort for the index of documents a partial run does not
// load; a file it misreads is one whose findings the partial run does not
// report.
func scanHead(src []byte, markdown bool) (kind, id, status, title string, ids []string) {
	rest := src
	first := true
	for len(rest) > 0 {
		var line []byte
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			line, rest = rest, nil
		}
		line = bytes.TrimRight(line, " \t\r")
		if markdown {
			if first {
				first = false
				if string(line) != "---" {
					return
				}
				continue
			}
			if string(line) == "---" || string(line) == "..." {
				return
			}
		}
		top := len(line) > 0 && line[0] != ' ' && line[0] != '\t' && line[0] != '-'
		l := bytes.TrimLeft(line, " \t")
		for bytes.HasPrefix(l, []byte("- ")) {
			l = bytes.TrimLeft(l[2:], " \t")
		}
		key, val, ok := bytes.Cut(l, []byte(":"))
		if !ok {
			continue
		}
		v := scalarValue(val)
		switch string(key) {
		case "kind":
			if top && kind == "" {
				kind = v
			}
		case "status":
			if top && status == "" {
				status = v
			}
		case "title":
			if top && title == "" {
				title = v
			}
		case "id":
			if v == "" {
				continue
			}
			if top && id == "" {
				id = v
			}
			ids = append(ids, v)
		}
	}
	return
}

// yamlPath reports whether p is a YAML file (else Markdown).
func yamlPath(p string) bool { return strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml") }

// scalarValue returns a plain or quoted scalar without a trailing comment.
func scalarValue(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') {
		if j := strings.IndexByte(s[1:], s[0]); j >= 0 {
			return s[1 : j+1]
		}
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// skippedNote is the notification of a partial run: which repository-wide
// rules it did not run, and why.
func skippedNote(skipped []*Rule) string {
	if len(skipped) == 0 {
		return ""
	}
	ids := make([]string, len(skipped))
	for i, r := range skipped {
		ids[i] = r.ID
	}
	return "coverage not recomputed: the change alters no artifact's kind, status, id or controls, so the rules about the repository as a whole were not run: " + strings.Join(ids, ", ")
}
