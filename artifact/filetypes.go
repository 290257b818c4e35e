package artifact

import (
	"path"
	"strings"
)

// FileTypes are the files discovery lists beyond Markdown and YAML files
// (.md, .markdown, .yaml, .yml): names ending in one of Suffixes, such as
// ".md.tmpl", and paths matching one of Globs, such as "templates/*.md.tmpl".
// The configuration fills it (a custom kind's file types, the kind globs
// whose names end in a Markdown or YAML extension plus a suffix); such a
// file is read in the format of its Markdown or YAML part. The zero value
// lists Markdown and YAML files only.
type FileTypes struct {
	Suffixes []string
	Globs    []string
}

// Candidate reports whether the file at the slash path p is listed: a
// Markdown or YAML file, or one of the types.
func (t FileTypes) Candidate(p string) bool {
	return Candidate(p) || t.Extra(p)
}

// Extra reports whether the file at p is not a Markdown or YAML file by its
// extension but one of the types, read in the format of its Markdown or YAML
// part.
func (t FileTypes) Extra(p string) bool {
	if Candidate(p) || formatPart(path.Base(p)) == "" {
		return false
	}
	return t.HasSuffix(p) || t.MatchesGlob(p)
}

// HasSuffix reports whether the name of the file at p ends in one of the
// suffixes (ignoring case).
func (t FileTypes) HasSuffix(p string) bool {
	name := strings.ToLower(path.Base(p))
	for _, s := range t.Suffixes {
		if strings.HasSuffix(name, strings.ToLower(s)) {
			return true
		}
	}
	return false
}

// MatchesGlob reports whether p matches one of the globs.
func (t FileTypes) MatchesGlob(p string) bool {
	for _, g := range t.Globs {
		if MatchGlob(g, p) {
			return true
		}
	}
	return false
}

// FileTypeFormat reports whether the file type t (the end of file names,
// such as ".md.tmpl") has a Markdown or YAML part that gives its format.
func FileTypeFormat(t string) bool {
	return strings.HasPrefix(t, ".") && formatPart("x"+t) != ""
}

// ExtraGlob reports whether the file name part of the glob g ends in a
// Markdown or YAML extension plus a suffix ("templates/*.md.tmpl"), so that
// the files it matches are read although their extension is neither.
func ExtraGlob(g string) bool {
	name := path.Base(g)
	return !Candidate(name) && formatPart(name) != ""
}

// formatPart returns the Markdown or YAML extension that gives the format of
// the file name: its extension, or else the last of the extensions before it
// that is one (".md" for "x.md.tmpl"), lower-cased; "" when there is none.
func formatPart(name string) string {
	parts := strings.Split(strings.ToLower(name), ".")
	for i := len(parts) - 1; i >= 1; i-- {
		switch parts[i] {
		case "md", "markdown", "yaml", "yml":
			return "." + parts[i]
		}
	}
	return ""
}

// FormatOf returns the format of the file at p by its name: YAML for a
// .yaml or .yml file (or a file of an extra type whose YAML part says so),
// Markdown otherwise.
func FormatOf(p string) Format {
	if isYAML(p) {
		return YAML
	}
	return Markdown
}
