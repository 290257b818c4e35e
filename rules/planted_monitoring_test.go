package rules

// monitoringPlants are the planted problems of the monitoring and data
// quality rules (AIMS7223 to AIMS7226).
func monitoringPlants() []plant {
	const report = "operations/monitoring/MON-2026-Q2.md"
	return []plant{
		{
			// Training completion (88% against 95 or higher) loses its
			// nonconformity.
			rule: "AIMS7223",
			file: report,
			old:  "    nonconformity: NC-2026-003\n",
			new:  "",
		},
		{
			// The Q2 report covers Q1 instead: monitoring is reported only up
			// to 2026-03-31, more than the 4mo cycle before 2026-09-30. The
			// systems it names are not reported again by AIMS7225.
			rule: "AIMS7224",
			file: report,
			old:  "  from: 2026-04-01\n  to: 2026-06-30\n",
			new:  "  from: 2026-01-01\n  to: 2026-03-31\n",
		},
		{
			// The correspondence classifier, in operation since January, is
			// left out of the report.
			rule: "AIMS7225",
			file: report,
			old:  "ai_systems: [SYS-CREDIT, SYS-ASSIST, SYS-TRIAGE]",
			new:  "ai_systems: [SYS-CREDIT, SYS-ASSIST]",
		},
		{
			// The inter-labeller agreement check last ran 13 months ago, beyond
			// the corpus's 12mo review cycle.
			rule: "AIMS7226",
			file: "data/correspondence-corpus.yaml",
			old:  "    last_run: 2026-01-20\n    result: pass\n  - check: Redaction",
			new:  "    last_run: 2025-08-20\n    result: pass\n  - check: Redaction",
		},
	}
}
