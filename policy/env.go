package policy

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/common/types/traits"
	"github.com/google/cel-go/ext"
	"github.com/google/cel-go/interpreter"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/gitrepo"
	"github.com/aimsdev/aims/lint"
)

// Limits on what one rule may cost. An expression is parsed no deeper than
// maxNesting and no longer than maxExpression characters; one evaluation
// (one document) may cost at most CostLimit in cel-go's cost units (about
// one per value visited), which stops a rule that would loop over the
// repository again and again, or build huge lists or strings; one rule over
// all the documents of a run at most RunCostLimit.
const (
	CostLimit = 1_000_000
	// RunCostLimit bounds what one rule may cost over all the documents
	// of a run (about half a minute of evaluation): a rule just under
	// CostLimit on every document of a large repository stops too.
	RunCostLimit  = 1_000_000_000
	maxNesting    = 64
	maxExpression = 10_000
)

// maxDays is the most days a duration holds.
const maxDays = int64(math.MaxInt64 / int64(24*time.Hour))

// The variables an expression sees.
const (
	varDoc    = "doc"    // the document's fields, typed from its kind's schema
	varPath   = "path"   // its slash path from the AIMS root
	varKind   = "kind"   // its kind
	varID     = "id"     // its id ("" when it has none)
	varStatus = "status" // its status ("" when it has none)
	varToday  = "today"  // the date judged at (--as-of), a timestamp
)

// errRunCost is what an evaluation reports when the rule has gone over
// its cost limit for a run.
var errRunCost = errors.New("over the cost limit of a run")

// errNoHistory is what last_change reports when there is no git history.
var errNoHistory = errors.New("no git history is available")

// repository is what the functions of an expression read in one run.
type repository struct {
	ix      *lint.Index
	docs    []*artifact.Document
	asOf    time.Time
	history func() (*gitrepo.History, error)
	// changes, when set, are the dates last_change() gives, by path, in
	// place of git history (a rule's examples).
	changes map[string]time.Time

	rolesOnce sync.Once
	roles     map[string][]string // role id → members
	risksOnce sync.Once
	risks     []any
	histOnce  sync.Once
	hist      *gitrepo.History
	histErr   error

	// spent is what the rule's evaluations have cost so far in the run,
	// and runLimit what they may cost.
	spent, runLimit uint64
}

// function declarations shared by compilation and runs. With rp nil the
// functions are declared only (compiling); a run binds them to its
// repository.
func functions(rp *repository) []cel.EnvOption {
	mapOf := cel.MapType(cel.StringType, cel.DynType)
	bind1 := func(f func(ref.Val) ref.Val) cel.OverloadOpt {
		if rp == nil {
			return cel.UnaryBinding(func(ref.Val) ref.Val { return types.NewErr("not in a run") })
		}
		return cel.UnaryBinding(f)
	}
	bind0 := func(f func(...ref.Val) ref.Val) cel.OverloadOpt {
		if rp == nil {
			return cel.FunctionBinding(func(...ref.Val) ref.Val { return types.NewErr("not in a run") })
		}
		return cel.FunctionBinding(f)
	}
	return []cel.EnvOption{
		cel.Function("artifact",
			cel.Overload("artifact_string", []*cel.Type{cel.StringType}, mapOf,
				bind1(func(v ref.Val) ref.Val {
					d, ok := rp.ix.Lookup(string(v.(types.String)))
					if !ok || d.Data == nil {
						return types.DefaultTypeAdapter.NativeToValue(map[string]any{})
					}
					return types.DefaultTypeAdapter.NativeToValue(d.Data)
				}))),
		cel.Function("has_artifact",
			cel.Overload("has_artifact_string", []*cel.Type{cel.StringType}, cel.BoolType,
				bind1(func(v ref.Val) ref.Val {
					_, ok := rp.ix.Lookup(string(v.(types.String)))
					return types.Bool(ok)
				}))),
		cel.Function("artifacts",
			cel.Overload("artifacts_string", []*cel.Type{cel.StringType}, cel.ListType(mapOf),
				bind1(func(v ref.Val) ref.Val {
					var out []any
					for _, d := range rp.ix.ByKind(string(v.(types.String))) {
						if d.Data != nil {
							out = append(out, d.Data)
						}
					}
					return types.DefaultTypeAdapter.NativeToValue(out)
				}))),
		cel.Function("members",
			cel.Overload("members_string", []*cel.Type{cel.StringType}, cel.ListType(cel.StringType),
				bind1(func(v ref.Val) ref.Val {
					return types.DefaultTypeAdapter.NativeToValue(rp.roleMembers()[string(v.(types.String))])
				}))),
		cel.Function("roles",
			cel.Overload("roles", nil, cel.MapType(cel.StringType, cel.ListType(cel.StringType)),
				bind0(func(...ref.Val) ref.Val {
					return types.DefaultTypeAdapter.NativeToValue(rp.roleMembers())
				}))),
		cel.Function("risks",
			cel.Overload("risks", nil, cel.ListType(mapOf),
				bind0(func(...ref.Val) ref.Val {
					return types.DefaultTypeAdapter.NativeToValue(rp.allRisks())
				}))),
		cel.Function("field",
			cel.Overload("field_dyn_string", []*cel.Type{cel.DynType, cel.StringType}, cel.DynType,
				cel.BinaryBinding(func(obj, name ref.Val) ref.Val {
					m, ok := obj.Value().(map[string]any)
					if !ok {
						return types.NewErr("field(): %s is not a document or mapping", show(obj))
					}
					v, ok := m[string(name.(types.String))]
					if !ok || v == nil {
						return types.NewErr("no field %q: guard it with has_field()", string(name.(types.String)))
					}
					return types.DefaultTypeAdapter.NativeToValue(v)
				}))),
		cel.Function("has_field",
			cel.Overload("has_field_dyn_string", []*cel.Type{cel.DynType, cel.StringType}, cel.BoolType,
				cel.BinaryBinding(func(obj, name ref.Val) ref.Val {
					m, ok := obj.Value().(map[string]any)
					if !ok {
						return types.False
					}
					v, ok := m[string(name.(types.String))]
					return types.Bool(ok && v != nil)
				}))),
		cel.Function("date",
			cel.Overload("date_string", []*cel.Type{cel.StringType}, cel.TimestampType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					s := string(v.(types.String))
					if t, err := time.Parse(time.DateOnly, s); err == nil {
						return types.Timestamp{Time: t}
					}
					if t, err := time.Parse(time.RFC3339, s); err == nil {
						return types.Timestamp{Time: t}
					}
					return types.NewErr("date(%q): not a date: write YYYY-MM-DD", s)
				}))),
		cel.Function("days",
			cel.Overload("days_int", []*cel.Type{cel.IntType}, cel.DurationType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					n := int64(v.(types.Int))
					if n > maxDays || n < -maxDays {
						return types.NewErr("days(%d): out of range: a duration is at most %d days", n, maxDays)
					}
					return types.Duration{Duration: time.Duration(n) * 24 * time.Hour}
				}))),
		cel.Function("last_change",
			cel.Overload("last_change_string", []*cel.Type{cel.StringType}, cel.TimestampType,
				bind1(func(v ref.Val) ref.Val {
					t, err := rp.lastChange(string(v.(types.String)))
					if err != nil {
						return types.WrapErr(err)
					}
					return types.Timestamp{Time: t}
				}))),
	}
}

// roleMembers maps every role id of the roles artifacts to its members.
func (rp *repository) roleMembers() map[string][]string {
	rp.rolesOnce.Do(func() {
		rp.roles = map[string][]string{}
		for _, d := range rp.ix.ByKind("roles") {
			for _, r := range d.List("roles") {
				m, ok := r.(map[string]any)
				if !ok {
					continue
				}
				id, _ := m["id"].(string)
				if id == "" {
					continue
				}
				l := rp.roles[id]
				if l == nil {
					l = []string{}
				}
				if ms, ok := m["members"].([]any); ok {
					for _, x := range ms {
						if s, ok := x.(string); ok {
							l = append(l, s)
						}
					}
				}
				rp.roles[id] = l
			}
		}
	})
	return rp.roles
}

// allRisks lists the risks of every risk register.
func (rp *repository) allRisks() []any {
	rp.risksOnce.Do(func() {
		rp.risks = []any{}
		for _, d := range rp.ix.ByKind("risk-register") {
			for _, r := range d.List("risks") {
				if _, ok := r.(map[string]any); ok {
					rp.risks = append(rp.risks, r)
				}
			}
		}
	})
	return rp.risks
}

// lastChange is when the file at p was last changed: its last commit, or
// the date judged at for a file changed since.
func (rp *repository) lastChange(p string) (time.Time, error) {
	if rp.changes != nil {
		if t, ok := rp.changes[p]; ok {
			return t, nil
		}
		return rp.asOf, nil
	}
	rp.histOnce.Do(func() {
		if rp.history == nil {
			rp.histErr = errNoHistory
			return
		}
		rp.hist, rp.histErr = rp.history()
	})
	if rp.histErr != nil {
		return time.Time{}, rp.histErr
	}
	if rp.hist.Uncommitted[p] {
		return rp.asOf, nil
	}
	ph, ok := rp.hist.Path(p)
	if !ok {
		return rp.asOf, nil // not committed yet: changed now
	}
	return ph.Last().When.UTC(), nil
}

// newEnv returns the CEL environment of documents of one kind, whose type
// is docType.
func newEnv(pv *provider, docType *cel.Type, rp *repository) (*cel.Env, error) {
	opts := []cel.EnvOption{
		cel.CustomTypeProvider(pv),
		cel.CustomTypeAdapter(pv),
		cel.Variable(varDoc, docType),
		cel.Variable(varPath, cel.StringType),
		cel.Variable(varKind, cel.StringType),
		cel.Variable(varID, cel.StringType),
		cel.Variable(varStatus, cel.StringType),
		cel.Variable(varToday, cel.TimestampType),
		cel.ParserRecursionLimit(maxNesting),
		cel.ParserExpressionSizeLimit(maxExpression),
		cel.CrossTypeNumericComparisons(true),
		cel.OptionalTypes(),
		ext.Strings(),
	}
	opts = append(opts, functions(rp)...)
	return cel.NewEnv(opts...)
}

// activation gives an evaluation its variables without a map per document.
type activation struct {
	doc                    map[string]any
	path, kind, id, status string
	today                  time.Time
}

func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case varDoc:
		return a.doc, true
	case varPath:
		return a.path, true
	case varKind:
		return a.kind, true
	case varID:
		return a.id, true
	case varStatus:
		return a.status, true
	case varToday:
		return a.today, true
	}
	return nil, false
}

func (a *activation) Parent() interpreter.Activation { return nil }

// show renders a value for a message: text as written, dates as
// YYYY-MM-DD, lists joined with commas.
func show(v ref.Val) string {
	switch x := v.(type) {
	case types.String:
		return string(x)
	case types.Timestamp:
		if t := x.Time.UTC(); t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			return t.Format(time.DateOnly)
		}
		return x.Time.UTC().Format(time.RFC3339)
	case types.Null:
		return "null"
	case traits.Lister:
		var parts []string
		for it := x.Iterator(); it.HasNext() == types.True; {
			parts = append(parts, show(it.Next()))
		}
		return strings.Join(parts, ", ")
	}
	if s, ok := v.ConvertToType(types.StringType).(types.String); ok {
		return string(s)
	}
	return fmt.Sprint(v.Value())
}
