package main

import (
	"slices"
	"strings"

	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/rules"
	"github.com/aimsdev/aims/schema"
	"github.com/spf13/cobra"
)

// Shell completion. Cobra's `completion` command writes the shell scripts
// (bash, zsh, fish, powershell); the scripts call the hidden `__complete`
// command, which asks the functions below for the values of arguments and
// flags. Each returns every value that starts with what was typed, ignoring
// case, with a short description after a tab.

// A candidate is one value to complete, with its description.
type candidate struct {
	value string
	desc  string
}

// matching returns the candidates that start with toComplete, ignoring case,
// as completions with their descriptions. The typed prefix is kept as typed
// ("a.6" completes to "a.6.2.4", which aims accepts too), since shells
// filter completions by the typed prefix, case and all.
func matching(cands []candidate, toComplete string) []cobra.Completion {
	var out []cobra.Completion
	for _, c := range cands {
		if len(c.value) < len(toComplete) || !strings.EqualFold(c.value[:len(toComplete)], toComplete) {
			continue
		}
		value := toComplete + c.value[len(toComplete):]
		if c.desc == "" {
			out = append(out, value)
		} else {
			out = append(out, cobra.CompletionWithDesc(value, c.desc))
		}
	}
	return out
}

// fixedValues completes a flag or argument with a fixed list of values, in
// their order, and never with file names.
func fixedValues(cands ...candidate) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return matching(cands, toComplete), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
}

// completeExplain completes the argument of `aims explain`: rule ids, then
// clause groups, clause headings, clauses, Annex A groups, headings and
// controls in the standard's order, then artifact kinds.
func completeExplain(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	config, _ := cmd.Flags().GetString("config")
	rs, err := rootRules("", config)
	if err != nil {
		rs = builtinRules() // a broken rule file is for aims explain to say
	}
	return matching(explainCandidates(rules.DefaultCatalogue(), rs.Rules, schema.Kinds()), toComplete),
		cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}

// explainCandidates lists every id `aims explain` explains, with its title.
func explainCandidates(c *rules.Catalogue, rs []*lint.Rule, kinds []string) []candidate {
	var out []candidate
	for _, r := range rs {
		out = append(out, candidate{r.ID, r.Title})
	}
	out = append(out, referenceCandidates(c, true)...)
	for _, k := range kinds {
		out = append(out, candidate{k, "artifact kind"})
	}
	return out
}

// referenceCandidates lists the catalogue's groups, the headings within them
// (6.1, A.6.2) and, when leaves is true, the clauses and controls, each with
// its title, in the standard's order.
func referenceCandidates(c *rules.Catalogue, leaves bool) []candidate {
	seen := map[string]bool{}
	var ids []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, g := range c.Groups() {
		add(g.ID)
	}
	for _, r := range c.References() {
		// The headings between a reference and its group: 6.1 for 6.1.2,
		// A.6.2 for A.6.2.4.
		for id := parentID(r.ID); id != "" && id != r.Group; id = parentID(id) {
			if _, ok := c.Title(id); ok {
				add(id)
			}
		}
		if leaves {
			add(r.ID)
		}
	}
	slices.SortStableFunc(ids, rules.CompareIDs)
	out := make([]candidate, 0, len(ids))
	for _, id := range ids {
		title, _ := c.Title(id)
		out = append(out, candidate{id, title})
	}
	return out
}

// parentID returns the id one level up, "" at the top: 6.1 for 6.1.2, A.6
// for A.6.2, "" for 6 and A.6.
func parentID(id string) string {
	i := strings.LastIndexByte(id, '.')
	if i < 0 || id[:i] == "A" {
		return ""
	}
	return id[:i]
}

// completeDirs completes a single directory argument.
func completeDirs(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// completeYAMLFiles completes a YAML file name (--config).
func completeYAMLFiles(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return []cobra.Completion{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
}

// severityCandidates are the values of --fail-on.
var severityCandidates = []candidate{
	{"error", "fail on errors only"},
	{"warning", "fail on warnings and errors"},
	{"note", "fail on any finding"},
}

// formatDescriptions describe the report formats, for completion.
var formatDescriptions = map[string]string{
	"text":     "one line per finding, then a summary",
	"json":     "the versioned JSON document",
	"sarif":    "SARIF 2.1.0, for code scanning",
	"github":   "GitHub Actions workflow annotations",
	"markdown": "a Markdown summary",
	"digest":   "a short Markdown digest of what changed since --since",
	"junit":    "JUnit XML, for test report viewers",
	"xlsx":     "the implementation plan workbook",
	"html":     "the progress dashboard, one self-contained page",
}

// formatCandidates lists report formats with their descriptions.
func formatCandidates(names []string) []candidate {
	out := make([]candidate, 0, len(names))
	for _, n := range names {
		out = append(out, candidate{n, formatDescriptions[n]})
	}
	return out
}

// completeOutput completes --output FORMAT=PATH: the format and "=", then
// file names once the "=" is typed (the shell completes the part after it).
func completeOutput(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if strings.Contains(toComplete, "=") {
		return nil, cobra.ShellCompDirectiveDefault
	}
	var cands []candidate
	for _, c := range formatCandidates(allFormats()) {
		cands = append(cands, candidate{c.value + "=", c.desc})
	}
	return matching(cands, toComplete), cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}

// allFormats are the formats --output accepts: the stdout formats and the
// workbook.
func allFormats() []string {
	return append(stdoutFormats(), xlsxFormat)
}

// floorCandidates are the values of --min-severity.
var floorCandidates = []candidate{
	{"error", "show errors only"},
	{"warning", "show warnings and errors"},
	{"note", "show every finding"},
}

// registerLintCompletions completes the values of `aims lint`'s flags.
func registerLintCompletions(cmd *cobra.Command) {
	mustRegister(cmd, "format", fixedValues(formatCandidates(stdoutFormats())...))
	mustRegister(cmd, "fail-on", fixedValues(severityCandidates...))
	mustRegister(cmd, "min-severity", fixedValues(floorCandidates...))
	mustRegister(cmd, "output", completeOutput)
	mustRegister(cmd, "config", completeYAMLFiles)
	mustRegister(cmd, "baseline", completeJSONFiles)
	mustRegister(cmd, "write-baseline", completeJSONFiles)
}

// completeJSONFiles completes a baseline file's path: JSON files.
func completeJSONFiles(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return []cobra.Completion{"json"}, cobra.ShellCompDirectiveFilterFileExt
}

// mustRegister registers a flag's completion function. It fails only for a
// flag that does not exist or was registered twice: a programming error.
func mustRegister(cmd *cobra.Command, flag string, f cobra.CompletionFunc) {
	if err := cmd.RegisterFlagCompletionFunc(flag, f); err != nil {
		panic(err)
	}
}
