// Package policy reads an organisation's own rules, written in CEL in the
// rule files that `policies:` in .aims.yaml names, and makes them rules of
// the engine (lint.Rule). A rule file is parsed with the line and column of
// every value (ParseFile); Load compiles each rule's condition, `when` and
// message holes against the JSON Schemas of the kinds it judges, so that a
// misspelt field is an error at its place before anything runs; each rule
// then judges documents under a cost limit. Set.Test runs the rules'
// examples (inline tests and the NAME.tests folders beside a rule file),
// each in an in-memory repository of its own through lint.Run: what
// `aims test` prints. docs/policies.md is the user's reference.
package policy
