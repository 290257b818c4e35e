package main

import (
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the cmp files of testdata/script/*.txtar")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"aims": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the command-line scripts in testdata/script. Each script is
// a txtar archive: the commands to run, then the files they run on.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Cmds:                withFileCmds(gitCmds()),
		Setup: func(env *testscript.Env) error {
			// Each exec of aims is a fresh process of this test binary.
			// Built with -race, such a process sleeps a second at exit
			// to let the detector report; the scripts run hundreds of
			// them, so they skip that pause (it reports all the same).
			env.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
			return nil
		},
	})
}

// gitCmds are go-git-backed script commands, for scripts that need a
// repository (aims never runs git, so neither do its tests):
//
//	gitinit                              make the current directory a repository on branch main
//	gitadd PATH...                       stage files, or what folders hold
//	gitcommit [-date YYYY-MM-DD] MESSAGE commit what is staged (default date 2026-01-10)
//	gitcheckout [-b] BRANCH              switch to BRANCH; -b creates it at HEAD
func gitCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	worktree := func(ts *testscript.TestScript) *git.Worktree {
		repo, err := git.PlainOpenWithOptions(ts.MkAbs("."), &git.PlainOpenOptions{DetectDotGit: true})
		ts.Check(err)
		wt, err := repo.Worktree()
		ts.Check(err)
		return wt
	}
	usage := func(ts *testscript.TestScript, neg bool, ok bool, text string) {
		if neg {
			ts.Fatalf("unsupported: ! %s", text)
		}
		if !ok {
			ts.Fatalf("usage: %s", text)
		}
	}
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"gitinit": func(ts *testscript.TestScript, neg bool, args []string) {
			usage(ts, neg, len(args) == 0, "gitinit")
			_, err := git.PlainInitWithOptions(ts.MkAbs("."), &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.Main}})
			ts.Check(err)
		},
		"gitadd": func(ts *testscript.TestScript, neg bool, args []string) {
			usage(ts, neg, len(args) > 0, "gitadd PATH...")
			wt := worktree(ts)
			for _, p := range args {
				_, err := wt.Add(p)
				ts.Check(err)
			}
		},
		"gitcommit": func(ts *testscript.TestScript, neg bool, args []string) {
			date := "2026-01-10"
			if len(args) == 3 && args[0] == "-date" {
				date, args = args[1], args[2:]
			}
			usage(ts, neg, len(args) == 1, "gitcommit [-date YYYY-MM-DD] MESSAGE")
			when, err := time.Parse(time.DateOnly, date)
			ts.Check(err)
			sig := &object.Signature{Name: "Test", Email: "test@example.com", When: when.Add(9 * time.Hour)}
			_, err = worktree(ts).Commit(args[0], &git.CommitOptions{Author: sig, Committer: sig})
			ts.Check(err)
		},
		"gitcheckout": func(ts *testscript.TestScript, neg bool, args []string) {
			create := len(args) == 2 && args[0] == "-b"
			if create {
				args = args[1:]
			}
			usage(ts, neg, len(args) == 1, "gitcheckout [-b] BRANCH")
			ts.Check(worktree(ts).Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(args[0]), Create: create}))
		},
	}
}
