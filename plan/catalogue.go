package plan

// headingTitle returns the title of one of the catalogue's intermediate
// headings, which name the subclauses titled "General" and expand the clause
// headings that findings and `controls` may cite. TestHeadingTitles keeps it
// in step with package rules.
func headingTitle(id string) (string, bool) {
	switch id {
	case "6.1":
		return "Actions to address risks and opportunities", true
	case "7.5":
		return "Documented information", true
	case "9.2":
		return "Internal audit", true
	case "9.3":
		return "Management review", true
	case "A.6.1":
		return "Management guidance for AI system development", true
	case "A.6.2":
		return "AI system life cycle", true
	}
	return "", false
}

// headings are the ids headingTitle knows.
func headings() []string { return []string{"6.1", "7.5", "9.2", "9.3", "A.6.1", "A.6.2"} }
