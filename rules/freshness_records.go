package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/lint"
)

// AIMS5003 reports dates of things that have happened which lie in the future.
var AIMS5003 = &lint.Rule{
	ID:       "AIMS5003",
	Name:     "DateInFuture",
	Title:    "date of something that has happened is in the future",
	Doc:      doc("AIMS5003"),
	Severity: lint.Error,
	Controls: []string{"7.5.2"},
	Scope:    lint.ScopeDocument,
	Check:    checkPastDates,
}

// AIMS5004 reports dates of one artifact that are in an impossible order.
var AIMS5004 = &lint.Rule{
	ID:       "AIMS5004",
	Name:     "DatesOutOfOrder",
	Title:    "dates of a record are out of order",
	Doc:      doc("AIMS5004"),
	Severity: lint.Error,
	Controls: []string{"7.5.2"},
	Scope:    lint.ScopeDocument,
	Check:    checkDateOrder,
}

// A dateField is a date in an artifact. Path may hold "*" for every item of a
// list.
type dateField struct {
	kind    string   // the kind that has it; "" for every kind
	path    []string // from the root; "*" matches each list item
	control string   // the clause or control the record evidences, or ""
}

// name returns the field as written in messages: "informed.on".
func (f dateField) name() string {
	var parts []string
	for _, t := range f.path {
		if t != "*" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, ".")
}

// pastDates are the dates that say when something happened, so they cannot
// lie after the as-of date. Planned dates (next_review, next_assessment, due,
// planned_on) are not among them.
var pastDates = []dateField{
	{"", []string{"approved_on"}, ""},
	{"", []string{"last_reviewed"}, ""},
	{"impact-assessment", []string{"assessed_on"}, "8.4"},
	{"supplier", []string{"assessed_on"}, "A.10.3"},
	{"audit-report", []string{"performed_on"}, "9.2.2"},
	{"audit-report", []string{"reported_on"}, "9.2.2"},
	{"ai-system", []string{"verification", "validated_on"}, "A.6.2.4"},
	{"ai-system", []string{"deployment", "approved_on"}, "A.6.2.5"},
	{"management-review", []string{"held_on"}, "9.3.3"},
	{"monitoring-report", []string{"period", "from"}, "9.1"},
	{"monitoring-report", []string{"period", "to"}, "9.1"},
	{"incident", []string{"occurred_on"}, "10.2"},
	{"incident", []string{"detected_on"}, "10.2"},
	{"incident", []string{"informed", "*", "on"}, "A.8.4"},
	{"dataset", []string{"quality_checks", "*", "last_run"}, "A.7.4"},
	{"competence-record", []string{"competences", "*", "training", "*", "completed_on"}, "7.2"},
	{"nonconformity", []string{"effectiveness_review", "reviewed_on"}, "10.2"},
	{"risk-register", []string{"risks", "*", "acceptance", "approved_on"}, "6.1.3"},
}

// eachDate calls fn with the concrete path and text of every string value at
// pattern in v.
func eachDate(v any, pattern, at []string, fn func(path []string, text string)) {
	if len(pattern) == 0 {
		if s, ok := v.(string); ok && s != "" {
			fn(at, s)
		}
		return
	}
	switch x := v.(type) {
	case map[string]any:
		if pattern[0] != "*" {
			if next, ok := x[pattern[0]]; ok {
				eachDate(next, pattern[1:], append(at[:len(at):len(at)], pattern[0]), fn)
			}
		}
	case []any:
		if pattern[0] == "*" {
			for i, e := range x {
				eachDate(e, pattern[1:], append(at[:len(at):len(at)], strconv.Itoa(i)), fn)
			}
		}
	}
}

// recordControls returns the controls a finding about field cites.
func recordControls(f dateField) []string {
	if f.control == "" {
		return []string{"7.5.2"}
	}
	return []string{"7.5.2", f.control}
}

// checkPastDates reports dates of events that lie after the as-of date.
// Drafts are skipped: a record may be prepared before the event it records.
func checkPastDates(p *lint.Pass) error {
	asOf := p.AsOf.Format(time.DateOnly)
	for _, d := range p.Documents {
		if d.Data == nil || d.Status() == "draft" {
			continue
		}
		for _, e := range eventDates(d) {
			if e.t.After(p.AsOf) {
				p.Report(d.Locate(e.path...),
					fmt.Sprintf("%s %s is in the future (as of %s): write the date it happened, or keep the artifact a draft until then", e.f.name(), e.text, asOf),
					recordControls(*e.f)...)
			}
		}
	}
	return nil
}

// An eventDate is a date a document gives for an event (pastDates).
type eventDate struct {
	f    *dateField
	path []string
	text string
	t    time.Time
}

// eventDatesKey is the key of a document's event dates among what is
// derived from it.
type eventDatesKey struct{}

// eventDates returns the dates of events d gives that parse, in the order of
// pastDates: worked out once per document, since runs over many dates (aims
// trend) judge them again and again.
func eventDates(d *artifact.Document) []eventDate {
	return d.Memo(eventDatesKey{}, func() any {
		var out []eventDate
		for i := range pastDates {
			f := &pastDates[i]
			if f.kind != "" && f.kind != d.Kind {
				continue
			}
			eachDate(d.Data, f.path, nil, func(path []string, text string) {
				if t, ok := parseDate(text); ok {
					out = append(out, eventDate{f, path, text, t})
				}
			})
		}
		return out
	}).([]eventDate)
}

// recordEvents are the dates of what a record records: the record cannot be
// approved before them.
var recordEvents = []dateField{
	{"impact-assessment", []string{"assessed_on"}, "8.4"},
	{"audit-report", []string{"performed_on"}, "9.2.2"},
	{"management-review", []string{"held_on"}, "9.3.3"},
	{"monitoring-report", []string{"period", "to"}, "9.1"},
	{"incident", []string{"detected_on"}, "10.2"},
}

// checkDateOrder reports records approved before the event they record,
// incidents detected before they occurred or reported to a party before they
// were detected, and monitoring periods that end before they start.
func checkDateOrder(p *lint.Pass) error {
	for _, d := range p.Documents {
		if d.Data == nil {
			continue
		}
		for _, f := range recordEvents {
			if f.kind != d.Kind {
				continue
			}
			approved, approvedText, ok1 := dateAt(d, "approved_on")
			event, eventText, ok2 := dateAt(d, f.path...)
			if ok1 && ok2 && approved.Before(event) {
				p.Report(d.Locate("approved_on"),
					fmt.Sprintf("approved_on %s is before %s %s: a record cannot be approved before what it records; correct the dates, or approve it again and update approved_on", approvedText, f.name(), eventText),
					recordControls(f)...)
			}
		}
		switch d.Kind {
		case "incident":
			checkIncidentOrder(p, d)
		case "monitoring-report":
			from, fromText, ok1 := dateAt(d, "period", "from")
			to, toText, ok2 := dateAt(d, "period", "to")
			if ok1 && ok2 && from.After(to) {
				p.Report(d.Locate("period", "from"),
					fmt.Sprintf("period.from %s is after period.to %s: correct the period the report covers", fromText, toText),
					"7.5.2", "9.1")
			}
		}
	}
	return nil
}

// checkIncidentOrder reports an incident that occurred after it was detected,
// and parties informed before it was detected.
func checkIncidentOrder(p *lint.Pass, d *artifact.Document) {
	detected, detectedText, ok := dateAt(d, "detected_on")
	if !ok {
		return
	}
	if occurred, occurredText, ok := dateAt(d, "occurred_on"); ok && occurred.After(detected) {
		p.Report(d.Locate("occurred_on"),
			fmt.Sprintf("occurred_on %s is after detected_on %s: an incident cannot be detected before it occurs; correct one of the dates", occurredText, detectedText),
			"7.5.2", "10.2")
	}
	eachDate(d.Data, []string{"informed", "*", "on"}, nil, func(path []string, text string) {
		if on, ok := parseDate(text); ok && on.Before(detected) {
			p.Report(d.Locate(path...),
				fmt.Sprintf("informed.on %s is before detected_on %s: nobody can be told of an incident before it is detected; correct the date the party was informed, or detected_on", text, detectedText),
				"7.5.2", "A.8.4")
		}
	})
}
