package rules

import "strings"

// operationsPlants are the planted problems of the content rules (AIMS72xx):
// each leaves out of the example what an auditor would write up.
func operationsPlants() []plant {
	const (
		review    = "reviews/MR-2026-01.md"
		programme = "audits/audit-programme.yaml"
		triage    = "systems/correspondence-triage.yaml"
	)
	incident := exampleBlock("operations/incidents/INC-2026-002.md", "severity: medium", "---")
	serious := strings.Replace(strings.Replace(incident, "severity: medium", "severity: high", 1), "corrective_actions: [NC-2026-004]\n", "", 1)
	return []plant{
		{
			// A closed nonconformity whose root cause is not recorded.
			rule: "AIMS3017",
			file: "operations/nonconformities/NC-2026-002.yaml",
			old:  "root_cause: >-\n",
			new:  "analysis: >-\n",
		},
		{
			// The review skipped the audit results.
			rule: "AIMS7201",
			file: review,
			old:  exampleBlock(review, "    audits: >-", "  risks_and_opportunities:"),
			new:  "    audits: \"\"\n",
		},
		{
			rule: "AIMS7202",
			file: review,
			old:  exampleBlock(review, "change_decisions:", "actions:"),
			new:  "",
		},
		{
			// The review names itself as the review it follows up.
			rule: "AIMS7203",
			file: review,
			old:  "previous_review: MR-2025-01\n",
			new:  "previous_review: MR-2026-01\n",
		},
		{
			rule: "AIMS7204",
			file: programme,
			old:  exampleBlock(programme, "methods: >-", "reporting:"),
			new:  "",
		},
		{
			// Clause 10.1 is no longer audited in the programme's period.
			rule: "AIMS7205",
			file: programme,
			old:  `clauses: ["6.1.1", "9.2", "9.3", "10.1", `,
			new:  `clauses: ["6.1.1", "9.2", "9.3", `,
		},
		{
			rule: "AIMS7206",
			file: "audits/AR-2026-01.md",
			old:  "reported_to: [top-management, ai-governance-lead]\n",
			new:  "",
		},
		{
			rule: "AIMS7207",
			file: "operations/nonconformities/NC-2026-001.yaml",
			old:  "clause: A.7.4\n",
			new:  "",
		},
		{
			// The affected applicants were never told.
			rule: "AIMS7208",
			file: "operations/incidents/INC-2026-001.yaml",
			old:  "  - party: 214 affected applicants (letters offering a re-decision)\n    \"on\": 2026-03-06\n",
			new:  "",
		},
		{
			// A reporting obligation the February incident did not meet.
			rule: "AIMS7209",
			file: "systems/credit-scoring.yaml",
			old:  "incident_communication:\n",
			new:  "reporting_obligations:\n  - party: Information Commissioner's Office\n    information: Personal data breaches\n    incidents_from: high\n    within: 3d\nincident_communication:\n",
		},
		{
			// A high-severity incident, contained, with no nonconformity.
			rule: "AIMS7210",
			file: "operations/incidents/INC-2026-002.md",
			old:  incident,
			new:  serious,
		},
		{
			rule: "AIMS7211",
			file: "data/correspondence-corpus.yaml",
			old:  exampleBlock("data/correspondence-corpus.yaml", "rights: >-", "known_limitations:"),
			new:  "",
		},
		{
			rule: "AIMS7212",
			file: "data/knowledge-base.md",
			old:  exampleBlock("data/knowledge-base.md", "    action: >-", "preparation:"),
			new:  "",
		},
		{
			// The cloud supplier no longer names the triage classifier.
			rule: "AIMS7213",
			file: "suppliers/halden-cloud.yaml",
			old:  "ai_systems: [SYS-CREDIT, SYS-ASSIST, SYS-TRIAGE]",
			new:  "ai_systems: [SYS-CREDIT, SYS-ASSIST]",
		},
		{
			rule: "AIMS7214",
			file: triage,
			old:  exampleBlock(triage, "monitoring: >-", "user_information:"),
			new:  "",
		},
		{
			rule: "AIMS7215",
			file: triage,
			old:  "  enabled: true\n",
			new:  "  enabled: false\n",
		},
		{
			rule: "AIMS7216",
			file: triage,
			old:  "  people:\n    - Model owner in Decision Science; queue rules owned by Customer Operations\n",
			new:  "",
		},
		{
			rule: "AIMS7217",
			file: "suppliers/halden-cloud.yaml",
			old:  "assessment_result: approved\n",
			new:  "",
		},
		{
			rule: "AIMS7218",
			file: "operations/monitoring/MON-2026-Q2.md",
			old:  exampleBlock("operations/monitoring/MON-2026-Q2.md", "evaluation: >-", "kpis:"),
			new:  "",
		},
	}
}
