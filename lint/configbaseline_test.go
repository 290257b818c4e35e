package lint

import (
	"errors"
	"strings"
	"testing"
)

func TestParseConfigBaseline(t *testing.T) {
	tests := []struct {
		value, want, err string
	}{
		{value: ".aims-baseline.json", want: ".aims-baseline.json"},
		{value: "ci/./aims-baseline.json", want: "ci/aims-baseline.json"},
		{value: `""`, err: "`baseline` must not be empty"},
		{value: "../baseline.json", err: `baseline: "../baseline.json" leads outside the repository`},
		{value: "/etc/baseline.json", err: "is not relative"},
		{value: `'ci\b.json'`, err: "has a backslash"},
		{value: ".git/baseline.json", err: "is inside .git"},
		{value: ".", err: "is the repository root, not a file"},
		{value: "[a, b]", err: "baseline"},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			var cfg Config
			err := ParseConfig(&cfg, ".aims.yaml", []byte("baseline: "+tt.value+"\n"))
			if tt.err != "" {
				var ce *ConfigError
				if !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseConfig = %v, want a ConfigError with %q", err, tt.err)
				}
				if ce.Pos.Line != 1 {
					t.Errorf("error at line %d, want 1", ce.Pos.Line)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Baseline != tt.want {
				t.Errorf("Baseline = %q, want %q", cfg.Baseline, tt.want)
			}
		})
	}
}
