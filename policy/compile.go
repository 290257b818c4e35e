package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/types"

	"github.com/aimsdev/aims/artifact"
	"github.com/aimsdev/aims/internal/suggest"
	"github.com/aimsdev/aims/lint"
	"github.com/aimsdev/aims/schema"
)

// compiled is a rule checked for the documents of one kind.
type compiled struct {
	env   *cel.Env
	when  *cel.Ast // nil when the rule has no condition
	expr  *cel.Ast
	parts []msgPart
	field []string // the field findings point at
	// uses says which repository functions the expressions call, for the
	// rule's scope.
	uses map[string]bool
}

// A msgPart is a piece of a message template: text, or an expression
// whose value is shown.
type msgPart struct {
	text string
	expr *cel.Ast
}

// holes finds the {{ expression }} holes of a message template.
var holes = regexp.MustCompile(`(?s)\{\{(.*?)\}\}`)

// compiler compiles rules against the kinds' schemas.
type compiler struct {
	set   *schema.Set
	pv    *provider
	known func(ref string) bool
	kinds map[string]bool
	// schemaless are the custom kinds without a schema.
	schemaless map[string]bool
	envs       map[string]*cel.Env
	docTy      map[string]*cel.Type
}

// env returns the environment of kind, built once.
func (c *compiler) env(kind string) (*cel.Env, error) {
	if e, ok := c.envs[kind]; ok {
		return e, nil
	}
	sh := c.set.Shape(kind)
	if c.schemaless[kind] {
		sh = nil // its documents are maps: no schema names their fields
	}
	t := c.pv.kindType(kind, sh)
	e, err := newEnv(c.pv, t, nil)
	if err != nil {
		return nil, err
	}
	c.envs[kind], c.docTy[kind] = e, t
	return e, nil
}

// compile checks every expression of d for each of its kinds. Mistakes are
// errors at their line and column in the rule file.
func (c *compiler) compile(d *Def, display string) (map[string]*compiled, []error) {
	var errs []error
	fail := func(pos artifact.Position, format string, args ...any) {
		errs = append(errs, &lint.ConfigError{Path: display, Pos: pos, Msg: fmt.Sprintf(format, args...)})
	}
	for i, k := range d.Kinds {
		if !c.kinds[k] {
			names := make([]string, 0, len(c.kinds))
			for n := range c.kinds {
				names = append(names, n)
			}
			slices.Sort(names)
			msg := fmt.Sprintf("rule %s: unknown kind %q", d.ID, k)
			if s := suggest.Closest(k, names, 3); s != "" {
				msg += fmt.Sprintf(": did you mean %q?", s)
			} else {
				msg += ": use a built-in kind or a custom kind of .aims.yaml"
			}
			at := d.at.Start
			if i < len(d.kindAt) {
				at = d.kindAt[i]
			}
			fail(at, "%s", msg)
		}
	}
	for _, r := range append(slices.Clone(d.Controls), d.Evidences...) {
		if c.known != nil && !c.known(r) {
			at, ok := d.refAt[r]
			if !ok {
				at = d.at.Start
			}
			fail(at, "rule %s: %q is not an ISO/IEC 42001 clause or Annex A control: write a reference such as 6.1.2 or A.6.2.4 (`aims controls` lists them)", d.ID, r)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	out := map[string]*compiled{}
	for _, k := range d.Kinds {
		env, err := c.env(k)
		if err != nil {
			fail(d.at.Start, "rule %s: %v", d.ID, err)
			continue
		}
		cp := &compiled{env: env, uses: map[string]bool{}}
		// where is the file position of line and column (1-based) of a
		// CEL text.
		check := func(text string, where func(line, col int) artifact.Position, what string, want *cel.Type) *cel.Ast {
			a, iss := env.Compile(text)
			if iss != nil && iss.Err() != nil {
				for _, e := range iss.Errors() {
					fail(where(e.Location.Line(), e.Location.Column()+1), "rule %s, %s (kind %s): %s", d.ID, what, k, c.explain(e.Message, k))
				}
				return nil
			}
			if want != nil && !a.OutputType().IsExactType(want) && !a.OutputType().IsExactType(cel.DynType) {
				fail(where(1, 1), "rule %s, %s (kind %s): the expression gives %s, not true or false", d.ID, what, k, a.OutputType())
				return nil
			}
			calls(a.NativeRep().Expr(), cp.uses)
			return a
		}
		in := func(text string, src source) func(line, col int) artifact.Position {
			return func(line, col int) artifact.Position { return src.pos(text, offset(text, line, col)) }
		}
		if d.When != "" {
			cp.when = check(d.When, in(d.When, d.when), "when", cel.BoolType)
		}
		cp.expr = check(d.Expression, in(d.Expression, d.expr), "expression", cel.BoolType)
		last := 0
		for _, m := range holes.FindAllStringSubmatchIndex(d.Message, -1) {
			cp.parts = append(cp.parts, msgPart{text: d.Message[last:m[0]]})
			inner := d.Message[m[2]:m[3]]
			where := func(line, col int) artifact.Position {
				return d.msg.pos(d.Message, m[2]+offset(inner, line, col))
			}
			if a := check(inner, where, "message", nil); a != nil {
				cp.parts = append(cp.parts, msgPart{expr: a})
			}
			last = m[1]
		}
		cp.parts = append(cp.parts, msgPart{text: d.Message[last:]})
		if d.Field != "" {
			cp.field = strings.Split(d.Field, ".")
			if msg := c.checkField(c.docTy[k], cp.field, k); msg != "" {
				fail(d.fieldAt, "rule %s, field (kind %s): %s", d.ID, k, msg)
			}
		} else if cp.expr != nil {
			cp.field = docField(cp.expr.NativeRep().Expr())
		}
		out[k] = cp
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// offset is the byte offset of line and column (1-based, in characters)
// of s; 0 for a position before s, such as CEL's for a whole expression.
func offset(s string, line, col int) int {
	if line < 1 || col < 1 {
		return 0
	}
	i := 0
	for ; line > 1; line-- {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			return len(s)
		}
		i += j + 1
	}
	for ; col > 1 && i < len(s); col-- {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return i
}

var undefinedField = regexp.MustCompile(`undefined field '([^']+)'`)

// explain adds a "did you mean" to CEL's message for a field the kind's
// schema does not have.
func (c *compiler) explain(msg, kind string) string {
	switch {
	case strings.Contains(msg, "recursion limit exceeded"):
		return fmt.Sprintf("the expression nests deeper than %d: split it into simpler conditions, or into several rules", maxNesting)
	case strings.Contains(msg, "size exceeds limit"):
		return fmt.Sprintf("the expression is longer than %d characters: split it into several rules", maxExpression)
	}
	m := undefinedField.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	var names []string
	prefix := "aims." + typeWord(kind)
	for n, o := range c.pv.objects {
		if n == prefix || strings.HasPrefix(n, prefix+".") {
			names = append(names, o.names...)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	out := fmt.Sprintf("the schema of %s has no field %q", kind, m[1])
	if s := suggest.Closest(m[1], names, 3); s != "" {
		return out + fmt.Sprintf(": did you mean %q?", s)
	}
	return out + ": read other fields with field(doc, \"name\"), or add it to the kind's schema"
}

// calls records the names of the functions an expression calls.
func calls(e ast.Expr, into map[string]bool) {
	ast.PreOrderVisit(e, ast.NewExprVisitor(func(x ast.Expr) {
		if x.Kind() == ast.CallKind {
			into[x.AsCall().FunctionName()] = true
		}
	}))
}

// docField returns the first field of the document an expression names
// (doc.a.b gives [a b]), for findings to point at; nil when it names none.
func docField(e ast.Expr) []string {
	var out []string
	ast.PreOrderVisit(e, ast.NewExprVisitor(func(x ast.Expr) {
		if out != nil || x.Kind() != ast.SelectKind {
			return
		}
		var path []string
		y := x
		for y.Kind() == ast.SelectKind {
			path = append(path, y.AsSelect().FieldName())
			y = y.AsSelect().Operand()
		}
		if y.Kind() == ast.IdentKind && y.AsIdent() == varDoc {
			slices.Reverse(path)
			out = path
		}
	}))
	return out
}

// checkField says what is wrong with a `field:` path for documents of type
// t (of kind), or "" when the schema has it: each name must be a field of
// the object it is read from; list indexes and fields of mappings the
// schema leaves open are not checked.
func (c *compiler) checkField(t *cel.Type, path []string, kind string) string {
	for i, seg := range path {
		if t.Kind() == types.ListKind {
			if _, err := strconv.Atoi(seg); err != nil {
				return fmt.Sprintf("%s is a list: write an index, such as %s.0", strings.Join(path[:i], "."), strings.Join(path[:i], "."))
			}
			t = t.Parameters()[0]
			continue
		}
		if t.Kind() != types.StructKind {
			return ""
		}
		o := c.pv.objects[t.TypeName()]
		if o == nil {
			return ""
		}
		f, ok := o.fields[seg]
		if !ok {
			msg := fmt.Sprintf("the schema of %s has no field %q here", kind, strings.Join(path[:i+1], "."))
			if s := suggest.Closest(seg, o.names, 3); s != "" {
				msg += fmt.Sprintf(": did you mean %q?", s)
			}
			return msg
		}
		t = f.Type
	}
	return ""
}
