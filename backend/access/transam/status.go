package transam

import (
	"errors"
	"time"
	"unsafe"

	"ringpg/sem"
)

// XidStatus is a transaction's outcome as far as is known now.
type XidStatus uint8

const (
	StatusInProgress XidStatus = iota // running (or a sub-committed subtransaction of a running one)
	StatusCommitted
	StatusAborted // rolled back, crashed, or never used
)

func (s XidStatus) String() string {
	switch s {
	case StatusInProgress:
		return "in progress"
	case StatusCommitted:
		return "committed"
	case StatusAborted:
		return "aborted"
	}
	return "unknown"
}

// statusCacheSize is the number of final statuses a process remembers.
const statusCacheSize = 256

// statusCache is a direct-mapped, process-local cache of final statuses
// (they never change): entry = xid<<2 | status, 0 = empty.
type statusCache [statusCacheSize]uint64

func (c *statusCache) get(xid uint64) (XidStatus, bool) {
	e := c[xid%statusCacheSize]
	if e>>2 == xid && e != 0 {
		return XidStatus(e & 3), true
	}
	return 0, false
}

func (c *statusCache) put(xid uint64, s XidStatus) { c[xid%statusCacheSize] = xid<<2 | uint64(s) }

// Status returns xid's outcome: committed and aborted are final; in
// progress means the transaction (or, for a sub-committed subxid, its
// top-level transaction) is still running. Errors are I/O errors reading
// the commit log or the subtransaction map.
func (m *Manager) Status(xid uint64) (XidStatus, error) {
	switch {
	case xid == InvalidXid:
		return StatusAborted, nil
	case xid < FirstNormalXid:
		return StatusCommitted, nil
	case xid >= m.hdr.nextXid.Load():
		// Never handed out: no tuple can legitimately carry it.
		return StatusAborted, nil
	}
	if s, ok := m.cache.get(xid); ok {
		return s, nil
	}
	s, err := m.status(xid, true)
	if err == nil && s != StatusInProgress {
		m.cache.put(xid, s)
	}
	return s, err
}

// status reads the commit log, resolving sub-committed entries through
// the top-level xid and "in progress" against the running array.
func (m *Manager) status(xid uint64, checkRunning bool) (XidStatus, error) {
	st, err := m.clogGet(xid)
	if err != nil {
		return StatusInProgress, err
	}
	switch st {
	case clogCommitted:
		return StatusCommitted, nil
	case clogAborted:
		return StatusAborted, nil
	case clogSubCommitted:
		return m.subCommittedStatus(xid)
	}
	if !checkRunning {
		return StatusInProgress, nil
	}
	running, err := m.isRunning(xid)
	if err != nil || running {
		return StatusInProgress, err
	}
	// Not running: it ended before we looked at the array, and an ending
	// transaction sets the log before it leaves the array, so the log has
	// its outcome now, unless it never had one (a crash).
	if st, err = m.clogGet(xid); err != nil {
		return StatusInProgress, err
	}
	switch st {
	case clogCommitted:
		return StatusCommitted, nil
	case clogSubCommitted:
		return m.subCommittedStatus(xid)
	}
	return StatusAborted, nil
}

// subCommittedStatus is the status of a sub-committed subxid: its
// top-level transaction's. A link lost in a restart means the top-level
// transaction crashed between the two steps of its commit, before the WAL
// could say otherwise: aborted.
func (m *Manager) subCommittedStatus(xid uint64) (XidStatus, error) {
	top, err := m.topOf(xid)
	if err != nil {
		return StatusInProgress, err
	}
	if top == 0 || top == xid {
		return StatusAborted, nil
	}
	return m.status(top, true)
}

// IsRunning reports whether xid, a top-level xid or a subxid, belongs to a
// transaction that is running now. xid must have been handed out already
// (it was read from a tuple or a snapshot).
func (m *Manager) IsRunning(xid uint64) (bool, error) {
	if xid < FirstNormalXid || xid >= m.hdr.nextXid.Load() {
		return false, nil
	}
	return m.isRunning(xid)
}

// isRunning looks for xid in the running array: as a top-level xid, in a
// subxid cache, or through pg_subtrans when some slot overflowed. A
// tentative entry counts: it is either the slot's own xid, about to be
// published plainly, or a stale candidate whose real owner is running or
// has just ended (then a caller that read the commit log before asking
// sees a transient "in progress", never a wrong final outcome). A
// rolled-back subxid still listed in an overflowed cache is reported
// running until its top-level transaction ends; Status reads the commit
// log first and so never asks about it.
func (m *Manager) isRunning(xid uint64) (bool, error) {
	if i, _ := m.slotOf(xid); i >= 0 {
		return true, nil
	}
	top, err := m.topOf(xid)
	if err != nil {
		return false, err
	}
	if top != 0 && top != xid {
		i, _ := m.slotOfTop(top)
		return i >= 0, nil
	}
	return false, nil
}

// slotOfTop returns the slot listing top-level xid top, or -1, preferring
// a plain entry to a tentative one (plain reports which).
func (m *Manager) slotOfTop(top uint64) (slot int, plain bool) {
	slot = -1
	for i := range m.xids {
		switch m.xids[i].Load() {
		case top:
			return i, true
		case top | tentative:
			slot = i
		}
	}
	return slot, false
}

// slotOf returns the slot whose running array lists xid, as its top-level
// xid or a cached subxid, or -1; plain as slotOfTop.
func (m *Manager) slotOf(xid uint64) (slot int, plain bool) {
	slot, plain = m.slotOfTop(xid)
	if plain {
		return slot, true
	}
	for i := range m.nsub {
		n := int(m.nsub[i].Load() &^ subOverflow)
		if n == 0 {
			continue
		}
		top := m.xids[i].Load()
		if top == 0 || top&tentative != 0 || xid < top {
			continue
		}
		for j := 0; j < n && j < SubxidCacheSize; j++ {
			switch m.procs[i].subxids[j].Load() {
			case xid:
				return i, true
			case xid | tentative:
				slot = i
			}
		}
	}
	return slot, false
}

// runningSlot returns the slot running xid's transaction, or -1.
func (m *Manager) runningSlot(xid uint64) (int, error) {
	if i, _ := m.slotOf(xid); i >= 0 {
		return i, nil
	}
	top, err := m.topOf(xid)
	if err != nil || top == 0 || top == xid {
		return -1, err
	}
	i, _ := m.slotOfTop(top)
	return i, nil
}

// waitPoll is how often WaitXid calls its cancel function.
const waitPoll = 100 * time.Millisecond

// WaitXid sleeps until xid (a top-level xid or a subxid) is no longer in
// progress: committed, aborted, or its subtransaction rolled back. cancel,
// if not nil, is called about every 100 ms; a non-nil error from it ends
// the wait and is returned (statement cancel, lock timeout). It must not
// be called with any LWLock held, nor for an xid of the caller's own
// transaction (which would wait for ever).
func (m *Manager) WaitXid(xid uint64, cancel func() error) error {
	for {
		st, err := m.Status(xid)
		if err != nil {
			return err
		}
		if st != StatusInProgress {
			return nil
		}
		i, err := m.runningSlot(xid)
		if err != nil {
			return err
		}
		if i < 0 {
			continue // it ended between the two looks; Status says so now
		}
		p := &m.procs[i]
		p.sleepers.Add(1)
		seq := p.endSeq.Load()
		if st, err = m.Status(xid); err != nil || st != StatusInProgress {
			p.sleepers.Add(^uint32(0))
			return err
		}
		werr := sem.FutexWaitShort((*uint32)(unsafe.Pointer(&p.endSeq)), seq, waitPoll)
		p.sleepers.Add(^uint32(0))
		if werr != nil && !errors.Is(werr, sem.ErrTimeout) {
			return internalError("waiting for transaction %d: %v", xid, werr)
		}
		if cancel != nil {
			if err := cancel(); err != nil {
				return err
			}
		}
	}
}

// wakeSlot tells the sleepers of this process's slot that a transaction
// or subtransaction of it ended.
func (m *Manager) wakeSlot() {
	p := &m.procs[m.slot]
	p.endSeq.Add(1)
	if p.sleepers.Load() != 0 {
		sem.FutexWake((*uint32)(unsafe.Pointer(&p.endSeq)), 1<<30)
	}
}

// RunningSlot returns the proc slot whose transaction runs xid (a
// top-level xid or a subxid), or -1 when none does now.
func (m *Manager) RunningSlot(xid uint64) (int, error) { return m.runningSlot(xid) }
