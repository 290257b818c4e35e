package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS7211 reports dataset records without the rights to the data or their
// known limitations.
var AIMS7211 = &lint.Rule{
	ID:       "AIMS7211",
	Name:     "DatasetRecordIncomplete",
	Title:    "dataset record lacks the right to use the data or its known limitations",
	Doc:      doc("AIMS7211"),
	Severity: lint.Error,
	Controls: []string{"A.7.3", "A.4.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkDatasetRecords,
}

// AIMS7212 reports data quality checks that warned or failed with nothing done.
var AIMS7212 = &lint.Rule{
	ID:       "AIMS7212",
	Name:     "DataQualityUnresolved",
	Title:    "data quality check failed or warned with no action recorded",
	Doc:      doc("AIMS7212"),
	Severity: lint.Error,
	Controls: []string{"A.7.4"},
	Scope:    lint.ScopeLinked,
	Check:    checkDataQuality,
}

// AIMS7213 reports AI systems and dataset or supplier records that do not
// name each other.
var AIMS7213 = &lint.Rule{
	ID:       "AIMS7213",
	Name:     "ResourceLinkOneSided",
	Title:    "dataset or supplier record and its AI system do not name each other",
	Doc:      doc("AIMS7213"),
	Severity: lint.Error,
	Controls: []string{"A.4.2", "A.4.3", "A.10.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkResourceLinks,
}

// AIMS7214 reports AI systems without the life-cycle record their stage needs.
var AIMS7214 = &lint.Rule{
	ID:       "AIMS7214",
	Name:     "SystemLifecycleRecordMissing",
	Title:    "life-cycle record that an AI system's stage needs is missing",
	Doc:      doc("AIMS7214"),
	Severity: lint.Error,
	Controls: []string{"A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.5", "A.6.2.6"},
	Scope:    lint.ScopeLinked,
	Check:    checkSystemLifecycle,
}

// AIMS7215 reports AI systems in use without event logging, information for
// users or technical documentation.
var AIMS7215 = &lint.Rule{
	ID:       "AIMS7215",
	Name:     "SystemInUseRecordMissing",
	Title:    "event logging, information for users or technical documentation of an AI system in use is missing",
	Doc:      doc("AIMS7215"),
	Severity: lint.Error,
	Controls: []string{"A.6.2.8", "A.8.2", "A.6.2.7"},
	Scope:    lint.ScopeLinked,
	Check:    checkSystemInUse,
}

// AIMS7216 reports AI systems whose resources are not recorded.
var AIMS7216 = &lint.Rule{
	ID:       "AIMS7216",
	Name:     "SystemResourcesMissing",
	Title:    "resources of an AI system are not recorded",
	Doc:      doc("AIMS7216"),
	Severity: lint.Error,
	Controls: []string{"A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6"},
	Scope:    lint.ScopeLinked,
	Check:    checkSystemResources,
}

// AIMS7217 reports suppliers without an assessment result, or not approved
// while they serve AI systems in use.
var AIMS7217 = &lint.Rule{
	ID:       "AIMS7217",
	Name:     "SupplierAssessmentIncomplete",
	Title:    "supplier has no assessment result or is not approved for the AI systems it serves",
	Doc:      doc("AIMS7217"),
	Severity: lint.Error,
	Controls: []string{"A.10.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkSupplierAssessmentResult,
}

// AIMS7218 reports monitoring reports without their methods or evaluation.
var AIMS7218 = &lint.Rule{
	ID:       "AIMS7218",
	Name:     "MonitoringReportIncomplete",
	Title:    "monitoring report lacks its methods or the evaluation of its results",
	Doc:      doc("AIMS7218"),
	Severity: lint.Error,
	Controls: []string{"9.1"},
	Scope:    lint.ScopeLinked,
	Check:    checkMonitoringReports,
}

func checkDatasetRecords(p *lint.Pass) error {
	for _, d := range kindDocs(p, "dataset") {
		if !inForce(d) {
			continue
		}
		if !hasText(d, "rights") {
			what := "the right to use it"
			if d.Get("personal_data") == true {
				what += " (the legal basis for its personal data is in `legal_basis`; this is the right to the data itself)"
			}
			p.Reportf(locateField(d, "rights"), "the dataset record does not say %s: write in `rights` whether the data is owned, licensed or obtained under a contract or terms of use, and any limits on its use", what)
		}
		if !hasText(d, "known_limitations") {
			p.Report(locateField(d, "known_limitations"), "the dataset record does not say what is known of its bias, gaps and limits: write them in `known_limitations` with how they are handled, or write that none is known and how that was checked")
		}
	}
	return nil
}

func checkDataQuality(p *lint.Pass) error {
	for _, d := range kindDocs(p, "dataset") {
		if !inForce(d) {
			continue
		}
		for i, v := range d.List("quality_checks") {
			result := itemString(v, "result")
			if (result != "warn" && result != "fail") || strings.TrimSpace(itemString(v, "action")) != "" {
				continue
			}
			p.Reportf(d.Locate("quality_checks", tok(i), "result"), "the quality check %q gave %s and records no action: write in `action` what was done (data fixed, accepted with a reason, use restricted), or run the check again", itemString(v, "check"), result)
		}
	}
	return nil
}

// linkSide is one side of a link between an AI system and a dataset or
// supplier: the list on the system (datasets, suppliers) and the kind named.
type linkSide struct {
	list string // the AI system's list
	kind string // the kind of record it names
}

func checkResourceLinks(p *lint.Pass) error {
	systems := map[string]*artifact.Document{}
	for _, s := range liveKindDocs(p, "ai-system") {
		if s.ID != "" {
			systems[s.ID] = s
		}
	}
	for _, side := range []linkSide{{"datasets", "dataset"}, {"suppliers", "supplier"}} {
		records := map[string]*artifact.Document{}
		for _, r := range liveKindDocs(p, side.kind) {
			if r.ID != "" {
				records[r.ID] = r
			}
		}
		// A system's list names a record that does not name the system.
		for _, s := range liveKindDocs(p, "ai-system") {
			for _, id := range s.Strings(side.list) {
				r, ok := records[id]
				if !ok || !inForce(r) || slices.Contains(r.Strings("ai_systems"), s.ID) {
					continue
				}
				p.Reportf(locateField(r, "ai_systems"), "%s lists this %s in `%s`, but `ai_systems` does not name it: add %s to `ai_systems`, or correct %s", s.ID, side.kind, side.list, s.ID, s.ID)
			}
		}
		// A record names a system whose list does not name the record.
		for _, r := range liveKindDocs(p, side.kind) {
			for i, id := range r.Strings("ai_systems") {
				s, ok := systems[id]
				if !ok || !inForce(s) || slices.Contains(s.Strings(side.list), r.ID) {
					continue
				}
				p.ReportFinding(lint.Finding{
					Range:   locateField(s, side.list),
					Message: fmt.Sprintf("the %s %s names this AI system in `ai_systems`, but `%s` does not list it: add %s to `%s`, or correct %s", side.kind, r.ID, side.list, r.ID, side.list, r.ID),
					Related: []lint.Related{{Range: r.Locate("ai_systems", tok(i)), Message: "named here"}},
				})
			}
		}
	}
	// A dataset no AI system uses, and that names none.
	used := map[string]bool{}
	for _, s := range systems {
		for _, id := range s.Strings("datasets") {
			used[id] = true
		}
	}
	for _, r := range liveKindDocs(p, "dataset") {
		if !inForce(r) || len(r.Strings("ai_systems")) > 0 {
			continue
		}
		if !used[r.ID] {
			p.Report(locateField(r, "ai_systems"), "the dataset record does not say which AI systems use it: list them in `ai_systems`, and the dataset in their `datasets`")
		}
	}
	return nil
}

func checkSystemLifecycle(p *lint.Pass) error {
	for _, d := range liveKindDocs(p, "ai-system") {
		if !inForce(d) || unacceptable(d) {
			continue
		}
		stage := stageIndex(d)
		if stage < stageDesign || stage >= stageRetirement {
			continue
		}
		name := d.String("lifecycle_stage")
		if !hasText(d, "requirements") {
			p.Report(locateField(d, "requirements"), fmt.Sprintf("the system is at %s but its requirements are not recorded: write in `requirements` its specification (purpose, performance, data, oversight needs) or where it is kept", name), "A.6.2.2")
		}
		if !hasText(d, "design") && !excludedControl(p, "A.6.2.3") {
			p.Report(locateField(d, "design"), fmt.Sprintf("the system is at %s but its design is not recorded: write in `design` its architecture, the choice of model or algorithm and the key design decisions with their reasons, or where the design documentation is kept", name), "A.6.2.3")
		}
		if stage >= stageVerification && !hasText(d, "verification", "criteria") {
			p.Report(locateField(d, "verification", "criteria"), fmt.Sprintf("the system is at %s but has no acceptance criteria: write in `verification.criteria` the measures and thresholds it must meet, set before testing", name), "A.6.2.4")
		}
		if stage >= stageDeployment && (d.Get("verification", "validated_on") == nil || !hasText(d, "verification", "result")) {
			p.Report(locateField(d, "verification", "validated_on"), fmt.Sprintf("the system is at %s but its validation is not recorded: write in `verification.validated_on` when the current version was validated and in `verification.result` how it met the criteria", name), "A.6.2.4")
		}
		if stage >= stageDeployment && !hasText(d, "deployment", "plan") {
			p.Report(locateField(d, "deployment", "plan"), fmt.Sprintf("the system is at %s but has no deployment plan: write in `deployment.plan` how it is released, or where the plan is kept", name), "A.6.2.5")
		}
		if stage >= stageOperation {
			approvedOn, approvedText, approved := dateAt(d, "deployment", "approved_on")
			if !approved || d.String("deployment", "approved_by") == "" {
				p.Report(locateField(d, "deployment", "approved_by"), fmt.Sprintf("the system is at %s but its release into use is not approved: record in `deployment.approved_by` and `deployment.approved_on` who approved it and when, after its validation", name), "A.6.2.5")
			} else if validated, validatedText, ok := dateAt(d, "verification", "validated_on"); ok && approvedOn.Before(validated) {
				p.Report(d.Locate("deployment", "approved_on"), fmt.Sprintf("the release was approved on %s, before the validation of %s: approve the validated version again and update `deployment.approved_on`", approvedText, validatedText), "A.6.2.5", "A.6.2.4")
			}
			if !hasText(d, "monitoring") {
				p.Report(locateField(d, "monitoring"), fmt.Sprintf("the system is at %s but how it is monitored is not recorded: write in `monitoring` what is watched (performance, drift, errors, misuse), how often, and who acts on alerts", name), "A.6.2.6")
			}
		}
	}
	return nil
}

func checkSystemInUse(p *lint.Pass) error {
	for _, d := range liveKindDocs(p, "ai-system") {
		if !inForce(d) || !inUse(d) || unacceptable(d) {
			continue
		}
		name := d.String("lifecycle_stage")
		switch logging, _ := d.Get("event_logging").(map[string]any); {
		case logging == nil || logging["enabled"] != true:
			p.Report(locateField(d, "event_logging", "enabled"), fmt.Sprintf("the system is at %s without event logging: switch logging on and record `event_logging` with `enabled: true`, `retention` and `location`", name), "A.6.2.8")
		case blankText(logging["retention"]) || blankText(logging["location"]):
			p.Report(d.LocateKey("event_logging"), "event logging is on, but how long logs are kept or where is not recorded: add `retention` and `location` to `event_logging`", "A.6.2.8")
		}
		if !hasText(d, "user_information") && !excludedControl(p, "A.8.2") {
			p.Report(locateField(d, "user_information"), fmt.Sprintf("the system is at %s but the information given to its users is not recorded: write in `user_information` how users learn that they deal with an AI system, what it is for, its limits and how to reach a person", name), "A.8.2")
		}
		if !hasText(d, "documentation") && !excludedControl(p, "A.6.2.7") {
			p.Report(locateField(d, "documentation"), fmt.Sprintf("the system is at %s but its technical documentation is not recorded: list in `documentation` the documents kept for users, partners and authorities (model card, technical file, operating manual)", name), "A.6.2.7")
		}
	}
	return nil
}

func checkSystemResources(p *lint.Pass) error {
	for _, d := range liveKindDocs(p, "ai-system") {
		if !inForce(d) || unacceptable(d) {
			continue
		}
		stage := stageIndex(d)
		if stage < stageDesign || stage >= stageRetirement {
			continue
		}
		for _, r := range []struct{ key, control, what string }{
			{"tooling", "A.4.4", "the tools: algorithms, models, libraries and platforms"},
			{"computing", "A.4.5", "the system and computing resources: where it runs and with what capacity"},
			{"people", "A.4.6", "the people and competences it needs, including for human oversight"},
		} {
			if hasText(d, "resources", r.key) || excludedControl(p, r.control) {
				continue
			}
			p.Report(locateField(d, "resources", r.key), fmt.Sprintf("the record does not list %s: add them under `resources.%s`", r.what, r.key), "A.4.2", r.control)
		}
		if inUse(d) && len(d.Strings("datasets")) == 0 && !excludedControl(p, "A.4.3") {
			p.Report(locateField(d, "datasets"), fmt.Sprintf("the system is at %s but no dataset is recorded: list in `datasets` the dataset records of the data it was trained, tested or evaluated on and the data it uses in operation", d.String("lifecycle_stage")), "A.4.2", "A.4.3")
		}
	}
	return nil
}

func checkSupplierAssessmentResult(p *lint.Pass) error {
	for _, d := range kindDocs(p, "supplier") {
		if !inForce(d) {
			continue
		}
		result := d.String("assessment_result")
		if result == "" {
			p.Report(locateField(d, "assessment_result"), "the supplier record has no assessment result: record in `assessment_result` the outcome of the assessment (approved, approved-with-conditions or not-approved)")
		}
		if !hasText(d, "assessment_summary") {
			p.Report(locateField(d, "assessment_summary"), "the supplier record does not say what was assessed: write in `assessment_summary` the criteria (fit with the responsible AI approach, data protection, change notice, security), what was found and any conditions")
		}
		if result != "not-approved" {
			continue
		}
		var live []string
		for _, id := range d.Strings("ai_systems") {
			if s, ok := p.Index.Lookup(id); ok && s.Kind == "ai-system" && s.Data != nil && s.Status() != "retired" && inUse(s) {
				live = append(live, id)
			}
		}
		if len(live) > 0 {
			p.Reportf(d.Locate("assessment_result"), "the supplier is not approved, yet %s in use %s on it: stop using it, or assess it again and record the conditions under which it may be used", strings.Join(live, ", "), plural(len(live), "depends", "depend"))
		}
	}
	return nil
}

func checkMonitoringReports(p *lint.Pass) error {
	for _, d := range kindDocs(p, "monitoring-report") {
		if !inForce(d) {
			continue
		}
		if !hasText(d, "methods") {
			p.Report(locateField(d, "methods"), "the report does not say how the results were measured: write in `methods` the data sources, samples and tools behind the indicators")
		}
		if !hasText(d, "evaluation") {
			p.Report(locateField(d, "evaluation"), "the report gives results but no evaluation: write in `evaluation` what the results mean for the AIMS and its AI systems, the trends, and the indicators that missed their target")
		}
	}
	return nil
}
