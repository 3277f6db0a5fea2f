package btree

import (
	"slices"
	"testing"

	"ringpg/pgerr"
)

func sliceSource(es []entry) Source {
	i := 0
	return func() ([]byte, TID, bool, error) {
		if i == len(es) {
			return nil, TID{}, false, nil
		}
		e := es[i]
		i++
		return e.key, e.tid, true, nil
	}
}

func TestBuild(t *testing.T) {
	for _, tc := range []struct {
		name   string
		n, pad int
		dups   int // entries per key
		ff     int
	}{
		{"empty", 0, 0, 1, 0},
		{"one", 1, 0, 1, 0},
		{"one page", 200, 0, 1, 0},
		{"small keys", 60000, 0, 1, 0},
		{"wide keys", 5000, 500, 1, 0},
		{"max keys", 200, MaxKeySize - 9 - 10, 1, 0},
		{"duplicates", 20000, 30, 500, 0},
		{"fillfactor 100", 20000, 0, 1, 100},
		{"fillfactor 10", 2000, 0, 1, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newFakeStore()
			fb := st.view()
			var m model
			for i := range tc.n {
				m = append(m, entry{padKey(int64(i/tc.dups), tc.pad), tidOf(i)})
			}
			ix, err := Build(fb, testRel, Options{Name: "b"}, BuildOptions{FillFactor: tc.ff}, sliceSource(m))
			if err != nil {
				t.Fatal(err)
			}
			if err := fb.idle(); err != nil {
				t.Fatal(err)
			}
			cs, err := ix.Check(CheckOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if cs.LeafEntries != tc.n {
				t.Fatalf("%d entries, want %d", cs.LeafEntries, tc.n)
			}
			sameEntries(t, "built", scanAll(t, ix, ScanSpec{}), m)
			sameEntries(t, "built, backward", scanAll(t, ix, ScanSpec{Backward: true}), m.scan(ScanSpec{Backward: true}))
			if tc.name == "small keys" {
				// 28 bytes per entry, 8152 per page: 291 at 100%, 262 at 90%.
				per := tc.n / cs.Pages[0]
				if per < 255 || per > 265 {
					t.Errorf("%d entries per leaf, want about 262 (fill factor 90)", per)
				}
			}
			// The built tree takes insertions everywhere.
			extra := 3000
			if tc.pad > 1000 {
				extra = 300
			}
			for i := range extra {
				e := entry{padKey(int64(i*7%max(tc.n/tc.dups, 1)), tc.pad+1), TID{60000, uint16(i + 1)}}
				if err := ix.Insert(e.key, e.tid); err != nil {
					t.Fatal(err)
				}
				m = append(m, e)
			}
			slices.SortFunc(m, compareEntries)
			if _, err := ix.Check(CheckOptions{}); err != nil {
				t.Fatal(err)
			}
			sameEntries(t, "after inserts", scanAll(t, ix, ScanSpec{}), m)
			if err := fb.idle(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	build := func(bo BuildOptions, es ...entry) error {
		st := newFakeStore()
		fb := st.view()
		_, err := Build(fb, testRel, Options{Name: "u_idx", DescribeKey: describeInt}, bo, sliceSource(es))
		if ierr := fb.idle(); ierr != nil {
			t.Fatal(ierr)
		}
		return err
	}
	// A unique build with a duplicate: PostgreSQL's CREATE UNIQUE INDEX error.
	err := build(BuildOptions{Unique: true}, entry{intKey(1), TID{1, 1}}, entry{intKey(2), TID{1, 2}}, entry{intKey(2), TID{1, 3}})
	e := pgerr.From(err)
	if e.Code != UniqueViolation || e.Message != `could not create unique index "u_idx"` || e.Detail != "Key (id)=(2) is duplicated." {
		t.Errorf("unique build: %#v", e)
	}
	// Keys the caller exempts (NULLs) may repeat.
	if err := build(BuildOptions{Unique: true, SkipUnique: func(k []byte) bool { return true }},
		entry{intKey(2), TID{1, 2}}, entry{intKey(2), TID{1, 3}}); err != nil {
		t.Errorf("exempt duplicates: %v", err)
	}
	// Unsorted input is a caller bug.
	if err := build(BuildOptions{}, entry{intKey(2), TID{1, 1}}, entry{intKey(1), TID{1, 2}}); pgerr.Code(err) != pgerr.InternalError {
		t.Errorf("unsorted: %v", err)
	}
	if err := build(BuildOptions{}, entry{intKey(2), TID{1, 2}}, entry{intKey(2), TID{1, 2}}); pgerr.Code(err) != pgerr.InternalError {
		t.Errorf("repeated entry: %v", err)
	}
	if err := build(BuildOptions{FillFactor: 5}); pgerr.Code(err) != pgerr.InvalidParameterValue {
		t.Errorf("fill factor 5: %v", err)
	}
	if err := build(BuildOptions{}, entry{make([]byte, MaxKeySize+1), TID{1, 1}}); pgerr.Code(err) != ProgramLimitExceeded {
		t.Errorf("oversized key: %v", err)
	}
}
