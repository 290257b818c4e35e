package plan

import "fmt"

// taskNames are the short, imperative names of the tasks that close the gap
// of each clause and control, condensed from the catalogue's guidance. A
// reference without one (a catalogue newer than this table) is named
// "Evidence <title>".
var taskNames = map[string]string{
	"4.1":     "Describe the organization's context and AI roles",
	"4.2":     "List the interested parties and their needs",
	"4.3":     "Write the AIMS scope",
	"4.4":     "Describe the AIMS processes and how they connect",
	"5.1":     "Show top management's leadership and commitment",
	"5.2":     "Write the AI policy",
	"5.3":     "Define AIMS roles, responsibilities and authorities",
	"6.1.1":   "Set AI risk criteria and plan actions on risks and opportunities",
	"6.1.2":   "Define the AI risk assessment method",
	"6.1.3":   "Plan risk treatment and write the Statement of Applicability",
	"6.1.4":   "Assess the impacts of each AI system",
	"6.2":     "Set AI objectives with measures, owners and dates",
	"6.3":     "Plan changes to the AIMS",
	"7.1":     "Show the resources given to the AIMS",
	"7.2":     "Record the competence each role needs and holds",
	"7.3":     "Record awareness training and policy acknowledgements",
	"7.4":     "Plan what the AIMS communicates, when and to whom",
	"7.5.1":   "Keep the AIMS documentation in the repository",
	"7.5.2":   "Give every artifact an id, owner, version and approval",
	"7.5.3":   "Control AIMS documents: access, versions, reviews, retention",
	"8.1":     "Keep records that operations ran as planned",
	"8.2":     "Reassess AI risks at planned intervals",
	"8.3":     "Track the treatment of each AI risk",
	"8.4":     "Update impact assessments on schedule and before changes",
	"9.1":     "Report KPIs against their targets each period",
	"9.2.1":   "Schedule internal audits in an audit programme",
	"9.2.2":   "Run independent internal audits and report them",
	"9.3.1":   "Hold management reviews at planned intervals",
	"9.3.2":   "Cover the required inputs in each management review",
	"9.3.3":   "Record management review decisions and actions",
	"10.1":    "Show continual improvement",
	"10.2":    "Record nonconformities and corrective actions",
	"A.2.2":   "Publish the approved AI policy",
	"A.2.3":   "Align the AI policy with the other policies",
	"A.2.4":   "Review the AI policy on its cycle",
	"A.3.2":   "Assign AI roles and responsibilities",
	"A.3.3":   "Set up a channel for reporting concerns",
	"A.4.2":   "Document the resources of each AI system",
	"A.4.3":   "Document the data resources of each AI system",
	"A.4.4":   "Document the tools and models of each AI system",
	"A.4.5":   "Document the compute resources of each AI system",
	"A.4.6":   "Document the people and skills each AI system needs",
	"A.5.2":   "Define the AI system impact assessment process",
	"A.5.3":   "Keep the results of impact assessments",
	"A.5.4":   "Assess impacts on individuals and groups",
	"A.5.5":   "Assess societal impacts",
	"A.6.1.2": "Set objectives for responsible development",
	"A.6.1.3": "Define responsible design and development processes",
	"A.6.2.2": "Specify the requirements of each AI system",
	"A.6.2.3": "Document AI system design and development",
	"A.6.2.4": "Define verification, validation and acceptance criteria",
	"A.6.2.5": "Plan and approve each deployment",
	"A.6.2.6": "Define how each AI system is operated and monitored",
	"A.6.2.7": "Provide technical documentation for each AI system",
	"A.6.2.8": "Switch on and keep AI system event logs",
	"A.7.2":   "Manage the data used to develop AI systems",
	"A.7.3":   "Record how data is acquired",
	"A.7.4":   "Define and check data quality",
	"A.7.5":   "Record data provenance",
	"A.7.6":   "Record how data is prepared",
	"A.8.2":   "Give users the information they need",
	"A.8.3":   "Open a channel for external reports of adverse impacts",
	"A.8.4":   "Plan how incidents are communicated",
	"A.8.5":   "Record what must be reported to interested parties",
	"A.9.2":   "Define processes for responsible use",
	"A.9.3":   "Set objectives for responsible use",
	"A.9.4":   "Make sure AI systems are used as intended",
	"A.10.2":  "Allocate responsibilities with third parties",
	"A.10.3":  "Assess AI suppliers",
	"A.10.4":  "Take customers' needs into account",
}

// shortName returns what closing a gap takes, without its reference.
func shortName(g *Gap) string {
	if n, ok := taskNames[g.Ref]; ok {
		return n
	}
	return "Evidence " + lowerFirst(g.Title)
}

// gapTaskName names the task of a gap: "Write the AI policy (5.2)" when it
// is missing, with what is left when it is partial: "Write the AI policy
// (5.2): approve the drafts" or "…: fix 2 open findings".
func gapTaskName(g *Gap, draftOnly bool) string {
	name := fmt.Sprintf("%s (%s)", shortName(g), g.Ref)
	switch {
	case g.Status != Partial:
		return name
	case draftOnly:
		return name + ": approve the drafts"
	case g.Findings == 1:
		return name + ": fix the open finding"
	}
	return fmt.Sprintf("%s: fix %d open findings", name, g.Findings)
}

// lowerFirst lower-cases the first letter of a title for use inside a
// sentence, unless it starts an acronym ("AI policy", "AIMS").
func lowerFirst(s string) string {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' || (s[1] >= 'A' && s[1] <= 'Z') {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
