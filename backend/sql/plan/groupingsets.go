package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Grouping sets. GROUP BY ROLLUP / CUBE / GROUPING SETS expands to a list
// of sets, each a subset of the distinct grouping expressions. The plan
// is a UNION ALL of one Agg per set over the same input: every Agg has the
// same key columns, the keys outside its set replaced by a NULL of the
// key's type (grouping by a constant groups nothing), so that the nodes
// above see one row layout and a key outside the set reads NULL, as in
// PostgreSQL. GROUPING(args) is one more key column whose value in each
// Agg is that set's constant bit mask.

// groupingRef stands for a GROUPING(...) call until the Aggs are built.
type groupingRef struct {
	args []expr.Expr
}

func (g *groupingRef) Type() types.T { return int4T }
func (g *groupingRef) Eval(*expr.Frame) (types.Datum, error) {
	return types.Null, pgerr.New(pgerr.InternalError, "GROUPING evaluated outside its Agg node")
}

// groupingFunc analyses GROUPING(args): allowed where aggregates are.
func (q *analyzer) groupingFunc(n *parser.GroupingFunc) (expr.Expr, error) {
	sc := q.sc
	if sc == nil || sc.agg == nil {
		clause := "this context"
		if sc != nil && sc.noAggs != "" {
			clause = sc.noAggs
		}
		return nil, q.errAt(pgerr.New(pgerr.GroupingError, "grouping operations are not allowed in %s", clause), n.Location)
	}
	if len(n.Args) > 31 {
		return nil, q.errAt(pgerr.New("54023", "GROUPING must have fewer than 32 arguments"), n.Location)
	}
	g := &groupingRef{}
	for _, a := range n.Args {
		x, err := q.transform(a)
		if err != nil {
			return nil, err
		}
		g.args = append(g.args, x)
	}
	sc.agg.groupings = append(sc.agg.groupings, g)
	sc.agg.groupingLocs = append(sc.agg.groupingLocs, n.Location)
	return g, nil
}

// groupingSets analyses GROUP BY items of which at least one is a
// grouping set: the distinct key expressions and the sets, as indexes
// into them, in PostgreSQL's order (the cross product of the items'
// sets, left to right).
func (q *analyzer) groupingSets(items []parser.Expr, targets []target) ([]expr.Expr, [][]int, error) {
	var keys []expr.Expr
	keyOf := func(g parser.Expr) (int, error) {
		x, err := q.groupItem(g, targets)
		if err != nil {
			return 0, err
		}
		for i, k := range keys {
			if equalExpr(k, x) {
				return i, nil
			}
		}
		keys = append(keys, x)
		return len(keys) - 1, nil
	}
	// element turns one element of a set list into its key indexes: a
	// parenthesised list is several keys, () none.
	element := func(g parser.Expr) ([]int, error) {
		switch n := g.(type) {
		case *parser.GroupingSet:
			if n.Kind == parser.GroupingEmpty {
				return nil, nil
			}
		case *parser.RowExpr:
			if !n.Explicit {
				var out []int
				for _, a := range n.Args {
					k, err := keyOf(a)
					if err != nil {
						return nil, err
					}
					out = append(out, k)
				}
				return out, nil
			}
		}
		k, err := keyOf(g)
		return []int{k}, err
	}
	var expand func(g parser.Expr) ([][]int, error)
	expand = func(g parser.Expr) ([][]int, error) {
		gs, ok := g.(*parser.GroupingSet)
		if !ok {
			e, err := element(g)
			return [][]int{e}, err
		}
		switch gs.Kind {
		case parser.GroupingEmpty:
			return [][]int{nil}, nil
		case parser.GroupingRollup, parser.GroupingCube:
			elems := make([][]int, len(gs.Content))
			for i, c := range gs.Content {
				e, err := element(c)
				if err != nil {
					return nil, err
				}
				elems[i] = e
			}
			var sets [][]int
			if gs.Kind == parser.GroupingRollup {
				for n := len(elems); n >= 0; n-- {
					var s []int
					for _, e := range elems[:n] {
						s = append(s, e...)
					}
					sets = append(sets, s)
				}
				return sets, nil
			}
			if len(elems) > 12 {
				return nil, q.errAt(pgerr.New(pgerr.ProgramLimitExceeded, "CUBE is limited to 12 elements"), gs.Location)
			}
			// CUBE: every subset, larger ones first, as PostgreSQL lists them.
			for size := len(elems); size >= 0; size-- {
				for mask := (1 << len(elems)) - 1; mask >= 0; mask-- {
					if popcount(mask) != size {
						continue
					}
					var s []int
					for i, e := range elems {
						if mask&(1<<(len(elems)-1-i)) != 0 {
							s = append(s, e...)
						}
					}
					sets = append(sets, s)
				}
			}
			return sets, nil
		}
		var sets [][]int
		for _, c := range gs.Content {
			sub, err := expand(c)
			if err != nil {
				return nil, err
			}
			sets = append(sets, sub...)
		}
		return sets, nil
	}
	sets := [][]int{nil}
	for _, g := range items {
		sub, err := expand(g)
		if err != nil {
			return nil, nil, err
		}
		var next [][]int
		for _, a := range sets {
			for _, b := range sub {
				next = append(next, append(append([]int(nil), a...), b...))
			}
		}
		sets = next
		if len(sets) > 4096 {
			return nil, nil, pgerr.New(pgerr.ProgramLimitExceeded, "too many grouping sets present (maximum 4096)")
		}
	}
	return keys, sets, nil
}

func popcount(x int) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// groupingAggs builds the UNION ALL of one Agg per grouping set. keys are
// the grouping expressions followed by the GROUPING calls (nkeys of the
// former).
func (q *analyzer) groupingAggs(input Node, keys []expr.Expr, nkeys int, sets [][]int, calls []AggCall, groupings []*groupingRef) (Node, error) {
	var cols []Column
	for i, k := range keys {
		cols = append(cols, Column{Name: "key" + itoa(i), T: k.Type()})
	}
	for _, a := range calls {
		cols = append(cols, Column{Name: a.Fn.Name, T: a.Result})
	}
	// Each GROUPING argument must be one of the grouping expressions.
	argKey := make([][]int, len(groupings))
	for gi, g := range groupings {
		for _, a := range g.args {
			found := -1
			for i := 0; i < nkeys; i++ {
				if equalExpr(a, keys[i]) {
					found = i
				}
			}
			if found < 0 {
				return nil, pgerr.New(pgerr.GroupingError, "arguments to GROUPING must be grouping expressions of the associated query level")
			}
			argKey[gi] = append(argKey[gi], found)
		}
	}
	var out Node
	for _, set := range sets {
		in := make([]bool, nkeys)
		for _, k := range set {
			in[k] = true
		}
		agg := &Agg{Input: input, Aggs: calls, Cols: cols}
		for i, k := range keys {
			var gk expr.Expr
			switch {
			case i >= nkeys:
				bits := int64(0)
				for _, a := range argKey[i-nkeys] {
					bits <<= 1
					if !in[a] {
						bits |= 1
					}
				}
				gk = &expr.Const{T: int4T, Value: types.Int(bits)}
			case in[i]:
				gk = k
			default:
				gk = &expr.Const{T: k.Type(), Value: types.Null}
			}
			agg.GroupKeys = append(agg.GroupKeys, gk)
			agg.KeyTypes = append(agg.KeyTypes, k.Type())
		}
		if out == nil {
			out = agg
		} else {
			out = &SetOp{Op: Union, All: true, Left: out, Right: agg, Cols: cols}
		}
	}
	return out, nil
}
