package btree

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"ringpg/backend/access/btree/keyenc"
)

func decodeInt(t testing.TB, k []byte) int64 {
	v, _, _, err := keyenc.DecodeInt8(k, keyenc.Asc)
	if err != nil {
		t.Fatalf("key %x: %v", k, err)
	}
	return v
}

func TestScanBounds(t *testing.T) {
	h := newHarness(t)
	// 0..4999 with long keys: about 30 leaves. Keys are int8 then text, so
	// an int8 bound is a prefix bound.
	for _, v := range rand.New(rand.NewPCG(7, 7)).Perm(5000) {
		h.insert(padKey(int64(v), 200), tidOf(v))
	}
	if st := h.check(); st.Pages[0] < 20 {
		t.Fatalf("only %d leaves", st.Pages[0])
	}
	k := func(v int64) []byte { return intKey(v) }
	for _, tc := range []struct {
		name        string
		spec        ScanSpec
		n           int
		first, last int64
	}{
		{"all", ScanSpec{}, 5000, 0, 4999},
		{"all backward", ScanSpec{Backward: true}, 5000, 4999, 0},
		{"closed", ScanSpec{Lower: k(100), Upper: k(200)}, 101, 100, 200},
		{"open", ScanSpec{Lower: k(100), Upper: k(200), LowerExclusive: true, UpperExclusive: true}, 99, 101, 199},
		{"closed backward", ScanSpec{Lower: k(100), Upper: k(200), Backward: true}, 101, 200, 100},
		{"open backward", ScanSpec{Lower: k(100), Upper: k(200), LowerExclusive: true, UpperExclusive: true, Backward: true}, 99, 199, 101},
		{"lower only", ScanSpec{Lower: k(4990)}, 10, 4990, 4999},
		{"lower only backward", ScanSpec{Lower: k(4990), Backward: true}, 10, 4999, 4990},
		{"upper only", ScanSpec{Upper: k(9)}, 10, 0, 9},
		{"upper only backward", ScanSpec{Upper: k(9), Backward: true}, 10, 9, 0},
		{"upper exclusive backward", ScanSpec{Upper: k(9), UpperExclusive: true, Backward: true}, 9, 8, 0},
		{"lower exclusive", ScanSpec{Lower: k(4990), LowerExclusive: true}, 9, 4991, 4999},
		{"point", ScanSpec{Lower: k(2500), Upper: k(2500)}, 1, 2500, 2500},
		{"point backward", ScanSpec{Lower: k(2500), Upper: k(2500), Backward: true}, 1, 2500, 2500},
		{"past the end", ScanSpec{Lower: k(5000)}, 0, 0, 0},
		{"past the end backward", ScanSpec{Lower: k(5000), Backward: true}, 0, 0, 0},
		{"before the start", ScanSpec{Upper: k(-1)}, 0, 0, 0},
		{"before the start backward", ScanSpec{Upper: k(-1), Backward: true}, 0, 0, 0},
		{"empty range", ScanSpec{Lower: k(300), Upper: k(200)}, 0, 0, 0},
		{"empty point", ScanSpec{Lower: k(300), Upper: k(300), UpperExclusive: true}, 0, 0, 0},
		{"whole key bound", ScanSpec{Lower: padKey(10, 200), Upper: padKey(12, 200), UpperExclusive: true}, 2, 10, 11},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := scanAll(t, h.ix, tc.spec)
			if len(got) != tc.n {
				t.Fatalf("%d entries, want %d", len(got), tc.n)
			}
			if tc.n == 0 {
				return
			}
			if f, l := decodeInt(t, got[0].key), decodeInt(t, got[len(got)-1].key); f != tc.first || l != tc.last {
				t.Fatalf("first %d last %d, want %d and %d", f, l, tc.first, tc.last)
			}
			for i := 1; i < len(got); i++ {
				c := compareEntries(got[i-1], got[i])
				if tc.spec.Backward {
					c = -c
				}
				if c >= 0 {
					t.Fatalf("entries %d and %d out of order", i-1, i)
				}
			}
			if err := h.fb.idle(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestScanPins checks that a scan holds at most one pin, and none with
// NoPin, between calls, and never a lock.
func TestScanPins(t *testing.T) {
	h := newHarness(t)
	for i := range 3000 {
		h.insert(padKey(int64(i), 100), tidOf(i))
	}
	for _, spec := range []ScanSpec{{}, {Backward: true}, {NoPin: true}, {Backward: true, NoPin: true}} {
		h.fb.maxPins = 0
		s := h.ix.Scan(spec)
		n := 0
		for s.Next() {
			n++
			pins := len(h.fb.pins)
			if len(h.fb.held) != 0 || pins > 1 || spec.NoPin && pins != 0 {
				t.Fatalf("%+v: %d pins, %d locks held between Next calls", spec, pins, len(h.fb.held))
			}
		}
		s.Close()
		if n != 3000 || s.Err() != nil {
			t.Fatalf("%+v: %d entries, %v", spec, n, s.Err())
		}
		if h.fb.maxPins != 1 {
			t.Errorf("%+v: up to %d buffers pinned at once", spec, h.fb.maxPins)
		}
		if err := h.fb.idle(); err != nil {
			t.Fatal(err)
		}
	}
}

// row is a two-column row for the NULL and DESC tests: a int4 DESC NULLS
// LAST, b text ASC NULLS FIRST; nil pointers are NULLs.
type row struct {
	a   *int32
	b   *string
	tid TID
}

var rowCols = []keyenc.Column{
	{Type: keyenc.Int4, Order: keyenc.Order{Desc: true}},
	{Type: keyenc.Text, Order: keyenc.Order{NullsFirst: true}},
}

func (r row) values() []any {
	v := []any{nil, nil}
	if r.a != nil {
		v[0] = *r.a
	}
	if r.b != nil {
		v[1] = *r.b
	}
	return v
}

// compareRows is PostgreSQL's order for the two columns.
func compareRows(x, y row) int {
	switch {
	case x.a == nil && y.a != nil:
		return 1
	case x.a != nil && y.a == nil:
		return -1
	case x.a != nil && *x.a != *y.a:
		return -cmp.Compare(*x.a, *y.a)
	}
	switch {
	case x.b == nil && y.b != nil:
		return -1
	case x.b != nil && y.b == nil:
		return 1
	case x.b != nil:
		if c := cmp.Compare(*x.b, *y.b); c != 0 {
			return c
		}
	}
	return compareTID(x.tid, y.tid)
}

func TestNullsDescMultiColumn(t *testing.T) {
	h := newHarness(t)
	strs := []string{"", "a", "ab", "b", "a\x00", "zz"}
	var rows []row
	byKey := map[TID]row{}
	i := 0
	for a := int32(0); a <= 40; a++ {
		for bi := -1; bi < len(strs); bi++ {
			for range 12 {
				r := row{tid: tidOf(i)}
				if a > 0 {
					r.a = new(int32)
					*r.a = a
				}
				if bi >= 0 {
					r.b = &strs[bi]
				}
				rows = append(rows, r)
				byKey[r.tid] = r
				i++
			}
		}
	}
	for _, j := range rand.New(rand.NewPCG(9, 9)).Perm(len(rows)) {
		k, err := keyenc.Encode(nil, rowCols, rows[j].values())
		if err != nil {
			t.Fatal(err)
		}
		k = keyenc.AppendText(k, string(bytes.Repeat([]byte{'p'}, 60)), keyenc.Asc) // a third column, for more pages
		h.insert(k, rows[j].tid)
	}
	h.check()
	want := slices.Clone(rows)
	slices.SortFunc(want, compareRows)
	scanRows := func(spec ScanSpec) []row {
		var out []row
		for _, e := range scanAll(t, h.ix, spec) {
			out = append(out, byKey[e.tid])
		}
		return out
	}
	sameRows := func(what string, got, want []row) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
		}
		for i := range got {
			if got[i].tid != want[i].tid {
				t.Fatalf("%s: row %d is %v, want %v", what, i, got[i].tid, want[i].tid)
			}
		}
	}
	sameRows("forward", scanRows(ScanSpec{}), want)
	back := slices.Clone(want)
	slices.Reverse(back)
	sameRows("backward", scanRows(ScanSpec{Backward: true}), back)

	prefix := func(vals ...any) []byte {
		k, err := keyenc.Encode(nil, rowCols, vals)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	filter := func(keep func(r row) bool, backward bool) []row {
		var out []row
		for _, r := range want {
			if keep(r) {
				out = append(out, r)
			}
		}
		if backward {
			slices.Reverse(out)
		}
		return out
	}
	for _, backward := range []bool{false, true} {
		name := fmt.Sprintf("backward=%v", backward)
		// a = 17 (a one-column prefix).
		sameRows(name+" a=17", scanRows(ScanSpec{Lower: prefix(int32(17)), Upper: prefix(int32(17)), Backward: backward}),
			filter(func(r row) bool { return r.a != nil && *r.a == 17 }, backward))
		// a IS NULL: NULLS LAST, so also "everything after a = 1".
		sameRows(name+" a null", scanRows(ScanSpec{Lower: prefix(nil), Upper: prefix(nil), Backward: backward}),
			filter(func(r row) bool { return r.a == nil }, backward))
		sameRows(name+" after a=1", scanRows(ScanSpec{Lower: prefix(int32(1)), LowerExclusive: true, Backward: backward}),
			filter(func(r row) bool { return r.a == nil }, backward))
		// DESC: key order from a=20 (exclusive) to a=10 is 19 down to 10.
		sameRows(name+" 10<=a<20", scanRows(ScanSpec{Lower: prefix(int32(20)), LowerExclusive: true, Upper: prefix(int32(10)), Backward: backward}),
			filter(func(r row) bool { return r.a != nil && *r.a >= 10 && *r.a < 20 }, backward))
		// a = 5 and b IS NULL (NULLS FIRST), and a = 5 and b > 'a'.
		sameRows(name+" a=5 b null", scanRows(ScanSpec{Lower: prefix(int32(5), nil), Upper: prefix(int32(5), nil), Backward: backward}),
			filter(func(r row) bool { return r.a != nil && *r.a == 5 && r.b == nil }, backward))
		sameRows(name+" a=5 b>a", scanRows(ScanSpec{Lower: prefix(int32(5), "a"), LowerExclusive: true, Upper: prefix(int32(5)), Backward: backward}),
			filter(func(r row) bool { return r.a != nil && *r.a == 5 && r.b != nil && *r.b > "a" }, backward))
	}
}

// TestScanMarkDead: entries a scan marks dead are skipped by later scans,
// reported by the verifier, and removed by an insertion that would
// otherwise split their page.
func TestScanMarkDead(t *testing.T) {
	h := newHarness(t)
	var m model
	for i := range 2000 {
		k := padKey(int64(i), 20)
		h.insert(k, tidOf(i))
		m.insert(entry{k, tidOf(i)})
	}
	before := h.check()
	s := h.ix.Scan(ScanSpec{})
	var live model
	for s.Next() {
		if v := decodeInt(t, s.Key()); v%3 == 0 {
			s.MarkDead()
		} else {
			live = append(live, entry{append([]byte(nil), s.Key()...), s.TID()})
		}
	}
	s.Close()
	st := h.check()
	if st.DeadEntries != 667 {
		t.Fatalf("%d entries marked dead, want 667", st.DeadEntries)
	}
	sameEntries(t, "live", scanAll(t, h.ix, ScanSpec{}), live)
	sameEntries(t, "live backward", scanAll(t, h.ix, ScanSpec{Backward: true}), live.scan(ScanSpec{Backward: true}))
	// Fill the pages again: the dead entries make room, no page splits.
	for i := range 600 {
		k := padKey(int64(i*3), 21)
		h.insert(k, tidOf(10000+i))
		live.insert(entry{k, tidOf(10000 + i)})
	}
	st = h.check()
	if st.Pages[0] != before.Pages[0] {
		t.Errorf("leaves went from %d to %d: dead entries were not reused", before.Pages[0], st.Pages[0])
	}
	sameEntries(t, "after reuse", scanAll(t, h.ix, ScanSpec{}), live)
}
