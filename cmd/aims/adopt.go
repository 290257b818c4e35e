package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aimsdev/aims/adopt"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/lint/report"
	"github.com/aimsdev/aims/rules"
	"github.com/aimsdev/aims/schema"
	"github.com/spf13/cobra"
)

// proposedConfig is where adopt writes its proposal when the repository
// already has a .aims.yaml.
const proposedConfig = ".aims.proposed.yaml"

// adoptShown is how many of the remaining findings adopt prints.
const adoptShown = 10

// adoptOptions are the flags of `aims adopt`.
type adoptOptions struct {
	dryRun bool // --dry-run: print the proposal, write nothing
}

// newAdoptCmd builds `aims adopt`.
func newAdoptCmd() *cobra.Command {
	var o adoptOptions
	cmd := &cobra.Command{
		Use:   "adopt [PATH]",
		Short: "Propose the .aims.yaml that lets aims read an existing repository as it is",
		Long: `Adopt reads the Markdown and YAML files of an existing repository (PATH, the
current folder by default; files git ignores are left out), groups them by
folder, file type and frontmatter fields, and proposes a configuration that
lets aims read them without rewriting any of them:

  kinds         a built-in kind for each group whose folder, file names,
                titles and fields clearly say which; else a custom kind
                named after the group; the kind from a field (layout: risk)
                when a field says it
  mappings      their field names as aims's (last_updated as
                last_reviewed, doc-status as status), their status words as
                draft, in-review, approved, retired, references in another
                notation (A-7-2) rewritten, and ids from a numbered field or
                the file name when the files have none
  custom_kinds  for each custom kind, the core fields its files have, its
                id pattern, the field listing what each file evidences, the
                fields that name other files' ids, and a JSON Schema inferred
                from the fields and values seen (schemas/KIND.schema.json)

Every choice has a comment saying why. Adopt writes the proposal as
.aims.yaml, or as .aims.proposed.yaml when .aims.yaml exists, and never
writes over a file: a schema whose name is taken is written under a
.proposed name, and an existing .aims.proposed.yaml stops adopt before it
writes anything. It writes only inside PATH, never through a link leading
out of it.

It then lints the repository with the proposal and prints what is still
missing: the findings by severity, the first of them, the built-in kinds
no file has, and the next steps. --dry-run prints the proposal instead and
writes nothing.

Exit codes: 0 when the proposal was written or printed (whatever the lint
found), 2 when PATH is not a folder, a file cannot be written, or the
proposal cannot be read back.`,
		Example: `  # see what adopt would propose, without writing anything
  aims adopt --dry-run governance/

  # write the proposal, then lint with it
  aims adopt governance/
  aims lint governance/`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAdopt(cmd.Context(), cmd.OutOrStdout(), o, args)
		},
	}
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "print the proposed configuration and schemas instead of writing them")
	return cmd
}

// runAdopt is `aims adopt`.
func runAdopt(ctx context.Context, stdout io.Writer, o adoptOptions, args []string) error {
	if len(args) > 1 {
		return fmt.Errorf("give one repository folder to adopt, not %d arguments", len(args))
	}
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return plainError{fmt.Errorf("%s does not exist: give the folder of the repository to adopt", dir)}
	case err != nil:
		return plainError{err}
	case !st.IsDir():
		return plainError{fmt.Errorf("%s is a file, not a folder: give the folder of the repository to adopt", dir)}
	}
	repo, err := adopt.Scan(ctx, dir)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return plainError{fmt.Errorf("read %s: %w", dir, err)}
	}
	exists := func(rel string) bool {
		_, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel)))
		return err == nil
	}
	prop := adopt.Propose(repo, adopt.Options{Exists: exists})
	name := lint.ConfigFile
	if exists(name) {
		name = proposedConfig
	}
	files := map[string][]byte{name: prop.Config}
	for p, data := range prop.Schemas {
		files[p] = data
	}
	paths := append([]string{name}, slices.Sorted(maps.Keys(prop.Schemas))...) // the configuration first

	fmt.Fprintf(stdout, "%s: %d Markdown and %d YAML %s read; %s",
		report.Printable(dir), repo.Markdown, repo.YAML, oneOrMany(repo.Markdown+repo.YAML, "file", "files"),
		plural(len(repo.Files), "file to map", "files to map"))
	if len(repo.Artifacts) > 0 {
		fmt.Fprintf(stdout, ", %s already declaring a kind", plural(len(repo.Artifacts), "file", "files"))
	}
	fmt.Fprintln(stdout)
	for _, k := range prop.Kinds {
		what := "custom kind"
		if k.Builtin {
			what = "built-in kind"
		}
		fmt.Fprintf(stdout, "  %-24s %s, %s: %s\n", report.Printable(k.Name), what, plural(len(k.Files), "file", "files"), report.Printable(k.Why))
	}
	if len(repo.Files) == 0 {
		what := "no Markdown file with frontmatter and no YAML mapping below the root"
		if len(repo.Artifacts) > 0 {
			what = "every document already declares a built-in kind"
		}
		fmt.Fprintf(stdout, "Nothing to adopt: %s, so adopt wrote nothing. Run aims lint %s to lint what is there, or aims init %s for a starter AIMS.\n",
			what, shellWord(dir), shellWord(dir))
		return nil
	}
	if o.dryRun {
		for _, p := range paths {
			fmt.Fprintf(stdout, "\n# --- %s (not written: --dry-run) ---\n", p)
			stdout.Write(files[p])
		}
		return nil
	}

	// Every target is checked before any is written: nothing is written
	// over, and nothing through a link out of dir.
	if name == proposedConfig && exists(proposedConfig) {
		return plainError{fmt.Errorf("%s exists, and adopt never writes over a file: compare it with .aims.yaml, then move it away and run aims adopt again (or see the new proposal with --dry-run)", filepath.Join(dir, proposedConfig))}
	}
	for _, p := range paths {
		target := filepath.Join(dir, filepath.FromSlash(p))
		if exists(p) {
			return plainError{fmt.Errorf("%s exists, and adopt never writes over a file: move it away and run aims adopt again", target)}
		}
		if err := checkInside(dir, target); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout)
	for _, p := range paths {
		target := filepath.Join(dir, filepath.FromSlash(p))
		if err := writeNewFile(ctx, target, files[p]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", report.Printable(target))
	}
	return adoptLint(ctx, stdout, dir, name)
}

// adoptLint lints dir with the configuration adopt wrote (name, relative to
// dir) and prints what is still missing and what to do next.
func adoptLint(ctx context.Context, stdout io.Writer, dir, name string) error {
	explicit := ""
	if name != lint.ConfigFile {
		explicit = filepath.Join(dir, name)
	}
	cfg, err := lint.LoadConfig(dir, explicit)
	if err != nil {
		return runFailure("read the proposal back", err)
	}
	cfg.References = rules.DefaultCatalogue().LintReferences()
	cfg.Version = mainVersion()
	res, err := lint.Run(ctx, cfg, rules.All)
	if err != nil {
		return runFailure("lint "+dir+" with the proposal", err)
	}
	bySev := map[lint.Severity]int{}
	var onFiles []lint.Finding
	wide := 0
	for _, f := range res.Findings {
		if f.Suppressed != nil {
			continue
		}
		bySev[f.Severity]++
		if f.Range.File == "" {
			wide++
			continue
		}
		onFiles = append(onFiles, f)
	}
	fmt.Fprintf(stdout, "\nWith the proposal, aims lint reads %s and reports %s, %s and %s",
		plural(len(res.Artifacts), "artifact", "artifacts"), plural(bySev[lint.Error], "error", "errors"),
		plural(bySev[lint.Warning], "warning", "warnings"), plural(bySev[lint.Note], "note", "notes"))
	if wide > 0 {
		fmt.Fprintf(stdout, ";\n%s about the repository as a whole: the documents it does not have yet", plural(wide, "finding is", "findings are"))
	}
	fmt.Fprintln(stdout, ".")
	if len(onFiles) > 0 {
		shown := onFiles[:min(len(onFiles), adoptShown)]
		fmt.Fprintf(stdout, "The first %s on files, of %d:\n", plural(len(shown), "finding", "findings"), len(onFiles))
		for _, f := range shown {
			fmt.Fprintf(stdout, "  %s:%d:%d: %s: %s [%s]\n", report.Printable(f.Range.File), f.Range.Start.Line, f.Range.Start.Col, f.Severity, report.Printable(f.Message), f.RuleID)
		}
	}
	var present []string
	for _, a := range res.Artifacts {
		present = append(present, a.Kind)
	}
	if missing := adopt.Missing(present, schema.Kinds()); len(missing) > 0 {
		fmt.Fprintf(stdout, "Built-in kinds no file has yet: %s.\n", strings.Join(missing, ", "))
	}
	lintCmd := "aims lint " + shellWord(dir)
	if name != lint.ConfigFile {
		lintCmd = "aims lint --config " + shellWord(filepath.Join(dir, name)) + " " + shellWord(dir)
	}
	fmt.Fprintf(stdout, `
Next:
  1. review %[1]s: each choice has a comment, and TODO lines need you
  2. lint with it:                 %[2]s
  3. accept today's findings:      %[2]s --write-baseline %[4]s
     then add  baseline: .aims-baseline.json  to the configuration
  4. write what is missing:        aims new KIND --dir %[3]s
`, report.Printable(filepath.Join(dir, name)), lintCmd, shellWord(dir), shellWord(filepath.Join(dir, ".aims-baseline.json")))
	if name != lint.ConfigFile {
		fmt.Fprintf(stdout, "  (%s exists: merge the proposal into it, then delete %s)\n", lint.ConfigFile, name)
	}
	return nil
}
