package btree

import (
	"errors"
	"fmt"
	"testing"

	"ringpg/backend/access/btree/keyenc"
	"ringpg/pgerr"
)

// heapState is a fake heap for liveness callbacks: a TID's tuple is live,
// dead or being changed by an open transaction.
type heapState map[TID]uint64 // 0 live, 1 dead, else the in-progress xid

func (hs heapState) isLive(tid TID) (bool, uint64, error) {
	switch x, ok := hs[tid]; {
	case !ok:
		return false, 0, fmt.Errorf("no heap tuple %v", tid)
	case x == 0:
		return true, 0, nil
	case x == 1:
		return false, 0, nil
	default:
		return false, x, nil
	}
}

func describeInt(key []byte) (string, string) {
	v, _, _, err := keyenc.DecodeInt8(key, keyenc.Asc)
	if err != nil {
		return "id", "?"
	}
	return "id", fmt.Sprint(v)
}

func TestUnique(t *testing.T) {
	h := newHarness(t)
	h.ix.opts = Options{Name: "t_pkey", DescribeKey: describeInt}
	hs := heapState{}
	ins := func(v int64, tid TID) error {
		if _, ok := hs[tid]; !ok {
			hs[tid] = 0
		}
		return h.ix.InsertUnique(intKey(v), tid, hs.isLive)
	}
	for i := range 3000 {
		if err := ins(int64(i), tidOf(i)); err != nil {
			t.Fatal(err)
		}
	}

	// A live duplicate: PostgreSQL's message and detail.
	err := ins(1234, TID{900, 1})
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Code != UniqueViolation ||
		pe.Message != `duplicate key value violates unique constraint "t_pkey"` ||
		pe.Detail != `Key (id)=(1234) already exists.` {
		t.Fatalf("duplicate: %#v", err)
	}
	if tids, _ := h.ix.Lookup(intKey(1234), nil); len(tids) != 1 {
		t.Fatalf("the refused entry went in: %v", tids)
	}

	// A duplicate whose inserter is still running: wait and retry.
	hs[TID{901, 1}] = 0
	hs[tidOf(77)] = 4242
	err = ins(77, TID{901, 1})
	var ip *InProgressError
	if !errors.Is(err, ErrConflictInProgress) || !errors.As(err, &ip) || ip.Xid != 4242 || ip.TID != tidOf(77) {
		t.Fatalf("in progress: %v", err)
	}
	// It aborted: the old tuple is dead, the retry succeeds.
	hs[tidOf(77)] = 1
	if err := ins(77, TID{901, 1}); err != nil {
		t.Fatalf("retry after the conflicting transaction aborted: %v", err)
	}
	// Now two entries for 77, one dead: a third insertion conflicts with
	// the live one only.
	if err := ins(77, TID{902, 1}); pgerr.Code(err) != UniqueViolation {
		t.Fatalf("third insertion of 77: %v", err)
	}

	// Dead versions of a key spread over several pages (an updated row):
	// the check walks right through all of them.
	for i := range 1500 {
		tid := TID{1000 + uint32(i), 1}
		hs[tid] = 1
		if err := h.ix.Insert(intKey(2000), tid); err != nil {
			t.Fatal(err)
		}
	}
	hs[tidOf(2000)] = 1 // the original one, dead too
	if err := ins(2000, TID{5000, 1}); err != nil {
		t.Fatalf("insert over dead versions: %v", err)
	}
	// The live one is now the last version of many: found from the start.
	if err := ins(2000, TID{5001, 1}); pgerr.Code(err) != UniqueViolation {
		t.Fatalf("duplicate after many dead versions: %v", err)
	}
	// And when the live one comes first, with dead ones after it.
	hs[TID{5000, 1}] = 1
	hs[TID{999, 1}] = 0
	if err := h.ix.Insert(intKey(2000), TID{999, 1}); err != nil {
		t.Fatal(err)
	}
	if err := ins(2000, TID{5002, 1}); pgerr.Code(err) != UniqueViolation {
		t.Fatalf("duplicate before dead versions: %v", err)
	}

	// A failing callback's error comes back as is.
	boom := errors.New("heap read failed")
	if err := h.ix.InsertUnique(intKey(5), TID{6000, 1}, func(TID) (bool, uint64, error) { return false, 0, boom }); !errors.Is(err, boom) {
		t.Fatalf("callback error: %v", err)
	}
	h.check()
	if st := h.check(); st.LeafEntries != 3000+1+1500+2 {
		t.Errorf("%d leaf entries", st.LeafEntries)
	}
}

// TestUniqueSkipsKilled: entries marked LP_DEAD are not even shown to the
// callback.
func TestUniqueSkipsKilled(t *testing.T) {
	h := newHarness(t)
	h.insert(intKey(1), TID{1, 1})
	s := h.ix.Scan(ScanSpec{Lower: intKey(1), Upper: intKey(1)})
	if !s.Next() {
		t.Fatal("entry not found")
	}
	s.MarkDead()
	s.Close()
	called := 0
	err := h.ix.InsertUnique(intKey(1), TID{1, 2}, func(TID) (bool, uint64, error) { called++; return true, 0, nil })
	if err != nil || called != 0 {
		t.Fatalf("insert over a killed entry: err %v, callback called %d times", err, called)
	}
	h.check()
}
