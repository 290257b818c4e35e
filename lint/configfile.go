package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/regularfile"
	"github.com/aimsdev/aims/internal/suggest"
	"github.com/aimsdev/aims/schema"
)

// LoadConfig reads the configuration for the repository at dir: the file at
// explicit when given, else dir/.aims.yaml when it exists, else defaults. It
// validates the file against its schema; problems are *ConfigError values that
// name the file, line and column.
func LoadConfig(dir, explicit string) (*Config, error) {
	cfg := &Config{Dir: dir}
	name := explicit
	if name == "" {
		name = filepath.Join(dir, ConfigFile)
		st, err := os.Stat(name)
		if errors.Is(err, fs.ErrNotExist) {
			return cfg, nil
		}
		if err == nil && st.IsDir() {
			return nil, &ConfigError{Path: name, Msg: configFolderMessage}
		}
	}
	// The repository's own file must be a regular file (a named pipe would
	// hang the run); --config may name a pipe, such as <(generate-config).
	read := os.ReadFile
	if explicit == "" {
		read = regularfile.Read
	}
	src, err := read(name)
	if err != nil {
		msg := "cannot read the configuration: " + err.Error() + ": check the path and its permissions"
		if st, serr := os.Stat(name); errors.Is(serr, fs.ErrNotExist) {
			msg = "the configuration file does not exist: check the path given to --config, or leave --config out to use " + filepath.Join(dir, ConfigFile)
		} else if serr == nil && st.IsDir() {
			msg = "this is a folder, not a configuration file: give the file, such as " + filepath.Join(name, ConfigFile)
		}
		return nil, &ConfigError{Path: name, Msg: msg}
	}
	if err := ParseConfig(cfg, name, src); err != nil {
		return nil, err
	}
	// Findings about suppressions point at the file relative to the linted
	// folder, like every other finding.
	rel := ConfigFile
	if explicit != "" {
		rel = filepath.ToSlash(explicit)
		if r, err := filepath.Rel(dir, explicit); err == nil && !strings.HasPrefix(r, "..") {
			rel = filepath.ToSlash(r)
		}
	}
	cfg.setSourceFile(rel)
	return cfg, nil
}

// setSourceFile sets the file of every place in the configuration that
// findings point at (suppressions, globs, custom kinds) to rel, the
// configuration file's slash path relative to the linted folder: findings
// name files relative to it, like every other finding.
func (c *Config) setSourceFile(rel string) {
	for i := range c.Suppressions {
		c.Suppressions[i].Source.File = rel
	}
	for i := range c.Kinds {
		c.Kinds[i].Source.File = rel
	}
	for i := range c.CustomKinds {
		c.CustomKinds[i].Source.File = rel
	}
	for i := range c.Mappings {
		c.Mappings[i].Source.File = rel
	}
	for _, rs := range [][]artifact.Range{c.includeAt, c.excludeAt, c.policiesAt, c.rulesAt} {
		for i := range rs {
			rs[i].File = rel
		}
	}
	for k, r := range c.severityAt {
		r.File = rel
		c.severityAt[k] = r
	}
}

// configFolderMessage is the error of a folder named .aims.yaml where the
// configuration file is looked for.
const configFolderMessage = "this is a folder, but the configuration is a file: rename or move the folder " +
	"and write the settings in a file named " + ConfigFile + " (aims init writes one), or give a configuration file with --config PATH"

var sizeRe = regexp.MustCompile(`^\s*(\d+)\s*(B|KB|kB|KiB|MB|MiB|GB|GiB)?\s*$`)

// ParseConfig parses and validates the configuration in src (read from name)
// into cfg.
func ParseConfig(cfg *Config, name string, src []byte) error {
	cfg.ConfigPath = name
	doc, err := artifact.ParseYAML(name, src)
	var ye *artifact.YAMLError
	switch {
	case errors.As(err, &ye) && ye.NotMapping:
		return &ConfigError{Path: name, Pos: ye.Pos, Msg: "the configuration must be a mapping of settings (key: value)"}
	case errors.As(err, &ye):
		return &ConfigError{Path: name, Pos: ye.Pos, Msg: ye.Msg}
	case err != nil:
		return err
	case doc == nil:
		return nil
	}
	data := doc.Data
	set, err := schema.Compile(nil)
	if err != nil {
		return err
	}
	vs, err := set.ValidateConfig(data)
	if err != nil {
		return err
	}
	if len(vs) > 0 {
		var msgs []string
		for _, v := range vs {
			r := doc.Locate(v.Path...)
			msgs = append(msgs, fmt.Sprintf("%s:%d:%d: %s", name, r.Start.Line, r.Start.Col, v.Message))
		}
		r := doc.Locate(vs[0].Path...)
		return &ConfigError{Path: name, Pos: r.Start, Msg: vs[0].Message + moreErrors(msgs[1:])}
	}
	cfg.Organization = doc.String("organization")
	cfg.Include = doc.Strings("include")
	cfg.Exclude = doc.Strings("exclude")
	cfg.Policies = doc.Strings("policies")
	cfg.includeAt, cfg.excludeAt = globSources(doc, "include"), globSources(doc, "exclude")
	cfg.policiesAt = globSources(doc, "policies")
	for _, key := range []string{"include", "exclude", "policies"} {
		for i, g := range doc.Strings(key) {
			if !artifact.ValidGlob(g) {
				return configErrorAt(doc, name, fmt.Sprintf("%s: invalid glob %q: check its brackets", key, g), key, strconv.Itoa(i))
			}
		}
	}
	if err := parseKinds(cfg, doc, name); err != nil {
		return err
	}
	if err := parseMappings(cfg, doc, name); err != nil {
		return err
	}
	if err := parseCustomKinds(cfg, doc, name); err != nil {
		return err
	}
	if err := parseLayout(cfg, doc, name); err != nil {
		return err
	}
	if b, ok := data["baseline"]; ok {
		file, msg := cleanFile(fmt.Sprint(b))
		if msg != "" {
			return &ConfigError{Path: name, Pos: doc.Locate("baseline").Start, Msg: fmt.Sprintf("baseline: %q %s", b, msg)}
		}
		cfg.Baseline = file
	}
	cfg.Rules = doc.Strings("rules")
	cfg.rulesAt = globSources(doc, "rules")
	if m, ok := data["severity"].(map[string]any); ok {
		cfg.Severity = map[string]Severity{}
		cfg.severityAt = map[string]artifact.Range{}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			s, err := ParseSeverity(fmt.Sprint(m[k]))
			if err != nil {
				r := doc.Locate("severity", k)
				return &ConfigError{Path: name, Pos: r.Start, Msg: err.Error()}
			}
			cfg.Severity[k] = s
			cfg.severityAt[k] = doc.LocateKey("severity", k)
		}
	}
	if s := doc.String("fail_on"); s != "" {
		sev, err := ParseSeverity(s)
		if err != nil {
			return &ConfigError{Path: name, Pos: doc.Locate("fail_on").Start, Msg: err.Error()}
		}
		cfg.FailOn = sev
	}
	if s := doc.String("min_severity"); s != "" {
		sev, err := ParseSeverity(s)
		if err != nil {
			return &ConfigError{Path: name, Pos: doc.Locate("min_severity").Start, Msg: err.Error()}
		}
		cfg.MinSeverity = sev
	}
	if m, ok := data["review_cycles"].(map[string]any); ok {
		cfg.ReviewCycles = map[string]string{}
		for k, v := range m {
			cfg.ReviewCycles[k] = fmt.Sprint(v)
		}
	}
	cfg.MonitoringCycle = doc.String("monitoring_cycle")
	switch v := data["max_file_size"].(type) {
	case int64:
		cfg.MaxFileSize = v
	case string:
		n, err := parseSize(v)
		if err != nil {
			return &ConfigError{Path: name, Pos: doc.Locate("max_file_size").Start, Msg: err.Error()}
		}
		cfg.MaxFileSize = n
	}
	for i := range doc.List("suppressions") {
		ix := strconv.Itoa(i)
		cfg.Suppressions = append(cfg.Suppressions, ConfigSuppression{
			Rule:    doc.String("suppressions", ix, "rule"),
			Path:    doc.String("suppressions", ix, "path"),
			ID:      doc.String("suppressions", ix, "id"),
			Reason:  doc.String("suppressions", ix, "reason"),
			Expires: doc.String("suppressions", ix, "expires"),
			Owner:   doc.String("suppressions", ix, "owner"),
			Source:  doc.Locate("suppressions", ix),
		})
	}
	return nil
}

// globSources returns where each string of the list at key is written, in
// the order of doc.Strings(key).
func globSources(doc *artifact.Document, key string) []artifact.Range {
	var out []artifact.Range
	for i, v := range doc.List(key) {
		if _, ok := v.(string); ok {
			out = append(out, doc.Locate(key, strconv.Itoa(i)))
		}
	}
	return out
}

// parseCustomKinds reads `custom_kinds` and checks what the schema cannot:
// each id_pattern compiles, each file type has a Markdown or YAML part, and
// each kind a reference field names exists.
func parseCustomKinds(cfg *Config, doc *artifact.Document, name string) error {
	for i := range doc.List("custom_kinds") {
		ix := strconv.Itoa(i)
		at := func(tokens ...string) []string { return append([]string{"custom_kinds", ix}, tokens...) }
		entry, _ := doc.List("custom_kinds")[i].(map[string]any)
		ck := CustomKind{
			Name:          doc.String(at("name")...),
			Schema:        doc.String(at("schema")...),
			Evidences:     doc.Strings(at("evidences")...),
			Sections:      doc.Strings(at("sections")...),
			IDPattern:     doc.String(at("id_pattern")...),
			EvidenceField: doc.String(at("evidence_field")...),
			FileTypes:     doc.Strings(at("file_types")...),
			Source:        doc.Locate(at("name")...),
		}
		if _, ok := entry["requires"]; ok {
			ck.Requires = append([]string{}, doc.Strings(at("requires")...)...)
		}
		if slices.Contains(schema.Kinds(), ck.Name) {
			return &ConfigError{Path: name, Pos: doc.Locate(at("name")...).Start,
				Msg: fmt.Sprintf("custom kind %s: %s is a built-in kind: give the custom kind another name, or map your files to the built-in kind under kinds", ck.Name, ck.Name)}
		}
		if cfg.CustomKind(ck.Name) != nil {
			return &ConfigError{Path: name, Pos: doc.Locate(at("name")...).Start,
				Msg: fmt.Sprintf("custom kind %s is declared twice: keep one entry", ck.Name)}
		}
		if ck.IDPattern != "" {
			if _, err := regexp.Compile(ck.IDPattern); err != nil {
				return &ConfigError{Path: name, Pos: doc.Locate(at("id_pattern")...).Start,
					Msg: fmt.Sprintf("custom kind %s: id_pattern %q is not a valid regular expression (%v): write a Go regular expression, such as ^[a-z]+-[0-9]+$", ck.Name, ck.IDPattern, regexpCause(err))}
			}
		}
		for j, t := range ck.FileTypes {
			if !artifact.FileTypeFormat(t) {
				return &ConfigError{Path: name, Pos: doc.Locate(at("file_types", strconv.Itoa(j))...).Start,
					Msg: fmt.Sprintf("custom kind %s: file type %q has no .md, .markdown, .yaml or .yml part to give its format: write it as the end of the file names, such as .md.tmpl", ck.Name, t)}
			}
		}
		if m, ok := entry["references"].(map[string]any); ok {
			for _, field := range slices.Sorted(maps.Keys(m)) {
				ref := CustomReference{Field: field}
				switch v := m[field].(type) {
				case string:
					ref.Kinds = []string{v}
				default:
					ref.Kinds = doc.Strings(at("references", field)...)
				}
				ck.References = append(ck.References, ref)
			}
		}
		cfg.CustomKinds = append(cfg.CustomKinds, ck)
	}
	known := knownKinds(cfg)
	for i, ck := range cfg.CustomKinds {
		ix := strconv.Itoa(i)
		for _, ref := range ck.References {
			for j, k := range ref.Kinds {
				if slices.Contains(known, k) {
					continue
				}
				tokens := []string{"custom_kinds", ix, "references", ref.Field}
				entry, _ := doc.List("custom_kinds")[i].(map[string]any)
				refs, _ := entry["references"].(map[string]any)
				if _, isList := refs[ref.Field].([]any); isList {
					tokens = append(tokens, strconv.Itoa(j))
				}
				return &ConfigError{Path: name, Pos: doc.Locate(tokens...).Start,
					Msg: fmt.Sprintf("custom kind %s: references: %s names the unknown kind %q: %s", ck.Name, ref.Field, k, kindAdvice(k, known))}
			}
		}
	}
	return nil
}

// kindAdvice says which known kind an unknown kind name may mean.
func kindAdvice(kind string, known []string) string {
	if best := suggest.Closest(kind, known, 3); best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return "use a built-in kind or a custom kind declared in custom_kinds"
}

// regexpCause is the part of a regexp error that says what is wrong, without
// the pattern it repeats.
func regexpCause(err error) string {
	var re *syntax.Error
	if errors.As(err, &re) {
		return string(re.Code)
	}
	return err.Error()
}

// parseLayout reads `layout`, the folder of each kind for `aims new`: every
// key must be a built-in kind (aims new has no template for custom kinds),
// and every folder a relative path that stays inside the repository.
func parseLayout(cfg *Config, doc *artifact.Document, name string) error {
	m, ok := doc.Data["layout"].(map[string]any)
	if !ok {
		return nil
	}
	kinds := make([]string, 0, len(m))
	for k := range m {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	builtin := schema.Kinds()
	cfg.Layout = map[string]string{}
	for _, k := range kinds {
		if !slices.Contains(builtin, k) {
			return &ConfigError{Path: name, Pos: doc.LocateKey("layout", k).Start, Msg: layoutKindMessage(cfg, k, builtin)}
		}
		folder, msg := cleanFolder(fmt.Sprint(m[k]))
		if msg != "" {
			return &ConfigError{Path: name, Pos: doc.Locate("layout", k).Start, Msg: fmt.Sprintf("layout: the folder of %s, %q, %s", k, m[k], msg)}
		}
		cfg.Layout[k] = folder
	}
	return nil
}

// layoutKindMessage says why kind cannot be a key of `layout`: aims new
// writes the built-in kinds only.
func layoutKindMessage(cfg *Config, kind string, builtin []string) string {
	for _, ck := range cfg.CustomKinds {
		if ck.Name == kind {
			return fmt.Sprintf("layout: %s is a custom kind, and aims new writes only the built-in kinds: remove it from layout", kind)
		}
	}
	if best := suggest.Closest(kind, builtin, 3); best != "" {
		return fmt.Sprintf("layout: unknown kind %q: did you mean %q?", kind, best)
	}
	return fmt.Sprintf("layout: unknown kind %q: use one of %s", kind, strings.Join(builtin, ", "))
}

// cleanFolder cleans a layout folder, or says what is wrong with it: it must
// be relative, written with forward slashes, and stay inside the repository
// (and out of .git).
func cleanFolder(s string) (string, string) {
	switch {
	case strings.TrimSpace(s) == "":
		return "", "is empty: write a folder such as procedures, or . for the repository root"
	case strings.Contains(s, `\`):
		return "", "has a backslash: write folders with forward slashes, such as operations/incidents"
	case path.IsAbs(s) || (len(s) >= 2 && s[1] == ':'):
		return "", "is not relative: write the folder relative to the repository root, such as procedures"
	}
	c := path.Clean(s)
	switch {
	case c == ".." || strings.HasPrefix(c, "../"):
		return "", "leads outside the repository: write a folder inside it, such as procedures"
	case c == ".git" || strings.HasPrefix(c, ".git/"):
		return "", "is inside .git: write a folder of the repository, such as procedures"
	}
	return c, ""
}

// cleanFile cleans the path of a file the configuration names (the
// baseline), or says what is wrong with it: like a layout folder, it must be
// relative to the repository root, with forward slashes, and stay inside the
// repository and out of .git.
func cleanFile(s string) (string, string) {
	switch {
	case strings.TrimSpace(s) == "":
		return "", "is empty: write a file such as .aims-baseline.json"
	case strings.Contains(s, `\`):
		return "", "has a backslash: write paths with forward slashes, such as ci/aims-baseline.json"
	case path.IsAbs(s) || (len(s) >= 2 && s[1] == ':'):
		return "", "is not relative: write the path relative to the repository root, such as .aims-baseline.json"
	}
	c := path.Clean(s)
	switch {
	case c == ".":
		return "", "is the repository root, not a file: write a file such as .aims-baseline.json"
	case c == ".." || strings.HasPrefix(c, "../"):
		return "", "leads outside the repository: write a file inside it, such as .aims-baseline.json"
	case c == ".git" || strings.HasPrefix(c, ".git/"):
		return "", "is inside .git: write a file of the repository, such as .aims-baseline.json"
	}
	return c, ""
}

func moreErrors(rest []string) string {
	if len(rest) == 0 {
		return ""
	}
	return "\n" + strings.Join(rest, "\n")
}

// parseSize parses "5MiB", "512KiB", "10MB" or a number of bytes.
func parseSize(s string) (int64, error) {
	m := sizeRe.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("max_file_size %q: write a number of bytes or a size like 5MiB", s)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("max_file_size %q: %v", s, err)
	}
	mult := map[string]int64{"": 1, "B": 1, "KB": 1000, "kB": 1000, "KiB": 1 << 10, "MB": 1000 * 1000, "MiB": 1 << 20, "GB": 1000 * 1000 * 1000, "GiB": 1 << 30}[m[2]]
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("max_file_size %q is too large: write a smaller size, such as 5MiB", s)
	}
	return n * mult, nil
}
