package rules

// contentPlants are the planted problems of the content rules of the risk
// register, the statement of applicability, the objectives, roles, scope,
// policy, competence record and impact assessments (AIMS71xx).
func contentPlants() []plant {
	// The societal impacts of the customer assistant, the last of its impacts.
	societal := exampleBlock("impact-assessments/AIA-002-customer-assistant.md", "  - subject: society", "---")
	return []plant{
		{
			// RSK-007 (16) loses its controls: no control or action is left.
			rule: "AIMS7101",
			file: "risk/risk-register.yaml",
			old:  "    controls: [A.6.2.4, A.6.2.6, A.7.4, A.8.2]\n",
			new:  "",
		},
		{
			// RSK-010 is verified with a residual of 3 × 3, above 8.
			rule: "AIMS7102",
			file: "risk/risk-register.yaml",
			old:  "    treatment_status: verified\n    due: 2026-08-31\n    residual_likelihood: 2\n    residual_impact: 2\n",
			new:  "    treatment_status: verified\n    due: 2026-08-31\n    residual_likelihood: 3\n    residual_impact: 3\n",
		},
		{
			// RSK-009 (2 × 4) would be more severe after treatment.
			rule: "AIMS7103",
			file: "risk/risk-register.yaml",
			old:  "    residual_impact: 4\n  - id: RSK-010\n",
			new:  "    residual_impact: 5\n  - id: RSK-010\n",
		},
		{
			rule: "AIMS7104",
			file: "risk/risk-register.yaml",
			old:  "  acceptance_authority:\n    within_threshold: [ai-governance-lead]\n    above_threshold: [top-management]\n",
			new:  "",
		},
		{
			// RSK-013 (2 × 3) is accepted by a role the criteria do not name.
			rule: "AIMS7105",
			file: "risk/risk-register.yaml",
			old:  "      approved_by: ai-governance-lead\n      approved_on: 2026-03-18\n",
			new:  "      approved_by: compliance-officers\n      approved_on: 2026-03-18\n",
		},
		{
			// RSK-003 is treated with A.6.2.7, which the SoA excludes.
			rule: "AIMS7106",
			file: "risk/risk-register.yaml",
			old:  "    controls: [A.8.2, A.6.2.3]\n",
			new:  "    controls: [A.8.2, A.6.2.7]\n",
		},
		{
			rule: "AIMS7110",
			file: "risk/statement-of-applicability.yaml",
			old:  "    justification: Models are built with open-source libraries and a third-party language model whose versions change behaviour (RSK-010); tooling is recorded with versions.\n",
			new:  "    justification: TBD\n",
			also: []string{"AIMS7001"}, // a placeholder in an approved document
		},
		{
			rule: "AIMS7115",
			file: "governance/ai-objectives.yaml",
			old:  "    target: \"7 days or fewer\"\n",
			new:  "    target: \"as fast as possible\"\n",
		},
		{
			rule: "AIMS7116",
			file: "governance/ai-objectives.yaml",
			old:  "    resources:\n      - Monitoring platform on Halden Cloud, run by platform engineering\n",
			new:  "",
		},
		{
			rule: "AIMS7117",
			file: "governance/ai-objectives.yaml",
			old:  "    measurements:\n      - \"on\": 2026-06-30\n        value: \"100% (sample of 400 decline letters and screens)\"\n        source: MON-2026-Q2\n",
			new:  "",
		},
		{
			rule: "AIMS7120",
			file: "governance/roles.yaml",
			old:  "aims_owner: ai-governance-lead\n",
			new:  "",
		},
		{
			rule: "AIMS7121",
			file: "governance/roles.yaml",
			old:  "    members:\n      - Owen Price, Chief Information Security Officer\n      - Platform engineering team (6 engineers)\n",
			new:  "",
		},
		{
			// The triage classifier drops out of the scope without an exclusion.
			rule: "AIMS7125",
			file: "governance/aims-scope.md",
			old:  "ai_systems: [SYS-CREDIT, SYS-ASSIST, SYS-TRIAGE]\n",
			new:  "ai_systems: [SYS-CREDIT, SYS-ASSIST]\n",
		},
		{
			rule: "AIMS7126",
			file: "governance/aims-scope.md",
			old:  "ai_roles: [producer, provider, customer]\n",
			new:  "",
		},
		{
			rule: "AIMS7127",
			file: "governance/aims-scope.md",
			old:  "  - item: Collections strategy engine\n    justification: >-\n",
			new:  "  - item: Collections strategy engine\n    justification: n/a\n    notes: >-\n",
			also: []string{"AIMS1002", "AIMS7002"},
		},
		{
			rule: "AIMS7130",
			file: "governance/ai-policy.md",
			old:  "9. **Compliance.** We meet the legal and regulatory requirements that apply to our AI systems\n   and this policy's own requirements, and we keep improving the AI management system.\n",
			new:  "",
		},
		{
			rule: "AIMS7131",
			file: "governance/ai-policy.md",
			old:  "related_policies:\n",
			new:  "related_policies: []\nformer_related_policies:\n",
		},
		{
			rule: "AIMS7135",
			file: "governance/competence.yaml",
			old:  "  - role: legal-advisors\n",
			new:  "  - role: ethics-committee\n",
		},
		{
			rule: "AIMS7136",
			file: "governance/competence.yaml",
			old:  "    due: 2026-10-31\n",
			new:  "",
		},
		{
			// AIA-002 loses its societal impacts.
			rule: "AIMS7140",
			file: "impact-assessments/AIA-002-customer-assistant.md",
			old:  societal,
			new:  "",
		},
		{
			rule: "AIMS7141",
			file: "impact-assessments/AIA-002-customer-assistant.md",
			old:  "risks: [RSK-007, RSK-008, RSK-011]\n",
			new:  "risks: [RSK-007, RSK-008, RSK-013]\n",
		},
	}
}
