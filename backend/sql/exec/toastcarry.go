package exec

import (
	"unsafe"

	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types"
)

// carryStored gives the new version of a row the stored bytes of the
// values it carries over unchanged when they are compressed or out of
// line: the heap then keeps their toast chunks instead of compressing and
// writing them again (PostgreSQL's toast_tuple_init does the same).
// values is the codec's, as form returned it.
func (u *rowUpdater) carryStored(tid tuple.TID, old, nr []types.Datum, values [][]byte, nulls []bool) error {
	var want bool
	for i, a := range u.t.Desc.Attrs {
		if a.Len == tuple.VarlenaLen && !nulls[i] && sameValue(old[i], nr[i]) {
			want = true
			break
		}
	}
	if !want {
		return nil
	}
	t, found, err := u.h.Fetch(anySnapshot{}, tid)
	if err != nil || !found {
		return err
	}
	raw, rawNulls, err := tuple.Deform(u.t.Desc, t.Data)
	if err != nil {
		return err
	}
	for i, a := range u.t.Desc.Attrs {
		if a.Len != tuple.VarlenaLen || nulls[i] || i >= len(raw) || rawNulls[i] || !sameValue(old[i], nr[i]) {
			continue
		}
		kind, _, err := tuple.VarInfo(raw[i])
		if err != nil {
			return err
		}
		if kind == tuple.VarCompressed || kind == tuple.VarExternal {
			values[i] = raw[i]
		}
	}
	return nil
}

// sameValue reports whether b is the very value a (not merely an equal
// one): a column the update's SET did not touch.
func sameValue(a, b types.Datum) bool {
	if a.Null || b.Null {
		return false
	}
	if len(a.S) > 0 {
		return len(a.S) == len(b.S) && unsafe.StringData(a.S) == unsafe.StringData(b.S)
	}
	switch pa := a.P.(type) {
	case nil:
		return false
	case *types.Array:
		pb, ok := b.P.(*types.Array)
		return ok && pa == pb
	case *types.JSONB:
		pb, ok := b.P.(*types.JSONB)
		return ok && pa == pb
	}
	return false
}
