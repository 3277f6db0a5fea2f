package predicate

import (
	"os"
	"unsafe"

	"ringpg/sem"
	"ringpg/shm"
)

// Manager is one process's handle on the predicate lock table: its proc
// slot, the serializable transaction it is running (if any) and its local
// table of the SIREAD locks that transaction holds with their child
// counts (PostgreSQL's LocalPredicateLockHash). It is used by one
// goroutine at a time.
type Manager struct {
	hdr        *regionHeader
	xacts      []sxact
	confs      []conflict
	locks      []lockRec
	buckets    []uint32 // lock hash chains, index + 1; bucket b is guarded by partition b % NumPartitions
	xidBuckets []uint32 // xid hash chains, transaction index + 1; guarded by xactLock
	waiters    *sem.WaiterTable
	me         uint32
	pid        int32
	perXact    int

	// The running serializable transaction: index + 1, 0 when none.
	my       uint32
	myXid    uint64 // its top-level xid once registered in the xid hash
	didWrite bool
	local    map[Tag]localLock // kept (cleared) from one transaction to the next

	// limitXact, perRelation and perPage are the settings
	// max_pred_locks_per_transaction, max_pred_locks_per_relation and
	// max_pred_locks_per_page (SetLimits).
	limitXact, perRelation, perPage int

	orphans int // transactions of a previous owner that Attach ended
}

// localLock is what this process knows of one target of its transaction:
// whether it holds it, and how many finer locks it holds under it.
type localLock struct {
	held  bool
	child int
}

// Attach connects this process, which owns proc slot slot, to the table in
// the segment's RegionName region. A transaction a previous owner of the
// slot left running is rolled back first, as Cleanup does.
func Attach(seg *shm.Segment, slot int) (*Manager, error) {
	region := seg.Region(RegionName)
	if region == nil {
		return nil, internalError("the shared segment has no \"%s\" region", RegionName)
	}
	if slot < 0 || slot >= seg.MaxProcs() {
		return nil, internalError("proc slot %d out of range [0, %d)", slot, seg.MaxProcs())
	}
	pid := seg.Proc(slot).Pid()
	if pid == 0 {
		pid = int32(os.Getpid())
	}
	return AttachRegion(region, seg.MaxProcs(), seg.Waiters(), slot, pid)
}

// perXactFor finds the max_pred_locks_per_transaction the region was sized
// with: the largest that fits in it.
func perXactFor(size uintptr, maxProcs int) int {
	lo, hi := 1, 1<<20
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if RegionSize(maxProcs, mid) <= size {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// AttachRegion is Attach given the region, its proc slot count, the
// segment's wait table and the pid to show for the slot (for tests).
func AttachRegion(region []byte, maxProcs int, waiters *sem.WaiterTable, slot int, pid int32) (*Manager, error) {
	if maxProcs <= 0 || maxProcs > sem.MaxWaiters {
		return nil, internalError("predicate lock table for %d procs", maxProcs)
	}
	if uintptr(len(region)) < RegionSize(maxProcs, 1) {
		return nil, internalError("region \"%s\" has %d bytes, too few for %d procs", RegionName, len(region), maxProcs)
	}
	if slot < 0 || slot >= maxProcs || slot >= waiters.Len() {
		return nil, internalError("proc slot %d out of range [0, %d)", slot, maxProcs)
	}
	if uintptr(unsafe.Pointer(&region[0]))%8 != 0 {
		return nil, internalError("region \"%s\" is not aligned", RegionName)
	}
	perXact := perXactFor(uintptr(len(region)), maxProcs)
	l := layoutFor(maxProcs, perXact)
	m := &Manager{
		hdr:         (*regionHeader)(unsafe.Pointer(&region[0])),
		xacts:       sliceAt[sxact](region, l.xacts, l.nXacts),
		confs:       sliceAt[conflict](region, l.confs, l.nConfs),
		locks:       sliceAt[lockRec](region, l.locks, l.nLocks),
		buckets:     sliceAt[uint32](region, l.buckets, l.nBuckets),
		xidBuckets:  sliceAt[uint32](region, l.xidBuckets, l.nXidBuckets),
		waiters:     waiters,
		me:          uint32(slot),
		pid:         pid,
		perXact:     perXact,
		limitXact:   DefaultLocksPerXact,
		perRelation: -2,
		perPage:     2,
	}
	m.cleanupSlot()
	return m, nil
}

// Cleanup rolls back, in the predicate lock table, the serializable
// transaction that proc slot slot's exited process left running, if any:
// its SIREAD locks and conflicts go. The postmaster calls it after
// reaping a process that exited normally, before it clears the slot. It
// returns how many transactions it ended (0 for a process that ended its
// own).
func Cleanup(seg *shm.Segment, slot int) (int, error) {
	region := seg.Region(RegionName)
	if region == nil {
		return 0, nil // a server built without the region has nothing to clean
	}
	m, err := AttachRegion(region, seg.MaxProcs(), seg.Waiters(), slot, 0)
	if err != nil {
		return 0, err
	}
	return m.orphans, nil
}

// cleanupSlot ends what a previous owner of m's slot left running.
func (m *Manager) cleanupSlot() {
	m.acquire(&m.hdr.xactLock, sem.Exclusive)
	var left []uint32
	for i := range m.xacts {
		x := &m.xacts[i]
		if x.flags.Load()&(fInUse|fFinished) == fInUse && x.slot == int32(m.me) {
			left = append(left, uint32(i+1))
		}
	}
	m.release(&m.hdr.xactLock)
	for _, sx := range left {
		m.my = sx
		m.local = nil
		m.orphans++
		m.Release(false, 0)
	}
}

// SetLimits sets max_pred_locks_per_transaction,
// max_pred_locks_per_relation and max_pred_locks_per_page, which decide
// when locks are promoted to a coarser granularity.
func (m *Manager) SetLimits(perXact, perRelation, perPage int) {
	m.limitXact, m.perRelation, m.perPage = perXact, perRelation, perPage
}

// Active reports whether this process runs a registered serializable
// transaction.
func (m *Manager) Active() bool { return m != nil && m.my != 0 }

func (m *Manager) acquire(l *sem.LWLock, mode sem.Mode) { l.Acquire(m.waiters, m.me, mode) }
func (m *Manager) release(l *sem.LWLock)                { l.Release(m.waiters) }

func (m *Manager) x(sx uint32) *sxact { return &m.xacts[sx-1] }

func (m *Manager) partition(hash uint32) *sem.LWLock {
	return &m.hdr.parts[(hash&uint32(len(m.buckets)-1))%NumPartitions]
}
