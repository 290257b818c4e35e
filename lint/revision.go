package lint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
)

// ResolveRevision returns the commit a run of cfg lints: cfg.Rev, or, with
// cfg.AsOfCommit, the last commit at cfg.AsOf; nil when the run lints the
// working tree or a plain folder. Errors the user can fix (a revision that
// names nothing, a date before the first commit) are *ConfigError values.
// Run resolves the same commit itself; a driver calls this first to read the
// configuration from the commit (LoadConfigRevision).
func ResolveRevision(cfg *Config) (*gitrepo.Revision, error) {
	return resolveRev(cfg)
}

// CommitsAt returns, for each of days, the commit a run of cfg with
// AsOfCommit set would lint at that date ("" when there is none yet: see
// gitrepo.Repo.CommitsAt), found in one walk of the history. ok is false
// when cfg's folder is not in a git repository.
func CommitsAt(cfg *Config, days []time.Time) (hashes []string, ok bool, err error) {
	if cfg.FS != nil {
		return nil, false, nil
	}
	repo, err := openRepo(cfg.Dir)
	if err != nil {
		return nil, false, err
	}
	if repo == nil {
		return nil, false, nil
	}
	hashes, err = repo.CommitsAt(days)
	if err != nil {
		return nil, true, fromGit(err)
	}
	return hashes, true, nil
}

// LoadConfigRevision reads the configuration file at the lint root of rev's
// tree, as LoadConfig reads it from dir on disk: defaults when the commit
// has none. Messages name the file as git does, "3f2a9c1:governance/.aims.yaml".
func LoadConfigRevision(dir string, rev *gitrepo.Revision) (*Config, error) {
	cfg := &Config{Dir: dir}
	configName := rev.Name(ConfigFile)
	src, err := fs.ReadFile(rev.FS(), ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if st, serr := fs.Stat(rev.FS(), ConfigFile); serr == nil && st.IsDir() {
		return nil, &ConfigError{Path: configName, Msg: configFolderMessage}
	}
	if err != nil {
		return nil, &ConfigError{Path: configName, Msg: "cannot read the configuration: " + err.Error()}
	}
	if err := ParseConfig(cfg, configName, src); err != nil {
		return nil, err
	}
	cfg.setSourceFile(ConfigFile)
	return cfg, nil
}

// resolveRev resolves the commit a run of cfg lints, or returns nil for the
// working tree. AsOfCommit picks a commit only in a git repository, and not
// for --changed or --base, which compare the working tree with HEAD.
func resolveRev(cfg *Config) (*gitrepo.Revision, error) {
	rev := strings.TrimSpace(cfg.Rev)
	pick := rev == "" && cfg.AsOfCommit && !cfg.Changed && cfg.Base == ""
	if rev == "" && !pick {
		return nil, nil
	}
	if rev != "" && (cfg.Changed || cfg.Base != "") {
		flag := "--changed"
		if cfg.Base != "" {
			flag = "--base"
		}
		return nil, &ConfigError{Msg: fmt.Sprintf("--rev and %s cannot be combined: %s compares the working tree with HEAD; lint the commit without %s", flag, flag, flag)}
	}
	if cfg.FS != nil {
		if rev != "" {
			return nil, &ConfigError{Msg: "--rev needs a git repository on disk, not a file system"}
		}
		return nil, nil
	}
	repo, err := openRepo(cfg.Dir)
	if err != nil {
		return nil, err
	}
	if repo == nil {
		if rev == "" {
			return nil, nil // a plain folder: the date only sets when dates are judged
		}
		where := cfg.Dir
		if where == "" {
			where = "."
		}
		return nil, &ConfigError{Msg: fmt.Sprintf("--rev %s needs a git repository: %s is not in one; lint the folder without --rev", rev, where)}
	}
	var day time.Time
	if rev == "" {
		day = asOfDay(cfg.AsOf)
	}
	r, err := repo.Resolve(rev, day)
	if err != nil {
		return nil, fromGit(err)
	}
	return r, nil
}

// openRepo opens the git repository the lint root dir is in, or returns
// nil when it is in none.
func openRepo(dir string) (*gitrepo.Repo, error) {
	abs, err := lintDir(dir)
	if err != nil {
		return nil, err
	}
	repo, err := gitrepo.Open(abs)
	if err != nil {
		return nil, fmt.Errorf("open the git repository: %w", err)
	}
	return repo, nil
}

// discoverRev lists the candidate files of the commit's tree below the
// lint root: every file the commit holds (.gitignore does not apply to
// committed files), symbolic links followed inside the lint root, and the
// extra file types.
func discoverRev(ctx context.Context, rev *gitrepo.Revision, types artifact.FileTypes) (*tree, []artifact.File, error) {
	listed, err := rev.Files(ctx, types.Candidate)
	if err != nil {
		return nil, nil, err
	}
	files := make([]artifact.File, 0, len(listed))
	for _, f := range listed {
		switch {
		case f.Broken == nil:
			files = append(files, artifact.File{Path: f.Path, Size: f.Size})
		case errors.Is(f.Broken, gitrepo.ErrLinkEscape):
			files = append(files, artifact.BrokenLink(f.Path, artifact.LinkEscapes))
		case errors.Is(f.Broken, gitrepo.ErrLinkLoop):
			files = append(files, artifact.BrokenLink(f.Path, artifact.LinkLoops))
		default:
			files = append(files, artifact.BrokenLink(f.Path, artifact.LinkDangles))
		}
	}
	repo := rev.Repo()
	t := &tree{
		fsys:   rev.FS(),
		git:    true,
		prefix: repo.Prefix(),
		repo:   repo,
		rev:    rev,
		notes:  rev.Notes(),
	}
	return t, files, nil
}

// fromGit turns a *gitrepo.ConfigError, a problem the user can fix, into a
// *ConfigError: the run cannot start.
func fromGit(err error) error {
	var ge *gitrepo.ConfigError
	if errors.As(err, &ge) {
		return &ConfigError{Msg: ge.Msg}
	}
	return err
}

// lintDir returns the lint root as an absolute path without symbolic links,
// and checks that it is a folder.
func lintDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	st, err := os.Stat(abs)
	if err != nil {
		return "", err
	}
	if !st.IsDir() {
		return "", errors.New(dir + " is not a directory")
	}
	return abs, nil
}

// asOfDay returns the day of asOf (UTC midnight), or today when it is zero.
func asOfDay(asOf time.Time) time.Time {
	if asOf.IsZero() {
		asOf = time.Now()
	}
	asOf = asOf.UTC()
	return time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
}
