package sem

// The wait queue of an LWLock: a doubly linked list of Waiter slots,
// linked by proc number + 1, with its head and tail in the lock and its
// links in the slots, all guarded by the lock's wait-list bit
// (lwListLocked). Slots are only ever linked while their owner is asleep or
// about to sleep in acquireSlow.

// enqueue puts slot me on the queue (at the head if front, else at the
// tail) and sets lwHasWaiters; with handoff, it also sets lwHandoff if the
// lock is held (if it is free, the caller's next attempt will get it).
func (l *LWLock) enqueue(t *WaiterTable, me uint32, w *Waiter, mode Mode, front, handoff bool) {
	link := me + 1
	l.lockList()
	w.mode = uint32(mode)
	w.queued = 1
	w.granted = 0
	w.waiting.Store(1)
	if front {
		w.prev, w.next = 0, l.head
		if l.head != 0 {
			t.link(l.head).prev = link
		} else {
			l.tail = link
		}
		l.head = link
	} else {
		w.prev, w.next = l.tail, 0
		if l.tail != 0 {
			t.link(l.tail).next = link
		} else {
			l.head = link
		}
		l.tail = link
	}
	// Set the flags and drop the wait-list bit in one step, so that the
	// test "is it held" and the setting of lwHandoff see the same state.
	for {
		old := l.state.Load()
		next := (old | lwHasWaiters) &^ lwListLocked
		if handoff && old&lwHeld != 0 {
			next |= lwHandoff
		}
		if l.state.CompareAndSwap(old, next) {
			return
		}
	}
}

// dequeueSelf undoes enqueue after the caller got the lock anyway. If a
// waker has already taken the slot off the queue, a post is on its way and
// is absorbed here. It returns the number of foreign posts absorbed.
func (l *LWLock) dequeueSelf(t *WaiterTable, me uint32, w *Waiter) (extra int) {
	l.lockList()
	if w.queued != 0 {
		if w.prev != 0 {
			t.link(w.prev).next = w.next
		} else {
			l.head = w.next
		}
		if w.next != 0 {
			t.link(w.next).prev = w.prev
		} else {
			l.tail = w.prev
		}
		w.queued, w.prev, w.next = 0, 0, 0
		w.waiting.Store(0)
		var clear uint32
		if l.head == 0 {
			clear = lwHasWaiters
		}
		l.unlockList(0, clear)
		return 0
	}
	l.unlockList(0, 0)
	// A waker took us off the queue; its post is on its way (or here).
	for {
		w.sema.Wait()
		if w.waiting.Load() == 0 {
			break
		}
		extra++
	}
	if w.granted != 0 {
		// A grant gave us the lock between our enqueue and our own
		// attempt, which then succeeded as well. That can only happen in
		// shared mode (the grant ended hand-off mode and gave out shared
		// holds, and ours was one of them), so we hold two shared counts:
		// drop one. The lock stays held, so nobody needs waking.
		w.granted = 0
		l.state.Add(^uint32(0))
		return extra
	}
	// A release woke us to compete and holds back other wake-ups until we
	// have looked at the lock; we have, and we hold it.
	l.state.And(^uint32(lwWakePending))
	return extra
}

// takeHead takes the head of the queue off it: one exclusive waiter, or
// the run of shared waiters there. It returns the first and last slots
// taken (0, 0 if the queue was empty); they stay linked through next, the
// last one's next being 0. Caller holds the wait-list bit.
func (l *LWLock) takeHead(t *WaiterTable) (first, last uint32) {
	first = l.head
	for p := first; p != 0; {
		w := t.link(p)
		if last != 0 && Mode(w.mode) == Exclusive {
			break // it cannot run with the shared waiters before it
		}
		w.queued = 0
		last = p
		p = w.next
		if Mode(w.mode) == Exclusive {
			break
		}
	}
	if last == 0 {
		return 0, 0
	}
	lw := t.link(last)
	rest := lw.next
	lw.next = 0
	l.head = rest
	if rest != 0 {
		t.link(rest).prev = 0
	} else {
		l.tail = 0
	}
	return first, last
}

// wakeWaiters wakes the head of the queue to compete for the lock.
func (l *LWLock) wakeWaiters(t *WaiterTable) {
	l.lockList()
	first, _ := l.takeHead(t)
	var set, clear uint32
	if first != 0 {
		set = lwWakePending
	}
	if l.head == 0 {
		clear = lwHasWaiters
	}
	l.unlockList(set, clear)
	l.wake(t, first, false)
}

// grant passes the lock, which the caller has just freed in hand-off mode,
// to the head of the queue, and ends hand-off mode. Nobody else can take
// the lock meanwhile: tryLock fails in hand-off mode.
func (l *LWLock) grant(t *WaiterTable) {
	l.lockList()
	first, _ := l.takeHead(t)
	var holds uint32
	for p := first; p != 0; p = t.link(p).next {
		if Mode(t.link(p).mode) == Exclusive {
			holds = lwExclusive
			break
		}
		holds++
	}
	// If the queue is empty (a compete-mode wake-up took the waiter that
	// asked for hand-off), the lock just stays free.
	for {
		old := l.state.Load()
		if old&lwHeld != 0 {
			panic("sem: LWLock taken during a hand-off")
		}
		next := (old + holds) &^ (lwHandoff | lwListLocked)
		if l.head == 0 {
			next &^= lwHasWaiters
		}
		if l.state.CompareAndSwap(old, next) {
			break
		}
	}
	l.wake(t, first, true)
}

// wake wakes the list of slots starting at first, built by takeHead,
// telling each whether it was granted the lock. It runs outside the
// wait-list bit: posting may enter the kernel.
func (l *LWLock) wake(t *WaiterTable, first uint32, granted bool) {
	var g uint32
	if granted {
		g = 1
	}
	for p := first; p != 0; {
		w := t.link(p)
		// Read next before clearing waiting: from then on the owner may
		// reuse its slot.
		p = w.next
		w.granted = g
		w.waiting.Store(0)
		w.sema.Post()
	}
}

// lockList sets lwListLocked, spinning while another process holds it. The
// bit is held for a few instructions of list surgery and never across a
// system call, like a SpinLock.
func (l *LWLock) lockList() {
	var b backoff
	for {
		old := l.state.Load()
		if old&lwListLocked == 0 {
			if l.state.CompareAndSwap(old, old|lwListLocked) {
				return
			}
			continue // holders moved; the bit may still be free
		}
		b.pause(word(&l.state), old)
	}
}

// unlockList clears lwListLocked, setting and clearing the given flags in
// the same atomic step. Caller holds the wait-list bit.
func (l *LWLock) unlockList(set, clear uint32) {
	for {
		old := l.state.Load()
		if l.state.CompareAndSwap(old, (old|set)&^(clear|lwListLocked)) {
			return
		}
	}
}
