package rules

import "github.com/aimsdev/aims/lint"

// DefaultRoles returns the seven roles of the implementation plan. They are
// the defined roles when the repository has no `roles` artifact.
func DefaultRoles() []string {
	return []string{
		"top-management",
		"ai-governance-lead",
		"data-scientists",
		"compliance-officers",
		"legal-advisors",
		"ethics-committee",
		"it-security",
	}
}

// topManagement is the role id that must approve the AI policy and attend
// management reviews.
const topManagement = "top-management"

// definedRoles returns the role ids the repository defines: those of every
// parsed `roles` artifact that is not retired, or DefaultRoles when there is
// none.
func definedRoles(p *lint.Pass) map[string]bool {
	out := map[string]bool{}
	docs := p.Index.ByKind("roles")
	parsed := false
	for _, d := range docs {
		if d.Data == nil || d.Status() == "retired" {
			continue
		}
		parsed = true
		for _, r := range d.List("roles") {
			if m, ok := r.(map[string]any); ok {
				if id, ok := m["id"].(string); ok {
					out[id] = true
				}
			}
		}
	}
	if !parsed {
		for _, r := range DefaultRoles() {
			out[r] = true
		}
	}
	return out
}
