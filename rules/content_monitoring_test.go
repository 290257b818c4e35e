package rules

import (
	"path/filepath"
	"testing"

	"github.com/aimsdev/aims/lint/linttest"
)

// TestMonitoringStaleReportedOnce checks that monitoring whose latest
// report is too old is reported by AIMS7224 alone: AIMS7225 does not repeat
// it for each system the report names, but still reports a system no report
// names.
func TestMonitoringStaleReportedOnce(t *testing.T) {
	dir := filepath.Join("testdata", "AIMS7225", "stale")
	linttest.Run(t, All, AIMS7224, dir)
	linttest.Run(t, All, AIMS7225, dir)
}

func TestKPIMissed(t *testing.T) {
	tests := []struct {
		value, target any
		unit          string
		missed        bool
	}{
		{0.61, "0.55 or higher", "Gini", false},
		{0.54, "0.55 or higher", "Gini", true},
		{0.55, "0.55 or more", "", false},
		{0.06, "below 0.10", "PSI", false},
		{0.1, "below 0.10", "PSI", true},
		{0.1, "under 0.1", "", true},
		{14, "between 10 and 25", "%", false},
		{9.5, "between 10 and 25", "%", true},
		{26, "10-25", "%", true},
		{1.2, "0.9 to 1.1", "", true},
		{26, "from 10 to 25", "", true},
		{97, 100, "%", true},
		{100, 100, "%", false},
		{97, "100%", "", true},
		{97, "100", "", false}, // a bare 100 that is not a percentage
		{97.9, 98, "%", false}, // direction not stated
		{98, 98, "%", false},
		{2, 0, "", false},
		{3.1, "5 or lower", "%", false},
		{5.1, "5 or lower", "%", true},
		{8, "7 or fewer", "days", true},
		{"8 days", "7 days or fewer", "days", true},
		{"8", "at most 7 days", "days", true},
		{"6 days", "no more than 7", "days", false},
		{"2.5 pp.", "2 pp. or lower", "pp.", true},
		{"9 h", "8h or less", "h", true},
		{"93%", "at least 95%", "", true},
		{"93 %", ">= 95 %", "", true},
		{96, "≥ 95", "", false},
		{94, "> 95", "", true},
		{95, "> 95", "", true},
		{3, "< 3", "", true},
		{3, "≤ 3", "", false},
		{96, "95+", "", false},
		{94, "95+", "", true},
		{"1,250", "1,000 or more", "", false},
		{"950", "min 1,000", "", true},
		{12, "maximum: 10", "", true},
		{12, "over 10", "", false},
		{"n/a", "95 or higher", "", false},
		{90, "stable", "", false},
		{90, "no lower than Q1", "", false},
		{90, "between 95 and 90", "", false}, // a range upside down is not read
		{nil, "95 or higher", "", false},
		{90, nil, "", false},
		{int64(90), "95 or higher", "", true},
		{-0.2, "-0.1 or higher", "", true},
	}
	for _, tt := range tests {
		kpi := map[string]any{"value": tt.value, "target": tt.target}
		if tt.unit != "" {
			kpi["unit"] = tt.unit
		}
		if got := kpiMissed(kpi); got != tt.missed {
			t.Errorf("value %v, target %v, unit %q: missed = %v, want %v", tt.value, tt.target, tt.unit, got, tt.missed)
		}
	}
}
