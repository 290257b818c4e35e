package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// jsonVersion is the version of the JSON wire format. Within a version, fields
// are only ever added; removing a field or changing its meaning bumps it.
// JSON.md documents every field.
const jsonVersion = 1

// The JSON wire format. It is declared here, not as tags on the lint types,
// so that the engine can change without changing what tools read.
type (
	jsonReport struct {
		Version       int            `json:"version"`
		Tool          jsonTool       `json:"tool"`
		Root          string         `json:"root"`
		Organization  string         `json:"organization"`
		AsOf          string         `json:"as_of"`
		Revision      string         `json:"revision"`
		RevisionTime  string         `json:"revision_time"`
		FailOn        string         `json:"fail_on"`
		Failed        bool           `json:"failed"`
		Summary       jsonSummary    `json:"summary"`
		Rules         []jsonRule     `json:"rules"`
		Artifacts     []jsonArtifact `json:"artifacts"`
		Findings      []jsonFinding  `json:"findings"`
		Coverage      []jsonCoverage `json:"coverage"`
		Notifications []string       `json:"notifications"`
		Baseline      *jsonBaseline  `json:"baseline,omitempty"`
	}
	jsonBaseline struct {
		File      string     `json:"file"`
		Unchanged int        `json:"unchanged"`
		Partial   bool       `json:"partial"`
		Gone      []jsonGone `json:"gone"`
	}
	jsonGone struct {
		Rule    string `json:"rule"`
		File    string `json:"file"`
		ID      string `json:"id,omitempty"`
		Message string `json:"message"`
		Count   int    `json:"count"`
	}
	jsonTool struct {
		Name string `json:"name"`
	}
	jsonSummary struct {
		Artifacts  int `json:"artifacts"`
		Errors     int `json:"errors"`
		Warnings   int `json:"warnings"`
		Notes      int `json:"notes"`
		Suppressed int `json:"suppressed"`
		// Validation is present only when A.6.2.4 has per-system coverage.
		Validation jsonValidation `json:"validation,omitzero"`
	}
	jsonValidation struct {
		Control string `json:"control"`
		Systems int    `json:"systems"`
		Passed  int    `json:"passed"`
	}
	jsonRule struct {
		ID       string   `json:"id"`
		Name     string   `json:"name"`
		Title    string   `json:"title"`
		Severity string   `json:"severity"`
		Controls []string `json:"controls"`
		// Custom, File, Line and Evidences are a custom rule's only.
		Custom    bool     `json:"custom,omitempty"`
		File      string   `json:"file,omitempty"`
		Line      int      `json:"line,omitempty"`
		Evidences []string `json:"evidences,omitempty"`
	}
	jsonArtifact struct {
		Path   string `json:"path"`
		Kind   string `json:"kind"`
		ID     string `json:"id"`
		Title  string `json:"title"`
		Status string `json:"status"`
	}
	jsonFinding struct {
		Rule       string           `json:"rule"`
		Severity   string           `json:"severity"`
		Message    string           `json:"message"`
		File       string           `json:"file"`
		Start      jsonPosition     `json:"start"`
		End        jsonPosition     `json:"end,omitzero"`
		Controls   []string         `json:"controls"`
		Related    []jsonRelated    `json:"related,omitempty"`
		Suppressed *jsonSuppression `json:"suppressed,omitempty"`
		Baseline   string           `json:"baseline,omitempty"`
	}
	jsonPosition struct {
		Line int `json:"line"`
		Col  int `json:"col"`
	}
	jsonRelated struct {
		File    string       `json:"file"`
		Start   jsonPosition `json:"start"`
		End     jsonPosition `json:"end,omitzero"`
		Message string       `json:"message"`
	}
	jsonSuppression struct {
		Reason  string     `json:"reason"`
		Owner   string     `json:"owner"`
		Expires string     `json:"expires"`
		Source  jsonSource `json:"source"`
	}
	jsonSource struct {
		File string `json:"file"`
		Line int    `json:"line"`
		Col  int    `json:"col"`
	}
	jsonCoverage struct {
		Ref        string            `json:"ref"`
		Applicable bool              `json:"applicable"`
		Status     string            `json:"status"`
		Evidence   []string          `json:"evidence"`
		Items      []jsonItem        `json:"items,omitempty"`
		Systems    []jsonSystemCover `json:"systems,omitempty"`
		Notes      []string          `json:"notes,omitempty"`
	}
	jsonItem struct {
		ID       string            `json:"id"`
		Title    string            `json:"title"`
		Status   string            `json:"status"`
		Evidence []string          `json:"evidence"`
		Systems  []jsonSystemCover `json:"systems,omitempty"`
	}
	jsonSystemCover struct {
		System   string   `json:"system"`
		Status   string   `json:"status"`
		Evidence []string `json:"evidence"`
		Detail   string   `json:"detail,omitempty"`
	}
)

// JSON writes the result as one JSON document in the versioned wire format
// that JSON.md describes, indented by two spaces and ending in a newline.
// Every list is present, empty as [], never null.
func JSON(w io.Writer, r *lint.Result, o Options) error {
	doc := jsonReport{
		Version:      jsonVersion,
		Tool:         jsonTool{Name: "aims"},
		Root:         r.Root,
		Organization: r.Organization,
		Revision:     r.Revision,
		FailOn:       r.FailOn.String(),
		Failed:       r.Failed(),
		Summary: jsonSummary{
			Artifacts: len(r.Artifacts),
			Errors:    r.Count(lint.Error),
			Warnings:  r.Count(lint.Warning),
			Notes:     r.Count(lint.Note),
		},
		Rules:         []jsonRule{},
		Artifacts:     []jsonArtifact{},
		Findings:      []jsonFinding{},
		Coverage:      []jsonCoverage{},
		Notifications: nonNil(r.Notifications),
	}
	if v, ok := validation(r); ok {
		doc.Summary.Validation = jsonValidation{Control: validationRef, Systems: len(v.Systems), Passed: v.Passed}
	}
	if !r.AsOf.IsZero() {
		doc.AsOf = r.AsOf.Format("2006-01-02")
	}
	if !r.RevisionTime.IsZero() {
		doc.RevisionTime = r.RevisionTime.UTC().Format(time.RFC3339)
	}
	for _, rule := range r.Rules {
		if rule == nil {
			continue
		}
		jr := jsonRule{
			ID:       rule.ID,
			Name:     rule.Name,
			Title:    rule.Title,
			Severity: rule.Severity.String(),
			Controls: nonNil(rule.Controls),
		}
		if rule.Custom != nil {
			jr.Custom, jr.File, jr.Line, jr.Evidences = true, rule.Custom.File, rule.Custom.Range.Start.Line, rule.Evidences
		}
		doc.Rules = append(doc.Rules, jr)
	}
	for _, a := range r.Artifacts {
		doc.Artifacts = append(doc.Artifacts, jsonArtifact{Path: a.Path, Kind: a.Kind, ID: a.ID, Title: a.Title, Status: a.Status})
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		jf := jsonFinding{
			Rule:     f.RuleID,
			Severity: f.Severity.String(),
			Message:  f.Message,
			File:     f.Range.File,
			Start:    position(f.Range.Start),
			End:      position(f.Range.End),
			Controls: nonNil(f.Controls),
			Baseline: string(f.Baseline),
		}
		for _, rel := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{
				File:    rel.Range.File,
				Start:   position(rel.Range.Start),
				End:     position(rel.Range.End),
				Message: rel.Message,
			})
		}
		if s := f.Suppressed; s != nil {
			doc.Summary.Suppressed++
			jf.Suppressed = &jsonSuppression{
				Reason:  s.Reason,
				Owner:   s.Owner,
				Expires: s.Expires,
				Source: jsonSource{
					File: s.Source.File,
					Line: s.Source.Start.Line,
					Col:  s.Source.Start.Col,
				},
			}
		}
		doc.Findings = append(doc.Findings, jf)
	}
	if bl := r.Baseline; bl != nil {
		jb := &jsonBaseline{File: bl.File, Unchanged: bl.Unchanged, Partial: bl.Partial, Gone: []jsonGone{}}
		for _, g := range bl.Gone {
			jb.Gone = append(jb.Gone, jsonGone{Rule: g.RuleID, File: g.File, ID: g.ID, Message: g.Message, Count: g.Count})
		}
		doc.Baseline = jb
	}
	systems := func(cs []lint.SystemCoverage) []jsonSystemCover {
		var out []jsonSystemCover
		for _, s := range cs {
			out = append(out, jsonSystemCover{System: s.System, Status: string(s.Status), Evidence: nonNil(s.Evidence), Detail: s.Detail})
		}
		return out
	}
	for _, c := range r.Coverage {
		jc := jsonCoverage{
			Ref:        c.Ref,
			Applicable: c.Applicable,
			Status:     string(c.Status),
			Evidence:   nonNil(c.Evidence),
			Systems:    systems(c.Systems),
			Notes:      c.Notes,
		}
		for _, it := range c.Items {
			jc.Items = append(jc.Items, jsonItem{ID: it.ID, Title: it.Title, Status: string(it.Status), Evidence: nonNil(it.Evidence), Systems: systems(it.Systems)})
		}
		doc.Coverage = append(doc.Coverage, jc)
	}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// nonNil returns s, or an empty non-nil slice so that it encodes as [].
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// position converts a lint position to its wire form.
func position(p artifact.Position) jsonPosition {
	return jsonPosition{Line: p.Line, Col: p.Col}
}
