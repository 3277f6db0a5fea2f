package engine

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/access/transam"
	"time"
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
// whom it waits for meanwhile, and looks for a deadlock once it has
// waited deadlock_timeout.
func (t *xactTxn) WaitXid(xid uint64) error {
	e := t.s.e
	slot, err := e.tm.RunningSlot(xid)
	if err != nil || slot < 0 {
		return e.tm.WaitXid(xid, t.s.cancel())
	}
	start := time.Now()
	e.proc.SetWaitingFor(e.seg.Proc(slot).Pid(), xid, start.UnixNano())
	defer e.proc.SetWaitingFor(0, 0, 0)
	timeout := t.s.set.DeadlockTimeout()
	return e.tm.WaitXid(xid, func() error {
		if err := t.s.checkInterrupts(); err != nil {
			return err
		}
		if time.Since(start) >= timeout {
			err := e.checkDeadlock()
			if err != nil {
				t.s.countDeadlock(err)
			}
			return err
		}
		return nil
	})
}

func (t *xactTxn) IsolationRC() bool { return t.s.isolation == isoReadCommitted }

func (t *xactTxn) CheckInterrupts() error { return t.s.checkInterrupts() }

func (t *xactTxn) TupleLive(h *tuple.Header) (bool, uint64) { return t.Xact.SatisfiesDirty(h) }

// SnapshotWithOwnWrites is a fresh snapshot that also sees what the
// current command wrote (foreign-key checks).
func (t *xactTxn) SnapshotWithOwnWrites() heap.Snapshot {
	return t.Xact.Snapshot().WithCid(t.Xact.Cid() + 1)
}
