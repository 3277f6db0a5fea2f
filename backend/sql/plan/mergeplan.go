package plan

import "ringpg/backend/sql/expr"

// mergeMinRows is the size from which both tables of a join ordered by
// its key are read through their indexes and merged rather than hashed
// and sorted.
const mergeMinRows = 1000

// mergeForOrder replaces "Sort by the join key over a hash join of two
// whole tables" with a merge join of the tables' index scans on that key,
// which yields the rows already in order, where PostgreSQL would choose
// it: an inner or left join on one key, each table with statistics, at
// least mergeMinRows rows and a B-tree index (ascending) leading on its
// join column, and the ORDER BY a single ascending key on the join
// column. Anything else is returned unchanged.
func (q *analyzer) mergeForOrder(s *Sort) Node {
	if len(s.Keys) != 1 || s.Keys[0].Desc || s.Keys[0].NullsFirst {
		return s
	}
	p, ok := s.Input.(*Project)
	if !ok {
		return s
	}
	h, ok := p.Input.(*HashJoin)
	var sw *HashJoin
	if pr, isProject := p.Input.(*Project); isProject {
		// A join whose inputs buildSmaller swapped: merge them in the
		// original order (its condition is rewritten back below).
		if sw, ok = q.swappedJoins[pr]; ok {
			kind := map[JoinKind]JoinKind{JoinInner: JoinInner, JoinFull: JoinFull, JoinLeft: JoinRight, JoinRight: JoinLeft}[sw.Kind]
			h = &HashJoin{Kind: kind, Left: sw.Right, Right: sw.Left, LeftKeys: sw.RightKeys, RightKeys: sw.LeftKeys,
				KeyTypes: sw.KeyTypes, Cols: pr.Cols}
		}
	}
	if !ok || len(h.LeftKeys) != 1 || (h.Kind != JoinInner && h.Kind != JoinLeft) {
		return s
	}
	kv, ok := s.Keys[0].Expr.(*expr.Var)
	if !ok || kv.Level != 0 || kv.Index >= len(p.Exprs) {
		return s
	}
	out, ok := p.Exprs[kv.Index].(*expr.Var)
	lk, lok := h.LeftKeys[0].(*expr.Var)
	rk, rok := h.RightKeys[0].(*expr.Var)
	if !ok || !lok || !rok || out.Level != 0 || lk.Level != 0 || rk.Level != 0 {
		return s
	}
	lw := len(h.Left.Columns())
	if out.Index != lk.Index && (h.Kind != JoinInner || out.Index != lw+rk.Index) {
		return s
	}
	left := q.orderedScan(h.Left, lk, h)
	right := q.orderedScan(h.Right, rk, h)
	if left == nil || right == nil {
		return s
	}
	qual := h.Qual
	if sw != nil {
		qual = swapSides(sw.Qual, len(sw.Left.Columns()), len(sw.Right.Columns()))
	}
	mj := &MergeJoin{Kind: h.Kind, Left: left, Right: right, LeftKeys: h.LeftKeys, RightKeys: h.RightKeys,
		KeyTypes: h.KeyTypes, Qual: qual, Cols: h.Cols}
	return &Project{Input: mj, Exprs: p.Exprs, Cols: p.Cols}
}

// orderedScan returns a whole-table index scan of n's table in the order
// of key, when n is an unfiltered, unlocked sequential scan of a large
// analyzed table with an ascending B-tree index leading on key.
func (q *analyzer) orderedScan(n Node, key *expr.Var, h *HashJoin) *IndexScan {
	sc, ok := n.(*SeqScan)
	if !ok || sc.Qual != nil || sc.TID != nil || sc.EmitTID || sc.Lock != LockNone || sc.Table.Stats == nil || sc.Table.Rows < mergeMinRows {
		return nil
	}
	for _, ix := range sc.Table.Indexes {
		if len(ix.Cols) == 0 || ix.Pred != nil || ix.Cols[0] != key.Index || ix.Types[0] != h.KeyTypes[0] ||
			len(ix.Desc) > 0 && ix.Desc[0] || len(ix.NullsFirst) > 0 && ix.NullsFirst[0] {
			continue
		}
		return &IndexScan{Table: sc.Table, Index: ix, Cols: sc.Cols, Sys: sc.Sys, Used: sc.Used}
	}
	return nil
}
