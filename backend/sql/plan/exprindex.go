package plan

import (
	"errors"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Expression and partial indexes. An index key may be an expression over
// the table row (Index.Exprs, Cols -1) and an index may cover only the
// rows its predicate accepts (Index.Pred). Both are analysed from their
// stored SQL text against the table, like CHECK constraints, and
// evaluated over the heap row wherever keys are made (exec's index
// writer, the engine's index build). The planner matches a condition
// "expression op value" against a key expression by structure
// (sameIndexExpr: a generic plan's literal is compared by value and
// pinned), and uses a partial index only when each conjunct of its
// predicate follows from one of the query's conditions (implies).

// ParseIndexExpr analyses an index key expression (predicate false) or
// an index predicate over table t, refusing what PostgreSQL refuses
// there: aggregates, window functions, sub-queries and functions not
// marked IMMUTABLE.
func ParseIndexExpr(sqlText string, t *Table, cat Catalog, env *types.Env, predicate bool) (expr.Expr, error) {
	what, clause := "expression", "index expressions"
	if predicate {
		what, clause = "predicate", "index predicates"
	}
	val, err := parseStored(sqlText)
	if err != nil {
		return nil, err
	}
	q := &analyzer{cat: cat, sql: sqlText, env: env}
	q.sc = &scope{q: q, noAggs: clause, noWins: clause, sysRefused: refuseInIndex}
	q.sc.add(tableEntry(t, t.Name, nil))
	x, err := q.transform(val)
	if err != nil {
		// A position would point into the stored text, not the statement.
		var pe *pgerr.Error
		if errors.As(err, &pe) && pe.Position != 0 {
			cp := *pe
			cp.Position = 0
			return nil, &cp
		}
		return nil, err
	}
	if predicate {
		if x, err = q.coerceBool(x, "WHERE", -1); err != nil {
			return nil, err
		}
	}
	return x, checkIndexExpr(x, what)
}

// checkIndexExpr refuses sub-queries and mutable functions in an index
// expression or predicate.
func checkIndexExpr(x expr.Expr, what string) error {
	var bad error
	walk(x, func(e expr.Expr) bool {
		if bad != nil {
			return false
		}
		switch n := e.(type) {
		case *expr.SubLink:
			bad = pgerr.New(pgerr.FeatureNotSupported, "cannot use subquery in index %s", what)
		case *expr.Call:
			if n.Fn != nil && n.Fn.Volatility != funcs.Immutable {
				bad = pgerr.New(pgerr.InvalidObjectDefinition, "functions in index %s must be marked IMMUTABLE", what)
			}
		case *expr.Cast:
			if _, isConst := n.Arg.(*expr.Const); !isConst && settingDependentCast(n.Arg.Type().Oid, n.To.Oid) {
				bad = pgerr.New(pgerr.InvalidObjectDefinition, "functions in index %s must be marked IMMUTABLE", what)
			}
		}
		return bad == nil
	})
	return bad
}

// settingDependentCast reports a cast whose result depends on the
// session's TimeZone, DateStyle or IntervalStyle: PostgreSQL's functions
// for it are STABLE, so an index may not use it.
func settingDependentCast(from, to types.Oid) bool {
	stringy := func(o types.Oid) bool {
		return o == types.TextOid || o == types.VarcharOid || o == types.BPCharOid || o == types.NameOid
	}
	datetime := func(o types.Oid) bool {
		return o == types.DateOid || o == types.TimeOid || o == types.TimestampOid || o == types.IntervalOid
	}
	if from == to {
		return false
	}
	if from == types.TimestampTZOid || to == types.TimestampTZOid {
		other := to
		if to == types.TimestampTZOid {
			other = from
		}
		return datetime(other) || stringy(other)
	}
	return datetime(from) && stringy(to) || stringy(from) && datetime(to)
}

// ExprReads marks in reads the columns of the table row that x reads.
func ExprReads(x expr.Expr, reads []bool) {
	walk(x, func(e expr.Expr) bool {
		if v, ok := e.(*expr.Var); ok && v.Level == 0 && v.Index >= 0 && v.Index < len(reads) {
			reads[v.Index] = true
		}
		return true
	})
}

// IndexKeyVar reports the table column an analysed index key expression
// is when it is a bare column reference ("(a)"), which PostgreSQL keeps
// as a plain column key.
func IndexKeyVar(x expr.Expr) (int, bool) {
	v, ok := x.(*expr.Var)
	if !ok || v.Level != 0 {
		return 0, false
	}
	return v.Index, true
}

// keyCond matches condition c against key k of index ix of table t:
// "key op value" or "value op key", the value reading no column of this
// level and having the key's type. It returns the operator as seen from
// the key's side.
func (q *analyzer) keyCond(t *Table, ix *Index, k int, c expr.Expr) (op string, val expr.Expr, ok bool) {
	if col := ix.Cols[k]; col >= 0 {
		cc, op, val, ok := indexCond(c)
		if !ok || cc != col || ix.Types[k] != t.Cols[col].T {
			return "", nil, false
		}
		return op, val, true
	}
	if k >= len(ix.Exprs) || ix.Exprs[k] == nil {
		return "", nil, false
	}
	call, isCall := c.(*expr.Call)
	if !isCall || len(call.Args) != 2 {
		return "", nil, false
	}
	flip := map[string]string{"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
	if _, known := flip[call.Op]; !known {
		return "", nil, false
	}
	free := func(x expr.Expr) bool {
		sp := spanOf(x)
		return sp.max < 0 && !sp.opaque && x.Type() == ix.Types[k]
	}
	if free(call.Args[1]) && q.sameIndexExpr(call.Args[0], ix.Exprs[k]) {
		return call.Op, call.Args[1], true
	}
	if free(call.Args[0]) && q.sameIndexExpr(call.Args[1], ix.Exprs[k]) {
		return flip[call.Op], call.Args[0], true
	}
	return "", nil, false
}

// indexApplies reports whether index ix can answer a scan with conditions
// quals: always for a complete index, and for a partial one when each
// conjunct of its predicate follows from one of quals (the scan keeps
// quals, so nothing is lost by the index holding fewer rows).
func (q *analyzer) indexApplies(ix *Index, quals []expr.Expr) bool {
	if ix.Pred == nil {
		return true
	}
	for _, p := range conjuncts(ix.Pred) {
		found := false
		for _, c := range quals {
			if q.implies(c, p) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// implies reports whether query condition c, when true, makes predicate
// conjunct p true: the same condition, a strict comparison of x for
// "x IS NOT NULL", or a comparison of the same expression with a
// constant that bounds it within p's (a > 10 for a > 0).
func (q *analyzer) implies(c, p expr.Expr) bool {
	if q.equalCond(c, p) {
		return true
	}
	if n, ok := p.(*expr.IsNull); ok && n.Not {
		call, ok := c.(*expr.Call)
		if !ok || call.Op == "" || call.Fn == nil || !call.Fn.Strict {
			return false
		}
		for _, a := range call.Args {
			if q.sameIndexExpr(a, n.Arg) {
				return true
			}
		}
		return false
	}
	px, pop, pk, ok := q.constCmp(p, nil)
	if !ok {
		return false
	}
	cx, cop, ck, ok := q.constCmp(c, &pk.T)
	if !ok || !q.sameIndexExpr(cx, px) {
		return false
	}
	d := types.Compare(pk.T, ck.Value, pk.Value) // c's constant against p's
	switch pop {
	case ">":
		return (cop == ">" && d >= 0) || ((cop == ">=" || cop == "=") && d > 0)
	case ">=":
		return (cop == ">" || cop == ">=" || cop == "=") && d >= 0
	case "<":
		return (cop == "<" && d <= 0) || ((cop == "<=" || cop == "=") && d < 0)
	case "<=":
		return (cop == "<" || cop == "<=" || cop == "=") && d <= 0
	case "=":
		return cop == "=" && d == 0
	case "<>":
		return (cop == "=" && d != 0) || (cop == ">" && d >= 0) || (cop == ">=" && d > 0) ||
			(cop == "<" && d <= 0) || (cop == "<=" && d < 0)
	}
	return false
}

// constCmp splits "x op constant" (or "constant op x") into x, the
// operator seen from x and the constant, which must not be NULL and has
// x's type. In a query, want is the type of the predicate's constant, and
// a literal of a generic plan counts as a constant (its value is pinned).
func (q *analyzer) constCmp(c expr.Expr, want *types.T) (expr.Expr, string, *expr.Const, bool) {
	call, ok := c.(*expr.Call)
	if !ok || len(call.Args) != 2 {
		return nil, "", nil, false
	}
	flip := map[string]string{"=": "=", "<>": "<>", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
	if _, known := flip[call.Op]; !known {
		return nil, "", nil, false
	}
	constOf := func(x expr.Expr, t types.T) (*expr.Const, bool) {
		if k, ok := x.(*expr.Const); ok {
			return k, !k.Value.Null && k.T == t
		}
		if want == nil {
			return nil, false
		}
		v, ok := q.literalValue(x, *want)
		return &expr.Const{T: *want, Value: v}, ok && !v.Null && *want == t
	}
	if k, ok := constOf(call.Args[1], call.Args[0].Type()); ok {
		return call.Args[0], call.Op, k, true
	}
	if k, ok := constOf(call.Args[0], call.Args[1].Type()); ok {
		return call.Args[1], flip[call.Op], k, true
	}
	return nil, "", nil, false
}

// equalCond is sameIndexExpr extended to the boolean forms a predicate
// is written in (NOT, IS [NOT] NULL, a bare boolean column).
func (q *analyzer) equalCond(a, b expr.Expr) bool {
	switch x := a.(type) {
	case *expr.Not:
		y, ok := b.(*expr.Not)
		return ok && q.equalCond(x.Arg, y.Arg)
	case *expr.IsNull:
		y, ok := b.(*expr.IsNull)
		return ok && x.Not == y.Not && q.sameIndexExpr(x.Arg, y.Arg)
	}
	return q.sameIndexExpr(a, b)
}

// sameIndexExpr is equalExpr between a query's expression a and an
// index's b, analysed separately: a function is the same when its
// pg_proc OID is (resolution may hand out distinct descriptions), and a
// literal of a generic plan equals an index constant of the same value
// (which pins the literal).
func (q *analyzer) sameIndexExpr(a, b expr.Expr) bool {
	switch y := b.(type) {
	case *expr.Const:
		if _, isConst := a.(*expr.Const); isConst || y.Value.Null {
			return equalExpr(a, b)
		}
		v, ok := q.literalValue(a, y.T)
		return ok && !v.Null && types.Equal(y.T, v, y.Value)
	case *expr.Call:
		x, ok := a.(*expr.Call)
		if !ok || len(x.Args) != len(y.Args) || x.T != y.T || x.Fn == nil || y.Fn == nil {
			return false
		}
		if x.Fn != y.Fn && (x.Fn.Oid == 0 || x.Fn.Oid != y.Fn.Oid) {
			return false
		}
		for i := range x.Args {
			if !q.sameIndexExpr(x.Args[i], y.Args[i]) {
				return false
			}
		}
		return true
	case *expr.Cast:
		x, ok := a.(*expr.Cast)
		return ok && x.To == y.To && q.sameIndexExpr(x.Arg, y.Arg)
	}
	return equalExpr(a, b)
}

// literalValue is the value, as type t, of a generic plan's parameter
// standing for a literal (possibly under the cast that typed it); ok is
// false for anything else.
func (q *analyzer) literalValue(x expr.Expr, t types.T) (types.Datum, bool) {
	if c, ok := x.(*expr.Cast); ok {
		x = c.Arg
	}
	p, ok := x.(*expr.Param)
	if !ok {
		return types.Null, false
	}
	for i := range q.litOut {
		if q.litOut[i].Param == p.Index {
			return q.valueOf(p, t)
		}
	}
	return types.Null, false
}

// IndexKeyName is how EXPLAIN names key k of ix: the column, or the
// expression as printed over the table's columns.
func IndexKeyName(t *Table, ix *Index, k int) string {
	if col := ix.Cols[k]; col >= 0 {
		return t.Cols[col].Name
	}
	if k < len(ix.Exprs) && ix.Exprs[k] != nil {
		cols := make([]Column, len(t.Cols))
		for i, c := range t.Cols {
			cols[i] = Column{Name: c.Name, T: c.T}
		}
		return exprString(ix.Exprs[k], cols)
	}
	if k < len(ix.KeyNames) {
		return ix.KeyNames[k]
	}
	return "?"
}

// exprArbiter finds the unique index ON CONFLICT (...) [WHERE ...]
// infers when an element is an expression or a partial unique index may
// be meant; isExpr is false otherwise (the caller matches plain columns).
// The elements must be the index's keys in any order; a partial index
// qualifies when the inference WHERE includes each conjunct of its
// predicate.
func (q *analyzer) exprArbiter(t *Table, inf *parser.InferClause) (ix *Index, isExpr bool, err error) {
	isExpr = inf.Where != nil
	for _, el := range inf.Elems {
		if el.Name == "" && el.Expr != nil {
			isExpr = true
		}
	}
	for _, cand := range t.Indexes {
		if cand.Unique && cand.Pred != nil {
			isExpr = true
		}
	}
	if !isExpr {
		return nil, false, nil
	}
	saved := q.sc
	defer func() { q.sc = saved }()
	q.sc = &scope{q: q, noAggs: "index expressions", noWins: "index expressions"}
	q.sc.add(tableEntry(t, t.Name, nil))
	var elems []expr.Expr
	for _, el := range inf.Elems {
		var x expr.Expr
		if el.Name != "" {
			x, err = q.transform(&parser.ColumnRef{Fields: []string{el.Name}, Location: -1})
		} else {
			x, err = q.transform(el.Expr)
		}
		if err != nil {
			return nil, true, err
		}
		elems = append(elems, x)
	}
	var where []expr.Expr
	if inf.Where != nil {
		w, err := q.transformBool(inf.Where, "WHERE")
		if err != nil {
			return nil, true, err
		}
		where = conjuncts(w)
	}
	for _, cand := range t.Indexes {
		if cand.Unique && len(cand.Cols) == len(elems) && q.keysMatch(cand, elems) && (cand.Pred == nil || q.indexApplies(cand, where)) {
			return cand, true, nil
		}
	}
	return nil, true, pgerr.New(pgerr.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification")
}

// keysMatch reports whether every key of ix is among elems and every
// element among its keys.
func (q *analyzer) keysMatch(ix *Index, elems []expr.Expr) bool {
	matches := func(k int, x expr.Expr) bool {
		if col := ix.Cols[k]; col >= 0 {
			v, ok := x.(*expr.Var)
			return ok && v.Level == 0 && v.Index == col
		}
		return k < len(ix.Exprs) && ix.Exprs[k] != nil && q.sameIndexExpr(x, ix.Exprs[k])
	}
	for k := range ix.Cols {
		found := false
		for _, x := range elems {
			if matches(k, x) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	for _, x := range elems {
		found := false
		for k := range ix.Cols {
			if matches(k, x) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// RenameVars renames the references to column col of the table row in x
// (for re-printing an expression after RENAME COLUMN); x must be fresh
// from analysis.
func RenameVars(x expr.Expr, col int, name string) {
	walk(x, func(e expr.Expr) bool {
		if v, ok := e.(*expr.Var); ok && v.Level == 0 && v.Index == col {
			v.Name = name
		}
		return true
	})
}
