package predicate

import "testing"

// Taking SIREAD tuple locks, 50 per transaction (the transaction's
// register and release included, amortised).
func BenchmarkLockTuple(b *testing.B) {
	ms := newTable(b, 2, 64)
	m := ms[0]
	m.SetLimits(64, 1<<20, 1<<20)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if i%50 == 0 {
			m.Release(false, 0)
			begin(b, m, 10, false)
		}
		if err := m.LockTuple(1, 100, uint32(i%50), 1); err != nil {
			b.Fatal(err)
		}
	}
	m.Release(false, 0)
}

// The write hook of a transaction that is not serializable: what every
// non-serializable write pays.
func BenchmarkConflictInNotSerializable(b *testing.B) {
	m := newTable(b, 1, 64)[0]
	tag := TupleTag(1, 100, 3, 4)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := m.CheckConflictIn(tag); err != nil {
			b.Fatal(err)
		}
	}
}

// A serializable writer when nobody holds a SIREAD lock.
func BenchmarkConflictInNoLocks(b *testing.B) {
	m := newTable(b, 1, 64)[0]
	begin(b, m, 10, false)
	m.NoteXid(20)
	tag := TupleTag(1, 100, 3, 4)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := m.CheckConflictIn(tag); err != nil {
			b.Fatal(err)
		}
	}
}

// A serializable writer checking a tuple while three other serializable
// transactions hold 30 SIREAD locks each elsewhere in the relation.
func BenchmarkConflictInSomeLocks(b *testing.B) {
	ms := newTable(b, 4, 64)
	for k, o := range ms[1:] {
		begin(b, o, 10, false)
		o.SetLimits(64, 1<<20, 1<<20)
		for j := 0; j < 30; j++ {
			if err := o.LockTuple(1, 100, uint32(100+k*30+j), 1); err != nil {
				b.Fatal(err)
			}
		}
	}
	m := ms[0]
	begin(b, m, 10, false)
	m.NoteXid(20)
	tag := TupleTag(1, 100, 3, 4)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := m.CheckConflictIn(tag); err != nil {
			b.Fatal(err)
		}
	}
}
