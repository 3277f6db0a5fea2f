package exec

import (
	"slices"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// sortOp reads its whole input, then returns it ordered by the keys (a
// stable sort, so equal rows keep their input order).
type sortOp struct {
	s     *state
	in    op
	keys  []plan.SortKey
	frame expr.Frame
	rows  []sortRow
	pos   int
	arena rowArena
}

// sortRow is a kept input row and its keys' values.
type sortRow struct {
	row  []types.Datum
	keys []types.Datum
}

// compareKeys orders two key vectors under keys.
func compareKeys(keys []plan.SortKey, a, b []types.Datum) int {
	for i := range keys {
		if c := compareKey(&keys[i], a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

func compareKey(k *plan.SortKey, a, b types.Datum) int {
	switch {
	case a.Null && b.Null:
		return 0
	case a.Null:
		if k.NullsFirst {
			return -1
		}
		return 1
	case b.Null:
		if k.NullsFirst {
			return 1
		}
		return -1
	}
	c := compareDatum(k.Expr.Type(), a, b)
	if k.Desc {
		return -c
	}
	return c
}

// evalKeys appends the values of keys over f to dst.
func evalKeys(keys []plan.SortKey, f *expr.Frame, dst []types.Datum) ([]types.Datum, error) {
	for i := range keys {
		v, err := keys[i].Expr.Eval(f)
		if err != nil {
			return nil, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}

func (o *sortOp) open(outer *expr.Frame) error {
	o.frame = o.s.frame(outer)
	o.rows, o.pos = o.rows[:0], 0
	if err := o.in.open(outer); err != nil {
		return err
	}
	var keyArena rowArena
	for {
		row, err := o.in.next()
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		if err := o.s.tick(); err != nil {
			return err
		}
		kept := o.arena.copy(row)
		o.frame.Row = kept
		var scratch [8]types.Datum
		k, err := evalKeys(o.keys, &o.frame, scratch[:0])
		if err != nil {
			return err
		}
		o.rows = append(o.rows, sortRow{row: kept, keys: keyArena.copy(k)})
	}
	slices.SortStableFunc(o.rows, func(a, b sortRow) int { return compareKeys(o.keys, a.keys, b.keys) })
	return nil
}

func (o *sortOp) next() ([]types.Datum, error) {
	if o.pos >= len(o.rows) {
		return nil, nil
	}
	r := o.rows[o.pos].row
	o.pos++
	return r, nil
}

func (o *sortOp) close() {
	o.in.close()
	o.rows, o.arena = nil, rowArena{}
}
