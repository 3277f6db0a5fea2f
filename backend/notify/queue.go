package notify

import (
	"fmt"
	"slices"
	"sync/atomic"
	"unsafe"

	"ringpg/pgerr"
	"ringpg/sem"
	"ringpg/shm"
)

// RegionName is the queue's region in the shared segment. Ask for it with
// shm.RegionSpec{Name: RegionName, Size: RegionSize(maxProcs)}.
const RegionName = "notify"

// Limits, as PostgreSQL's: a channel name is an identifier (shorter than
// NAMEDATALEN), a payload shorter than 8000 bytes.
const (
	MaxChannel = 63
	MaxPayload = 7999
)

// QueueBytes is the size of the ring. PostgreSQL's queue spills to disk
// up to 8 GB; this one lives in shared memory only, which is plenty for
// listeners that keep up, and a full ring refuses further commits that
// notify (54000) until the slowest listener reads on.
const QueueBytes = 4 << 20

// entry states.
const (
	statePending   = 1
	stateCommitted = 2
	stateAborted   = 3
	stateSkip      = 4 // fills the end of the ring
)

// entryHeader is the fixed start of an entry; channel and payload bytes
// follow it, and the whole is padded to 8 bytes.
type entryHeader struct {
	state   atomic.Uint32 // pending, then committed or aborted; set by the writer alone
	size    uint32        // bytes of the entry, header included, a multiple of 8; immutable once head passed it
	db      uint32        // database the notification was sent in
	pid     int32         // sender's pid
	chanLen uint16
	payLen  uint16
	_       uint32
}

const entryHeaderSize = int(unsafe.Sizeof(entryHeader{}))

// header starts the region.
type header struct {
	lock sem.LWLock    // guards writing entries, moving head and tail, turning listeners on and off
	_    uint32        // keeps head 8-aligned
	head atomic.Uint64 // position after the last entry; written under lock
	tail atomic.Uint64 // no listener needs what lies before it; written under lock
	_    [40]byte
}

// listener is one proc slot's place in the queue.
type listener struct {
	pos    atomic.Uint64 // where the slot's backend reads next; written by it alone
	active atomic.Uint32 // 1 while it listens on some channel; written by it under lock
	db     atomic.Uint32 // its database; written by it under lock
	_      [48]byte
}

// RegionSize is the size of the region for maxProcs proc slots.
func RegionSize(maxProcs int) uintptr {
	return unsafe.Sizeof(header{}) + uintptr(maxProcs)*unsafe.Sizeof(listener{}) + QueueBytes
}

// Queue is a process's view of the region.
type Queue struct {
	hdr       *header
	listeners []listener
	ring      []byte
	waiters   *sem.WaiterTable
}

// Attach returns the queue in seg's region.
func Attach(seg *shm.Segment) (*Queue, error) {
	region := seg.Region(RegionName)
	if region == nil {
		return nil, fmt.Errorf("notify: the shared segment has no %q region", RegionName)
	}
	return AttachRegion(region, seg.MaxProcs(), seg.Waiters())
}

// AttachRegion is Attach given the region, its proc slot count and the
// segment's wait table (for tests).
func AttachRegion(region []byte, maxProcs int, waiters *sem.WaiterTable) (*Queue, error) {
	if uintptr(len(region)) < RegionSize(maxProcs) {
		return nil, fmt.Errorf("notify: region has %d bytes, %d needed for %d procs", len(region), RegionSize(maxProcs), maxProcs)
	}
	if uintptr(unsafe.Pointer(&region[0]))%8 != 0 {
		return nil, fmt.Errorf("notify: region is not aligned")
	}
	hsize := int(unsafe.Sizeof(header{}))
	lsize := int(unsafe.Sizeof(listener{}))
	q := &Queue{
		hdr:       (*header)(unsafe.Pointer(&region[0])),
		listeners: unsafe.Slice((*listener)(unsafe.Pointer(&region[hsize])), maxProcs),
		waiters:   waiters,
	}
	start := hsize + maxProcs*lsize
	q.ring = region[start : start+QueueBytes]
	return q, nil
}

// Usage is the fraction of the ring the slowest listener has still to
// read (pg_notification_queue_usage), read without the lock.
func (q *Queue) Usage() float64 {
	head := q.hdr.head.Load()
	min := head
	for i := range q.listeners {
		l := &q.listeners[i]
		if l.active.Load() != 0 {
			if p := l.pos.Load(); p < min {
				min = p
			}
		}
	}
	return float64(head-min) / float64(len(q.ring))
}

func (q *Queue) entry(pos uint64) *entryHeader {
	return (*entryHeader)(unsafe.Pointer(&q.ring[pos%uint64(len(q.ring))]))
}

// advanceTailLocked moves the tail up to the slowest listener (or the
// head when nobody listens). Caller holds the lock.
func (q *Queue) advanceTailLocked() {
	h := q.hdr
	min := h.head.Load()
	for i := range q.listeners {
		l := &q.listeners[i]
		if l.active.Load() != 0 {
			if p := l.pos.Load(); p < min {
				min = p
			}
		}
	}
	if min > h.tail.Load() {
		h.tail.Store(min)
	}
}

// Notification is one notification as sent and as delivered.
type Notification struct {
	PID     int32
	Channel string
	Payload string
}

// entrySize is the ring space n takes.
func entrySize(n Notification) uint64 {
	return uint64((entryHeaderSize + len(n.Channel) + len(n.Payload) + 7) &^ 7)
}

// Backend is one backend's use of the queue: its proc slot, database and
// the channels it listens on. It is used by the backend's session
// goroutine alone.
type Backend struct {
	q        *Queue
	slot     int
	pid      int32
	db       uint32
	channels []string // committed LISTENs, in the order they were made
	active   bool     // its listener record is on (mirrors listener.active)
}

// NewBackend binds the backend in proc slot slot, with pid pid, connected
// to database db.
func (q *Queue) NewBackend(slot int, pid int32, db uint32) (*Backend, error) {
	if slot < 0 || slot >= len(q.listeners) {
		return nil, fmt.Errorf("notify: proc slot %d out of range [0, %d)", slot, len(q.listeners))
	}
	return &Backend{q: q, slot: slot, pid: pid, db: db}, nil
}

// Queue returns the queue b reads.
func (b *Backend) Queue() *Queue { return b.q }

func (b *Backend) lock()   { b.q.hdr.lock.Acquire(b.q.waiters, uint32(b.slot), sem.Exclusive) }
func (b *Backend) unlock() { b.q.hdr.lock.Release(b.q.waiters) }

// CheckChannel returns PostgreSQL's error for a channel name NOTIFY and
// pg_notify refuse, or nil.
func CheckChannel(ch string) error {
	switch {
	case ch == "":
		return pgerr.New(pgerr.InvalidParameterValue, "channel name cannot be empty")
	case len(ch) > MaxChannel:
		return pgerr.New(pgerr.InvalidParameterValue, "channel name too long")
	}
	return nil
}

// CheckPayload returns PostgreSQL's error for a payload that is too long.
func CheckPayload(p string) error {
	if len(p) > MaxPayload {
		return pgerr.New(pgerr.InvalidParameterValue, "payload string too long")
	}
	return nil
}

// Reservation is a committing transaction's entries, pending in the ring
// until Finish.
type Reservation struct {
	q   *Queue
	pos []uint64
}

// Reserve writes ns into the ring as pending entries, in order. If they do
// not fit it writes none (marking any it wrote aborted) and returns 54000.
func (b *Backend) Reserve(ns []Notification) (*Reservation, error) {
	q := b.q
	h := q.hdr
	size := uint64(len(q.ring))
	r := &Reservation{q: q, pos: make([]uint64, 0, len(ns))}
	b.lock()
	defer b.unlock()
	for _, n := range ns {
		es := entrySize(n)
		head := h.head.Load()
		off := head % size
		var skip uint64
		if off+es > size {
			skip = size - off
		}
		if head+skip+es-h.tail.Load() > size {
			q.advanceTailLocked()
			if head+skip+es-h.tail.Load() > size {
				r.finish(stateAborted)
				return nil, pgerr.New(pgerr.ProgramLimitExceeded, "too many notifications in the NOTIFY queue")
			}
		}
		if skip > 0 {
			e := q.entry(head)
			e.size = uint32(skip)
			e.state.Store(stateSkip)
			head += skip
		}
		q.write(head, es, b.db, b.pid, n)
		r.pos = append(r.pos, head)
		h.head.Store(head + es)
	}
	return r, nil
}

// write fills the entry at pos. Caller holds the lock, and the space
// from pos on is free.
func (q *Queue) write(pos, size uint64, db uint32, pid int32, n Notification) {
	e := q.entry(pos)
	e.size, e.db, e.pid = uint32(size), db, pid
	e.chanLen, e.payLen = uint16(len(n.Channel)), uint16(len(n.Payload))
	off := int(pos%uint64(len(q.ring))) + entryHeaderSize
	off += copy(q.ring[off:], n.Channel)
	copy(q.ring[off:], n.Payload)
	e.state.Store(statePending)
}

// Finish marks the reserved entries committed (the transaction committed)
// or aborted. Readers waiting at the first of them go on.
func (r *Reservation) Finish(committed bool) {
	if r == nil {
		return
	}
	st := uint32(stateAborted)
	if committed {
		st = stateCommitted
	}
	r.finish(st)
}

func (r *Reservation) finish(st uint32) {
	for _, p := range r.pos {
		r.q.entry(p).state.Store(st)
	}
	r.pos = r.pos[:0]
}

// Listening reports whether b listens on any channel.
func (b *Backend) Listening() bool { return len(b.channels) > 0 }

// Channels returns the channels b listens on (pg_listening_channels).
func (b *Backend) Channels() []string { return b.channels }

// Activate turns b's listener record on, at the queue's head, if it is
// not on yet: a transaction that LISTENs calls it before its own
// notifications go in the queue, so that it hears them (PostgreSQL's
// pre-commit step of LISTEN). Settle turns it off again if the
// transaction did not leave b listening.
func (b *Backend) Activate() {
	if b.active {
		return
	}
	l := &b.q.listeners[b.slot]
	b.lock()
	l.pos.Store(b.q.hdr.head.Load())
	l.db.Store(b.db)
	l.active.Store(1)
	b.unlock()
	b.active = true
}

// Settle turns b's listener record off when b listens on no channel.
func (b *Backend) Settle() {
	if !b.active || len(b.channels) > 0 {
		return
	}
	b.lock()
	b.q.listeners[b.slot].active.Store(0)
	b.unlock()
	b.active = false
}

// Listen starts listening on ch (a committed LISTEN); a backend not yet
// active starts at the queue's head.
func (b *Backend) Listen(ch string) {
	if slices.Contains(b.channels, ch) {
		return
	}
	b.Activate()
	b.channels = append(b.channels, ch)
}

// Unlisten stops listening on ch (a committed UNLISTEN).
func (b *Backend) Unlisten(ch string) {
	i := slices.Index(b.channels, ch)
	if i < 0 {
		return
	}
	b.channels = slices.Delete(b.channels, i, i+1)
	b.Settle()
}

// UnlistenAll stops listening on every channel (UNLISTEN *, and the end
// of the session).
func (b *Backend) UnlistenAll() {
	b.channels = b.channels[:0]
	b.Settle()
}

// Collect reads the queue from b's position up to the first pending entry
// and calls deliver for each committed notification of b's database on a
// channel b listens on, in queue order.
func (b *Backend) Collect(deliver func(Notification)) {
	if len(b.channels) == 0 {
		return
	}
	q := b.q
	l := &q.listeners[b.slot]
	pos, head := l.pos.Load(), q.hdr.head.Load()
	size := uint64(len(q.ring))
	for pos < head {
		e := q.entry(pos)
		st := e.state.Load()
		if st == statePending {
			break
		}
		if st == stateCommitted && e.db == b.db {
			off := int(pos%size) + entryHeaderSize
			ch := q.ring[off : off+int(e.chanLen)]
			if slices.Contains(b.channels, string(ch)) {
				pay := q.ring[off+int(e.chanLen) : off+int(e.chanLen)+int(e.payLen)]
				deliver(Notification{PID: e.pid, Channel: string(ch), Payload: string(pay)})
			}
		}
		pos += uint64(e.size)
	}
	l.pos.Store(pos)
}
