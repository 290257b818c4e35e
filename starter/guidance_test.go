package starter

import (
	"flag"
	"maps"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/rules"
)

var update = flag.Bool("update", false, "rewrite rules/template-guidance.txt from the templates")

// guidanceFile is the list of the templates' prompts that AIMS7001 knows.
const guidanceFile = "../rules/template-guidance.txt"

const guidanceHeader = "# The prompts the starter templates write after TODO:, normalized, one a line.\n" +
	"# Generated from starter/templates by `go generate ./starter`; do not edit.\n"

// everyStarterFile returns every file aims init writes for each option set,
// and every document aims new writes for each kind, with and without AI
// systems and planned audits, by a name that says where it comes from.
func everyStarterFile(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for name, opts := range starterOptions(t) {
		files, err := Files(opts)
		if err != nil {
			t.Fatal(err)
		}
		for p, data := range files {
			out[name+"/"+p] = data
		}
	}
	for i, opts := range []Options{
		{Organization: "Acme", Date: day},
		{Organization: hostile, Date: day, Systems: []System{{ID: "SYS-CREDIT", Name: "Credit scoring"}}, Audits: []string{"AUD-001"}},
	} {
		for _, kind := range Kinds() {
			id := NextID(kind, nil)
			data, err := Document(kind, id, opts)
			if err != nil {
				t.Fatal(err)
			}
			out["new"+string(rune('0'+i))+"/"+Layout(kind)+"/"+FileName(kind, id)] = data
		}
	}
	return out
}

var todoPrompt = regexp.MustCompile(`TODO:\s*([^"\n]*)`)

// TestTemplateGuidance keeps rules/template-guidance.txt in step with the
// templates: it lists the prompt after every "TODO:" the starter writes,
// except those that hold a name (matched by pattern in package rules) and
// a risk's title ("a risk of <system>"), which a real title may begin with.
func TestTemplateGuidance(t *testing.T) {
	set := map[string]bool{}
	for name, data := range everyStarterFile(t) {
		if path.Base(name) == "README.md" {
			continue
		}
		for _, m := range todoPrompt.FindAllStringSubmatch(string(data), -1) {
			g := rules.NormalizeGuidance(m[1])
			if g == "" || rules.GuidancePattern(g) || strings.HasPrefix(g, "a risk of ") {
				continue
			}
			set[g] = true
		}
	}
	if len(set) < 50 {
		t.Fatalf("found only %d prompts in the templates", len(set))
	}
	want := guidanceHeader + strings.Join(slices.Sorted(maps.Keys(set)), "\n") + "\n"
	got, err := os.ReadFile(guidanceFile)
	if err != nil && !*update {
		t.Fatal(err)
	}
	if string(got) == want {
		for g := range set {
			if !rules.TemplateGuidance("TODO: "+g) || !rules.TemplateGuidance(g) {
				t.Errorf("rules.TemplateGuidance does not know %q", g)
			}
		}
		return
	}
	if *update {
		if err := os.WriteFile(guidanceFile, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is out of date with the templates: run `go generate ./starter`", guidanceFile)
}

// TestNoTODOInGuidanceComments checks that no comment line of a starter
// document says TODO: `grep -rn TODO` on a new AIMS lists only the
// placeholders to replace, and nothing once they are replaced. A comment
// after a value may hold one when it is itself a placeholder to replace.
func TestNoTODOInGuidanceComments(t *testing.T) {
	for name, data := range everyStarterFile(t) {
		if path.Base(name) == "README.md" {
			continue
		}
		for i, line := range strings.Split(string(data), "\n") {
			trimmed := strings.TrimSpace(line)
			comment := strings.HasPrefix(trimmed, "#") && isYAMLLine(data, i)
			if (comment || strings.HasPrefix(trimmed, "<!--")) && strings.Contains(line, "TODO") {
				t.Errorf("%s:%d: a guidance comment says TODO, which grep would list as a placeholder: %s", name, i+1, trimmed)
			}
		}
	}
}

// isYAMLLine reports whether line i (0-based) of a starter file is YAML: a
// YAML file, or the frontmatter of a Markdown file.
func isYAMLLine(data []byte, i int) bool {
	lines := strings.Split(string(data), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return true
	}
	for j := 1; j < len(lines) && j <= i; j++ {
		if strings.TrimSpace(lines[j]) == "---" {
			return j > i
		}
	}
	return true
}

// TestApprovedStarterReportsEveryTODO approves every document of a fresh
// starter AIMS, and of every kind aims new writes, without writing anything
// else: AIMS7001 must report each line that holds a TODO, and no other, so
// that nothing can be approved with the template's text left in it.
func TestApprovedStarterReportsEveryTODO(t *testing.T) {
	groups := map[string]map[string][]byte{} // the files of each starter, by path
	for name, data := range everyStarterFile(t) {
		group, p, _ := strings.Cut(name, "/")
		if groups[group] == nil {
			groups[group] = map[string][]byte{}
		}
		groups[group][p] = []byte(strings.Replace(string(data), "status: draft ", "status: approved ", 1))
	}
	documents := 0
	for _, group := range slices.Sorted(maps.Keys(groups)) {
		files := groups[group]
		res := lintDir(t, writeFiles(t, files), day)
		reported := map[string][]int{}
		for _, f := range res.Findings {
			if f.RuleID == "AIMS7001" {
				reported[f.Range.File] = append(reported[f.Range.File], f.Range.Start.Line)
			}
		}
		for _, p := range slices.Sorted(maps.Keys(files)) {
			data := files[p]
			if d := artifact.ParseDocument(p, data, ""); d == nil || d.Status() != "approved" {
				if path.Base(p) != "README.md" && p != ".aims.yaml" {
					t.Errorf("%s/%s: not approved by the edit", group, p)
				}
				continue
			}
			var want []int
			for i, line := range strings.Split(string(data), "\n") {
				if strings.Contains(line, "TODO") {
					want = append(want, i+1)
				}
			}
			if len(want) > 0 {
				documents++
			}
			got := reported[p]
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s/%s: AIMS7001 reports lines %v, want the TODO lines %v", group, p, got, want)
			}
		}
	}
	if documents < 50 {
		t.Errorf("only %d documents hold a TODO", documents)
	}
}
