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

// versionText describes this build from its build information:
//
//	aims v1.2.0
//	commit: 3f2a9c1e… (modified)
//	date:   2026-01-10T12:00:00Z
//	go:     go1.26.8 linux/amd64
func versionText() string {
	version, goVersion := "(devel)", runtime.Version()
	var revision, date string
	modified := false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" {
			version = v
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				date = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "aims %s\n", version)
	if revision != "" {
		if modified {
			revision += " (modified)"
		}
		fmt.Fprintf(&b, "commit: %s\n", revision)
	}
	if date != "" {
		fmt.Fprintf(&b, "date:   %s\n", date)
	}
	fmt.Fprintf(&b, "go:     %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}

// mainVersion returns the module version of this build, "(devel)" for a
// build from a work tree.
func mainVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
