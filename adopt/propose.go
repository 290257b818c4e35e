package adopt

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/aimsdev/aims/internal/suggest"
	"github.com/aimsdev/aims/schema"
	"github.com/aimsdev/aims/starter"
)

// Options shape a proposal.
type Options struct {
	// Exists reports whether a file already exists at the slash path,
	// relative to the repository root: a schema is never proposed over one,
	// but under a free name. Nil means none exists.
	Exists func(rel string) bool
}

// A Proposal is the configuration Propose writes for a repository.
type Proposal struct {
	// Config is the proposed .aims.yaml, with a comment on each choice.
	Config []byte
	// Schemas are the inferred JSON Schemas of the custom kinds, by slash
	// path relative to the repository root (schemas/KIND.schema.json).
	Schemas map[string][]byte
	// Kinds are the kinds proposed, in the order of the configuration.
	Kinds []Kind
}

// A Kind is one kind of the proposal and the files it gives.
type Kind struct {
	Name    string
	Builtin bool
	Files   []string
	// Why says in a few words why the kind was chosen.
	Why string
}

// A unit is a set of files that get their kind the same way: one kinds
// entry of the configuration.
type unit struct {
	glob  string
	field string            // the field whose value says the kind; "" for one kind
	kinds map[string]string // field value -> kind, with field
	kind  string            // the kind, without field
	files []*File
	why   string
}

// A kindPlan is what the proposal says about one kind.
type kindPlan struct {
	name      string
	builtin   bool
	why       string
	files     []*File
	exts      []string // template file types of its files
	renames   [][2]string
	renameWhy map[string]string
	values    map[string][][2]string // aims field -> their value, aims value
	valueWhy  map[string]string
	unplaced  map[string][]string // aims field -> values not placed
	refValues []string            // the values of its references
	refRules  [][2]string
	id        idPlan
	ids       map[*File]string
	// custom kinds
	requires    []string
	idPattern   string
	evidenceKey string      // its field listing what each file evidences, when not controls
	references  [][2]string // field -> kind
	schemaPath  string
	schema      []byte
}

// An idPlan says where a kind's ids come from.
type idPlan struct {
	field    string // a field's value; "" with fileName or when files have ids
	fileName bool
	template string
	upper    bool
	why      string
}

// Propose proposes a configuration for the files of r.
func Propose(r *Repo, o Options) *Proposal {
	exists := o.Exists
	if exists == nil {
		exists = func(string) bool { return false }
	}
	units := groupFiles(r.Files)
	plans := map[string]*kindPlan{}
	var order []string
	for _, u := range units {
		for _, f := range u.files {
			k, why := u.kind, u.why
			if u.field != "" {
				v := fieldString(f.Data[u.field])
				k, why = u.kinds[v], fmt.Sprintf("the files of %s whose `%s` is %s", u.glob, u.field, v)
			}
			p := plans[k]
			if p == nil {
				p = &kindPlan{name: k, builtin: isBuiltin(k), why: why}
				plans[k] = p
				order = append(order, k)
			}
			p.files = append(p.files, f)
			if f.Template() && !slices.Contains(p.exts, f.Ext) {
				p.exts = append(p.exts, f.Ext)
			}
		}
	}
	var refs []string
	for _, k := range order {
		plans[k].plan()
		refs = append(refs, plans[k].refValues...)
	}
	// One notation for the repository: every kind with references gets the
	// rewrites of all the notations seen, so that their mappings agree.
	rules := refRules(refs)
	for _, k := range order {
		if plans[k].refValues != nil {
			plans[k].refRules = rules
		}
	}
	ids := map[string]string{} // id -> kind, for references between kinds
	for _, k := range order {
		for _, id := range plans[k].ids {
			ids[id] = k
		}
	}
	taken := map[string]bool{}
	for _, k := range order {
		p := plans[k]
		if p.builtin {
			continue
		}
		p.findReferences(ids)
		p.schemaPath = freeName(path.Join("schemas", k+".schema.json"), exists, taken)
		p.schema = inferSchema(p)
	}
	out := &Proposal{Schemas: map[string][]byte{}}
	for _, k := range order {
		p := plans[k]
		kf := make([]string, len(p.files))
		for i, f := range p.files {
			kf[i] = f.Path
		}
		out.Kinds = append(out.Kinds, Kind{Name: k, Builtin: p.builtin, Files: kf, Why: p.why})
		if !p.builtin {
			out.Schemas[p.schemaPath] = p.schema
		}
	}
	out.Config = render(r, units, order, plans)
	return out
}

// freeName returns name, or name with .proposed, -2, -3… before .schema.json
// when a file or another proposal holds it.
func freeName(name string, exists func(string) bool, taken map[string]bool) string {
	base := strings.TrimSuffix(name, ".schema.json")
	for i := 1; ; i++ {
		cand := name
		switch {
		case i == 2:
			cand = base + ".proposed.schema.json"
		case i > 2:
			cand = base + ".proposed-" + strconv.Itoa(i-1) + ".schema.json"
		}
		if !exists(cand) && !taken[cand] {
			taken[cand] = true
			return cand
		}
	}
}

// isBuiltin reports whether kind is a built-in kind.
func isBuiltin(kind string) bool { return slices.Contains(schema.Kinds(), kind) }

// groupFiles groups the files by folder and file type, and within a folder
// by the field that says their kind, or sets apart a file whose name and
// title clearly say a built-in kind.
func groupFiles(files []*File) []*unit {
	type key struct{ dir, ext string }
	byDir := map[key][]*File{}
	usedKinds := map[string]bool{}
	var units []*unit
	var keys []key
	for _, f := range files {
		k := key{path.Dir(f.Path), f.Ext}
		if byDir[k] == nil {
			keys = append(keys, k)
		}
		byDir[k] = append(byDir[k], f)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].dir != keys[j].dir {
			return keys[i].dir < keys[j].dir
		}
		return keys[i].ext < keys[j].ext
	})
	// Files that declare a kind of their own are of that kind: it needs no
	// glob, only a custom kind.
	declared := map[string][]*File{}
	var declaredKinds []string
	for _, f := range files {
		if k := fieldString(f.Data["kind"]); k != "" {
			if declared[k] == nil {
				declaredKinds = append(declaredKinds, k)
			}
			declared[k] = append(declared[k], f)
			usedKinds[k] = true
		}
	}
	for _, k := range declaredKinds {
		units = append(units, &unit{kind: k, files: declared[k], why: "its files declare it"})
	}
	for _, k := range keys {
		fs := slices.DeleteFunc(slices.Clone(byDir[k]), func(f *File) bool { return fieldString(f.Data["kind"]) != "" })
		if len(fs) == 0 {
			continue
		}
		glob := "*" + escapeGlob(k.ext)
		if k.dir != "." {
			glob = escapeGlob(k.dir) + "/*" + escapeGlob(k.ext)
		}
		if field, values := kindField(fs); field != "" {
			u := &unit{glob: glob, field: field, kinds: map[string]string{}, files: fs,
				why: fmt.Sprintf("the `%s` field of the %s says what each is", field, count(len(fs), "file", "files"))}
			for _, v := range values {
				u.kinds[v] = kindName(v, usedKinds, true)
			}
			units = append(units, u)
			continue
		}
		var rest []*File
		for _, f := range fs {
			if kind, why := fileKind(f); kind != "" {
				units = append(units, &unit{glob: escapeGlob(f.Path), kind: kind, files: []*File{f}, why: why})
				continue
			}
			rest = append(rest, f)
		}
		if len(rest) == 0 {
			continue
		}
		kind, why := folderKind(k.dir, rest, usedKinds)
		units = append(units, &unit{glob: glob, kind: kind, files: rest, why: why})
	}
	return units
}

// kindField returns the field whose value says the kind of each of files,
// and its values: a field named like layout or type, in every file, with at
// least two values that can name a kind.
func kindField(files []*File) (string, []string) {
	for _, name := range kindFields {
		var values []string
		ok := true
		for _, f := range files {
			v, has := lookup(f, name)
			s := fieldString(v)
			if !has || s == "" || len(s) > 40 || slug(s) == "" {
				ok = false
				break
			}
			if !slices.Contains(values, s) {
				values = append(values, s)
			}
		}
		if ok && len(values) >= 2 {
			sort.Strings(values)
			return keyFor(files[0], name), values
		}
	}
	return "", nil
}

// lookup returns the value of the field whose normalised name is norm.
func lookup(f *File, norm string) (any, bool) {
	for _, k := range f.Keys {
		if normKey(k) == norm {
			return f.Data[k], true
		}
	}
	return nil, false
}

// keyFor returns the key of f whose normalised name is norm.
func keyFor(f *File, norm string) string {
	for _, k := range f.Keys {
		if normKey(k) == norm {
			return k
		}
	}
	return norm
}

// fileKind returns the built-in kind a single file's name and title clearly
// say (the AI policy among other policies), or "".
func fileKind(f *File) (string, string) {
	name := words(strings.TrimSuffix(path.Base(f.Path), f.Ext))
	title := words(fieldString(titleOf(f)))
	aiPolicy := func(ws []string) bool { return slices.Contains(ws, "ai") && slices.Contains(ws, "policy") }
	if f.Markdown && (aiPolicy(name) || aiPolicy(title)) {
		return "ai-policy", "its name or title says it is the AI policy"
	}
	if f.Markdown && hasSeq(name, []string{"scope"}) && fits("aims-scope", []*File{f}) {
		return "aims-scope", "its name says it is the scope of the AIMS"
	}
	return "", ""
}

// titleOf returns the title of f under any of its names.
func titleOf(f *File) any {
	for _, n := range []string{"title", "name", "summary", "subject"} {
		if v, ok := lookup(f, n); ok {
			return v
		}
	}
	return nil
}

// folderKind returns the kind of the files of a folder: the built-in kind its
// words name when the files hold the fields the kind needs, else a custom
// kind named after the folder.
func folderKind(dir string, files []*File, used map[string]bool) (string, string) {
	segs := strings.Split(dir, "/")
	md := files[0].Markdown
	for i := len(segs) - 1; i >= 0; i-- {
		ws := words(segs[i])
		for _, kw := range builtinWords {
			if (md && !kw.markdown) || (!md && !kw.yaml) {
				continue
			}
			for _, seq := range kw.words {
				if !hasSeq(ws, seq) {
					continue
				}
				if fits(kw.kind, files) {
					return kw.kind, fmt.Sprintf("the folder %s names it, and its files hold the fields it needs", dir)
				}
				name := kindName(segs[i], used, false)
				return name, fmt.Sprintf("the folder %s suggests the built-in kind %s, but its files lack %s: a custom kind until they have them",
					dir, kw.kind, strings.Join(missingFields(kw.kind, files), ", "))
			}
		}
	}
	base := segs[len(segs)-1]
	if genericFolders[base] {
		base = "document"
		if len(segs) > 1 && !genericFolders[segs[len(segs)-2]] {
			base = segs[len(segs)-2] + "-document"
		}
	}
	name := kindName(base, used, false)
	return name, fmt.Sprintf("no built-in kind fits the files of %s: a custom kind named after the folder", dir)
}

// kindName turns a folder name or a field value into a kind name that is
// free: singular, lower-case words joined by hyphens, and not a built-in kind
// unless builtinOK (a field value naming a built-in kind is that kind).
func kindName(s string, used map[string]bool, builtinOK bool) string {
	n := slug(s)
	if strings.HasSuffix(n, "ies") {
		n = strings.TrimSuffix(n, "ies") + "y"
	} else if strings.HasSuffix(n, "s") && !strings.HasSuffix(n, "ss") {
		n = strings.TrimSuffix(n, "s")
	}
	if n == "" || !kindNameRe.MatchString(n) {
		n = "document"
	}
	if isBuiltin(n) {
		if builtinOK {
			return n
		}
		n += "-record"
	}
	if builtinOK {
		used[n] = true
		return n
	}
	name := n
	for i := 2; used[name] && !builtinOK; i++ {
		name = n + "-" + strconv.Itoa(i)
	}
	used[name] = true
	return name
}

// required returns the fields a built-in kind's schema requires beyond those
// every artifact has.
func required(kind string) []string {
	data, err := fs.ReadFile(schema.FS(), kind+".schema.json")
	if err != nil {
		return nil
	}
	var s struct {
		Required []string `json:"required"`
	}
	if jsonUnmarshal(data, &s) != nil {
		return nil
	}
	return slices.DeleteFunc(s.Required, func(f string) bool { return f == "kind" })
}

// fits reports whether files hold, under their own names or a synonym, at
// least half the fields a built-in kind requires beyond the common ones.
func fits(kind string, files []*File) bool {
	req := required(kind)
	if len(req) == 0 {
		return true
	}
	return 2*(len(req)-len(missingFields(kind, files))) >= len(req)
}

// missingFields returns the fields a built-in kind requires that no file of
// files holds under any name aims knows for them.
func missingFields(kind string, files []*File) []string {
	var out []string
	for _, field := range required(kind) {
		found := false
		for _, name := range synonymsOf(kind, field) {
			for _, f := range files {
				if _, ok := lookup(f, name); ok {
					found = true
				}
			}
		}
		if !found {
			out = append(out, field)
		}
	}
	return out
}

// synonymsOf returns the names a field of kind goes by, its own first.
func synonymsOf(kind, field string) []string {
	out := []string{field}
	for _, s := range kindSynonyms[kind] {
		if s.field == field {
			out = append(out, s.names...)
		}
	}
	for _, s := range coreSynonyms {
		if s.field == field {
			out = append(out, s.names...)
		}
	}
	return out
}

// count writes n and the noun.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// fieldString returns a scalar value as text, "" for lists and mappings.
func fieldString(v any) string {
	switch v := v.(type) {
	case nil, []any, map[string]any:
		return ""
	case string:
		return strings.TrimSpace(v)
	default:
		return fmt.Sprint(v)
	}
}

// closest returns the aims field a key is a near miss of, or "".
func closest(key string, fields []string) string {
	n := normKey(key)
	limit := 1
	if len(n) >= 10 {
		limit = similarity
	}
	return suggest.Closest(n, fields, limit)
}

// prefix returns the id prefix of kind's generated ids.
func prefix(kind string) string {
	if p := starter.Prefix(kind); p != "" {
		return p
	}
	return strings.ToUpper(kind)
}

// escapeGlob escapes the characters of a path that a glob reads as patterns.
func escapeGlob(p string) string {
	var b strings.Builder
	for _, r := range p {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteRune('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
