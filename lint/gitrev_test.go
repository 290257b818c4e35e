package lint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/aimsdev/aims/internal/gittest"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/aimsdev/aims/artifact"
)

// artifactIDs returns "path=id" for every artifact of a result.
func artifactIDs(res *Result) []string {
	var out []string
	for _, a := range res.Artifacts {
		out = append(out, a.Path+"="+a.ID)
	}
	return out
}

// system is an artifact whose id tells which version of a file was read.
func system(id string) string { return "kind: ai-system\nid: " + id + "\n" }

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func runCfg(t *testing.T, cfg *Config, rules ...*Rule) *Result {
	t.Helper()
	res, err := Run(context.Background(), cfg, rules)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// wantConfigError checks that err is a *ConfigError saying every one of want.
func wantConfigError(t *testing.T, err error, want ...string) {
	t.Helper()
	var cfgErr *ConfigError
	if !errors.As(err, &cfgErr) {
		t.Errorf("error %v, want a *ConfigError", err)
		return
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
}

// snapshot lists every file below dir with its size and modification time,
// to show that linting a commit writes nothing.
func snapshot(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprint(p, " ", info.ModTime(), " ", info.Size()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRevLintsTheCommit lints commits whose trees differ from the working
// tree: a file changed and one deleted after the commit, an uncommitted
// change and a new file that must not be read, and a committed file that
// .gitignore matches (git's view: committed files are never ignored).
func TestRevLintsTheCommit(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	r := gittest.New(t, map[string]string{
		"systems/a.yaml":        system("SYS-A1"),
		"systems/b.yaml":        system("SYS-B"),
		"systems/c.yaml":        system("SYS-C"),
		"systems/keep.draft.md": "---\nkind: procedure\nid: PROC-DRAFT\n---\n",
		".gitignore":            "*.draft.md\n",
	})
	r.Add("systems/a.yaml", "systems/b.yaml", "systems/c.yaml", "systems/keep.draft.md", ".gitignore")
	first := r.Commit("first")
	r.Write(map[string]string{"systems/a.yaml": system("SYS-A2")})
	r.Remove("systems/b.yaml")
	second := r.CommitAll("second")
	if _, err := r.Repo.CreateTag("v1", first, &git.CreateTagOptions{Message: "v1", Tagger: &object.Signature{Name: "T", Email: "t@example.com", When: day("2026-02-01")}}); err != nil {
		t.Fatal(err)
	}
	// Uncommitted: a change, a new file.
	r.Write(map[string]string{"systems/c.yaml": system("SYS-C-DIRTY"), "systems/d.yaml": system("SYS-D")})
	before := snapshot(t, r.Dir)

	firstWant := []string{"systems/a.yaml=SYS-A1", "systems/b.yaml=SYS-B", "systems/c.yaml=SYS-C", "systems/keep.draft.md=PROC-DRAFT"}
	secondWant := []string{"systems/a.yaml=SYS-A2", "systems/c.yaml=SYS-C", "systems/keep.draft.md=PROC-DRAFT"}
	for _, tt := range []struct {
		rev    string
		commit plumbing.Hash
		want   []string
	}{
		{"HEAD~1", first, firstWant},
		{"HEAD^", first, firstWant},
		{first.String(), first, firstWant},
		{first.String()[:7], first, firstWant},
		{"v1", first, firstWant},
		{"v1^{}", first, firstWant},
		{"HEAD^{commit}~1", first, firstWant},
		{"HEAD^{/^first}", first, firstWant},
		{"HEAD", second, secondWant},
		{"main", second, secondWant},
		{" main ", second, secondWant},
	} {
		res := runCfg(t, &Config{Dir: r.Dir, Rev: tt.rev})
		if got := artifactIDs(res); !slices.Equal(got, tt.want) {
			t.Errorf("--rev %q: artifacts %q, want %q", tt.rev, got, tt.want)
		}
		if res.Revision != tt.commit.String() {
			t.Errorf("--rev %q: Revision %q, want %s", tt.rev, res.Revision, tt.commit)
		}
		c, _ := r.Repo.CommitObject(tt.commit)
		if !res.RevisionTime.Equal(c.Committer.When) || res.RevisionTime.Location() != time.UTC {
			t.Errorf("--rev %q: RevisionTime %v, want %v in UTC", tt.rev, res.RevisionTime, c.Committer.When)
		}
	}
	// The working tree, for contrast, has the uncommitted change and file.
	res := runCfg(t, &Config{Dir: r.Dir})
	want := []string{"systems/a.yaml=SYS-A2", "systems/c.yaml=SYS-C-DIRTY", "systems/d.yaml=SYS-D", "systems/keep.draft.md=PROC-DRAFT"}
	if got := artifactIDs(res); !slices.Equal(got, want) || res.Revision != "" || !res.RevisionTime.IsZero() {
		t.Errorf("working tree: artifacts %q, revision %q %v; want %q and no revision", got, res.Revision, res.RevisionTime, want)
	}
	if after := snapshot(t, r.Dir); !slices.Equal(before, after) {
		t.Errorf("linting commits changed the repository:\nbefore %q\nafter  %q", before, after)
	}
}

// TestRevReadsItsOwnConfig reads the configuration of the commit, not the
// one on disk, through ResolveRevision and LoadConfigRevision.
func TestRevReadsItsOwnConfig(t *testing.T) {
	r := gittest.New(t, map[string]string{
		"gov/.aims.yaml":     "organization: Then Ltd\nsuppressions:\n  - rule: AIMS1002\n    path: a.yaml\n    reason: fine then\n",
		"gov/a.yaml":         system("SYS-A"),
		"gov/schemas/x.json": `{"type": "object"}`,
	})
	old := r.CommitAll("first")
	r.Write(map[string]string{"gov/.aims.yaml": "organization: Now Ltd\n"})
	r.CommitAll("second")
	r.Write(map[string]string{"gov/.aims.yaml": "organization: [broken\n"})

	dir := filepath.Join(r.Dir, "gov")
	rev, err := ResolveRevision(&Config{Dir: dir, Rev: "HEAD~1"})
	if err != nil || rev == nil {
		t.Fatalf("ResolveRevision: %v, %v", rev, err)
	}
	if rev.Hash != old.String() {
		t.Errorf("Hash %s, want %s", rev.Hash, old)
	}
	cfg, err := LoadConfigRevision(dir, rev)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Organization != "Then Ltd" || cfg.ConfigPath != old.String()[:7]+":gov/.aims.yaml" || cfg.Suppressions[0].Source.File != ".aims.yaml" {
		t.Errorf("config %q from %q, suppression in %q", cfg.Organization, cfg.ConfigPath, cfg.Suppressions[0].Source.File)
	}
	// A broken configuration in a commit is named as git names it.
	r.CommitAll("broken")
	rev, err = ResolveRevision(&Config{Dir: dir, Rev: "HEAD"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = LoadConfigRevision(dir, rev)
	wantConfigError(t, err, rev.Hash[:7]+":gov/.aims.yaml:2:1: invalid YAML")
	// Without a revision, there is nothing to resolve.
	if rev, err := ResolveRevision(&Config{Dir: dir}); rev != nil || err != nil {
		t.Errorf("no revision: %v, %v", rev, err)
	}
	// A commit without a configuration file gives the defaults.
	r.Remove("gov/.aims.yaml")
	r.CommitAll("no config")
	rev, _ = ResolveRevision(&Config{Dir: dir, Rev: "HEAD"})
	if cfg, err := LoadConfigRevision(dir, rev); err != nil || cfg.ConfigPath != "" || cfg.Dir != dir {
		t.Errorf("no config file: %+v, %v", cfg, err)
	}
}

// TestRevSubfolder lints a folder below the repository's root as the commit
// had it, and explains a commit that did not have the folder yet.
func TestRevSubfolder(t *testing.T) {
	r := gittest.New(t, map[string]string{
		"outside.yaml":       system("SYS-OUT"),
		"gov/systems/a.yaml": system("SYS-A1"),
	})
	r.CommitAll("first")
	r.Write(map[string]string{"gov/systems/a.yaml": system("SYS-A2"), "later/b.yaml": system("SYS-B")})
	r.CommitAll("second")

	res := runCfg(t, &Config{Dir: filepath.Join(r.Dir, "gov"), Rev: "HEAD~1"})
	if got := artifactIDs(res); !slices.Equal(got, []string{"systems/a.yaml=SYS-A1"}) || res.Prefix != "gov" {
		t.Errorf("artifacts %q, prefix %q", got, res.Prefix)
	}
	res = runCfg(t, &Config{Dir: filepath.Join(r.Dir, "gov", "systems"), Rev: "HEAD"})
	if got := artifactIDs(res); !slices.Equal(got, []string{"a.yaml=SYS-A2"}) || res.Prefix != "gov/systems" {
		t.Errorf("artifacts %q, prefix %q", got, res.Prefix)
	}
	_, err := Run(context.Background(), &Config{Dir: filepath.Join(r.Dir, "later"), Rev: "HEAD~1"}, nil)
	wantConfigError(t, err, "--rev HEAD~1: commit ", "has no folder later: name a commit that has it")
	_, err = Run(context.Background(), &Config{Dir: filepath.Join(r.Dir, "later"), AsOf: day("2026-01-01"), AsOfCommit: true}, nil)
	wantConfigError(t, err, "--as-of 2026-01-01: commit ", "(2026-01-01) has no folder later: give a later date")
}

// makeBare turns the test repository into a bare one, as git clone --bare
// would leave it, and returns its path.
func makeBare(t *testing.T, r *gittest.Repo) string {
	t.Helper()
	bare := filepath.Join(t.TempDir(), "aims.git")
	if err := os.Rename(filepath.Join(r.Dir, ".git"), bare); err != nil {
		t.Fatal(err)
	}
	repo, err := git.PlainOpen(bare)
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.Config()
	if err != nil {
		t.Fatal(err)
	}
	c.Core.IsBare = true
	if err := repo.SetConfig(c); err != nil {
		t.Fatal(err)
	}
	return bare
}

func TestRevBareRepository(t *testing.T) {
	r := gittest.New(t, map[string]string{"systems/a.yaml": system("SYS-A1"), ".aims.yaml": "organization: Bare Ltd\n"})
	r.CommitAt("first", day("2026-01-10").Add(9*time.Hour))
	r.Write(map[string]string{"systems/a.yaml": system("SYS-A2")})
	r.CommitAt("second", day("2026-03-10").Add(9*time.Hour))
	bare := makeBare(t, r)
	before := snapshot(t, bare)

	res := runCfg(t, &Config{Dir: bare, Rev: "HEAD"})
	if got := artifactIDs(res); !slices.Equal(got, []string{"systems/a.yaml=SYS-A2"}) || res.Prefix != "" || res.ConfigFile != ".aims.yaml" {
		t.Errorf("artifacts %q, prefix %q, config %q", got, res.Prefix, res.ConfigFile)
	}
	res = runCfg(t, &Config{Dir: bare, AsOfCommit: true, AsOf: day("2026-02-01")})
	if got := artifactIDs(res); !slices.Equal(got, []string{"systems/a.yaml=SYS-A1"}) {
		t.Errorf("--as-of 2026-02-01: artifacts %q", got)
	}
	rev, err := ResolveRevision(&Config{Dir: bare, Rev: "main~1"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err := LoadConfigRevision(bare, rev); err != nil || cfg.Organization != "Bare Ltd" {
		t.Errorf("configuration from the bare repository: %+v, %v", cfg, err)
	}
	// Without a revision there is no working tree to lint.
	_, err = Run(context.Background(), &Config{Dir: bare}, nil)
	wantConfigError(t, err, "bare repository", "--rev HEAD")
	if after := snapshot(t, bare); !slices.Equal(before, after) {
		t.Errorf("linting changed the bare repository")
	}
}

func TestRevErrors(t *testing.T) {
	r := gittest.New(t, map[string]string{"a.yaml": system("SYS-A")})
	r.CommitAll("first")
	for _, rev := range []string{"nosuch", "HEAD~9", "HEAD^2", "0123456", "0123456789abcdef0123456789abcdef01234567",
		"HEAD^{tree}", "main..HEAD", ":/no such message", "@{u}", "~1", "^", "HEAD@{1}", "a.yaml", "HEAD:a.yaml"} {
		_, err := Run(context.Background(), &Config{Dir: r.Dir, Rev: rev}, nil)
		wantConfigError(t, err, "--rev "+rev+": ")
		if err != nil && strings.HasPrefix(err.Error(), "discover") {
			t.Errorf("--rev %q: %v is wrapped", rev, err)
		}
	}
	// A blob's hash is not a commit.
	blob := r.Repo.Storer.NewEncodedObject()
	blob.SetType(plumbing.BlobObject)
	w, _ := blob.Writer()
	w.Write([]byte("x"))
	w.Close()
	h, err := r.Repo.Storer.SetEncodedObject(blob)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), &Config{Dir: r.Dir, Rev: h.String()}, nil)
	wantConfigError(t, err, "--rev "+h.String()+": no commit")

	_, err = Run(context.Background(), &Config{Dir: r.Dir, Rev: "HEAD", Changed: true}, nil)
	wantConfigError(t, err, "--rev and --changed cannot be combined")
	_, err = Run(context.Background(), &Config{Dir: r.Dir, Rev: "HEAD", Base: "main"}, nil)
	wantConfigError(t, err, "--rev and --base cannot be combined")
	_, err = Run(context.Background(), &Config{FS: fstest.MapFS{}, Rev: "HEAD"}, nil)
	wantConfigError(t, err, "--rev needs a git repository")

	plain := t.TempDir()
	_, err = Run(context.Background(), &Config{Dir: plain, Rev: "HEAD"}, nil)
	wantConfigError(t, err, "--rev HEAD needs a git repository: ", " is not in one")
}

// asOfRepo builds a history on main, with a feature branch merged in:
//
//	01-10 first ── 03-15 23:30Z march ── 03-15 23:30-05:00 late ── 06-28 june ── 07-02 merge
//	                        └── 04-01 feature ──────────────────────────────────┘
func asOfRepo(t *testing.T) (*gittest.Repo, map[string]plumbing.Hash) {
	r := gittest.New(t, map[string]string{"a.yaml": system("SYS-JAN")})
	c := map[string]plumbing.Hash{}
	c["first"] = r.CommitAt("first", day("2026-01-10").Add(9*time.Hour))
	r.Write(map[string]string{"a.yaml": system("SYS-MAR")})
	c["march"] = r.CommitAt("march", time.Date(2026, 3, 15, 23, 30, 0, 0, time.UTC))
	r.Checkout("feature", true)
	r.Write(map[string]string{"f.yaml": system("SYS-FEATURE")})
	c["feature"] = r.CommitAt("feature", day("2026-04-01").Add(9*time.Hour))
	r.Checkout("main", false)
	r.Write(map[string]string{"a.yaml": system("SYS-LATE")})
	// 23:30 in New York on the 15th is the 16th in UTC.
	c["late"] = r.CommitAt("late", time.Date(2026, 3, 15, 23, 30, 0, 0, time.FixedZone("EST", -5*3600)))
	r.Write(map[string]string{"a.yaml": system("SYS-JUN")})
	c["june"] = r.CommitAt("june", day("2026-06-28").Add(9*time.Hour))
	r.Write(map[string]string{"f.yaml": system("SYS-FEATURE")})
	c["merge"] = r.CommitAt("merge feature", day("2026-07-02").Add(9*time.Hour), c["june"], c["feature"])
	return r, c
}

func TestAsOfPicksTheCommit(t *testing.T) {
	r, c := asOfRepo(t)
	r.Write(map[string]string{"a.yaml": system("SYS-UNCOMMITTED")})
	for _, tt := range []struct {
		asOf, want string
	}{
		{"2026-01-10", "first"},
		{"2026-03-14", "first"},
		{"2026-03-15", "march"}, // on the day, until its end in UTC
		{"2026-03-16", "late"},
		{"2026-04-15", "late"}, // not the feature commit: it was not on main then
		{"2026-06-30", "june"},
		{"2026-07-02", "merge"},
		{"2030-01-01", "merge"},
	} {
		asOf := day(tt.asOf)
		res := runCfg(t, &Config{Dir: r.Dir, AsOf: asOf, AsOfCommit: true})
		if res.Revision != c[tt.want].String() {
			t.Errorf("as of %s: picked %s, want %s (%s)", tt.asOf, res.Revision, tt.want, c[tt.want])
		}
		if !res.AsOf.Equal(asOf) {
			t.Errorf("as of %s: judged at %v", tt.asOf, res.AsOf)
		}
		if oracle := gitRevList(t, r.Dir, tt.asOf); oracle != "" && oracle != c[tt.want].String() {
			t.Errorf("as of %s: git rev-list picks %s, want %s", tt.asOf, oracle, c[tt.want])
		}
	}
	_, err := Run(context.Background(), &Config{Dir: r.Dir, AsOf: day("2026-01-09"), AsOfCommit: true}, nil)
	wantConfigError(t, err, "--as-of 2026-01-09: ", "first commit, "+c["first"].String()[:7]+", is from 2026-01-10", "--rev")

	// With a revision, the date only says when dates are judged.
	res := runCfg(t, &Config{Dir: r.Dir, Rev: "HEAD~1", AsOf: day("2026-01-01"), AsOfCommit: true})
	if res.Revision != c["june"].String() || !res.AsOf.Equal(day("2026-01-01")) {
		t.Errorf("--rev HEAD~1 --as-of 2026-01-01: %s at %v", res.Revision, res.AsOf)
	}
	// --changed lints the working tree: the date only sets the judging date.
	res = runCfg(t, &Config{Dir: r.Dir, AsOf: day("2026-01-10"), AsOfCommit: true, Changed: true})
	if res.Revision != "" || !slices.Contains(artifactIDs(res), "a.yaml=SYS-UNCOMMITTED") {
		t.Errorf("--changed --as-of: revision %q, artifacts %q", res.Revision, artifactIDs(res))
	}
}

// TestCommitsAt checks that one walk of the history finds, for dates in
// any order, the commits a run --as-of each picks; "" before the first
// commit, before the lint root's folder exists, and without commits; and
// that a date before a shallow clone's cut is the error --as-of gives.
func TestCommitsAt(t *testing.T) {
	r, c := asOfRepo(t)
	days := []string{"2026-06-30", "2026-01-09", "2026-03-15", "2030-01-01", "2026-04-15", "2026-01-10", "2026-03-16", "2026-07-02", "2025-12-31"}
	want := []string{"june", "", "march", "merge", "late", "first", "late", "merge", ""}
	var dates []time.Time
	for _, d := range days {
		dates = append(dates, day(d))
	}
	got, ok, err := CommitsAt(&Config{Dir: r.Dir}, dates)
	if err != nil || !ok {
		t.Fatalf("CommitsAt: %v, %v", ok, err)
	}
	for i := range days {
		if w := c[want[i]].String(); want[i] == "" && got[i] != "" || want[i] != "" && got[i] != w {
			t.Errorf("%s: %q, want %s (%s)", days[i], got[i], want[i], w)
		}
		if want[i] != "" {
			if res := runCfg(t, &Config{Dir: r.Dir, AsOf: dates[i], AsOfCommit: true}); res.Revision != got[i] {
				t.Errorf("%s: CommitsAt %s, a run --as-of picks %s", days[i], got[i], res.Revision)
			}
		}
	}

	// A folder that a later commit adds has no commit before it.
	r.Write(map[string]string{"gov/a.yaml": system("SYS-GOV")})
	added := r.CommitAt("gov", day("2026-08-01").Add(9*time.Hour))
	got, _, err = CommitsAt(&Config{Dir: filepath.Join(r.Dir, "gov")}, []time.Time{day("2026-07-31"), day("2026-08-01")})
	if err != nil || !slices.Equal(got, []string{"", added.String()}) {
		t.Errorf("gov: %q, %v; want no commit, then %s", got, err, added)
	}

	// No commit yet, and a plain folder.
	empty := gittest.New(t, map[string]string{"a.yaml": system("SYS-A")})
	if got, ok, err := CommitsAt(&Config{Dir: empty.Dir}, dates[:2]); err != nil || !ok || !slices.Equal(got, []string{"", ""}) {
		t.Errorf("no commit: %q, %v, %v", got, ok, err)
	}
	if _, ok, err := CommitsAt(&Config{Dir: t.TempDir()}, dates[:1]); ok || err != nil {
		t.Errorf("plain folder: ok %v, err %v", ok, err)
	}

	// A shallow clone cut at the march commit.
	gittest.WriteFiles(t, r.Dir, map[string]string{".git/shallow": c["march"].String() + "\n"})
	got, _, err = CommitsAt(&Config{Dir: r.Dir}, []time.Time{day("2026-06-30"), day("2026-03-15")})
	if err != nil || !slices.Equal(got, []string{c["june"].String(), c["march"].String()}) {
		t.Errorf("shallow, after the cut: %q, %v", got, err)
	}
	_, _, err = CommitsAt(&Config{Dir: r.Dir}, []time.Time{day("2026-06-30"), day("2026-03-14")})
	wantConfigError(t, err, "--as-of 2026-03-14: this clone is shallow", "fetch-depth: 0")
}

// gitRevList asks the git binary, when there is one, which commit
// `git rev-list -1 --first-parent --before` picks at the end of day.
func gitRevList(t *testing.T, dir, day string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		return ""
	}
	return strings.TrimSpace(revGit(t, dir, "rev-list", "-1", "--first-parent", "--before="+day+"T23:59:59Z", "HEAD"))
}

// revGit runs the git binary in dir with a fixed identity and dates and no
// user configuration, and returns its output; it skips the test without git.
func revGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git binary")
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com", "GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com",
		"GIT_AUTHOR_DATE=2026-01-10T09:00:00Z", "GIT_COMMITTER_DATE=2026-01-10T09:00:00Z")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

func TestAsOfEdgeCases(t *testing.T) {
	// A plain folder: the date only sets when dates are judged.
	plain := t.TempDir()
	gittest.WriteFiles(t, plain, map[string]string{"a.yaml": system("SYS-A")})
	res := runCfg(t, &Config{Dir: plain, AsOf: day("2020-01-01"), AsOfCommit: true})
	if res.Revision != "" || !slices.Equal(artifactIDs(res), []string{"a.yaml=SYS-A"}) {
		t.Errorf("plain folder: revision %q, artifacts %q", res.Revision, artifactIDs(res))
	}
	// A repository without commits has nothing that old.
	r := gittest.New(t, map[string]string{"a.yaml": system("SYS-A")})
	_, err := Run(context.Background(), &Config{Dir: r.Dir, AsOf: day("2026-01-01"), AsOfCommit: true}, nil)
	wantConfigError(t, err, "--as-of 2026-01-01: the repository has no commit yet")
	_, err = Run(context.Background(), &Config{Dir: r.Dir, Rev: "HEAD"}, nil)
	wantConfigError(t, err, "--rev HEAD: no commit")
}

// TestRevDetachedHead checks that a detached HEAD is linted and walked like
// a branch.
func TestRevDetachedHead(t *testing.T) {
	r, c := asOfRepo(t)
	if err := r.WT.Checkout(&git.CheckoutOptions{Hash: c["late"]}); err != nil {
		t.Fatal(err)
	}
	if h, _ := r.Repo.Head(); h.Name() != plumbing.HEAD {
		t.Fatalf("HEAD is %s, not detached", h.Name())
	}
	res := runCfg(t, &Config{Dir: r.Dir, Rev: "HEAD"})
	if res.Revision != c["late"].String() || !slices.Equal(artifactIDs(res), []string{"a.yaml=SYS-LATE"}) {
		t.Errorf("--rev HEAD: %s %q", res.Revision, artifactIDs(res))
	}
	res = runCfg(t, &Config{Dir: r.Dir, AsOf: day("2026-12-31"), AsOfCommit: true})
	if res.Revision != c["late"].String() {
		t.Errorf("--as-of 2026-12-31 on a detached HEAD: picked %s, want late %s", res.Revision, c["late"])
	}
	res = runCfg(t, &Config{Dir: r.Dir, AsOf: day("2026-03-15"), AsOfCommit: true})
	if res.Revision != c["march"].String() {
		t.Errorf("--as-of 2026-03-15 on a detached HEAD: picked %s, want march", res.Revision)
	}
	res = runCfg(t, &Config{Dir: r.Dir})
	if res.Revision != "" || !slices.Equal(artifactIDs(res), []string{"a.yaml=SYS-LATE"}) {
		t.Errorf("working tree on a detached HEAD: %s %q", res.Revision, artifactIDs(res))
	}
}

// TestRevWorktree lints a linked worktree (`git worktree add`: its .git is
// a file), its working tree and its commits.
func TestRevWorktree(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	r := gittest.New(t, map[string]string{"a.yaml": system("SYS-MAIN"), "secret.yaml": system("SYS-SECRET")})
	r.CommitAll("first")
	// info/exclude lives in the common git directory, and applies to every worktree.
	gittest.WriteFiles(t, r.Dir, map[string]string{".git/info/exclude": "local.yaml\n"})
	wtDir := filepath.Join(t.TempDir(), "wt")
	revGit(t, r.Dir, "worktree", "add", "-q", "-b", "other", wtDir)
	gittest.WriteFiles(t, wtDir, map[string]string{"a.yaml": system("SYS-OTHER")})
	revGit(t, wtDir, "commit", "-q", "-a", "-m", "other")
	gittest.WriteFiles(t, wtDir, map[string]string{"b.yaml": system("SYS-NEW"), "local.yaml": system("SYS-LOCAL")})

	res := runCfg(t, &Config{Dir: wtDir})
	if got := artifactIDs(res); !slices.Equal(got, []string{"a.yaml=SYS-OTHER", "b.yaml=SYS-NEW", "secret.yaml=SYS-SECRET"}) {
		t.Errorf("worktree: artifacts %q", got)
	}
	res = runCfg(t, &Config{Dir: wtDir, Rev: "HEAD"})
	if got := artifactIDs(res); !slices.Equal(got, []string{"a.yaml=SYS-OTHER", "secret.yaml=SYS-SECRET"}) {
		t.Errorf("worktree --rev HEAD: artifacts %q", got)
	}
	if want := strings.TrimSpace(revGit(t, wtDir, "rev-parse", "HEAD")); res.Revision != want {
		t.Errorf("worktree --rev HEAD: %s, want %s", res.Revision, want)
	}
	res = runCfg(t, &Config{Dir: wtDir, Rev: "main"})
	if got := artifactIDs(res); !slices.Equal(got, []string{"a.yaml=SYS-MAIN", "secret.yaml=SYS-SECRET"}) {
		t.Errorf("worktree --rev main: artifacts %q", got)
	}
	res = runCfg(t, &Config{Dir: wtDir, AsOf: day("2026-01-10"), AsOfCommit: true})
	if want := strings.TrimSpace(revGit(t, wtDir, "rev-parse", "HEAD")); res.Revision != want {
		t.Errorf("worktree --as-of: %s, want %s", res.Revision, want)
	}
	// --changed works in a worktree too.
	res = runCfg(t, &Config{Dir: wtDir, Changed: true})
	if len(res.Notifications) == 0 || !strings.Contains(res.Notifications[0], "1 file changed") {
		t.Errorf("worktree --changed: %q", res.Notifications)
	}
}

// TestRevSubmodule lints a repository with a submodule: in the working tree
// its files are linted as part of the folder; in a commit they are read from
// the submodule's repository at the commit the superproject records, and
// left out with a notification when that repository is not at hand.
func TestRevSubmodule(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	base := t.TempDir()
	sub := filepath.Join(base, "shared")
	gittest.WriteFiles(t, sub, map[string]string{"policy.yaml": system("POL-V1")})
	revGit(t, base, "init", "-q", "-b", "main", sub)
	revGit(t, sub, "add", ".")
	revGit(t, sub, "commit", "-q", "-m", "v1")

	super := filepath.Join(base, "aims")
	gittest.WriteFiles(t, super, map[string]string{"a.yaml": system("SYS-A"), "gov/b.yaml": system("SYS-B")})
	revGit(t, base, "init", "-q", "-b", "main", super)
	revGit(t, super, "-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "shared")
	revGit(t, super, "add", ".")
	revGit(t, super, "commit", "-q", "-m", "with the shared policies")
	// The submodule moves on in the superproject's working tree only.
	gittest.WriteFiles(t, filepath.Join(super, "shared"), map[string]string{"policy.yaml": system("POL-V2")})
	revGit(t, filepath.Join(super, "shared"), "commit", "-q", "-a", "-m", "v2")

	res := runCfg(t, &Config{Dir: super})
	if got := artifactIDs(res); !slices.Equal(got, []string{"a.yaml=SYS-A", "gov/b.yaml=SYS-B", "shared/policy.yaml=POL-V2"}) {
		t.Errorf("working tree: artifacts %q", got)
	}
	res = runCfg(t, &Config{Dir: super, Rev: "HEAD"})
	if got := artifactIDs(res); !slices.Equal(got, []string{"a.yaml=SYS-A", "gov/b.yaml=SYS-B", "shared/policy.yaml=POL-V1"}) || len(res.Notifications) != 0 {
		t.Errorf("--rev HEAD: artifacts %q, notifications %q", got, res.Notifications)
	}
	// --changed does not take the submodule's files for untracked ones.
	res = runCfg(t, &Config{Dir: super, Changed: true})
	if len(res.Notifications) == 0 || !strings.Contains(res.Notifications[0], "no files changed") {
		t.Errorf("--changed: %q", res.Notifications)
	}

	// A bare clone has the superproject's objects only.
	bare := filepath.Join(base, "aims.git")
	revGit(t, base, "clone", "-q", "--bare", super, bare)
	res = runCfg(t, &Config{Dir: bare, Rev: "HEAD"})
	if got := artifactIDs(res); !slices.Equal(got, []string{"a.yaml=SYS-A", "gov/b.yaml=SYS-B"}) {
		t.Errorf("bare: artifacts %q", got)
	}
	if len(res.Notifications) != 1 || !strings.Contains(res.Notifications[0], "submodule shared: its commit ") || !strings.Contains(res.Notifications[0], "git submodule update --init") {
		t.Errorf("bare: notifications %q", res.Notifications)
	}
	// So does a clone whose submodule was never initialized; a folder
	// beside the submodule is linted without a word about it.
	clone := filepath.Join(base, "clone")
	revGit(t, base, "clone", "-q", super, clone)
	res = runCfg(t, &Config{Dir: clone, Rev: "HEAD"})
	if len(res.Notifications) != 1 || !strings.Contains(res.Notifications[0], "submodule shared") {
		t.Errorf("clone: notifications %q", res.Notifications)
	}
	res = runCfg(t, &Config{Dir: filepath.Join(clone, "gov"), Rev: "HEAD"})
	if got := artifactIDs(res); !slices.Equal(got, []string{"b.yaml=SYS-B"}) || len(res.Notifications) != 0 {
		t.Errorf("clone, gov: artifacts %q, notifications %q", got, res.Notifications)
	}
}

// historyRule is a history rule as package rules writes them: it asks for
// the history and returns the *SkipError it gets.
var historyRule = &Rule{ID: "AIMS6999", Title: "history", Severity: Warning, History: true, Check: func(p *Pass) error {
	_, err := p.History()
	var skip *SkipError
	if errors.As(err, &skip) {
		return err
	}
	return nil
}}

// TestUndeclaredHistory checks that a rule reading the history without
// declaring it (Rule.History) fails the run with its id, rather than
// reading it unbeknown to runs that leave the history out.
func TestUndeclaredHistory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(system("SYS-A")), 0o644); err != nil {
		t.Fatal(err)
	}
	undeclared := Rule{ID: "AIMS6999", Title: "history", Severity: Warning, Check: func(p *Pass) error {
		_, err := p.History()
		return err
	}}
	_, err := Run(context.Background(), &Config{Dir: dir}, []*Rule{&undeclared})
	if err == nil || !strings.Contains(err.Error(), "rule AIMS6999 reads the git history but does not declare it") {
		t.Errorf("err = %v, want the undeclared history refused", err)
	}
}

// TestShallowClone lints a clone of depth 1 (GitHub Actions' default): the
// working tree and HEAD lint normally, --changed works, the history rules
// are skipped with the fix, and reaching past the cut is explained.
func TestShallowClone(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	base := t.TempDir()
	src := filepath.Join(base, "src")
	gittest.WriteFiles(t, src, map[string]string{"a.yaml": system("SYS-A1")})
	revGit(t, base, "init", "-q", "-b", "main", src)
	revGit(t, src, "add", ".")
	revGit(t, src, "commit", "-q", "-m", "first")
	gittest.WriteFiles(t, src, map[string]string{"a.yaml": system("SYS-A2")})
	cmd := exec.Command("git", "commit", "-q", "-a", "-m", "second")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_AUTHOR_DATE=2026-03-01T09:00:00Z", "GIT_COMMITTER_DATE=2026-03-01T09:00:00Z")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git commit: %v\n%s", err, out)
	}
	clone := filepath.Join(base, "clone")
	revGit(t, base, "clone", "-q", "--depth", "1", "file://"+src, clone)
	gittest.WriteFiles(t, clone, map[string]string{"b.yaml": system("SYS-B")})

	for _, cfg := range []*Config{{Dir: clone}, {Dir: clone, Changed: true}, {Dir: clone, Rev: "HEAD"}, {Dir: clone, AsOf: day("2026-03-01"), AsOfCommit: true}} {
		res := runCfg(t, cfg, historyRule)
		skipped := false
		for _, n := range res.Notifications {
			if strings.Contains(n, "shallow clone") && strings.Contains(n, "fetch-depth: 0") && strings.Contains(n, "AIMS6999") {
				skipped = true
			}
		}
		if !skipped {
			t.Errorf("%+v: the history rule is not reported as skipped for the shallow clone: %q", cfg, res.Notifications)
		}
		if !slices.Contains(artifactIDs(res), "a.yaml=SYS-A2") {
			t.Errorf("%+v: artifacts %q", cfg, artifactIDs(res))
		}
	}
	_, err := Run(context.Background(), &Config{Dir: clone, Rev: "HEAD~1"}, nil)
	wantConfigError(t, err, "--rev HEAD~1: ", "shallow", "fetch-depth: 0")
	_, err = Run(context.Background(), &Config{Dir: clone, AsOf: day("2026-02-01"), AsOfCommit: true}, nil)
	wantConfigError(t, err, "--as-of 2026-02-01: this clone is shallow", "2026-03-01", "fetch-depth: 0")
}

// TestPlainFolderSkipsHistory checks that history rules are reported as
// skipped, not passed, outside git.
func TestPlainFolderSkipsHistory(t *testing.T) {
	dir := t.TempDir()
	gittest.WriteFiles(t, dir, map[string]string{"a.yaml": system("SYS-A")})
	res := runCfg(t, &Config{Dir: dir, AsOf: day("2026-09-30"), AsOfCommit: true}, historyRule)
	if len(res.Notifications) != 1 || !strings.Contains(res.Notifications[0], "not a git repository") || !strings.Contains(res.Notifications[0], "AIMS6999") {
		t.Errorf("notifications %q", res.Notifications)
	}
}

// linkFiles is a tree with symbolic links of every sort.
func linkFiles(t *testing.T, dir string) {
	gittest.WriteFiles(t, dir, map[string]string{
		"gov/a.yaml":        system("SYS-A"),
		"gov/sub/b.md":      "---\nkind: procedure\nid: PROC-B\n---\n# B\n",
		"gov/notes.txt":     "notes",
		"outside/x.yaml":    system("SYS-X"),
		"gov/empty/.keep":   "",
		"gov/run.sh":        "#!/bin/sh\n",
		"gov/deep/er/c.yml": system("SYS-C"),
	})
	for link, target := range map[string]string{
		"gov/link-in.yaml":      "a.yaml",
		"gov/sub/link-up.yaml":  "../a.yaml",
		"gov/link-chain.yaml":   "link-in.yaml",
		"gov/link-out.yaml":     "../outside/x.yaml",
		"gov/link-abs.yaml":     "/etc/hostname",
		"gov/link-gone.yaml":    "nosuch.yaml",
		"gov/link-dir.yaml":     "sub",
		"gov/link-loop.yaml":    "link-loop.yaml",
		"gov/sublink":           "sub",
		"gov/sub/via-link.yaml": "../sublink/../a.yaml",
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
}

// TestRevSymlinks checks that a commit's symbolic links are treated as the
// working tree's: followed to files inside the lint root, AIMS1005 when they
// lead out of it or nowhere, folders not descended.
func TestRevSymlinks(t *testing.T) {
	r := gittest.New(t, nil)
	linkFiles(t, r.Dir)
	r.CommitAll("links")
	gov := filepath.Join(r.Dir, "gov")

	_, onDisk, err := discover(context.Background(), &Config{Dir: gov})
	if err != nil {
		t.Fatal(err)
	}
	tr, inCommit, err := discover(context.Background(), &Config{Dir: gov, Rev: "HEAD"})
	if err != nil {
		t.Fatal(err)
	}
	describe := func(files []artifact.File) []string {
		var out []string
		for _, f := range files {
			s := f.Path
			if f.Problem != nil {
				s += " " + f.Problem.RuleID
			}
			out = append(out, s)
		}
		return out
	}
	want := []string{"a.yaml", "deep/er/c.yml", "link-abs.yaml AIMS1005", "link-chain.yaml", "link-gone.yaml AIMS1005",
		"link-in.yaml", "link-loop.yaml AIMS1005", "link-out.yaml AIMS1005", "sub/b.md", "sub/link-up.yaml", "sub/via-link.yaml"}
	if got := describe(inCommit); !slices.Equal(got, want) {
		t.Errorf("commit: %q\nwant %q", got, want)
	}
	if got := describe(onDisk); !slices.Equal(got, want) {
		t.Errorf("working tree: %q\nwant %q", got, want)
	}
	for i := range inCommit {
		if i < len(onDisk) && inCommit[i].Size != onDisk[i].Size {
			t.Errorf("%s: size %d in the commit, %d on disk", inCommit[i].Path, inCommit[i].Size, onDisk[i].Size)
		}
	}
	data, err := fs.ReadFile(tr.fsys, "sub/link-up.yaml")
	if err != nil || string(data) != system("SYS-A") {
		t.Errorf("read through a link: %q, %v", data, err)
	}
	if _, err := fs.ReadFile(tr.fsys, "link-out.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("read through a link out of the root: %v, want fs.ErrNotExist", err)
	}
	if target, err := fs.ReadLink(tr.fsys, "link-out.yaml"); err != nil || target != "../outside/x.yaml" {
		t.Errorf("ReadLink: %q, %v", target, err)
	}
	if info, err := fs.Lstat(tr.fsys, "link-in.yaml"); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Lstat: %v, %v", info, err)
	}
	if info, err := fs.Stat(tr.fsys, "run.sh"); err != nil || info.Mode().Perm() != 0o644 && info.Mode().Perm() != 0o755 {
		t.Errorf("Stat: %v, %v", info, err)
	}
}
