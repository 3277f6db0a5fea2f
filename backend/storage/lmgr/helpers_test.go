package lmgr

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"ringpg/pgerr"
	"ringpg/sem"
)

// newTable makes a lock table in process memory for n procs and attaches
// a Manager to each slot, with pid 1000+slot.
func newTable(t testing.TB, n int) []*Manager {
	t.Helper()
	region := make([]byte, RegionSize(n))
	wt := sem.NewWaiterTable(make([]byte, sem.WaiterTableSize(n)), n)
	ms := make([]*Manager, n)
	for i := range ms {
		m, err := AttachRegion(region, n, wt, i, int32(1000+i))
		if err != nil {
			t.Fatal(err)
		}
		ms[i] = m
	}
	return ms
}

// waitFor polls cond until it holds, failing the test after a deadline
// that only a hang reaches.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// waiting reports whether slot waits for a lock, as pg_locks shows it.
func waiting(m *Manager, slot int) bool {
	for _, li := range m.Snapshot() {
		if li.Slot == slot && !li.Granted {
			return true
		}
	}
	return false
}

// lockAsync runs m.Lock in a goroutine; the result arrives on the channel.
func lockAsync(m *Manager, tag Tag, mode Mode, opts Options) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- m.Lock(tag, mode, opts) }()
	return ch
}

func mustLock(t testing.TB, m *Manager, tag Tag, mode Mode, opts Options) {
	t.Helper()
	if err := m.Lock(tag, mode, opts); err != nil {
		t.Fatalf("slot %d: Lock(%v, %v): %v", m.Slot(), tag, mode, err)
	}
}

// recv waits for a Lock result.
func recv(t testing.TB, ch <-chan error) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Lock did not return")
		return nil
	}
}

// notDone checks that a Lock has not returned yet.
func notDone(t testing.TB, ch <-chan error, what string) {
	t.Helper()
	select {
	case err := <-ch:
		t.Fatalf("%s returned early: %v", what, err)
	case <-time.After(30 * time.Millisecond):
	}
}

// rows renders a snapshot compactly and in a stable order, for comparison.
func rows(infos []LockInfo) []string {
	var out []string
	for _, li := range infos {
		s := fmt.Sprintf("%s %v slot=%d pid=%d %s granted=%v fastpath=%v waiting=%v",
			li.LockType, li.Tag, li.Slot, li.Pid, li.Mode, li.Granted, li.FastPath, !li.WaitStart.IsZero())
		out = append(out, s)
	}
	sortStrings(out)
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// checkEmpty checks that the table holds nothing and nobody waits, and
// that every lock object and holder record went back to the free lists.
func checkEmpty(t testing.TB, m *Manager) {
	t.Helper()
	if s := m.Snapshot(); len(s) != 0 {
		t.Errorf("table not empty:\n%s", strings.Join(rows(s), "\n"))
	}
	for b, head := range m.buckets {
		if head != 0 {
			t.Errorf("bucket %d still has lock object %d", b, head)
		}
	}
	for i := range m.hdr.strong {
		if n := m.hdr.strong[i].Load(); n != 0 {
			t.Errorf("strong-lock counter %d is %d", i, n)
		}
	}
}

func code(err error) string { return pgerr.Code(err) }

type atomicInt struct{ v atomic.Int32 }

func (a *atomicInt) add() int { return int(a.v.Add(1)) - 1 }
