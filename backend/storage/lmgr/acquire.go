package lmgr

import (
	"fmt"
	"strconv"
	"time"

	"ringpg/sem"
)

// acquireShared gets mode on ll's tag through the shared table, queuing
// and sleeping if it must.
func (m *Manager) acquireShared(ll *localLock, mode Mode, opts *Options) error {
	part := m.part(ll.hash)
	part.Acquire(m.waiters, m.me, sem.Exclusive)
	lk, err := m.findOrCreateLockLocked(ll.tag, ll.hash)
	if err != nil {
		part.Release(m.waiters)
		return err
	}
	if ll.strong&mode.bit() != 0 {
		if err := m.transferFastPathLocked(lk, ll.tag.F1, ll.tag.F2); err != nil {
			m.dropLockIfEmptyLocked(lk)
			part.Release(m.waiters)
			return err
		}
	}
	h, err := m.findOrCreateHolderLocked(lk, m.me)
	if err != nil {
		m.dropLockIfEmptyLocked(lk)
		part.Release(m.waiters)
		return err
	}
	ll.holder = h
	o := &m.locks[lk-1]
	mine := m.holders[h-1].holdMask

	// Grant at once when nothing granted to others conflicts and nobody
	// queued wants a conflicting mode (queued requests go first).
	if conflicts[mode]&o.waitMask == 0 && !conflictsGrantedLocked(o, mode, mine) {
		m.grantLocked(o, h, mode)
		part.Release(m.waiters)
		return nil
	}

	// Where to queue. A process that already holds modes on the object
	// goes ahead of the first waiter whose request conflicts with those
	// holds: that waiter waits for us anyway, and queuing behind it would
	// deadlock. If that waiter also holds a mode our request conflicts
	// with, each waits for the other: a deadlock now, without waiting for
	// the detector. If nothing granted to others conflicts with our
	// request, nor any request queued ahead of that waiter, we take the
	// lock at once.
	var before uint32
	if mine != 0 {
		var ahead uint32
		for q := o.qHead; q != 0; q = m.procs[q-1].waitNext {
			p := &m.procs[q-1]
			if conflicts[p.waitMode]&mine != 0 {
				if conflicts[mode]&m.holders[p.waitHolder-1].holdMask != 0 {
					cycle := []deadlockEdge{
						{pid: m.my.pid.Load(), mode: mode, tag: ll.tag},
						{pid: p.pid.Load(), mode: Mode(p.waitMode), tag: ll.tag},
					}
					m.dropHolderIfEmptyLocked(lk, h)
					part.Release(m.waiters)
					return errDeadlock(cycle)
				}
				if conflicts[mode]&ahead == 0 && !conflictsGrantedLocked(o, mode, mine) {
					m.grantLocked(o, h, mode)
					part.Release(m.waiters)
					return nil
				}
				before = q
				break
			}
			ahead |= Mode(p.waitMode).bit()
		}
	}
	if opts.NoWait {
		m.dropHolderIfEmptyLocked(lk, h)
		m.dropLockIfEmptyLocked(lk)
		part.Release(m.waiters)
		return errNoWait(ll.tag, opts.RelationName)
	}
	m.my.waitStart.Store(time.Now().UnixNano())
	m.my.waitType.Store(uint32(ll.tag.Type))
	m.enqueueLocked(lk, m.me, mode, h, before)
	part.Release(m.waiters)
	return m.waitForLock(ll, mode, opts)
}

// waitForLock sleeps on our status word until the lock is granted, the
// wait times out, Cancel says stop, or the deadlock check finds us in a
// cycle. We are queued on our waitLock.
func (m *Manager) waitForLock(ll *localLock, mode Mode, opts *Options) error {
	start := time.Now()
	dt := opts.DeadlockTimeout
	if dt <= 0 {
		dt = DefaultDeadlockTimeout
	}
	deadlockAt := start.Add(dt)
	checked, logged := false, false
	var timeoutAt time.Time
	if opts.Timeout > 0 {
		timeoutAt = start.Add(opts.Timeout)
	}
	for {
		if m.my.status.Load() == statusGranted {
			m.granted()
			if logged {
				opts.LogWait(fmt.Sprintf("process %d acquired %s on %s after %s", m.my.pid.Load(), mode, ll.tag, waitedFor(start)), "")
			}
			return nil
		}
		if opts.Cancel != nil {
			m.interrupt.Store(false)
			if err := opts.Cancel(); err != nil {
				return m.abortWait(ll, err)
			}
		}
		now := time.Now()
		if !timeoutAt.IsZero() && !now.Before(timeoutAt) {
			return m.abortWait(ll, errLockTimeout())
		}
		if !checked && !now.Before(deadlockAt) {
			checked = true
			var err error
			if logged, err = m.checkDeadlock(ll, mode, opts, start); err != nil {
				return err
			}
			continue
		}
		// Sleep until the next thing to look at.
		var next time.Time
		if !checked {
			next = deadlockAt
		}
		if !timeoutAt.IsZero() && (next.IsZero() || timeoutAt.Before(next)) {
			next = timeoutAt
		}
		var d time.Duration // 0: no timeout
		if !next.IsZero() {
			d = next.Sub(now)
		}
		if opts.Cancel != nil && (d == 0 || d > CancelPoll) {
			d = CancelPoll
		}
		if opts.Cancel != nil && m.interrupt.Load() {
			continue
		}
		if err := sem.FutexWait(statusWord(m.my), statusWaiting, d); err != nil && err != sem.ErrTimeout {
			return m.abortWait(ll, internalError("waiting for a lock: %v", err))
		}
	}
}

// granted ends a wait that a releaser granted.
func (m *Manager) granted() {
	m.my.status.Store(statusIdle)
	m.my.waitStart.Store(0)
	m.my.waitType.Store(0)
}

// abortWait leaves the wait queue and returns err, unless the lock was
// granted meanwhile: then the wait succeeded and it returns nil (a cancel
// is then noticed at the caller's next check).
func (m *Manager) abortWait(ll *localLock, err error) error {
	part := m.part(ll.hash)
	part.Acquire(m.waiters, m.me, sem.Exclusive)
	if m.my.status.Load() == statusGranted {
		part.Release(m.waiters)
		m.granted()
		return nil
	}
	m.leaveQueueLocked()
	part.Release(m.waiters)
	m.wakeAll()
	return err
}

// leaveQueueLocked takes us off our wait queue without the lock, and
// grants what our leaving makes possible to those behind us. Caller holds
// our waitLock's partition lock.
func (m *Manager) leaveQueueLocked() {
	p := m.my
	lk, h := p.waitLock, p.waitHolder
	m.dequeueLocked(m.me)
	p.waitLock, p.waitHolder = 0, 0
	p.status.Store(statusIdle)
	p.waitStart.Store(0)
	p.waitType.Store(0)
	m.dropHolderIfEmptyLocked(lk, h)
	m.wakeLocked(lk)
	m.dropLockIfEmptyLocked(lk)
}

// releaseShared gives up mode on ll's tag in the shared table and grants
// what that makes possible to waiters.
func (m *Manager) releaseShared(ll *localLock, mode Mode) {
	part := m.part(ll.hash)
	part.Acquire(m.waiters, m.me, sem.Exclusive)
	lk := m.findLockLocked(ll.tag, ll.hash)
	var h uint32
	if lk != 0 {
		h = m.findHolderLocked(lk, m.me, ll.holder)
	}
	if h == 0 || m.holders[h-1].holdMask&mode.bit() == 0 {
		part.Release(m.waiters)
		// The local table says we hold it and the shared one does not:
		// shared memory is not what we think it is.
		panic(internalError("lmgr: %s on %s is held locally but not in the lock table", mode, ll.tag))
	}
	o := &m.locks[lk-1]
	m.ungrantLocked(o, h, mode)
	m.dropHolderIfEmptyLocked(lk, h)
	if o.qHead != 0 {
		m.wakeLocked(lk)
	}
	m.dropLockIfEmptyLocked(lk)
	part.Release(m.waiters)
	m.wakeAll()
}

// waitedFor formats the time since start as log_lock_waits does
// ("1000.123 ms").
func waitedFor(start time.Time) string {
	us := time.Since(start).Microseconds()
	return fmt.Sprintf("%d.%03d ms", us/1000, us%1000)
}

// lockWaitDetail is log_lock_waits' DETAIL for lock object lk: the pids of
// its holders and of its queue. Caller holds lk's partition lock.
func (m *Manager) lockWaitDetailLocked(lk uint32) string {
	o := &m.locks[lk-1]
	var holders, queue []byte
	n := 0
	for h := o.holders; h != 0; h = m.holders[h-1].next {
		if r := &m.holders[h-1]; r.holdMask != 0 {
			if n > 0 {
				holders = append(holders, ", "...)
			}
			holders = strconv.AppendInt(holders, int64(m.procs[r.proc].pid.Load()), 10)
			n++
		}
	}
	for q := o.qHead; q != 0; q = m.procs[q-1].waitNext {
		if len(queue) > 0 {
			queue = append(queue, ", "...)
		}
		queue = strconv.AppendInt(queue, int64(m.procs[q-1].pid.Load()), 10)
	}
	if n == 1 {
		return fmt.Sprintf("Process holding the lock: %s. Wait queue: %s.", holders, queue)
	}
	return fmt.Sprintf("Processes holding the lock: %s. Wait queue: %s.", holders, queue)
}
