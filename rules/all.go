package rules

//go:generate go test -run TestREADMERuleTable -update .
//go:generate go test -run TestAuditChecklistDoc -update .

import "github.com/aimsdev/aims/lint"

// All is every rule aims knows, in id order. IDs are never renumbered or
// reused; a retired rule leaves a gap.
var All = []*lint.Rule{
	AIMS1001,
	AIMS1002,
	AIMS1003,
	AIMS1004,
	AIMS1005,
	AIMS1006,
	AIMS1007,
	AIMS1012,
	AIMS2001,
	AIMS2002,
	AIMS3001,
	AIMS3002,
	AIMS3003,
	AIMS3004,
	AIMS3005,
	AIMS3006,
	AIMS3007,
	AIMS3008,
	AIMS3009,
	AIMS3010,
	AIMS3011,
	AIMS3012,
	AIMS3013,
	AIMS3014,
	AIMS3015,
	AIMS3016,
	AIMS3017,
	AIMS4001,
	AIMS4002,
	AIMS4003,
	AIMS5001,
	AIMS5002,
	AIMS5003,
	AIMS5004,
	AIMS5005,
	AIMS5006,
	AIMS5007,
	AIMS5008,
	AIMS5009,
	AIMS5010,
	AIMS6001,
	AIMS6002,
	AIMS6003,
	AIMS6004,
	AIMS6005,
}
