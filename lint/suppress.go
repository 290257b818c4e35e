package lint

import (
	"fmt"
	"strconv"
	"time"

	"github.com/aimsdev/aims/artifact"
)

// Rule ids of the findings the engine makes about suppressions, after every
// other rule ran. Their documentation is in package rules.
const (
	RuleSuppressionExpired = "AIMS1006" // a suppression's expiry date has passed
	RuleSuppressionUnused  = "AIMS1007" // a suppression matches no finding
)

// A suppression accepts the findings of one rule, with a reason an auditor can
// read. It comes from an artifact's `suppressions` (its own findings) or from
// .aims.yaml (files by glob, an artifact by id, or "." for the repository).
type suppression struct {
	rule string
	file string // frontmatter: the artifact's own path
	glob string // .aims.yaml: path glob; "." matches repository-level findings
	id   string // .aims.yaml: an artifact id
	info Suppression
	used bool
}

// collectSuppressions gathers the suppressions of the documents and the
// configuration, in a stable order.
func collectSuppressions(docs []*artifact.Document, cfg *Config) []*suppression {
	var out []*suppression
	for _, d := range docs {
		for i, v := range d.List("suppressions") {
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			rule, _ := m["rule"].(string)
			reason, _ := m["reason"].(string)
			if rule == "" || reason == "" {
				continue // the schema reports it
			}
			expires, _ := m["expires"].(string)
			owner, _ := m["owner"].(string)
			out = append(out, &suppression{rule: rule, file: d.Path, info: Suppression{
				Reason: reason, Owner: owner, Expires: expires, Source: d.Locate("suppressions", strconv.Itoa(i)),
			}})
		}
	}
	for _, s := range cfg.Suppressions {
		if s.Rule == "" || s.Reason == "" {
			continue
		}
		src := s.Source
		if src.File == "" {
			src.File = ConfigFile
		}
		out = append(out, &suppression{rule: s.Rule, glob: s.Path, id: s.ID, info: Suppression{
			Reason: s.Reason, Owner: s.Owner, Expires: s.Expires, Source: src,
		}})
	}
	return out
}

// expired reports whether the suppression's expiry date is before asOf.
func (s *suppression) expired(asOf time.Time) bool {
	if s.info.Expires == "" {
		return false
	}
	t, err := time.Parse(time.DateOnly, s.info.Expires)
	return err == nil && t.Before(asOf)
}

// matches reports whether the suppression applies to f.
func (s *suppression) matches(f *Finding, ix *Index) bool {
	if f.RuleID != s.rule {
		return false
	}
	switch {
	case s.file != "":
		return f.Range.File == s.file
	case s.glob == ".":
		return f.Range.File == ""
	case s.glob != "":
		return f.Range.File != "" && artifact.MatchGlob(s.glob, f.Range.File)
	case s.id != "":
		for _, d := range ix.ByID(s.id) {
			if d.Path == f.Range.File {
				return true
			}
		}
	}
	return false
}

// suppress marks the findings that a live suppression accepts and returns the
// findings about the suppressions themselves: expired ones, and ones that
// match nothing. ran holds the rules that ran (by id), for their severity and
// controls; known holds every rule id, so that a suppression of a rule
// switched off is left alone while one naming no rule is reported.
func suppress(findings []Finding, sups []*suppression, ix *Index, asOf time.Time, ran map[string]*Rule, known map[string]bool) []Finding {
	var meta []Finding
	report := func(id string, r artifact.Range, msg string) {
		rule, ok := ran[id]
		if !ok {
			return
		}
		meta = append(meta, Finding{RuleID: id, Severity: rule.Severity, Range: r, Message: msg, Controls: rule.Controls})
	}
	for _, s := range sups {
		if s.rule == RuleSuppressionExpired || s.rule == RuleSuppressionUnused {
			report(RuleSuppressionUnused, s.info.Source, fmt.Sprintf("findings about suppressions cannot be suppressed: remove the suppression of %s", s.rule))
			continue
		}
		if s.expired(asOf) {
			report(RuleSuppressionExpired, s.info.Source, fmt.Sprintf("the suppression of %s expired on %s: fix what it hid, or renew it with a new date and a reason", s.rule, s.info.Expires))
			continue
		}
		info := s.info
		for i := range findings {
			f := &findings[i]
			if f.Suppressed == nil && s.matches(f, ix) {
				f.Suppressed = &info
				s.used = true
			}
		}
		if !s.used {
			if _, ok := ran[s.rule]; ok {
				report(RuleSuppressionUnused, s.info.Source, fmt.Sprintf("the suppression of %s matches no finding: remove it", s.rule))
			} else if !known[s.rule] {
				report(RuleSuppressionUnused, s.info.Source, fmt.Sprintf("the suppression names %s, which is not a rule: check the id with `aims rules`", s.rule))
			}
		}
	}
	return meta
}
