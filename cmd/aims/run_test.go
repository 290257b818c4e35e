package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The artifacts of the test repositories. The configuration selects the parse
// and schema rules so that the exit codes tested here do not change when
// rules about missing documentation are added.
const (
	selectRules = "rules: [AIMS1001, AIMS1002, AIMS1003, AIMS1004, AIMS1005]\n"

	rolesYAML = `kind: roles
id: ROLES
title: AIMS roles
status: draft
owner: ai-governance-lead
roles:
  - id: ai-governance-lead
    title: AI governance lead
    responsibilities: [run the AIMS]
    authority: [approve procedures]
`
	// badSystemYAML breaks the ai-system schema (AIMS1002, an error by default).
	badSystemYAML = `kind: ai-system
id: SYS-CREDIT
title: Credit scoring
status: draft
owner: ai-governance-lead
name: Credit scoring model
risk_level: extreme
lifecycle_stage: operation-and-monitoring
`
)

// writeRepo writes files (slash path -> content) under a new temporary
// directory and returns it.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRunExitCodes(t *testing.T) {
	clean := map[string]string{
		".aims.yaml": selectRules,
		"roles.yaml": rolesYAML,
	}
	broken := map[string]string{
		".aims.yaml":          selectRules,
		"roles.yaml":          rolesYAML,
		"systems/credit.yaml": badSystemYAML,
	}
	warningOnly := map[string]string{
		".aims.yaml":          selectRules + "severity: {AIMS1002: warning}\n",
		"roles.yaml":          rolesYAML,
		"systems/credit.yaml": badSystemYAML,
	}
	failOnWarning := map[string]string{
		".aims.yaml":          selectRules + "severity: {AIMS1002: warning}\nfail_on: warning\n",
		"roles.yaml":          rolesYAML,
		"systems/credit.yaml": badSystemYAML,
	}
	badConfig := map[string]string{
		".aims.yaml": "fail_on: sometimes\n",
		"roles.yaml": rolesYAML,
	}
	unknownRule := map[string]string{
		".aims.yaml": "rules: [all, -AIMS9999]\n",
		"roles.yaml": rolesYAML,
	}
	empty := map[string]string{}

	tests := []struct {
		name   string
		repo   map[string]string // nil: no repository
		args   []string          // "$DIR" is replaced by the repository
		want   int
		stderr string // a substring of stderr, when set
		exists string // a file that must exist after the run ("$DIR" replaced), when set
	}{
		{name: "no arguments", args: []string{}, want: 0},
		{name: "clean repo", repo: clean, args: []string{"lint", "$DIR"}, want: 0},
		{name: "error finding", repo: broken, args: []string{"lint", "$DIR"}, want: 1},
		{name: "error finding, json", repo: broken, args: []string{"lint", "--format", "json", "$DIR"}, want: 1},
		{name: "warning only", repo: warningOnly, args: []string{"lint", "$DIR"}, want: 0},
		{name: "warning only, --fail-on warning", repo: warningOnly, args: []string{"lint", "--fail-on", "warning", "$DIR"}, want: 1},
		{name: "warning only, --fail-on note", repo: warningOnly, args: []string{"lint", "--fail-on", "note", "$DIR"}, want: 1},
		{name: "fail_on warning in config", repo: failOnWarning, args: []string{"lint", "$DIR"}, want: 1},
		{name: "--fail-on overrides config", repo: failOnWarning, args: []string{"lint", "--fail-on", "error", "$DIR"}, want: 0},
		{name: "bad --fail-on", repo: clean, args: []string{"lint", "--fail-on", "sometimes", "$DIR"}, want: 2, stderr: "--fail-on"},
		{name: "bad flag", repo: clean, args: []string{"lint", "--nosuchflag", "$DIR"}, want: 2, stderr: "unknown flag: --nosuchflag"},
		{name: "bad root flag", args: []string{"--nosuchflag"}, want: 2, stderr: "unknown flag"},
		{name: "unknown command", args: []string{"lnt"}, want: 2, stderr: "Did you mean this?\n\tlint"},
		{name: "bad --as-of", repo: clean, args: []string{"lint", "--as-of", "2026-02-30", "$DIR"}, want: 2, stderr: "--as-of"},
		{name: "good --as-of", repo: clean, args: []string{"lint", "--as-of", "2026-02-28", "$DIR"}, want: 0},
		{name: "bad --format", repo: clean, args: []string{"lint", "--format", "xml", "$DIR"}, want: 2, stderr: "unknown format"},
		{name: "--output without =", repo: clean, args: []string{"lint", "--output", "json", "$DIR"}, want: 2, stderr: "FORMAT=PATH"},
		{name: "--output bad format", repo: clean, args: []string{"lint", "--output", "xml=$DIR/out.xml", "$DIR"}, want: 2, stderr: "unknown format"},
		{name: "--output twice to one path", repo: clean, args: []string{"lint", "--output", "json=$DIR/a", "--output", "text=$DIR/a", "$DIR"}, want: 2},
		{name: "--output unwritable", repo: broken, args: []string{"lint", "--output", "json=$DIR/nosuch/out.json", "$DIR"}, want: 2, stderr: "does not exist: create it"},
		{name: "missing path", repo: clean, args: []string{"lint", "$DIR/nosuch"}, want: 2, stderr: "no such file or directory"},
		{name: "two directories", repo: broken, args: []string{"lint", "$DIR", "$DIR/systems"}, want: 2},
		{name: "bad config", repo: badConfig, args: []string{"lint", "$DIR"}, want: 2, stderr: ".aims.yaml:1:10: "},
		{name: "unknown rule in config", repo: unknownRule, args: []string{"lint", "$DIR"}, want: 2, stderr: "AIMS9999"},
		{name: "missing --config", repo: clean, args: []string{"lint", "--config", "$DIR/nosuch.yaml", "$DIR"}, want: 2, stderr: "nosuch.yaml"},
		{name: "--changed outside git", repo: clean, args: []string{"lint", "--changed", "$DIR"}, want: 2, stderr: "needs a git repository"},
		{name: "--base outside git", repo: clean, args: []string{"lint", "--base", "main", "$DIR"}, want: 2, stderr: "needs a git repository"},
		{name: "--changed with files", repo: clean, args: []string{"lint", "--changed", "$DIR/roles.yaml"}, want: 2},
		{name: "empty --base", repo: clean, args: []string{"lint", "--base", "", "$DIR"}, want: 2},
		{name: "--output xlsx", repo: clean, args: []string{"lint", "--output", "xlsx=$DIR/plan.xlsx", "$DIR"}, want: 0, exists: "$DIR/plan.xlsx"},
		{name: "--output xlsx with findings", repo: broken, args: []string{"lint", "--output", "xlsx=$DIR/plan.xlsx", "$DIR"}, want: 1, exists: "$DIR/plan.xlsx"},
		{name: "--plan-start with --output xlsx", repo: clean, args: []string{"lint", "--plan-start", "2027-01-01", "--output", "xlsx=$DIR/plan.xlsx", "$DIR"}, want: 0, exists: "$DIR/plan.xlsx"},
		{name: "--plan-start without --output xlsx", repo: clean, args: []string{"lint", "--plan-start", "2027-01-01", "$DIR"}, want: 2, stderr: "--output xlsx=PATH"},
		{name: "bad --plan-start", repo: clean, args: []string{"lint", "--plan-start", "January", "--output", "xlsx=$DIR/plan.xlsx", "$DIR"}, want: 2, stderr: "--plan-start"},
		{name: "--format xlsx", repo: clean, args: []string{"lint", "--format", "xlsx", "$DIR"}, want: 2, stderr: "--output xlsx=PATH"},
		{name: "plan clean repo", repo: clean, args: []string{"plan", "-o", "$DIR/plan.xlsx", "$DIR"}, want: 0, exists: "$DIR/plan.xlsx"},
		{name: "plan with error findings", repo: broken, args: []string{"plan", "--output", "$DIR/plan.xlsx", "$DIR"}, want: 0, exists: "$DIR/plan.xlsx"},
		{name: "plan empty folder", repo: empty, args: []string{"plan", "-o", "$DIR/plan.xlsx", "$DIR"}, want: 0, exists: "$DIR/plan.xlsx"},
		{name: "plan --start", repo: clean, args: []string{"plan", "--start", "2027-01-15", "-o", "$DIR/plan.xlsx", "$DIR"}, want: 0, exists: "$DIR/plan.xlsx"},
		{name: "plan --as-of", repo: clean, args: []string{"plan", "--as-of", "2026-06-30", "-o", "$DIR/plan.xlsx", "$DIR"}, want: 0, exists: "$DIR/plan.xlsx"},
		{name: "plan bad --start", repo: clean, args: []string{"plan", "--start", "2026-13-01", "-o", "$DIR/plan.xlsx", "$DIR"}, want: 2, stderr: "--start"},
		{name: "plan bad --as-of", repo: clean, args: []string{"plan", "--as-of", "2026-02-30", "-o", "$DIR/plan.xlsx", "$DIR"}, want: 2, stderr: "--as-of"},
		{name: "plan unwritable output", repo: clean, args: []string{"plan", "-o", "$DIR/nosuch/plan.xlsx", "$DIR"}, want: 2, stderr: "does not exist: create it"},
		{name: "plan output is a directory", repo: clean, args: []string{"plan", "-o", "$DIR", "$DIR"}, want: 2, stderr: "is a directory"},
		{name: "plan empty output", repo: clean, args: []string{"plan", "-o", "", "$DIR"}, want: 2, stderr: "--output"},
		{name: "plan missing path", repo: clean, args: []string{"plan", "-o", "$DIR/plan.xlsx", "$DIR/nosuch"}, want: 2, stderr: "no such file or directory"},
		{name: "plan a file", repo: clean, args: []string{"plan", "-o", "$DIR/plan.xlsx", "$DIR/roles.yaml"}, want: 2, stderr: "not a directory"},
		{name: "plan two directories", repo: broken, args: []string{"plan", "-o", "$DIR/plan.xlsx", "$DIR", "$DIR/systems"}, want: 2},
		{name: "plan bad config", repo: badConfig, args: []string{"plan", "-o", "$DIR/plan.xlsx", "$DIR"}, want: 2, stderr: ".aims.yaml:1:10: "},
		{name: "plan missing --config", repo: clean, args: []string{"plan", "--config", "$DIR/nosuch.yaml", "-o", "$DIR/plan.xlsx", "$DIR"}, want: 2, stderr: "nosuch.yaml"},
		{name: "plan --rev outside git", repo: clean, args: []string{"plan", "--rev", "HEAD", "-o", "$DIR/plan.xlsx", "$DIR"}, want: 2},
		{name: "plan empty --rev", repo: clean, args: []string{"plan", "--rev", "", "-o", "$DIR/plan.xlsx", "$DIR"}, want: 2, stderr: "--rev needs a REV"},
		{name: "plan bad flag", repo: clean, args: []string{"plan", "--fail-on", "error", "$DIR"}, want: 2, stderr: "unknown flag: --fail-on"},
		{name: "plan help", args: []string{"plan", "--help"}, want: 0},
		{name: "rules", args: []string{"rules"}, want: 0},
		{name: "rules json", args: []string{"rules", "--format", "json"}, want: 0},
		{name: "rules with an argument", args: []string{"rules", "x"}, want: 2},
		{name: "explain control", args: []string{"explain", "A.5.2"}, want: 0},
		{name: "explain rule", args: []string{"explain", "AIMS1001"}, want: 0},
		{name: "explain group", args: []string{"explain", "A.6"}, want: 0},
		{name: "explain kind", args: []string{"explain", "ai-system"}, want: 0},
		{name: "explain list", args: []string{"explain"}, want: 0},
		{name: "explain unknown", args: []string{"explain", "nosuch"}, want: 2, stderr: "unknown rule, clause, control or kind"},
		{name: "controls clean repo", repo: clean, args: []string{"controls", "$DIR"}, want: 0},
		{name: "controls with error findings", repo: broken, args: []string{"controls", "$DIR"}, want: 0},
		{name: "controls json", repo: broken, args: []string{"controls", "--format", "json", "$DIR"}, want: 0},
		{name: "controls empty folder", repo: empty, args: []string{"controls", "$DIR"}, want: 0},
		{name: "controls filters", repo: clean, args: []string{"controls", "--group", "A.6", "--status", "missing,draft-only", "$DIR"}, want: 0},
		{name: "controls bad group", repo: clean, args: []string{"controls", "--group", "A.66", "$DIR"}, want: 2, stderr: "Did you mean this?\n\tA.6"},
		{name: "controls bad status", repo: clean, args: []string{"controls", "--status", "done", "$DIR"}, want: 2, stderr: "unknown status"},
		{name: "controls bad format", repo: clean, args: []string{"controls", "--format", "sarif", "$DIR"}, want: 2, stderr: "use text or json"},
		{name: "controls bad --as-of", repo: clean, args: []string{"controls", "--as-of", "2026-02-30", "$DIR"}, want: 2, stderr: "--as-of"},
		{name: "controls missing path", repo: clean, args: []string{"controls", "$DIR/nosuch"}, want: 2, stderr: "no such file or directory"},
		{name: "controls a file", repo: clean, args: []string{"controls", "$DIR/roles.yaml"}, want: 2, stderr: "not a directory"},
		{name: "controls bad config", repo: badConfig, args: []string{"controls", "$DIR"}, want: 2, stderr: ".aims.yaml:1:10: "},
		{name: "controls --rev outside git", repo: clean, args: []string{"controls", "--rev", "HEAD", "$DIR"}, want: 2},
		{name: "controls coverage rule off", repo: map[string]string{".aims.yaml": "rules: [all, -AIMS4001]\n", "roles.yaml": rolesYAML}, args: []string{"controls", "$DIR"}, want: 0},
		{name: "schema export", repo: empty, args: []string{"schema", "export", "$DIR/schemas"}, want: 0, exists: "$DIR/schemas/defs.schema.json"},
		{name: "schema export twice", repo: map[string]string{"schemas/defs.schema.json": ""}, args: []string{"schema", "export", "$DIR/schemas"}, want: 2, stderr: "--force"},
		{name: "schema export --force", repo: map[string]string{"schemas/defs.schema.json": ""}, args: []string{"schema", "export", "--force", "$DIR/schemas"}, want: 0},
		{name: "schema export into a file", repo: clean, args: []string{"schema", "export", "$DIR/roles.yaml"}, want: 2, stderr: "not a directory"},
		{name: "schema export without DIR", args: []string{"schema", "export"}, want: 2, stderr: "needs the DIR"},
		{name: "schema alone", args: []string{"schema"}, want: 0},
		{name: "schema unknown subcommand", args: []string{"schema", "exprt"}, want: 2, stderr: "Did you mean this?\n\texport"},
		{name: "completion bash", args: []string{"completion", "bash"}, want: 0},
		{name: "adopt", repo: map[string]string{"notes/a.md": "---\ntitle: A\nstage: final\n---\n"}, args: []string{"adopt", "$DIR"}, want: 0, exists: "$DIR/.aims.yaml"},
		{name: "adopt with findings", repo: clean, args: []string{"adopt", "$DIR"}, want: 0},
		{name: "adopt --dry-run", repo: map[string]string{"notes/a.md": "---\ntitle: A\n---\n"}, args: []string{"adopt", "--dry-run", "$DIR"}, want: 0},
		{name: "adopt a file", repo: clean, args: []string{"adopt", "$DIR/roles.yaml"}, want: 2, stderr: "is a file, not a folder"},
		{name: "adopt missing folder", repo: empty, args: []string{"adopt", "$DIR/nosuch"}, want: 2, stderr: "does not exist"},
		{name: "adopt two folders", repo: empty, args: []string{"adopt", "$DIR/a", "$DIR/b"}, want: 2, stderr: "one repository folder"},
		{name: "init", repo: empty, args: []string{"init", "--org", "Acme", "--date", "2026-03-01", "$DIR/aims"}, want: 0, exists: "$DIR/aims/governance/aims-scope.md"},
		{name: "init existing AIMS", repo: clean, args: []string{"init", "$DIR"}, want: 0, exists: "$DIR/procedures/proc-001-concern-reporting.md"},
		{name: "init --force", repo: clean, args: []string{"init", "--force", "--systems", "Credit scoring", "$DIR"}, want: 0, exists: "$DIR/systems/sys-credit-scoring.yaml"},
		{name: "init into a file", repo: clean, args: []string{"init", "$DIR/roles.yaml"}, want: 2, stderr: "is a file, not a directory"},
		{name: "init empty --org", repo: empty, args: []string{"init", "--org", " ", "$DIR"}, want: 2, stderr: "--org is empty"},
		{name: "init empty system name", repo: empty, args: []string{"init", "--systems", "A,", "$DIR"}, want: 2, stderr: "empty name"},
		{name: "init bad --date", repo: empty, args: []string{"init", "--date", "tomorrow", "$DIR"}, want: 2, stderr: "--date"},
		{name: "init two directories", repo: empty, args: []string{"init", "$DIR/a", "$DIR/b"}, want: 2, stderr: "one directory"},
		{name: "new procedure", repo: clean, args: []string{"new", "procedure", "--dir", "$DIR"}, want: 0, exists: "$DIR/procedures/proc-001.md"},
		{name: "new with an id", repo: clean, args: []string{"new", "ai-system", "SYS-CHAT", "--dir", "$DIR"}, want: 0, exists: "$DIR/systems/sys-chat.yaml"},
		{name: "new in a layout folder", repo: map[string]string{".aims.yaml": "layout: {incident: ops}\n"}, args: []string{"new", "incident", "--dir", "$DIR"}, want: 0, exists: "$DIR/ops/inc-001.md"},
		{name: "new unknown kind", repo: clean, args: []string{"new", "polcy", "--dir", "$DIR"}, want: 2, stderr: "did you mean \"ai-policy\"?"},
		{name: "new without kind", repo: clean, args: []string{"new", "--dir", "$DIR"}, want: 2, stderr: "give the KIND"},
		{name: "new id in use", repo: clean, args: []string{"new", "roles", "ROLES", "--dir", "$DIR"}, want: 2, stderr: "already used by"},
		{name: "new bad id", repo: clean, args: []string{"new", "roles", "roles-2", "--dir", "$DIR"}, want: 2, stderr: "not an artifact id"},
		{name: "new file exists", repo: map[string]string{"procedures/proc-001.md": "mine\n"}, args: []string{"new", "procedure", "PROC-001", "--dir", "$DIR"}, want: 2, stderr: "never overwrites"},
		{name: "new missing --dir", repo: clean, args: []string{"new", "procedure", "--dir", "$DIR/nosuch"}, want: 2, stderr: "no such directory"},
		{name: "new bad config", repo: badConfig, args: []string{"new", "procedure", "--dir", "$DIR"}, want: 2, stderr: ".aims.yaml:1:10: "},
		{name: "new bad layout", repo: map[string]string{".aims.yaml": "layout: {procedure: ../up}\n"}, args: []string{"new", "procedure", "--dir", "$DIR"}, want: 2, stderr: "outside the repository"},
		{name: "new unknown --system", repo: clean, args: []string{"new", "incident", "--system", "SYS-X", "--dir", "$DIR"}, want: 2, stderr: "no AI system record yet"},
		{name: "version", args: []string{"version"}, want: 0},
		{name: "--version", args: []string{"--version"}, want: 0},
		{name: "help", args: []string{"lint", "--help"}, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := ""
			if tt.repo != nil {
				dir = writeRepo(t, tt.repo)
			}
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "$DIR", dir)
			}
			var stdout, stderr bytes.Buffer
			got := run(args, &stdout, &stderr)
			if got != tt.want {
				t.Errorf("run(%q) = %d, want %d\nstdout:\n%s\nstderr:\n%s", args, got, tt.want, stdout.String(), stderr.String())
			}
			if tt.stderr != "" && !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("run(%q): stderr does not contain %q:\n%s", args, tt.stderr, stderr.String())
			}
			if tt.exists != "" {
				if _, err := os.Stat(strings.ReplaceAll(tt.exists, "$DIR", dir)); err != nil {
					t.Errorf("run(%q) exited %d but did not write the file: %v", args, got, err)
				}
			}
			if got == 2 && !strings.HasPrefix(stderr.String(), "aims: ") {
				t.Errorf("run(%q) exited 2, but stderr does not start with \"aims: \":\n%s", args, stderr.String())
			}
			if got != 2 && stderr.Len() > 0 {
				t.Errorf("run(%q) exited %d and wrote to stderr:\n%s", args, got, stderr.String())
			}
		})
	}
}

// TestRunFiles lints file arguments relative to the current directory, as
// pre-commit passes them.
func TestRunFiles(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		".aims.yaml":          selectRules,
		"roles.yaml":          rolesYAML,
		"systems/credit.yaml": badSystemYAML,
	})
	t.Chdir(dir)
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"lint", "roles.yaml"}, 0},
		{[]string{"lint", "systems/credit.yaml"}, 1},
		{[]string{"lint", "./systems/../systems/credit.yaml", "roles.yaml"}, 1},
		{[]string{"lint", filepath.Join(dir, "systems", "credit.yaml")}, 1},
		{[]string{"lint", "systems", "roles.yaml"}, 2},
		{[]string{"lint", "roles.yaml", "nosuch.yaml"}, 2},
		{[]string{"lint", "../roles.yaml"}, 2},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if got := run(tt.args, &stdout, &stderr); got != tt.want {
			t.Errorf("run(%q) = %d, want %d\nstdout:\n%s\nstderr:\n%s", tt.args, got, tt.want, stdout.String(), stderr.String())
		}
	}
}

// TestRunOutput checks that --output writes whole reports, leaves no
// temporary files behind and keeps an existing file's permissions.
func TestRunOutput(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		".aims.yaml":          selectRules,
		"roles.yaml":          rolesYAML,
		"systems/credit.yaml": badSystemYAML,
	})
	out := t.TempDir()
	jsonPath := filepath.Join(out, "aims.json")
	textPath := filepath.Join(out, "aims.txt")
	if err := os.WriteFile(textPath, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"lint", "--format", "text", "--output", "json=" + jsonPath, "--output", "text=" + textPath, dir}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr.String())
	}
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"AIMS1002"`)) {
		t.Errorf("%s does not mention AIMS1002:\n%s", jsonPath, data)
	}
	text, err := os.ReadFile(textPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(text, stdout.Bytes()) {
		t.Errorf("the text report file differs from stdout:\nfile:\n%s\nstdout:\n%s", text, stdout.String())
	}
	if st, err := os.Stat(textPath); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the text report lost its permissions: %v %v", st.Mode(), err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("output directory holds %q, want only the two reports", names)
	}
}

// TestWriteFileAtomicCancelled checks that a write whose context is
// cancelled (an interrupt) before it starts, while it writes or before it
// renames leaves neither the file nor a temporary file, and that a write
// that goes through leaves only the file.
func TestWriteFileAtomicCancelled(t *testing.T) {
	data := bytes.Repeat([]byte("x"), 2*writeChunk+10)
	for _, tc := range []struct {
		name    string
		okCalls int // how many looks at the context find it live
		want    error
	}{
		{"before", 0, context.Canceled},
		{"first chunk", 1, context.Canceled},
		{"mid-write", 2, context.Canceled},
		{"before rename", 4, context.Canceled},
		{"done", 5, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "report.json")
			err := writeFileAtomic(&cancelAfter{Context: context.Background(), ok: tc.okCalls}, p, data)
			if !errors.Is(err, tc.want) {
				t.Fatalf("writeFileAtomic error = %v, want %v", err, tc.want)
			}
			var names []string
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				names = append(names, e.Name())
			}
			want := []string{"report.json"}
			if tc.want != nil {
				want = nil
			}
			if !slices.Equal(names, want) {
				t.Errorf("directory holds %q, want %q", names, want)
			}
		})
	}
}

// cancelAfter is a context that is live for its first ok looks at Err and
// cancelled from then on: a deterministic interrupt at any point of a write.
type cancelAfter struct {
	context.Context
	ok int
}

func (c *cancelAfter) Err() error {
	if c.ok > 0 {
		c.ok--
		return nil
	}
	return context.Canceled
}

// TestRunPlan checks that aims plan writes its workbook, a zip archive, to
// aims-plan.xlsx in the current directory by default, not in the linted
// directory, leaves no temporary file behind and says where it went.
func TestRunPlan(t *testing.T) {
	repo := writeRepo(t, map[string]string{
		".aims.yaml":          selectRules,
		"roles.yaml":          rolesYAML,
		"systems/credit.yaml": badSystemYAML,
	})
	cwd := t.TempDir()
	t.Chdir(cwd)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"plan", repo}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, want 0 (a plan is written whatever the findings); stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), defaultPlanFile) {
		t.Errorf("stdout does not say where the workbook went:\n%s", stdout.String())
	}
	data, err := os.ReadFile(filepath.Join(cwd, defaultPlanFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("PK")) {
		t.Errorf("%s is not a zip archive (an .xlsx file is one): starts with %q", defaultPlanFile, data[:min(len(data), 8)])
	}
	if _, err := os.Stat(filepath.Join(repo, defaultPlanFile)); err == nil {
		t.Errorf("aims plan wrote into the linted directory")
	}
	entries, err := os.ReadDir(cwd)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("current directory holds %q, want only %s", names, defaultPlanFile)
	}
}

// TestRunInitThenLint is the promise of aims init at the command line: a
// fresh starter AIMS lints with exit 0 (no errors), but it has warnings (its
// documents are drafts), so failing on warnings fails.
func TestRunInitThenLint(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "aims")
	var stdout, stderr bytes.Buffer
	if got := run([]string{"init", "--org", "Acme Ltd", "--systems", "Credit scoring,Support chatbot", dir}, &stdout, &stderr); got != 0 {
		t.Fatalf("init exited %d:\n%s%s", got, stdout.String(), stderr.String())
	}
	stdout.Reset()
	if got := run([]string{"lint", dir}, &stdout, &stderr); got != 0 {
		t.Fatalf("lint of a fresh starter AIMS exited %d:\n%s%s", got, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "\n0 errors, ") || !strings.Contains(stdout.String(), "[AIMS4003]") {
		t.Errorf("lint output:\n%s", stdout.String())
	}
	if got := run([]string{"lint", "--fail-on", "warning", dir}, io.Discard, &stderr); got != 1 {
		t.Errorf("lint --fail-on warning exited %d, want 1: a draft AIMS has warnings", got)
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr:\n%s", stderr.String())
	}
}

// TestBrokenRuleFileExitCode: a rule file that does not compile stops aims
// lint, aims rules and aims explain with exit code 2 and the rule file's
// line and column.
func TestBrokenRuleFileExitCode(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		".aims.yaml":          "policies: [policies/*.yaml]\n",
		"policies/acme.yaml":  "rules:\n  - id: ACME-001\n    title: t\n    kinds: [ai-system]\n    expression: doc.risk_levl == 'high'\n    message: m\n",
		"systems/credit.yaml": badSystemYAML,
	})
	for _, args := range [][]string{{"lint", dir}, {"rules", dir}, {"explain", "ACME-001", dir}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), filepath.Join(dir, "policies", "acme.yaml")+":5:") && !strings.Contains(stderr.String(), "policies/acme.yaml:5:") {
			t.Errorf("aims %s: exit %d, stderr %q; want 2 and the rule file's line", args[0], code, stderr.String())
		}
	}
}
