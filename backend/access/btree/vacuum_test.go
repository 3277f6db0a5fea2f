package btree

import (
	"runtime"
	"testing"
	"time"
)

func TestBulkDelete(t *testing.T) {
	h := newHarness(t)
	var m model
	for i := range 5000 {
		k := padKey(int64(i%1000), 50) // five entries per key
		h.insert(k, tidOf(i))
		m.insert(entry{k, tidOf(i)})
	}
	before := h.check()
	dead := func(tid TID) bool { return (int(tid.Block)*100+int(tid.Offset)-1)%4 != 0 }
	st, err := h.ix.BulkDelete(dead)
	if err != nil {
		t.Fatal(err)
	}
	var want model
	for _, e := range m {
		if !dead(e.tid) {
			want = append(want, e)
		}
	}
	if st.Removed != 3750 || st.Remaining != 1250 || st.LeafPages != before.Pages[0] {
		t.Errorf("stats %+v, want 3750 removed, 1250 left, %d pages", st, before.Pages[0])
	}
	h.check()
	sameEntries(t, "after", scanAll(t, h.ix, ScanSpec{}), want)
	sameEntries(t, "after, backward", scanAll(t, h.ix, ScanSpec{Backward: true}), want.scan(ScanSpec{Backward: true}))
	// Remove everything: empty leaves stay linked and usable.
	if _, err := h.ix.BulkDelete(func(TID) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if st := h.check(); st.LeafEntries != 0 || st.Pages[0] != before.Pages[0] {
		t.Errorf("after deleting all: %+v", st)
	}
	if got := scanAll(t, h.ix, ScanSpec{Backward: true}); len(got) != 0 {
		t.Errorf("empty index scans %d entries", len(got))
	}
	for i := range 2000 {
		h.insert(padKey(int64(i), 50), tidOf(i))
	}
	if st := h.check(); st.LeafEntries != 2000 {
		t.Errorf("refilled: %+v", st)
	}
}

// TestBulkDeleteWaitsForScan: a scan's pin on the page it is returning
// entries from holds VACUUM off that page until the scan moves on.
func TestBulkDeleteWaitsForScan(t *testing.T) {
	st := newFakeStore()
	fb := st.view()
	ix, err := Create(fb, testRel, Options{Name: "v"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if err := ix.Insert(intKey(int64(i)), tidOf(i)); err != nil {
			t.Fatal(err)
		}
	}
	s := ix.Scan(ScanSpec{})
	if !s.Next() {
		t.Fatal("no entry")
	}
	vacuumed := make(chan BulkDeleteStats, 1)
	go func() {
		other := Open(st.view(), testRel, Options{Name: "v"})
		vs, err := other.BulkDelete(func(TID) bool { return true })
		if err != nil {
			t.Error(err)
		}
		vacuumed <- vs
	}()
	// Wait until the vacuum is blocked on the scan's page.
	deadline := time.Now().Add(time.Minute)
	for {
		st.mu.Lock()
		w := st.cleanupWaits
		st.mu.Unlock()
		if w > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("vacuum never waited for the scan's pin")
		}
		runtime.Gosched()
	}
	// The scan still returns every entry it copied, and the vacuum cannot
	// finish while the scan is on the page. (Once Next reports the end,
	// the scan may already have let the page go, so the check is made
	// while it still returns entries.)
	n := 1
	for s.Next() {
		n++
		select {
		case <-vacuumed:
			t.Fatal("vacuum finished while the scan held its page")
		default:
		}
	}
	s.Close()
	vs := <-vacuumed
	if n != 10 || vs.Removed != 10 {
		t.Fatalf("scan saw %d entries, vacuum removed %d", n, vs.Removed)
	}
	if err := fb.idle(); err != nil {
		t.Fatal(err)
	}
}
