package rules

import (
	"os"
	"path"
	"strings"
)

// riskLinkPlants are the planted problems of the rules that link AI systems
// to the risk register (AIMS7142; AIMS7143 reads the history, which a
// planted copy does not have: its fixtures are git histories).
func riskLinkPlants() []plant {
	// The risks of the correspondence classifier, the last in the register.
	triageRisks := ""
	if data, err := os.ReadFile(path.Join("../testdata/example-aims", "risk/risk-register.yaml")); err == nil {
		s := string(data)
		if i := strings.Index(s, "  # --- SYS-TRIAGE"); i >= 0 {
			triageRisks = s[i:]
		}
	}
	return []plant{
		{
			// The minimal-risk classifier's risks are recorded against the
			// customer assistant, so it has none of its own.
			rule: "AIMS7142",
			file: "risk/risk-register.yaml",
			old:  triageRisks,
			new:  strings.ReplaceAll(triageRisks, "ai_system: SYS-TRIAGE", "ai_system: SYS-ASSIST"),
			also: []string{"AIMS7141"}, // AIA-003 names them
		},
	}
}
