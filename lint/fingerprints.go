package lint

import (
	"io/fs"
	"strings"

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
		lines := strings.Split(string(src), "\n")
		for _, i := range byFile[name] {
			line := findings[i].Range.Start.Line
			if line <= len(hashes) {
				findings[i].Fingerprint = hashes[line-1]
			}
			if line <= len(lines) {
				findings[i].Line = strings.TrimSpace(lines[line-1])
			}
		}
	}
}
