package rules

//go:generate go test -run TestREADMERuleTable -update .

import "github.com/aimsdev/aims/lint"

// All is every rule aims knows, in id order. IDs are never renumbered or
// reused; a retired rule leaves a gap.
var All = []*lint.Rule{
	AIMS1001,
	AIMS1002,
	AIMS1003,
	AIMS1004,
	AIMS1005,
}
