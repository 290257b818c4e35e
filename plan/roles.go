package plan

import (
	"strings"

	"github.com/aimsdev/aims/artifact"
)

// The seven default roles of the implementation plan (rules.DefaultRoles,
// which this package cannot import).
const (
	topManagement      = "top-management"
	aiGovernanceLead   = "ai-governance-lead"
	dataScientists     = "data-scientists"
	complianceOfficers = "compliance-officers"
	legalAdvisors      = "legal-advisors"
	ethicsCommittee    = "ethics-committee"
	itSecurity         = "it-security"
)

// DefaultRoles returns the seven default roles with their titles, in the
// order of the RACI columns. They are the plan's roles when the repository
// defines none.
func DefaultRoles() []Role {
	return []Role{
		{topManagement, "Top management"},
		{aiGovernanceLead, "AI governance lead"},
		{dataScientists, "Data scientists"},
		{complianceOfficers, "Compliance officers"},
		{legalAdvisors, "Legal advisors"},
		{ethicsCommittee, "Ethics committee"},
		{itSecurity, "IT security"},
	}
}

// fallbackChain lists, for each default role, the default roles that stand in
// for it when the repository does not define it, nearest first. A role the
// chain cannot place goes to the repository's first role.
//
//	top-management       → ai-governance-lead
//	ai-governance-lead   → compliance-officers → top-management
//	data-scientists      → it-security → ai-governance-lead → top-management
//	compliance-officers  → legal-advisors → ai-governance-lead → top-management
//	legal-advisors       → compliance-officers → ai-governance-lead → top-management
//	ethics-committee     → compliance-officers → ai-governance-lead → top-management
//	it-security          → data-scientists → ai-governance-lead → top-management
func fallbackChain(role string) []string {
	switch role {
	case topManagement:
		return []string{topManagement, aiGovernanceLead}
	case aiGovernanceLead:
		return []string{aiGovernanceLead, complianceOfficers, topManagement}
	case dataScientists:
		return []string{dataScientists, itSecurity, aiGovernanceLead, topManagement}
	case complianceOfficers:
		return []string{complianceOfficers, legalAdvisors, aiGovernanceLead, topManagement}
	case legalAdvisors:
		return []string{legalAdvisors, complianceOfficers, aiGovernanceLead, topManagement}
	case ethicsCommittee:
		return []string{ethicsCommittee, complianceOfficers, aiGovernanceLead, topManagement}
	case itSecurity:
		return []string{itSecurity, dataScientists, aiGovernanceLead, topManagement}
	}
	return []string{role, aiGovernanceLead, topManagement}
}

// roleSet maps the plan's default role ids onto the roles it shows.
type roleSet struct {
	roles   []Role
	index   map[string]int // role id → column
	resolve map[string]string
}

func newRoleSet(roles []Role) *roleSet {
	s := &roleSet{roles: roles, index: make(map[string]int, len(roles)), resolve: map[string]string{}}
	for i, r := range roles {
		s.index[r.ID] = i
	}
	return s
}

// id returns the role that takes on the default role def: def itself when
// defined, else the nearest defined role of its fallback chain, else the
// first role; "" when there are no roles at all.
func (s *roleSet) id(def string) string {
	if id, ok := s.resolve[def]; ok {
		return id
	}
	id := ""
	for _, c := range fallbackChain(def) {
		if _, ok := s.index[c]; ok {
			id = c
			break
		}
	}
	if id == "" && len(s.roles) > 0 {
		id = s.roles[0].ID
	}
	s.resolve[def] = id
	return id
}

// planRoles returns the roles of every parsed, non-retired roles artifact
// (id and title, first definition of an id wins, in path then list order),
// or the defaults when there are none; defined says which.
func planRoles(docs []*artifact.Document) (roles []Role, defined bool) {
	seen := map[string]bool{}
	for _, d := range docs {
		if d == nil || d.Kind != "roles" || d.Data == nil || d.Status() == "retired" {
			continue
		}
		for _, e := range d.List("roles") {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			id, _ := m["id"].(string)
			id = strings.TrimSpace(id)
			if id == "" || seen[id] {
				continue
			}
			seen[id] = true
			title, _ := m["title"].(string)
			if title = strings.TrimSpace(title); title == "" {
				title = id
			}
			roles = append(roles, Role{ID: id, Title: title})
		}
	}
	if len(roles) == 0 {
		return DefaultRoles(), false
	}
	return roles, true
}

// ownerOf returns the default role that owns (is responsible for closing) the
// gap of a clause or control. The table, by subject:
//
//	4.x context and scope, 5.2/5.3 policy and roles,
//	6.1.1–6.1.3 risk, 6.2 objectives, 6.3 changes,
//	7.4 communication, 7.5.x documents, 8.1–8.3 operation and risk,
//	9.1 monitoring, 10.x improvement, A.2 policy,
//	A.3.2 roles, A.9.2/A.9.3 responsible use          → ai-governance-lead
//	5.1 leadership, 7.1 resources, 9.3.x management review → top-management
//	6.1.4/8.4 impact assessment, A.5 impacts          → ethics-committee
//	7.2/7.3 competence and awareness, A.4.6 people,
//	9.2.x internal audit, A.3.3 concerns, A.8.2–A.8.4
//	information for users, external reports, incidents → compliance-officers
//	A.4.2–A.4.4 resources, data and tools, A.6.1.x/A.6.2.2–A.6.2.7
//	life cycle, A.7 data, A.9.4 intended use           → data-scientists
//	A.4.5 compute, A.6.2.8 event logs                  → it-security
//	A.8.5 reporting obligations, A.10 third parties    → legal-advisors
func ownerOf(ref string) string {
	switch {
	case ref == "5.1", ref == "7.1", strings.HasPrefix(ref, "9.3"):
		return topManagement
	case ref == "6.1.4", ref == "8.4", strings.HasPrefix(ref, "A.5."):
		return ethicsCommittee
	case ref == "7.2", ref == "7.3", ref == "A.4.6", strings.HasPrefix(ref, "9.2"),
		ref == "A.3.3", ref == "A.8.2", ref == "A.8.3", ref == "A.8.4":
		return complianceOfficers
	case ref == "A.4.5", ref == "A.6.2.8":
		return itSecurity
	case ref == "A.4.2", ref == "A.4.3", ref == "A.4.4", ref == "A.9.4",
		strings.HasPrefix(ref, "A.6."), strings.HasPrefix(ref, "A.7."):
		return dataScientists
	case ref == "A.8.5", strings.HasPrefix(ref, "A.10."):
		return legalAdvisors
	}
	return aiGovernanceLead
}

// accountableFor returns the default role accountable for the work of the
// default role responsible: top management answers for the AI governance
// lead's work and its own; the AI governance lead answers for the specialists'.
func accountableFor(responsible string) string {
	if responsible == topManagement || responsible == aiGovernanceLead {
		return topManagement
	}
	return aiGovernanceLead
}
