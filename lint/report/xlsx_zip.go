package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The package is finished here, after excelize has written it, for two
// reasons. Determinism: excelize writes the Default entries of
// [Content_Types].xml in map order when the workbook has a chart, so they are
// sorted. Speed: excelize's SetCellHyperLink scans every relationship of the
// sheet for each new link, which takes over a second for 10,000 findings,
// so hyperlinks are added here in one pass instead, as the same XML excelize
// would write: a <hyperlinks> element in the sheet and one relationship per
// link in the sheet's .rels part.

// An xlsxLink is one hyperlink to a file: the cell it is on and its target.
type xlsxLink struct {
	cell, target string
}

// addLink records a hyperlink on a cell that shows a file, when the file can
// be linked safely, and reports whether it did. A sheet holds at most
// xlsxMaxLinks links; further cells keep their text.
func (wb *workbook) addLink(sheet, ref, file string) bool {
	target := wb.fileLink(file)
	if target == "" || len(wb.links[sheet]) >= xlsxMaxLinks {
		return false
	}
	wb.links[sheet] = append(wb.links[sheet], xlsxLink{ref, target})
	return true
}

// linkCell links a normal-mode cell that shows file, and styles it as a link.
func (wb *workbook) linkCell(sheet, ref, file string) error {
	if !wb.addLink(sheet, ref, file) {
		return nil
	}
	return wb.f.SetCellStyle(sheet, ref, ref, wb.s.link)
}

// Namespaces and types of the parts normalizeZip edits.
const (
	nsRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relHyperlink    = nsRelationships + "/hyperlink"
)

// contentTypeDefault matches one Default entry of [Content_Types].xml.
var contentTypeDefault = regexp.MustCompile(`<Default [^>]*?(?:/>|></Default>)`)

// normalizeZip re-zips a workbook: entries in the same order, compressed
// entries copied as they are, [Content_Types].xml with its Default entries
// sorted, and the hyperlinks (by sheet name) added to their sheets.
func normalizeZip(src []byte, links map[string][]xlsxLink) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, fmt.Errorf("re-read the workbook: %w", err)
	}
	entries := map[string]*zip.File{}
	for _, e := range zr.File {
		entries[e.Name] = e
	}
	paths, err := sheetPaths(entries)
	if err != nil {
		return nil, err
	}

	// What changes: each linked sheet's XML and its relationships.
	edited := map[string][]byte{}
	var created []string // .rels parts that did not exist
	var names []string
	for name := range links {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if len(links[name]) == 0 {
			continue
		}
		sheet, ok := paths[name]
		if !ok || entries[sheet] == nil {
			return nil, fmt.Errorf("link cells: no sheet %q in the workbook", name)
		}
		rels := path.Join(path.Dir(sheet), "_rels", path.Base(sheet)+".rels")
		var relsXML []byte
		if e := entries[rels]; e != nil {
			if relsXML, err = readEntry(e); err != nil {
				return nil, err
			}
		} else {
			relsXML = []byte(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`)
			created = append(created, rels)
		}
		sheetXML, err := readEntry(entries[sheet])
		if err != nil {
			return nil, err
		}
		if edited[sheet], edited[rels], err = addHyperlinks(sheetXML, relsXML, links[name]); err != nil {
			return nil, fmt.Errorf("link cells of %s: %w", name, err)
		}
	}

	var out bytes.Buffer
	out.Grow(len(src) + len(src)/4)
	zw := zip.NewWriter(&out)
	write := func(name string, data []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	for _, e := range zr.File {
		switch data, ok := edited[e.Name]; {
		case ok:
			err = write(e.Name, data)
		case e.Name == "[Content_Types].xml":
			if data, err = readEntry(e); err == nil {
				err = write(e.Name, sortContentTypes(data))
			}
		default:
			err = copyEntry(zw, e)
		}
		if err != nil {
			return nil, fmt.Errorf("re-zip the workbook: %w", err)
		}
	}
	for _, rels := range created {
		if err := write(rels, edited[rels]); err != nil {
			return nil, fmt.Errorf("re-zip the workbook: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// readEntry returns the uncompressed content of a zip entry.
func readEntry(e *zip.File) ([]byte, error) {
	rc, err := e.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// copyEntry copies a zip entry without recompressing it.
func copyEntry(zw *zip.Writer, e *zip.File) error {
	rc, err := e.OpenRaw()
	if err != nil {
		return err
	}
	fh := e.FileHeader
	w, err := zw.CreateRaw(&fh)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, rc)
	return err
}

// sheetPaths maps each sheet name to its part, from the workbook and its
// relationships.
func sheetPaths(entries map[string]*zip.File) (map[string]string, error) {
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for _, part := range []struct {
		name string
		v    any
	}{{"xl/workbook.xml", &book}, {"xl/_rels/workbook.xml.rels", &rels}} {
		e := entries[part.name]
		if e == nil {
			return nil, fmt.Errorf("re-read the workbook: no %s", part.name)
		}
		data, err := readEntry(e)
		if err != nil {
			return nil, err
		}
		if err := xml.Unmarshal(data, part.v); err != nil {
			return nil, fmt.Errorf("re-read the workbook: %s: %w", part.name, err)
		}
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	paths := map[string]string{}
	for _, s := range book.Sheets {
		if t, ok := targets[s.RID]; ok {
			paths[s.Name] = t
		}
	}
	return paths, nil
}

// worksheetAfterHyperlinks are the elements that follow <hyperlinks> in a
// worksheet (ECMA-376 CT_Worksheet), in order; <hyperlinks> goes before the
// first one present.
var worksheetAfterHyperlinks = []string{
	"<printOptions", "<pageMargins", "<pageSetup", "<headerFooter", "<rowBreaks", "<colBreaks",
	"<customProperties", "<cellWatches", "<ignoredErrors", "<smartTags", "<drawing", "<legacyDrawing",
	"<legacyDrawingHF", "<drawingHF", "<picture", "<oleObjects", "<controls", "<webPublishItems",
	"<tableParts", "<extLst", "</worksheet>",
}

// relID matches a relationship id.
var relID = regexp.MustCompile(`\bId="rId(\d+)"`)

// addHyperlinks adds links to a worksheet and its relationships part: one
// External relationship per link, numbered after the part's highest rId,
// and a <hyperlinks> element in its place in the sheet.
func addHyperlinks(sheet, rels []byte, links []xlsxLink) ([]byte, []byte, error) {
	if bytes.Contains(sheet, []byte("<hyperlinks")) {
		return nil, nil, fmt.Errorf("the sheet has hyperlinks already")
	}
	data := bytes.Index(sheet, []byte("<sheetData"))
	if data < 0 {
		return nil, nil, fmt.Errorf("the sheet has no sheetData")
	}
	at := -1
	for _, tag := range worksheetAfterHyperlinks {
		if i := bytes.Index(sheet[data:], []byte(tag)); i >= 0 && (at < 0 || data+i < at) {
			at = data + i
		}
	}
	end := bytes.LastIndex(rels, []byte("</Relationships>"))
	if at < 0 || end < 0 {
		return nil, nil, fmt.Errorf("unexpected sheet or relationships XML")
	}
	next := 0
	for _, m := range relID.FindAllSubmatch(rels, -1) {
		if n, err := strconv.Atoi(string(m[1])); err == nil {
			next = max(next, n)
		}
	}

	var hl, rl bytes.Buffer
	hl.WriteString("<hyperlinks>")
	for _, l := range links {
		next++
		id := "rId" + strconv.Itoa(next)
		fmt.Fprintf(&hl, `<hyperlink ref="%s" r:id="%s"></hyperlink>`, xmlAttr(l.cell), id)
		fmt.Fprintf(&rl, `<Relationship Id="%s" Target="%s" TargetMode="External" Type="%s"></Relationship>`, id, xmlAttr(l.target), relHyperlink)
	}
	hl.WriteString("</hyperlinks>")

	var s bytes.Buffer
	s.Grow(len(sheet) + hl.Len() + 64)
	root := bytes.Index(sheet, []byte("<worksheet"))
	if root < 0 || root > data {
		return nil, nil, fmt.Errorf("the sheet has no worksheet element")
	}
	rootEnd := root + bytes.IndexByte(sheet[root:], '>')
	if !bytes.Contains(sheet[root:rootEnd], []byte(`xmlns:r="`+nsRelationships+`"`)) {
		if bytes.Contains(sheet[root:rootEnd], []byte("xmlns:r=")) {
			return nil, nil, fmt.Errorf("the sheet binds the prefix r to another namespace")
		}
		s.Write(sheet[:root+len("<worksheet")])
		s.WriteString(` xmlns:r="` + nsRelationships + `"`)
		s.Write(sheet[root+len("<worksheet") : at])
	} else {
		s.Write(sheet[:at])
	}
	s.Write(hl.Bytes())
	s.Write(sheet[at:])

	var r bytes.Buffer
	r.Grow(len(rels) + rl.Len())
	r.Write(rels[:end])
	r.Write(rl.Bytes())
	r.Write(rels[end:])
	return s.Bytes(), r.Bytes(), nil
}

// xmlAttr escapes s for an XML attribute value.
func xmlAttr(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // quotes too
	return b.String()
}

// sortContentTypes sorts the Default entries of [Content_Types].xml in
// place: each Default slot gets the next entry in sorted order, and
// everything else stays where it is.
func sortContentTypes(data []byte) []byte {
	locs := contentTypeDefault.FindAllIndex(data, -1)
	if len(locs) < 2 {
		return data
	}
	entries := make([]string, len(locs))
	for i, l := range locs {
		entries[i] = string(data[l[0]:l[1]])
	}
	slices.Sort(entries)
	var b bytes.Buffer
	prev := 0
	for i, l := range locs {
		b.Write(data[prev:l[0]])
		b.WriteString(entries[i])
		prev = l[1]
	}
	b.Write(data[prev:])
	return b.Bytes()
}
