package lint

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aimsdev/aims/artifact"
)

// TestDefaultMaxFileSize: without max_file_size, the 13 MB risk register of
// an AIMS of 100,000 artifacts is read, not skipped with AIMS1004 nor refused
// by the alias guard, while a file over the default limit still is skipped
// (and its tens of thousands of ids are named in a note without delay).
func TestDefaultMaxFileSize(t *testing.T) {
	// register writes a register of size bytes: comments, which parse fast
	// (the test is of the limit, not of the rules), or as many risk ids.
	register := func(size int, ids bool) []byte {
		var b strings.Builder
		b.WriteString("kind: risk-register\nid: RSK-REG\nrisks:\n")
		for i := 0; b.Len() < size; i++ {
			if ids {
				fmt.Fprintf(&b, "  - id: RSK-%06d # %s\n", i, strings.Repeat("x", 100))
			} else {
				fmt.Fprintf(&b, "# %s\n", strings.Repeat("x", 200))
			}
		}
		return []byte(b.String())
	}
	for _, tc := range []struct {
		name     string
		size     int
		tooLarge bool
	}{
		{"13 MB register", 13_000_000, false},
		{"over the default", DefaultMaxFileSize + 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && !tc.tooLarge {
				t.Skip("-short: the 13 MB register takes seconds to parse")
			}
			fsys := fstest.MapFS{"risk/register.yaml": {Data: register(tc.size, tc.tooLarge)}}
			cfg := &Config{FS: fsys, AsOf: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)}
			res, err := Run(context.Background(), cfg, problemRules())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				if f.RuleID == artifact.RuleTooLarge || f.RuleID == artifact.RuleParse {
					got = append(got, f.RuleID+" "+f.Message)
				}
			}
			want := 0
			if tc.tooLarge {
				want = 1
			}
			if len(got) != want || tc.tooLarge && !strings.Contains(got[0], "over the 16 MiB limit") {
				t.Errorf("findings = %q, want %d (AIMS1004 over the 16 MiB limit: %v)", got, want, tc.tooLarge)
			}
		})
	}
}
