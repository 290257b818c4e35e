// Package rules holds what aims checks: every built-in rule (All), the
// ISO/IEC 42001 catalogue of clauses and Annex A controls with what
// evidences each (catalogue.yaml), and the auditor's checklist that maps
// each requirement to the rules that judge it (checklist.yaml, rendered as
// docs/audit-checklist.md by go generate).
//
// Rules are grouped by family, one family per file prefix: structure.go
// (AIMS1xxx-2xxx, reading and Markdown structure), integrity*.go (AIMS3xxx,
// references, roles, the Statement of Applicability, risks and records),
// coverage*.go (AIMS4xxx, missing documentation), freshness*.go (AIMS5xxx,
// dates at --as-of), history*.go (AIMS6xxx, git history), placeholders.go
// (AIMS70xx) and content*.go (AIMS71xx-73xx, what an auditor checks in the
// content; AIMS73xx, in content_evaluation.go, the evaluations). Each rule's documentation is docs/ID.md and its fixtures
// testdata/ID/{pass,fail}.
//
// Rules read documents through package lint's Pass and never write; the
// engine in package lint runs them.
package rules
