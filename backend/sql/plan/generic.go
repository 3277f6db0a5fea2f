package plan

import (
	"strconv"
	"strings"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
)

// A generic plan serves every statement that differs from the one it was
// planned for only in its literals (parser.Normalize's key): each literal
// that the analysis meets as a value expression becomes a parameter, typed
// as the literal would be (integers int4 or int8, other numbers numeric,
// strings unknown and so typed by their context), and the caller binds the
// next statement's literals to those parameters. A literal the analysis
// reads for its value instead (an ORDER BY position, a type modifier) stays
// in the plan, and the caller must only reuse the plan when that literal is
// the same.

// LiteralParam says what became of one literal of a generic plan.
type LiteralParam struct {
	Param int     // the parameter it binds, or -1 when the plan depends on its value
	Neg   bool    // the literal was written with a minus sign before it (-5)
	T     types.T // the type the literal has (for numbers; unknown for strings)
	// Pinned: the plan was chosen for this literal's value (a row
	// estimate from statistics): reuse it only for the same literal.
	Pinned bool
}

// PlanGeneric plans stmt with its literals lits (from parser.Normalize of
// sql) as parameters. It returns the plan and one LiteralParam per literal.
func PlanGeneric(stmt parser.Stmt, sql string, cat Catalog, env *types.Env, lits []parser.Const) (*Query, []LiteralParam, error) {
	q := &analyzer{cat: cat, sql: sql, env: env, lits: map[int]int{}, litOut: make([]LiteralParam, len(lits)), litSrc: lits}
	for i, c := range lits {
		q.lits[c.Location] = i
		q.litOut[i].Param = -1
	}
	query, err := planWith(q, stmt)
	if err != nil {
		return nil, nil, err
	}
	return query, q.litOut, nil
}

// LiteralType is the type a numeric literal gets (for a string, unknown).
func LiteralType(kind parser.ConstKind, text string) types.T {
	switch kind {
	case parser.ConstInteger:
		if v, err := strconv.ParseInt(text, 10, 64); err == nil && v == int64(int32(v)) {
			return int4T
		}
		return int8T
	case parser.ConstFloat:
		if isIntegerText(text) {
			if v, err := strconv.ParseInt(text, 10, 64); err == nil {
				if v == int64(int32(v)) {
					return int4T // -2147483648: the lexer saw 2147483648
				}
				return int8T
			}
		}
		return types.Of(types.NumericOid)
	}
	return unknownT
}

// literalParam turns a literal into a parameter when it is one Normalize
// lifted and it is met for the first time.
func (q *analyzer) literalParam(n *parser.AConst) (expr.Expr, bool) {
	if q.lits == nil || n.Kind == parser.ConstBool || n.Kind == parser.ConstNull || n.Kind == parser.ConstBitString {
		return nil, false
	}
	idx, ok := q.lits[n.Location]
	neg := false
	if !ok && strings.HasPrefix(n.Val, "-") {
		// "-5" is one constant for the parser and a minus then 5 for the
		// lexer: find the number after the sign.
		for i, c := range q.litSrc {
			if c.Location > n.Location && strings.TrimSpace(q.sql[n.Location+1:c.Location]) == "" {
				idx, ok, neg = i, true, true
				break
			}
		}
	}
	if !ok || q.litOut[idx].Param >= 0 {
		return nil, false
	}
	t := unknownT
	if n.Kind != parser.ConstString {
		t = LiteralType(parser.ConstKind(n.Kind), strings.TrimPrefix(n.Val, "-"))
		if neg || strings.HasPrefix(n.Val, "-") {
			t = LiteralType(parser.ConstKind(n.Kind), n.Val)
		}
	}
	p := &paramInfo{t: t, fixed: t.Oid != types.UnknownOid}
	q.params = append(q.params, p)
	node := &expr.Param{Index: len(q.params) - 1, T: t}
	p.nodes = append(p.nodes, node)
	q.litOut[idx] = LiteralParam{Param: node.Index, Neg: neg, T: t}
	return node, true
}

// literalParamIndex reports whether parameter idx stands for a literal
// of the statement (a generic plan's), not one the client sends.
func (q *analyzer) literalParamIndex(idx int) bool {
	for _, l := range q.litOut {
		if l.Param == idx {
			return true
		}
	}
	return false
}
