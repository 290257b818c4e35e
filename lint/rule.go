package lint

// A Rule is one check aims can run. Rules are plain values listed in one slice
// (rules.All); the engine runs each selected rule once per lint run.
type Rule struct {
	// ID is the stable identifier, e.g. "AIMS3001". It is never renumbered or reused.
	ID string
	// Name is a PascalCase name for tools that want one (SARIF), e.g. "HighRiskWithoutImpactAssessment".
	Name string
	// Title is a one-line, lower-case summary.
	Title string
	// Doc is Markdown: why it matters, a failing and a passing example.
	Doc string
	// Severity is the default severity; configuration may override it.
	Severity Severity
	// Controls are the ISO 42001 clauses and Annex A controls the rule concerns.
	Controls []string
	// Check runs the rule. A returned error means the rule could not run, not
	// that it found something; findings are reported through the Pass.
	Check func(*Pass) error
}
