package pgstat

import (
	"sync"
	"testing"

	"ringpg/shm"
)

// newTable makes a table for n relations in a fresh shared segment.
func newTable(t testing.TB, n int) *Table {
	t.Helper()
	seg, err := shm.Create(shm.Config{MaxProcs: 1, HugePages: shm.HugeOff,
		Regions: []shm.RegionSpec{{Name: RegionName, Size: RegionSize(n)}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Unmap() })
	tab := Attach(seg.Region(RegionName))
	if tab == nil {
		t.Fatal("no table")
	}
	return tab
}

func get(t *testing.T, tab *Table, k Key) Row {
	t.Helper()
	r, ok := tab.Get(k)
	if !ok {
		t.Fatalf("%v has no statistics", k)
	}
	return r
}

// TestCountingRules checks what a transaction's end makes of its counts,
// against PostgreSQL 15's rules (pgstat_relation.c).
func TestCountingRules(t *testing.T) {
	type xact struct {
		ins, upd, hot, del int64
		commit             bool
	}
	cases := []struct {
		name  string
		xacts []xact
		// inserted, updated, deleted, hot, live, dead, mod, insSinceVacuum
		want [8]int64
	}{
		{"committed inserts are live", []xact{{ins: 10, commit: true}}, [8]int64{10, 0, 0, 0, 10, 0, 10, 10}},
		{"aborted inserts are dead", []xact{{ins: 10}}, [8]int64{10, 0, 0, 0, 0, 10, 0, 10}},
		{"committed update leaves a dead version", []xact{{ins: 5, commit: true}, {upd: 3, hot: 2, commit: true}},
			[8]int64{5, 3, 0, 2, 5, 3, 8, 5}},
		{"aborted update leaves a dead version", []xact{{ins: 5, commit: true}, {upd: 3}},
			[8]int64{5, 3, 0, 0, 5, 3, 5, 5}},
		{"committed delete", []xact{{ins: 5, commit: true}, {del: 2, commit: true}},
			[8]int64{5, 0, 2, 0, 3, 2, 7, 5}},
		{"aborted delete changes nothing live", []xact{{ins: 5, commit: true}, {del: 2}},
			[8]int64{5, 0, 2, 0, 5, 0, 5, 5}},
		{"live never below zero", []xact{{del: 4, commit: true}}, [8]int64{0, 0, 4, 0, 0, 4, 4, 0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tab := newTable(t, 64)
			b := NewBackend(tab)
			for _, x := range tc.xacts {
				c := b.Rel(1, 100)
				c.Inserted += x.ins
				c.Updated += x.upd
				c.HotUpdated += x.hot
				c.Deleted += x.del
				b.EndXact(x.commit)
			}
			r := get(t, tab, Key{1, 100})
			got := [8]int64{r[TuplesInserted], r[TuplesUpdated], r[TuplesDeleted], r[TuplesHotUpdated],
				r[LiveTuples], r[DeadTuples], r[ModSinceAnalyze], r[InsSinceVacuum]}
			if got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSubtransactions: a rolled-back savepoint's inserts are dead even if
// the transaction commits; a released one's belong to the transaction.
func TestSubtransactions(t *testing.T) {
	tab := newTable(t, 64)
	b := NewBackend(tab)
	c := b.Rel(1, 100)
	c.Inserted += 2 // before the savepoint: committed
	b.BeginSub()
	c.Inserted += 3
	d := b.Rel(1, 101) // first touched inside
	d.Inserted += 4
	b.EndSub(true) // ROLLBACK TO
	b.BeginSub()
	c.Inserted += 1
	b.EndSub(false) // RELEASE
	b.EndXact(true)
	r := get(t, tab, Key{1, 100})
	if r[TuplesInserted] != 6 || r[LiveTuples] != 3 || r[DeadTuples] != 3 || r[ModSinceAnalyze] != 3 {
		t.Errorf("table 100: ins %d live %d dead %d mod %d, want 6 3 3 3",
			r[TuplesInserted], r[LiveTuples], r[DeadTuples], r[ModSinceAnalyze])
	}
	r = get(t, tab, Key{1, 101})
	if r[TuplesInserted] != 4 || r[LiveTuples] != 0 || r[DeadTuples] != 4 {
		t.Errorf("table 101: ins %d live %d dead %d, want 4 0 4", r[TuplesInserted], r[LiveTuples], r[DeadTuples])
	}
}

// TestCountsPersistAcrossTransactions: a pointer kept by a cached plan
// counts again once touched in a later transaction, and counts made in a
// transaction that did not touch it are not published.
func TestCountsPersistAcrossTransactions(t *testing.T) {
	tab := newTable(t, 64)
	b := NewBackend(tab)
	c := b.Rel(1, 100)
	c.NumScans++
	b.EndXact(true)
	b.Touch(c)
	c.NumScans++
	c.TuplesReturned += 7
	b.EndXact(false)
	r := get(t, tab, Key{1, 100})
	if r[NumScans] != 2 || r[TuplesReturned] != 7 {
		t.Errorf("scans %d returned %d, want 2 7", r[NumScans], r[TuplesReturned])
	}
	b.Track = false
	b.Touch(c)
	c.NumScans += 100 // untracked
	b.EndXact(true)
	b.Track = true
	b.Touch(c)
	b.EndXact(true)
	if r := get(t, tab, Key{1, 100}); r[NumScans] != 2 {
		t.Errorf("untracked scans published: %d", r[NumScans])
	}
}

// TestPruneLowersDead: versions pruning freed are no longer dead, in a
// transaction that commits or not, and dead never goes below zero.
func TestPruneLowersDead(t *testing.T) {
	tab := newTable(t, 64)
	b := NewBackend(tab)
	c := b.Rel(1, 100)
	c.Inserted, c.Updated = 10, 8
	b.EndXact(true)
	b.Touch(c)
	c.Pruned = 5
	b.EndXact(false)
	if r := get(t, tab, Key{1, 100}); r[DeadTuples] != 3 {
		t.Errorf("dead %d, want 3", r[DeadTuples])
	}
	b.Touch(c)
	c.Pruned = 7
	b.EndXact(true)
	if r := get(t, tab, Key{1, 100}); r[DeadTuples] != 0 || r[LiveTuples] != 10 {
		t.Errorf("dead %d live %d, want 0 10", r[DeadTuples], r[LiveTuples])
	}
}

// TestTableFull: past its capacity the table drops counts of new
// relations (and says how many) but keeps counting the ones it has.
func TestTableFull(t *testing.T) {
	tab := newTable(t, 10)
	limit := int(tab.limit)
	b := NewBackend(tab)
	for i := range limit + 5 {
		b.Rel(1, uint32(1000+i)).Inserted++
	}
	b.EndXact(true)
	if tab.Len() != limit {
		t.Fatalf("len %d, want %d", tab.Len(), limit)
	}
	if tab.Dropped() != 5 {
		t.Errorf("dropped %d, want 5", tab.Dropped())
	}
	b.Rel(1, 1000).Inserted++
	b.EndXact(true)
	if r := get(t, tab, Key{1, 1000}); r[TuplesInserted] != 2 {
		t.Errorf("inserted %d, want 2", r[TuplesInserted])
	}
	// Forgetting makes room; the new entry starts from zero.
	tab.Forget(Key{1, 1000})
	if _, ok := tab.Get(Key{1, 1000}); ok {
		t.Error("forgotten entry still there")
	}
	b.Rel(1, 5000).Inserted++
	b.EndXact(true)
	if r := get(t, tab, Key{1, 5000}); r[TuplesInserted] != 1 || r[LiveTuples] != 1 {
		t.Errorf("new entry: %v", r)
	}
}

// TestForgetKeepsProbeRuns: removing entries in the middle of probe runs
// never hides the entries after them.
func TestForgetKeepsProbeRuns(t *testing.T) {
	tab := newTable(t, 200)
	b := NewBackend(tab)
	for i := range 150 {
		b.Rel(uint32(1+i%3), uint32(1+i)).Inserted++ // oid 0 is no relation
	}
	b.EndXact(true)
	tab.ForgetDatabase(2)
	for i := range 150 {
		_, ok := tab.Get(Key{uint32(1 + i%3), uint32(1 + i)})
		if want := i%3 != 1; ok != want {
			t.Fatalf("relation %d of database %d: present %v, want %v", i, 1+i%3, ok, want)
		}
	}
	if n := len(tab.Keys(1)); n != 50 {
		t.Errorf("database 1 has %d entries, want 50", n)
	}
	// Re-adding after the removals works and the count is right.
	for i := range 150 {
		b.Rel(2, uint32(1+i)).Inserted++
	}
	b.EndXact(true)
	if tab.Len() != 250 {
		t.Errorf("len %d, want 250", tab.Len())
	}
}

// TestVacuumAndAnalyzeReports: the estimates are replaced, the counters
// since the last run reset, the run counted.
func TestVacuumAndAnalyzeReports(t *testing.T) {
	tab := newTable(t, 64)
	b := NewBackend(tab)
	c := b.Rel(1, 100)
	c.Inserted, c.Updated = 100, 40
	b.EndXact(true)
	k := Key{1, 100}
	tab.ReportVacuum(k, 100, 2, 12345, true)
	r := get(t, tab, k)
	if r[LiveTuples] != 100 || r[DeadTuples] != 2 || r[InsSinceVacuum] != 0 || r[LastAutovacuum] != 12345 ||
		r[AutovacuumCount] != 1 || r[VacuumCount] != 0 || r[ModSinceAnalyze] != 140 {
		t.Errorf("after vacuum: %v", r)
	}
	tab.ReportAnalyze(k, 100, 0, 23456, false)
	r = get(t, tab, k)
	if r[ModSinceAnalyze] != 0 || r[LastAnalyze] != 23456 || r[AnalyzeCount] != 1 || r[DeadTuples] != 0 {
		t.Errorf("after analyze: %v", r)
	}
}

// TestConcurrentPublishers: several backends publishing into one region
// at once lose nothing.
func TestConcurrentPublishers(t *testing.T) {
	tab := newTable(t, 1000)
	const workers, xacts = 8, 2000
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := NewBackend(tab)
			for i := range xacts {
				c := b.Rel(1, uint32(100+i%4))
				c.Inserted += 2
				c.Updated++
				c.NumScans++
				// Each worker also has relations of its own, claimed
				// concurrently with the others'.
				b.Rel(2, uint32(1+w*xacts+i%50)).Inserted++ // oid 0 is no relation
				b.EndXact(i%2 == 0)
			}
		}()
	}
	wg.Wait()
	var ins, upd, scans, live, dead int64
	for r := range 4 {
		row := get(t, tab, Key{1, uint32(100 + r)})
		ins += row[TuplesInserted]
		upd += row[TuplesUpdated]
		scans += row[NumScans]
		live += row[LiveTuples]
		dead += row[DeadTuples]
	}
	n := int64(workers * xacts)
	if ins != 2*n || upd != n || scans != n {
		t.Errorf("inserted %d updated %d scans %d, want %d %d %d", ins, upd, scans, 2*n, n, n)
	}
	// Half committed: 2 live per commit; dead: 1 per committed update,
	// 3 per aborted transaction.
	if live != n || dead != n/2+3*n/2 {
		t.Errorf("live %d dead %d, want %d %d", live, dead, n, n/2+3*n/2)
	}
	if got := len(tab.Keys(2)); got != workers*50 {
		t.Errorf("database 2 has %d relations, want %d", got, workers*50)
	}
}

// BenchmarkEndXact is the publish path of a pgbench TPC-B transaction:
// four tables and three indexes touched.
func BenchmarkEndXact(b *testing.B) {
	benchEndXact(b, NewBackend(newTable(b, 4096)), nil)
}

// benchEndXact runs TPC-B's publish path on be; each transaction also
// calls perXact, if any.
func benchEndXact(b *testing.B, be *Backend, perXact func()) {
	var rels []*Counts
	for i := range 7 {
		rels = append(rels, be.Rel(5, uint32(16384+i)))
	}
	be.EndXact(true)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i, c := range rels {
			be.Touch(c)
			if i < 3 {
				c.Updated++
				c.HotUpdated++
			} else if i == 3 {
				c.Inserted++
			} else {
				c.NumScans++
				c.TuplesReturned++
				c.TuplesFetched++
			}
		}
		if perXact != nil {
			perXact()
		}
		be.EndXact(true)
	}
}
