package adopt

import (
	"fmt"
	"testing"
)

func TestPlaceStatus(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Approved-Specification", "approved"},
		{"published", "approved"},
		{"Final", "approved"},
		{"Draft", "draft"},
		{"work in progress", ""},
		{"WIP", "draft"},
		{"under review", "in-review"},
		{"Pending approval", "in-review"},
		{"archived", "retired"},
		{"Superseded by POL-2", "retired"},
		{"banana", ""},
	} {
		if got := placeStatus(tc.in); got != tc.want {
			t.Errorf("placeStatus(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRefRules(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"A-7-2", "6-1-2"}, "[[^A-(\\d+)-(\\d+)$ A.$1.$2] [^(\\d+)-(\\d+)-(\\d+)$ $1.$2.$3]]"},
		{[]string{"A_6_2_4", "A.7.2", "4.1"}, "[[^A_(\\d+)_(\\d+)_(\\d+)$ A.$1.$2.$3]]"},
		{[]string{"A.7.2", "clause 4"}, "[]"},
	} {
		if got := fmt.Sprint(refRules(tc.in)); got != tc.want {
			t.Errorf("refRules(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestIDPattern(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"ri-1", "ri-12"}, `^ri-[0-9]+$`},
		{[]string{"mi-2"}, `^mi-[0-9]+$`},
		{[]string{"ri-1", "risk_2"}, `^[A-Za-z0-9][A-Za-z0-9._-]*$`},
		{[]string{"2026.007"}, `^[0-9]+\.[0-9]+$`},
	} {
		if got := idPattern(tc.in); got != tc.want {
			t.Errorf("idPattern(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestRoleFor(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Chief Executive Officer", "top-management"},
		{"Steering Committee", "top-management"},
		{"CISO", "it-security"},
		{"Legal counsel", "legal-advisors"},
		{"Dana Whitfield", "dana-whitfield"},
		{"Zoë", "zo"},
		{"42", "ai-governance-lead"},
	} {
		if got := roleFor(tc.in); got != tc.want {
			t.Errorf("roleFor(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestKindName(t *testing.T) {
	for _, tc := range []struct {
		in        string
		builtinOK bool
		want      string
	}{
		{"supplier-reviews", false, "supplier-review"},
		{"Policies", false, "policy"},
		{"incidents", false, "incident-record"},
		{"incident", true, "incident"},
		{"Risk Items", true, "risk-item"},
		{"___", false, "document"},
	} {
		if got := kindName(tc.in, map[string]bool{}, tc.builtinOK); got != tc.want {
			t.Errorf("kindName(%q, %v) = %q, want %q", tc.in, tc.builtinOK, got, tc.want)
		}
	}
	used := map[string]bool{}
	if a, b := kindName("notes", used, false), kindName("notes", used, false); a != "note" || b != "note-2" {
		t.Errorf("two folders named notes give %q and %q, want note and note-2", a, b)
	}
}

func TestFileExt(t *testing.T) {
	for _, tc := range []struct{ in, ext, base string }{
		{"a/b.md", ".md", ".md"},
		{"a/b.MD", ".MD", ".md"},
		{"t/policy.md.tmpl", ".md.tmpl", ".md"},
		{"t/record.yaml.j2", ".yaml.j2", ".yaml"},
		{"notes.txt", "", ""},
	} {
		ext := fileExt(tc.in)
		if ext != tc.ext || baseExt(ext) != tc.base {
			t.Errorf("fileExt(%q) = %q (%q), want %q (%q)", tc.in, ext, baseExt(ext), tc.ext, tc.base)
		}
	}
}

func TestYQ(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"approved", "approved"},
		{"12mo", "12mo"},
		{"2026-01-01", "'2026-01-01'"},
		{"1.2", "'1.2'"},
		{"yes", "'yes'"},
		{"Dana Whitfield", "'Dana Whitfield'"},
		{"it's", "'it''s'"},
		{"a\nb", `"a\nb"`},
		{"", `""`},
		{"docs/*.md", "'docs/*.md'"},
	} {
		if got := yq(tc.in); got != tc.want {
			t.Errorf("yq(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
