package lint

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint/fingerprint"
)

// countingFS counts how often each file is opened.
type countingFS struct {
	fs.FS
	opens map[string]int
}

func (c countingFS) Open(name string) (fs.File, error) {
	c.opens[name]++
	return c.FS.Open(name)
}

func TestAddFingerprints(t *testing.T) {
	src := "kind: ai-system\nid: SYS-CHAT\nrisk_level: high\n"
	hashes := fingerprint.LineHashes([]byte(src))
	fsys := countingFS{FS: fstest.MapFS{"systems/chat.yaml": {Data: []byte(src)}}, opens: map[string]int{}}
	at := func(file string, line int) Finding {
		return Finding{RuleID: "AIMS9001", Range: artifact.Range{File: file, Start: artifact.Position{Line: line, Col: 1}}}
	}
	findings := []Finding{
		{RuleID: "AIMS9001"},       // repository-level
		at("systems/chat.yaml", 0), // the file as a whole
		at("systems/chat.yaml", 2),
		at("systems/chat.yaml", 3),
		at("systems/chat.yaml", 9),    // past the end
		at("systems/missing.yaml", 1), // unreadable
	}
	addFingerprints(fsys, findings)
	want := []string{"", "", hashes[1], hashes[2], "", ""}
	for i, f := range findings {
		if f.Fingerprint != want[i] {
			t.Errorf("finding %d (%s): fingerprint %q, want %q", i, f.Range, f.Fingerprint, want[i])
		}
	}
	if n := fsys.opens["systems/chat.yaml"]; n != 1 {
		t.Errorf("systems/chat.yaml opened %d times, want once", n)
	}
}

// TestFingerprintsSurviveInsertedLines lints a file, then the same file with
// unrelated lines added above the finding: the finding moves down, and its
// fingerprint stays.
func TestFingerprintsSurviveInsertedLines(t *testing.T) {
	highRisk := &Rule{ID: "AIMS9001", Title: "high risk", Severity: Warning, Controls: []string{"A.5.2"}, Check: func(p *Pass) error {
		for _, d := range p.Documents {
			if d.String("risk_level") == "high" {
				p.Report(d.Locate("risk_level"), "assess the impact")
			}
		}
		return nil
	}}
	lintOne := func(src string) Finding {
		t.Helper()
		fsys := fstest.MapFS{"systems/chat.yaml": {Data: []byte(src)}}
		res, err := Run(context.Background(), &Config{FS: fsys}, []*Rule{highRisk})
		if err != nil {
			t.Fatal(err)
		}
		var found []Finding
		for _, f := range res.Findings {
			if f.RuleID == highRisk.ID {
				found = append(found, f)
			}
		}
		if len(found) != 1 {
			t.Fatalf("%d findings, want 1: %+v", len(found), res.Findings)
		}
		return found[0]
	}
	src := strings.Replace(validSystem, "risk_level: limited", "risk_level: high", 1)
	before := lintOne(src)
	after := lintOne(strings.Replace(src, "status: draft\n", "# reviewed by the ethics committee\n\nstatus: draft\nversion: \"1.1\"\n", 1))
	if before.Fingerprint == "" {
		t.Fatal("no fingerprint")
	}
	if after.Range.Start.Line != before.Range.Start.Line+3 {
		t.Fatalf("finding at line %d, then %d: the edit did not move it by 3", before.Range.Start.Line, after.Range.Start.Line)
	}
	if after.Fingerprint != before.Fingerprint {
		t.Errorf("fingerprint changed from %s to %s when lines were added above", before.Fingerprint, after.Fingerprint)
	}
	if edited := lintOne(strings.Replace(src, "risk_level: high", "risk_level: \"high\"", 1)); edited.Fingerprint == before.Fingerprint {
		t.Error("fingerprint kept when the finding's line changed")
	}
}

func TestAddLines(t *testing.T) {
	src := []byte("kind: ai-system\r\n  id: SYS-1  \n\nlast")
	fs := []Finding{
		{Range: artifact.Range{File: "a", Start: artifact.Position{Line: 4}}},
		{Range: artifact.Range{File: "a", Start: artifact.Position{Line: 2}}},
		{Range: artifact.Range{File: "a", Start: artifact.Position{Line: 1}}},
		{Range: artifact.Range{File: "a", Start: artifact.Position{Line: 3}}},
		{Range: artifact.Range{File: "a", Start: artifact.Position{Line: 9}}},
		{Range: artifact.Range{File: "a", Start: artifact.Position{Line: 2}}},
	}
	addLines(src, fs, []int{0, 1, 2, 3, 4, 5})
	want := []string{"last", "id: SYS-1", "kind: ai-system", "", "", "id: SYS-1"}
	for i, w := range want {
		if fs[i].Line != w {
			t.Errorf("finding %d (line %d): Line = %q, want %q", i, fs[i].Range.Start.Line, fs[i].Line, w)
		}
	}
}
