package sem

import (
	"fmt"
	"sync/atomic"
	"unsafe"
)

// Waiter is one process's wait slot: its semaphore, and its links for when
// it is queued on an LWLock. The slots form a table in shared memory, one per
// proc number, so that a process releasing a lock can find and wake the
// processes queued on it by number (shared memory holds no pointers).
//
// Size 64 bytes (one cache line, so that one process spinning on its own
// slot does not slow a neighbour), alignment 4. Zeroed memory is an idle
// slot.
type Waiter struct {
	sema Sema // the owner's semaphore; anyone may Post, only the owner Waits

	// waiting is 1 from the moment the owner queues itself on an LWLock
	// until a waker has taken it off the queue; the waker clears it and
	// then posts sema. Set by the owner, cleared by the owner or a waker.
	waiting atomic.Uint32 // atomic

	// The fields below are guarded by the wait-list bit of the LWLock the
	// slot is queued on (the owner writes mode before queuing, under that
	// bit). After a waker has dequeued the slot, next keeps linking it to
	// the other slots of the same wake-up, and granted is written, until the
	// waker clears waiting; the owner does not touch its slot before that.
	queued  uint32 // 1 while on an LWLock's queue
	mode    uint32 // Mode wanted
	next    uint32 // next slot in the queue, as proc number + 1; 0 = none
	prev    uint32 // previous slot in the queue, as proc number + 1; 0 = none
	granted uint32 // 1 if the waker handed the lock over instead of freeing it; read and cleared by the owner once waiting is 0

	_ [32]byte // pad to 64 bytes
}

// WaiterSize is the size of one Waiter in shared memory.
const WaiterSize = 64

// Sema returns the slot's semaphore. Other subsystems (heavyweight lock
// waits, WAL flush waits) sleep on it too; see Sema for the rule that makes
// sharing it safe.
func (w *Waiter) Sema() *Sema { return &w.sema }

// Waiting reports whether the slot is queued on an LWLock or about to be
// woken from one, for diagnostics (wait_event) and assertions.
func (w *Waiter) Waiting() bool { return w.waiting.Load() != 0 }

// Reset makes the slot idle for a new owner. The process taking over a slot
// calls it before using it, at a time when nobody can be waiting in it (the
// previous owner has exited cleanly, or the segment was just reset). A stray
// Post that arrives later is harmless: it is a spurious wake-up.
func (w *Waiter) Reset() {
	w.sema.reset()
	w.waiting.Store(0)
	w.queued, w.mode, w.next, w.prev, w.granted = 0, 0, 0, 0, 0
}

// WaiterTable is a process-local view of the array of Waiter slots in
// shared memory. The view itself (this struct) is ordinary Go memory and
// belongs to one process; the slots it points to are shared.
type WaiterTable struct {
	base unsafe.Pointer // first slot, inside the shared mapping
	n    uint32         // number of slots
}

// MaxWaiters bounds the slot count: proc numbers are stored plus one in
// 32-bit links.
const MaxWaiters = 1<<24 - 1

// WaiterTableSize returns the bytes needed for a table of n slots.
func WaiterTableSize(n int) uintptr {
	return uintptr(n) * WaiterSize
}

// NewWaiterTable returns a view of n slots laid out at the start of mem,
// which must be at least WaiterTableSize(n) bytes and 4-byte aligned (64 is
// better: one slot per cache line). It writes nothing: the creator of the
// segment hands out zeroed memory, which is n idle slots.
func NewWaiterTable(mem []byte, n int) *WaiterTable {
	if n <= 0 || n > MaxWaiters {
		panic(fmt.Sprintf("sem: waiter table of %d slots", n))
	}
	if uintptr(len(mem)) < WaiterTableSize(n) {
		panic(fmt.Sprintf("sem: waiter table needs %d bytes, got %d", WaiterTableSize(n), len(mem)))
	}
	p := unsafe.Pointer(unsafe.SliceData(mem))
	if uintptr(p)%4 != 0 {
		panic("sem: waiter table is not 4-byte aligned")
	}
	return &WaiterTable{base: p, n: uint32(n)}
}

// Len returns the number of slots.
func (t *WaiterTable) Len() int { return int(t.n) }

// Waiter returns slot i (a proc number).
func (t *WaiterTable) Waiter(i uint32) *Waiter {
	if i >= t.n {
		panic(fmt.Sprintf("sem: waiter slot %d out of range [0,%d)", i, t.n))
	}
	return (*Waiter)(unsafe.Add(t.base, uintptr(i)*WaiterSize))
}

// link returns the slot for a queue link (proc number + 1, never 0).
func (t *WaiterTable) link(l uint32) *Waiter {
	return t.Waiter(l - 1)
}
