package rules

// coveragePlants plants one problem per coverage (AIMS4xxx) and date
// (AIMS5xxx) rule in a copy of the example AIMS.
func coveragePlants() []plant {
	return []plant{
		// The Q2 monitoring report is the only evidence of 9.1.
		{rule: "AIMS4001", file: "operations/monitoring/MON-2026-Q2.md",
			old: "status: approved", new: "status: retired",
			// the SoA cites the report as evidence: AIMS6004 reports that too;
			// the systems in operation for longer than the monitoring cycle are
			// named in no report in force (AIMS7225)
			also: []string{"AIMS6004", "AIMS7225"}},
		// PROC-007 is the only artifact that lists A.9.2, which the SoA marks applicable.
		{rule: "AIMS4002", file: "procedures/PROC-007-responsible-use.md",
			old: "controls: [A.8.2, A.9.2, A.9.3, A.9.4]", new: "controls: [A.8.2, A.9.3, A.9.4]"},
		{rule: "AIMS4003", file: "operations/monitoring/MON-2026-Q2.md",
			old: "status: approved", new: "status: in-review"},
		// The Statement of Applicability is retired: the risk register still
		// evidences 6.1.3, but not its Statement of Applicability.
		{rule: "AIMS4004", file: "risk/statement-of-applicability.yaml",
			old: "status: approved", new: "status: retired",
			// artifacts cite it (AIMS6004), and without it the exclusions of
			// A.8.5, A.10.4 and A.6.2.7 cannot be read (AIMS4002, and AIMS7215
			// asks for the technical documentation A.6.2.7 excluded)
			also: []string{"AIMS4002", "AIMS6004", "AIMS7215"}},
		// The assistant's impact assessment goes back into review: approved
		// assessments of the other systems no longer speak for it.
		{rule: "AIMS4005", file: "impact-assessments/AIA-002-customer-assistant.md",
			old: "status: approved", new: "status: in-review",
			// the SoA still marks A.5.3 to A.5.5 implemented
			also: []string{"AIMS3009"}},
		{rule: "AIMS5001", file: "governance/ai-policy.md",
			old: "next_review: 2027-09-13", new: "next_review: 2026-09-13"},
		// 2026-03-05 plus the SoA's 6mo cycle is 2026-09-05.
		{rule: "AIMS5002", file: "risk/statement-of-applicability.yaml",
			old: "last_reviewed: 2026-08-05", new: "last_reviewed: 2026-03-05"},
		{rule: "AIMS5003", file: "operations/incidents/INC-2026-002.md",
			old: `"on": 2026-09-02`, new: `"on": 2026-10-02`},
		{rule: "AIMS5004", file: "audits/AR-2026-01.md",
			old: "approved_on: 2026-06-24", new: "approved_on: 2026-06-04"},
		// last_reviewed 2026-07-17 plus 12mo allows 2027-07-17 at the latest.
		{rule: "AIMS5005", file: "suppliers/corvid-language.yaml",
			old: "next_review: 2027-07-16", new: "next_review: 2027-09-16"},
		{rule: "AIMS5006", file: "suppliers/halden-cloud.yaml",
			old: "next_assessment: 2027-02-24", new: "next_assessment: 2026-09-24"},
		{rule: "AIMS5007", file: "audits/audit-programme.yaml",
			old: "planned_on: 2026-11-17", new: "planned_on: 2026-09-17"},
		// RSK-001's treatment is in progress.
		{rule: "AIMS5008", file: "risk/risk-register.yaml",
			old: "due: 2026-12-31", new: "due: 2026-09-01"},
		{rule: "AIMS5009", file: "operations/nonconformities/NC-2026-003.yaml",
			old: "due: 2026-10-31", new: "due: 2026-09-01"},
		// OBJ-2026-01 is on track.
		{rule: "AIMS5010", file: "governance/ai-objectives.yaml",
			old: "due: 2026-12-31\n    status: on-track", new: "due: 2026-09-01\n    status: on-track"},
	}
}
