package btree

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"testing"

	"ringpg/backend/access/btree/keyenc"
	"ringpg/backend/storage/bufmgr"
)

var testRel = bufmgr.RelFork{Spc: 1663, DB: 5, Rel: 16384}

// entry is one index entry of the model the tests compare the tree with.
type entry struct {
	key []byte
	tid TID
}

func compareEntries(a, b entry) int {
	if c := bytes.Compare(a.key, b.key); c != 0 {
		return c
	}
	return compareTID(a.tid, b.tid)
}

func (e entry) String() string {
	k := e.key
	if len(k) > 12 {
		k = k[:12]
	}
	return fmt.Sprintf("%x%v", k, e.tid)
}

// model is a sorted slice of entries.
type model []entry

func (m *model) insert(e entry) {
	i, found := slices.BinarySearchFunc(*m, e, compareEntries)
	if found {
		panic("duplicate entry in model")
	}
	*m = slices.Insert(*m, i, e)
}

// scan returns the model's entries within spec, in spec's direction.
func (m model) scan(spec ScanSpec) []entry {
	var out []entry
	for _, e := range m {
		if spec.Lower != nil {
			c := comparePrefix(e.key, spec.Lower)
			if c < 0 || c == 0 && spec.LowerExclusive {
				continue
			}
		}
		if spec.Upper != nil {
			c := comparePrefix(e.key, spec.Upper)
			if c > 0 || c == 0 && spec.UpperExclusive {
				continue
			}
		}
		out = append(out, e)
	}
	if spec.Backward {
		slices.Reverse(out)
	}
	return out
}

// harness is a tree on a fakeStore, one view.
type harness struct {
	t  testing.TB
	st *fakeStore
	fb *fakeBuffers
	ix *Index
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	st := newFakeStore()
	fb := st.view()
	ix, err := Create(fb, testRel, Options{Name: "test_idx"})
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, st: st, fb: fb, ix: ix}
}

func (h *harness) insert(key []byte, tid TID) {
	h.t.Helper()
	if err := h.ix.Insert(key, tid); err != nil {
		h.t.Fatalf("insert %x %v: %v", key, tid, err)
	}
}

// check runs the verifier and the pin/lock leak check.
func (h *harness) check() CheckStats {
	h.t.Helper()
	if err := h.fb.idle(); err != nil {
		h.t.Fatal(err)
	}
	st, err := h.ix.Check(CheckOptions{})
	if err != nil {
		h.t.Fatalf("check: %v", err)
	}
	if err := h.fb.idle(); err != nil {
		h.t.Fatal(err)
	}
	return st
}

func scanAll(t testing.TB, ix *Index, spec ScanSpec) []entry {
	t.Helper()
	s := ix.Scan(spec)
	defer s.Close()
	var out []entry
	for s.Next() {
		out = append(out, entry{append([]byte(nil), s.Key()...), s.TID()})
	}
	if err := s.Err(); err != nil {
		t.Fatalf("scan %+v: %v", spec, err)
	}
	return out
}

func sameEntries(t testing.TB, what string, got, want []entry) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d entries, want %d\n got %v\nwant %v", what, len(got), len(want), clip(got), clip(want))
	}
	for i := range got {
		if compareEntries(got[i], want[i]) != 0 {
			t.Fatalf("%s: entry %d is %v, want %v", what, i, got[i], want[i])
		}
	}
}

func clip(e []entry) []entry {
	if len(e) > 10 {
		return e[:10]
	}
	return e
}

func intKey(v int64) []byte { return keyenc.AppendInt8(nil, v, keyenc.Asc) }

// padKey is an int key followed by a text column of n bytes, to make
// entries big enough for splits of every level to come quickly.
func padKey(v int64, n int) []byte {
	return keyenc.AppendText(intKey(v), string(bytes.Repeat([]byte{'x'}, n)), keyenc.Asc)
}

func tidOf(i int) TID { return TID{Block: uint32(i / 100), Offset: uint16(i%100 + 1)} }

func cmpInt(a, b int) int { return cmp.Compare(a, b) }

func decodeInt8(k []byte) (int64, bool, []byte, error) { return keyenc.DecodeInt8(k, keyenc.Asc) }
