package artifact

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
)

// Load reads the candidate file f from fsys and parses it, as rd.Parse
// does (rd, the configuration's kinds and mappings, may be nil). A file
// that must not be read (f.Problem), is over maxSize bytes or cannot be read
// is a document with that problem and no data. For a Markdown or YAML file
// that holds no artifact, Load returns no document and why, for
// NotArtifacts; for any other file, neither. The documents of one Strings
// share their short strings; strs may be nil.
func Load(fsys fs.FS, f File, rd *Reading, maxSize int64, strs *Strings) (*Document, *Skipped) {
	kindHint := rd.GlobKind(f.Path)
	if f.Problem != nil {
		d := &Document{Path: f.Path, Kind: kindHint}
		d.Problems = append(d.Problems, *f.Problem)
		return d, nil
	}
	if f.Size > maxSize {
		d := tooLarge(f.Path, kindHint, f.Size, maxSize)
		d.salvageLarge(fsys, rd)
		return d, nil
	}
	src, err := ReadFile(fsys, f.Path)
	switch {
	case errors.Is(err, ErrNotRegular):
		d := &Document{Path: f.Path, Kind: kindHint}
		d.problem(RuleNotRegular, Position{}, notRegularMessage(""))
		return d, nil
	case err != nil:
		d := &Document{Path: f.Path, Kind: kindHint}
		pr := unreadableProblem(f.Path, false, err)
		d.Problems = append(d.Problems, pr)
		return d, nil
	case int64(len(src)) > maxSize: // it grew since discovery
		d := tooLarge(f.Path, kindHint, int64(len(src)), maxSize)
		d.Salvaged = salvageStream(bytes.NewReader(src), d.Format == Markdown, largeKeys(rd, f.Path))
		d.useSalvage(rd)
		return d, nil
	}
	d, why := parseDocument(f.Path, src, rd, kindHint, strs)
	if d == nil && why.why != notCandidate {
		return nil, &Skipped{Path: f.Path, skip: why}
	}
	return d, nil
}

// tooLarge is the document of a file over the size limit, which is not read.
func tooLarge(p, hint string, size, limit int64) *Document {
	d := &Document{Path: p, Kind: hint, Format: YAML}
	if isMarkdown(p) {
		d.Format = Markdown
	}
	d.problem(RuleTooLarge, Position{}, fmt.Sprintf("the file is %s, over the %s limit, and was not parsed: split it, or raise max_file_size in .aims.yaml", byteSize(size), byteSize(limit)))
	return d
}

// largeKeys are the keys a file too large to parse is read for, line by
// line: its kind, status and the ids it defines, so that references to them
// are not taken for dangling ones, and what the rules that judge unparsed
// files ask (controls evidenced, the audit a report is of); and the fields
// rd takes the kind or the id of the file at p from.
func largeKeys(rd *Reading, p string) []string {
	keys := []string{"kind", "id", "status", "controls", "audit"}
	if rd == nil {
		return keys
	}
	keys = append(keys, rd.kindFields(p)...)
	for _, m := range rd.Mappings {
		if m.ID != nil && m.ID.Field != "" && (m.Glob == "" || MatchGlob(m.Glob, p)) {
			keys = append(keys, m.ID.Field)
			for _, f := range m.Fields {
				if f.To == m.ID.Field {
					keys = append(keys, f.From)
				}
			}
		}
	}
	return keys
}

// salvageLarge reads the file of a document too large to parse line by line
// for largeKeys (see salvageStream), never holding more than a line of it.
// A file that cannot be opened is left as it is.
func (d *Document) salvageLarge(fsys fs.FS, rd *Reading) {
	f, err := fsys.Open(d.Path)
	if err != nil {
		return
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return
	}
	d.Salvaged = salvageStream(f, d.Format == Markdown, largeKeys(rd, d.Path))
	d.useSalvage(rd)
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
