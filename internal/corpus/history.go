package corpus

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// A Shape says how the history of a generated repository looks: Commits
// commits after the one that adds the corpus, each changing Touch artifacts
// (a YAML comment, so no rule sees a change of content) and, when Hot is
// set, the file at that path too; the risk register is changed
// RegisterChanges times, spread evenly, and by no other commit.
type Shape struct {
	Commits         int
	Touch           int
	Hot             string
	RegisterChanges int
	// Months, when above 0, moves the first commit Months months before the
	// last one's day (2026-09-29), so that the commits spread over that many
	// months: the shape of `aims trend`'s benchmark. The documents keep
	// their dates.
	Months int
}

// registerPath is where every corpus keeps its risk register.
const registerPath = "risk/register.yaml"

// start is the date of the first commit: the day every corpus document was
// approved and reviewed (2026-09-10), so the history agrees with the dates
// the documents state; the last commit is before the as-of date the
// benchmarks use (2026-09-30).
var start = time.Date(2026, 9, 10, 9, 0, 0, 0, time.UTC)

// FastImport writes, in the format of `git fast-import`, a history of the
// corpus of about n artifacts on refs/heads/main: one commit adding every
// file, then the commits of s. The same n and s always give the same bytes.
func FastImport(w io.Writer, n int, s Shape) error {
	files := Files(n)
	paths := slices.Sorted(func(yield func(string) bool) {
		for p := range files {
			if p != ".aims.yaml" && p != registerPath && !yield(p) {
				return
			}
		}
	})
	bw := bufio.NewWriterSize(w, 1<<20)
	total := s.Commits + 1
	first, end := start, time.Date(2026, 9, 29, 0, 0, 0, 0, time.UTC)
	if s.Months > 0 {
		first = end.AddDate(0, -s.Months, 0)
	}
	span := end.Sub(first)
	when := func(i int) time.Time {
		if total == 1 {
			return first
		}
		return first.Add(span / time.Duration(total) * time.Duration(i))
	}
	rev := map[string]int{} // how often each file was changed
	commit := func(i int, msg string, changed []string) {
		fmt.Fprintf(bw, "commit refs/heads/main\nmark :%d\n", i+1)
		ts := when(i).Unix()
		fmt.Fprintf(bw, "author Corpus Author <author@example.com> %d +0000\ncommitter Corpus Author <author@example.com> %d +0000\n", ts, ts)
		fmt.Fprintf(bw, "data %d\n%s\n", len(msg), msg)
		if i > 0 {
			fmt.Fprintf(bw, "from :%d\n", i)
		}
		for _, p := range changed {
			content := touched(files[p], rev[p])
			fmt.Fprintf(bw, "M 100644 inline %s\ndata %d\n%s\n", p, len(content), content)
		}
	}
	commit(0, "Add the AI management system", append([]string{".aims.yaml", registerPath}, paths...))
	x := uint64(42)
	every := 0
	if s.RegisterChanges > 0 {
		every = max(1, s.Commits/s.RegisterChanges)
	}
	registerLeft := s.RegisterChanges
	for i := 1; i <= s.Commits; i++ {
		var changed []string
		for k := 0; k < s.Touch && len(paths) > 0; k++ {
			x = x*6364136223846793005 + 1442695040888963407 // a fixed LCG: the same history every time
			changed = append(changed, paths[(x>>33)%uint64(len(paths))])
		}
		if s.Hot != "" {
			changed = append(changed, s.Hot)
		}
		if every > 0 && registerLeft > 0 && i%every == 0 {
			changed = append(changed, registerPath)
			registerLeft--
		}
		slices.Sort(changed)
		changed = slices.Compact(changed)
		for _, p := range changed {
			rev[p]++
		}
		commit(i, fmt.Sprintf("Change %d", i), changed)
	}
	return bw.Flush()
}

// touched returns content as its rev-th change left it: a YAML comment
// naming the change, first in the YAML or the frontmatter, so the data and
// the body stay the same.
func touched(content string, rev int) string {
	if rev == 0 {
		return content
	}
	line := fmt.Sprintf("# change %d\n", rev)
	if rest, ok := strings.CutPrefix(content, "---\n"); ok {
		return "---\n" + line + rest
	}
	return line + content
}
