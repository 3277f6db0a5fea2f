package predicate

import (
	"testing"

	"ringpg/sem"
)

// Two transactions each read what the other writes (write skew): the
// first to commit wins, the other fails at its commit as a pivot.
func TestWriteSkew(t *testing.T) {
	ms := newTable(t, 3, 64)
	a, b := ms[0], ms[1]
	begin(t, a, 10, false)
	begin(t, b, 10, false)
	for _, m := range []*Manager{a, b} {
		if err := m.LockRelation(1, 100); err != nil {
			t.Fatal(err)
		}
	}
	a.NoteXid(20)
	if err := a.CheckConflictIn(TupleTag(1, 100, 0, 1)); err != nil {
		t.Fatal(err)
	}
	b.NoteXid(21)
	if err := b.CheckConflictIn(TupleTag(1, 100, 0, 2)); err != nil {
		t.Fatal(err)
	}
	if err := a.PreCommit(); err != nil {
		t.Fatal(err)
	}
	a.Release(true, 22)
	err := b.PreCommit()
	if code(err) != "40001" || detail(err) != "Reason code: "+ReasonPivotCommit {
		t.Fatalf("b's commit: %v (%s)", err, detail(err))
	}
	b.Release(false, 22)
	if x, l := inUse(ms[2]); x != 0 || l != 0 {
		t.Errorf("after both ended: %d transactions, %d locks left", x, l)
	}
}

// The second writer fails at once when the first committed already.
func TestConflictDuringWrite(t *testing.T) {
	ms := newTable(t, 2, 64)
	a, b := ms[0], ms[1]
	begin(t, a, 10, false)
	begin(t, b, 10, false)
	a.LockRelation(1, 100)
	b.LockRelation(1, 100)
	a.NoteXid(20)
	if err := a.CheckConflictIn(TupleTag(1, 100, 0, 1)); err != nil {
		t.Fatal(err)
	}
	if err := a.PreCommit(); err != nil {
		t.Fatal(err)
	}
	a.Release(true, 22)
	b.NoteXid(21)
	err := b.CheckConflictIn(TupleTag(1, 100, 0, 2))
	if code(err) != "40001" || detail(err) != "Reason code: "+ReasonPivotWrite {
		t.Fatalf("b's write: %v (%s)", err, detail(err))
	}
	b.Release(false, 22)
}

// A reader that met the pivot's write as a conflict out, after being
// doomed, reports it where it notices.
func TestDoomedReasons(t *testing.T) {
	ms := newTable(t, 2, 64)
	a, b := ms[0], ms[1]
	for _, c := range []struct {
		check  func(m *Manager) error
		reason string
	}{
		{func(m *Manager) error { return m.CheckConflictOut(999) }, ReasonPivotConflictOut},
		{func(m *Manager) error { return m.CheckConflictIn(RelationTag(1, 5)) }, ReasonPivotConflictIn},
		{func(m *Manager) error { return m.PreCommit() }, ReasonPivotCommit},
	} {
		begin(t, a, 10, false)
		begin(t, b, 10, false)
		a.LockRelation(1, 100)
		b.LockRelation(1, 100)
		a.NoteXid(20)
		b.NoteXid(21)
		if err := a.CheckConflictIn(TupleTag(1, 100, 0, 1)); err != nil { // b --rw--> a
			t.Fatal(err)
		}
		if err := b.CheckConflictIn(TupleTag(1, 100, 0, 2)); err != nil { // a --rw--> b
			t.Fatal(err)
		}
		if err := a.PreCommit(); err != nil { // dooms b, the pivot
			t.Fatal(err)
		}
		a.Release(true, 22)
		err := c.check(b)
		if code(err) != "40001" || detail(err) != "Reason code: "+c.reason {
			t.Errorf("want %q, got %v (%s)", c.reason, err, detail(err))
		}
		b.Release(false, 22)
	}
}

// Transactions that read and write different tuples do not conflict.
func TestDisjointTuples(t *testing.T) {
	ms := newTable(t, 2, 64)
	a, b := ms[0], ms[1]
	begin(t, a, 10, false)
	begin(t, b, 10, false)
	a.LockTuple(1, 100, 0, 1)
	a.LockPage(1, 200, 1)
	b.LockTuple(1, 100, 3, 1)
	b.LockPage(1, 200, 2)
	a.NoteXid(20)
	b.NoteXid(21)
	for _, w := range []struct {
		m   *Manager
		tag Tag
	}{{a, TupleTag(1, 100, 0, 1)}, {b, TupleTag(1, 100, 3, 1)}, {a, PageTag(1, 200, 1)}, {b, PageTag(1, 200, 2)}} {
		if err := w.m.CheckConflictIn(w.tag); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []*Manager{b, a} {
		if err := m.PreCommit(); err != nil {
			t.Fatal(err)
		}
		m.Release(true, 22)
	}
}

// Tuple locks are promoted to their page past max_pred_locks_per_page, and
// page locks to their relation past max_pred_locks_per_relation.
func TestPromotion(t *testing.T) {
	ms := newTable(t, 2, 64)
	a := ms[0]
	a.SetLimits(64, -2, 2) // 64/2 = 32 per relation
	begin(t, a, 10, false)
	for off := uint16(1); off <= 3; off++ {
		if err := a.LockTuple(1, 100, 7, off); err != nil {
			t.Fatal(err)
		}
	}
	if got := heldTags(a); len(got) != 1 || got[0] != PageTag(1, 100, 7) {
		t.Fatalf("after 3 tuple locks: %v", got)
	}
	for blk := uint32(0); blk < 33; blk++ {
		if err := a.LockPage(1, 100, blk); err != nil {
			t.Fatal(err)
		}
	}
	if got := heldTags(a); len(got) != 1 || got[0] != RelationTag(1, 100) {
		t.Fatalf("after 33 page locks: %v", got)
	}
	// Covered: nothing new.
	a.LockTuple(1, 100, 50, 1)
	if _, l := inUse(a); l != 1 {
		t.Errorf("%d lock records, want 1", l)
	}
	a.Release(false, 11)
	if x, l := inUse(a); x != 0 || l != 0 {
		t.Errorf("after abort: %d transactions, %d locks", x, l)
	}
}

func heldTags(m *Manager) []Tag {
	var tags []Tag
	for lk := m.x(m.my).lockHead; lk != 0; lk = m.locks[lk-1].xNext {
		tags = append(tags, m.locks[lk-1].tag)
	}
	return tags
}

// A committed transaction stays (with its locks) while a transaction that
// overlapped it runs, and goes when that one ends.
func TestFinishedCleanup(t *testing.T) {
	ms := newTable(t, 3, 64)
	a, b, c := ms[0], ms[1], ms[2]
	begin(t, a, 10, false)
	begin(t, b, 10, false)
	a.LockRelation(1, 100)
	a.PreCommit()
	a.Release(true, 15)
	if x, l := inUse(c); x != 2 || l != 1 {
		t.Fatalf("a committed while b runs: %d transactions, %d locks", x, l)
	}
	// c starts after a ended: a does not matter to it, but b still does.
	begin(t, c, 16, false)
	b.Release(true, 17)
	if x, _ := inUse(c); x != 2 { // b (overlaps c) and c; a is gone
		t.Fatalf("after b: %d transactions", x)
	}
	c.Release(true, 18)
	if x, l := inUse(c); x != 0 || l != 0 {
		t.Fatalf("after all: %d transactions, %d locks", x, l)
	}
}

// A full lock table is PostgreSQL's 53200 with its hint.
func TestOutOfSharedMemory(t *testing.T) {
	ms := newTable(t, 1, 10)
	a := ms[0]
	a.SetLimits(10, 1<<30, 1<<30) // no promotion
	begin(t, a, 10, false)
	var err error
	for blk := uint32(0); err == nil && blk < 100000; blk++ {
		err = a.LockPage(1, 100, blk)
	}
	if code(err) != "53200" {
		t.Fatalf("got %v", err)
	}
	if e := err.Error(); e == "" {
		t.Fatal("empty error")
	}
	a.Release(false, 11)
	if _, l := inUse(a); l != 0 {
		t.Errorf("%d locks left", l)
	}
}

// A read-only transaction is not registered when no writable one runs,
// and a read-only reader of a writer that committed without conflicts out
// appears to run first.
func TestReadOnly(t *testing.T) {
	ms := newTable(t, 3, 64)
	a, b, r := ms[0], ms[1], ms[2]
	ok, err := r.Register(true, func() uint64 { return 5 })
	if ok || err != nil {
		t.Fatalf("read-only alone: %v %v", ok, err)
	}
	begin(t, a, 10, false)
	begin(t, r, 10, true)
	a.NoteXid(20)
	a.CheckConflictIn(RelationTag(1, 1))
	a.PreCommit()
	a.Release(true, 21)
	if err := r.CheckConflictOut(20); err != nil {
		t.Fatal(err)
	}
	if r.conflictOf(20) {
		t.Error("read-only reader recorded a conflict out to a writer without conflicts")
	}
	begin(t, b, 10, false)
	b.NoteXid(22)
	if err := r.CheckConflictOut(22); err != nil {
		t.Fatal(err)
	}
	if !r.conflictOf(22) {
		t.Error("no conflict out to a running writer")
	}
	r.Release(true, 23)
	b.Release(true, 23)
}

func (m *Manager) conflictOf(xid uint64) bool {
	m.acquire(&m.hdr.xactLock, sem.Shared)
	defer m.release(&m.hdr.xactLock)
	sx := m.xidLookupLocked(xid)
	return sx != 0 && m.conflictExistsLocked(m.my, sx)
}

// Cleanup rolls back what an exited process left running.
func TestCleanupSlot(t *testing.T) {
	ms := newTable(t, 2, 64)
	a := ms[0]
	begin(t, a, 10, false)
	a.LockRelation(1, 100)
	// Re-attaching the slot (as Cleanup does for a dead process) ends it.
	m, err := AttachRegion(unsafeRegion(a), 2, a.waiters, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if m.orphans != 1 {
		t.Errorf("orphans %d", m.orphans)
	}
	if x, l := inUse(m); x != 0 || l != 0 {
		t.Errorf("left: %d transactions, %d locks", x, l)
	}
}

// Page splits give the new right page the left page's SIREAD locks.
func TestSplitPage(t *testing.T) {
	ms := newTable(t, 2, 64)
	a, b := ms[0], ms[1]
	begin(t, a, 10, false)
	begin(t, b, 10, false)
	a.LockPage(1, 200, 4)
	if err := b.SplitPage(1, 200, 4, 9); err != nil {
		t.Fatal(err)
	}
	b.NoteXid(21)
	if err := b.CheckConflictIn(PageTag(1, 200, 9)); err != nil {
		t.Fatal(err)
	}
	if !a.conflictOf(21) {
		t.Error("an insert into the split-off page is not a conflict")
	}
	a.Release(false, 22)
	b.Release(false, 22)
}

// TRUNCATE and DROP TABLE conflict with every SIREAD lock on the table;
// PromoteRelation folds page and tuple locks into one relation lock.
func TestTableConflictAndPromote(t *testing.T) {
	ms := newTable(t, 2, 64)
	a, b := ms[0], ms[1]
	begin(t, a, 10, false)
	begin(t, b, 10, false)
	a.LockTuple(1, 100, 2, 3)
	a.LockPage(1, 100, 5)
	if err := b.PromoteRelation(1, 100); err != nil {
		t.Fatal(err)
	}
	if got := heldTags(a); len(got) != 1 || got[0] != RelationTag(1, 100) {
		t.Fatalf("after promotion: %v", got)
	}
	b.NoteXid(21)
	if err := b.CheckTableConflictIn(1, 100); err != nil {
		t.Fatal(err)
	}
	if !a.conflictOf(21) {
		t.Error("no conflict in from the table's reader")
	}
	a.Release(false, 0)
	b.Release(false, 0)
}

// TransferRelation gives the holders of locks on a relation's old file a
// lock on its new one.
func TestTransferRelation(t *testing.T) {
	ms := newTable(t, 2, 64)
	a, b := ms[0], ms[1]
	begin(t, a, 10, false)
	begin(t, b, 10, false)
	a.LockTuple(1, 100, 2, 3)
	if err := b.TransferRelation(1, 100, 300); err != nil {
		t.Fatal(err)
	}
	b.NoteXid(21)
	if err := b.CheckConflictIn(RelationTag(1, 300)); err != nil {
		t.Fatal(err)
	}
	if !a.conflictOf(21) {
		t.Error("an insert into the new file is not a conflict with a reader of the old one")
	}
	a.Release(false, 0)
	b.Release(false, 0)
}

// When committed transactions that a long-running one overlaps fill
// every record, they are merged into a summary, new transactions still
// start, and the anomaly they form with the long one is still caught.
func TestSummary(t *testing.T) {
	ms := newTable(t, 2, 64) // 20 transaction records
	long, short := ms[0], ms[1]
	begin(t, long, 10, false)
	long.NoteXid(11)
	if err := long.LockRelation(1, 100); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		xid := uint64(20 + i)
		ok, err := short.Register(false, func() uint64 { return 10 })
		if err != nil || !ok {
			t.Fatalf("transaction %d: %v %v", i, ok, err)
		}
		short.NoteXid(xid)
		if err := short.LockRelation(1, 200); err != nil {
			t.Fatal(err)
		}
		if err := short.CheckConflictIn(TupleTag(1, 100, uint32(i), 1)); err != nil { // long --rw--> short
			t.Fatal(err)
		}
		if err := short.PreCommit(); err != nil {
			t.Fatal(err)
		}
		short.Release(true, xid+1)
	}
	if short.hdr.summary == 0 {
		t.Fatal("no summary record after 50 overlapping commits in 20 records")
	}
	// A write by a summarised transaction is still found.
	if sx := func() uint32 {
		short.acquire(&short.hdr.xactLock, sem.Shared)
		defer short.release(&short.hdr.xactLock)
		return short.xidLookupLocked(21)
	}(); sx != short.hdr.summary {
		t.Errorf("xid 21 found as %d, summary is %d", sx, short.hdr.summary)
	}
	// long now writes what the summarised transactions read: a cycle.
	err := long.CheckConflictIn(TupleTag(1, 200, 0, 1))
	if code(err) != "40001" || detail(err) != "Reason code: "+ReasonPivotWrite {
		t.Fatalf("long's write: %v (%s)", err, detail(err))
	}
	long.Release(false, 100)
	if x, l := inUse(long); x != 0 || l != 0 {
		t.Errorf("after all: %d transactions, %d locks", x, l)
	}
}

// A transaction writing a tuple it read drops its SIREAD lock on it.
func TestDropOwnTupleLock(t *testing.T) {
	ms := newTable(t, 1, 64)
	a := ms[0]
	begin(t, a, 10, false)
	a.LockTuple(1, 100, 2, 3)
	a.LockTuple(1, 100, 2, 4)
	a.NoteXid(20)
	tag := TupleTag(1, 100, 2, 3)
	if err := a.CheckConflictIn(tag); err != nil {
		t.Fatal(err)
	}
	a.DropOwnTupleLock(tag)
	if got := heldTags(a); len(got) != 1 || got[0] != TupleTag(1, 100, 2, 4) {
		t.Fatalf("left: %v", got)
	}
	if a.local[PageTag(1, 100, 2)].child != 1 {
		t.Errorf("page child count %d", a.local[PageTag(1, 100, 2)].child)
	}
	a.Release(false, 0)
}
