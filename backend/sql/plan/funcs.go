package plan

import (
	"errors"
	"strings"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// aggCollector gathers the aggregate calls of one query level.
type aggCollector struct {
	calls []AggCall
	refs  []*aggRef
	// groupings are the GROUPING(...) calls (groupingsets.go).
	groupings    []*groupingRef
	groupingLocs []int
}

// aggRef stands for an aggregate's result until the planner places the
// Agg node and turns it into a Var over the Agg's output.
type aggRef struct {
	idx int
	t   types.T
}

func (a *aggRef) Type() types.T { return a.t }
func (a *aggRef) Eval(*expr.Frame) (types.Datum, error) {
	return types.Null, pgerr.New(pgerr.InternalError, "aggregate reference evaluated outside its Agg node")
}

// winCollector gathers the window function calls of one query level.
type winCollector struct {
	calls []winCall
}

type winCall struct {
	fn   WindowFunc
	def  *parser.WindowDef
	ref  *winRef
	loc  int
	spec *windowSpec
}

type winRef struct {
	idx int
	t   types.T
}

func (w *winRef) Type() types.T { return w.t }
func (w *winRef) Eval(*expr.Frame) (types.Datum, error) {
	return types.Null, pgerr.New(pgerr.InternalError, "window function reference evaluated outside its Window node")
}

func funcName(names []string) (string, error) {
	switch len(names) {
	case 1:
		return names[0], nil
	case 2:
		if names[0] == "pg_catalog" {
			return names[1], nil
		}
		if names[0] == "information_schema" && strings.HasPrefix(names[1], "_pg_") {
			return names[1], nil // the schema's support functions
		}
		return "", pgerr.New(pgerr.UndefinedSchema, "schema %q does not exist", names[0])
	}
	return "", pgerr.New(pgerr.SyntaxError, "improper qualified name (too many dotted names): %s", strings.Join(names, "."))
}

func (q *analyzer) funcCall(n *parser.FuncCall) (expr.Expr, error) {
	name, err := funcName(n.Name)
	if err != nil {
		return nil, q.errAt(err, n.Location)
	}
	if n.SQLSyntax {
		if x, ok, err := q.sqlSyntaxCall(name, n); ok || err != nil {
			return x, err
		}
	}
	if n, err = q.namedArgs(name, n); err != nil {
		return nil, err
	}
	withinGroup := n.WithinGroup
	if n.WithinGroup {
		// An ordered-set aggregate takes its direct arguments, then the
		// WITHIN GROUP values, which also order its input.
		c := *n
		c.WithinGroup = false
		c.Args = append([]parser.Expr(nil), n.Args...)
		for _, sb := range n.OrderBy {
			c.Args = append(c.Args, sb.Expr)
		}
		n = &c
	}
	args := make([]expr.Expr, 0, len(n.Args))
	argTypes := make([]types.T, 0, len(n.Args))
	aggArgs := n.Over == nil // aggregate arguments are analysed below the aggregate
	_ = aggArgs
	for _, a := range n.Args {
		x, err := q.transform(a)
		if err != nil {
			return nil, err
		}
		args = append(args, x)
		argTypes = append(argTypes, x.Type())
	}
	if n.Star {
		if name != "count" {
			return nil, q.errAt(pgerr.New(pgerr.WrongObjectType, "%s(*) specified, but %s is not an aggregate function", name, name), n.Location)
		}
	}
	res, err := resolveFunc(name, argTypes, n.Variadic)
	if err != nil {
		if n.Star && len(args) == 0 {
			res, err = resolveFunc("count", nil, false)
		}
		if err != nil {
			return nil, q.errAt(qualifiedFuncError(err, n.Name), n.Location)
		}
	}
	if funcs.OrderedSet[res.Func.Name] && res.Func.Kind == funcs.KindAgg && !withinGroup {
		return nil, q.errAt(pgerr.New(pgerr.WrongObjectType, "WITHIN GROUP is required for ordered-set aggregate %s", name), n.Location)
	}
	switch res.Func.Kind {
	case funcs.KindAgg:
		if n.Over != nil {
			return q.windowCall(n, res, args)
		}
		return q.aggCall(n, res, args)
	case funcs.KindWindow:
		if n.Over == nil {
			return nil, q.errAt(pgerr.New(pgerr.WrongObjectType, "window function %s requires an OVER clause", name), n.Location)
		}
		return q.windowCall(n, res, args)
	}
	if n.Over != nil {
		return nil, q.errAt(pgerr.New(pgerr.WrongObjectType, "OVER specified, but %s is not a window function nor an aggregate function", name), n.Location)
	}
	if n.Distinct || len(n.OrderBy) > 0 || n.Filter != nil {
		what := "DISTINCT"
		if n.Filter != nil {
			what = "FILTER"
		} else if len(n.OrderBy) > 0 {
			what = "ORDER BY"
		}
		return nil, q.errAt(pgerr.New(pgerr.WrongObjectType, "%s specified, but %s is not an aggregate function", what, name), n.Location)
	}
	if res.Func.RetSet {
		return q.srfCall(n, res, args)
	}
	call, err := q.callResolved(res, args, n.Location)
	if err != nil {
		return nil, err
	}
	return q.foldCall(call, n.Location)
}

// foldCall evaluates an immutable function of constants now.
func (q *analyzer) foldCall(x expr.Expr, loc int) (expr.Expr, error) {
	c, ok := x.(*expr.Call)
	if !ok || c.Fn.Volatility != funcs.Immutable || c.Fn.Call == nil {
		return x, nil
	}
	for _, a := range c.Args {
		if _, ok := a.(*expr.Const); !ok {
			return x, nil
		}
	}
	v, err := c.Eval(&expr.Frame{Ctx: &funcs.Ctx{Env: q.env}})
	if err != nil {
		// The error fires only if the expression is reached.
		return x, nil
	}
	return &expr.Const{T: c.T, Value: v}, nil
}

func (q *analyzer) aggCall(n *parser.FuncCall, res *funcs.Resolved, args []expr.Expr) (expr.Expr, error) {
	name := res.Func.Name
	sc := q.sc
	if up := outerAggLevel(args); up > 0 && sc != nil && !sc.funcArgs && n.Filter == nil && len(n.OrderBy) == 0 {
		return q.outerAggCall(n, res, args, up)
	}
	if sc == nil || sc.agg == nil {
		clause := "this context"
		if sc != nil && sc.noAggs != "" {
			clause = sc.noAggs
		}
		return nil, q.errAt(pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in %s", clause), n.Location)
	}
	call := AggCall{Fn: res.Func, ArgTypes: res.ArgTypes, Result: res.Result, Distinct: n.Distinct, Star: n.Star}
	for i, a := range args {
		c, err := q.coerce(a, res.ArgTypes[i], types.CastImplicit, n.Location)
		if err != nil {
			return nil, err
		}
		if containsAggRef(c) {
			return nil, q.errAt(pgerr.New(pgerr.GroupingError, "aggregate function calls cannot be nested"), n.Location)
		}
		if containsWinRef(c) {
			return nil, q.errAt(pgerr.New(pgerr.GroupingError, "aggregate function calls cannot contain window function calls"), n.Location)
		}
		call.Args = append(call.Args, c)
	}
	if err := q.aggInFrom(call.Args, n.Location); err != nil {
		return nil, err
	}
	if n.Filter != nil {
		f, err := q.filterClause(n.Filter)
		if err != nil {
			return nil, err
		}
		call.Filter = f
	}
	for _, sb := range n.OrderBy {
		x, err := q.transform(sb.Expr)
		if err != nil {
			return nil, err
		}
		if n.Distinct && !n.WithinGroup && !exprIn(x, call.Args) {
			return nil, q.errAt(pgerr.New(pgerr.InvalidColumnReference, "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list"), sb.Location)
		}
		call.OrderBy = append(call.OrderBy, sortKey(x, sb))
	}
	_ = name
	q.noteFunc(res.Func.Oid)
	ref := &aggRef{idx: len(sc.agg.calls), t: res.Result}
	sc.agg.calls = append(sc.agg.calls, call)
	sc.agg.refs = append(sc.agg.refs, ref)
	return ref, nil
}

func sortKey(x expr.Expr, sb *parser.SortBy) SortKey {
	k := SortKey{Expr: x, Desc: sb.Dir == parser.SortDesc}
	switch sb.Nulls {
	case parser.NullsFirst:
		k.NullsFirst = true
	case parser.NullsLast:
		k.NullsFirst = false
	default:
		k.NullsFirst = k.Desc
	}
	return k
}

// outerAggLevel is the query level an aggregate belongs to, counted
// outwards from the current one: the lowest level of the columns its
// arguments read (0 when they read one of this level, or none).
func outerAggLevel(args []expr.Expr) int {
	level := -1
	for _, a := range args {
		walk(a, func(e expr.Expr) bool {
			switch v := e.(type) {
			case *expr.Var:
				if level < 0 || v.Level < level {
					level = v.Level
				}
			case *expr.SubLink:
				level = 0 // its own columns are not seen here: keep it local
			}
			return true
		})
	}
	return max(level, 0)
}

// outerAggCall plans an aggregate of an enclosing query used in a
// sub-query (SELECT ... WHERE x < max(outer.y)): the enclosing query
// computes it per group, and the sub-query reads its result as a column
// of that level, which aboveAgg points at the Agg node's row.
func (q *analyzer) outerAggCall(n *parser.FuncCall, res *funcs.Resolved, args []expr.Expr, up int) (expr.Expr, error) {
	ts := q.sc
	for i := 0; i < up && ts != nil; i++ {
		ts = ts.parent
	}
	if err := q.aggInFrom(args, n.Location); err != nil {
		return nil, err
	}
	if ts == nil || ts.agg == nil {
		clause := "this context"
		if ts != nil && ts.noAggs != "" {
			clause = ts.noAggs
		}
		return nil, q.errAt(pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in %s", clause), n.Location)
	}
	call := AggCall{Fn: res.Func, ArgTypes: res.ArgTypes, Result: res.Result, Distinct: n.Distinct, Star: n.Star}
	if q.lifted == nil {
		q.lifted = map[*expr.Var]bool{}
	}
	for i, a := range args {
		c, err := q.coerce(a, res.ArgTypes[i], types.CastImplicit, n.Location)
		if err != nil {
			return nil, err
		}
		if containsAggRef(c) {
			return nil, q.errAt(pgerr.New(pgerr.GroupingError, "aggregate function calls cannot be nested"), n.Location)
		}
		walk(c, func(e expr.Expr) bool {
			if v, ok := e.(*expr.Var); ok {
				v.Level -= up
				q.lifted[v] = true
			}
			return true
		})
		call.Args = append(call.Args, c)
	}
	q.noteFunc(res.Func.Oid)
	ref := &aggRef{idx: len(ts.agg.calls), t: res.Result}
	ts.agg.calls = append(ts.agg.calls, call)
	ts.agg.refs = append(ts.agg.refs, ref)
	v := &expr.Var{Level: up, Index: 0, T: res.Result}
	if q.outerAggs == nil {
		q.outerAggs = map[*expr.Var]*aggRef{}
	}
	q.outerAggs[v] = ref
	if !ts.refsBelow {
		ts.minRefBelow = 0
	}
	ts.refsBelow = true
	ts.outerVars = append(ts.outerVars, v)
	return v, nil
}

// filterClause analyses an aggregate's FILTER condition, where neither
// aggregates nor window functions may appear.
func (q *analyzer) filterClause(f parser.Expr) (expr.Expr, error) {
	sc := q.sc
	savedAgg, savedNoAggs, savedWins, savedNoWins := sc.agg, sc.noAggs, sc.wins, sc.noWins
	sc.agg, sc.noAggs, sc.wins, sc.noWins = nil, "FILTER", nil, "FILTER"
	defer func() { sc.agg, sc.noAggs, sc.wins, sc.noWins = savedAgg, savedNoAggs, savedWins, savedNoWins }()
	return q.transformBool(f, "FILTER")
}

// exprIn reports whether x equals one of list.
func exprIn(x expr.Expr, list []expr.Expr) bool {
	for _, a := range list {
		if equalExpr(x, a) {
			return true
		}
		if c, ok := a.(*expr.Cast); ok && equalExpr(x, c.Arg) {
			return true
		}
	}
	return false
}

// containsWinRef reports whether a window function reference occurs in x.
func containsWinRef(x expr.Expr) bool { return containsNode[*winRef](x) }

// containsAggRef reports whether an aggregate reference occurs in x.
func containsAggRef(x expr.Expr) bool { return containsNode[*aggRef](x) }

// containsNode reports whether a node of type T occurs in x.
func containsNode[T expr.Expr](x expr.Expr) bool {
	found := false
	walk(x, func(e expr.Expr) bool {
		if _, ok := e.(T); ok {
			found = true
		}
		return !found
	})
	return found
}

// sqlSyntaxCall handles calls written with SQL's special syntax whose
// function has another name or argument order.
func (q *analyzer) sqlSyntaxCall(name string, n *parser.FuncCall) (expr.Expr, bool, error) {
	switch name {
	case "timezone":
		// AT TIME ZONE: timezone(zone, value).
		return nil, false, nil
	}
	return nil, false, nil
}

// sqlValueFunction maps CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_USER...
// onto functions.
func (q *analyzer) sqlValueFunction(n *parser.SQLValueFunction) (expr.Expr, error) {
	var name string
	var cast types.Oid
	switch n.Op {
	case parser.SVFCurrentDate:
		name, cast = "now", types.DateOid
	case parser.SVFCurrentTime:
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "CURRENT_TIME is not supported yet"), n.Location)
	case parser.SVFCurrentTimestamp:
		name = "now"
	case parser.SVFLocalTime:
		name, cast = "now", types.TimeOid
	case parser.SVFLocalTimestamp:
		name, cast = "now", types.TimestampOid
	case parser.SVFCurrentRole, parser.SVFCurrentUser, parser.SVFUser:
		name = "current_user"
	case parser.SVFSessionUser:
		name = "session_user"
	case parser.SVFCurrentCatalog:
		name = "current_database"
	case parser.SVFCurrentSchema:
		name = "current_schema"
	}
	res, err := resolveFunc(name, nil, false)
	if err != nil {
		return nil, q.errAt(err, n.Location)
	}
	x, err := q.callResolved(res, nil, n.Location)
	if err != nil {
		return nil, err
	}
	if cast != 0 {
		return q.coerce(x, types.Of(cast), types.CastExplicit, n.Location)
	}
	return x, nil
}

// walk visits x and its sub-expressions depth first while fn returns true.
func walk(x expr.Expr, fn func(expr.Expr) bool) {
	if x == nil || !fn(x) {
		return
	}
	for _, c := range children(x) {
		walk(c, fn)
	}
}

// children returns an expression's direct sub-expressions.
func children(x expr.Expr) []expr.Expr {
	switch n := x.(type) {
	case *expr.Call:
		return n.Args
	case *expr.Cast:
		return []expr.Expr{n.Arg}
	case *expr.And:
		return n.Args
	case *expr.Or:
		return n.Args
	case *expr.Not:
		return []expr.Expr{n.Arg}
	case *expr.IsNull:
		return []expr.Expr{n.Arg}
	case *expr.BoolTest:
		return []expr.Expr{n.Arg}
	case *expr.Case:
		out := []expr.Expr{}
		if n.Subject != nil {
			out = append(out, n.Subject)
		}
		for _, w := range n.Whens {
			out = append(out, w.Cond, w.Result)
		}
		return append(out, n.Else)
	case *expr.Coalesce:
		return n.Args
	case *expr.MinMax:
		return n.Args
	case *expr.NullIf:
		return []expr.Expr{n.Eq}
	case *expr.Distinct:
		return []expr.Expr{n.Eq}
	case *expr.RowCompare:
		out := make([]expr.Expr, len(n.Cmps))
		for i, c := range n.Cmps {
			out[i] = c
		}
		return out
	case *expr.InList:
		out := []expr.Expr{n.Left}
		for _, it := range n.Items {
			out = append(out, it.Args[1])
		}
		return out
	case *expr.ArrayCtor:
		return n.Elems
	case *expr.RowCtor:
		return n.Fields
	case *expr.ArrayOp:
		return []expr.Expr{n.Left, n.Array}
	case *expr.Subscript:
		return []expr.Expr{n.Arr, n.Index}
	case *expr.ArraySub:
		out := []expr.Expr{n.Arr}
		for i := range n.Lower {
			if n.Lower[i] != nil {
				out = append(out, n.Lower[i])
			}
			if n.Upper[i] != nil {
				out = append(out, n.Upper[i])
			}
		}
		return out
	case *expr.SubLink:
		if n.Left != nil {
			return []expr.Expr{n.Left}
		}
	case *retype:
		return []expr.Expr{n.Expr}
	}
	return nil
}

// srfRef stands for the current value of a set-returning function call
// of the select list until the planner places the ProjectSet that runs it.
type srfRef struct {
	idx  int
	fn   *funcs.Func
	args []expr.Expr
	t    types.T
	// field is the output column a field selection (f(...)).name took
	// from a function with several output columns, or -1: then the call's
	// value is its whole row as a record.
	field int
}

func (r *srfRef) Type() types.T { return r.t }
func (r *srfRef) Eval(*expr.Frame) (types.Datum, error) {
	return types.Null, pgerr.New(pgerr.InternalError, "set-returning function evaluated outside its ProjectSet")
}

// srfCall accepts a set-returning function call in the select list (one
// that returns one column).
func (q *analyzer) srfCall(n *parser.FuncCall, res *funcs.Resolved, args []expr.Expr) (expr.Expr, error) {
	if !q.srfOK {
		clause := "this context"
		if q.sc != nil && q.sc.noWins != "" {
			clause = q.sc.noWins
		}
		return nil, q.errAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in %s", clause), n.Location)
	}
	out := make([]expr.Expr, len(args))
	for i, a := range args {
		c, err := q.coerce(a, res.ArgTypes[i], types.CastImplicit, n.Location)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	argTypes := make([]types.T, len(out))
	for i, a := range out {
		argTypes[i] = a.Type()
	}
	fn := concreteOut(res.Func, argTypes)
	r := &srfRef{idx: len(q.srfs), fn: fn, args: out, t: res.Result, field: -1}
	switch len(fn.Out) {
	case 0:
	case 1:
		r.field = 0
		r.t = types.Of(fn.Out[0].Type)
	default:
		r.t = types.Of(types.RecordOid)
	}
	q.srfs = append(q.srfs, r)
	return r, nil
}

// qualifiedFuncError names a schema-qualified call as it was written in
// "function ... does not exist", as PostgreSQL does.
func qualifiedFuncError(err error, name []string) error {
	if len(name) < 2 {
		return err
	}
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Code != pgerr.UndefinedFunction {
		return err
	}
	short := "function " + name[len(name)-1] + "("
	if !strings.HasPrefix(pe.Message, short) {
		return err
	}
	cp := *pe
	cp.Message = "function " + strings.Join(name, ".") + "(" + pe.Message[len(short):]
	return &cp
}
