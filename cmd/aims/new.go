package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/report"
	"github.com/aimsdev/aims/starter"
	"github.com/spf13/cobra"
)

// newOptions are the flags of `aims new`.
type newOptions struct {
	dir     string // --dir: the AIMS repository
	config  string // --config: the configuration file, instead of DIR/.aims.yaml
	system  string // --system: the AI system a document about one system names
	date    string // --date: YYYY-MM-DD, the day the document is written
	dateSet bool   // whether --date was given
}

// oneSystemKinds are the kinds whose documents name one AI system (--system).
var oneSystemKinds = []string{"impact-assessment", "incident", "risk-register", "supplier"}

// newNewCmd builds `aims new`.
func newNewCmd() *cobra.Command {
	var o newOptions
	cmd := &cobra.Command{
		Use:   "new KIND [ID]",
		Short: "Write a new draft document of a kind",
		Long: `New writes one new draft document of KIND, from the templates 'aims init'
uses: every field and section the kind requires, a "TODO:" line wherever
you have to write or decide something, guidance in comments, status: draft,
and today's date (or --date) in its date fields.

The id is ID, or by default the next free id of the kind: PROC-012 after
PROC-011 (aims reads the repository's ids; ids in another form, such as
NC-2026-001, are not counted). The file is named after the id, in lower
case, in the kind's folder: the folder .aims.yaml's layout names, else the
default (procedures/ for procedures, operations/incidents/ for incidents,
and so on; see docs/format.md). New never overwrites a file, refuses an
ID the repository already uses, and writes only inside --dir: a folder on
the way that is a symbolic link out of it is refused.

References are filled in from the repository: a scope lists every AI
system; an impact assessment, incident, risk register or supplier names
the first AI system by id, or the one --system names; an evaluation
needs --system, and takes the system's model_version and its validation
and test datasets (their uses) from the records; a Statement of
Applicability lists for every control the documents that evidence it; an
audit report names the first planned audit. What cannot be known (the
source of a nonconformity, a system when there is none yet) is a TODO value
that 'aims lint' reports until you fill it in.

` + wrapText("Kinds: "+strings.Join(starter.Kinds(), ", ")+".", 76) + `

Exit codes: 0 when the document was written, 2 on a usage or configuration
error (an unknown kind, an ID in use or a file that exists) or when it
cannot be written.`,
		Example: `  # the next procedure, e.g. procedures/proc-016.md
  aims new procedure

  # an incident with a chosen id, about a chosen AI system
  aims new incident INC-2026-004 --system SYS-CREDIT-SCORING

  # an evaluation of an AI system's current model version
  aims new evaluation --system SYS-CREDIT-SCORING

  # in another directory
  aims new dataset --dir aims`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dateSet = cmd.Flags().Changed("date")
			return runNew(cmd.Context(), cmd.OutOrStdout(), o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.dir, "dir", ".", "the AIMS repository `DIR` to write into")
	f.StringVar(&o.config, "config", "", "read the configuration from `PATH` instead of DIR/.aims.yaml")
	f.StringVar(&o.system, "system", "", "the AI system (its `ID`) an evaluation, impact assessment, incident, risk register or supplier is about")
	f.StringVar(&o.date, "date", "", "write the document as of `YYYY-MM-DD` (default today, UTC)")
	return cmd
}

// runNew is `aims new`.
func runNew(ctx context.Context, stdout io.Writer, o newOptions, args []string) error {
	kinds := starter.Kinds()
	switch len(args) {
	case 0:
		return fmt.Errorf("give the KIND of document to write: one of %s", strings.Join(kinds, ", "))
	case 1, 2:
	default:
		return fmt.Errorf("give a KIND and at most one ID, not %d arguments", len(args))
	}
	kind := args[0]
	date, err := parseWriteDate(o.date, o.dateSet)
	if err != nil {
		return err
	}
	st, err := os.Stat(o.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("--dir %s: no such directory: give the AIMS repository, or create one with aims init %s", o.dir, shellWord(o.dir))
	case err != nil:
		return plainError{err}
	case !st.IsDir():
		return fmt.Errorf("--dir %s is not a directory: give the AIMS repository", o.dir)
	}
	cfg, err := lint.LoadConfig(o.dir, o.config)
	if err != nil {
		return runFailure("load the configuration", err)
	}
	if !slices.Contains(kinds, kind) {
		return unknownKindError(kind, kinds, cfg)
	}

	repo, err := scanRepository(ctx, cfg)
	if err != nil {
		return err
	}
	if kind == "evaluation" && o.system == "" {
		return evaluationSystemError(repo.systems)
	}
	systems, err := pickSystem(repo.systems, o.system)
	if err != nil {
		return err
	}
	var testData []string
	if kind == "evaluation" {
		testData = repo.testData(systems[0].ID)
	}

	id := starter.NextID(kind, repo.used)
	if len(args) == 2 {
		id = args[1]
		if !starter.ValidID(id) {
			return fmt.Errorf("%q is not an artifact id: write upper-case letters, digits and hyphens, starting with a letter, such as %s", id, starter.NextID(kind, repo.used))
		}
		if where, ok := repo.ids[id]; ok {
			return fmt.Errorf("id %s is already used by %s: give another ID, or leave it out for the next free one (%s)", id, where, starter.NextID(kind, repo.used))
		}
	}

	folder := starter.Layout(kind)
	if f, ok := cfg.Layout[kind]; ok {
		folder = f
	}
	target := filepath.Join(o.dir, filepath.FromSlash(folder), starter.FileName(kind, id))
	if err := checkInside(o.dir, target); err != nil {
		return err
	}
	if _, err := os.Lstat(target); err == nil {
		return plainError{fmt.Errorf("%s exists, and aims new never overwrites a file: give another ID, or move the file away", target)}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return plainError{err}
	}

	org := cfg.Organization
	if starter.CheckName("", org) != nil {
		org = starter.DefaultOrganization
	}
	data, err := starter.Document(kind, id, starter.Options{
		Organization: org,
		Date:         date,
		Systems:      systems,
		Artifacts:    repo.artifacts,
		Audits:       repo.audits,
		Used:         repo.used,
		TestData:     testData,
	})
	if err != nil {
		return plainError{fmt.Errorf("write the %s: %w", kind, err)}
	}
	if err := writeNewFile(ctx, target, data); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%s %s)\n", report.Printable(target), report.Printable(kind), report.Printable(id))
	notes := newNotes(kind, systems, repo.audits, o.system != "")
	if kind == "evaluation" {
		notes = append(notes, evaluationNotes(systems[0], testData)...)
	}
	if n := secondNote(kind, repo); n != "" {
		notes = append(notes, n)
	}
	for _, n := range notes {
		fmt.Fprintf(stdout, "note: %s\n", report.Printable(n))
	}
	fmt.Fprintf(stdout, "Next: replace its TODO lines, then run aims lint %s\n", shellWord(o.dir))
	return nil
}

// unknownKindError says that kind is not one aims new writes: a custom kind,
// or a mistake, with the closest kind when one is close.
func unknownKindError(kind string, kinds []string, cfg *lint.Config) error {
	for _, ck := range cfg.CustomKinds {
		if ck.Name == kind {
			return fmt.Errorf("%s is a custom kind, and aims new has templates for the built-in kinds only: copy an existing %s document instead", kind, kind)
		}
	}
	msg := fmt.Sprintf("unknown kind %q", kind)
	if near := nearKinds(kind, kinds); len(near) > 0 {
		msg += fmt.Sprintf(": did you mean %s?", orQuoted(near))
	} else {
		msg += ": give one of the kinds below ('aims explain KIND' says what each is for)"
	}
	return fmt.Errorf("%s\n\nKinds: %s", msg, strings.Join(kinds, ", "))
}

// nearKinds returns the kinds a mistyped kind may have meant: the closest by
// spelling, else those with a word that it is, starts or nearly is ("policy"
// for ai-policy, "audit" for both audit kinds, "proc" for procedure), or
// "soa" for the Statement of Applicability.
func nearKinds(kind string, kinds []string) []string {
	if best := closest(kind, kinds); best != "" {
		return []string{best}
	}
	word := strings.ToLower(strings.Trim(kind, "-"))
	if word == "soa" {
		return []string{"statement-of-applicability"}
	}
	var out []string
	for _, k := range kinds {
		if len(word) >= 3 && slices.Contains(strings.Split(k, "-"), word) || slices.ContainsFunc(strings.Split(k, "-"), func(part string) bool {
			return len(word) >= 4 && (strings.HasPrefix(part, word) || closest(word, []string{part}) != "")
		}) {
			out = append(out, k)
		}
	}
	return out
}

// orQuoted quotes words and joins them: "a", "a" or "b".
func orQuoted(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = fmt.Sprintf("%q", w)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// A repoIndex is what aims new needs to know of the documents there.
type repoIndex struct {
	ids       map[string]string // id in use → the file that uses it
	used      []string          // the ids in use: artifacts, and the items of their lists
	systems   []starter.System  // the AI systems, by id
	artifacts []starter.Artifact
	audits    []string // the planned audits, in programme order
	datasets  []datasetUse
	// systemData are the datasets each AI system's record lists.
	systemData map[string][]string
}

// A datasetUse is what a dataset record says of its use.
type datasetUse struct {
	id      string
	uses    []string // training, fine-tuning, validation, test, operation
	systems []string // its ai_systems
}

// testData returns the validation or test datasets of the AI system id, in
// id order: those whose uses include validation or test and neither
// training nor fine-tuning, and that name the system in ai_systems or that
// the system's record lists.
func (r *repoIndex) testData(id string) []string {
	var out []string
	for _, d := range r.datasets {
		if !slices.Contains(d.systems, id) && !slices.Contains(r.systemData[id], d.id) {
			continue
		}
		if slices.Contains(d.uses, "training") || slices.Contains(d.uses, "fine-tuning") {
			continue
		}
		if slices.Contains(d.uses, "validation") || slices.Contains(d.uses, "test") {
			out = append(out, d.id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// evaluationSystemError says that aims new evaluation needs --system.
func evaluationSystemError(systems []starter.System) error {
	if len(systems) == 0 {
		return fmt.Errorf("aims new evaluation needs --system ID, the AI system evaluated, and the repository has no AI system record yet: write one first with aims new ai-system")
	}
	ids := make([]string, len(systems))
	for i, s := range systems {
		ids[i] = s.ID
	}
	return fmt.Errorf("aims new evaluation needs --system ID, the AI system evaluated: one of %s", strings.Join(ids, ", "))
}

// evaluationNotes says what a new evaluation could not take from the
// system's records.
func evaluationNotes(sys starter.System, testData []string) []string {
	var notes []string
	if sys.ModelVersion == "" {
		notes = append(notes, fmt.Sprintf("%s's record has no model_version, so the evaluation's model_version is TODO: add model_version to the record and write the same text in both", sys.ID))
	}
	if len(testData) == 0 {
		notes = append(notes, fmt.Sprintf("no dataset of %s has uses validation or test, so datasets is DS-TODO: name the data the system was evaluated on, and give that dataset uses: [test]", sys.ID))
	}
	return notes
}

// idLists are the lists whose items have ids of their own.
var idLists = [][2]string{{"risk-register", "risks"}, {"audit-programme", "audits"}, {"audit-report", "findings"}, {"ai-objectives", "objectives"}}

// scanRepository reads the repository's artifacts, without running any rule.
func scanRepository(ctx context.Context, cfg *lint.Config) (*repoIndex, error) {
	scan := *cfg
	scan.Rules, scan.Severity = nil, nil // no rule runs, so none is selected or given a severity
	res, err := lint.Run(ctx, &scan, nil)
	if err != nil {
		return nil, runFailure("read "+cfg.Dir, err)
	}
	r := &repoIndex{ids: map[string]string{}, systemData: map[string][]string{}}
	use := func(id, where string) {
		if id == "" {
			return
		}
		if _, ok := r.ids[id]; !ok {
			r.ids[id] = where
			r.used = append(r.used, id)
		}
	}
	for _, d := range res.Documents {
		if d.Data == nil {
			continue
		}
		where := filepath.Join(cfg.Dir, filepath.FromSlash(d.Path))
		use(d.ID, where)
		for _, l := range idLists {
			if d.Kind != l[0] {
				continue
			}
			for _, item := range d.List(l[1]) {
				m, _ := item.(map[string]any)
				id, _ := m["id"].(string)
				use(id, where)
				if l[0] == "audit-programme" && id != "" && d.Status() != "retired" {
					r.audits = append(r.audits, id)
				}
			}
		}
		r.artifacts = append(r.artifacts, starter.Artifact{ID: d.ID, Kind: d.Kind, Status: d.Status(), Controls: d.Strings("controls")})
		if d.Kind == "ai-system" && d.ID != "" && d.Status() != "retired" {
			name := d.String("name")
			if starter.CheckName("", name) != nil {
				name = d.ID
			}
			version := d.String("model_version")
			if starter.CheckName("", version) != nil {
				version = ""
			}
			r.systems = append(r.systems, starter.System{ID: d.ID, Name: name, ModelVersion: version})
			r.systemData[d.ID] = d.Strings("datasets")
		}
		if d.Kind == "dataset" && d.ID != "" && d.Status() != "retired" {
			r.datasets = append(r.datasets, datasetUse{id: d.ID, uses: d.Strings("uses"), systems: d.Strings("ai_systems")})
		}
	}
	slices.SortFunc(r.systems, func(a, b starter.System) int { return strings.Compare(a.ID, b.ID) })
	return r, nil
}

// pickSystem puts the system --system names first; without --system the
// systems stay in id order.
func pickSystem(systems []starter.System, id string) ([]starter.System, error) {
	if id == "" {
		return systems, nil
	}
	i := slices.IndexFunc(systems, func(s starter.System) bool { return s.ID == id })
	if i < 0 {
		var ids []string
		for _, s := range systems {
			ids = append(ids, s.ID)
		}
		if len(ids) == 0 {
			return nil, fmt.Errorf("--system %s: the repository has no AI system record yet: write one first with aims new ai-system", id)
		}
		return nil, fmt.Errorf("--system %s: no AI system has that id: use one of %s, or write its record first with aims new ai-system", id, strings.Join(ids, ", "))
	}
	out := append([]starter.System{systems[i]}, slices.Delete(slices.Clone(systems), i, i+1)...)
	return out, nil
}

// newNotes says what aims new filled in that the user should check, and what
// it could not fill in.
func newNotes(kind string, systems []starter.System, audits []string, systemSet bool) []string {
	var notes []string
	switch {
	case kind == "ai-system":
	case len(systems) == 0 && (kind == "aims-scope" || slices.Contains(oneSystemKinds, kind)):
		notes = append(notes, "the repository has no AI system record yet, so the document names SYS-TODO: write the record with aims new ai-system and put its id there")
	case slices.Contains(oneSystemKinds, kind) && len(systems) > 1 && !systemSet:
		notes = append(notes, fmt.Sprintf("it is about %s, the first AI system by id: --system ID picks another", systems[0].ID))
	}
	switch kind {
	case "nonconformity":
		notes = append(notes, "set source to the id of the incident, audit report or audit finding the nonconformity comes from")
	case "audit-report":
		if len(audits) == 0 {
			notes = append(notes, "no audit programme plans an audit yet, so audit is TODO-AUDIT: plan the audit in the audit programme and put its id there")
		} else {
			notes = append(notes, fmt.Sprintf("it reports on %s, the first planned audit: change audit if it reports on another", audits[0]))
		}
	}
	return notes
}

// secondNote warns about a second roles artifact or Statement of
// Applicability, which the rules report until one of the two is retired.
func secondNote(kind string, repo *repoIndex) string {
	for _, a := range repo.artifacts {
		if a.Kind != kind || a.Status == "retired" || a.ID == "" {
			continue
		}
		switch kind {
		case "statement-of-applicability":
			return fmt.Sprintf("%s in %s is already a Statement of Applicability: aims lint reports two current ones (AIMS3007) until you merge them and retire one", a.ID, repo.ids[a.ID])
		case "roles":
			return fmt.Sprintf("%s in %s already defines roles: a role defined in both is reported (AIMS3001), so keep each role in one of them", a.ID, repo.ids[a.ID])
		}
	}
	return ""
}

// wrapText breaks text into lines of at most width characters, at spaces.
func wrapText(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(text) {
		if i > 0 && n+1+len(w) > width {
			b.WriteByte('\n')
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}
