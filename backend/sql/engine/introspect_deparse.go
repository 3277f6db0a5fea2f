package engine

import (
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// Deparsing of analysed expressions in the style of ruleutils.c
// (get_rule_expr), for pg_get_constraintdef and pg_get_viewdef. The
// analyser folds casts of constants, so where PostgreSQL keeps an
// implicit cast of an integer literal (price > 0::numeric) this prints a
// folded numeric constant the same way; constants of other types are
// quoted and labelled as PostgreSQL labels them. A node this does not
// know makes the caller fall back to the stored SQL text.

type deparser struct {
	s      *Session
	pretty bool
	prefix string // "rel." before column names (views), "" for constraints
	ok     bool
	// argCasts prints implicit casts of function arguments, as ruleutils
	// does (index expressions use it).
	argCasts bool
}

// deparseTyped prints a stored expression of relation rel as ruleutils
// would from its analysed tree; ok is false when it cannot.
func (s *Session) deparseTyped(rel *catalog.Relation, src string, pretty bool) (string, bool) {
	t, err := s.planTable(rel)
	if err != nil {
		return "", false
	}
	x, err := plan.ParseExpr(src, t, sessionCatalog{s}, s.env)
	if err != nil {
		return "", false
	}
	d := &deparser{s: s, pretty: pretty, ok: true}
	out := d.top(x)
	return out, d.ok && !lostCall(src, out)
}

// top prints an expression at the top of a clause: implicit casts are
// not shown there.
func (d *deparser) top(x expr.Expr) string {
	if c, ok := x.(*expr.Cast); ok && !c.Explicit {
		return d.top(c.Arg)
	}
	return d.expr(x, nil)
}

// paren wraps s in parentheses outside pretty mode.
func (d *deparser) paren(s string) string {
	if d.pretty {
		return s
	}
	return "(" + s + ")"
}

// child prints x as an argument of parent, parenthesised when pretty
// mode's rules (isSimpleNode) say it needs it.
func (d *deparser) child(x, parent expr.Expr) string {
	s := d.expr(x, parent)
	if d.pretty && !d.simple(x, parent) {
		return "(" + s + ")"
	}
	return s
}

func opPriority(op string) int {
	switch op {
	case "*", "/", "%":
		return 2
	case "+", "-":
		return 1
	}
	return 0
}

// simple is ruleutils' isSimpleNode for the nodes printed here.
func (d *deparser) simple(x, parent expr.Expr) bool {
	switch n := x.(type) {
	case *expr.Var, *expr.Const, *expr.Param:
		return true
	case *expr.Cast:
		return true
	case *expr.Call:
		if n.Op == "" {
			return true // a function call
		}
		switch p := parent.(type) {
		case *expr.And, *expr.Or, *expr.Not:
			return true
		case *expr.Call:
			if p.Op == "" {
				return true
			}
			child, par := opPriority(n.Op), opPriority(p.Op)
			if child == 0 || par == 0 {
				return false
			}
			if child > par {
				return true
			}
			// Same priority: only the left operand needs no parentheses.
			return child == par && len(p.Args) == 2 && p.Args[0] == x
		}
		return false
	case *expr.And, *expr.Not:
		switch parent.(type) {
		case *expr.And, *expr.Or:
			return true
		}
		return false
	case *expr.Or:
		_, ok := parent.(*expr.Or)
		return ok
	case *expr.IsNull, *expr.BoolTest:
		switch parent.(type) {
		case *expr.And, *expr.Or, *expr.Not:
			return true
		}
		return false
	}
	return false
}

func (d *deparser) expr(x, parent expr.Expr) string {
	switch n := x.(type) {
	case *expr.Var:
		if n.Level != 0 || n.Name == "" {
			d.ok = false
			return "?"
		}
		return d.prefix + parser.QuoteIdent(n.Name)
	case *expr.Const:
		return d.constant(n, true)
	case *expr.Cast:
		return d.cast(n)
	case *expr.Call:
		if n.Op != "" {
			if len(n.Args) == 2 {
				return d.paren(d.child(n.Args[0], n) + " " + n.Op + " " + d.child(n.Args[1], n))
			}
			if len(n.Args) == 1 {
				return d.paren(n.Op + " " + d.child(n.Args[0], n))
			}
		}
		if n.Fn == nil {
			d.ok = false
			return "?"
		}
		args := make([]string, len(n.Args))
		for i, a := range n.Args {
			if d.argCasts {
				args[i] = d.expr(a, n)
			} else {
				args[i] = d.top(a)
			}
		}
		if s, ok := funcs.SubscriptText(n.Fn, args); ok {
			return s
		}
		return n.Fn.Name + "(" + strings.Join(args, ", ") + ")"
	case *expr.And:
		return d.paren(d.join(n.Args, n, " AND "))
	case *expr.Or:
		return d.paren(d.join(n.Args, n, " OR "))
	case *expr.Not:
		return d.paren("NOT " + d.child(n.Arg, n))
	case *expr.IsNull:
		if n.Not {
			return d.paren(d.child(n.Arg, n) + " IS NOT NULL")
		}
		return d.paren(d.child(n.Arg, n) + " IS NULL")
	case *expr.BoolTest:
		tests := map[expr.BoolTestKind]string{expr.IsTrue: " IS TRUE", expr.IsNotTrue: " IS NOT TRUE",
			expr.IsFalse: " IS FALSE", expr.IsNotFalse: " IS NOT FALSE", expr.IsUnknown: " IS UNKNOWN",
			expr.IsNotUnknown: " IS NOT UNKNOWN"}
		return d.paren(d.child(n.Arg, n) + tests[n.Test])
	case *expr.InList:
		// PostgreSQL turns x IN (a, b) into x = ANY (ARRAY[a, b]).
		if len(n.Items) == 0 || n.Items[0].Op == "" {
			d.ok = false
			return "?"
		}
		items := make([]string, len(n.Items))
		for i, it := range n.Items {
			if len(it.Args) != 2 {
				d.ok = false
				return "?"
			}
			items[i] = d.expr(it.Args[1], nil)
		}
		op, quant := n.Items[0].Op, "ANY"
		if n.Not {
			op, quant = negatedOp(op), "ALL"
		}
		return d.paren(d.child(n.Left, n) + " " + op + " " + quant + " (ARRAY[" + strings.Join(items, ", ") + "])")
	}
	d.ok = false
	return "?"
}

func negatedOp(op string) string {
	switch op {
	case "=":
		return "<>"
	case "<>":
		return "="
	}
	return op
}

func (d *deparser) join(args []expr.Expr, parent expr.Expr, sep string) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = d.child(a, parent)
	}
	return strings.Join(parts, sep)
}

// cast prints a cast as get_coercion_expr does: arg::type.
func (d *deparser) cast(c *expr.Cast) string {
	arg := ""
	if k, ok := c.Arg.(*expr.Const); ok {
		arg = d.constant(k, false)
	} else {
		arg = d.expr(c.Arg, c)
		if d.pretty && !d.simple(c.Arg, c) {
			arg = "(" + arg + ")"
		}
	}
	if !d.pretty {
		arg = "(" + arg + ")"
	}
	return arg + "::" + types.FormatType(c.To)
}

// constant is get_const_expr; label false leaves out the ::type a cast
// around it prints.
func (d *deparser) constant(k *expr.Const, label bool) string {
	typ := types.FormatType(k.T)
	if k.Value.Null {
		if label {
			return "NULL::" + typ
		}
		return "NULL"
	}
	v := types.Output(k.T, k.Value, d.s.env)
	switch k.T.Oid {
	case types.Int4Oid:
		if !strings.HasPrefix(v, "-") {
			return v
		}
	case types.BoolOid:
		if v == "t" {
			return "true"
		}
		return "false"
	case types.NumericOid, types.Int8Oid, types.Int2Oid, types.Float4Oid, types.Float8Oid:
		if n, ok := strings.CutPrefix(v, "-"); ok && label && n != "" && strings.Trim(n, "0123456789") == "" &&
			(k.T.Oid == types.NumericOid || k.T.Oid == types.Float4Oid || k.T.Oid == types.Float8Oid) {
			// A negative integer literal is an int4 constant PostgreSQL
			// prints quoted, then the implicit cast.
			if d.pretty {
				return "'" + v + "'::integer::" + typ
			}
			return "('" + v + "'::integer)::" + typ
		}
		if v != "" && v[0] >= '0' && v[0] <= '9' && !strings.ContainsAny(v, "eE") {
			if k.T.Oid == types.NumericOid && strings.Contains(v, ".") && k.T.Mod < 0 {
				return v // a float-looking numeric literal
			}
			// A folded implicit cast of an integer or numeric literal,
			// which PostgreSQL prints as the literal and the cast.
			if !label {
				return v
			}
			if d.pretty {
				return v + "::" + typ
			}
			return "(" + v + ")::" + typ
		}
	}
	q := parser.QuoteString(v)
	if !label {
		return q
	}
	return q + "::" + typ
}

// formatViewQuery prints a view's stored query on pg_get_viewdef's
// layout when it is a plain SELECT from one table (the common case), as
// the stored text otherwise.
func (s *Session) formatViewQuery(r *catalog.Relation, pretty bool, wrap int) string {
	if out, ok := s.formatSimpleView(r, pretty, wrap); ok {
		return out
	}
	return " " + r.ViewDef + ";"
}

func (s *Session) formatSimpleView(r *catalog.Relation, pretty bool, wrap int) (string, bool) {
	st, err := parser.ParseOne(r.ViewDef)
	if err != nil {
		return "", false
	}
	sel, ok := st.(*parser.SelectStmt)
	if !ok || sel.With != nil || sel.Distinct || len(sel.DistinctOn) > 0 || sel.Into != nil || len(sel.From) != 1 ||
		len(sel.GroupBy) > 0 || sel.Having != nil || len(sel.Windows) > 0 || len(sel.Values) > 0 ||
		sel.Left != nil || sel.WithTies || len(sel.Locking) > 0 {
		return "", false
	}
	rv, ok := sel.From[0].(*parser.RangeVar)
	if !ok || rv.Alias != nil && len(rv.Alias.Cols) > 0 {
		return "", false
	}
	base, err := s.cat.LookupRelation(s.snapshot(), s.searchPath(), rv.Schema, rv.Name)
	if err != nil {
		return "", false
	}
	t, err := s.planTable(base)
	if err != nil {
		return "", false
	}
	refName := base.Name
	if rv.Alias != nil {
		refName = rv.Alias.Name
	}
	if refName != t.Name {
		alias := *t
		alias.Name = refName
		t = &alias
	}
	d := &deparser{s: s, pretty: pretty, ok: true, prefix: parser.QuoteIdent(refName) + "."}
	var targets []string
	live := 0
	for _, c := range r.Columns {
		if !c.Dropped {
			live++
		}
	}
	colName := func(i int) string {
		n := 0
		for _, c := range r.Columns {
			if c.Dropped {
				continue
			}
			if n == i {
				return c.Name
			}
			n++
		}
		return ""
	}
	var plainTargets []string // the targets without their AS names, for ORDER BY positions
	var targetIsVar []bool
	for _, tg := range sel.Targets {
		if cr, ok := tg.Val.(*parser.ColumnRef); ok && cr.Star {
			if len(cr.Fields) > 1 || len(cr.Fields) == 1 && cr.Fields[0] != refName {
				return "", false
			}
			for _, c := range base.Columns {
				if c.Dropped {
					continue
				}
				out := d.prefix + parser.QuoteIdent(c.Name)
				plainTargets = append(plainTargets, out)
				targetIsVar = append(targetIsVar, true)
				if name := colName(len(targets)); name != c.Name {
					out += " AS " + parser.QuoteIdent(name)
				}
				targets = append(targets, out)
			}
			continue
		}
		if len(tg.Indirection) > 0 {
			return "", false
		}
		x, err := plan.ParseExpr(tg.Val.String(), t, sessionCatalog{s}, s.env)
		if err != nil {
			return "", false
		}
		out := d.top(x)
		if lostCall(tg.Val.String(), out) {
			return "", false
		}
		plainTargets = append(plainTargets, out)
		_, isVar := x.(*expr.Var)
		targetIsVar = append(targetIsVar, isVar)
		name := colName(len(targets))
		if v, ok := x.(*expr.Var); !ok || v.Name != name {
			out += " AS " + parser.QuoteIdent(name)
		}
		targets = append(targets, out)
	}
	if len(targets) != live || !d.ok {
		return "", false
	}
	var b strings.Builder
	// pg_get_viewdef indents in both modes (PRETTYFLAG_INDENT); pretty
	// adds only the sparing parentheses. A target goes on a new line when
	// it would pass the wrap column (0: always; negative: never).
	b.WriteString(" SELECT ")
	line := 0 // where the current line starts
	for i, tg := range targets {
		if i > 0 {
			b.WriteString(", ")
			if wrap >= 0 && b.Len()-line+len(tg) > wrap {
				trimmed := strings.TrimRight(b.String(), " ")
				b.Reset()
				b.WriteString(trimmed + "\n")
				line = b.Len()
				b.WriteString("    ")
			}
		}
		b.WriteString(tg)
	}
	from := s.relationName(base)
	if rv.Alias != nil && rv.Alias.Name != base.Name {
		from += " " + parser.QuoteIdent(rv.Alias.Name)
	}
	b.WriteString("\n   FROM " + from)
	if sel.Where != nil {
		x, err := plan.ParseExpr(sel.Where.String(), t, sessionCatalog{s}, s.env)
		if err != nil {
			return "", false
		}
		where := d.top(x)
		if lostCall(sel.Where.String(), where) {
			return "", false
		}
		b.WriteString("\n  WHERE " + where)
	}
	if len(sel.OrderBy) > 0 {
		keys := make([]string, len(sel.OrderBy))
		for i, sb := range sel.OrderBy {
			k, ok := s.viewSortKey(d, t, sb, plainTargets, targetIsVar, colName)
			if !ok {
				return "", false
			}
			keys[i] = k
		}
		b.WriteString("\n  ORDER BY " + strings.Join(keys, ", "))
	}
	for _, l := range []struct {
		word string
		x    parser.Expr
	}{{"OFFSET", sel.LimitOffset}, {"LIMIT", sel.LimitCount}} {
		if l.x == nil {
			continue
		}
		c, ok := l.x.(*parser.AConst)
		if !ok || c.Kind != parser.ConstInteger {
			return "", false
		}
		b.WriteString("\n " + l.word + " " + c.Val)
	}
	if !d.ok {
		return "", false
	}
	b.WriteString(";")
	return b.String(), true
}

// viewSortKey prints one ORDER BY item of a view's query as ruleutils
// does: the expression (a select-list position or output name standing
// for its target's), then DESC and a NULLS clause that is not the
// direction's default.
func (s *Session) viewSortKey(d *deparser, t *plan.Table, sb *parser.SortBy, targets []string, isVar []bool, colName func(int) string) (string, bool) {
	if sb.Dir == parser.SortUsing {
		return "", false
	}
	var out string
	plain := false
	switch e := sb.Expr.(type) {
	case *parser.AConst:
		if e.Kind != parser.ConstInteger || e.Ival < 1 || int(e.Ival) > len(targets) {
			return "", false
		}
		out, plain = targets[e.Ival-1], isVar[e.Ival-1]
	case *parser.ColumnRef:
		if len(e.Fields) == 1 {
			for i := range targets {
				if colName(i) == e.Fields[0] {
					out, plain = targets[i], isVar[i]
				}
			}
		}
	}
	if out == "" {
		x, err := plan.ParseExpr(sb.Expr.String(), t, sessionCatalog{s}, s.env)
		if err != nil {
			return "", false
		}
		if out = d.top(x); lostCall(sb.Expr.String(), out) {
			return "", false
		}
		_, plain = x.(*expr.Var)
	}
	// A key that is not a column is parenthesised: always in pretty
	// mode, a function call in both (ruleutils' get_rule_sortgroupclause).
	if !plain && (d.pretty || looksLikeFunction(out)) {
		out = "(" + out + ")"
	}
	desc := sb.Dir == parser.SortDesc
	if desc {
		out += " DESC"
	}
	switch {
	case sb.Nulls == parser.NullsFirst && !desc:
		out += " NULLS FIRST"
	case sb.Nulls == parser.NullsLast && desc:
		out += " NULLS LAST"
	}
	return out, true
}
