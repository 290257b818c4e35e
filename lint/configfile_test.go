package lint

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	src := `organization: Northwind Lending Ltd
include: ["**"]
exclude: ["archive/**"]
kinds:
  - glob: "systems/*.yaml"
    kind: ai-system
custom_kinds:
  - name: model-card
    schema: schemas/model-card.schema.json
    evidences: [A.6.2.7]
    sections: [Intended use]
rules: [all, -AIMS1004]
severity: {AIMS1004: note}
fail_on: warning
review_cycles: {ai-policy: 12mo}
monitoring_cycle: 3mo
max_file_size: 2MiB
suppressions:
  - rule: AIMS1003
    path: "legacy/*.yaml"
    reason: kept for the record
    expires: 2027-06-30
    owner: compliance-officers
`
	var cfg Config
	if err := ParseConfig(&cfg, ".aims.yaml", []byte(src)); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"organization", cfg.Organization, "Northwind Lending Ltd"},
		{"exclude", strings.Join(cfg.Exclude, ","), "archive/**"},
		{"kinds", cfg.Kinds[0].Glob + " " + cfg.Kinds[0].Kind, "systems/*.yaml ai-system"},
		{"custom", cfg.CustomKinds[0].Schema, "schemas/model-card.schema.json"},
		{"rules", strings.Join(cfg.Rules, ","), "all,-AIMS1004"},
		{"severity", cfg.Severity["AIMS1004"], Note},
		{"fail_on", cfg.FailOn, Warning},
		{"review", cfg.ReviewCycles["ai-policy"], "12mo"},
		{"monitoring", cfg.MonitoringCycle, "3mo"},
		{"size", cfg.MaxFileSize, int64(2 << 20)},
		{"suppression", cfg.Suppressions[0].Expires, "2027-06-30"},
		{"suppression line", cfg.Suppressions[0].Source.Start.Line, 19},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"syntax", "rules: [all\nfail_on: error\n", 2, "invalid YAML"},
		{"unknown key", "organization: X\nfail-on: error\n", 2, "fail-on"},
		{"bad severity", "fail_on: fatal\n", 1, "fail_on"},
		{"bad rule", "rules: [all, AIMS12]\n", 1, "rules"},
		{"bad size", "max_file_size: lots\n", 1, "max_file_size"},
		{"bad monitoring cycle", "monitoring_cycle: quarterly\n", 1, "monitoring_cycle"},
		{"not a mapping", "- a\n", 1, "mapping"},
		{"duplicate key", "fail_on: error\nfail_on: note\n", 2, "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cfg Config
			err := ParseConfig(&cfg, ".aims.yaml", []byte(tt.src))
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a ConfigError", err)
			}
			if ce.Pos.Line != tt.line || !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), ".aims.yaml:") {
				t.Errorf("err = %q (line %d), want line %d and %q", err, ce.Pos.Line, tt.line, tt.msg)
			}
		})
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	cfg, err := LoadConfig(dir, "")
	if err != nil || cfg.ConfigPath != "" {
		t.Fatalf("no file: cfg %+v err %v", cfg, err)
	}
	if err := os.WriteFile(filepath.Join(dir, ConfigFile), []byte("organization: Acme\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err = LoadConfig(dir, "")
	if err != nil || cfg.Organization != "Acme" {
		t.Fatalf("cfg %+v err %v", cfg, err)
	}
	if _, err := LoadConfig(dir, filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("an explicit missing config is an error")
	}
}

func TestLoadConfigPathErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ path, want string }{
		{filepath.Join(dir, "nosuch.yaml"), "does not exist: check the path given to --config"},
		{dir, "this is a folder, not a configuration file"},
	} {
		_, err := LoadConfig(dir, tt.path)
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("LoadConfig(%q) = %v, want a ConfigError with %q", tt.path, err, tt.want)
		}
	}
}
