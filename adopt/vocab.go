package adopt

import (
	"regexp"
	"strings"
)

// A kindWords says which words of a folder, a file name or a title name a
// built-in kind, and in which formats its documents are written.
type kindWords struct {
	kind     string
	words    [][]string // any of these word sequences, e.g. {"management", "review"}
	markdown bool       // documents may be Markdown
	yaml     bool       // documents may be YAML
}

// builtinWords are tried in order: the first kind whose words a group's
// folder names wins (supplier before review, so supplier-reviews are about
// suppliers).
var builtinWords = []kindWords{
	{"aims-scope", [][]string{{"scope"}, {"aims", "scope"}}, true, false},
	{"impact-assessment", [][]string{{"impact", "assessment"}, {"impact", "assessments"}, {"aia"}, {"aias"}, {"dpia"}, {"dpias"}}, true, false},
	{"incident", [][]string{{"incident"}, {"incidents"}}, true, true},
	{"nonconformity", [][]string{{"nonconformity"}, {"nonconformities"}, {"capa"}, {"corrective", "actions"}}, false, true},
	{"supplier", [][]string{{"supplier"}, {"suppliers"}, {"vendor"}, {"vendors"}}, false, true},
	{"management-review", [][]string{{"management", "review"}, {"management", "reviews"}}, true, false},
	{"monitoring-report", [][]string{{"monitoring"}}, true, false},
	{"audit-report", [][]string{{"audit", "report"}, {"audit", "reports"}, {"audits"}, {"audit"}}, true, false},
	{"evaluation", [][]string{{"evaluation"}, {"evaluations"}, {"evals"}}, true, true},
	{"dataset", [][]string{{"dataset"}, {"datasets"}, {"data", "sets"}, {"data", "cards"}, {"datasheets"}}, true, true},
	{"ai-system", [][]string{{"ai", "systems"}, {"systems"}, {"models"}, {"model", "cards"}}, true, true},
	{"procedure", [][]string{{"procedure"}, {"procedures"}, {"process"}, {"processes"}, {"sop"}, {"sops"}, {"runbooks"}, {"playbooks"}}, true, false},
}

// coreSynonyms are the names, normalised (lower case, words joined by _),
// under which repositories write the fields every artifact has. The first
// found in a group is renamed.
var coreSynonyms = []struct {
	field string
	names []string
}{
	{"id", []string{"id", "identifier", "doc_id", "document_id", "policy_id", "ref_id", "uid"}},
	{"title", []string{"title", "name", "summary", "subject", "heading"}},
	{"status", []string{"status", "doc_status", "document_status", "approval_status", "state", "record_status", "record", "stage"}},
	{"owner", []string{"owner", "owned_by", "author", "maintainer", "responsible", "accountable", "handler", "assignee", "owner_role"}},
	{"approved_by", []string{"approved_by", "approver", "approved_by_role", "sign_off", "signoff", "signed_off_by", "sign_off_by", "closed_by"}},
	{"approved_on", []string{"approved_on", "approval_date", "approved_date", "date_approved", "approved_at", "sign_off_date", "signoff_date", "signed_off_on", "closed_on", "effective", "effective_date"}},
	{"last_reviewed", []string{"last_reviewed", "last_updated", "updated", "last_review", "reviewed", "reviewed_on", "last_modified", "modified", "lastmod", "date_reviewed", "updated_at", "last_review_date"}},
	{"next_review", []string{"next_review", "next_review_date", "review_date", "review_by", "review_due", "next_review_due"}},
	{"review_cycle", []string{"review_cycle", "review", "review_frequency", "review_period", "review_interval", "cadence"}},
	{"version", []string{"version", "revision"}},
	{"controls", []string{"controls", "iso_42001", "iso42001", "iso_refs", "iso_references", "iso_controls", "iso", "references", "clauses", "annex_a", "standard_refs"}},
}

// kindSynonyms are the names of fields particular to a built-in kind, tried
// before the core ones.
var kindSynonyms = map[string][]struct {
	field string
	names []string
}{
	"incident": {
		{"detected_on", []string{"detected_on", "detected", "reported", "reported_on", "detected_at", "date_reported"}},
		{"occurred_on", []string{"occurred_on", "occurred", "happened", "happened_on", "incident_date", "date_occurred"}},
		{"ai_system", []string{"ai_system", "system", "model", "affected_system"}},
		{"severity", []string{"severity", "impact", "priority", "sev"}},
		{"state", []string{"state", "incident_status", "resolution"}},
		{"root_cause", []string{"root_cause", "cause", "rootcause"}},
	},
	"supplier": {
		{"services", []string{"services", "service", "provides"}},
		{"ai_systems", []string{"ai_systems", "systems", "used_by"}},
		{"assessed_on", []string{"assessed_on", "reviewed", "assessed", "assessment_date", "reviewed_on"}},
		{"next_assessment", []string{"next_assessment", "next_review", "next_assessment_date", "reassess_by"}},
	},
	"ai-policy": {
		{"review_cycle", []string{"review_cycle", "review", "review_frequency", "review_period"}},
	},
}

// similarity is how far (in edits) a field name may be from an aims field to
// be taken for it, when no synonym matched: last-reviewd is last_reviewed.
const similarity = 2

// statusWords place the values of a status field: the first list a value's
// words match gives the aims status.
var statusWords = []struct {
	status string
	words  []string
}{
	{"retired", []string{"retired", "archived", "deprecated", "obsolete", "superseded", "withdrawn", "expired", "inactive", "replaced"}},
	{"in-review", []string{"review", "reviewing", "submitted", "candidate", "proposed", "pending", "consultation", "rfc"}},
	{"draft", []string{"draft", "wip", "working", "new", "planned", "todo", "incomplete", "unpublished", "open"}},
	{"approved", []string{"approved", "published", "final", "active", "released", "effective", "signed", "adopted", "current", "live", "accepted", "ratified", "issued", "complete", "completed", "specification"}},
}

// cycleWords are review frequencies written in words.
var cycleWords = map[string]string{
	"annual": "12mo", "annually": "12mo", "yearly": "12mo", "every year": "12mo", "once a year": "12mo",
	"biannual": "6mo", "biannually": "6mo", "semiannual": "6mo", "semi annual": "6mo", "semi annually": "6mo", "half yearly": "6mo", "every six months": "6mo",
	"quarterly": "3mo", "every quarter": "3mo", "monthly": "1mo", "every month": "1mo",
	"biennial": "24mo", "every two years": "24mo", "weekly": "1w",
}

// severityWords are incident severities written otherwise.
var severityWords = map[string]string{
	"moderate": "medium", "med": "medium", "minor": "low", "negligible": "low", "major": "high",
	"severe": "critical", "sev1": "critical", "sev2": "high", "sev3": "medium", "sev4": "low",
	"p1": "critical", "p2": "high", "p3": "medium", "p4": "low",
}

// idFields are fields whose whole numbers can give an id, in preference order.
var idFields = []string{"sequence", "seq", "number", "no", "num", "doc_number", "index", "order", "position"}

// kindFields are fields whose value can say a file's kind.
var kindFields = []string{"layout", "type", "doc_type", "doctype", "document_type", "record_type", "category", "template", "kind"}

// genericFolders name folders that say nothing of what their files are.
var genericFolders = map[string]bool{
	"docs": true, "doc": true, "documents": true, "content": true, "pages": true, "src": true, "md": true,
	"markdown": true, "site": true, "website": true, "files": true, "text": true, ".": true,
}

var (
	wordRe      = regexp.MustCompile(`[a-z0-9]+`)
	refRe       = regexp.MustCompile(`^(A[.\-_ ]?)?[0-9]+([.\-_][0-9]+)+$`)
	dateRe      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	roleIDRe    = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	artifactRe  = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$`)
	kindNameRe  = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	cycleRe     = regexp.MustCompile(`^[1-9][0-9]*(d|w|mo|y)$`)
	nonWordRe   = regexp.MustCompile(`[^a-z0-9]+`)
	digitsOnlyR = regexp.MustCompile(`^[0-9]+$`)
)

// words splits s into lower-case words; "AI" and "Artificial Intelligence"
// both give "ai".
func words(s string) []string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "artificial intelligence", "ai")
	return wordRe.FindAllString(s, -1)
}

// hasSeq reports whether ws holds seq as consecutive words.
func hasSeq(ws, seq []string) bool {
	for i := 0; i+len(seq) <= len(ws); i++ {
		ok := true
		for j, w := range seq {
			if ws[i+j] != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// normKey normalises a field name for comparison: lower case, words joined by _.
func normKey(k string) string {
	return strings.Trim(nonWordRe.ReplaceAllString(strings.ToLower(k), "_"), "_")
}

// slug turns s into lower-case words joined by hyphens.
func slug(s string) string {
	return strings.Trim(nonWordRe.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// placeStatus returns the aims status a status value stands for, or "".
func placeStatus(v string) string {
	ws := words(v)
	for _, sw := range statusWords {
		for _, w := range ws {
			for _, x := range sw.words {
				if w == x {
					return sw.status
				}
			}
		}
	}
	return ""
}
