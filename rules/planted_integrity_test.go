package rules

import (
	"os"
	"path"
	"strings"
)

// exampleBlock returns the text of file in the example AIMS from the line
// that starts with from up to the next line that starts with to (excluded),
// or "" when either is missing, which the planted test reports.
func exampleBlock(file, from, to string) string {
	data, err := os.ReadFile(path.Join("../testdata/example-aims", file))
	if err != nil {
		return ""
	}
	s := string(data)
	i := strings.Index(s, "\n"+from)
	if i < 0 {
		return ""
	}
	i++
	j := strings.Index(s[i+len(from):], "\n"+to)
	if j < 0 {
		return ""
	}
	return s[i : i+len(from)+j+1]
}

// integrityPlants are the planted problems of the integrity rules.
func integrityPlants() []plant {
	// Every risk of the high-risk scorecard, moved to another system.
	creditRisks := exampleBlock("risk/risk-register.yaml", "  # --- SYS-CREDIT", "  # --- SYS-ASSIST")
	// One whole entry of the statement of applicability.
	a24 := exampleBlock("risk/statement-of-applicability.yaml", "  - ref: A.2.4", "  # A.3")
	return []plant{
		{
			rule: "AIMS3001",
			file: "risk/risk-register.yaml",
			old:  "  - id: RSK-002\n",
			new:  "  - id: RSK-001\n",
		},
		{
			rule: "AIMS3002",
			file: "systems/credit-scoring.yaml",
			old:  "datasets: [DS-APPHIST, DS-BUREAU, DS-NAS-OOT]",
			new:  "datasets: [DS-APPHIST, DS-BUREAU, DS-NAS-OOT, DS-MISSING]",
		},
		{
			// A custom kind's reference field names a system that does
			// not exist.
			rule: "AIMS3002",
			file: "checks/ct-1.md",
			old:  "tests: [SYS-CREDIT]",
			new:  "tests: [SYS-CREDIT, SYS-CREDTI]",
			add: map[string]string{
				".aims.yaml": "organization: Northwind Lending Ltd\nfail_on: error\nmonitoring_cycle: 4mo\n" +
					"custom_kinds:\n  - name: control-test\n    requires: [title, status]\n    id_pattern: '^ct-[0-9]+$'\n" +
					"    references: {tests: ai-system}\n",
				"checks/ct-1.md": "---\nkind: control-test\nid: ct-1\ntitle: Scorecard monotonicity test\nstatus: draft\n" +
					"tests: [SYS-CREDIT]\n---\n\n# Scorecard monotonicity test\n",
			},
		},
		{
			rule: "AIMS3003",
			file: "operations/incidents/INC-2026-001.yaml",
			old:  "owner: ai-governance-lead\n",
			new:  "owner: ai-governance\n",
		},
		{
			// AIA-001 now assesses another system, so the scorecard has none.
			rule: "AIMS3004",
			file: "impact-assessments/AIA-001-credit-scoring.md",
			old:  "ai_system: SYS-CREDIT\n",
			new:  "ai_system: SYS-TRIAGE\n",
			// SYS-CREDIT is then without an impact assessment of its own,
			// which the SoA's "implemented" A.5.3 to A.5.5 claim
			also: []string{"AIMS3009", "AIMS4005", "AIMS7141"}, // and its risks are the scorecard's
		},
		{
			rule: "AIMS3005",
			file: "risk/risk-register.yaml",
			old:  creditRisks,
			new:  strings.ReplaceAll(creditRisks, "ai_system: SYS-CREDIT", "ai_system: SYS-ASSIST"),
			// AIA-001 names them; the accepted shortfall of the credit
			// evaluation (RSK-005) is now another system's risk, so its
			// failed metric is uncovered and A.6.2.4 is not evidenced.
			also: []string{"AIMS7141", "AIMS7302", "AIMS3009", "AIMS4005"},
		},
		{
			rule: "AIMS3006",
			file: "risk/statement-of-applicability.yaml",
			old:  a24,
			new:  "",
		},
		{
			rule: "AIMS3007",
			file: "risk/statement-of-applicability.yaml",
			old:  "  # A.3 Internal organization\n",
			new:  a24 + "  # A.3 Internal organization\n",
		},
		{
			// The first exclusion (A.6.2.7) is planned all the same.
			rule: "AIMS3008",
			file: "risk/statement-of-applicability.yaml",
			old:  "    implementation: not-applicable\n",
			new:  "    implementation: planned\n",
		},
		{
			rule: "AIMS3009",
			file: "risk/statement-of-applicability.yaml",
			old:  "    implementation: implemented\n    evidence: [POL-001]\n",
			new:  "    implementation: implemented\n",
		},
		{
			rule: "AIMS3010",
			file: "operations/incidents/INC-2026-001.yaml",
			old:  "root_cause: >-\n",
			new:  "cause_notes: >-\n",
		},
		{
			rule: "AIMS3011",
			file: "audits/AR-2026-01.md",
			old:  "    type: observation\n",
			new:  "    type: major\n",
		},
		{
			rule: "AIMS3012",
			file: "risk/risk-register.yaml",
			old:  "      approved_by: top-management\n",
			new:  "      approved_by: ai-governance-lead\n",
		},
		{
			rule: "AIMS3013",
			file: "governance/ai-policy.md",
			old:  "approved_by: top-management\n",
			new:  "approved_by: ai-governance-lead\n",
		},
		{
			rule: "AIMS3014",
			file: "reviews/MR-2026-01.md",
			old:  "attendees: [top-management, ",
			new:  "attendees: [",
		},
		{
			rule: "AIMS3015",
			file: "audits/AR-2026-01.md",
			old:  "auditor: Ashgrove Assurance LLP\n",
			new:  "auditor: compliance-officers\n",
		},
		{
			rule: "AIMS3016",
			file: "risk/risk-register.yaml",
			old:  "    likelihood: 3\n    impact: 5\n",
			new:  "    likelihood: 6\n    impact: 5\n",
		},
		{
			rule: "AIMS3017",
			file: "operations/nonconformities/NC-2026-001.yaml",
			old:  "effectiveness_review:\n",
			new:  "effectiveness_notes:\n",
		},
	}
}
