package lint

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/suggest"
)

// Rule ids of the findings the engine makes about the configuration and the
// repository as a whole, once the files are known. Their documentation is in
// package rules.
const (
	RuleUnmatched   = "AIMS1013" // a glob or custom kind of .aims.yaml matches no file
	RuleNoArtifacts = "AIMS1014" // the repository holds no artifact at all
)

// A ConfigGlob is a path glob written in the configuration, which should
// match at least one file (AIMS1013).
type ConfigGlob struct {
	Glob string
	// What names the setting in messages: "include", "exclude", "kinds
	// (ai-policy)".
	What string
	// Effect completes "so …": what the glob does not do while it matches
	// nothing ("no file gets the kind ai-policy from it").
	Effect string
	// Included is true when the glob applies to the files include and
	// exclude keep (kinds), false when to every candidate file.
	Included bool
	// Source is where the glob is written.
	Source artifact.Range
}

// configGlobs lists the globs of the configuration that should each match
// a file: include, exclude, policies, and the kinds and mappings globs.
// Suppression paths are left out: a suppression that matches nothing is
// AIMS1007 already.
func (c *Config) configGlobs() []ConfigGlob {
	var out []ConfigGlob
	at := func(rs []artifact.Range, i int) artifact.Range {
		if i < len(rs) {
			return rs[i]
		}
		return artifact.Range{}
	}
	for i, g := range c.Include {
		out = append(out, ConfigGlob{Glob: g, What: "include", Effect: "no file is linted through it", Source: at(c.includeAt, i)})
	}
	for i, g := range c.Exclude {
		out = append(out, ConfigGlob{Glob: g, What: "exclude", Effect: "it leaves nothing out", Source: at(c.excludeAt, i)})
	}
	for i, g := range c.Policies {
		// Rule files are never artifacts, so the glob is matched against
		// every candidate file.
		out = append(out, ConfigGlob{Glob: g, What: "policies", Effect: "no rule file is read through it", Source: c.PolicyAt(i)})
	}
	for _, k := range c.Kinds {
		if k.Glob == "" {
			continue
		}
		what, effect := "kinds ("+k.Kind+")", "no file gets the kind "+k.Kind+" from it"
		if k.Field != "" {
			what, effect = "kinds (field "+k.Field+")", "no file gets its kind from "+k.Field+" through it"
		}
		out = append(out, ConfigGlob{Glob: k.Glob, What: what, Effect: effect, Included: true, Source: k.Source})
	}
	for _, m := range c.Mappings {
		if m.Glob == "" {
			continue
		}
		out = append(out, ConfigGlob{Glob: m.Glob, What: "mappings", Effect: "no file is mapped by it", Included: true, Source: m.Source})
	}
	return out
}

// unmatchedGlobs returns a finding (AIMS1013) for each glob that matches
// none of the candidate files, or only files that include and exclude leave
// out, with a "did you mean" when changing the glob's folder or extension
// to that of existing files makes it match. report says whether a finding
// at a file would be kept, so that a run that drops them does no work.
func unmatchedGlobs(globs []ConfigGlob, files []artifact.File, cfg *Config, report func(file string) bool) []Finding {
	var out []Finding
	var paths, kept []string
	for _, g := range globs {
		src := g.Source
		if src.File == "" {
			src.File = ConfigFile
		}
		if !report(src.File) {
			continue
		}
		if paths == nil {
			for _, f := range files {
				if f.Path == ConfigFile {
					continue
				}
				paths = append(paths, f.Path)
				if included(f.Path, cfg) {
					kept = append(kept, f.Path)
				}
			}
		}
		if matchesAny(g.Glob, kept) || !g.Included && matchesAny(g.Glob, paths) {
			continue
		}
		msg := fmt.Sprintf("%s: the glob %q matches no Markdown or YAML file, so %s", g.What, g.Glob, g.Effect)
		switch {
		case g.Included && matchesAny(g.Glob, paths):
			msg = fmt.Sprintf("%s: the glob %q matches only files that include or exclude leave out, so %s: change include or exclude, or the glob", g.What, g.Glob, g.Effect)
		default:
			// A glob that applies to every candidate file is suggested
			// among them all: a policies glob names files that are never
			// artifacts.
			pool := kept
			if !g.Included {
				pool = paths
			}
			if alt := suggestGlob(g.Glob, pool); alt != "" {
				msg += fmt.Sprintf(": did you mean %q?", alt)
			} else {
				msg += ": check it against the paths, relative to the linted folder, or remove it"
			}
		}
		out = append(out, Finding{RuleID: RuleUnmatched, Range: src, Message: msg})
	}
	return out
}

// unusedCustomKinds returns a finding (AIMS1013) for each custom kind that
// no artifact has: it evidences nothing until a file declares it or a kinds
// glob maps files to it.
func unusedCustomKinds(cfg *Config, docs []*artifact.Document, report func(file string) bool) []Finding {
	if len(cfg.CustomKinds) == 0 {
		return nil
	}
	used := map[string]bool{}
	for _, d := range docs {
		used[d.Kind] = true
	}
	var out []Finding
	for _, ck := range cfg.CustomKinds {
		src := ck.Source
		if src.File == "" {
			src.File = ConfigFile
		}
		if used[ck.Name] || !report(src.File) {
			continue
		}
		msg := fmt.Sprintf("custom_kinds: no file has the kind %s: declare `kind: %s` in its documents, map files to it with a kinds glob, or remove it", ck.Name, ck.Name)
		out = append(out, Finding{RuleID: RuleUnmatched, Range: src, Message: msg})
	}
	return out
}

// matchesAny reports whether glob matches one of paths.
func matchesAny(glob string, paths []string) bool {
	for _, p := range paths {
		if artifact.MatchGlob(glob, p) {
			return true
		}
	}
	return false
}

// suggestGlob proposes a glob like glob that matches some of paths: with
// its leading folder replaced by the nearest existing folder (a typo in a
// folder name), or its extension by one the files in its folder have. It
// returns "" when nothing close matches.
func suggestGlob(glob string, paths []string) string {
	dirs := map[string]bool{}
	exts := map[string]bool{}
	for _, p := range paths {
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
		if e := path.Ext(p); e != "" {
			exts[e] = true
		}
	}
	lit, rest := literalDir(glob)
	var best string
	bestD := 1 << 30
	consider := func(alt string, d int) {
		if alt == glob || !matchesAny(alt, paths) {
			return
		}
		if d < bestD || d == bestD && alt < best {
			best, bestD = alt, d
		}
	}
	if lit != "" {
		for _, d := range sortedKeys(dirs) {
			dist := suggest.Distance(strings.ToLower(lit), strings.ToLower(d))
			if dist <= max(2, len(lit)/4) {
				consider(d+"/"+rest, dist)
			}
		}
	}
	if e := path.Ext(glob); e != "" && !strings.ContainsAny(e, "*?[") {
		for _, x := range slices.Sorted(maps.Keys(exts)) {
			consider(strings.TrimSuffix(glob, e)+x, suggest.Distance(e, x))
		}
	}
	return best
}

// literalDir splits glob into its leading folders without a wildcard
// ("policies" of "policies/**/*.md") and the rest.
func literalDir(glob string) (string, string) {
	segs := strings.Split(strings.TrimPrefix(glob, "./"), "/")
	n := 0
	for n < len(segs)-1 && !strings.ContainsAny(segs[n], "*?[") {
		n++
	}
	return strings.Join(segs[:n], "/"), strings.Join(segs[n:], "/")
}

// noArtifacts handles a run that found no artifact at all: it returns the
// findings without the repository-level ones (every requirement missing,
// one finding each), and in their place one finding (AIMS1014) that says
// how many Markdown and YAML files there are, that none declares a kind,
// and what to do next. files are the candidate files.
func noArtifacts(findings []Finding, files []artifact.File, cfg *Config) []Finding {
	out := slices.DeleteFunc(findings, func(f Finding) bool { return f.Range.File == "" })
	md, yml := 0, 0
	for _, f := range files {
		if f.Path == ConfigFile || !included(f.Path, cfg) {
			continue
		}
		if yamlPath(f.Path) {
			yml++
		} else {
			md++
		}
	}
	var msg string
	if md+yml == 0 {
		msg = "no artifacts: the linted folder holds no Markdown or YAML file, so every requirement of ISO/IEC 42001 is missing: " +
			"run `aims init` to start an AIMS here, or lint the folder that holds your documents"
		if len(cfg.Include) > 0 {
			msg = "no artifacts: include leaves no Markdown or YAML file to lint, so every requirement of ISO/IEC 42001 is missing: check the include globs in .aims.yaml"
		}
	} else {
		msg = fmt.Sprintf("no artifacts: of %s, none declares a kind, so every requirement of ISO/IEC 42001 is missing: "+
			"give your documents `kind:`, or map them to kinds in .aims.yaml (kinds, mappings; `aims adopt` proposes them), "+
			"or run `aims init` to start from templates", countFiles(md, yml))
	}
	return append(out, Finding{RuleID: RuleNoArtifacts, Message: msg})
}

// countFiles says how many Markdown and YAML files there are: "12 Markdown
// files and 3 YAML files", "1 Markdown file".
func countFiles(md, yml int) string {
	n := func(k int, what string) string {
		if k == 1 {
			return "1 " + what + " file"
		}
		return fmt.Sprintf("%d %s files", k, what)
	}
	switch {
	case yml == 0:
		return n(md, "Markdown")
	case md == 0:
		return n(yml, "YAML")
	}
	return n(md, "Markdown") + " and " + n(yml, "YAML")
}
