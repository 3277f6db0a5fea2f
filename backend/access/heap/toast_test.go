package heap_test

import (
	"bytes"
	"strings"
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

// storedValue returns the stored datum of column s of the row at tid.
func (e *env) storedValue(tid tuple.TID) []byte {
	e.t.Helper()
	t, ok, err := e.h.Fetch(e.read(), tid)
	if err != nil || !ok {
		e.t.Fatalf("fetch %v: %v %v", tid, ok, err)
	}
	vals, _, err := e.h.Values(&t)
	if err != nil {
		e.t.Fatal(err)
	}
	return vals[2]
}

// chunkCount counts the toast chunks snap sees.
func (e *env) chunkCount(snap heap.Snapshot) int {
	e.t.Helper()
	s, err := e.toast.Scan(snap)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for s.Next() {
		n++
	}
	if s.Err() != nil {
		e.t.Fatal(s.Err())
	}
	return n
}

func (e *env) pruneToast() {
	e.t.Helper()
	n, _ := e.toast.Nblocks()
	for blk := range n {
		if _, err := e.toast.Prune(blk, e.m.Horizon()); err != nil {
			e.t.Fatal(err)
		}
	}
}

func TestToastTenMegabytes(t *testing.T) {
	const size = 10 << 20
	text := []byte(strings.Repeat("All work and no play makes Jack a dull boy. ", size/44+1)[:size])
	random := randomBytes(size, 7)
	kinds := poolKinds
	if raceEnabled {
		kinds = []string{"bufmgr"} // the fake adds nothing but time here
	}
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			e := newEnv(t, kind, envOpts{nbuffers: 128})
			for _, tc := range []struct {
				name       string
				payload    []byte
				compressed bool
			}{{"text", text, true}, {"random", random, false}} {
				tid := e.insertCommitted([][]byte{tuple.Int64(1), tuple.Int32(0), tuple.MakeVarlena(tc.payload)})
				v := e.storedValue(tid)
				ptr, err := tuple.DecodeToastPointer(v)
				if err != nil {
					t.Fatalf("%s: stored value is not external: %v", tc.name, err)
				}
				if ptr.RawSize != size+4 || (ptr.Method == tuple.CompressionDeflate) != tc.compressed || ptr.ToastRel != toastRel.Rel {
					t.Fatalf("%s: pointer %+v", tc.name, ptr)
				}
				if !tc.compressed && ptr.StoredSize != size {
					t.Fatalf("%s: stored %d bytes", tc.name, ptr.StoredSize)
				}
				got, err := e.h.Detoast(v)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, tc.payload) {
					t.Fatalf("%s: read back %d bytes, not the %d written", tc.name, len(got), len(tc.payload))
				}
				e.m.Committed(func(tx *heaptestMTx) {
					if res, err := e.h.Delete(tx, tid); err != nil || res.Status != heap.TMOk {
						t.Fatalf("delete: %+v %v", res, err)
					}
				})
				e.pruneToast()
				if n := e.chunkCount(e.read()); n != 0 {
					t.Fatalf("%s: %d chunks left after delete and prune", tc.name, n)
				}
			}
			e.check()
		})
	}
}

func TestToastMedium(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		// Compressible and a few KB: compressed in line, no chunks.
		small := strings.Repeat("abcdefgh", 600)
		tid := e.insertCommitted(row(1, 0, small))
		if kind, _, _ := tuple.VarInfo(e.storedValue(tid)); kind != tuple.VarCompressed {
			t.Fatalf("4.8 KB of text stored %v", kind)
		}
		if n := e.chunkCount(e.read()); n != 0 {
			t.Fatalf("%d chunks for an inline value", n)
		}
		// Incompressible 3 KB: two chunks.
		rnd := randomBytes(3000, 3)
		tid2 := e.insertCommitted([][]byte{tuple.Int64(2), tuple.Int32(0), tuple.MakeVarlena(rnd)})
		if !tuple.IsExternal(e.storedValue(tid2)) {
			t.Fatal("3 KB of random bytes stayed in line")
		}
		if n := e.chunkCount(e.read()); n != 2 {
			t.Fatalf("%d chunks, want 2", n)
		}
		got := e.scanAll(e.read())
		if got[1] != "0:"+small || got[2] != "0:"+string(rnd) {
			t.Fatal("values changed")
		}
		// Under the threshold nothing is touched.
		tid3 := e.insertCommitted(row(3, 0, strings.Repeat("z", 1900)))
		if kind, _, _ := tuple.VarInfo(e.storedValue(tid3)); kind != tuple.VarPlain {
			t.Fatalf("1.9 KB row stored %v", kind)
		}
		e.check()
	})
}

func TestToastStorageModes(t *testing.T) {
	desc := tuple.MustDesc(
		tuple.Int8Attr("id"),
		tuple.Attr{Name: "ext", Len: tuple.VarlenaLen, Align: tuple.AlignInt, Storage: tuple.StorageExternal},
		tuple.Attr{Name: "main", Len: tuple.VarlenaLen, Align: tuple.AlignInt, Storage: tuple.StorageMain},
		tuple.Attr{Name: "plain", Len: tuple.VarlenaLen, Align: tuple.AlignInt, Storage: tuple.StoragePlain},
	)
	e := newEnv(t, "fake", envOpts{desc: desc})
	compressible := strings.Repeat("xyz", 1500) // 4.5 KB
	tx := e.m.Begin()
	tid, err := e.h.Insert(tx, [][]byte{tuple.Int64(1), tuple.Text(compressible), tuple.Text(compressible), tuple.Text("p")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	tp, _, _ := e.h.Fetch(e.read(), tid)
	vals, _, _ := e.h.Values(&tp)
	// 'e' is moved out uncompressed; 'm' is compressed and stays.
	ptr, err := tuple.DecodeToastPointer(vals[1])
	if err != nil || ptr.Method != tuple.CompressionNone {
		t.Fatalf("external column: %+v %v", ptr, err)
	}
	if kind, _, _ := tuple.VarInfo(vals[2]); kind != tuple.VarCompressed {
		t.Fatalf("main column stored %v", kind)
	}
	for i := 1; i <= 2; i++ {
		if p, err := e.h.Detoast(vals[i]); err != nil || string(p) != compressible {
			t.Fatalf("column %d: %v", i, err)
		}
	}
	// 'p' values are never toasted: too big is too big.
	tx = e.m.Begin()
	_, err = e.h.Insert(tx, [][]byte{tuple.Int64(2), tuple.Text("e"), tuple.Text("m"), tuple.Text(strings.Repeat("q", 9000))}, nil)
	if pgerr.Code(err) != "54000" {
		t.Fatalf("9 KB plain value: %v", err)
	}
	tx.Abort()
	e.check()
}

func TestToastUpdate(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		big := randomBytes(20000, 11) // 11 chunks
		tid := e.insertCommitted([][]byte{tuple.Int64(1), tuple.Int32(0), tuple.MakeVarlena(big)})
		chunks := e.chunkCount(e.read())
		if chunks != 11 {
			t.Fatalf("%d chunks", chunks)
		}
		// An update that carries the value over (the executor copies the
		// stored datum) shares the chunks.
		ptr := e.storedValue(tid)
		tx := e.m.Begin()
		r := e.update(tx, tid, [][]byte{tuple.Int64(1), tuple.Int32(1), ptr}, false)
		tx.Commit()
		if got := e.chunkCount(e.read()); got != chunks {
			t.Fatalf("carrying the value over made %d chunks", got)
		}
		if !equalBytes(e.storedValue(r.NewTID), ptr) {
			t.Fatal("the new version has another pointer")
		}
		e.pruneToast()
		e.prune(0)
		if got := e.scanAll(e.read())[1]; got != "1:"+string(big) {
			t.Fatal("value lost after carrying it over and pruning")
		}

		// An update with a new value deletes the old chunks, which stay
		// readable for snapshots that still see the old version.
		before := e.read()
		big2 := randomBytes(20000, 12)
		tx = e.m.Begin()
		r2 := e.update(tx, r.NewTID, [][]byte{tuple.Int64(1), tuple.Int32(2), tuple.MakeVarlena(big2)}, false)
		tx.Commit()
		if got := e.chunkCount(e.read()); got != chunks {
			t.Fatalf("after replacing the value: %d chunks visible", got)
		}
		if got := e.fetchValue(before, r.NewTID); got != "1:"+string(big) {
			t.Fatal("old snapshot cannot read the old value")
		}
		e.pruneToast()
		if got := e.chunkCount(e.read()); got != chunks {
			t.Fatalf("after pruning: %d chunks", got)
		}
		if got := e.fetchValue(e.read(), r2.NewTID); got != "2:"+string(big2) {
			t.Fatal("new value")
		}
		// An update that sets it NULL deletes the chunks too.
		tx = e.m.Begin()
		if _, err := e.h.Update(tx, r2.NewTID, [][]byte{tuple.Int64(1), tuple.Int32(3), nil}, []bool{false, false, true}, false); err != nil {
			t.Fatal(err)
		}
		tx.Commit()
		e.pruneToast()
		if got := e.chunkCount(e.read()); got != 0 {
			t.Fatalf("%d chunks after the value became null", got)
		}
		e.check()
	})
}

func TestToastAbortedDelete(t *testing.T) {
	forEachPool(t, envOpts{}, func(t *testing.T, e *env) {
		big := randomBytes(10000, 5)
		tid := e.insertCommitted([][]byte{tuple.Int64(1), tuple.Int32(0), tuple.MakeVarlena(big)})
		tx := e.m.Begin()
		if _, err := e.h.Delete(tx, tid); err != nil {
			t.Fatal(err)
		}
		tx.Abort()
		e.pruneToast()
		if got := e.fetchValue(e.read(), tid); got != "0:"+string(big) {
			t.Fatal("value lost after an aborted delete")
		}
		// Deleting again after the abort overwrites the chunks' xmax.
		e.m.Committed(func(tx *heaptestMTx) {
			if res, err := e.h.Delete(tx, tid); err != nil || res.Status != heap.TMOk {
				t.Fatalf("%+v %v", res, err)
			}
		})
		e.pruneToast()
		if n := e.chunkCount(e.read()); n != 0 {
			t.Fatalf("%d chunks", n)
		}
		e.check()
	})
}

// TestToastCopiedPointer inserts a row whose value is another row's toast
// pointer: the value is copied, so deleting one row leaves the other's.
func TestToastCopiedPointer(t *testing.T) {
	e := newEnv(t, "fake", envOpts{})
	big := randomBytes(5000, 9)
	a := e.insertCommitted([][]byte{tuple.Int64(1), tuple.Int32(0), tuple.MakeVarlena(big)})
	b := e.insertCommitted([][]byte{tuple.Int64(2), tuple.Int32(0), e.storedValue(a)})
	pa, _ := tuple.DecodeToastPointer(e.storedValue(a))
	pb, _ := tuple.DecodeToastPointer(e.storedValue(b))
	if pa.ValueID == pb.ValueID || pa.First == pb.First {
		t.Fatal("two rows share chunks")
	}
	e.m.Committed(func(tx *heaptestMTx) { e.h.Delete(tx, a) })
	e.pruneToast()
	if got := e.fetchValue(e.read(), b); got != "0:"+string(big) {
		t.Fatal("copy lost with the original")
	}
	e.check()
}

// TestToastCorruption damages chunks and expects PostgreSQL's errors.
func TestToastCorruption(t *testing.T) {
	tests := []struct {
		name   string
		damage func(p page.Page, off page.OffsetNumber)
		want   string
	}{
		{"wrong sequence number", func(p page.Page, off page.OffsetNumber) {
			item := p.Item(off)
			item[32+8]++ // chunk_seq's low byte
		}, "unexpected chunk number"},
		{"chunk gone", func(p page.Page, off page.OffsetNumber) { p.SetUnused(off) }, "missing chunk number"},
		{"wrong value id", func(p page.Page, off page.OffsetNumber) { p.Item(off)[32]++ }, "missing chunk number"},
		{"short chunk", func(p page.Page, off page.OffsetNumber) {
			item := p.Item(off)
			// chunk_data's 4-byte header, less 8 bytes.
			h := int(item[52]) | int(item[53])<<8 | int(item[54])<<16 | int(item[55])<<24
			n := h>>2 - 8
			item[52], item[53], item[54], item[55] = byte(n<<2), byte(n<<2>>8), byte(n<<2>>16), byte(n<<2>>24)
		}, "unexpected chunk size"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "fake", envOpts{})
			tid := e.insertCommitted([][]byte{tuple.Int64(1), tuple.Int32(0), tuple.MakeVarlena(randomBytes(9000, 4))})
			v := e.storedValue(tid)
			ptr, _ := tuple.DecodeToastPointer(v)
			// Damage the second chunk, found through the first.
			first := e.toastItem(ptr.First)
			next := tuple.TID{Block: uint32(tuple.GetInt32(first[2])), Offset: uint16(tuple.GetInt16(first[3]))}
			p := page.Page(e.fake.PageOf(toastRel.Block(next.Block)))
			tc.damage(p, page.OffsetNumber(next.Offset))
			_, err := e.h.Detoast(v)
			if pgerr.Code(err) != "XX001" || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "pg_toast_16384") {
				t.Fatalf("err = %v, want XX001 %q", err, tc.want)
			}
			e.checkIdle()
		})
	}
}

// toastItem deforms the chunk at tid.
func (e *env) toastItem(tid tuple.TID) [][]byte {
	e.t.Helper()
	var vals [][]byte
	b, err := e.pool.ReadBuffer(toastRel.Block(tid.Block), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	e.pool.Lock(b, bufmgr.Shared)
	item := append([]byte(nil), page.Page(e.pool.Page(b)).Item(page.OffsetNumber(tid.Offset))...)
	e.pool.Unlock(b)
	e.pool.Release(b)
	vals, _, err = tuple.Deform(heap.ToastDesc, item)
	if err != nil {
		e.t.Fatal(err)
	}
	return vals
}
