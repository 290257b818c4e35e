// Package lint is the aims engine: it runs rules over the artifacts of an AI
// management system repository and collects their findings into a Result.
//
// It owns the Config and its file (.aims.yaml), the Rule and the Pass a rule
// sees, the Index of documents, Finding and Severity, the Result with its
// coverage, suppressions and fingerprints, and Run, which joins the steps:
// discovery and parsing (package artifact), schema validation (package
// schema), the rules, and git for --rev, --changed and the history.
//
// The rules themselves live in package rules; lint never imports them. A
// driver (cmd/aims) joins the two with Run(ctx, cfg, rules.All). Imports run
// one way: lint imports artifact and schema, and neither imports lint.
package lint
