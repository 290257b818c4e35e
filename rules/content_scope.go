package rules

import (
	"fmt"
	"slices"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// This file holds the content rules that tie each AI system record to the
// context of the AIMS: the organization's AI role for it (AIMS7219), who
// oversees a high-risk system (AIMS7220), and that a system of unacceptable
// risk is not developed or used (AIMS7221).

// AIMS7219 reports AI systems that do not state the organization's AI role
// for them, or state one the scope does not list.
var AIMS7219 = &lint.Rule{
	ID:       "AIMS7219",
	Name:     "SystemAIRoleUnstated",
	Title:    "the organization's AI role for an AI system is not stated, or the scope does not list it",
	Doc:      doc("AIMS7219"),
	Severity: lint.Error,
	Controls: []string{"4.1", "4.3"},
	Scope:    lint.ScopeLinked,
	Check:    checkSystemAIRole,
}

// AIMS7220 reports high-risk AI systems that do not name the roles that
// oversee them, or name one without recorded competence.
var AIMS7220 = &lint.Rule{
	ID:       "AIMS7220",
	Name:     "OversightRolesUnassigned",
	Title:    "high-risk AI system does not name the roles that oversee it, or one has no competence entry",
	Doc:      doc("AIMS7220"),
	Severity: lint.Error,
	Controls: []string{"A.4.6", "7.2"},
	Scope:    lint.ScopeLinked,
	Check:    checkOversightRoles,
}

// AIMS7221 reports AI systems of unacceptable risk that are being developed
// or used.
var AIMS7221 = &lint.Rule{
	ID:       "AIMS7221",
	Name:     "UnacceptableSystemInUse",
	Title:    "an AI system of unacceptable risk is being developed or used",
	Doc:      doc("AIMS7221"),
	Severity: lint.Error,
	Controls: []string{"A.9.4"},
	Scope:    lint.ScopeLinked,
	Check:    checkUnacceptableSystems,
}

// aiRoles are the AI roles of clause 4.1, as the schemas spell them.
var aiRoles = []string{"provider", "producer", "customer", "partner", "subject", "relevant-authority"}

func checkSystemAIRole(p *lint.Pass) error {
	var listing *artifact.Document // the first scope in force that lists AI roles
	listed := map[string]bool{}
	excluded := map[string]bool{}
	for _, s := range scopeDocs(p) {
		for _, r := range s.Strings("ai_roles") {
			listed[r] = true
			if listing == nil {
				listing = s
			}
		}
		for _, v := range s.List("exclusions") {
			if id := itemString(v, "ai_system"); id != "" {
				excluded[id] = true
			}
		}
	}
	for _, d := range kindDocs(p, "ai-system") {
		if !inForce(d) || (d.ID != "" && excluded[d.ID]) {
			continue
		}
		name, _ := d.Get("ai_role").(string)
		switch {
		case d.Get("ai_role") == nil:
			p.Report(locateField(d, "ai_role"), "the record does not state the organization's AI role for this system: set `ai_role` to producer (it designs or builds the system), provider (it offers the system to others, its own customers included), customer (it uses a system another organization provides), partner, subject or relevant-authority, and list that role in the scope's `ai_roles`")
		case listing == nil || !slices.Contains(aiRoles, name) || listed[name]:
			// No scope in force lists AI roles (AIMS7126 says so), or the
			// value is not a role (the schema rule says so), or it is listed.
		default:
			p.ReportFinding(lint.Finding{
				Range:   d.Locate("ai_role"),
				Message: fmt.Sprintf("`ai_role` is %s, but the AIMS scope %s does not list %s in `ai_roles`: add %s to `ai_roles` of %s if the organization plays that role, or correct `ai_role`", name, listing.ID, name, name, listing.ID),
				Related: []lint.Related{{Range: listing.LocateKey("ai_roles"), Message: "the scope's AI roles"}},
			})
		}
	}
	return nil
}

func checkOversightRoles(p *lint.Pass) error {
	if excludedControl(p, "A.4.6") {
		return nil
	}
	var records []*artifact.Document
	covered := map[string]bool{}
	for _, d := range kindDocs(p, "competence-record") {
		if !inForce(d) {
			continue
		}
		records = append(records, d)
		for _, v := range d.List("competences") {
			covered[itemString(v, "role")] = true
		}
	}
	// AIMS7135 reports a role of a roles artifact in force that no entry
	// covers; this rule reports only the other defined roles (the default
	// roles, or those of a roles artifact still in draft).
	judged := map[string]bool{}
	roleEntries(p, func(_ *artifact.Document, _ int, m map[string]any) {
		if id, ok := m["id"].(string); ok {
			judged[id] = true
		}
	})
	defined := definedRoles(p)
	for _, d := range kindDocs(p, "ai-system") {
		if !inForce(d) || d.String("risk_level") != "high" {
			continue
		}
		roles := d.Strings("oversight_roles")
		if len(roles) == 0 {
			at := d.Locate("risk_level")
			switch {
			case d.Get("oversight_roles") != nil:
				at = d.LocateKey("oversight_roles")
			case d.Get("human_oversight") != nil:
				at = d.LocateKey("human_oversight")
			}
			p.Report(at, "the system is high-risk but does not name who oversees it: list in `oversight_roles` the roles whose members perform the human oversight that `human_oversight` describes, each with an entry in the competence record")
			continue
		}
		if len(records) == 0 {
			continue // no competence record in force: the coverage rules say so
		}
		for i, r := range roles {
			if covered[r] || !defined[r] || judged[r] {
				continue // covered, undefined (AIMS3003) or judged by AIMS7135
			}
			p.ReportFinding(lint.Finding{
				Range:   d.Locate("oversight_roles", tok(i)),
				Message: fmt.Sprintf("the oversight role %s has no entry in `competences` of %s: add one with the competences its members need to oversee this system (`required`) and the evidence that they have them (`evidence`, `training` with dates)", r, records[0].ID),
				Related: []lint.Related{{Range: records[0].LocateKey("competences"), Message: "the competence record"}},
			})
		}
	}
	return nil
}

func checkUnacceptableSystems(p *lint.Pass) error {
	for _, d := range kindDocs(p, "ai-system") {
		if !inForce(d) || !unacceptable(d) {
			continue
		}
		switch stage := d.String("lifecycle_stage"); {
		case stageIndex(d) < 0, stage == "inception", stage == "retirement":
			continue // unknown (the schema rule says so), a proposal, or being retired
		}
		p.ReportFinding(lint.Finding{
			Range:   d.Locate("lifecycle_stage"),
			Message: fmt.Sprintf("the system's risk is unacceptable, yet it is at %s: stop developing and using it and set `lifecycle_stage: retirement` (or retire the record), or, if a new assessment found the risk lower, correct `risk_level` and record that assessment", d.String("lifecycle_stage")),
			Related: []lint.Related{{Range: d.Locate("risk_level"), Message: "the risk level"}},
		})
	}
	return nil
}
