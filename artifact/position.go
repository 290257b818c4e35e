package artifact

import "fmt"

// A Position is a 1-based line and column. Columns count Unicode code points.
// The zero Position means "no position".
type Position struct {
	Line int
	Col  int
}

// A Range is a span of a file. File is the slash-separated path relative to the
// repository root; it is empty for findings about the repository as a whole
// (a missing artifact, for example).
type Range struct {
	File  string
	Start Position
	End   Position
}

// String formats the range as path:line:col, or "." for the repository.
func (r Range) String() string {
	if r.File == "" {
		return "."
	}
	if r.Start.Line == 0 {
		return r.File
	}
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Col)
}
