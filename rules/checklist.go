package rules

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/aimsdev/aims/lint"
)

//go:embed checklist.yaml
var checklistYAML string

// Kinds of work a planned check waits for.
const (
	PlannedContent      = "content"      // a content rule
	PlannedCoverage     = "coverage"     // what counts as evidence of a requirement
	PlannedPlaceholders = "placeholders" // text that is not yet content
)

// An AuditCheck is one point of the audit checklist: something an ISO/IEC
// 42001 auditor looks for in the documents of one clause or control, and who
// judges it. Exactly one of Rules, Auditor and Planned is set.
type AuditCheck struct {
	ID   string // "9.3.2-a"
	Ref  string // the leaf clause or control it belongs to: "9.3.2"
	Text string // what is looked for, in plain words
	// Rules are the ids of the rules that make the check.
	Rules []string
	// Auditor says why a linter cannot judge the check; the auditor does.
	Auditor string
	// Planned is one of the Planned constants for a check a linter can
	// judge from the documents but no rule makes yet.
	Planned string
}

func (a AuditCheck) clone() AuditCheck {
	a.Rules = slices.Clone(a.Rules)
	return a
}

// Checklist is the parsed, immutable audit checklist.
type Checklist struct {
	checks []AuditCheck     // in CompareIDs order of Ref, then file order
	byRef  map[string][]int // reference id -> indexes in checks
	byRule map[string][]int // rule id -> indexes in checks
}

// LoadChecklist parses and validates the embedded checklist against the
// catalogue c and the rules rs: every check belongs to a leaf clause or
// control of c and names only rules of rs.
func LoadChecklist(c *Catalogue, rs []*lint.Rule) (*Checklist, error) {
	return parseChecklist([]byte(checklistYAML), c, rs)
}

// DefaultChecklist returns the embedded checklist, checked against
// DefaultCatalogue and All and parsed once. It panics only if the embedded
// data is corrupt, which the package tests rule out.
func DefaultChecklist() *Checklist {
	return defaultChecklist()
}

var defaultChecklist = sync.OnceValue(func() *Checklist {
	l, err := LoadChecklist(DefaultCatalogue(), All)
	if err != nil {
		panic(fmt.Sprintf("rules: embedded checklist is corrupt: %v", err))
	}
	return l
})

// Checks returns every check: by clause, then by control, each in numeric
// order (see CompareIDs). The result is a copy.
func (l *Checklist) Checks() []AuditCheck {
	out := make([]AuditCheck, len(l.checks))
	for i, a := range l.checks {
		out[i] = a.clone()
	}
	return out
}

// For returns the checks of the leaf clause or control ref, in order; nil
// for an id with none.
func (l *Checklist) For(ref string) []AuditCheck {
	return l.pick(l.byRef[ref])
}

// ServedBy returns the checks that rule id makes, in order; nil for a rule
// that makes none.
func (l *Checklist) ServedBy(id string) []AuditCheck {
	return l.pick(l.byRule[id])
}

func (l *Checklist) pick(idx []int) []AuditCheck {
	if len(idx) == 0 {
		return nil
	}
	out := make([]AuditCheck, len(idx))
	for i, j := range idx {
		out[i] = l.checks[j].clone()
	}
	return out
}

// The YAML layout of checklist.yaml.
type checklistFile struct {
	Checks []struct {
		ID      string   `yaml:"id"`
		Check   string   `yaml:"check"`
		Rules   []string `yaml:"rules"`
		Auditor string   `yaml:"auditor"`
		Planned string   `yaml:"planned"`
	} `yaml:"checks"`
}

// checkIDPattern is a check id: a clause or control id, a hyphen and a
// lower-case letter or letters.
var checkIDPattern = regexp.MustCompile(`^(A\.)?[1-9][0-9]*(\.[1-9][0-9]*)*-[a-z]+$`)

// parseChecklist decodes and validates checklist data. Every problem found is
// reported, each naming the offending check.
func parseChecklist(data []byte, c *Catalogue, rs []*lint.Rule) (*Checklist, error) {
	var f checklistFile
	if err := decodeStrict(data, "checklist", &f); err != nil {
		return nil, err
	}

	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("checklist: "+format, args...))
	}
	known := map[string]bool{}
	for _, r := range rs {
		known[r.ID] = true
	}
	planned := []string{PlannedContent, PlannedCoverage, PlannedPlaceholders}

	if len(f.Checks) == 0 {
		fail("no checks")
	}
	l := &Checklist{byRef: map[string][]int{}, byRule: map[string][]int{}}
	seen := map[string]bool{}
	for i, e := range f.Checks {
		id := e.ID
		switch {
		case id == "":
			fail("check #%d: missing id", i+1)
			continue
		case !checkIDPattern.MatchString(id):
			fail("check %q: id must be a clause or control id, a hyphen and a letter, like \"9.3.2-a\"", id)
			continue
		case seen[id]:
			fail("check %q: duplicate id", id)
			continue
		}
		seen[id] = true
		ref := id[:strings.LastIndexByte(id, '-')]
		if _, ok := c.Lookup(ref); !ok {
			fail("check %q: %q is not a clause or control of the catalogue", id, ref)
		}
		if strings.TrimSpace(e.Check) == "" {
			fail("check %q: missing check", id)
		}
		n := 0
		if e.Rules != nil {
			n++
		}
		if e.Auditor != "" {
			n++
		}
		if e.Planned != "" {
			n++
		}
		if n != 1 {
			fail("check %q: needs exactly one of rules, auditor and planned", id)
		}
		if e.Rules != nil && len(e.Rules) == 0 {
			fail("check %q: empty rules", id)
		}
		for _, r := range e.Rules {
			if !known[r] {
				fail("check %q: unknown rule %q", id, r)
			}
		}
		if dup := firstDuplicate(e.Rules); dup != "" {
			fail("check %q: rule %q listed twice", id, dup)
		}
		if e.Auditor != "" && strings.TrimSpace(e.Auditor) == "" {
			fail("check %q: blank auditor reason", id)
		}
		if e.Planned != "" && !slices.Contains(planned, e.Planned) {
			fail("check %q: unknown planned %q (want one of %s)", id, e.Planned, strings.Join(planned, ", "))
		}
		l.checks = append(l.checks, AuditCheck{
			ID:      id,
			Ref:     ref,
			Text:    strings.TrimSpace(e.Check),
			Rules:   slices.Clone(e.Rules),
			Auditor: strings.TrimSpace(e.Auditor),
			Planned: e.Planned,
		})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	slices.SortStableFunc(l.checks, func(a, b AuditCheck) int { return CompareIDs(a.Ref, b.Ref) })
	for i, a := range l.checks {
		l.byRef[a.Ref] = append(l.byRef[a.Ref], i)
		for _, r := range a.Rules {
			l.byRule[r] = append(l.byRule[r], i)
		}
	}
	return l, nil
}
