package rules

// scopePlants are the planted problems of the rules that tie AI system
// records to the context of the AIMS: the legal requirements of the scope
// (AIMS7126), each system's AI role (AIMS7219), its design (AIMS7214), who
// oversees a high-risk system (AIMS7220, AIMS3003) and a system of
// unacceptable risk still in use (AIMS7221).
func scopePlants() []plant {
	const (
		scope     = "governance/aims-scope.md"
		credit    = "systems/credit-scoring.yaml"
		triage    = "systems/correspondence-triage.yaml"
		assistant = "systems/customer-assistant.md"
	)
	return []plant{
		{
			// The scope no longer lists the laws and contracts that apply.
			rule: "AIMS7126",
			file: scope,
			old:  exampleBlock(scope, "legal_requirements:", "boundaries:"),
			new:  "",
		},
		{
			// The triage classifier is in operation with no design recorded.
			rule: "AIMS7214",
			file: triage,
			old:  exampleBlock(triage, "design: >-", "verification:"),
			new:  "",
		},
		{
			// The scope drops provider, the role Northwind plays for the assistant.
			rule: "AIMS7219",
			file: scope,
			old:  "ai_roles: [producer, provider, customer]\n",
			new:  "ai_roles: [producer, customer]\n",
		},
		{
			// The scorecard no longer states Northwind's role for it.
			rule: "AIMS7219",
			file: credit,
			old:  "ai_role: producer\n",
			new:  "",
		},
		{
			// The high-risk scorecard no longer names who oversees it.
			rule: "AIMS7220",
			file: credit,
			old:  "oversight_roles: [data-scientists, top-management]\n",
			new:  "",
		},
		{
			// An oversight role nobody defined: AIMS3003 reports it, once.
			rule: "AIMS3003",
			file: credit,
			old:  "oversight_roles: [data-scientists, top-management]\n",
			new:  "oversight_roles: [data-scientists, underwriters]\n",
		},
		{
			// The triage classifier is rated unacceptable but stays in operation.
			rule: "AIMS7221",
			file: triage,
			old:  "risk_level: minimal\n",
			new:  "risk_level: unacceptable\n",
		},
		{
			// The assistant, rated unacceptable, is back in design.
			rule: "AIMS7221",
			file: assistant,
			old:  "risk_level: limited\nlifecycle_stage: operation-and-monitoring\n",
			new:  "risk_level: unacceptable\nlifecycle_stage: design-and-development\n",
		},
	}
}
