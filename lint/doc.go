// Package lint is the aims engine: it runs rules over the artifacts of an AI
// management system repository and collects their findings into a Result.
//
// It owns the Config and its file (.aims.yaml), the Rule and the Pass a rule
// sees, the Index of documents, Finding and Severity, the Result with its
// coverage, suppressions and fingerprints, and Run, which joins the steps:
// discovery and parsing (package artifact), git for --rev, --changed and the
// history (package gitrepo), schema validation (package schema) and the
// rules.
//
// The rules themselves live in package rules; lint never imports them. A
// driver (cmd/aims) joins the two with Run(ctx, cfg, rules.All). Imports run
// one way: lint imports artifact, gitrepo and schema, and none of them
// imports lint; artifact and gitrepo do not import each other.
package lint
