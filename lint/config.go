package lint

import (
	"io/fs"
	"runtime"
	"slices"
	"time"

	"github.com/aimsdev/aims/artifact"
)

// DefaultMaxFileSize is the size above which a file is skipped with a finding
// (AIMS1004). It is large enough for the risk register of an AIMS of 100,000
// artifacts (13 MB) and still bounds what one hostile file can cost: the YAML
// of 16 MiB parses in seconds and a few hundred megabytes at most, and what
// its aliases expand to is bounded apart (package artifact).
const DefaultMaxFileSize = 16 << 20

// A KindGlob gives a kind to files that do not declare one of their own:
// Kind to the files matching Glob (slash-separated, `**` for any depth), or,
// with Field, the value of that field mapped through Values (see
// artifact.KindRule).
type KindGlob = artifact.KindRule

// A CustomKind is an organization's own artifact kind, with an optional
// repository-local schema and the shape .aims.yaml gives it.
type CustomKind struct {
	Name      string   // the kind name used in `kind:`
	Schema    string   // repository-relative path of its JSON Schema; empty for none
	Evidences []string // ISO 42001 references it evidences by default
	Sections  []string // required Markdown sections
	// Requires are the core fields (id, title, status, owner, …) its
	// documents must have; nil means the default of every kind.
	Requires []string
	// IDPattern is a Go regular expression its ids match in place of the
	// upper-case id pattern; empty keeps that pattern.
	IDPattern string
	// EvidenceField is the field in which each document lists the clauses
	// and controls it evidences (read like `controls`); empty for none.
	EvidenceField string
	// References maps a field to the kinds of the artifacts whose ids it
	// holds (one id or a list), checked like the built-in references.
	References []CustomReference
	// FileTypes are extra file name endings read for this kind, such as
	// ".md.tmpl"; the format is that of the Markdown or YAML part.
	FileTypes []string
	// Source is where the custom kind is written in .aims.yaml.
	Source artifact.Range
}

// A CustomReference is a reference field of a custom kind: Field holds ids
// of artifacts of one of Kinds.
type CustomReference struct {
	Field string
	Kinds []string
}

// CustomKind returns the custom kind named name, or nil.
func (c *Config) CustomKind(name string) *CustomKind {
	for i := range c.CustomKinds {
		if c.CustomKinds[i].Name == name {
			return &c.CustomKinds[i]
		}
	}
	return nil
}

// A ConfigSuppression accepts the findings of one rule for matching files or ids.
type ConfigSuppression struct {
	Rule    string
	Path    string // glob; empty matches every file
	ID      string // artifact id; empty matches every artifact
	Reason  string
	Expires string // YYYY-MM-DD or empty
	Owner   string
	Source  artifact.Range // where it is written in .aims.yaml
}

// Config is everything that shapes one lint run. The driver builds it from flags
// and .aims.yaml; the engine never reads flags or the environment.
type Config struct {
	// FS is the file tree to lint. When nil, Run opens Dir on disk.
	FS fs.FS
	// Dir is the directory to lint, on disk.
	Dir string
	// Files, when non-empty, limits file findings to these slash paths relative
	// to Dir (pre-commit passes file names). Repository-wide findings stay.
	Files []string
	// Under, when set, limits file findings to the files below this slash
	// folder relative to Dir (a subfolder of the repository given on the
	// command line), as Files does. Repository-wide findings stay.
	Under string
	// Changed limits file findings to the files changed against HEAD: staged
	// and unstaged changes, and untracked files that are not ignored (what a
	// commit is about to record). Every file is still linted, as rules about
	// the repository as a whole need them all; repository-wide findings stay.
	// Dir must be in a git repository. In a repository without commits, every
	// file counts as changed.
	Changed bool
	// Base, when set, limits file findings like Changed, to the files changed
	// since the merge base of Base (a branch, remote branch, tag or commit)
	// and HEAD, plus those Changed selects: what a pull request changes.
	Base string
	// ConfigPath is where the configuration was read from, for messages; empty when none.
	ConfigPath string
	// Organization is the organization's name for reports.
	Organization string
	// Include and Exclude are globs of files to consider or leave out.
	Include []string
	Exclude []string
	// includeAt and excludeAt are where each Include and Exclude glob is
	// written in .aims.yaml, index for index (shorter, or empty, when the
	// configuration was built in code).
	includeAt, excludeAt []artifact.Range
	// Policies are globs of the rule files that hold custom rules (slash
	// paths relative to the AIMS root, `**` for any depth). Rule files and
	// their tests are not artifacts (PolicyPath); package policy reads them.
	Policies []string
	// policiesAt is where each Policies glob is written, index for index
	// (see PolicyAt).
	policiesAt []artifact.Range
	// rulesAt is where each Rules entry is written, index for index, and
	// severityAt where each key of Severity is, for the errors about rules
	// they name that do not exist.
	rulesAt    []artifact.Range
	severityAt map[string]artifact.Range
	// Kinds gives a kind, by glob or from a field, to files that declare
	// none; the first entry that gives one applies.
	Kinds []KindGlob
	// Mappings read the repository's own frontmatter as aims fields
	// (renames, value maps, reference rewriting, ids), in order; every
	// mapping that matches a file applies. Config.Reading hands them, with
	// Kinds, to package artifact, which applies them while parsing.
	Mappings []artifact.Mapping
	// CustomKinds are the organization's own kinds.
	CustomKinds []CustomKind
	// CustomRules are the organisation's own rules (package policy
	// compiles them from the rule files `policies:` names). Run runs them
	// with the rules it is given, and selection, severities and
	// suppressions treat them alike.
	CustomRules []*Rule
	// Rules selects rules: "all", "AIMS3001", "-AIMS3001", applied in order
	// (custom rules' ids, such as "ACME-001", alike). Empty means all.
	Rules []string
	// Severity overrides rules' default severities.
	Severity map[string]Severity
	// FailOn is the lowest severity that fails the run (default Error).
	FailOn Severity
	// MinSeverity is the lowest severity reported: findings below it are
	// left out of the result (a notification says how many), so they are
	// neither shown nor fail the run. 0 means Note: every finding.
	MinSeverity Severity
	// ReviewCycles gives default review cycles per kind ("12mo").
	ReviewCycles map[string]string
	// MonitoringCycle is how often monitoring is reported ("3mo"): the
	// latest monitoring report's period must have ended within it of AsOf.
	// Empty means the rules' default.
	MonitoringCycle string
	// MaxFileSize in bytes; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// Suppressions accepted in the configuration file.
	Suppressions []ConfigSuppression
	// Layout maps a kind to the folder `aims new` writes its documents to: a
	// clean slash path relative to the repository root ("." for the root).
	// Kinds it leaves out have their default folder.
	Layout map[string]string
	// Baseline is the baseline file `baseline:` names in the configuration:
	// a clean slash path relative to the repository root, or "". The engine
	// does not read it; the driver applies it to the result (package
	// lint/baseline).
	Baseline string
	// SkipFingerprints leaves the findings without Fingerprint and Line
	// (which read every file with a finding again), for a driver that only
	// counts them (aims trend); no report may be written from such a result.
	SkipFingerprints bool
	// DocumentCache, when set, keeps the documents loaded from commits for
	// later runs of copies of this configuration over other commits (aims
	// trend): an unchanged file is loaded once. nil loads every file.
	DocumentCache *DocumentCache
	// AsOf is the date to judge dates at; zero means today (UTC).
	AsOf time.Time
	// Rev, when set, lints the tree of that commit instead of the working
	// tree: any revision go-git resolves (a full or short hash, a branch, a
	// tag, HEAD~2). Dir must be in a git repository, or be a bare one; the
	// lint root is Dir's folder in the commit. The commit is read, never
	// checked out; .gitignore does not apply to the files it holds. History
	// is read from it. Neither Changed nor Base goes with it. AsOf still
	// sets the date rules judge at.
	Rev string
	// AsOfCommit, without Rev, lints the last commit made on or before the
	// end of AsOf (UTC, committer date) on the current branch: the first
	// such commit on the first-parent chain from HEAD (a detached HEAD
	// counts as a branch). A date before the first commit is a
	// *ConfigError. It has no effect in a plain folder (AsOf then only sets
	// the judging date), nor with Changed or Base, which compare the working
	// tree with HEAD.
	AsOfCommit bool
	// References are the catalogue entries reports need (titles, groups).
	References []Reference
	// Workers is how many files are parsed at once; 0 means GOMAXPROCS.
	Workers int
	// Version is the aims version, copied into the result for reports.
	Version string
}

// workers returns how many files to read or parse at once: Workers, or
// GOMAXPROCS when it is 0.
func (c *Config) workers() int {
	if c.Workers > 0 {
		return c.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// Reading returns how the configuration says documents are read: Kinds and
// Mappings, as package artifact applies them, and the custom kinds'
// evidence fields, whose values are references (read as written, and
// rewritten by the mappings' references) in the documents of their kind.
func (c *Config) Reading() *artifact.Reading {
	ms := c.Mappings
	for _, ck := range c.CustomKinds {
		if ck.EvidenceField != "" {
			if len(ms) == len(c.Mappings) {
				ms = slices.Clip(ms)
			}
			ms = append(ms, artifact.Mapping{Kinds: []string{ck.Name}, ReferenceFields: []string{ck.EvidenceField}})
		}
	}
	return &artifact.Reading{Kinds: c.Kinds, Mappings: ms}
}

// ParseDocument parses src as the file at p the way every part of a run
// reads a document: with the kind globs, the kinds taken from a field and
// the mappings of the configuration. It returns nil when the file is not an
// artifact. Rules reading other versions of a document (from git) use
// ParseDocumentAs.
func (c *Config) ParseDocument(p string, src []byte) *artifact.Document {
	return c.Reading().Parse(p, src)
}

// ParseDocumentAs is ParseDocument with kind as the kind of a file that
// declares none and gets none from a field, in place of the one a glob
// gives: an earlier version of a document is read as the kind it has now.
func (c *Config) ParseDocumentAs(p string, src []byte, kind string) *artifact.Document {
	return c.Reading().ParseAs(p, src, kind)
}

// FileTypes returns the files discovery lists beyond Markdown and YAML: the
// custom kinds' file types, and the kind globs whose file name ends in a
// Markdown or YAML extension plus a suffix ("templates/*.md.tmpl").
func (c *Config) FileTypes() artifact.FileTypes {
	var t artifact.FileTypes
	for _, ck := range c.CustomKinds {
		t.Suffixes = append(t.Suffixes, ck.FileTypes...)
	}
	for _, k := range c.Kinds {
		if artifact.ExtraGlob(k.Glob) {
			t.Globs = append(t.Globs, k.Glob)
		}
	}
	return t
}

// EvidencedControls returns the clauses and controls the document d lists as
// what it evidences, as written: its `controls`, then, for a custom kind with
// an evidence_field, that field's values. The kind's defaults are not
// included.
func (c *Config) EvidencedControls(d *artifact.Document) []string {
	if d.Data == nil {
		return d.Salvaged.Values("controls")
	}
	refs := d.Strings("controls")
	if ck := c.CustomKind(d.Kind); ck != nil && ck.EvidenceField != "" {
		refs = append(refs, d.Strings(ck.EvidenceField)...)
	}
	return refs
}
