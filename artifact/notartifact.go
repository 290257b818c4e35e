package artifact

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// A Skipped file is a Markdown or YAML file that Load found not to be an
// artifact, with why.
type Skipped struct {
	Path string
	skip
}

// quietNames are the base names (before the first dot, any case) of files
// that sit among artifacts without being one: read-me files and the like.
var quietNames = map[string]bool{
	"readme": true, "changelog": true, "changes": true, "history": true, "news": true,
	"license": true, "licence": true, "copying": true, "notice": true, "authors": true,
	"contributing": true, "contributors": true, "code_of_conduct": true, "security": true,
	"support": true, "codeowners": true, "index": true, "_index": true,
}

// NotArtifacts returns the problems (RuleNotArtifact) of the files in skips
// that look as if they were meant to be artifacts: those in a folder that
// directly holds an artifact, or that layout names. layout maps kinds to the
// folders their documents go in (the layout in .aims.yaml). Files at the
// root (unless the layout names it), in hidden folders, hidden files, and
// read-me, licence, change-log and index files are left alone.
func NotArtifacts(docs []*Document, skips []Skipped, layout map[string]string) []Problem {
	if len(skips) == 0 {
		return nil
	}
	kinds := map[string]map[string]int{} // folder -> kind -> artifacts
	for _, d := range docs {
		if d.Kind == "" {
			continue
		}
		dir := path.Dir(d.Path)
		if kinds[dir] == nil {
			kinds[dir] = map[string]int{}
		}
		kinds[dir][d.Kind]++
	}
	folders := map[string]string{} // folder, relative to the lint root -> kind
	for kind, dir := range layout {
		dir = path.Clean(dir)
		if k, ok := folders[dir]; !ok || kind < k {
			folders[dir] = kind
		}
	}
	var out []Problem
	for _, s := range skips {
		dir := path.Dir(s.Path)
		_, named := folders[dir]
		if kinds[dir] == nil && !named {
			continue
		}
		if dir == "." && !named || quiet(s.Path) {
			continue
		}
		r := Range{File: s.Path}
		if s.line > 0 {
			r.Start = Position{Line: s.line, Col: 1}
			r.End = r.Start
		}
		out = append(out, Problem{RuleID: RuleNotArtifact, Range: r, Message: notArtifactMessage(s, folderKind(kinds[dir], folders[dir]))})
	}
	return out
}

// quiet reports whether p is a hidden file, in a hidden folder, or a read-me
// or the like.
func quiet(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	base, _, _ := strings.Cut(path.Base(p), ".")
	return quietNames[strings.ToLower(base)]
}

// folderKind is the kind most artifacts of a folder have (the first by name
// on a tie), else the kind the layout gives the folder, else "".
func folderKind(counts map[string]int, layoutKind string) string {
	var ks []string
	for k := range counts {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	best := ""
	for _, k := range ks {
		if best == "" || counts[k] > counts[best] {
			best = k
		}
	}
	if best == "" {
		return layoutKind
	}
	return best
}

// notArtifactMessage says why the file of s is not an artifact and how to
// make it one; kind is the kind to suggest, or "".
func notArtifactMessage(s Skipped, kind string) string {
	kindField := "`kind:` and its kind"
	if kind != "" {
		kindField = fmt.Sprintf("`kind: %s`", kind)
	}
	const orExclude = ", or list it under exclude in .aims.yaml if it is not meant to be one"
	msg := "not an artifact: "
	switch s.why {
	case noKind:
		where := "its top-level mapping"
		if isMarkdown(s.Path) {
			where = "its frontmatter"
		}
		if s.what != "" {
			msg += fmt.Sprintf("it has neither `%s`, which .aims.yaml's kinds take its kind from, nor `kind`: add `%s:` with its value to %s", s.what, s.what, where) + orExclude
			break
		}
		msg += fmt.Sprintf("it declares no kind: add %s to %s", kindField, where) + orExclude
	case noFrontmatter:
		msg += fmt.Sprintf("it has no frontmatter: start it with a --- line, %s and the other fields, and a closing --- line", kindField) + orExclude
	case lateFrontmatter:
		msg += "the frontmatter must start on the first line: remove the blank lines or spaces before its opening ---"
	case emptyFile:
		msg += "the file is empty: write the artifact, or remove the file"
	case emptyFrontmatter:
		msg += fmt.Sprintf("its frontmatter is empty: add %s and the other fields", kindField) + orExclude
	case otherEncoding:
		msg += fmt.Sprintf("the file is %s encoded, which aims does not read: save it as UTF-8", s.what)
	case binaryFile:
		msg += "the file is not UTF-8 text: save it as UTF-8 text, or remove it"
	default:
		if isMarkdown(s.Path) {
			msg += fmt.Sprintf("its frontmatter is not a mapping of fields that declares a kind: write it as key: value lines with %s", kindField) + orExclude
		} else {
			msg += fmt.Sprintf("it is not a YAML mapping that declares a kind: write it as key: value lines with %s", kindField) + orExclude
		}
	}
	return msg
}
