package lmgr

import (
	"cmp"
	"os"
	"slices"
	"sync/atomic"
	"time"
	"unsafe"

	"ringpg/pgerr"
	"ringpg/sem"
	"ringpg/shm"
)

// Manager is one process's handle on the lock table: its proc slot, and
// its local table of the locks it holds with their counts (PostgreSQL's
// LOCALLOCK). It is used by one goroutine at a time, except Interrupt.
type Manager struct {
	hdr      *regionHeader
	procs    []procEntry
	locks    []lockObj
	holders  []holder
	buckets  []uint32 // bucket heads, lock object index + 1; bucket b is guarded by partition b % NumPartitions
	nBuckets uint32
	waiters  *sem.WaiterTable
	me       uint32
	my       *procEntry

	local     map[Tag]*localLock
	spare     []*localLock
	wake      []uint32 // slots to wake once the partition lock is released
	interrupt atomic.Bool

	orphans int // holds and waits of a previous owner that cleanupSlot removed

	rowWaits RowWaits // waits outside the table (SetRowWaits); nil: none

	// deadlock detector scratch
	visited []bool
	path    []deadlockEdge
	target  uint32
}

// localLock is what this process holds on one tag: counts per mode of
// transaction-level and session-level holds, and where each mode is held.
type localLock struct {
	tag    Tag
	hash   uint32
	txn    [numModes + 1]int32 // transaction-level holds per mode
	sess   [numModes + 1]int32 // session-level holds per mode
	held   uint32              // modes with txn+sess > 0 (mode bits)
	fast   uint32              // modes held, as far as we know, through the fast path
	strong uint32              // modes for which we incremented the strong-lock counter
	fpSlot int                 // fast-path slot last used for the relation, -1 = none
	holder uint32              // our holder record last seen, index + 1 (a hint: checked before use)
}

// Attach connects this process, which owns proc slot slot, to the lock
// table in the segment's RegionName region. Call it after claiming the
// slot in the proc array, whose pid it shows in pg_locks and in deadlock
// reports (or this process's pid if the slot has none). Whatever a
// previous owner of the slot left in the table, if it exited without
// ReleaseAll(true), is given back first, as Cleanup does.
func Attach(seg *shm.Segment, slot int) (*Manager, error) {
	region := seg.Region(RegionName)
	if region == nil {
		return nil, internalError("the shared segment has no \"%s\" region", RegionName)
	}
	if slot < 0 || slot >= seg.MaxProcs() {
		return nil, internalError("proc slot %d out of range [0, %d)", slot, seg.MaxProcs())
	}
	// The pid shown in pg_locks and deadlock reports is the proc array's,
	// which is this process's once it has claimed the slot.
	pid := seg.Proc(slot).Pid()
	if pid == 0 {
		pid = int32(os.Getpid())
	}
	return AttachRegion(region, seg.MaxProcs(), seg.Waiters(), slot, pid)
}

// AttachRegion is Attach given the region, its proc slot count, the
// segment's wait table and the pid to show for the slot directly (for
// tests: several Managers in one process need distinct pids).
func AttachRegion(region []byte, maxProcs int, waiters *sem.WaiterTable, slot int, pid int32) (*Manager, error) {
	if maxProcs <= 0 || maxProcs > sem.MaxWaiters {
		return nil, internalError("lock table for %d procs", maxProcs)
	}
	l := layoutFor(maxProcs)
	if uintptr(len(region)) < l.size {
		return nil, internalError("region \"%s\" has %d bytes, %d needed for %d procs", RegionName, len(region), l.size, maxProcs)
	}
	if slot < 0 || slot >= maxProcs || slot >= waiters.Len() {
		return nil, internalError("proc slot %d out of range [0, %d)", slot, maxProcs)
	}
	if uintptr(unsafe.Pointer(&region[0]))%8 != 0 {
		return nil, internalError("region \"%s\" is not aligned", RegionName)
	}
	m := &Manager{
		hdr:      (*regionHeader)(unsafe.Pointer(&region[0])),
		procs:    sliceAt[procEntry](region, l.procs, maxProcs),
		locks:    sliceAt[lockObj](region, l.locks, l.nLocks),
		holders:  sliceAt[holder](region, l.holders, l.nHolders),
		buckets:  sliceAt[uint32](region, l.buckets, l.nBuckets),
		nBuckets: uint32(l.nBuckets),
		waiters:  waiters,
		me:       uint32(slot),
		local:    make(map[Tag]*localLock),
		visited:  make([]bool, maxProcs),
	}
	m.my = &m.procs[slot]
	m.my.pid.Store(pid)
	if err := m.cleanupSlot(); err != nil {
		return nil, err
	}
	return m, nil
}

// Slot returns the proc slot the Manager was attached with.
func (m *Manager) Slot() int { return int(m.me) }

// Interrupt wakes this process's lock wait, if any, so that it polls its
// Options.Cancel at once instead of at its next periodic look. Any
// goroutine may call it (a signal handler's goroutine, typically).
func (m *Manager) Interrupt() {
	m.interrupt.Store(true)
	sem.FutexWake(statusWord(m.my), 1)
}

func statusWord(p *procEntry) *uint32 { return (*uint32)(unsafe.Pointer(&p.status)) }

// Options says how Lock waits.
type Options struct {
	// Session makes the hold session-level: it survives ReleaseAll(false)
	// at transaction end (pg_advisory_lock). Otherwise the hold is
	// transaction-level.
	Session bool
	// NoWait fails at once with 55P03 instead of waiting.
	NoWait bool
	// RelationName names the relation in NOWAIT's message ("could not
	// obtain lock on relation \"x\""); empty: the tag's description.
	RelationName string
	// Timeout is lock_timeout: a wait longer than this fails with 55P03
	// "canceling statement due to lock timeout". 0 waits forever.
	Timeout time.Duration
	// DeadlockTimeout is deadlock_timeout: how long to wait before looking
	// for a deadlock. 0 means one second.
	DeadlockTimeout time.Duration
	// Cancel, when not nil, is polled while waiting (every CancelPoll, and
	// at once after Interrupt); a non-nil result ends the wait with that
	// error (57014 from statement cancel, say).
	Cancel func() error
	// LogWait, when not nil, receives log_lock_waits' LOG messages with
	// PostgreSQL's wording and DETAIL: once the deadlock check has run
	// ("process 123 still waiting for ShareLock on transaction 456 after
	// 1000.072 ms", or "avoided deadlock ... by rearranging queue order",
	// or "detected deadlock while waiting ..."), and when a wait so
	// reported gets its lock ("process 123 acquired ..."). It is called
	// with no lock held.
	LogWait func(message, detail string)
}

// CancelPoll is how often a waiting Lock polls Options.Cancel when nobody
// calls Interrupt.
const CancelPoll = 20 * time.Millisecond

// DefaultDeadlockTimeout is deadlock_timeout's default.
const DefaultDeadlockTimeout = time.Second

// getLocal returns the local entry for tag, making one if needed.
func (m *Manager) getLocal(tag Tag) *localLock {
	if ll := m.local[tag]; ll != nil {
		return ll
	}
	var ll *localLock
	if n := len(m.spare); n > 0 {
		ll = m.spare[n-1]
		m.spare = m.spare[:n-1]
		*ll = localLock{}
	} else {
		ll = new(localLock)
	}
	ll.tag, ll.hash, ll.fpSlot = tag, tag.hash(), -1
	m.local[tag] = ll
	return ll
}

// maxIdleLocal is the size of the local table above which entries for
// tags no longer held are dropped; below it they stay, so that a lock
// taken again and again costs no map insertion.
const maxIdleLocal = 64

// Lock takes the lock on tag in mode, waiting as opts says. A hold already
// held by this process in the same mode (at either level) only counts one
// more. Heavyweight locks are never waited for while holding an LWLock or
// a spinlock (sem's lock order).
func (m *Manager) Lock(tag Tag, mode Mode, opts Options) error {
	if !mode.Valid() {
		return internalError("unrecognized lock mode: %d", mode)
	}
	ll := m.getLocal(tag)
	b := mode.bit()
	if ll.held&b == 0 {
		if err := m.acquire(ll, mode, &opts); err != nil {
			return err
		}
		ll.held |= b
	}
	if opts.Session {
		ll.sess[mode]++
	} else {
		ll.txn[mode]++
	}
	return nil
}

// TryLock is Lock with NOWAIT that reports a conflict as false instead of
// an error (pg_try_advisory_lock).
func (m *Manager) TryLock(tag Tag, mode Mode, session bool) (bool, error) {
	err := m.Lock(tag, mode, Options{Session: session, NoWait: true})
	if err == nil {
		return true, nil
	}
	if pgerr.Code(err) == pgerr.LockNotAvailable {
		return false, nil
	}
	return false, err
}

// acquire gets mode on ll's tag, which this process does not hold in that
// mode yet.
func (m *Manager) acquire(ll *localLock, mode Mode, opts *Options) error {
	b := mode.bit()
	rel := ll.tag.Type == TagRelation
	if rel && fastPathMode(mode) && m.fastPathGrant(ll, mode) {
		ll.fast |= b
		return nil
	}
	if rel && strongMode(mode) {
		// From here on no process takes a new fast-path lock on the
		// relation; the ones already taken move to the shared table
		// (under its partition lock, in acquireShared).
		m.hdr.strong[ll.hash%strongParts].Add(1)
		ll.strong |= b
	}
	err := m.acquireShared(ll, mode, opts)
	if err != nil {
		m.dropStrong(ll, mode)
		m.forgetIfIdle(ll)
	}
	return err
}

// dropStrong gives back the strong-lock count taken for mode, if any.
func (m *Manager) dropStrong(ll *localLock, mode Mode) {
	if ll.strong&mode.bit() != 0 {
		ll.strong &^= mode.bit()
		m.hdr.strong[ll.hash%strongParts].Add(^uint32(0))
	}
}

// forgetIfIdle drops a local entry that holds nothing once the local table
// keeps too many such entries.
func (m *Manager) forgetIfIdle(ll *localLock) {
	if ll.held == 0 && len(m.local) > maxIdleLocal {
		delete(m.local, ll.tag)
		m.spare = append(m.spare, ll)
	}
}

// Unlock gives back one hold of mode on tag at the given level and reports
// whether there was one (PostgreSQL then warns "you don't own a lock of
// type ..."; pg_advisory_unlock returns false). The lock itself is
// released when the process's last hold of that mode goes.
func (m *Manager) Unlock(tag Tag, mode Mode, session bool) bool {
	ll := m.local[tag]
	if ll == nil || !mode.Valid() {
		return false
	}
	cnt := &ll.txn[mode]
	if session {
		cnt = &ll.sess[mode]
	}
	if *cnt == 0 {
		return false
	}
	*cnt--
	if ll.txn[mode]+ll.sess[mode] == 0 {
		m.release(ll, mode)
		m.forgetIfIdle(ll)
	}
	return true
}

// ReleaseAll gives back every transaction-level hold, and with sessionToo
// every session-level hold as well. Call ReleaseAll(false) at the end of
// every transaction (commit or abort) and ReleaseAll(true) when a session
// ends and before the process exits: the table outlives a process that
// exits normally, and its holds would stay.
func (m *Manager) ReleaseAll(sessionToo bool) {
	for tag, ll := range m.local {
		for mode := Mode(1); mode <= numModes; mode++ {
			if ll.held&mode.bit() == 0 {
				continue
			}
			ll.txn[mode] = 0
			if sessionToo {
				ll.sess[mode] = 0
			}
			if ll.sess[mode] == 0 {
				m.release(ll, mode)
			}
		}
		if ll.held == 0 && (sessionToo || len(m.local) > maxIdleLocal) {
			delete(m.local, tag)
			m.spare = append(m.spare, ll)
		}
	}
}

// ReleaseSession gives back every session-level hold on tags of type typ
// (pg_advisory_unlock_all: ReleaseSession(TagAdvisory)); transaction-level
// holds stay.
func (m *Manager) ReleaseSession(typ TagType) {
	for tag, ll := range m.local {
		if tag.Type != typ {
			continue
		}
		for mode := Mode(1); mode <= numModes; mode++ {
			if ll.sess[mode] == 0 {
				continue
			}
			ll.sess[mode] = 0
			if ll.txn[mode] == 0 {
				m.release(ll, mode)
			}
		}
		m.forgetIfIdle(ll)
	}
}

// release gives up mode on ll's tag in the table, fast path or shared.
func (m *Manager) release(ll *localLock, mode Mode) {
	b := mode.bit()
	ll.held &^= b
	if ll.fast&b != 0 {
		ll.fast &^= b
		if m.fastPathRelease(ll, mode) {
			return
		}
		// A strong locker moved it to the shared table.
	}
	m.releaseShared(ll, mode)
	m.dropStrong(ll, mode)
}

// HeldLock is one mode this process holds, for debugging.
type HeldLock struct {
	Tag      Tag
	Mode     Mode
	Txn      int // transaction-level holds
	Session  int // session-level holds
	FastPath bool
}

// Held lists what this process holds, from its local table, ordered by
// tag and mode.
func (m *Manager) Held() []HeldLock {
	out := m.held()
	slices.SortFunc(out, func(a, b HeldLock) int {
		return cmp.Or(cmp.Compare(a.Tag.Type, b.Tag.Type), cmp.Compare(a.Tag.F1, b.Tag.F1),
			cmp.Compare(a.Tag.F2, b.Tag.F2), cmp.Compare(a.Tag.F3, b.Tag.F3),
			cmp.Compare(a.Tag.F4, b.Tag.F4), cmp.Compare(a.Mode, b.Mode))
	})
	return out
}

func (m *Manager) held() []HeldLock {
	var out []HeldLock
	for _, ll := range m.local {
		for mode := Mode(1); mode <= numModes; mode++ {
			if ll.held&mode.bit() != 0 {
				out = append(out, HeldLock{Tag: ll.tag, Mode: mode, Txn: int(ll.txn[mode]),
					Session: int(ll.sess[mode]), FastPath: ll.fast&mode.bit() != 0})
			}
		}
	}
	return out
}

// part returns the partition lock of a hash.
func (m *Manager) part(hash uint32) *sem.LWLock { return &m.hdr.parts[hash%NumPartitions] }
