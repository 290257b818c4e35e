package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// newVersionCmd builds `aims version`.
func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of aims",
		Long: `Version prints the version of aims, the commit it was built from and when
that commit was made (when the build recorded them), and the Go version and
platform. 'aims --version' prints the same.`,
		Example: `  aims version
  aims --version`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), versionText())
			return err
		},
	}
}

// Release builds stamp these at link time (see .goreleaser.yaml):
//
//	go build -ldflags "-X main.version=v0.1.0 -X main.commit=3f2a9c1e… -X main.date=2026-01-10T12:00:00Z"
//
// They are package variables because -X can set nothing else; nothing
// assigns them at run time. Empty in a plain go build, where the build
// information Go records stands in.
var (
	version string
	commit  string
	date    string
)

// buildInfo is what aims knows of its own build.
type buildInfo struct {
	version, commit, date, goVersion string
	modified                         bool // the work tree had changes
}

// thisBuild returns the facts of this binary: the link-time stamp where
// there is one, else the module version and version control settings Go
// recorded.
func thisBuild() buildInfo {
	b := buildInfo{version: "(devel)", goVersion: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" {
			b.version = v
		}
		if bi.GoVersion != "" {
			b.goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.commit = s.Value
			case "vcs.time":
				b.date = s.Value
			case "vcs.modified":
				b.modified = s.Value == "true"
			}
		}
	}
	if version != "" {
		b.version = version
	}
	if commit != "" {
		b.commit, b.modified = commit, false
	}
	if date != "" {
		b.date = date
	}
	return b
}

// versionText describes this build (see formatVersion).
func versionText() string { return formatVersion(thisBuild(), runtime.GOOS+"/"+runtime.GOARCH) }

// formatVersion describes a build:
//
//	aims v1.2.0
//	commit: 3f2a9c1e… (modified)
//	date:   2026-01-10T12:00:00Z
//	go:     go1.26.8 linux/amd64
//
// A build that recorded no commit says so and how to get one, rather than
// leaving the line out.
func formatVersion(b buildInfo, platform string) string {
	var s strings.Builder
	fmt.Fprintf(&s, "aims %s\n", b.version)
	switch {
	case b.commit != "" && b.modified:
		fmt.Fprintf(&s, "commit: %s (modified)\n", b.commit)
	case b.commit != "":
		fmt.Fprintf(&s, "commit: %s\n", b.commit)
	default:
		s.WriteString("commit: unknown (built without version control information: build from a git clone, or use a release binary)\n")
	}
	if b.date != "" {
		fmt.Fprintf(&s, "date:   %s\n", b.date)
	}
	fmt.Fprintf(&s, "go:     %s %s\n", b.goVersion, platform)
	return s.String()
}

// mainVersion returns the version of this build: the release version, the
// module version, or "(devel)" for a build from a work tree.
func mainVersion() string { return thisBuild().version }
