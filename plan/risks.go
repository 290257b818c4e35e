package plan

import (
	"fmt"
	"math"
	"strings"
)

// defaultThreshold is the acceptance threshold assumed for a register that
// states none (the schema requires one): the usual threshold of a 5 × 5 scale.
const defaultThreshold = 8

// risks reads every risk of every parsed, non-retired risk register, in path
// then list order, levels it against its register's acceptance threshold and
// counts it in the heat map. It also notes the controls that treat a risk of
// a high-risk AI system or a high risk, for gap priorities.
func (b *builder) risks() {
	b.highControls = map[string]bool{}
	highSystems := map[string]bool{}
	registers := 0
	for _, d := range b.docs {
		if d.Kind == "ai-system" && inForceDoc(d) {
			switch d.String("risk_level") {
			case "high", "unacceptable":
				highSystems[d.ID] = true
			}
		}
	}
	for _, d := range b.docs {
		if d.Kind != "risk-register" {
			continue
		}
		if d.Data == nil {
			b.missing("The risk register %s could not be parsed, so its risks are not in the plan: fix the errors reported for it.", d.Path)
			continue
		}
		if d.Status() == "retired" {
			continue
		}
		registers++
		threshold, ok := toInt(d.Get("criteria", "acceptance_threshold"))
		if !ok || threshold <= 0 {
			threshold = defaultThreshold
			b.missing("The risk register %s states no acceptance threshold, so its risks are levelled against %d.", d.Path, defaultThreshold)
		}
		for _, e := range d.List("risks") {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			k := Risk{
				ID:              str(m["id"]),
				Title:           str(m["title"]),
				AISystem:        str(m["ai_system"]),
				Owner:           str(m["owner"]),
				Treatment:       str(m["treatment"]),
				TreatmentStatus: str(m["treatment_status"]),
				Due:             str(m["due"]),
				Source:          d.Path,
				Register:        d.ID,
				RiskSource:      str(m["source"]),
				Controls:        strs(m["controls"]),
				Threshold:       threshold,
			}
			k.Likelihood, _ = toInt(m["likelihood"])
			k.Impact, _ = toInt(m["impact"])
			k.Score = k.Likelihood * k.Impact
			k.ResidualLikelihood, _ = toInt(m["residual_likelihood"])
			k.ResidualImpact, _ = toInt(m["residual_impact"])
			k.ResidualScore = k.ResidualLikelihood * k.ResidualImpact
			switch {
			case k.Score > threshold:
				k.Level = "high"
			case 2*k.Score > threshold:
				k.Level = "medium"
			default:
				k.Level = "low"
			}
			if k.Likelihood > 0 && k.Impact > 0 {
				b.p.HeatMap[clamp5(k.Likelihood)-1][clamp5(k.Impact)-1]++
			}
			if k.Level == "high" || highSystems[k.AISystem] {
				for _, c := range k.Controls {
					b.highControls[c] = true
				}
			}
			b.p.Risks = append(b.p.Risks, k)
		}
	}
	if registers == 0 && len(b.docs) > 0 {
		also := ""
		if u := b.unparsed(); len(u) > 0 {
			also = fmt.Sprintf(" (%s could not be parsed, so its kind is unknown)", shortList(u, 5))
		}
		b.missing("There is no readable risk register%s, so the risk sheet and heat map are empty: write a risk-register artifact (6.1.2, 8.2).", also)
	}
}

// clamp5 puts a scale level into 1..5.
func clamp5(n int) int {
	return min(max(n, 1), 5)
}

// toInt returns a whole number from a YAML value.
func toInt(v any) (int, bool) {
	switch x := v.(type) {
	case int64:
		if x > math.MaxInt32 || x < math.MinInt32 {
			return 0, false
		}
		return int(x), true
	case int:
		return x, true
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > math.MaxInt32 {
			return 0, false
		}
		return int(x), true
	}
	return 0, false
}

// str returns a YAML value as text: strings as they are, anything else "".
func str(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// strs returns the strings of a YAML list.
func strs(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
