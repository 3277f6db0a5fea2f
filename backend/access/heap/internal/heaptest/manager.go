package heaptest

import (
	"slices"
	"sync"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
)

// Manager is an in-process transaction manager: an xid counter, the
// outcome of every transaction, and the running ones. It is safe for
// concurrent use (goroutines standing in for backends); an MTx belongs to
// one goroutine.
type Manager struct {
	mu      sync.Mutex
	next    uint64
	status  map[uint64]Status
	running map[uint64]*MTx
}

// NewManager returns a manager whose first xid is 100.
func NewManager() *Manager {
	return &Manager{next: 100, status: map[uint64]Status{}, running: map[uint64]*MTx{}}
}

// Status implements Oracle. Unknown xids below next were never used and
// count as aborted.
func (m *Manager) Status(xid uint64) Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.status[xid]; ok {
		return s
	}
	if xid >= m.next {
		return InProgress
	}
	return Aborted
}

// MTx is a transaction of a Manager.
type MTx struct {
	Tx
	m        *Manager
	snapXmin uint64 // the oldest xmin of a snapshot it took; 0: none
}

// Begin starts a transaction at command 0.
func (m *Manager) Begin() *MTx {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := &MTx{Tx: Tx{O: m, XID: m.next}, m: m}
	m.next++
	m.status[t.XID] = InProgress
	m.running[t.XID] = t
	return t
}

// Next is CommandCounterIncrement: later commands see earlier ones' work.
func (t *MTx) Next() { t.CID++ }

// Commit ends the transaction successfully.
func (t *MTx) Commit() { t.end(Committed) }

// Abort ends it and undoes its work (by status alone, as in PostgreSQL).
func (t *MTx) Abort() { t.end(Aborted) }

func (t *MTx) end(s Status) {
	t.m.mu.Lock()
	defer t.m.mu.Unlock()
	t.m.status[t.XID] = s
	delete(t.m.running, t.XID)
}

// Snapshot takes a snapshot for the transaction's current command; the
// horizon keeps what it sees until the transaction ends.
func (t *MTx) Snapshot() *Snapshot {
	t.m.mu.Lock()
	defer t.m.mu.Unlock()
	s := t.m.snapshot(t.XID, t.CID)
	if t.snapXmin == 0 || s.Xmin < t.snapXmin {
		t.snapXmin = s.Xmin
	}
	return s
}

func (m *Manager) snapshot(own uint64, cid uint32) *Snapshot {
	s := &Snapshot{O: m, Own: own, Cid: cid, Xmax: m.next, Xmin: m.next}
	for xid := range m.running {
		if xid != own {
			s.Running = append(s.Running, xid)
			s.Xmin = min(s.Xmin, xid)
		}
	}
	slices.Sort(s.Running)
	return s
}

// Horizon returns the pruning horizon now: nothing a running
// transaction, or a snapshot one took, may still see is dead.
func (m *Manager) Horizon() *Horizon {
	m.mu.Lock()
	defer m.mu.Unlock()
	oldest := m.next
	for xid, t := range m.running {
		oldest = min(oldest, xid)
		if t.snapXmin != 0 {
			oldest = min(oldest, t.snapXmin)
		}
	}
	return &Horizon{O: m, OldestXmin: oldest}
}

// Committed runs f in a new transaction and commits it: shorthand for a
// single statement in autocommit.
func (m *Manager) Committed(f func(t *MTx)) {
	t := m.Begin()
	f(t)
	t.Commit()
}

// Txn is a transaction the tests drive: the heap's view of it and its
// life cycle.
type Txn interface {
	Xid() uint64
	Cid() uint32
	SatisfiesUpdate(h *tuple.Header) heap.TMResult
	Next()
	Commit()
	Abort()
	Snapshot() *Snapshot
}

// TxnSource starts transactions.
type TxnSource interface {
	Begin() Txn
}
