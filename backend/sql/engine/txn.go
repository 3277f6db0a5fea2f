package engine

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/access/transam"
)

// xactTxn adapts a transam transaction to what the executor needs.
type xactTxn struct {
	*transam.Xact
	s    *Session
	snap heap.Snapshot // a transam.PruningSnapshot: readers prune the pages they visit
}

var _ interface {
	Snapshot() heap.Snapshot
} = (*xactTxn)(nil)

func (t *xactTxn) Snapshot() heap.Snapshot { return t.snap }

func (t *xactTxn) LatestSnapshot() heap.Snapshot { return t.Xact.Snapshot() }

// WaitXid waits for transaction xid to end, saying in the proc array
// whom it waits for meanwhile.
func (t *xactTxn) WaitXid(xid uint64) error {
	e := t.s.e
	if slot, err := e.tm.RunningSlot(xid); err == nil && slot >= 0 {
		e.proc.SetWaitingFor(e.seg.Proc(slot).Pid())
		defer e.proc.SetWaitingFor(0)
	}
	return e.tm.WaitXid(xid, t.s.checkInterrupts)
}

func (t *xactTxn) IsolationRC() bool { return t.s.isolation == isoReadCommitted }

func (t *xactTxn) CheckInterrupts() error { return t.s.checkInterrupts() }

func (t *xactTxn) TupleLive(h *tuple.Header) (bool, uint64) { return t.Xact.SatisfiesDirty(h) }
