package lmgr

import (
	"testing"
)

// BenchmarkAcquireRelease: AccessShareLock on one relation taken and
// released, uncontended: the fast path.
func BenchmarkAcquireRelease(b *testing.B) {
	ms := newTable(b, 2)
	m := ms[0]
	tag := RelationTag(1, 16384)
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Lock(tag, AccessShare, Options{}); err != nil {
			b.Fatal(err)
		}
		m.Unlock(tag, AccessShare, false)
	}
}

// BenchmarkAcquireReleaseAll: the same, ended by ReleaseAll(false) as a
// transaction's end does.
func BenchmarkAcquireReleaseAll(b *testing.B) {
	ms := newTable(b, 2)
	m := ms[0]
	tag := RelationTag(1, 16384)
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Lock(tag, AccessShare, Options{}); err != nil {
			b.Fatal(err)
		}
		m.ReleaseAll(false)
	}
}

// BenchmarkAcquireReleaseStrong: AccessExclusiveLock on a relation, which
// goes through the shared table and visits every proc's fast-path slots
// (100 of them here).
func BenchmarkAcquireReleaseStrong(b *testing.B) {
	ms := newTable(b, 100)
	m := ms[0]
	tag := RelationTag(1, 16384)
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Lock(tag, AccessExclusive, Options{}); err != nil {
			b.Fatal(err)
		}
		m.Unlock(tag, AccessExclusive, false)
	}
}

// BenchmarkAdvisoryAcquireRelease: pg_advisory_lock and pg_advisory_unlock
// on one key, uncontended: the shared table.
func BenchmarkAdvisoryAcquireRelease(b *testing.B) {
	ms := newTable(b, 2)
	m := ms[0]
	tag := AdvisoryTag(1, 42)
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Lock(tag, Exclusive, Options{Session: true}); err != nil {
			b.Fatal(err)
		}
		m.Unlock(tag, Exclusive, true)
	}
}

// BenchmarkAcquireReleaseParallel: every goroutine (as a separate proc
// slot) takes AccessShareLock on the same relation; on the fast path they
// share no cache line but the strong-lock counter's.
func BenchmarkAcquireReleaseParallel(b *testing.B) {
	ms := newTable(b, 64)
	tag := RelationTag(1, 16384)
	var next atomicInt
	b.RunParallel(func(pb *testing.PB) {
		m := ms[next.add()]
		for pb.Next() {
			if err := m.Lock(tag, AccessShare, Options{}); err != nil {
				b.Error(err)
				return
			}
			m.Unlock(tag, AccessShare, false)
		}
	})
}
