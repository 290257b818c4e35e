package lint

import (
	"bytes"
	"io/fs"
	"slices"

	"github.com/aimsdev/aims/lint/fingerprint"
)

// addFingerprints sets the Fingerprint and the Line of every finding that has
// a file and a line, from the linted tree fsys. Each file is read once, however many
// findings it has. A file that cannot be read, or a line past its end, leaves
// the fingerprint empty: a report can still place the finding, and the upload
// action computes what it can.
func addFingerprints(fsys fs.FS, findings []Finding) {
	byFile := map[string][]int{}
	var files []string
	for i := range findings {
		r := findings[i].Range
		if r.File == "" || r.Start.Line < 1 {
			continue
		}
		if _, ok := byFile[r.File]; !ok {
			files = append(files, r.File)
		}
		byFile[r.File] = append(byFile[r.File], i)
	}
	for _, name := range files {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		hashes := fingerprint.LineHashes(src)
		idx := byFile[name]
		for _, i := range idx {
			if line := findings[i].Range.Start.Line; line <= len(hashes) {
				findings[i].Fingerprint = hashes[line-1]
			}
		}
		addLines(src, findings, idx)
	}
}

// addLines sets the Line of the findings at idx, which all point into src:
// the text of their start line, spaces at both ends trimmed (a final "\r"
// with them), or "" past the end. src is scanned once, however many
// findings there are.
func addLines(src []byte, findings []Finding, idx []int) {
	order := slices.Clone(idx)
	slices.SortFunc(order, func(a, b int) int { return findings[a].Range.Start.Line - findings[b].Range.Start.Line })
	line, rest := 1, src
	for _, i := range order {
		want := findings[i].Range.Start.Line
		for line < want && rest != nil {
			j := bytes.IndexByte(rest, '\n')
			if j < 0 {
				rest = nil
				break
			}
			rest = rest[j+1:]
			line++
		}
		if rest == nil {
			continue
		}
		text := rest
		if j := bytes.IndexByte(text, '\n'); j >= 0 {
			text = text[:j]
		}
		findings[i].Line = string(bytes.TrimSpace(text))
	}
}
