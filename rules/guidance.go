package rules

import (
	_ "embed"
	"regexp"
	"strings"
	"sync"
)

// templateGuidanceText is every prompt the starter templates write after
// "TODO:" for the user to replace, normalized (normalizeGuidance), one a
// line. The starter's tests keep it in step with the templates:
// `go generate ./starter` rewrites it.
//
//go:embed template-guidance.txt
var templateGuidanceText string

// guidancePatterns are the prompts that hold a name or a title: a phrase
// such as "why A.2.2 AI policy applies to the AI systems in scope".
var guidancePatterns = []*regexp.Regexp{
	regexp.MustCompile(`^why .+ applies to the ai systems in scope$`),
}

var guidanceSet = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, line := range strings.Split(templateGuidanceText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			set[line] = true
		}
	}
	return set
})

// TemplateGuidance reports whether s is one of the prompts the starter
// templates and aims new write for the user to replace, such as "TODO: who
// sits in top management", with or without its "TODO:" and compared without
// case, surrounding quotes and spaces, or a final period.
func TemplateGuidance(s string) bool {
	g := NormalizeGuidance(s)
	if g == "" {
		return false
	}
	return guidanceSet()[g] || GuidancePattern(g)
}

// GuidancePattern reports whether the normalized prompt g is one of the
// prompts that hold a name or a title, which are matched by pattern rather
// than listed.
func GuidancePattern(g string) bool {
	for _, re := range guidancePatterns {
		if re.MatchString(g) {
			return true
		}
	}
	return false
}

var guidanceTODO = regexp.MustCompile(`(?i)^todo\s*:\s*`)

// NormalizeGuidance returns the comparable form of a prompt: lower case,
// without a leading "TODO:", surrounding quotes, spaces and final period,
// with runs of spaces as one.
func NormalizeGuidance(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, "\"'` \t")
	if len(s) >= 4 && strings.EqualFold(s[:4], "todo") { // the only text guidanceTODO can match
		s = guidanceTODO.ReplaceAllString(s, "")
	}
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimRight(s, ".;: ")
}
