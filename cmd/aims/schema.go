package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/aimsdev/aims/lint/report"
	"github.com/aimsdev/aims/schema"
	"github.com/spf13/cobra"
)

// newSchemaCmd builds `aims schema`, whose only subcommand is export.
func newSchemaCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Export the JSON Schemas of the document format, for your editor",
		Long: `Schema works with the JSON Schemas (draft 2020-12) that aims checks every
artifact against, one per kind, and the schema of .aims.yaml.

'aims schema export DIR' writes them into DIR, so that an editor can check
YAML files as you type them: see the README, "Schemas in your editor".`,
		Example: `  aims schema export schemas`,
		// Args stays unset: an unknown subcommand reaches RunE, which
		// suggests the closest one.
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			err := fmt.Errorf("unknown command %q for %q", args[0], cmd.CommandPath())
			var names []string
			for _, sub := range cmd.Commands() {
				names = append(names, sub.Name())
			}
			if best := closest(args[0], names); best != "" {
				err = fmt.Errorf("%w\n\nDid you mean this?\n\t%s", err, best)
			}
			return err
		},
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	cmd.AddCommand(newSchemaExportCmd())
	return cmd
}

// schemaExportOptions are the flags of `aims schema export`.
type schemaExportOptions struct {
	force bool // --force: replace files that differ
}

// newSchemaExportCmd builds `aims schema export`.
func newSchemaExportCmd() *cobra.Command {
	var o schemaExportOptions
	cmd := &cobra.Command{
		Use:   "export DIR",
		Short: "Write every kind's JSON Schema, and that of .aims.yaml, into a folder",
		Long: `Export writes the JSON Schemas aims checks artifacts against into DIR
(created if missing): <kind>.schema.json for each of the 18 kinds,
defs.schema.json, which they all refer to, and config.schema.json for
.aims.yaml. Point your editor's YAML support at them to see mistakes while
you type: the README, "Schemas in your editor", shows how for VS Code.

The files are aims's own schemas, with one change: the "$id" that names them
at https://aims.invalid/schemas/ is left out, so that an editor resolves
"defs.schema.json" next to the file it read, in DIR, and fetches nothing.

Each file is written whole or not at all. A file DIR already holds with the
same content is left as it is; one that differs (an older aims, or a file
edited by hand) is an error, and nothing is written, unless --force replaces
it. Export again after upgrading aims.

After writing, export lists the files and prints the settings to paste into
.vscode/settings.json.

Exit codes: 0 when every file is in place, 2 on a usage error or when a file
could not be written.`,
		Example: `  # write the schemas into ./schemas
  aims schema export schemas

  # after upgrading aims: replace the older schemas
  aims schema export --force schemas`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch len(args) {
			case 1:
				return nil
			case 0:
				return errors.New("aims schema export needs the DIR to write the schemas to, such as: aims schema export schemas")
			}
			return fmt.Errorf("give one DIR to write the schemas to, not %d arguments", len(args))
		},
		ValidArgsFunction: completeDirs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSchemaExport(cmd.Context(), cmd.OutOrStdout(), args[0], o)
		},
	}
	cmd.Flags().BoolVar(&o.force, "force", false, "replace files in DIR that differ from aims's schemas")
	return cmd
}

// An exportFile is one schema file to write.
type exportFile struct {
	name string // file name, e.g. ai-system.schema.json
	data []byte
}

// idLine matches the line of an embedded schema that holds its $id.
var idLine = regexp.MustCompile(`(?m)^[ \t]*"\$id":[ \t]*"https://aims\.invalid/schemas/[^"]*",[ \t]*\r?\n`)

// exportedSchemas returns the embedded schema files as they are exported:
// sorted by name, each without its "$id" line, so that the relative $refs
// between them ("defs.schema.json#/$defs/date") resolve against the file
// an editor read instead of https://aims.invalid/schemas/. The rest of each
// file is left byte for byte as aims embeds it.
func exportedSchemas() ([]exportFile, error) {
	fsys := schema.FS()
	names, err := fs.Glob(fsys, "*.schema.json")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	files := make([]exportFile, 0, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		loc := idLine.FindIndex(data)
		if loc == nil {
			return nil, fmt.Errorf("the embedded schema %s has no \"$id\" line to leave out: this is a bug in aims, please report it", name)
		}
		out := append(slices.Clip(data[:loc[0]]), data[loc[1]:]...)
		files = append(files, exportFile{name: name, data: out})
	}
	return files, nil
}

// runSchemaExport is `aims schema export DIR`.
func runSchemaExport(ctx context.Context, stdout io.Writer, dir string, o schemaExportOptions) error {
	if strings.TrimSpace(dir) == "" {
		return errors.New("aims schema export needs the DIR to write the schemas to, such as: aims schema export schemas")
	}
	files, err := exportedSchemas()
	if err != nil {
		return plainError{err}
	}
	switch st, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return plainError{fmt.Errorf("read %s: %w: check the path and its permissions", dir, err)}
	case !st.IsDir():
		return fmt.Errorf("%s is not a directory: give a folder to write the schemas into (it is created if missing)", dir)
	}

	// Compare with what DIR holds before writing anything, so that a
	// refusal leaves DIR as it was.
	status := make([]string, len(files)) // "", "unchanged" or "replaced"
	var differ []string
	for i, f := range files {
		p := filepath.Join(dir, f.name)
		st, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return plainError{fmt.Errorf("read %s: %w: check its permissions", p, err)}
		case !st.Mode().IsRegular():
			return plainError{fmt.Errorf("%s is not a regular file: move it away, or export into another folder", p)}
		}
		old, err := os.ReadFile(p)
		if err != nil {
			return plainError{fmt.Errorf("read %s: %w: check its permissions", p, err)}
		}
		if bytes.Equal(old, f.data) {
			status[i] = "unchanged"
			continue
		}
		status[i] = "replaced"
		differ = append(differ, p)
	}
	if len(differ) > 0 && !o.force {
		what, them := differ[0]+" differs", "it"
		if len(differ) > 1 {
			what, them = fmt.Sprintf("%d files differ (%s)", len(differ), listSome(differ, 3)), "them"
		}
		return plainError{fmt.Errorf("%s from aims's schemas (written by another version of aims, or edited by hand), so nothing was written: run again with --force to replace %s, or export into an empty folder", what, them)}
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return plainError{fmt.Errorf("create %s: %w: check the path and its permissions", dir, err)}
	}
	written := 0
	for i, f := range files {
		if status[i] == "unchanged" {
			continue
		}
		p := filepath.Join(dir, f.name)
		err := writeFileAtomic(ctx, p, f.data)
		if err != nil {
			return plainError{fmt.Errorf("write %s: %w: check that %s is writable", p, err, dir)}
		}
		written++
	}

	for i, f := range files {
		line := filepath.Join(dir, f.name)
		if status[i] != "" {
			line += " (" + status[i] + ")"
		}
		fmt.Fprintln(stdout, report.Printable(line))
	}
	fmt.Fprintf(stdout, "%s in %s: %d written, %d unchanged\n", plural(len(files), "schema file", "schema files"), report.Printable(dir), written, len(files)-written)
	fmt.Fprintln(stdout)
	writeEditorHelp(stdout, dir)
	return nil
}

// listSome lists up to n items, with "and N more" for the rest.
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// writeEditorHelp prints the VS Code settings that use the schemas exported
// into dir, and the modeline alternative. Paths in the settings are relative
// to the workspace folder, so they are right when aims ran at its root.
func writeEditorHelp(w io.Writer, dir string) {
	base := filepath.ToSlash(filepath.Clean(dir))
	settingsDir := base
	if !filepath.IsAbs(dir) && !strings.HasPrefix(settingsDir, "../") {
		settingsDir = "./" + settingsDir
	}
	// A modeline's path is relative to the YAML file holding it.
	modelineDir := base
	if !filepath.IsAbs(dir) {
		if rel, err := filepath.Rel("risk", filepath.Clean(dir)); err == nil {
			modelineDir = filepath.ToSlash(rel)
		}
	}
	fmt.Fprintf(w, `To see mistakes as you type in VS Code, install the YAML extension
(redhat.vscode-yaml) and add to .vscode/settings.json, with the folders of
your own repository (paths are relative to the workspace folder):

  "yaml.schemas": {
    "%[1]s/config.schema.json": [".aims.yaml"],
    "%[1]s/ai-system.schema.json": ["systems/*.yaml"],
    "%[1]s/risk-register.schema.json": ["risk/risk-register.yaml"],
    "%[1]s/statement-of-applicability.schema.json": ["risk/statement-of-applicability.yaml"]
  }

or name the schema on the first line of a YAML file (relative to that file),
here risk/risk-register.yaml:

  # yaml-language-server: $schema=%[2]s/risk-register.schema.json

Markdown frontmatter is not checked by the YAML extension: aims lint (and
its pre-commit hook) checks it.
`, settingsDir, modelineDir)
}
