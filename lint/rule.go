package lint

import "github.com/aimsdev/aims/artifact"

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
	// Scope says what the rule's findings about a document depend on, so
	// that --changed and --base can run it over the changed files and what
	// they link to rather than over the whole repository. The zero value,
	// ScopeRepository, is always safe.
	Scope Scope
	// History says that the rule reads the git history (Pass.History).
	// Pass.History refuses a rule that does not say so, so that runs that
	// leave the history out (aims trend) know which rules to leave out.
	History bool
	// Timeless says that the rule's findings about a document do not
	// depend on the date judged at (Pass.AsOf). Only a ScopeDocument rule
	// that reads no history and no file but its documents and the custom
	// kinds' schemas may say so: runs over several commits sharing a
	// DocumentCache (aims trend) then judge again only the documents whose
	// content changed, and reuse its findings about the others.
	Timeless bool
	// Evidences are the clauses and controls a custom rule evidences when
	// it holds: the documents it judged and found to hold (Pass.Held) are
	// evidence of them in the coverage. Empty for built-in rules.
	Evidences []string
	// Custom is where a custom rule (one of the organisation's policies,
	// package policy) is written; nil for a built-in rule.
	Custom *Custom
	// Check runs the rule. A returned error means the rule could not run, not
	// that it found something; findings are reported through the Pass.
	Check func(*Pass) error
}

// A Scope says which documents a rule's findings about one document depend
// on.
type Scope int

const (
	// ScopeRepository rules count or compare across every document (the
	// coverage of clauses and controls, "at least one", "the only one"):
	// any document may change their findings. --changed and --base run them
	// only when the change can alter them, and otherwise say they skipped
	// them.
	ScopeRepository Scope = iota
	// ScopeLinked rules judge a document by itself, the documents it
	// references by id, the documents that reference it, the governance
	// documents (scope, roles, statement of applicability, policy: kinds
	// with few artifacts), the ids and kinds of the index, and the git
	// history of those documents.
	ScopeLinked
	// ScopeDocument rules judge each document by itself alone: its content,
	// its own git history, the configuration and the date. A partial run
	// gives them only the documents whose findings it reports.
	ScopeDocument
)

// Custom says where a custom rule is written.
type Custom struct {
	// File is the rule file, a slash path from the AIMS root.
	File string
	// Range is where the rule's id is written in it.
	Range artifact.Range
}
