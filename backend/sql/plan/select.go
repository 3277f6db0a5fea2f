package plan

import (
	"ringpg/backend/catalog/acl"
	"strings"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// target is one analysed select-list item.
type target struct {
	x    expr.Expr
	col  Column
	junk bool
}

// selectStmt plans a SELECT (or VALUES, or set operation) at a new query
// level whose parent is the current scope.
func (q *analyzer) selectStmt(s *parser.SelectStmt) (Node, []Column, error) {
	return q.selectIn(s, &scope{parent: q.sc})
}

// selectIn plans a SELECT at the new query level top (whose parent and
// lateral fields the caller sets); it sees the current scope's CTEs.
func (q *analyzer) selectIn(s *parser.SelectStmt, top *scope) (Node, []Column, error) {
	q.levels++
	defer func() { q.levels-- }()
	saved := q.sc
	top.q = q
	if saved != nil {
		top.ctes = saved.ctes
	}
	q.sc = top
	defer func() { q.sc = saved }()
	if s.With != nil {
		if err := q.withClause(s.With); err != nil {
			return nil, nil, err
		}
	}
	if s.Op != parser.SetOpNone {
		return q.setOperation(s)
	}
	if s.Values != nil {
		return q.valuesWithModifiers(s)
	}
	return q.simpleSelect(s)
}

// subquery plans a sub-select whose correlated references reach the
// current scope.
func (q *analyzer) subquery(s *parser.SelectStmt) (Node, []Column, error) {
	return q.selectStmt(s)
}

// subqueryInFrom plans a FROM sub-select without LATERAL: it sees the
// enclosing query's outer levels but not its sibling FROM items; its
// outer references are one level up, as for any node of this query.
func (q *analyzer) subqueryInFrom(s *parser.SelectStmt) (Node, []Column, error) {
	return q.selectIn(s, &scope{parent: q.sc.parent, hiddenFrom: q.sc})
}

func (q *analyzer) simpleSelect(s *parser.SelectStmt) (Node, []Column, error) {
	sc := q.sc
	// Set-returning calls belong to the level whose select list has them.
	savedSRFs, savedOK := q.srfs, q.srfOK
	q.srfs, q.srfOK = nil, false
	defer func() { q.srfs, q.srfOK = savedSRFs, savedOK }()
	if s.Into != nil {
		return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "SELECT INTO is not supported yet")
	}
	var jt *joinTree
	var err error
	if len(s.From) > 0 {
		if jt, err = q.fromClause(s.From); err != nil {
			return nil, nil, err
		}
		if err := q.lockingClause(jt, s.Locking); err != nil {
			return nil, nil, err
		}
	}
	var where []expr.Expr
	if s.Where != nil {
		sc.noAggs, sc.noWins = "WHERE", "WHERE"
		w, err := q.transformBool(s.Where, "WHERE")
		if err != nil {
			return nil, nil, err
		}
		where = conjuncts(w)
	}
	sc.noAggs, sc.noWins = "", ""
	sc.agg = &aggCollector{}
	sc.wins = &winCollector{}
	if sc.windows, err = q.windowClause(s.Windows); err != nil {
		return nil, nil, err
	}
	var hint []types.T
	if s == q.insertHintFor {
		hint = q.insertHint
	}
	keepUnknown := s == q.keepUnknownFor
	if keepUnknown {
		q.keepUnknownFor = nil
	}
	targets, err := q.targetList(s.Targets, hint, keepUnknown)
	if err != nil {
		return nil, nil, err
	}
	// GROUP BY
	wins := sc.wins
	sc.wins, sc.noWins = nil, "GROUP BY"
	saveAgg := sc.agg
	sc.agg, sc.noAggs = nil, "GROUP BY"
	var groupKeys []expr.Expr
	var sets [][]int // grouping sets, when GROUP BY has any
	hasSets := false
	for _, g := range s.GroupBy {
		if _, ok := g.(*parser.GroupingSet); ok {
			hasSets = true
		}
	}
	if hasSets {
		if groupKeys, sets, err = q.groupingSets(s.GroupBy, targets); err != nil {
			return nil, nil, err
		}
	}
	for _, g := range s.GroupBy {
		if hasSets {
			break
		}
		x, err := q.groupItem(g, targets)
		if err != nil {
			return nil, nil, err
		}
		if err := noEquality(x.Type()); err != nil {
			return nil, nil, q.errAt(err, exprLoc(g))
		}
		groupKeys = append(groupKeys, x)
	}
	sc.agg, sc.noAggs = saveAgg, ""
	var having expr.Expr
	if s.Having != nil {
		sc.noWins = "HAVING"
		if having, err = q.transformBool(s.Having, "HAVING"); err != nil {
			return nil, nil, err
		}
	}
	sc.noWins = ""
	sc.wins = wins
	// ORDER BY may add junk targets.
	if s.Distinct && len(s.DistinctOn) == 0 {
		for _, t := range targets {
			if err := noEquality(t.x.Type()); err != nil {
				return nil, nil, err
			}
		}
	}
	sortKeys, targets, err := q.orderBy(s.OrderBy, targets, s.Distinct && len(s.DistinctOn) == 0)
	if err != nil {
		return nil, nil, err
	}
	var distinctOn []expr.Expr
	if len(s.DistinctOn) > 0 {
		// Positions and output names as in ORDER BY; other expressions
		// become junk targets.
		items := make([]*parser.SortBy, len(s.DistinctOn))
		for i, d := range s.DistinctOn {
			items[i] = &parser.SortBy{Expr: d, Location: -1}
		}
		dkeys, t2, err := q.sortItems(items, targets, false, "DISTINCT ON")
		if err != nil {
			return nil, nil, err
		}
		targets = t2
		for _, k := range dkeys {
			distinctOn = append(distinctOn, k.Expr)
		}
		if err := distinctOnMatchesOrder(distinctOn, sortKeys); err != nil {
			return nil, nil, err
		}
	}

	if err := q.prepareWindows(); err != nil {
		return nil, nil, err
	}
	// Build the plan bottom up.
	var node Node
	if jt != nil {
		if node, err = q.buildFrom(jt, where, 0); err != nil {
			return nil, nil, err
		}
	} else {
		node = &Values{Rows: [][]expr.Expr{{}}, Cols: nil}
		if len(where) > 0 {
			node = &Filter{Input: node, Qual: andOf(where)}
		}
	}
	hasAgg := len(sc.agg.calls) > 0 || len(groupKeys) > 0 || having != nil || len(sc.agg.groupings) > 0
	if len(s.Locking) > 0 {
		what := ""
		switch {
		case s.Distinct:
			what = "DISTINCT clause"
		case len(s.GroupBy) > 0:
			what = "GROUP BY clause"
		case s.Having != nil:
			what = "HAVING clause"
		case len(sc.agg.calls) > 0:
			what = "aggregate functions"
		case sc.wins != nil && len(sc.wins.calls) > 0:
			what = "window functions"
		}
		if what != "" {
			return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "%s is not allowed with %s", lockingName(s.Locking[0].Strength), what)
		}
	}
	post := func(x expr.Expr) expr.Expr { return x }
	var postErr *error // the grouping error post found, when aggregating
	if hasAgg {
		// The expressions computed above the Agg node.
		above := exprSlots(targets, sortKeys, distinctOn, &having)
		node = q.srfsBelowAgg(node, groupKeys, above)
		if sets == nil && len(sc.agg.groupings) == 0 && len(groupKeys) > 0 {
			groupKeys = q.funcDepKeys(groupKeys, above)
		}
		if len(sc.agg.groupings) > 0 && sets == nil {
			// GROUPING over plain GROUP BY: one set of every key.
			set := make([]int, len(groupKeys))
			for i := range set {
				set[i] = i
			}
			sets = [][]int{set}
		}
		nkeys := len(groupKeys)
		if sets != nil {
			for _, g := range sc.agg.groupings {
				groupKeys = append(groupKeys, g)
			}
			if node, err = q.groupingAggs(node, groupKeys, nkeys, sets, sc.agg.calls, sc.agg.groupings); err != nil {
				return nil, nil, err
			}
		} else {
			agg := &Agg{Input: node, GroupKeys: groupKeys, Aggs: sc.agg.calls}
			for i, k := range groupKeys {
				agg.KeyTypes = append(agg.KeyTypes, k.Type())
				agg.Cols = append(agg.Cols, Column{Name: "key" + itoa(i), T: k.Type()})
			}
			for _, a := range sc.agg.calls {
				agg.Cols = append(agg.Cols, Column{Name: a.Fn.Name, T: a.Result})
			}
			node = agg
		}
		var perr error
		postErr = &perr
		post = func(x expr.Expr) expr.Expr {
			x = q.aboveAgg(x, groupKeys, len(groupKeys), &perr)
			return x
		}
		// A sort key written as a select-list position or name is the
		// target's own expression, which post rewrites in place: it takes
		// the rewritten target rather than being rewritten twice.
		before := make(map[expr.Expr]int, len(targets))
		for i := range targets {
			before[targets[i].x] = i
			targets[i].x = post(targets[i].x)
		}
		for i := range sortKeys {
			if j, ok := before[sortKeys[i].Expr]; ok {
				sortKeys[i].Expr = targets[j].x
				continue
			}
			sortKeys[i].Expr = post(sortKeys[i].Expr)
		}
		for i := range distinctOn {
			distinctOn[i] = post(distinctOn[i])
		}
		if having != nil {
			having = post(having)
		}
		if perr != nil {
			return nil, nil, perr
		}
		if having != nil {
			node = &Filter{Input: node, Qual: having}
		}
	}
	if wins := sc.wins; wins != nil && len(wins.calls) > 0 {
		if node, err = q.windows(node, targets, sortKeys, post); err != nil {
			return nil, nil, err
		}
	}
	// Project the select list (and junk sort columns).
	proj := &Project{Input: node}
	var visible []Column
	for _, t := range targets {
		proj.Exprs = append(proj.Exprs, t.x)
		proj.Cols = append(proj.Cols, t.col)
		if !t.junk {
			visible = append(visible, t.col)
		}
	}
	node = proj
	srfs := q.takeSRFs(targets, post)
	if postErr != nil && *postErr != nil {
		// A set-returning call's arguments read an ungrouped column.
		return nil, nil, *postErr
	}
	if len(srfs) > 0 {
		// The calls' values follow the input row's columns.
		width := len(proj.Input.Columns())
		for i := range proj.Exprs {
			proj.Exprs[i] = mutate(proj.Exprs[i], func(e expr.Expr) (expr.Expr, bool) {
				if r, ok := e.(*srfRef); ok {
					return &expr.Var{Index: width + r.idx, T: r.t}, true
				}
				return nil, false
			})
		}
		node = &ProjectSet{Input: proj.Input, Exprs: proj.Exprs, SRFs: srfs, Cols: proj.Cols}
	}
	// Sort keys refer to the projected row.
	if len(distinctOn) > 0 {
		// Sorted by ORDER BY (whose leading keys are DISTINCT ON's), then
		// by the DISTINCT ON expressions it does not name; the first row
		// of each group equal on the DISTINCT ON columns is kept.
		keys, err := projectedSortKeys(sortKeys, targets)
		if err != nil {
			return nil, nil, err
		}
		onCols := make([]int, 0, len(distinctOn))
		for _, d := range distinctOn {
			idx := findTarget(targets, d)
			if idx < 0 {
				return nil, nil, distinctOnMismatch()
			}
			onCols = append(onCols, idx)
			covered := false
			for _, k := range keys {
				if v, ok := k.Expr.(*expr.Var); ok && v.Index == idx {
					covered = true
				}
			}
			if !covered {
				keys = append(keys, SortKey{Expr: &expr.Var{Index: idx, T: d.Type()}})
			}
		}
		node = &Sort{Input: node, Keys: keys}
		node = &Distinct{Input: node, On: len(distinctOn), OnCols: onCols}
	} else {
		if s.Distinct {
			node = &Distinct{Input: node}
		}
		if len(sortKeys) > 0 {
			keys, err := projectedSortKeys(sortKeys, targets)
			if err != nil {
				return nil, nil, err
			}
			node = q.mergeForOrder(&Sort{Input: node, Keys: keys})
		}
	}
	if node, err = q.limit(node, s, sortKeys, targets); err != nil {
		return nil, nil, err
	}
	if len(visible) != len(targets) {
		exprs := make([]expr.Expr, len(visible))
		for i := range visible {
			exprs[i] = &expr.Var{Index: i, T: visible[i].T}
		}
		node = &Project{Input: node, Exprs: exprs, Cols: visible}
	}
	return node, visible, nil
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// aboveAgg rewrites an expression computed above an Agg node: group key
// expressions and aggregate references become Vars of the Agg's row; any
// other column of this level is a grouping error.
func (q *analyzer) aboveAgg(x expr.Expr, keys []expr.Expr, nkeys int, perr *error) expr.Expr {
	return mutate(x, func(e expr.Expr) (expr.Expr, bool) {
		for i, k := range keys {
			if equalExpr(e, k) {
				return &expr.Var{Index: i, T: k.Type()}, true
			}
		}
		switch n := e.(type) {
		case *aggRef:
			return &expr.Var{Index: nkeys + n.idx, T: n.t}, true
		case *expr.Var:
			if n.Level == 0 && *perr == nil {
				*perr = pgerr.New(pgerr.GroupingError, "column %q must appear in the GROUP BY clause or be used in an aggregate function", q.qualifiedName(n))
			}
			return n, true
		case *winRef:
			return n, true
		case *expr.SubLink:
			q.subLinkAboveAgg(n, keys, nkeys, perr)
		}
		return nil, false
	})
}

// subLinkAboveAgg re-points the columns of this level that a sub-query
// computed above an Agg node reads at the Agg's row: each must be a
// grouping key, else it is a grouping error.
func (q *analyzer) subLinkAboveAgg(sl *expr.SubLink, keys []expr.Expr, nkeys int, perr *error) {
	vars := q.subVars[sl]
	delete(q.subVars, sl)
	for _, v := range vars {
		if ref, ok := q.outerAggs[v]; ok {
			v.Index = nkeys + ref.idx
			continue
		}
		if q.lifted[v] {
			continue
		}
		own := &expr.Var{Index: v.Index, T: v.T}
		found := false
		for i, k := range keys {
			if equalExpr(own, k) {
				v.Index, found = i, true
				break
			}
		}
		if !found && *perr == nil {
			*perr = pgerr.New(pgerr.GroupingError, "subquery uses ungrouped column %q from outer query", q.qualifiedName(own))
		}
	}
}

// qualifiedName names a Var as PostgreSQL's grouping error does: alias.column.
func (q *analyzer) qualifiedName(v *expr.Var) string {
	for _, e := range q.sc.entries {
		if v.Index >= e.offset && v.Index < e.offset+len(e.cols) && e.alias != "" {
			return e.alias + "." + e.cols[v.Index-e.offset].Name
		}
	}
	return v.Name
}

func findTarget(targets []target, x expr.Expr) int {
	for i, t := range targets {
		if equalExpr(t.x, x) {
			return i
		}
	}
	return -1
}

// projectedSortKeys turns sort keys over the pre-projection row into keys
// over the projected row (each key is a target, visible or junk).
func projectedSortKeys(keys []SortKey, targets []target) ([]SortKey, error) {
	out := make([]SortKey, len(keys))
	for i, k := range keys {
		idx := findTarget(targets, k.Expr)
		if idx < 0 {
			return nil, pgerr.New(pgerr.InternalError, "sort key not found in target list")
		}
		out[i] = SortKey{Expr: &expr.Var{Index: idx, T: k.Expr.Type()}, Desc: k.Desc, NullsFirst: k.NullsFirst}
	}
	return out, nil
}

// targetList analyses the select list.
// hint, when not nil, are INSERT ... SELECT's target column types: an
// unknown literal of the list becomes its column's type.
func (q *analyzer) targetList(items []*parser.ResTarget, hint []types.T, keepUnknown bool) ([]target, error) {
	var out []target
	for _, rt := range items {
		if cr, ok := rt.Val.(*parser.ColumnRef); ok && cr.Star {
			alias := ""
			if len(cr.Fields) > 0 {
				alias = cr.Fields[len(cr.Fields)-1]
			}
			endTrace := q.traceRef(cr)
			exprs, cols, err := q.sc.starColumns(alias, cr.Location)
			endTrace()
			if err != nil {
				return nil, err
			}
			for i := range exprs {
				out = append(out, target{x: exprs[i], col: cols[i]})
			}
			continue
		}
		q.srfOK = true
		x, err := q.transform(rt.Val)
		q.srfOK = false
		if err != nil {
			return nil, err
		}
		if x.Type().Oid == types.UnknownOid && !(keepUnknown && isUnknownLiteral(x)) {
			want := textT
			if n := len(out); n < len(hint) {
				want = hint[n]
			}
			if x, err = q.coerce(x, want, types.CastAssignment, exprLoc(rt.Val)); err != nil {
				return nil, err
			}
		}
		col := Column{Name: rt.Name, T: x.Type()}
		if col.Name == "" {
			col.Name = figureColname(rt.Val)
			if sl, ok := x.(*expr.SubLink); ok && col.Name == "?column?" && sl.Kind == expr.ExprSubLink {
				// As PostgreSQL: the name of the analysed sub-query's
				// column ((SELECT * FROM w) is named after w's column).
				if n, ok := sl.Plan.(Node); ok {
					if cols := n.Columns(); len(cols) > 0 && cols[0].Name != "" {
						col.Name = cols[0].Name
					}
				}
			}
		}
		if v, ok := x.(*expr.Var); ok && v.Level == 0 {
			if src := q.sc.columnAt(v.Index); src != nil {
				col.Table, col.Attnum = src.Table, src.Attnum
			}
		}
		col.Fields = q.recordFields(x)
		out = append(out, target{x: x, col: col})
	}
	return out, nil
}

func (s *scope) columnAt(i int) *Column {
	for _, e := range s.entries {
		if i >= e.offset && i < e.offset+len(e.cols) {
			return &e.cols[i-e.offset]
		}
	}
	return nil
}

// figureColname is PostgreSQL's FigureColname: the column name a select
// item gets when it has no alias.
func figureColname(e parser.Expr) string {
	name, _ := figureColnameStrength(e)
	if name == "" {
		return "?column?"
	}
	return name
}

func figureColnameStrength(e parser.Expr) (string, int) {
	switch n := e.(type) {
	case *parser.ColumnRef:
		if len(n.Fields) > 0 {
			return n.Fields[len(n.Fields)-1], 2
		}
	case *parser.Indirection:
		for i := len(n.Path) - 1; i >= 0; i-- {
			if n.Path[i].Kind == parser.IndField {
				return n.Path[i].Name, 2
			}
		}
		return figureColnameStrength(n.Arg)
	case *parser.FuncCall:
		return n.Name[len(n.Name)-1], 2
	case *parser.AExpr:
		if n.Kind == parser.AExprNullIf {
			return "nullif", 2
		}
	case *parser.TypeCast:
		if name, s := figureColnameStrength(n.Arg); s == 2 {
			return name, s
		}
		tn := n.Type.Name()
		if len(n.Type.ArrayBounds) > 0 {
			return tn, 1
		}
		return tn, 1
	case *parser.CaseExpr:
		if n.Default != nil {
			if name, s := figureColnameStrength(n.Default); s == 2 {
				return name, s
			}
		}
		return "case", 1
	case *parser.ArrayExpr:
		return "array", 2
	case *parser.CollateExpr:
		return figureColnameStrength(n.Arg)
	case *parser.RowExpr:
		return "row", 2
	case *parser.CoalesceExpr:
		return "coalesce", 2
	case *parser.MinMaxExpr:
		if n.Op == parser.Greatest {
			return "greatest", 2
		}
		return "least", 2
	case *parser.SQLValueFunction:
		return map[parser.SVFOp]string{
			parser.SVFCurrentDate: "current_date", parser.SVFCurrentTime: "current_time",
			parser.SVFCurrentTimestamp: "current_timestamp", parser.SVFLocalTime: "localtime",
			parser.SVFLocalTimestamp: "localtimestamp", parser.SVFCurrentRole: "current_role",
			parser.SVFCurrentUser: "current_user", parser.SVFUser: "user",
			parser.SVFSessionUser: "session_user", parser.SVFCurrentCatalog: "current_catalog",
			parser.SVFCurrentSchema: "current_schema",
		}[n.Op], 2
	case *parser.SubLink:
		switch n.Kind {
		case parser.ExistsSubLink:
			return "exists", 2
		case parser.ArraySubLink:
			return "array", 2
		case parser.ExprSubLink:
			if len(n.Select.Targets) == 1 {
				t := n.Select.Targets[0]
				if t.Name != "" {
					return t.Name, 2
				}
				return figureColnameStrength(t.Val)
			}
		}
	case *parser.BooleanTest, *parser.NullTest:
		return "", 0
	case *parser.GroupingFunc:
		return "grouping", 2
	}
	return "", 0
}

// groupItem analyses one GROUP BY item: an ordinal or a select-list name
// refers to the select list; otherwise an input expression.
func (q *analyzer) groupItem(g parser.Expr, targets []target) (expr.Expr, error) {
	if c, ok := g.(*parser.AConst); ok && c.Kind == parser.ConstInteger {
		if c.Ival < 1 || int(c.Ival) > len(targets) {
			return nil, q.errAt(pgerr.New(pgerr.InvalidColumnReference, "GROUP BY position %d is not in select list", c.Ival), c.Location)
		}
		if x := targets[c.Ival-1].x; containsAggRef(x) {
			return nil, q.errAt(pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in GROUP BY"), c.Location)
		} else if containsWinRef(x) {
			return nil, q.errAt(pgerr.New(pgerr.WindowingError, "window functions are not allowed in GROUP BY"), c.Location)
		}
		return targets[c.Ival-1].x, nil
	}
	if cr, ok := g.(*parser.ColumnRef); ok && len(cr.Fields) == 1 && !cr.Star {
		if _, found, _ := q.sc.lookupUnqualified(cr.Fields[0], cr.Location); !found {
			for _, t := range targets {
				if t.col.Name == cr.Fields[0] {
					return t.x, nil
				}
			}
		}
	}
	if _, ok := g.(*parser.GroupingSet); ok {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "grouping sets are not supported yet")
	}
	// A set-returning call may be a grouping key: the select list's own
	// call when it names the same one, else a call of its own, run
	// before grouping (srfsBelowAgg).
	had, ok := len(q.srfs), q.srfOK
	q.srfOK = true
	x, err := q.transform(g)
	q.srfOK = ok
	if err != nil || len(q.srfs) == had {
		return x, err
	}
	for _, t := range targets {
		if equalExpr(x, t.x) {
			q.srfs = q.srfs[:had]
			return t.x, nil
		}
	}
	return x, nil
}

// orderBy analyses ORDER BY; items not in the select list become junk
// targets (refused with DISTINCT).
func (q *analyzer) orderBy(items []*parser.SortBy, targets []target, distinct bool) ([]SortKey, []target, error) {
	return q.sortItems(items, targets, distinct, "ORDER BY")
}

// distinctOnMatchesOrder checks PostgreSQL's rule for DISTINCT ON with ORDER
// BY: the leading sort keys are DISTINCT ON expressions, until one that is
// not, after which none may be.
func distinctOnMatchesOrder(on []expr.Expr, keys []SortKey) error {
	among := func(x expr.Expr, l []expr.Expr) bool {
		for _, y := range l {
			if equalExpr(x, y) {
				return true
			}
		}
		return false
	}
	var sorted []expr.Expr
	skipped := false
	for _, k := range keys {
		sorted = append(sorted, k.Expr)
		if !among(k.Expr, on) {
			skipped = true
		} else if skipped {
			return distinctOnMismatch()
		}
	}
	for _, d := range on {
		if skipped && !among(d, sorted) {
			return distinctOnMismatch()
		}
	}
	return nil
}

// sortUsing turns ORDER BY x USING op into the ascending or descending
// sort it stands for: op must be a btree ordering operator ("<" or ">",
// or text's pattern operators "~<~" and "~>~", which order as C does).
func (q *analyzer) sortUsing(sb *parser.SortBy) (*parser.SortBy, error) {
	op := ""
	if n := len(sb.UsingOp); n > 0 {
		op = sb.UsingOp[n-1]
	}
	out := *sb
	switch op {
	case "<", "~<~":
		out.Dir = parser.SortAsc
	case ">", "~>~":
		out.Dir = parser.SortDesc
	default:
		return nil, q.errAt(pgerr.New(pgerr.WrongObjectType, "operator %s is not a valid ordering operator", op).
			WithHint("Ordering operators must be \"<\" or \">\" members of btree operator families."), sb.Location)
	}
	if out.Nulls == parser.NullsDefault && out.Dir == parser.SortDesc {
		out.Nulls = parser.NullsFirst
	}
	return &out, nil
}

func distinctOnMismatch() error {
	return pgerr.New(pgerr.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions")
}

// sortItems resolves the items of ORDER BY or DISTINCT ON (clause):
// select-list positions, output names, else expressions, added as junk
// targets when not in the list.
func (q *analyzer) sortItems(items []*parser.SortBy, targets []target, distinct bool, clause string) ([]SortKey, []target, error) {
	var keys []SortKey
	for _, sb := range items {
		if sb.Dir == parser.SortUsing {
			var err error
			if sb, err = q.sortUsing(sb); err != nil {
				return nil, nil, err
			}
		}
		var x expr.Expr
		if c, ok := sb.Expr.(*parser.AConst); ok && c.Kind == parser.ConstInteger {
			if c.Ival < 1 || int(c.Ival) > countVisible(targets) {
				return nil, nil, q.errAt(pgerr.New(pgerr.InvalidColumnReference, "%s position %d is not in select list", clause, c.Ival), c.Location)
			}
			x = targets[c.Ival-1].x
		} else if cr, ok := sb.Expr.(*parser.ColumnRef); ok && len(cr.Fields) == 1 && !cr.Star {
			matches := 0
			for _, t := range targets {
				if !t.junk && t.col.Name == cr.Fields[0] {
					if matches == 0 {
						x = t.x
					} else if !equalExpr(x, t.x) {
						return nil, nil, q.errAt(pgerr.New(pgerr.AmbiguousColumn, "%s %q is ambiguous", clause, cr.Fields[0]), cr.Location)
					}
					matches++
				}
			}
		}
		if x == nil {
			var err error
			if x, err = q.transform(sb.Expr); err != nil {
				return nil, nil, err
			}
			if x.Type().Oid == types.UnknownOid {
				if x, err = q.coerce(x, textT, types.CastImplicit, exprLoc(sb.Expr)); err != nil {
					return nil, nil, err
				}
			}
		}
		check := noOrdering
		if clause == "DISTINCT ON" {
			check = noEquality
		}
		if err := check(x.Type()); err != nil {
			return nil, nil, q.errAt(err, exprLoc(sb.Expr))
		}
		if findTarget(targets, x) < 0 {
			if distinct {
				return nil, nil, q.errAt(pgerr.New(pgerr.InvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list"), exprLoc(sb.Expr))
			}
			targets = append(targets, target{x: x, col: Column{Name: "?sort?", T: x.Type()}, junk: true})
		}
		keys = append(keys, sortKey(x, sb))
	}
	return keys, targets, nil
}

func countVisible(targets []target) int {
	n := 0
	for _, t := range targets {
		if !t.junk {
			n++
		}
	}
	return n
}

// limit adds LIMIT/OFFSET.
func (q *analyzer) limit(node Node, s *parser.SelectStmt, sortKeys []SortKey, targets []target) (Node, error) {
	if s.LimitCount == nil && s.LimitOffset == nil {
		return node, nil
	}
	saved := q.sc
	q.sc = &scope{parent: saved.parent, q: q}
	defer func() { q.sc = saved }()
	l := &Limit{Input: node, WithTies: s.WithTies}
	var err error
	if s.LimitCount != nil {
		if l.Count, err = q.limitExpr(s.LimitCount, "LIMIT"); err != nil {
			return nil, q.limitVars(err, saved, s.LimitCount, "LIMIT")
		}
	}
	if s.LimitOffset != nil {
		if l.Offset, err = q.limitExpr(s.LimitOffset, "OFFSET"); err != nil {
			return nil, q.limitVars(err, saved, s.LimitOffset, "OFFSET")
		}
	}
	if s.WithTies {
		if l.TiesKeys, err = projectedSortKeys(sortKeys, targets); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// limitVars explains a column LIMIT or OFFSET could not find: when the
// query's own FROM list has it, the argument reads a variable, which
// PostgreSQL refuses as such.
func (q *analyzer) limitVars(err error, query *scope, e parser.Expr, clause string) error {
	if pgerr.From(err).Code != pgerr.UndefinedColumn {
		return err
	}
	inner := q.sc
	q.sc = query
	_, err2 := q.transform(e)
	q.sc = inner
	if err2 != nil {
		return err
	}
	return q.errAt(pgerr.New(pgerr.InvalidColumnReference, "argument of %s must not contain variables", clause), exprLoc(e))
}

func (q *analyzer) limitExpr(e parser.Expr, clause string) (expr.Expr, error) {
	q.sc.noAggs, q.sc.noWins = clause, clause
	x, err := q.transform(e)
	if err != nil {
		return nil, err
	}
	if spanOf(x).max >= 0 {
		return nil, q.errAt(pgerr.New(pgerr.InvalidColumnReference, "argument of %s must not contain variables", clause), exprLoc(e))
	}
	return q.coerce(x, int8T, types.CastImplicit, exprLoc(e))
}

// lockingName is a locking clause as messages name it.
func lockingName(s parser.LockStrength) string {
	switch s {
	case parser.ForKeyShare:
		return "FOR KEY SHARE"
	case parser.ForShare:
		return "FOR SHARE"
	case parser.ForNoKeyUpdate:
		return "FOR NO KEY UPDATE"
	}
	return "FOR UPDATE"
}

// lockingClause marks FROM tables for FOR UPDATE/SHARE.
func (q *analyzer) lockingClause(jt *joinTree, locks []*parser.LockingClause) error {
	for _, lc := range locks {
		for _, r := range lc.Rels {
			if q.sc.findEntry("", r.Name) == nil {
				return q.errAt(pgerr.New(pgerr.UndefinedTable, "relation %q in %s clause not found in FROM clause", r.Name, lockingName(lc.Strength)), r.Location)
			}
		}
		strength := map[parser.LockStrength]LockStrength{
			parser.ForKeyShare: LockForKeyShare, parser.ForShare: LockForShare,
			parser.ForNoKeyUpdate: LockForNoKeyUpdate, parser.ForUpdate: LockForUpdate,
		}[lc.Strength]
		wait := map[parser.LockWaitPolicy]LockWait{parser.LockWaitBlock: WaitBlock, parser.LockWaitSkip: WaitSkip, parser.LockWaitError: WaitError}[lc.Wait]
		for _, it := range jt.items {
			if it.table == nil {
				continue
			}
			if len(lc.Rels) > 0 {
				match := false
				for _, r := range lc.Rels {
					if r.Name == it.entry.alias {
						match = true
					}
				}
				if !match {
					continue
				}
			}
			if strength > it.lock {
				it.lock = strength
			}
			q.require(it.table, acl.Update)
			it.wait = wait
		}
	}
	return nil
}

// valuesWithModifiers plans a VALUES list with its ORDER BY and LIMIT.
func (q *analyzer) valuesWithModifiers(s *parser.SelectStmt) (Node, []Column, error) {
	node, cols, err := q.values(s.Values, nil)
	if err != nil {
		return nil, nil, err
	}
	return q.setModifiers(node, cols, s)
}

// values plans VALUES rows; want, when given, are the target column types
// (INSERT), which the items are coerced to by assignment.
func (q *analyzer) values(rows [][]parser.Expr, want []types.T) (Node, []Column, error) {
	if len(rows) == 0 {
		return nil, nil, pgerr.New(pgerr.SyntaxError, "VALUES must have at least one row")
	}
	width := len(rows[0])
	out := make([][]expr.Expr, len(rows))
	for i, r := range rows {
		if len(r) != width {
			return nil, nil, q.errAt(pgerr.New(pgerr.SyntaxError, "VALUES lists must all be the same length"), exprLoc(r[0]))
		}
		out[i] = make([]expr.Expr, width)
		for j, e := range r {
			if _, ok := e.(*parser.SetToDefault); ok && want != nil {
				out[i][j] = defaultMarker{}
				continue
			}
			x, err := q.transform(e)
			if err != nil {
				return nil, nil, err
			}
			out[i][j] = x
		}
	}
	cols := make([]Column, width)
	for j := 0; j < width; j++ {
		col := make([]expr.Expr, 0, len(rows))
		src := make([]parser.Expr, 0, len(rows))
		for i := range out {
			if _, ok := out[i][j].(defaultMarker); !ok {
				col = append(col, out[i][j])
				src = append(src, rows[i][j])
			}
		}
		var t types.T
		if want == nil || len(rows) > 1 {
			var err error
			if t, err = q.commonType(col, "VALUES", src); err != nil {
				return nil, nil, err
			}
		} else {
			t = unknownT
		}
		cols[j] = Column{Name: "column" + itoa(j+1), T: t}
		if t.Oid == types.UnknownOid {
			continue
		}
		for i := range out {
			if _, ok := out[i][j].(defaultMarker); ok {
				continue
			}
			x, err := q.coerce(out[i][j], t, types.CastImplicit, exprLoc(rows[i][j]))
			if err != nil {
				return nil, nil, err
			}
			out[i][j] = x
		}
	}
	return &Values{Rows: out, Cols: cols}, cols, nil
}

// defaultMarker stands for DEFAULT in an INSERT's VALUES until the
// column's default replaces it.
type defaultMarker struct{}

func (defaultMarker) Type() types.T { return unknownT }
func (defaultMarker) Eval(*expr.Frame) (types.Datum, error) {
	return types.Null, pgerr.New(pgerr.InternalError, "DEFAULT marker evaluated")
}

// setModifiers applies ORDER BY / LIMIT of a VALUES list or set operation:
// they may name output columns only.
func (q *analyzer) setModifiers(node Node, cols []Column, s *parser.SelectStmt) (Node, []Column, error) {
	if len(s.OrderBy) == 0 && s.LimitCount == nil && s.LimitOffset == nil {
		return node, cols, nil
	}
	targets := make([]target, len(cols))
	e := &rangeEntry{cols: cols}
	inner := &scope{parent: q.sc.parent, q: q}
	inner.add(e)
	for i, c := range cols {
		targets[i] = target{x: &expr.Var{Index: i, T: c.T, Name: c.Name}, col: c}
	}
	saved := q.sc
	q.sc = inner
	keys, targets2, err := q.orderBy(s.OrderBy, targets, false)
	q.sc = saved
	if err != nil {
		return nil, nil, err
	}
	if len(targets2) != len(targets) {
		return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause").
			WithDetail("Only result column names can be used, not expressions or functions.").
			WithHint("Add the expression/function to every SELECT, or move the UNION into a FROM clause.")
	}
	if len(keys) > 0 {
		pk, err := projectedSortKeys(keys, targets)
		if err != nil {
			return nil, nil, err
		}
		node = &Sort{Input: node, Keys: pk}
	}
	node, err = q.limit(node, s, keys, targets)
	return node, cols, err
}

// setOperation plans UNION / INTERSECT / EXCEPT.
// setBranch plans one side of a set operation at the set operation's own
// level (which has no FROM items): its outer references reach the same
// levels as the set operation's.
func (q *analyzer) setBranch(s *parser.SelectStmt) (Node, []Column, error) {
	sc := q.sc
	if plainBranch(s) {
		q.keepUnknownFor = s
	}
	defer func() { q.keepUnknownFor = nil }()
	return q.selectIn(s, &scope{parent: sc.parent, hiddenFrom: sc.hiddenFrom, refusedFrom: sc.refusedFrom})
}

// plainBranch reports a set operation's branch that is a select list
// over an optional FROM and WHERE, nothing that would read its columns.
func plainBranch(s *parser.SelectStmt) bool {
	return s.Op == parser.SetOp(0) && s.Left == nil && s.Values == nil && s.With == nil && !s.Distinct &&
		s.DistinctOn == nil && s.GroupBy == nil && s.Having == nil && s.Windows == nil && s.OrderBy == nil &&
		s.LimitOffset == nil && s.LimitCount == nil && s.Locking == nil && s.Into == nil
}

// branchTarget is the expression of column i of a set operation's branch
// when it is a select list (for error positions), else nil.
func branchTarget(s *parser.SelectStmt, i int) parser.Expr {
	if s.Left != nil || i >= len(s.Targets) {
		return nil
	}
	for _, t := range s.Targets[:i+1] {
		if c, ok := t.Val.(*parser.ColumnRef); ok && c.Star {
			return nil // columns of a * do not line up with the list
		}
	}
	return s.Targets[i].Val
}

// isUnknownLiteral reports an untyped string literal (a constant, or the
// parameter a generic plan made of it).
func isUnknownLiteral(x expr.Expr) bool {
	switch x.(type) {
	case *expr.Const, *expr.Param:
		return x.Type().Oid == types.UnknownOid
	}
	return false
}

// typeBranchLiteral types the untyped literal that is column i of a set
// operation's branch in place; false when the column is something else.
func (q *analyzer) typeBranchLiteral(n Node, i int, t types.T) (bool, error) {
	p, ok := n.(*Project)
	if !ok || i >= len(p.Exprs) || !isUnknownLiteral(p.Exprs[i]) {
		return false, nil
	}
	x, err := q.coerce(p.Exprs[i], t, types.CastImplicit, -1)
	if err != nil {
		return false, err
	}
	p.Exprs[i] = x
	p.Cols[i].T = x.Type()
	return true, nil
}

func (q *analyzer) setOperation(s *parser.SelectStmt) (Node, []Column, error) {
	ln, lc, err := q.setBranch(s.Left)
	if err != nil {
		return nil, nil, err
	}
	rn, rc, err := q.setBranch(s.Right)
	if err != nil {
		return nil, nil, err
	}
	opName := map[parser.SetOp]string{parser.Union: "UNION", parser.Intersect: "INTERSECT", parser.Except: "EXCEPT"}[s.Op]
	if len(lc) != len(rc) {
		return nil, nil, pgerr.New(pgerr.SyntaxError, "each %s query must have the same number of columns", opName)
	}
	cols := make([]Column, len(lc))
	lx := make([]expr.Expr, len(lc))
	rx := make([]expr.Expr, len(lc))
	needL, needR := false, false
	for i := range lc {
		l := expr.Expr(&expr.Var{Index: i, T: lc[i].T})
		r := expr.Expr(&expr.Var{Index: i, T: rc[i].T})
		t, err := q.commonType([]expr.Expr{l, r}, opName, []parser.Expr{branchTarget(s.Left, i), branchTarget(s.Right, i)})
		if err != nil {
			return nil, nil, err
		}
		for _, b := range []struct {
			n  Node
			c  []Column
			at *expr.Expr
		}{{ln, lc, &l}, {rn, rc, &r}} {
			if b.c[i].T.Oid != types.UnknownOid {
				continue
			}
			done, err := q.typeBranchLiteral(b.n, i, t)
			if err != nil {
				return nil, nil, err
			}
			if done {
				b.c[i].T = t
				*b.at = &expr.Var{Index: i, T: t}
			}
		}
		if lx[i], err = q.coerce(l, t, types.CastImplicit, -1); err != nil {
			return nil, nil, err
		}
		if rx[i], err = q.coerce(r, t, types.CastImplicit, -1); err != nil {
			return nil, nil, err
		}
		needL = needL || lc[i].T != t
		needR = needR || rc[i].T != t
		cols[i] = Column{Name: lc[i].Name, T: t}
	}
	if needL {
		ln = &Project{Input: ln, Exprs: lx, Cols: cols}
	}
	if needR {
		rn = &Project{Input: rn, Exprs: rx, Cols: cols}
	}
	if !s.All {
		for _, c := range cols {
			if err := noEquality(c.T); err != nil {
				return nil, nil, err
			}
		}
	}
	kind := map[parser.SetOp]SetOpKind{parser.Union: Union, parser.Intersect: Intersect, parser.Except: Except}[s.Op]
	var node Node = &SetOp{Op: kind, All: s.All, Left: ln, Right: rn, Cols: cols}
	return q.setModifiers(node, cols, s)
}

var _ = strings.ToLower

// takeSRFs returns the set-returning calls of this level's select list
// (their arguments rewritten as the other select-list expressions were)
// and forgets them.
func (q *analyzer) takeSRFs(targets []target, post func(expr.Expr) expr.Expr) []SRFCall {
	if len(q.srfs) == 0 {
		return nil
	}
	out := make([]SRFCall, len(q.srfs))
	for i, r := range q.srfs {
		args := make([]expr.Expr, len(r.args))
		for j, a := range r.args {
			args[j] = post(a)
		}
		out[i] = SRFCall{Fn: r.fn, Args: args, Field: r.field}
	}
	q.srfs = nil
	return out
}
