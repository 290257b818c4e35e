package suggest

// Closest returns the candidate nearest to s (by Distance), the first of
// equals in the order given, when it is at most limit edits away; else "".
func Closest(s string, candidates []string, limit int) string {
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := Distance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
