package rules

import (
	"slices"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// This file holds what the content rules (AIMS72xx) share. They judge what
// an auditor reads in a record, and only in documents that are in force
// (inForce: in review or approved). A draft is work in progress, so a fresh
// starter AIMS gets no finding from them; a retired document is history.

// lifecycleStages are the values of an AI system's lifecycle_stage, in order.
var lifecycleStages = []string{
	"inception",
	"design-and-development",
	"verification-and-validation",
	"deployment",
	"operation-and-monitoring",
	"re-evaluation",
	"retirement",
}

// stageIndex returns the position of an AI system's lifecycle_stage in
// lifecycleStages, or -1 when it is missing or unknown.
func stageIndex(d *artifact.Document) int {
	return slices.Index(lifecycleStages, d.String("lifecycle_stage"))
}

// Positions of the stages the content rules test against.
var (
	stageDesign       = slices.Index(lifecycleStages, "design-and-development")
	stageVerification = slices.Index(lifecycleStages, "verification-and-validation")
	stageDeployment   = slices.Index(lifecycleStages, "deployment")
	stageOperation    = slices.Index(lifecycleStages, "operation-and-monitoring")
	stageRetirement   = slices.Index(lifecycleStages, "retirement")
)

// inUse reports whether an AI system is being deployed or is in use: its
// stage is deployment, operation-and-monitoring or re-evaluation.
func inUse(d *artifact.Document) bool {
	i := stageIndex(d)
	return i >= stageDeployment && i < stageRetirement
}

// unacceptable reports whether an AI system's risk level is unacceptable.
// Such a system must not be developed or used: AIMS7221 says so, and the
// rules that ask for the records of each life-cycle stage leave it alone
// rather than ask for a release approval of what must not be released.
func unacceptable(d *artifact.Document) bool {
	return d.String("risk_level") == "unacceptable"
}

// severities are the severity levels of incidents and impacts, in order.
var severities = []string{"low", "medium", "high", "critical"}

// atLeast reports whether severity s is at least min; an unknown s is not.
func atLeast(s, min string) bool {
	i, j := slices.Index(severities, s), slices.Index(severities, min)
	return i >= 0 && j >= 0 && i >= j
}

// excludedControl reports whether a statement of applicability in force
// marks the Annex A control ref not applicable, or may do so in a file that
// does not parse (AIMS1001 says why): the checks that only that control asks
// for are then not made.
func excludedControl(p *lint.Pass, ref string) bool {
	for _, d := range p.Index.ByKind("statement-of-applicability") {
		if d.Data == nil {
			return true
		}
	}
	for _, d := range liveKindDocs(p, "statement-of-applicability") {
		for _, v := range d.List("annex_a") {
			m, _ := v.(map[string]any)
			if m["ref"] == ref && m["applicable"] == false {
				return true
			}
		}
	}
	return false
}

// mentions reports whether text names party, ignoring case: "214 affected
// applicants (letters)" mentions "affected applicants".
func mentions(text, party string) bool {
	party = strings.TrimSpace(party)
	return party != "" && strings.Contains(strings.ToLower(text), strings.ToLower(party))
}

// hasText reports whether the value at path of d is text with more than
// spaces, or a list with at least one such text.
func hasText(d *artifact.Document, tokens ...string) bool {
	switch v := d.Get(tokens...).(type) {
	case string:
		return strings.TrimSpace(v) != ""
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok && strings.TrimSpace(s) != "" {
				return true
			}
		}
	}
	return false
}

// locateField returns where to report a missing or empty field at path: the
// field itself when it is there, else its parent mapping's key, else the
// document's kind.
func locateField(d *artifact.Document, tokens ...string) artifact.Range {
	if d.Get(tokens...) != nil {
		return d.LocateKey(tokens...)
	}
	for n := len(tokens) - 1; n > 0; n-- {
		if d.Get(tokens[:n]...) != nil {
			return d.LocateKey(tokens[:n]...)
		}
	}
	return d.LocateKey("kind")
}
