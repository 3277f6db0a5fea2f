package lmgr

import "ringpg/sem"

// The deadlock detector. A waiter that has waited deadlock_timeout takes
// every partition lock exclusively, in ascending order (sem's order), so
// that the wait-for graph stands still, and looks for a cycle through
// itself. Edges go from a waiting proc to every other proc that holds a
// mode conflicting with its request (hard edges) and to every proc queued
// ahead of it on the same object whose request conflicts with its own
// (soft edges: the queue's order makes it wait for them). PostgreSQL tries
// to break cycles of soft edges by reordering queues; we do not, and
// report them as deadlocks, which they are under our queue discipline.
//
// Only the process that finds the cycle gives up, and it leaves its queue
// before releasing the partition locks, so the cycle is gone for the next
// detector: one victim per deadlock.

// checkDeadlock runs the detector for our wait; if we are in a cycle it
// takes us off the queue and returns 40P01.
func (m *Manager) checkDeadlock(ll *localLock) error {
	for i := range m.hdr.parts {
		m.hdr.parts[i].Acquire(m.waiters, m.me, sem.Exclusive)
	}
	var err error
	if m.my.status.Load() == statusWaiting {
		for i := range m.visited {
			m.visited[i] = false
		}
		m.path = m.path[:0]
		if m.findCycle(m.me) {
			err = errDeadlock(append([]deadlockEdge(nil), m.path...))
			m.leaveQueueLocked()
		}
	}
	for i := len(m.hdr.parts) - 1; i >= 0; i-- {
		m.hdr.parts[i].Release(m.waiters)
	}
	m.wakeAll()
	return err
}

// findCycle reports whether a path of wait-for edges leads from proc back
// to us, leaving the edges of that path in m.path. Caller holds every
// partition lock. A proc is explored once: if we cannot be reached from it
// the first time, we cannot the second.
func (m *Manager) findCycle(proc uint32) bool {
	m.visited[proc] = true
	p := &m.procs[proc]
	if p.status.Load() != statusWaiting || p.waitLock == 0 {
		return false
	}
	mode := Mode(p.waitMode)
	o := &m.locks[p.waitLock-1]
	m.path = append(m.path, deadlockEdge{pid: p.pid.Load(), mode: mode, tag: o.tag})
	try := func(q uint32) bool {
		if q == m.me {
			return true
		}
		return !m.visited[q] && m.findCycle(q)
	}
	for i := o.holders; i != 0; i = m.holders[i-1].next {
		h := &m.holders[i-1]
		if h.proc != proc && conflicts[mode]&h.holdMask != 0 && try(h.proc) {
			return true
		}
	}
	for q := o.qHead; q != 0 && q != proc+1; q = m.procs[q-1].waitNext {
		if conflicts[mode]&Mode(m.procs[q-1].waitMode).bit() != 0 && try(q-1) {
			return true
		}
	}
	m.path = m.path[:len(m.path)-1]
	return false
}
