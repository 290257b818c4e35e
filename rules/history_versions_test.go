package rules

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aimsdev/aims/artifact"
)

// deepSameContent is sameContent as the history rules once computed it, on
// whole documents with reflect.DeepEqual: the oracle of the fingerprints.
func deepSameContent(a, b *artifact.Document, ignore []string) bool {
	for k, v := range a.Data {
		if slices.Contains(ignore, k) {
			continue
		}
		w, ok := b.Data[k]
		if !ok || !reflect.DeepEqual(v, w) {
			return false
		}
	}
	for k := range b.Data {
		if _, ok := a.Data[k]; !ok && !slices.Contains(ignore, k) {
			return false
		}
	}
	return slices.Equal(strings.Fields(string(a.Body)), strings.Fields(string(b.Body)))
}

// TestVersionFingerprints compares every pair of a set of versions, and
// each version with itself, by fingerprints (version) and by
// reflect.DeepEqual on the parsed documents: sameContent, sameField,
// changedFields and textIs must agree on all of them.
func TestVersionFingerprints(t *testing.T) {
	srcs := []string{
		"kind: ai-system\nid: S\nstatus: approved\npurpose: Route letters\nrisk_level: limited\ndatasets: [DS-A, DS-B]\n",
		"kind: ai-system\nid: S\nstatus: approved\npurpose: Route  letters\nrisk_level: limited\ndatasets: [DS-B, DS-A]\n",
		"kind: ai-system\nid: S\nstatus: draft\npurpose: Route letters\nrisk_level: limited\ndatasets: [DS-A, DS-B]\n",
		"kind: ai-system\nid: S\nstatus: approved\npurpose: Route letters\nrisk_level: high\ndatasets: [DS-A, DS-B]\n",
		"kind: ai-system\nid: S\nstatus: approved\npurpose: Route letters\nrisk_level: limited\ndatasets: [DS-A, 7]\n",
		"kind: ai-system\nid: S\nstatus: approved\npurpose: Route letters\nrisk_level: limited\ndatasets: [DS-A, 7.0]\n",
		"kind: ai-system\nid: S\nstatus: approved\nversion: 1\n",
		"kind: ai-system\nid: S\nstatus: approved\nversion: 1.0\n",
		"kind: ai-system\nid: S\nstatus: approved\nversion: \"1\"\n",
		"kind: ai-system\nid: S\nstatus: approved\nversion: -0.0\n",
		"kind: ai-system\nid: S\nstatus: approved\nversion: 0.0\n",
		"kind: ai-system\nid: S\nstatus: approved\nversion: .nan\n",
		"kind: ai-system\nid: S\nstatus: approved\nversion: [.nan]\n",
		"kind: ai-system\nid: S\nstatus: approved\nversion: null\n",
		"kind: ai-system\nid: S\nstatus: approved\nversion: true\n",
		"kind: ai-system\nid: S\nstatus: approved\nversion: \"true\"\n",
		"kind: ai-system\nid: S\nstatus: approved\nsuppliers: {a: [1, 2], b: {c: x}}\n",
		"kind: ai-system\nid: S\nstatus: approved\nsuppliers: {b: {c: x}, a: [1, 2]}\n",
		"kind: ai-system\nid: S\nstatus: approved\nsuppliers: {a: [2, 1], b: {c: x}}\n",
		"kind: ai-system\nid: S\nstatus: approved\nsuppliers: {a: [1, 2], b: {c: \"x \"}}\n",
		"kind: ai-system\nid: S\nstatus: approved\nsuppliers: []\n",
		"kind: ai-system\nid: S\nstatus: approved\nsuppliers: {}\n",
		"kind: ai-system\nid: S\nstatus: approved\nsuppliers: [ab, c]\n",
		"kind: ai-system\nid: S\nstatus: approved\nsuppliers: [a, bc]\n",
		"kind: ai-system\nid: S\nstatus: approved\nsuppliers: [\"a\", \"bc\"]\nlast_reviewed: 2026-01-01\n",
		"kind: ai-system\nid: S\nlast_reviewed: 2026-01-01\n",
		"kind: ai-system\nid: S\nlast_reviewed: 2026-01-02\n",
		"kind: ai-system\nid: S\nlast_reviewed: [2026-01-01]\n",
	}
	md := []string{
		"---\nkind: procedure\nid: P\n---\n\n## Steps\n\nDo the work\nwell.\n",
		"---\nkind: procedure\nid: P\n---\n## Steps\nDo the work well.\n",
		"---\nkind: procedure\nid: P\n---\n## Steps\nDo the work, well.\n",
		"---\nkind: procedure\nid: P\n---\n## Steps\nDo thework well.\n",
		"---\nkind: procedure\nid: P\n---\n",
	}
	var docs []*artifact.Document
	for _, s := range srcs {
		docs = append(docs, parseVersion(t, "s.yaml", s))
	}
	for _, s := range md {
		docs = append(docs, parseVersion(t, "p.md", s))
	}
	ignores := [][]string{nil, reviewRecordFields, systemRecordFields}
	for i, a := range docs {
		va := summarize(a)
		for j, b := range docs {
			vb := summarize(b)
			same := i == j
			if i != j {
				// A second parse: equal values, never the same objects.
				b = parseVersion(t, b.Path, strings.Join(append([]string{}, srcOf(srcs, md, j)), ""))
				vb = summarize(b)
			}
			for _, ig := range ignores {
				if got, want := va.sameContent(vb, ig, same), deepSameContent(a, b, ig); got != want {
					t.Errorf("%d/%d ignoring %v: sameContent = %v, DeepEqual says %v", i, j, ig, got, want)
				}
			}
			for _, k := range []string{"status", "version", "suppliers", "last_reviewed", "missing"} {
				if got, want := va.sameField(vb, k, same), reflect.DeepEqual(a.Data[k], b.Data[k]); got != want {
					t.Errorf("%d/%d: sameField(%s) = %v, DeepEqual says %v", i, j, k, got, want)
				}
				if got, want := va.textIs(k, b.String(k)), a.String(k) == b.String(k); got != want {
					t.Errorf("%d/%d: textIs(%s, %q) = %v, want %v", i, j, k, b.String(k), got, want)
				}
			}
			var want []string
			for _, f := range significantFields {
				if !reflect.DeepEqual(normalField(a.Data[f]), normalField(b.Data[f])) {
					want = append(want, f)
				}
			}
			if got := va.changedFields(vb, same); !slices.Equal(got, want) {
				t.Errorf("%d/%d: changedFields = %v, DeepEqual says %v", i, j, got, want)
			}
		}
	}
	if !math.IsNaN(docs[11].Data["version"].(float64)) {
		t.Fatal("the NaN case holds no NaN")
	}
}

func srcOf(srcs, md []string, i int) string {
	if i < len(srcs) {
		return srcs[i]
	}
	return md[i-len(srcs)]
}

func parseVersion(t *testing.T, path, src string) *artifact.Document {
	t.Helper()
	d := artifact.ParseDocument(path, []byte(src), "")
	if d == nil || d.Data == nil {
		t.Fatalf("cannot parse %q", src)
	}
	return d
}

// TestLeadingComments checks which versions share a text key (are parsed
// once between them) and that versions that do are read as the same data
// and body.
func TestLeadingComments(t *testing.T) {
	yamlBase := "kind: risk-register\nid: R\nnotes: |\n  one\n  two\n"
	mdBase := "---\nkind: procedure\nid: P\n---\n# Heading\n\nText.\n"
	tests := []struct {
		name, path, a, b string
		shared           bool
	}{
		{"identical", "r.yaml", yamlBase, yamlBase, true},
		{"comment added on top", "r.yaml", yamlBase, "# change 1\n" + yamlBase, true},
		{"comment changed on top", "r.yaml", "# change 1\n" + yamlBase, "# change 2\n\n#\n" + yamlBase, true},
		{"frontmatter comment", "p.md", mdBase, "---\n# change 1\n" + mdBase[4:], true},
		{"frontmatter comment changed", "p.md", "---\n# change 1\n" + mdBase[4:], "---\n# change 2\n" + mdBase[4:], true},
		{"comment inside a block scalar", "r.yaml", yamlBase, strings.Replace(yamlBase, "  two", "# x\n  two", 1), false},
		{"Markdown without frontmatter", "p.md", "# Title\nkind: x\n", "# change\n# Title\nkind: x\n", false},
		{"heading before frontmatter", "p.md", mdBase, "# change\n" + mdBase, false},
		{"body heading", "p.md", mdBase, mdBase + "# change\n", false},
		{"indented comment", "r.yaml", yamlBase, "  # change\n" + yamlBase, false},
		{"CRLF comment", "r.yaml", yamlBase, "# change\r\n" + yamlBase, false},
		{"non-ASCII comment", "r.yaml", yamlBase, "# änderung\n" + yamlBase, false},
		{"byte-order mark after the comment", "r.yaml", "\xef\xbb\xbf" + yamlBase, "# change\n\xef\xbb\xbf" + yamlBase, false},
		{"document marker", "r.yaml", "---\n" + yamlBase, "# change\n---\n" + yamlBase, false},
		{"comment at the end", "r.yaml", "#", "# change\n#", false},
		{"NUL byte", "r.yaml", "k\x00i\x00n\x00d\x00", "# c\nk\x00i\x00n\x00d\x00", false},
		{"content changed", "r.yaml", yamlBase, "# change\n" + strings.Replace(yamlBase, "two", "three", 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &artifact.Document{Path: tt.path, Format: artifact.YAML, Kind: "x"}
			if strings.HasSuffix(tt.path, ".md") {
				d.Format = artifact.Markdown
			}
			ka, kb := textKey(d, []byte(tt.a)), textKey(d, []byte(tt.b))
			if (ka == kb) != tt.shared {
				t.Fatalf("shared key = %v, want %v", ka == kb, tt.shared)
			}
			if !tt.shared {
				return
			}
			a := artifact.ParseDocument(tt.path, []byte(tt.a), d.Kind)
			b := artifact.ParseDocument(tt.path, []byte(tt.b), d.Kind)
			if a == nil || b == nil || a.Data == nil || !reflect.DeepEqual(a.Data, b.Data) || string(a.Body) != string(b.Body) {
				t.Errorf("versions with one key read differently:\n%+v\n%+v", a, b)
			}
		})
	}
	other := &artifact.Document{Path: "r.yaml", Format: artifact.YAML, Kind: "y"}
	if textKey(other, []byte(yamlBase)) == textKey(&artifact.Document{Path: "r.yaml", Format: artifact.YAML, Kind: "x"}, []byte(yamlBase)) {
		t.Error("a text read as another kind shares its key")
	}
}
