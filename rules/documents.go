package rules

import (
	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS1001 reports artifacts that cannot be parsed.
var AIMS1001 = &lint.Rule{
	ID:       artifact.RuleParse,
	Name:     "ArtifactCannotBeParsed",
	Title:    "artifact cannot be parsed",
	Doc:      doc(artifact.RuleParse),
	Severity: lint.Error,
	Controls: []string{"7.5.2", "7.5.3"},
	Scope:    lint.ScopeDocument,
	Check:    reportProblems(artifact.RuleParse),
}

// AIMS1002 reports artifacts that break their kind's schema.
var AIMS1002 = &lint.Rule{
	ID:       lint.RuleSchema,
	Name:     "ArtifactBreaksSchema",
	Title:    "artifact does not match its kind's schema",
	Doc:      doc(lint.RuleSchema),
	Severity: lint.Error,
	Controls: []string{"7.5.2"},
	Scope:    lint.ScopeDocument,
	Check:    reportProblems(lint.RuleSchema),
}

// AIMS1003 reports artifacts of a kind that does not exist.
var AIMS1003 = &lint.Rule{
	ID:       lint.RuleUnknown,
	Name:     "UnknownKind",
	Title:    "artifact declares an unknown kind",
	Doc:      doc(lint.RuleUnknown),
	Severity: lint.Error,
	Controls: []string{"7.5.2"},
	Scope:    lint.ScopeDocument,
	Check:    reportProblems(lint.RuleUnknown),
}

// AIMS1004 reports files over the size limit, which are not read.
var AIMS1004 = &lint.Rule{
	ID:       artifact.RuleTooLarge,
	Name:     "FileTooLarge",
	Title:    "file is over the size limit and was skipped",
	Doc:      doc(artifact.RuleTooLarge),
	Severity: lint.Warning,
	Controls: []string{"7.5.3"},
	Scope:    lint.ScopeDocument,
	Check:    reportProblems(artifact.RuleTooLarge),
}

// AIMS1005 reports symbolic links that point outside the repository, or
// cannot be resolved (a loop, a missing target).
var AIMS1005 = &lint.Rule{
	ID:       artifact.RuleLinkEscape,
	Name:     "LinkOutsideRepository",
	Title:    "symbolic link points outside the repository or cannot be resolved",
	Doc:      doc(artifact.RuleLinkEscape),
	Severity: lint.Warning,
	Controls: []string{"7.5.3"},
	Scope:    lint.ScopeDocument,
	Check:    reportProblems(artifact.RuleLinkEscape),
}

// AIMS1008 reports named pipes, sockets and devices where a Markdown or YAML
// file was expected; aims never reads them.
var AIMS1008 = &lint.Rule{
	ID:       artifact.RuleNotRegular,
	Name:     "NotARegularFile",
	Title:    "file is not a regular file and was skipped",
	Doc:      doc(artifact.RuleNotRegular),
	Severity: lint.Warning,
	Controls: []string{"7.5.3"},
	Scope:    lint.ScopeDocument,
	Check:    reportProblems(artifact.RuleNotRegular),
}

// AIMS1010 notes Markdown and YAML files among artifacts that are not
// artifacts themselves: no kind, no frontmatter, an empty file.
var AIMS1010 = &lint.Rule{
	ID:       artifact.RuleNotArtifact,
	Name:     "NotAnArtifact",
	Title:    "file among artifacts is not an artifact",
	Doc:      doc(artifact.RuleNotArtifact),
	Severity: lint.Note,
	Controls: []string{"7.5.2"},
	Scope:    lint.ScopeDocument,
	Check:    reportProblems(artifact.RuleNotArtifact),
}

// AIMS1011 reports folders and files that cannot be read.
var AIMS1011 = &lint.Rule{
	ID:       artifact.RuleUnreadable,
	Name:     "CannotBeRead",
	Title:    "folder or file cannot be read",
	Doc:      doc(artifact.RuleUnreadable),
	Severity: lint.Error,
	Controls: []string{"7.5.3"},
	Scope:    lint.ScopeDocument,
	Check:    reportProblems(artifact.RuleUnreadable),
}

// AIMS1012 reports top-level keys that look like a misspelt field of the
// artifact's kind; the engine finds them while validating each document.
var AIMS1012 = &lint.Rule{
	ID:       lint.RuleMisspelled,
	Name:     "MisspelledField",
	Title:    "top-level field looks like a misspelling of a known field",
	Doc:      doc(lint.RuleMisspelled),
	Severity: lint.Warning,
	Controls: []string{"7.5.2"},
	Scope:    lint.ScopeDocument,
	Check:    reportProblems(lint.RuleMisspelled),
}

// AIMS1013 reports a glob of .aims.yaml (include, exclude, a kinds glob)
// that matches no file, and a custom kind no file has. The engine reports
// it once the files are known, so its Check does nothing.
var AIMS1013 = &lint.Rule{
	ID:       lint.RuleUnmatched,
	Name:     "ConfigurationMatchesNoFile",
	Title:    "glob or custom kind in .aims.yaml matches no file",
	Doc:      doc(lint.RuleUnmatched),
	Severity: lint.Warning,
	Controls: []string{"7.5.3"},
	Scope:    lint.ScopeDocument,
	Check:    reportedByEngine,
}

// AIMS1014 reports a repository with no artifact at all, in place of the
// findings of every missing requirement. The engine reports it once the
// files are known, so its Check does nothing.
var AIMS1014 = &lint.Rule{
	ID:       lint.RuleNoArtifacts,
	Name:     "NoArtifacts",
	Title:    "no file declares a kind: the repository holds no artifact",
	Doc:      doc(lint.RuleNoArtifacts),
	Severity: lint.Error,
	Controls: []string{"7.5.1"},
	Scope:    lint.ScopeDocument,
	Check:    reportedByEngine,
}

// reportProblems returns a check that reports the problems the engine found
// while discovering and loading documents under rule id.
func reportProblems(id string) func(*lint.Pass) error {
	return func(p *lint.Pass) error {
		for _, d := range p.Documents {
			for _, pr := range d.Problems {
				if pr.RuleID == id {
					p.Report(pr.Range, pr.Message)
				}
			}
		}
		for _, pr := range p.NotArtifacts {
			if pr.RuleID == id {
				p.Report(pr.Range, pr.Message)
			}
		}
		return nil
	}
}

// AIMS1006 reports suppressions whose expiry date has passed. The engine
// reports it after every other rule ran, so its Check does nothing.
var AIMS1006 = &lint.Rule{
	ID:       lint.RuleSuppressionExpired,
	Name:     "SuppressionExpired",
	Title:    "suppression has expired",
	Doc:      doc(lint.RuleSuppressionExpired),
	Severity: lint.Error,
	Controls: []string{"7.5.3", "10.2"},
	Scope:    lint.ScopeDocument,
	Check:    reportedByEngine,
}

// AIMS1007 reports suppressions that match no finding, or name no rule.
var AIMS1007 = &lint.Rule{
	ID:       lint.RuleSuppressionUnused,
	Name:     "SuppressionUnused",
	Title:    "suppression matches no finding",
	Doc:      doc(lint.RuleSuppressionUnused),
	Severity: lint.Warning,
	Controls: []string{"7.5.3"},
	Scope:    lint.ScopeDocument,
	Check:    reportedByEngine,
}

// reportedByEngine is the Check of rules whose findings the engine makes once
// all other rules have run (the suppression rules), or once the files are
// known (AIMS1013, AIMS1014).
func reportedByEngine(*lint.Pass) error { return nil }
