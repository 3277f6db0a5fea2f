package predicate

import (
	"testing"

	"ringpg/pgerr"
	"ringpg/sem"
)

// newTable makes a predicate lock table in process memory for n procs
// (perXact locks per transaction) and attaches a Manager to each slot.
func newTable(t testing.TB, n, perXact int) []*Manager {
	t.Helper()
	region := make([]byte, RegionSize(n, perXact))
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

// xids hands out transaction ids and snapshot xmins in order.
type xids struct{ next uint64 }

func (x *xids) take() uint64 { x.next++; return x.next }

// begin registers a serializable transaction on m with snapshot xmin xmin.
func begin(t testing.TB, m *Manager, xmin uint64, readOnly bool) {
	t.Helper()
	ok, err := m.Register(readOnly, func() uint64 { return xmin })
	if err != nil || !ok {
		t.Fatalf("Register: %v, %v", ok, err)
	}
}

func code(err error) string { return pgerr.Code(err) }

func detail(err error) string {
	if e, ok := err.(*pgerr.Error); ok {
		return e.Detail
	}
	return ""
}

// inUse counts transaction records in use and lock records in the table.
func inUse(m *Manager) (xacts, locks int) {
	for i := range m.xacts {
		if m.xacts[i].flags.Load()&fInUse != 0 {
			xacts++
		}
	}
	return xacts, int(m.hdr.locks.Load())
}
