package rules

// followupPlants are the planted problems of the rules that follow the AIMS
// through time: audits and reviews that recur, auditors independent of what
// they audit, review actions followed up, and the objectives of A.6.1.2 and
// A.9.3.
func followupPlants() []plant {
	const (
		programme = "audits/audit-programme.yaml"
		report    = "audits/AR-2026-01.md"
		review    = "reviews/MR-2026-01.md"
		launch    = "reviews/MR-2025-01.md"
		goals     = "governance/ai-objectives.yaml"
	)
	return []plant{
		{
			// The second audit of SYS-CREDIT moves forward: nothing is then
			// audited in the programme's last 14 months.
			rule: "AIMS7146",
			file: programme,
			old:  "planned_on: 2027-06-15",
			new:  "planned_on: 2027-03-10",
		},
		{
			// The first audit is done by Decision Science, who own the
			// datasets and AI system records it covers, instead of Ashgrove.
			rule: "AIMS7147",
			file: report,
			old:  "auditor: Ashgrove Assurance LLP\nauditees: [ai-governance-lead, data-scientists, ",
			new:  "auditor: data-scientists\nauditees: [ai-governance-lead, ",
		},
		{
			// The observation on monitoring targets is raised to a minor
			// finding, but no nonconformity is recorded for it.
			rule: "AIMS3011",
			file: report,
			old:  "type: observation",
			new:  "type: minor",
		},
		{
			// The yearly review is withdrawn: the launch review of September
			// 2025 is then the latest, more than 12 months ago.
			rule: "AIMS7148",
			file: review,
			old:  "status: approved",
			new:  "status: retired",
		},
		{
			// The yearly review does not report on the first internal audit,
			// an action of the launch review due in June.
			rule: "AIMS7149",
			file: review,
			old:  exampleBlock(review, "  - action: MR-2025-01-A4", "decisions:"),
			new:  "",
		},
		{
			// The launch review's first action loses its id, so no later
			// review can report on it.
			rule: "AIMS7149",
			file: launch,
			old:  "  - id: MR-2025-01-A1\n    action:",
			new:  "  - action:",
			also: []string{"AIMS3002"},
		},
		{
			// No objective serves responsible use any more.
			rule: "AIMS7150",
			file: goals,
			old:  "    controls: [A.6.1.2, A.9.3]\n",
			new:  "    controls: [A.6.1.2]\n",
		},
	}
}
