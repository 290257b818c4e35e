package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/aimsdev/aims/internal/gittest"
)

// TestSystemEvidenceIndexed: the per-system coverage finds each system's
// datasets and impact assessments through an index built once, with the
// same result as going through all of them for every system: a dataset the
// system lists by id, one that lists the system, one that does both or
// lists it twice (once), in path order whatever the order of the lists; a
// retired one is not evidence.
func TestSystemEvidenceIndexed(t *testing.T) {
	dir := t.TempDir()
	gittest.WriteFiles(t, dir, map[string]string{
		"systems/a.yaml":     "kind: ai-system\nid: SYS-A\nstatus: approved\ndatasets: [DS-B, DS-Z, DS-B]\n",
		"systems/b.yaml":     "kind: ai-system\nid: SYS-B\nstatus: approved\n",
		"data/1-z.yaml":      "kind: dataset\nid: DS-Z\nstatus: approved\n",
		"data/2-b.yaml":      "kind: dataset\nid: DS-B\nstatus: approved\nai_systems: [SYS-A, SYS-A]\n",
		"data/3-c.yaml":      "kind: dataset\nid: DS-C\nstatus: approved\nai_systems: [SYS-B, SYS-A]\n",
		"data/4-old.yaml":    "kind: dataset\nid: DS-OLD\nstatus: retired\nai_systems: [SYS-A]\n",
		"impact/2-a.yaml":    "kind: impact-assessment\nid: AIA-2\nstatus: approved\nai_system: SYS-A\n",
		"impact/1-a.yaml":    "kind: impact-assessment\nid: AIA-1\nstatus: approved\nai_system: SYS-A\n",
		"impact/3-none.yaml": "kind: impact-assessment\nid: AIA-3\nstatus: approved\n",
	})
	res := lintAll(t, dir)
	evidence := func(ref, system string) []string {
		t.Helper()
		c := coverageOf(t, res, ref)
		systems := c.Systems
		for _, it := range c.Items {
			systems = append(systems, it.Systems...)
		}
		for _, s := range systems {
			if s.System == system {
				return s.Evidence
			}
		}
		t.Fatalf("no coverage of %s for %s", ref, system)
		return nil
	}
	for _, tc := range []struct {
		ref, system string
		want        []string
	}{
		{"A.7.3", "SYS-A", []string{"data/1-z.yaml", "data/2-b.yaml", "data/3-c.yaml"}},
		{"A.7.3", "SYS-B", []string{"data/3-c.yaml"}},
		{"A.5.3", "SYS-A", []string{"impact/1-a.yaml", "impact/2-a.yaml"}},
		{"A.5.3", "SYS-B", nil},
	} {
		if got := evidence(tc.ref, tc.system); !slices.Equal(got, tc.want) {
			t.Errorf("%s for %s: evidence %q, want %q", tc.ref, tc.system, got, tc.want)
		}
	}
}

// TestShortTextFastPaths: markerValue and mayBeNonAnswer reject long text
// without building its key, and agree with the key for everything else.
func TestShortTextFastPaths(t *testing.T) {
	values := []string{"", " ", "-", "TODO", "t.b.d.", " FixMe ", "XXX!", "todos", "N/A", "n.a.", "None.", "Not applicable",
		"not yet defined", "NOT-YET-DEFINED!", "nothing at all", "İ", "TODO: write it", "A sentence written in full.",
		strings.Repeat("x", 40), "ﬁxme", "ＴＯＤＯ"}
	values = append(values, markerValues...)
	values = append(values, nonAnswers...)
	values = append(values, noneAnswers...)
	for _, s := range values {
		if got, want := markerValue(s), slices.Contains(markerValues, exclusionKey(s)); got != want {
			t.Errorf("markerValue(%q) = %v, want %v", s, got, want)
		}
		if nonAnswer("ai-policy", "x", s) && !mayBeNonAnswer(s) {
			t.Errorf("mayBeNonAnswer(%q) = false for a non-answer", s)
		}
	}
	for _, s := range append(slices.Clone(nonAnswers), noneAnswers...) {
		if !mayBeNonAnswer(strings.ToUpper(s) + ".") {
			t.Errorf("mayBeNonAnswer(%q) = false", s)
		}
	}
	if mayBeNonAnswer("The model is retrained every quarter.") {
		t.Error("a sentence may be a non-answer")
	}
	// NormalizeGuidance runs its expression only on text that starts with
	// "todo": the same result as running it on everything.
	for _, s := range append(values, "TODO: Describe the data", "todo :x", "ToDo:\tname it", "todox", "to do: x", "TODO", " \"TODO: quoted\"", "Ｔodo: wide") {
		want := strings.Trim(strings.TrimSpace(s), "\"'` \t")
		want = guidanceTODO.ReplaceAllString(want, "")
		want = strings.TrimRight(strings.ToLower(strings.Join(strings.Fields(want), " ")), ".;: ")
		if got := NormalizeGuidance(s); got != want {
			t.Errorf("NormalizeGuidance(%q) = %q, want %q", s, got, want)
		}
	}
}
