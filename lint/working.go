package lint

import (
	"context"
	"path/filepath"

	"github.com/aimsdev/aims/gitrepo"
)

// WorkingFiles returns the candidate Markdown and YAML files of cfg.Dir's
// working tree on disk, as a run without Rev lists them: in a git
// repository the tracked files and the untracked ones git does not ignore,
// in a plain folder every one. Each is an absolute path with its symbolic
// links resolved. Rev, AsOfCommit, Changed, Base and FS are ignored: a
// driver uses the list to keep a report from replacing a file that aims
// reads, whichever commit the run lints.
func WorkingFiles(ctx context.Context, cfg *Config) ([]string, error) {
	c := *cfg
	c.Rev, c.AsOfCommit, c.Changed, c.Base, c.FS = "", false, false, "", nil
	abs, err := lintDir(c.Dir)
	if err != nil {
		return nil, err
	}
	if gitrepo.IsGitDir(abs) {
		return nil, nil // a bare repository has no working tree
	}
	_, files, err := discover(ctx, &c)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(files))
	for _, f := range files {
		if f.Problem != nil {
			continue // a link out of the folder, which is never read
		}
		p := filepath.Join(abs, filepath.FromSlash(f.Path))
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		out = append(out, p)
	}
	return out, nil
}
