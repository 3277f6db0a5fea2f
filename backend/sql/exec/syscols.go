package exec

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// fillSys writes the system columns sys of the row version at tid, whose
// whole tuple (header included) is data, into row from index at on.
// Transaction ids show their low 32 bits, as PostgreSQL's 32-bit xid
// type would; cmin and cmax both show the header's one command id field,
// as PostgreSQL shows its raw t_cid.
func fillSys(row []types.Datum, at int, sys []plan.SysAttr, tid tuple.TID, data []byte) error {
	if len(sys) == 0 {
		return nil
	}
	h, err := tuple.ReadHeader(data)
	if err != nil {
		return err
	}
	for k, a := range sys {
		row[at+k] = sysValue(a, tid, &h)
	}
	return nil
}

// sysValue is system column a of the version at tid with header h.
func sysValue(a plan.SysAttr, tid tuple.TID, h *tuple.Header) types.Datum {
	switch a {
	case plan.SysCtid:
		return tidDatum(tid)
	case plan.SysXmin:
		return types.Int(int64(uint32(h.Xmin)))
	case plan.SysXmax:
		return types.Int(int64(uint32(h.Xmax)))
	case plan.SysCmin, plan.SysCmax:
		return types.Int(int64(h.Cid))
	}
	return types.Null
}

// scanWidth is the row width of a scan: the table's columns, the TID
// when emitted, then the system columns.
func scanWidth(t *plan.Table, emitTID bool, sys []plan.SysAttr) int {
	w := len(t.Cols) + len(sys)
	if emitTID {
		w++
	}
	return w
}

// sysAt is where a scan's system columns start in its row.
func sysAt(t *plan.Table, emitTID bool) int {
	if emitTID {
		return len(t.Cols) + 1
	}
	return len(t.Cols)
}

// returnSys appends to ret the system columns sys of the version at tid,
// read back from the heap (RETURNING of the row a statement wrote or
// deleted).
func returnSys(h *heap.Heap, ret []types.Datum, sys []plan.SysAttr, tid tuple.TID) ([]types.Datum, error) {
	if len(sys) == 0 {
		return ret, nil
	}
	v, found, err := h.Fetch(anySnapshot{}, tid)
	if err != nil {
		return nil, err
	}
	n := len(ret)
	for range sys {
		ret = append(ret, types.Null)
	}
	if !found {
		return ret, nil
	}
	return ret, fillSys(ret, n, sys, tid, v.Data)
}
