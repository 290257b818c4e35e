package rules

import (
	"embed"
	"strings"
)

//go:embed docs/*.md
var docFiles embed.FS

// doc returns the documentation of rule id from docs/<id>.md, without its
// first heading line (the title lives in the Rule). An empty result fails the
// rule list test.
func doc(id string) string {
	b, err := docFiles.ReadFile("docs/" + id + ".md")
	if err != nil {
		return ""
	}
	s := string(b)
	if strings.HasPrefix(s, "# ") {
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[i+1:]
		}
	}
	return strings.TrimSpace(s) + "\n"
}
