package artifact

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestParseDocument(t *testing.T) {
	tests := []struct {
		name     string
		path     string
		src      string
		hint     string
		nilDoc   bool   // not an artifact
		kind     string // expected kind
		problem  string // substring of the first problem, "" for none
		line     int    // expected line of the first problem
		bodyLine int
	}{
		{name: "yaml artifact", path: "a.yaml", src: "kind: ai-system\nid: SYS-A\n", kind: "ai-system"},
		{name: "yaml without kind is ignored", path: "a.yaml", src: "foo: bar\n", nilDoc: true},
		{name: "other extension ignored", path: "a.txt", src: "kind: ai-system\n", nilDoc: true},
		{name: "markdown frontmatter", path: "p.md", src: "---\nkind: ai-policy\nid: POL-1\n---\n# Purpose\n", kind: "ai-policy", bodyLine: 5},
		{name: "markdown CRLF", path: "p.md", src: "---\r\nkind: ai-policy\r\nid: POL-1\r\n---\r\n# Purpose\r\n", kind: "ai-policy", bodyLine: 5},
		{name: "markdown BOM", path: "p.md", src: "\xef\xbb\xbf---\nkind: ai-policy\n---\n", kind: "ai-policy", bodyLine: 4},
		{name: "markdown without frontmatter", path: "README.md", src: "# Hello\n", nilDoc: true},
		{name: "empty frontmatter", path: "p.md", src: "---\n---\n# Hi\n", nilDoc: true},
		{name: "empty frontmatter mapped by config", path: "p.md", src: "---\n---\n# Hi\n", hint: "ai-policy", kind: "ai-policy", problem: "empty", line: 0},
		{name: "frontmatter never closed", path: "p.md", src: "---\nkind: ai-policy\nid: POL-1\n# Purpose\n", problem: "never closed", line: 1},
		{name: "thematic break is not frontmatter", path: "p.md", src: "---\nSome text\n", nilDoc: true},
		{name: "syntax error line in frontmatter", path: "p.md", src: "---\nkind: ai-policy\nid: [POL-1\ntitle: x\n---\n", problem: "invalid YAML", line: 3},
		{name: "syntax error yaml", path: "a.yaml", src: "kind: ai-system\nid: SYS-A\n  title: x\n", problem: "invalid YAML", line: 3},
		{name: "broken yaml without kind ignored", path: "a.yaml", src: "foo: [\n", nilDoc: true},
		{name: "duplicate key", path: "a.yaml", src: "kind: ai-system\nid: SYS-A\nid: SYS-B\n", kind: "ai-system", problem: "appears twice", line: 3},
		{name: "invalid utf8", path: "a.yaml", src: "kind: ai-system\ntitle: \xff\xfe\n", problem: "not valid UTF-8", line: 2},
		{name: "binary named md", path: "b.md", src: "---\nkind: ai-policy\n\x00\x01\x02", problem: "binary", line: 0},
		{name: "binary without kind ignored", path: "b.md", src: "\x89PNG\x00\x00", nilDoc: true},
		{name: "two documents", path: "a.yaml", src: "kind: ai-system\n---\nkind: dataset\n", problem: "more than one YAML document", line: 3},
		{name: "list root ignored", path: "a.yaml", src: "- a\n- b\n", nilDoc: true},
		{name: "list root mapped by config", path: "a.yaml", src: "- a\n- b\n", hint: "dataset", problem: "must be a mapping", line: 1},
		{name: "kind from config", path: "a.yaml", src: "id: DS-1\n", hint: "dataset", kind: "dataset"},
		{name: "declared kind wins over config", path: "a.yaml", src: "kind: supplier\n", hint: "dataset", kind: "supplier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ParseDocument(tt.path, []byte(tt.src), tt.hint)
			if tt.nilDoc {
				if d != nil {
					t.Fatalf("got a document (kind %q, problems %v), want none", d.Kind, d.Problems)
				}
				return
			}
			if d == nil {
				t.Fatal("got no document")
			}
			if tt.kind != "" && d.Kind != tt.kind {
				t.Errorf("kind = %q, want %q", d.Kind, tt.kind)
			}
			if tt.bodyLine != 0 && d.BodyLine != tt.bodyLine {
				t.Errorf("body line = %d, want %d", d.BodyLine, tt.bodyLine)
			}
			if tt.problem == "" {
				if len(d.Problems) > 0 {
					t.Fatalf("unexpected problems: %v", d.Problems)
				}
				return
			}
			if len(d.Problems) == 0 {
				t.Fatalf("no problem, want %q", tt.problem)
			}
			p := d.Problems[0]
			if !strings.Contains(p.Message, tt.problem) {
				t.Errorf("problem = %q, want it to contain %q", p.Message, tt.problem)
			}
			if p.Range.Start.Line != tt.line {
				t.Errorf("problem line = %d, want %d", p.Range.Start.Line, tt.line)
			}
			if p.RuleID != RuleParse {
				t.Errorf("rule = %s, want %s", p.RuleID, RuleParse)
			}
		})
	}
}

func TestParseDocumentValues(t *testing.T) {
	src := "---\nkind: risk-register\nid: RSK-REG\nversion: 1.2\napproved_on: 2026-03-01\nrisks:\n  - id: RSK-001\n    likelihood: 4\n    score: 2.5\n    ok: true\n    none: ~\n    controls: [9.2]\ncontrols: [7.4, 6.1.2]\n---\nbody\n"
	d := ParseDocument("r.md", []byte(src), "")
	if len(d.Problems) > 0 {
		t.Fatal(d.Problems)
	}
	checks := []struct {
		path []string
		want any
	}{
		{[]string{"approved_on"}, "2026-03-01"},
		{[]string{"version"}, 1.2},
		{[]string{"risks", "0", "likelihood"}, int64(4)},
		{[]string{"risks", "0", "score"}, 2.5},
		{[]string{"risks", "0", "ok"}, true},
		{[]string{"risks", "0", "none"}, nil},
		{[]string{"risks", "9"}, nil},
		{[]string{"controls", "0"}, "7.4"},
		{[]string{"controls", "1"}, "6.1.2"},
		{[]string{"risks", "0", "controls", "0"}, "9.2"},
	}
	for _, c := range checks {
		if got := d.Get(c.path...); got != c.want {
			t.Errorf("Get(%v) = %#v, want %#v", c.path, got, c.want)
		}
	}
	if r := d.Locate("risks", "0", "likelihood"); r.Start != (Position{Line: 8, Col: 17}) || r.End.Col != 18 {
		t.Errorf("Locate = %+v, want line 8 col 17..18", r)
	}
	if r := d.LocateKey("approved_on"); r.Start != (Position{Line: 5, Col: 1}) {
		t.Errorf("LocateKey = %+v, want 5:1", r)
	}
	if r := d.Locate("risks", "0", "missing"); r.Start.Line != 7 {
		t.Errorf("Locate of a missing key = %+v, want the mapping on line 7", r)
	}
	if d.ID != "RSK-REG" {
		t.Errorf("ID = %q", d.ID)
	}
}

func TestParseDocumentHostile(t *testing.T) {
	// A billion-laughs style alias bomb must end fast with a finding.
	var b strings.Builder
	b.WriteString("kind: dataset\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("a")
		b.WriteString(strconv.Itoa(i))
		b.WriteString(": &a")
		b.WriteString(strconv.Itoa(i))
		b.WriteString(" [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + strconv.Itoa(i-1))
		}
		b.WriteString("]\n")
	}
	deep := "kind: dataset\nx: " + strings.Repeat("[", 500) + strings.Repeat("]", 500) + "\n"
	tests := []struct{ name, src, want string }{
		{"alias bomb", b.String(), "aliases"},
		{"deep nesting", deep, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ParseDocument("a.yaml", []byte(tt.src), "")
			if d == nil || len(d.Problems) == 0 {
				t.Fatal("want a problem")
			}
			if tt.want != "" && !strings.Contains(d.Problems[0].Message, tt.want) {
				t.Errorf("problem = %q, want %q", d.Problems[0].Message, tt.want)
			}
		})
	}
}

// TestParseDocumentLargeWithoutAliases: the alias guard counts what aliases
// expand to, never the values a large file simply has. A risk register of
// 60,000 risks (300,000 values, no alias) parses; one small alias beside them
// changes nothing.
func TestParseDocumentLargeWithoutAliases(t *testing.T) {
	var b strings.Builder
	b.WriteString("kind: risk-register\nid: RSK-REG\ncommon: &c {owner: risk-owners}\nrisks:\n")
	for i := range 60000 {
		fmt.Fprintf(&b, "  - {id: RSK-%05d, title: Risk %d, likelihood: 2, impact: 3, treatment: *c}\n", i, i)
	}
	d := ParseDocument("risk-register.yaml", []byte(b.String()), "")
	if d == nil {
		t.Fatal("not a document")
	}
	for _, p := range d.Problems {
		t.Errorf("problem: %s", p.Message)
	}
	if n := len(d.List("risks")); n != 60000 {
		t.Errorf("%d risks, want 60000", n)
	}
}

func TestSplitFrontmatterDots(t *testing.T) {
	d := ParseDocument("p.md", []byte("---\nkind: ai-policy\n...\nbody\n"), "")
	if d == nil || d.BodyLine != 4 || string(d.Body) != "body\n" {
		t.Fatalf("got %+v", d)
	}
}

// TestStatusAsParsed: Status, read once at parsing, says what the status
// field says: a string, "" for another type or none, and the same for a
// document built by hand.
func TestStatusAsParsed(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"kind: dataset\nstatus: approved\n", "approved"},
		{"kind: dataset\nstatus: 'in-review'\n", "in-review"},
		{"kind: dataset\nstatus: 3\n", ""},
		{"kind: dataset\nstatus: [approved]\n", ""},
		{"kind: dataset\n", ""},
	} {
		d := ParseDocument("d.yaml", []byte(tt.src), "")
		if got := d.Status(); got != tt.want || got != d.String("status") {
			t.Errorf("%q: Status() = %q, String(status) = %q, want %q", tt.src, got, d.String("status"), tt.want)
		}
	}
	if d, err := ParseYAML("c.yaml", []byte("status: retired\n")); err != nil || d.Status() != "retired" {
		t.Errorf("ParseYAML: Status() = %q, %v", d.Status(), err)
	}
	byHand := &Document{Data: map[string]any{"status": "draft"}}
	if got := byHand.Status(); got != "draft" {
		t.Errorf("by hand: Status() = %q", got)
	}
	if got := (&Document{}).Status(); got != "" {
		t.Errorf("unparsed: Status() = %q", got)
	}
}

// TestMemo checks that what Memo derives from a document is computed once
// per key, however many goroutines ask at once, and that keys are apart.
func TestMemo(t *testing.T) {
	d := ParseDocument("a.yaml", []byte("kind: ai-system\nid: SYS-A\n"), "")
	type idKey struct{}
	type kindKey struct{}
	var calls atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := d.Memo(idKey{}, func() any { calls.Add(1); return d.ID }); got != "SYS-A" {
				t.Errorf("Memo = %v", got)
			}
		}()
	}
	wg.Wait()
	if got := d.Memo(kindKey{}, func() any { return d.Kind }); got != "ai-system" {
		t.Errorf("another key: %v", got)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("computed %d times, want once", n)
	}
	if got := d.Memo(idKey{}, func() any { return "again" }); got != "SYS-A" {
		t.Errorf("Memo computed again: %v", got)
	}
}
