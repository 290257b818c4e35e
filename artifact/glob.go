package artifact

import (
	"path"
	"strings"
)

// MatchGlob reports whether the slash path name matches pattern. A `**`
// segment matches any number of segments (zero included); other segments use
// path.Match. A pattern without a slash matches the base name at any depth,
// as in .gitignore.
func MatchGlob(pattern, name string) bool {
	pattern = strings.TrimPrefix(pattern, "./")
	if !strings.Contains(pattern, "/") {
		ok, _ := path.Match(pattern, path.Base(name))
		if ok {
			return true
		}
	}
	return matchSegments(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

// matchSegments matches the segments of a path against those of a pattern.
// It remembers which pattern suffix failed against which path suffix, so
// that patterns with many ** segments take time proportional to the product
// of the two lengths rather than exponential time.
func matchSegments(pat, name []string) bool {
	// seen[i*(len(name)+1)+j] is set once pat[i:] against name[j:] failed.
	var seen []bool
	var match func(i, j int) bool
	match = func(i, j int) bool {
		for i < len(pat) {
			if pat[i] == "**" {
				if i+1 == len(pat) {
					return true
				}
				if seen == nil {
					seen = make([]bool, (len(pat)+1)*(len(name)+1))
				}
				k := i*(len(name)+1) + j
				if seen[k] {
					return false
				}
				for n := j; n <= len(name); n++ {
					if match(i+1, n) {
						return true
					}
				}
				seen[k] = true
				return false
			}
			if j == len(name) {
				return false
			}
			if ok, _ := path.Match(pat[i], name[j]); !ok {
				return false
			}
			i, j = i+1, j+1
		}
		return j == len(name)
	}
	return match(0, 0)
}

// ValidGlob reports whether every segment of pattern is a valid path.Match pattern.
func ValidGlob(pattern string) bool {
	for _, seg := range strings.Split(pattern, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return false
		}
	}
	return true
}
