package lmgr

import (
	"fmt"
	"time"

	"ringpg/sem"
)

// The deadlock detector. A waiter that has waited deadlock_timeout takes
// every partition lock exclusively, in ascending order (sem's order), so
// that the wait-for graph stands still, and looks for a cycle through
// itself. Edges go from a waiting proc to every other proc that holds a
// mode conflicting with its request (hard edges) and to every proc queued
// ahead of it on the same object whose request conflicts with its own
// (soft edges: only the queue's order makes it wait for them).
//
// A cycle with soft edges may be broken by reordering a queue, as
// PostgreSQL does: the detector moves the waiter of a soft edge ahead of
// the one it was queued behind, and keeps the new order if then no cycle
// runs through us nor through any waiter of a reordered queue (a new
// cycle elsewhere could otherwise go unnoticed, its members having
// checked already). It tries this for up to maxReorders soft edges, one
// after the other; PostgreSQL's search over orderings is more thorough.
// If the cycles cannot be broken, every reordering is undone and we give
// up with 40P01, naming the first cycle found.
//
// Only the process that finds the cycle gives up, and it leaves its queue
// before releasing the partition locks, so the cycle is gone for the next
// detector: one victim per deadlock.

// testHookReorder, nil outside tests, hears whether each attempt to break
// a cycle by reordering succeeded.
var testHookReorder func(ok bool)

// maxReorders bounds the queue moves one deadlock check tries.
const maxReorders = 4

// queueMove records one reordering, to undo it: proc was moved, and was
// queued before next (slot + 1, 0 = at the tail).
type queueMove struct {
	proc, next uint32
}

// checkDeadlock runs the detector for our wait, which began at start; if
// we are in a cycle it cannot break, it takes us off the queue and returns
// 40P01. With opts.LogWait it reports the outcome as log_lock_waits does,
// and says whether it did.
func (m *Manager) checkDeadlock(ll *localLock, mode Mode, opts *Options, start time.Time) (bool, error) {
	for i := range m.hdr.parts {
		m.hdr.parts[i].Acquire(m.waiters, m.me, sem.Exclusive)
	}
	var err error
	const (
		stillWaiting = iota
		avoided
		detected
		notWaiting
	)
	outcome := notWaiting
	var detail string
	if m.my.status.Load() == statusWaiting {
		outcome = stillWaiting
		lk := m.my.waitLock
		if m.cycleFrom(m.me) {
			first := append([]deadlockEdge(nil), m.path...)
			ok := m.reorderLocked()
			if testHookReorder != nil {
				testHookReorder(ok)
			}
			outcome = avoided
			if !ok {
				err = errDeadlock(first)
				outcome = detected
			}
		}
		if opts.LogWait != nil {
			detail = m.lockWaitDetailLocked(lk)
		}
		if err != nil {
			m.leaveQueueLocked()
		}
	}
	for i := len(m.hdr.parts) - 1; i >= 0; i-- {
		m.hdr.parts[i].Release(m.waiters)
	}
	m.wakeAll()
	if opts.LogWait == nil || outcome == notWaiting {
		return false, err
	}
	pid, after := m.my.pid.Load(), waitedFor(start)
	switch outcome {
	case avoided:
		opts.LogWait(fmt.Sprintf("process %d avoided deadlock for %s on %s by rearranging queue order after %s", pid, mode, ll.tag, after), "")
		if m.my.status.Load() == statusGranted {
			return true, nil // the new order granted our lock: "acquired" follows
		}
	case detected:
		opts.LogWait(fmt.Sprintf("process %d detected deadlock while waiting for %s on %s after %s", pid, mode, ll.tag, after), detail)
		return true, err
	}
	opts.LogWait(fmt.Sprintf("process %d still waiting for %s on %s after %s", pid, mode, ll.tag, after), detail)
	return true, err
}

// reorderLocked tries to break the cycle in m.path, and any found after
// it, by moving waiters ahead in queues. On success it keeps the new
// orders and grants what they allow; otherwise it restores every queue.
// Caller holds every partition lock.
func (m *Manager) reorderLocked() bool {
	var moves []queueMove
	var locks []uint32
	ok := false
	for len(moves) < maxReorders {
		var e *deadlockEdge
		var blocker uint32
		for i := range m.path {
			if m.path[i].soft {
				e = &m.path[i]
				blocker = m.path[(i+1)%len(m.path)].slot
				break
			}
		}
		if e == nil {
			break // hard edges only: a true deadlock
		}
		p := &m.procs[e.slot]
		moves = append(moves, queueMove{proc: e.slot, next: p.waitNext})
		locks = append(locks, e.lock)
		mode, h := Mode(p.waitMode), p.waitHolder
		m.dequeueLocked(e.slot)
		m.enqueueLocked(e.lock, e.slot, mode, h, blocker+1)
		if m.cycleFrom(m.me) {
			continue // another cycle: try its soft edges
		}
		ok = true
		for _, lk := range locks {
			for q := m.locks[lk-1].qHead; q != 0 && ok; q = m.procs[q-1].waitNext {
				ok = !m.cycleFrom(q - 1)
			}
		}
		break
	}
	if !ok {
		for i := len(moves) - 1; i >= 0; i-- {
			mv := moves[i]
			p := &m.procs[mv.proc]
			lk, mode, h := p.waitLock, Mode(p.waitMode), p.waitHolder
			m.dequeueLocked(mv.proc)
			m.enqueueLocked(lk, mv.proc, mode, h, mv.next)
		}
		return false
	}
	for _, lk := range locks {
		m.wakeLocked(lk)
	}
	return true
}

// RowWaits tells the detector about waits outside the lock table: a
// process waiting for a transaction to end (a row lock, a unique check)
// publishes whom it waits for in its proc slot. It returns the slot of
// the process proc waits for and that transaction, ok false when proc is
// not waiting so. Such an edge is hard, as PostgreSQL's wait on the
// holder's transaction lock is.
type RowWaits func(proc uint32) (blocker uint32, xid uint64, ok bool)

// SetRowWaits installs the row-wait edges of the wait-for graph, so that
// a cycle through table locks and row locks is found from either side.
func (m *Manager) SetRowWaits(f RowWaits) { m.rowWaits = f }

// followRowWait continues findCycle through proc's row wait, if any.
func (m *Manager) followRowWait(proc uint32) bool {
	if m.rowWaits == nil {
		return false
	}
	b, xid, ok := m.rowWaits(proc)
	if !ok || int(b) >= len(m.procs) {
		return false
	}
	m.path = append(m.path, deadlockEdge{pid: m.procs[proc].pid.Load(), mode: Share, tag: TransactionTag(xid), slot: proc})
	if b == m.target || !m.visited[b] && m.findCycle(b) {
		return true
	}
	m.path = m.path[:len(m.path)-1]
	return false
}

// RowWaitDeadlock runs the detector for this process's row wait (it is
// not waiting in the lock table): if the wait closes a cycle that
// reordering lock queues cannot break, it returns 40P01 with PostgreSQL's
// DETAIL. Every partition lock is held meanwhile; victim, called under
// them when the caller is the victim, must withdraw the caller's published
// row wait, so that no other detector counts it in the same cycle.
func (m *Manager) RowWaitDeadlock(victim func()) error {
	for i := range m.hdr.parts {
		m.hdr.parts[i].Acquire(m.waiters, m.me, sem.Exclusive)
	}
	var err error
	if m.cycleFrom(m.me) {
		first := append([]deadlockEdge(nil), m.path...)
		if !m.reorderLocked() {
			err = errDeadlock(first)
			victim()
		}
	}
	for i := len(m.hdr.parts) - 1; i >= 0; i-- {
		m.hdr.parts[i].Release(m.waiters)
	}
	m.wakeAll()
	return err
}

// cycleFrom reports whether a path of wait-for edges leads from start back
// to itself, leaving that path in m.path. Caller holds every partition
// lock.
func (m *Manager) cycleFrom(start uint32) bool {
	for i := range m.visited {
		m.visited[i] = false
	}
	m.path = m.path[:0]
	m.target = start
	return m.findCycle(start)
}

// findCycle reports whether a path of wait-for edges leads from proc to
// m.target, leaving the edges of that path in m.path. Caller holds every
// partition lock. A proc is explored once: if the target cannot be
// reached from it the first time, it cannot the second.
func (m *Manager) findCycle(proc uint32) bool {
	m.visited[proc] = true
	p := &m.procs[proc]
	if p.status.Load() != statusWaiting || p.waitLock == 0 {
		return m.followRowWait(proc)
	}
	mode := Mode(p.waitMode)
	o := &m.locks[p.waitLock-1]
	at := len(m.path)
	m.path = append(m.path, deadlockEdge{pid: p.pid.Load(), mode: mode, tag: o.tag, slot: proc, lock: p.waitLock})
	try := func(q uint32, soft bool) bool {
		m.path[at].soft = soft
		if q == m.target {
			return true
		}
		return !m.visited[q] && m.findCycle(q)
	}
	for i := o.holders; i != 0; i = m.holders[i-1].next {
		h := &m.holders[i-1]
		if h.proc != proc && conflicts[mode]&h.holdMask != 0 && try(h.proc, false) {
			return true
		}
	}
	for q := o.qHead; q != 0 && q != proc+1; q = m.procs[q-1].waitNext {
		if conflicts[mode]&Mode(m.procs[q-1].waitMode).bit() != 0 && try(q-1, true) {
			return true
		}
	}
	m.path = m.path[:at]
	return false
}
