package exec

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// hashJoinOp builds a hash table of its right side's rows by their keys
// and probes it with each left row's keys.
type hashJoinOp struct {
	joinCore
	n      *plan.HashJoin
	right  op
	rows   [][]types.Datum
	rkeys  [][]types.Datum
	table  map[uint64][]int32
	arena  rowArena
	karena rowArena
	built  bool

	lkeys []types.Datum
	cands []int32
	pos   int

	// Batching when the build side outgrows hash memory
	// (hashjoin_batch.go).
	batches
}

func (s *state) newHashJoin(n *plan.HashJoin) (op, error) {
	left, err := s.build(n.Left)
	if err != nil {
		return nil, err
	}
	right, err := s.build(n.Right)
	if err != nil {
		return nil, err
	}
	if len(n.LeftKeys) != len(n.RightKeys) || len(n.KeyTypes) < len(n.LeftKeys) {
		return nil, pgerr.New(pgerr.InternalError, "hash join plan has %d left keys, %d right keys and %d key types", len(n.LeftKeys), len(n.RightKeys), len(n.KeyTypes))
	}
	o := &hashJoinOp{n: n, right: right, lkeys: make([]types.Datum, len(n.LeftKeys))}
	o.init(s, n.Kind, left, o, n.Qual, len(n.Left.Columns()), len(n.Right.Columns()))
	return o, nil
}

// hashKeys combines the hashes of a key vector.
func hashKeys(ts []types.T, keys []types.Datum) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for i, k := range keys {
		kh := uint64(0x5bd1e995)
		if !k.Null {
			kh = hashDatum(ts[i], k)
		}
		h ^= kh + 0x9e3779b97f4a7c15 + h<<6 + h>>2
	}
	return h
}

func hasNull(keys []types.Datum) bool {
	for _, k := range keys {
		if k.Null {
			return true
		}
	}
	return false
}

func (o *hashJoinOp) open(outer *expr.Frame) error {
	o.reset(outer)
	// The right side is re-read on every open: it may depend on outer.
	o.clearTable()
	o.resetBatches(outer)
	if err := o.right.open(outer); err != nil {
		return err
	}
	f := o.s.frame(outer)
	keys := make([]types.Datum, len(o.n.RightKeys))
	for {
		r, err := o.right.next()
		if err != nil {
			return err
		}
		if r == nil {
			break
		}
		if err := o.s.tick(); err != nil {
			return err
		}
		f.Row = r
		for i, e := range o.n.RightKeys {
			if keys[i], err = e.Eval(&f); err != nil {
				return err
			}
		}
		if err := o.addInner(r, keys); err != nil {
			return err
		}
	}
	o.startBatches()
	return o.left.open(outer)
}

// clearTable empties the hash table.
func (o *hashJoinOp) clearTable() {
	o.rows, o.rkeys = o.rows[:0], o.rkeys[:0]
	o.table = make(map[uint64][]int32)
	o.arena, o.karena = rowArena{}, rowArena{}
}

// insert keeps a build row and its keys in the hash table.
func (o *hashJoinOp) insert(r, keys []types.Datum) {
	idx := int32(len(o.rows))
	o.rows = append(o.rows, o.arena.copy(r))
	o.rkeys = append(o.rkeys, o.karena.copy(keys))
	if hasNull(keys) {
		return // never matches, kept for RIGHT and FULL joins
	}
	h := hashKeys(o.n.KeyTypes, keys)
	o.table[h] = append(o.table[h], idx)
}

func (o *hashJoinOp) start(lrow []types.Datum) error {
	o.frame.Row = lrow
	for i, e := range o.n.LeftKeys {
		v, err := e.Eval(&o.frame)
		if err != nil {
			return err
		}
		o.lkeys[i] = v
	}
	o.pos = 0
	if hasNull(o.lkeys) {
		o.cands = nil
		return nil
	}
	o.cands = o.table[hashKeys(o.n.KeyTypes, o.lkeys)]
	return nil
}

func (o *hashJoinOp) nextRight() ([]types.Datum, int, error) {
next:
	for o.pos < len(o.cands) {
		idx := o.cands[o.pos]
		o.pos++
		if err := o.s.tick(); err != nil {
			return nil, -1, err
		}
		rk := o.rkeys[idx]
		for i, t := range o.n.KeyTypes {
			if !equalDatum(t, o.lkeys[i], rk[i]) {
				continue next
			}
		}
		return o.rows[idx], int(idx), nil
	}
	return nil, -1, nil
}

func (o *hashJoinOp) kept() [][]types.Datum { return o.rows }

func (o *hashJoinOp) close() {
	o.closeBatches()
	o.left.close()
	o.right.close()
	o.rows, o.rkeys, o.table, o.cands = nil, nil, nil, nil
	o.arena, o.karena = rowArena{}, rowArena{}
}
