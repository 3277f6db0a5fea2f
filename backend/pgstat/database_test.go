package pgstat

import (
	"sync"
	"testing"
)

func getDB(t *testing.T, tab *Table, db uint32) DBRow {
	t.Helper()
	r, ok := tab.GetDB(db)
	if !ok {
		t.Fatalf("database %d has no statistics", db)
	}
	return r
}

// TestDatabaseCounts checks what transactions add to their database's
// entry: their fate, the sums of their relation counts (shared catalogs'
// going to database 0) and the buffer pool work since the last end.
func TestDatabaseCounts(t *testing.T) {
	tab := newTable(t, 64)
	b := NewBackend(tab)
	b.DB = 5
	var io IO
	b.IO = func() IO { return io }

	c := b.Rel(5, 100)
	c.Inserted, c.TuplesReturned, c.TuplesFetched = 10, 7, 3
	io = IO{Hits: 20, Reads: 4, Writes: 1, Allocs: 4}
	b.EndXact(true)

	c = b.Rel(5, 100)
	c.Updated, c.Deleted = 2, 1
	b.BeginSub()
	c.Inserted = 5
	b.EndSub(true) // the rolled back inserts still count as inserted
	sh := b.Rel(0, 1262)
	sh.TuplesReturned = 6
	io = IO{Hits: 25, Reads: 4, Writes: 1, Allocs: 4}
	b.EndXact(false)

	b.EndXact(true) // a transaction that touched nothing still counts

	r := getDB(t, tab, 5)
	want := map[DBCounter]int64{XactCommit: 2, XactRollback: 1, DBTuplesInserted: 15, DBTuplesUpdated: 2,
		DBTuplesDeleted: 1, DBTuplesReturned: 7, DBTuplesFetched: 3, BlocksRead: 4, BlocksHit: 25}
	for k, v := range want {
		if r[k] != v {
			t.Errorf("database 5 counter %d = %d, want %d", k, r[k], v)
		}
	}
	shared := getDB(t, tab, 0)
	if shared[DBTuplesReturned] != 6 || shared[XactCommit] != 0 {
		t.Errorf("shared row %v, want 6 tuples returned and no transactions", shared)
	}
	if w, a := tab.Buffers(); w != 1 || a != 4 {
		t.Errorf("buffers written %d alloc %d, want 1 4", w, a)
	}
	if keys := tab.Keys(5); len(keys) != 1 || keys[0] != (Key{5, 100}) {
		t.Errorf("Keys(5) = %v, want only the relation", keys)
	}
	if _, ok := tab.GetDB(6); ok {
		t.Error("database 6 has statistics before any transaction")
	}
}

// TestDatabaseReset: pg_stat_reset() forgets the database's relations and
// zeroes its counters with a reset time; DROP DATABASE forgets its entry.
func TestDatabaseReset(t *testing.T) {
	tab := newTable(t, 64)
	b := NewBackend(tab)
	b.DB = 5
	b.Rel(5, 100).Inserted = 3
	b.EndXact(true)
	tab.AddDB(5, Deadlocks, 2)
	tab.ResetDatabase(5, 12345)
	r := getDB(t, tab, 5)
	if r[XactCommit] != 0 || r[Deadlocks] != 0 || r[StatReset] != 12345 {
		t.Errorf("after reset: %v", r)
	}
	if _, ok := tab.Get(Key{5, 100}); ok {
		t.Error("relation statistics survived the reset")
	}
	// The cached entry is still the database's: counting goes on.
	b.EndXact(true)
	if r := getDB(t, tab, 5); r[XactCommit] != 1 {
		t.Errorf("commits after reset %d, want 1", r[XactCommit])
	}
	tab.ForgetDatabase(5)
	if _, ok := tab.GetDB(5); ok {
		t.Error("database entry survived DROP DATABASE")
	}
	// A new transaction claims a fresh entry rather than the dropped slot.
	b.EndXact(false)
	if r := getDB(t, tab, 5); r[XactCommit] != 0 || r[XactRollback] != 1 {
		t.Errorf("after drop and a rollback: %v", r)
	}
}

// TestRelationZeroIsNoRelation: counts for relation oid 0 never reach the
// database's entry.
func TestRelationZeroIsNoRelation(t *testing.T) {
	tab := newTable(t, 64)
	b := NewBackend(tab)
	b.DB = 5
	b.Rel(5, 0).Inserted = 9
	b.EndXact(true)
	if r := getDB(t, tab, 5); r[DBTuplesInserted] != 0 || r[XactCommit] != 1 {
		t.Errorf("database row %v", r)
	}
}

// TestConcurrentDatabaseCounts: backends of two databases committing at
// once lose no transaction.
func TestConcurrentDatabaseCounts(t *testing.T) {
	tab := newTable(t, 64)
	const workers, xacts = 6, 3000
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := NewBackend(tab)
			b.DB = uint32(1 + w%2)
			for i := range xacts {
				b.Rel(b.DB, 100).Inserted++
				b.EndXact(i%3 != 0)
			}
		}()
	}
	wg.Wait()
	for db := uint32(1); db <= 2; db++ {
		r := getDB(t, tab, db)
		n := int64(workers / 2 * xacts)
		if r[XactCommit]+r[XactRollback] != n || r[XactRollback] != n/3 || r[DBTuplesInserted] != n {
			t.Errorf("database %d: commits %d rollbacks %d inserted %d, want %d in all, %d rolled back",
				db, r[XactCommit], r[XactRollback], r[DBTuplesInserted], n, n/3)
		}
	}
}

// BenchmarkEndXactDB is BenchmarkEndXact with the database entry and the
// buffer pool counters of a real backend.
func BenchmarkEndXactDB(b *testing.B) {
	be := NewBackend(newTable(b, 4096))
	be.DB = 5
	var io IO
	be.IO = func() IO { return io }
	benchEndXact(b, be, func() { io.Hits += 12 })
}

// TestResetRelation: one relation's statistics go, the others stay, and
// its database remembers the reset.
func TestResetRelation(t *testing.T) {
	tab := newTable(t, 64)
	b := NewBackend(tab)
	b.DB = 5
	b.Rel(5, 100).Inserted = 3
	b.Rel(5, 101).Inserted = 4
	b.EndXact(true)
	tab.ResetRelation(Key{5, 100}, 777)
	if _, ok := tab.Get(Key{5, 100}); ok {
		t.Error("relation 100 kept its statistics")
	}
	if r := get(t, tab, Key{5, 101}); r[TuplesInserted] != 4 {
		t.Errorf("relation 101: %v", r)
	}
	if r := getDB(t, tab, 5); r[StatReset] != 777 || r[XactCommit] != 1 {
		t.Errorf("database row %v", r)
	}
}
