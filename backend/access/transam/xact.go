package transam

import (
	"fmt"
	"math"

	"ringpg/backend/access/heap"
	"ringpg/sem"
)

// Xact is one transaction of the Manager's process, with its stack of
// subtransactions. Xids are assigned lazily, on the first Xid call (a
// write). It implements heap.Txn. Not safe for concurrent use.
type Xact struct {
	m    *Manager
	cid  uint32
	done bool

	// levels is the subtransaction stack; levels[0] is the top level.
	// It starts in levelBuf, so that a transaction without savepoints
	// costs one allocation.
	levels   []level
	levelBuf [4]level
	// cur lists, in assignment order (so ascending), the xids of this
	// transaction that are current: the top-level xid first, then the
	// subxids of open and released subtransactions. Rolled-back ones are
	// cut off the end (they are always its tail).
	cur     []uint64
	hasXmin bool  // xmins[slot] is published
	err     error // an assignment failure Xid could not return
	// deps are transactions whose commits this one acted on while they
	// were not yet durable; it leaves the running array after them
	// (wal.go).
	deps []uint64
}

// level is one (sub)transaction of the stack.
type level struct {
	xid uint64 // 0 until assigned
}

var _ heap.Txn = (*Xact)(nil)

// Begin starts a transaction. A transaction still open on this Manager is
// aborted first (one at a time per process).
func (m *Manager) Begin() *Xact {
	if m.cur != nil {
		m.cur.Abort()
	}
	x := &Xact{m: m}
	x.levels = x.levelBuf[:1]
	m.cur = x
	return x
}

// Xid returns the xid of the current (innermost) subtransaction, assigning
// it and its parents' on first use (heap.Txn). On a failure to assign
// (the xid limit file could not be written) it returns InvalidXid and the
// error is kept for Err and Commit; callers that can report errors call
// AssignXid first.
func (x *Xact) Xid() uint64 {
	xid, err := x.AssignXid()
	if err != nil && x.err == nil {
		x.err = err
	}
	return xid
}

// AssignXid is Xid with its error.
func (x *Xact) AssignXid() (uint64, error) {
	if x.done {
		return InvalidXid, errNoTransaction()
	}
	return x.assignLevel(len(x.levels) - 1)
}

// assignLevel assigns the xid of levels[k] and of every level below it.
func (x *Xact) assignLevel(k int) (uint64, error) {
	if l := &x.levels[k]; l.xid != 0 {
		return l.xid, nil
	}
	if k == 0 {
		xid, err := x.m.assignTop()
		if err != nil {
			return InvalidXid, err
		}
		x.levels[0].xid = xid
		x.cur = append(x.cur, xid)
		return xid, nil
	}
	top, err := x.assignLevel(k - 1)
	if err != nil {
		return InvalidXid, err
	}
	if k > 1 {
		top = x.levels[0].xid
	}
	xid, err := x.m.assignSub(top, len(x.cur)-1)
	if err != nil {
		return InvalidXid, err
	}
	x.levels[k].xid = xid
	x.cur = append(x.cur, xid)
	return xid, nil
}

// HasXid reports whether the transaction has a top-level xid.
func (x *Xact) HasXid() bool { return x.levels[0].xid != 0 }

// CurrentXid returns the current subtransaction's xid without assigning
// one: InvalidXid if it has none yet.
func (x *Xact) CurrentXid() uint64 { return x.levels[len(x.levels)-1].xid }

// TopXid returns the top-level xid without assigning one.
func (x *Xact) TopXid() uint64 { return x.levels[0].xid }

// Err returns the error of a failed lazy xid assignment, if any.
func (x *Xact) Err() error { return x.err }

// Done reports whether the transaction has committed or aborted.
func (x *Xact) Done() bool { return x.done }

// Cid returns the current command id (heap.Txn).
func (x *Xact) Cid() uint32 { return x.cid }

// CommandCounterIncrement starts the next command: what this transaction
// wrote so far becomes visible to snapshots carrying the new cid.
func (x *Xact) CommandCounterIncrement() error {
	if x.cid >= math.MaxUint32-1 {
		return errTooManyCommands()
	}
	x.cid++
	return nil
}

// IsCurrent reports whether xid is this transaction's: its top-level xid
// or the xid of an open or released (not rolled back) subtransaction
// (TransactionIdIsCurrentTransactionId).
func (x *Xact) IsCurrent(xid uint64) bool {
	cur := x.cur
	if xid == InvalidXid || len(cur) == 0 || xid < cur[0] || xid > cur[len(cur)-1] {
		return false
	}
	if len(cur) <= 8 {
		for _, c := range cur {
			if c == xid {
				return true
			}
		}
		return false
	}
	lo, hi := 0, len(cur)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if cur[mid] < xid {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo < len(cur) && cur[lo] == xid
}

// Depth returns the nesting depth: 0 outside any subtransaction.
func (x *Xact) Depth() int { return len(x.levels) - 1 }

// BeginSub starts a subtransaction (SAVEPOINT); its xid is assigned
// lazily like the top level's.
func (x *Xact) BeginSub() {
	x.levels = append(x.levels, level{})
}

// ReleaseSub ends the innermost subtransaction keeping its work (RELEASE
// SAVEPOINT): its rows and its children's become the parent's, and commit
// or abort with it.
func (x *Xact) ReleaseSub() error {
	if len(x.levels) < 2 || x.done {
		return errNoSavepoint()
	}
	x.levels = x.levels[:len(x.levels)-1]
	return nil
}

// RollbackSub ends the innermost subtransaction undoing its work
// (ROLLBACK TO SAVEPOINT, then the savepoint's release): its xids and its
// children's are marked aborted, so their rows are invisible to everyone,
// this transaction included, and waiters for them are woken.
func (x *Xact) RollbackSub() error {
	if len(x.levels) < 2 || x.done {
		return errNoSavepoint()
	}
	l := x.levels[len(x.levels)-1]
	x.levels = x.levels[:len(x.levels)-1]
	if l.xid == 0 {
		return nil // no xid, so none below it either: nothing was written
	}
	// The level's xids and its children's are the tail of cur from its
	// own: enclosing levels assign theirs first, children after.
	cut := len(x.cur)
	for cut > 0 && x.cur[cut-1] >= l.xid {
		cut--
	}
	gone := x.cur[cut:]
	m := x.m
	err := m.clogSet(gone, clogAborted)
	x.cur = x.cur[:cut]
	// The rolled-back xids are the tail of the cache: shrink it, keeping
	// the overflow bit (doc.go).
	ns := &m.nsub[m.slot]
	old := ns.Load()
	n := uint32(min(len(x.cur)-1, SubxidCacheSize))
	ns.Store(n | old&subOverflow)
	m.wakeSlot()
	if err != nil {
		// The commit log could not record the rollback; the xids stay
		// "in progress" there until the top level ends, and then count
		// as aborted unless it commits. Report it: the caller must then
		// abort the whole transaction.
		return fmt.Errorf("rolling back subtransaction: %w", err)
	}
	return nil
}

// Commit commits the transaction (and every released subtransaction with
// it, atomically). On an error the transaction has aborted instead.
func (x *Xact) Commit() error {
	if x.done {
		return errNoTransaction()
	}
	if x.err != nil {
		x.Abort()
		return x.err
	}
	m := x.m
	if len(x.cur) == 0 {
		x.end()
		return nil
	}
	subs := x.cur[1:]
	var lsn uint64
	wait := false
	if m.logCommit != nil {
		var err error
		if lsn, wait, err = m.logCommit(x.cur[0], subs); err != nil {
			x.Abort()
			return fmt.Errorf("commit failed, transaction rolled back: %w", err)
		}
		if !wait {
			m.noteAsync(lsn)
		}
	}
	var err error
	if len(subs) > 0 {
		err = m.clogSet(subs, clogSubCommitted)
	}
	if err == nil {
		err = m.clogSet(x.cur[:1], clogCommitted)
	}
	if err != nil {
		x.Abort()
		return fmt.Errorf("commit failed, transaction rolled back: %w", err)
	}
	if len(subs) > 0 {
		// Readers already resolve them through the top level; this only
		// saves them the lookup. A failure here changes no outcome.
		_ = m.clogSet(subs, clogCommitted)
	}
	if wait {
		// Early lock release (wal.go): waiters go on now; the commit is
		// reported, and seen by snapshots, once durable.
		m.wakeSlot()
		if err := m.flushCommit(lsn); err != nil {
			x.end()
			return err
		}
	}
	x.waitDeps()
	x.end()
	return nil
}

// Abort rolls the transaction back. It cannot fail: an xid whose abort
// the commit log could not record is not running afterwards, and that
// alone makes it aborted.
func (x *Xact) Abort() {
	if x.done {
		return
	}
	if len(x.cur) > 0 {
		_ = x.m.clogSet(x.cur, clogAborted)
	}
	x.end()
}

// end takes the transaction out of the running array: top-level xid
// first, then the subxid count and the xmin (doc.go), then wakes waiters.
func (x *Xact) end() {
	m := x.m
	hadXid := len(x.cur) > 0
	if hadXid {
		// Counted before and after leaving the array (snapshot.go);
		// while a snapshot taker starves, under endLock shared.
		locked := m.hdr.starving.Load() != 0
		if locked {
			m.hdr.endLock.Acquire(m.waiters, uint32(m.slot), sem.Shared)
		}
		m.hdr.completed.Add(1)
		m.xids[m.slot].Store(0)
		m.nsub[m.slot].Store(0)
		m.hdr.completed.Add(1)
		if locked {
			m.hdr.endLock.Release(m.waiters)
		}
	}
	m.xmins[m.slot].Store(0)
	x.deps = x.deps[:0]
	x.done = true
	x.hasXmin = false
	if m.cur == x {
		m.cur = nil
	}
	if hadXid {
		m.wakeSlot()
	}
}
