package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// specialPath and specialMessage carry every character the CI formats must
// escape: workflow-command separators, Markdown table pipes, line breaks and
// XML markup.
const (
	specialPath    = "systems/a,b:c%d|e<&>.yaml"
	specialMessage = "fix 100% of \"SYS-X\": a, b | c\r\nsee <&> and ]]> too"
)

// ciResult is mixedResult linted in a folder below the repository root, with
// one more finding whose path and message hold special characters.
func ciResult() *lint.Result {
	r := mixedResult()
	r.Prefix = "governance/aims"
	r.Version = "0.4.0"
	r.Artifacts = slices.Insert(r.Artifacts, 3, lint.Artifact{
		Path: specialPath, Kind: "ai-system", ID: "SYS-X", Title: "Special", Status: "approved",
	})
	r.Findings = slices.Insert(r.Findings, 3, lint.Finding{
		RuleID: "AIMS2001", Severity: lint.Error,
		Range: artifact.Range{
			File:  specialPath,
			Start: artifact.Position{Line: 3, Col: 1},
			End:   artifact.Position{Line: 5, Col: 2},
		},
		Message:  specialMessage,
		Controls: []string{"6.1.4", "A.5.2"},
		Related: []lint.Related{{
			Range:   artifact.Range{File: "systems/credit.yaml", Start: artifact.Position{Line: 1, Col: 1}},
			Message: "see also, here",
		}},
	})
	// Group entries, as the catalogue lists them after the references, for
	// some groups only.
	r.References = append(r.References,
		lint.Reference{ID: "4", Title: "Context of the organization", Group: "4"},
		lint.Reference{ID: "A.6", Title: "AI system life cycle", Group: "A.6", Control: true},
	)
	return r
}

// manyResult has more findings of each severity than GitHub annotates or the
// job summary lists, notes first in the result's order.
func manyResult(n int) *lint.Result {
	r := &lint.Result{Root: ".", FailOn: lint.Error, Rules: []*lint.Rule{ruleParse, ruleOperation, ruleReview}}
	for _, s := range []lint.Severity{lint.Note, lint.Warning, lint.Error} {
		id := map[lint.Severity]string{lint.Error: "AIMS1001", lint.Warning: "AIMS3004", lint.Note: "AIMS5001"}[s]
		for i := range n {
			r.Findings = append(r.Findings, lint.Finding{
				RuleID: id, Severity: s,
				Range:   artifact.Range{File: fmt.Sprintf("%s/%02d.yaml", s, i), Start: artifact.Position{Line: 1, Col: 1}},
				Message: fmt.Sprintf("%s %d", s, i),
			})
		}
	}
	r.Notifications = []string{"shallow clone: history-based checks were skipped"}
	return r
}

// checkGolden compares got with testdata/name.golden, or rewrites the file
// under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./lint/report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./lint/report -update to accept)\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
}

func TestCIFormats(t *testing.T) {
	formats := []struct {
		name string
		fn   Func
	}{{"github", GitHub}, {"markdown", Markdown}, {"junit", JUnit}}
	results := []struct {
		name   string
		result func() *lint.Result
	}{{"mixed", ciResult}, {"empty", emptyResult}}
	for _, f := range formats {
		for _, res := range results {
			t.Run(f.name+"_"+res.name, func(t *testing.T) {
				var a, b bytes.Buffer
				if err := f.fn(&a, res.result(), Options{}); err != nil {
					t.Fatal(err)
				}
				if err := f.fn(&b, res.result(), Options{}); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a.Bytes(), b.Bytes()) {
					t.Error("two runs differ")
				}
				if !bytes.HasSuffix(a.Bytes(), []byte("\n")) {
					t.Error("output does not end in a newline")
				}
				checkGolden(t, f.name+"_"+res.name, a.Bytes())
			})
		}
		t.Run(f.name+"_bare", func(t *testing.T) {
			if err := f.fn(new(bytes.Buffer), bareResult(), Options{}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestGitHubCommands(t *testing.T) {
	var buf bytes.Buffer
	if err := GitHub(&buf, ciResult(), Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	want := []string{
		`::error title=AIMS4001 clause or control has no evidence::add an artifact that evidences A.6.2.4 "AI system verification and validation" (A.6.2.4)`,
		`::error file=governance/aims/systems/a%2Cb%3Ac%25d|e<&>.yaml,line=3,endLine=5,title=AIMS2001 high-risk AI system has no impact assessment::` +
			`fix 100%25 of "SYS-X": a, b | c%0D%0Asee <&> and ]]> too (6.1.4, A.5.2)%0Agovernance/aims/systems/credit.yaml:1:1: see also, here`,
		`::error file=governance/aims/systems/credit.yaml,line=4,col=13,endLine=4,endColumn=16,title=AIMS2001 high-risk AI system has no impact assessment::` +
			`add an approved impact assessment for high-risk AI system "SYS-CREDIT" (6.1.4, A.5.2)`,
		`::error file=governance/aims/systems/fraud.yaml,line=2,col=5,endLine=2,endColumn=14,title=AIMS2004 artifact id is not unique::` +
			`rename the id: "SYS-CREDIT" is already used (7.5.3)%0Agovernance/aims/systems/credit.yaml:2:5: first defined here`,
		`::warning title=AIMS4002 clause or control is evidenced by drafts only::approve an artifact that evidences 6.1.4: only drafts exist (6.1.4)`,
		`::notice title=aims::shallow clone: history-based checks were skipped; fetch the full history (fetch-depth: 0)`,
		`::notice file=governance/aims/policy/ai-policy.md,title=AIMS5001 next review date has passed::review the document: next_review 2026-06-30 has passed (5.2, 7.5.3)`,
		`aims: 4 errors, 1 warning, 1 note in 7 artifacts (1 suppressed)`,
	}
	if !slices.Equal(lines, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestGitHubOrderAndLimit(t *testing.T) {
	var buf bytes.Buffer
	if err := GitHub(&buf, manyResult(12), Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 36+1+2 {
		t.Fatalf("got %d lines, want 39:\n%s", len(lines), buf.String())
	}
	// Errors, warnings, the notification, notes.
	rank := func(l string) int {
		for i, prefix := range []string{"::error ", "::warning ", "::notice title=aims::", "::notice "} {
			if strings.HasPrefix(l, prefix) {
				return i
			}
		}
		t.Errorf("not a command: %s", l)
		return -1
	}
	last := 0
	for i, l := range lines[:37] {
		r := rank(l)
		if r < last {
			t.Errorf("line %d out of order: %s", i+1, l)
		}
		last = max(last, r)
	}
	if !strings.HasPrefix(lines[0], "::error file=error/00.yaml,") || !strings.HasPrefix(lines[11], "::error file=error/11.yaml,") {
		t.Errorf("errors are not first, in the result's order:\n%s\n%s", lines[0], lines[11])
	}
	if lines[24] != "::notice title=aims::shallow clone: history-based checks were skipped" {
		t.Errorf("the notification does not come before the notes: %s", lines[24])
	}
	if want := "aims: 12 errors, 12 warnings, 12 notes in 0 artifacts"; lines[37] != want {
		t.Errorf("summary %q, want %q", lines[37], want)
	}
	if !strings.Contains(lines[38], "at most 10 errors") {
		t.Errorf("no word about GitHub's limit: %q", lines[38])
	}

	buf.Reset()
	if err := GitHub(&buf, manyResult(3), Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "at most") {
		t.Error("limit line below the limit")
	}
}

func TestGitHubEscape(t *testing.T) {
	tests := []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"%0A", "%250A", "%250A"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
		{"a\x1b]0;t\x07b", `a\x1b]0;t\x07b`, ""},
		{"x\u202egpj.md", `x\u202egpj.md`, ""},
	}
	for _, tt := range tests {
		if got := githubData(tt.in); got != tt.data {
			t.Errorf("githubData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if tt.prop == "" {
			continue // a message only
		}
		if got := githubProperty(tt.in); got != tt.prop {
			t.Errorf("githubProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
}

func TestRepoPath(t *testing.T) {
	for _, tt := range []struct{ prefix, file, want string }{
		{"", "a.md", "a.md"},
		{"aims", "a.md", "aims/a.md"},
		{"x/aims/", "b/a.md", "x/aims/b/a.md"},
		{"aims", "", ""},
	} {
		if got := repoPath(&lint.Result{Prefix: tt.prefix}, tt.file); got != tt.want {
			t.Errorf("repoPath(%q, %q) = %q, want %q", tt.prefix, tt.file, got, tt.want)
		}
	}
}
