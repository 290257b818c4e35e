package lint

import (
	"path"
	"regexp"
	"strings"

	"github.com/aimsdev/aims/artifact"
)

// customRuleRe is the shape of a custom rule's id: upper-case letters and
// digits, in two or more parts joined by hyphens (ACME-001, ACME-HR-7).
var customRuleRe = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`)

// CustomRuleID reports whether id is a valid id for a custom rule: upper-case
// letters and digits in two or more parts joined by hyphens, starting with a
// letter, such as ACME-001 or ACME-HR-7. Ids starting with AIMS are the
// built-in rules' and never a custom rule's.
func CustomRuleID(id string) bool {
	return customRuleRe.MatchString(id) && !strings.HasPrefix(id, "AIMS")
}

// PolicyAt returns where the i-th glob of Policies is written in the
// configuration file, or the zero Range when that is not known (a
// configuration built in code).
func (c *Config) PolicyAt(i int) artifact.Range {
	if i < 0 || i >= len(c.policiesAt) {
		return artifact.Range{}
	}
	return c.policiesAt[i]
}

// PolicyPath reports whether the file at p (a slash path relative to the
// AIMS root) belongs to the custom rules rather than to the documents: a
// rule file a glob of Policies matches, or a file anywhere below a folder
// NAME.tests beside a rule file NAME.yaml or NAME.yml (the rule file's
// tests). Such files are not artifacts: discovery leaves them out.
func (c *Config) PolicyPath(p string) bool {
	if len(c.Policies) == 0 {
		return false
	}
	if c.policyFile(p) {
		return true
	}
	for d := path.Dir(p); d != "." && d != "/" && d != ""; d = path.Dir(d) {
		stem, ok := strings.CutSuffix(d, ".tests")
		if !ok || stem == "" || strings.HasSuffix(stem, "/") {
			continue
		}
		if c.policyFile(stem+".yaml") || c.policyFile(stem+".yml") {
			return true
		}
	}
	return false
}

// policyFile reports whether a glob of Policies matches p.
func (c *Config) policyFile(p string) bool {
	for _, g := range c.Policies {
		if artifact.MatchGlob(g, p) {
			return true
		}
	}
	return false
}
