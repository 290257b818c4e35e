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
	"time"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/report"
	"github.com/aimsdev/aims/starter"
	"github.com/spf13/cobra"
)

// initOptions are the flags of `aims init`.
type initOptions struct {
	org     string   // --org: the organization's name
	orgSet  bool     // whether --org was given
	systems []string // --systems: comma-separated AI system names, repeatable
	system  []string // --system: one AI system name, repeatable
	force   bool     // --force: overwrite existing files
	date    string   // --date: YYYY-MM-DD, the day the documents are written
	dateSet bool     // whether --date was given
}

// newInitCmd builds `aims init`.
func newInitCmd() *cobra.Command {
	var o initOptions
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a starter AIMS: configuration, folders and a draft of every document",
		Long: `Init writes a starter AI management system into DIR (the current directory by
default; it is created if needed): a commented .aims.yaml, a README, and a
draft of every document an ISO/IEC 42001 AIMS needs, in the folders
.aims.yaml's layout names:

  governance/   scope, AI policy, roles (the seven default roles), AI
                objectives, competence record
  systems/      one record per AI system
  impact-assessments/  one impact assessment per AI system
  risk/         risk register with its criteria, Statement of
                Applicability listing all 38 Annex A controls
  procedures/   the core procedures: concern reporting, incident and change
                management, impact and risk assessment, data management,
                responsible development and use, suppliers, document
                control, awareness and communication, resources,
                monitoring, audit and management review, nonconformity and
                improvement
  audits/       the internal audit programme
  reviews/      a management review
  operations/nonconformities/  the nonconformity log (empty)

Every document has each field and section its kind requires, a "TODO:" line
wherever you have to write or decide something, guidance in comments, and
status: draft. A fresh AIMS lints without errors: 'aims lint DIR' reports
only warnings that the clauses and controls are evidenced by drafts alone
(AIMS4003), which go away as the documents are approved.

--systems stubs one AI system per name, with the id SYS- and the name in
upper case (Credit scoring is SYS-CREDIT-SCORING), an impact assessment and
a risk of its own; without it, one example system (SYS-EXAMPLE) keeps every
reference resolvable until you replace it. Each system starts with
risk_level: minimal and lifecycle_stage: inception: assess it and correct
both. --org names the organization in .aims.yaml and the documents.

Init never overwrites a file: files that exist are left as they are and
listed. --force overwrites them with the starter versions. Init writes
only inside DIR: a folder, or with --force a file, that is a symbolic link
out of DIR is refused before anything is written.

Exit codes: 0 when the AIMS was written (also when files were skipped), 2
on a usage error (such as an empty --org, or a file where DIR should be) or
when a file cannot be written.`,
		Example: `  # a starter AIMS in ./aims for Acme, with two AI systems
  aims init --org "Acme Ltd" --systems "Credit scoring,Support chatbot" aims
  aims lint aims

  # a system whose name has a comma
  aims init --org "Acme Ltd" --system "Scoring, retail" aims

  # write the starter documents again over the existing ones
  aims init --force aims`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.orgSet = cmd.Flags().Changed("org")
			o.dateSet = cmd.Flags().Changed("date")
			return runInit(cmd.Context(), cmd.OutOrStdout(), o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.org, "org", "", "the organization's `NAME` (default \""+starter.DefaultOrganization+"\")")
	f.StringArrayVar(&o.systems, "systems", nil, "stub one AI system per name of the comma-separated `LIST`")
	f.StringArrayVar(&o.system, "system", nil, "stub an AI system called `NAME` (repeatable; for names with commas)")
	f.BoolVar(&o.force, "force", false, "overwrite files that exist")
	f.StringVar(&o.date, "date", "", "write the documents as of `YYYY-MM-DD` (default today, UTC)")
	return cmd
}

// runInit is `aims init`.
func runInit(ctx context.Context, stdout io.Writer, o initOptions, args []string) error {
	if len(args) > 1 {
		return fmt.Errorf("give one directory to write the AIMS into, not %d arguments", len(args))
	}
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	date, err := parseWriteDate(o.date, o.dateSet)
	if err != nil {
		return err
	}
	org := starter.DefaultOrganization
	if o.orgSet {
		if strings.TrimSpace(o.org) == "" {
			return errors.New("--org is empty: give the organization's name, such as --org \"Acme Ltd\"")
		}
		if err := starter.CheckName("the organization name", o.org); err != nil {
			return fmt.Errorf("--org: %v", err)
		}
		org = strings.TrimSpace(o.org)
	}
	names, err := systemNames(o.systems, o.system)
	if err != nil {
		return err
	}
	systems, err := starter.SystemsFrom(names)
	if err != nil {
		return fmt.Errorf("--systems: %v", err)
	}
	if err := prepareDir(dir); err != nil {
		return err
	}
	// An AIMS already in dir keeps its AI systems: without --systems, the
	// starter is written for them, so that running init again adds no
	// example system.
	existing := existingAIMS(ctx, dir)
	if len(names) == 0 && existing != nil {
		systems = existing.systems
	}
	files, err := starter.Files(starter.Options{Organization: org, Date: date, Systems: systems})
	if err != nil {
		return plainError{fmt.Errorf("write the starter AIMS: %w", err)}
	}

	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	// Every file init writes is checked before any is written, so that a
	// link out of dir stops init before it has written anything. A file
	// that exists is left alone without --force, wherever it leads.
	for _, p := range paths {
		target := filepath.Join(dir, filepath.FromSlash(p))
		if _, err := os.Lstat(target); err == nil && !o.force {
			continue
		}
		if err := checkInside(dir, target); err != nil {
			return err
		}
	}
	var skipped []string
	for _, p := range paths {
		target := filepath.Join(dir, filepath.FromSlash(p))
		st, err := os.Lstat(target)
		switch {
		case err == nil && !o.force:
			skipped = append(skipped, target)
			continue
		case err == nil && !st.Mode().IsRegular():
			return plainError{fmt.Errorf("%s exists and is not a regular file, so even --force cannot overwrite it: move it away and run aims init again", target)}
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return plainError{err}
		}
		if err := writeNewFile(ctx, target, files[p]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", report.Printable(target))
	}
	for _, s := range skipped {
		fmt.Fprintf(stdout, "skipped (exists): %s\n", report.Printable(s))
	}
	if len(skipped) > 0 {
		fmt.Fprintf(stdout, "%s left as %s: use --force to overwrite %s with the starter %s\n",
			plural(len(skipped), "existing file", "existing files"), oneOrMany(len(skipped), "it was", "they were"),
			oneOrMany(len(skipped), "it", "them"), oneOrMany(len(skipped), "version", "versions"))
	}

	if existing != nil && len(existing.artifacts) > 0 {
		fmt.Fprintf(stdout, "note: %s already held %s: init wrote only the starter files it lacked; add documents to an existing AIMS with aims new KIND\n",
			report.Printable(dir), plural(len(existing.artifacts), "AIMS document", "AIMS documents"))
	}

	shown := make([]string, len(systems))
	for i, s := range systems {
		shown[i] = s.ID
	}
	if len(shown) == 0 {
		shown = []string{starter.ExampleSystem.ID + " (an example: rename it, or run aims init --systems NAMES)"}
	}
	fmt.Fprintf(stdout, "\nA draft AIMS for %s is in %s, with the AI %s %s.\n", report.Printable(org), report.Printable(dir), oneOrMany(len(shown), "system", "systems"), report.Printable(strings.Join(shown, ", ")))
	if !o.orgSet {
		fmt.Fprintf(stdout, "The organization is called %q: give its name with --org, or edit .aims.yaml and the scope.\n", org)
	}
	fmt.Fprintf(stdout, `Next:
  1. find what needs your words:  grep -rn --exclude=README.md TODO %[1]s
  2. check it as you go:          aims lint %[1]s
     (a draft AIMS has warnings only: drafts are not evidence until approved)
  3. add documents:               aims new KIND --dir %[1]s  (e.g. procedure, dataset, incident)
`, shellWord(dir))
	return nil
}

// systemNames gathers the AI system names of --systems (comma-separated)
// and --system (one each).
func systemNames(lists, single []string) ([]string, error) {
	var names []string
	for _, l := range lists {
		for _, n := range strings.Split(l, ",") {
			if strings.TrimSpace(n) == "" {
				return nil, fmt.Errorf("--systems %q has an empty name: separate the names with single commas, such as --systems \"Credit scoring,Support chatbot\"", l)
			}
			names = append(names, n)
		}
	}
	for _, n := range single {
		if strings.TrimSpace(n) == "" {
			return nil, errors.New("--system needs a name, such as --system \"Credit scoring\"")
		}
		names = append(names, n)
	}
	return names, nil
}

// existingAIMS reads the AIMS documents already in dir, if any; nil when
// there are none or they cannot be read (init writes what it can, and aims
// lint reports what is wrong with the rest).
func existingAIMS(ctx context.Context, dir string) *repoIndex {
	cfg, err := lint.LoadConfig(dir, "")
	if err != nil {
		return nil
	}
	repo, err := scanRepository(ctx, cfg)
	if err != nil || len(repo.artifacts) == 0 {
		return nil
	}
	return repo
}

// prepareDir makes sure dir is a directory, creating it if needed.
func prepareDir(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return plainError{fmt.Errorf("create %s: %w", dir, err)}
		}
		return nil
	case err != nil:
		return plainError{err}
	case !st.IsDir():
		return fmt.Errorf("%s is a file, not a directory: give the directory to write the AIMS into (it is created if needed)", dir)
	}
	return nil
}

// writeNewFile writes data to path atomically, creating its folder.
func writeNewFile(ctx context.Context, path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return plainError{fmt.Errorf("create the folder of %s: %w", path, err)}
	}
	if err := writeFileAtomic(ctx, path, data); err != nil {
		return plainError{fmt.Errorf("write %s: %w", path, err)}
	}
	return nil
}

// parseWriteDate parses --date; without it, the date is today in UTC.
func parseWriteDate(s string, set bool) (time.Time, error) {
	if !set {
		return parseAsOf("", false)
	}
	return parseDate("--date", s)
}

// oneOrMany returns one when n is 1, else many.
func oneOrMany(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// shellWord quotes s for a POSIX shell when it needs it, for commands the
// user may copy. A word with control or invisible characters is written in
// bash's $'…' quoting, with the escapes of report.Printable, so that it
// neither breaks the line nor acts on the terminal.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") == "" {
		return s
	}
	if report.Printable(s) != s {
		return "$'" + report.Printable(strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s)) + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
