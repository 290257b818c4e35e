package policy

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aimsdev/aims/internal/corpus"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
)

// benchRules are twenty custom rules of the kind an organisation writes,
// over the kinds of the generated corpus: conditions with when, lookups
// of other artifacts and of role members, dates and message holes.
const benchRules = `rules:
  - id: ACME-001
    title: high-risk systems name overseers with members
    controls: [A.9.2]
    evidences: [A.9.2]
    kinds: [ai-system]
    when: doc.risk_level == 'high'
    expression: has(doc.oversight_roles) && doc.oversight_roles.all(r, size(members(r)) > 0)
    message: "{{ id }} is high-risk: its oversight roles {{ doc.oversight_roles }} have no members"
  - id: ACME-002
    title: high-risk systems have an impact assessment
    controls: [A.5.2]
    kinds: [ai-system]
    when: doc.risk_level == 'high'
    expression: has(doc.impact_assessment) && has_artifact(doc.impact_assessment)
    message: "{{ id }} is high-risk and has no impact assessment"
  - id: ACME-003
    title: systems name datasets that exist
    kinds: [ai-system]
    expression: doc.datasets.all(d, has_artifact(d))
    message: "{{ id }}: a dataset of {{ doc.datasets }} is not in the AIMS"
  - id: ACME-004
    title: systems log events
    severity: warning
    kinds: [ai-system]
    expression: has(doc.event_logging) && doc.event_logging.enabled
    message: "{{ id }} does not log events"
  - id: ACME-005
    title: systems are reviewed on time
    kinds: [ai-system]
    expression: date(doc.next_review) > today
    message: "{{ id }} was due for review on {{ date(doc.next_review) }}"
  - id: ACME-006
    title: datasets serve systems of the AIMS
    kinds: [dataset]
    expression: doc.ai_systems.all(s, artifact(s).?kind.orValue('') == 'ai-system')
    message: "{{ id }} serves {{ doc.ai_systems }}, not all of them AI systems"
  - id: ACME-007
    title: datasets pass a quality check
    kinds: [dataset]
    expression: has(doc.quality_checks) && doc.quality_checks.exists(q, q.result == 'pass')
    message: "{{ id }} has passed no quality check"
  - id: ACME-008
    title: personal data has rights
    kinds: [dataset]
    when: has(doc.personal_data) && doc.personal_data
    expression: has(doc.rights) && doc.rights != ''
    message: "{{ id }} holds personal data without its rights"
  - id: ACME-009
    title: suppliers are reassessed on time
    kinds: [supplier]
    expression: date(doc.next_assessment) > today
    message: "{{ id }} was due for assessment on {{ doc.next_assessment }}"
  - id: ACME-010
    title: suppliers are approved
    kinds: [supplier]
    expression: doc.assessment_result == 'approved'
    message: "{{ id }}: assessment result {{ doc.assessment_result }}"
  - id: ACME-011
    title: impact assessments name a system of the AIMS
    kinds: [impact-assessment]
    expression: has_artifact(doc.ai_system)
    message: "{{ id }} assesses {{ doc.ai_system }}, which is not in the AIMS"
  - id: ACME-012
    title: impacts are mitigated
    kinds: [impact-assessment]
    expression: doc.impacts.all(i, has(i.mitigation) && i.mitigation != '')
    message: "{{ id }} has an impact without mitigation"
  - id: ACME-013
    title: serious incidents have corrective actions
    kinds: [incident]
    when: doc.severity in ['high', 'critical']
    expression: has(doc.corrective_actions) && size(doc.corrective_actions) > 0
    message: "{{ id }} ({{ doc.severity }}) has no corrective action"
  - id: ACME-014
    title: closed incidents have a root cause
    kinds: [incident]
    when: doc.state == 'closed'
    expression: has(doc.root_cause) && doc.root_cause != ''
    message: "{{ id }} is closed without a root cause"
  - id: ACME-015
    title: nonconformities are not long overdue
    kinds: [nonconformity]
    when: doc.state != 'closed'
    expression: date(doc.due) > today - days(365)
    message: "{{ id }} was due on {{ date(doc.due) }}"
  - id: ACME-016
    title: evaluations evaluate a system of the AIMS
    kinds: [evaluation]
    expression: has_artifact(doc.ai_system)
    message: "{{ id }} evaluates {{ doc.ai_system }}, not in the AIMS"
  - id: ACME-017
    title: owners are roles with members
    kinds: [ai-system, dataset, supplier]
    expression: size(members(doc.owner)) > 0
    message: "{{ path }}: owner {{ doc.owner }} has no members"
  - id: ACME-018
    title: approvers are roles
    kinds: [ai-system, dataset]
    expression: doc.approved_by in roles()
    message: "{{ id }} approved by {{ doc.approved_by }}, not a role"
  - id: ACME-019
    title: procedures name controls
    kinds: [procedure]
    expression: has(doc.controls) && size(doc.controls) > 0
    message: "{{ id }} names no control"
  - id: ACME-020
    title: accepted risks are low
    kinds: [risk-register]
    expression: doc.risks.all(r, r.treatment != 'accept' || r.likelihood * r.impact <= 8)
    message: "{{ id }} accepts a risk above the threshold"
`

// BenchmarkLintCustomRules lints a generated repository of 10,000
// artifacts with every built-in rule, without and with twenty custom rules
// (the same repository and configuration):
//
//	go test -run '^$' -bench BenchmarkLintCustomRules -benchtime 3x -count 3 ./policy/
//
// The target: with20 within 1.3 times without. On a busy machine the two
// sub-benchmarks may see different loads: interleaved runs both, one after
// the other in each iteration, and reports their ratio.
func BenchmarkLintCustomRules(b *testing.B) {
	const n = 10000
	dir := b.TempDir()
	if err := corpus.Write(dir, n); err != nil {
		b.Fatal(err)
	}
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		b.Fatal(err)
	}
	known := map[string]bool{}
	for _, r := range rules.DefaultCatalogue().LintReferences() {
		known[r.ID] = true
	}
	pfs := fstest.MapFS{"policies/acme.yaml": {Data: []byte(benchRules)}}
	set, err := Load(cfg, Options{FS: pfs, Globs: []string{"policies/*.yaml"}, Known: func(r string) bool { return known[r] }})
	if err != nil {
		b.Fatal(err)
	}
	if len(set.Rules) != 20 {
		b.Fatalf("%d custom rules", len(set.Rules))
	}
	asOf := time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	lintOnce := func(b *testing.B, custom []*lint.Rule) time.Duration {
		start := time.Now()
		cfg, err := lint.LoadConfig(dir, "")
		if err != nil {
			b.Fatal(err)
		}
		cfg.AsOf = asOf
		cfg.CustomRules = custom
		res, err := lint.Run(context.Background(), cfg, rules.All)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Artifacts) < n {
			b.Fatalf("%d artifacts", len(res.Artifacts))
		}
		for _, f := range res.Findings {
			if strings.HasPrefix(f.RuleID, "ACME-") {
				b.Fatalf("custom rule finding on the generated corpus: %s %s: %s", f.RuleID, f.Range, f.Message)
			}
		}
		if custom != nil && len(res.Held["ACME-001"]) == 0 {
			b.Fatal("ACME-001 held for no document: the custom rules did not run")
		}
		return time.Since(start)
	}
	b.Run("without", func(b *testing.B) {
		for b.Loop() {
			lintOnce(b, nil)
		}
	})
	b.Run("with20", func(b *testing.B) {
		for b.Loop() {
			lintOnce(b, set.Rules)
		}
	})
	b.Run("interleaved", func(b *testing.B) {
		var without, with time.Duration
		for b.Loop() {
			without += lintOnce(b, nil)
			with += lintOnce(b, set.Rules)
		}
		b.ReportMetric(float64(with)/float64(without), "with20/without")
	})
}
