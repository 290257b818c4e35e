package lint

import (
	"bytes"
	"context"
	"path"
	"strings"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/results"
)

// An evaluation may keep its metrics in a results file (`metrics_file`, CSV
// or JSON) that is no artifact. The results file is part of the evaluation:
// a run limited to some files (--changed, --base, or files named on the
// command line) keeps the findings of both when either is among them, and a
// partial run that sees a results file changed loads and judges the
// evaluations that name it as if they had changed.

// evaluationKind is the kind whose artifacts may name a results file.
const evaluationKind = "evaluation"

// resultsFile returns the path of the results file evaluation d names in
// `metrics_file`, relative to the lint root, or "" when d is no evaluation,
// names none, or names one aims does not read (an absolute path, one with
// backslashes, one outside the repository).
func resultsFile(d *artifact.Document) string {
	if d == nil || d.Kind != evaluationKind || d.Data == nil {
		return ""
	}
	name := d.String("metrics_file")
	if name == "" {
		return ""
	}
	full, err := results.Resolve(d.Path, name)
	if err != nil {
		return ""
	}
	return full
}

// withResults extends only, the files whose findings a run keeps, with the
// results files of the evaluations among them and the evaluations whose
// results files are among them. It changes nothing when only is nil.
func withResults(only map[string]bool, docs []*artifact.Document) {
	if only == nil {
		return
	}
	for _, d := range docs {
		if rf := resultsFile(d); rf != "" {
			switch {
			case only[d.Path]:
				only[rf] = true
			case only[rf]:
				only[d.Path] = true
			}
		}
	}
}

// resultOwners returns the evaluations among files (in files' order) whose
// `metrics_file` is one of changed, the changed files that are not
// artifacts, and the changed files they name. It parses only the files that
// mention metrics_file.
func resultOwners(ctx context.Context, t *tree, files []artifact.File, cfg *Config, changed map[string]bool) (owners []string, named map[string]bool, err error) {
	types := cfg.FileTypes()
	var todo []artifact.File
	for _, f := range files {
		if f.Problem == nil && f.Size <= cfg.MaxFileSize && types.Candidate(f.Path) && included(f.Path, cfg) {
			todo = append(todo, f)
		}
	}
	owns := make([]string, len(todo)) // the changed results file each names
	err = forEach(ctx, cfg.workers(), len(todo), func(i int) {
		src, err := artifact.ReadFile(t.fsys, todo[i].Path)
		if err != nil || int64(len(src)) > cfg.MaxFileSize || !bytes.Contains(src, []byte("metrics_file")) {
			return
		}
		d := cfg.ParseDocument(todo[i].Path, src)
		if rf := resultsFile(d); changed[rf] {
			owns[i] = rf
		}
	})
	if err != nil {
		return nil, nil, err
	}
	named = map[string]bool{}
	for i, f := range todo {
		if owns[i] != "" {
			owners = append(owners, f.Path)
			named[owns[i]] = true
		}
	}
	return owners, named, nil
}

// resultsExt reports whether p may be a results file: a .csv or .json file.
func resultsExt(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".csv", ".json":
		return true
	}
	return false
}

// evaluationLinks returns, for a changed evaluation d, the tokens of its
// results file, which name the risks its failed rows rely on, so that the
// partial run loads them; and adds its AI system to targets, so that the
// documents naming the system (its impact assessment, whose
// affected_groups its groups are judged against) are loaded too.
func evaluationLinks(t *tree, cfg *Config, d *artifact.Document, targets map[string]bool) []string {
	if d == nil || d.Kind != evaluationKind || d.Data == nil {
		return nil
	}
	if sys := d.String("ai_system"); idToken(sys) {
		targets[sys] = true
	}
	rf := resultsFile(d)
	if rf == "" {
		return nil
	}
	data, err := artifact.ReadFile(t.fsys, rf)
	if err != nil || int64(len(data)) > cfg.MaxFileSize {
		return nil
	}
	return tokens(data)
}
