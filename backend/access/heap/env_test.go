package heap_test

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/internal/fakepool"
	"ringpg/backend/access/heap/internal/heaptest"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
)

// The single-process tests run against two pools: the fake, which checks
// every rule of the buffer contract and never evicts, and the real
// bufmgr laid out in Go memory with a small pool, so that pages are
// written out (with checksums) and read back.

var (
	mainRel  = bufmgr.RelFork{Spc: 1663, DB: 5, Rel: 16384}
	toastRel = bufmgr.RelFork{Spc: 1663, DB: 5, Rel: 16387}
)

// rowDesc is the test table: (id int8, n int4, s text).
var rowDesc = tuple.MustDesc(tuple.Int8Attr("id"), tuple.Int4Attr("n"), tuple.TextAttr("s"))

func row(id int64, n int32, s string) [][]byte {
	return [][]byte{tuple.Int64(id), tuple.Int32(n), tuple.Text(s)}
}

type envOpts struct {
	fillFactor int
	noToast    bool
	desc       *tuple.Desc
	nbuffers   int
	storage    bufmgr.Storage // default: a MemStorage
}

type env struct {
	t     testing.TB
	name  string
	pool  heap.BufferPool
	fake  *fakepool.Pool
	h     *heap.Heap
	toast *heap.Heap
	m     *heaptest.Manager
}

var poolKinds = []string{"fake", "bufmgr"}

// forEachPool runs f as a subtest against each kind of pool.
func forEachPool(t *testing.T, o envOpts, f func(t *testing.T, e *env)) {
	for _, kind := range poolKinds {
		t.Run(kind, func(t *testing.T) { f(t, newEnv(t, kind, o)) })
	}
}

func newEnv(t testing.TB, kind string, o envOpts) *env {
	e := &env{t: t, name: kind, m: heaptest.NewManager()}
	switch kind {
	case "fake":
		e.fake = fakepool.New()
		e.pool = e.fake
	default:
		nb := o.nbuffers
		if nb == 0 {
			nb = 64
		}
		var st bufmgr.Storage = heaptest.NewMemStorage()
		if o.storage != nil {
			st = o.storage
		}
		pools, err := heaptest.RealPools(nb, 1, st, bufmgr.Hooks{
			Verify:      func(tg bufmgr.Tag, p []byte) error { return page.Page(p).Verify(tg.Block) },
			BeforeWrite: func(tg bufmgr.Tag, p []byte) { page.Page(p).SetChecksum(tg.Block) },
		})
		if err != nil {
			t.Fatal(err)
		}
		e.pool = pools[0]
	}
	desc := o.desc
	if desc == nil {
		desc = rowDesc
	}
	var err error
	if !o.noToast {
		e.toast, err = heap.Open(e.pool, heap.Config{Rel: toastRel, Name: "pg_toast_16384", Desc: heap.ToastDesc, NoIndexes: true})
		if err != nil {
			t.Fatal(err)
		}
	}
	e.h, err = heap.Open(e.pool, heap.Config{Rel: mainRel, Name: "t", Desc: desc, FillFactor: o.fillFactor, Toast: e.toast})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.checkIdle() })
	return e
}

// checkIdle fails the test if an operation left a pin or lock behind.
func (e *env) checkIdle() {
	e.t.Helper()
	switch p := e.pool.(type) {
	case *fakepool.Pool:
		if err := p.CheckIdle(); err != nil {
			e.t.Fatal(err)
		}
	case *bufmgr.Pool:
		if err := heaptest.CheckPoolIdle(p); err != nil {
			e.t.Fatal(err)
		}
	}
}

// check runs the page and heap invariants over both relations.
func (e *env) check() {
	e.t.Helper()
	if err := heaptest.CheckHeap(e.pool, e.h, e.m); err != nil {
		e.t.Fatal(err)
	}
	if e.toast != nil {
		if err := heaptest.CheckHeap(e.pool, e.toast, e.m); err != nil {
			e.t.Fatal(err)
		}
	}
	e.checkIdle()
}

func (e *env) insert(tx heap.Txn, values [][]byte) tuple.TID {
	e.t.Helper()
	tid, err := e.h.Insert(tx, values, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return tid
}

// insertCommitted inserts one row in its own committed transaction.
func (e *env) insertCommitted(values [][]byte) tuple.TID {
	e.t.Helper()
	tx := e.m.Begin()
	tid := e.insert(tx, values)
	tx.Commit()
	return tid
}

// read returns a snapshot of a fresh transaction that sees everything
// committed so far.
func (e *env) read() *heaptest.Snapshot {
	tx := e.m.Begin()
	s := tx.Snapshot()
	tx.Commit()
	return s
}

// scanAll returns id -> (n, s) of every row snap sees, failing on a
// duplicate id.
func (e *env) scanAll(snap heap.Snapshot) map[int64]string {
	e.t.Helper()
	s, err := e.h.Scan(snap)
	if err != nil {
		e.t.Fatal(err)
	}
	defer s.Close()
	out := map[int64]string{}
	for s.Next() {
		id, v := e.decode(s.Tuple())
		if _, dup := out[id]; dup {
			e.t.Fatalf("scan returned id %d twice", id)
		}
		out[id] = v
	}
	if err := s.Err(); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// decode returns a row's id and "n:s".
func (e *env) decode(t *heap.Tuple) (int64, string) {
	e.t.Helper()
	vals, nulls, err := e.h.Values(t)
	if err != nil {
		e.t.Fatal(err)
	}
	if nulls[0] {
		e.t.Fatal("null id")
	}
	s := "<null>"
	if !nulls[2] {
		p, err := e.h.Detoast(vals[2])
		if err != nil {
			e.t.Fatal(err)
		}
		s = string(p)
	}
	return tuple.GetInt64(vals[0]), itoa(int64(tuple.GetInt32(vals[1]))) + ":" + s
}

func itoa(n int64) string {
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// fetchValue fetches tid under snap and returns its "n:s", or "" when not
// visible.
func (e *env) fetchValue(snap heap.Snapshot, tid tuple.TID) string {
	e.t.Helper()
	t, ok, err := e.h.Fetch(snap, tid)
	if err != nil {
		e.t.Fatal(err)
	}
	if !ok {
		return ""
	}
	_, v := e.decode(&t)
	return v
}

// withPage runs f on block blk of rel under a shared lock.
func (e *env) withPage(rel bufmgr.RelFork, blk uint32, f func(p page.Page)) {
	e.t.Helper()
	b, err := e.pool.ReadBuffer(rel.Block(blk), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	e.pool.Lock(b, bufmgr.Shared)
	defer func() {
		e.pool.Unlock(b)
		e.pool.Release(b)
	}()
	f(page.Page(e.pool.Page(b)))
}

// header returns the stored header at tid.
func (e *env) header(tid tuple.TID) (tuple.Header, page.ItemFlags) {
	e.t.Helper()
	var hdr tuple.Header
	var flags page.ItemFlags
	e.withPage(mainRel, tid.Block, func(p page.Page) {
		_, _, flags = p.ItemID(page.OffsetNumber(tid.Offset))
		if flags == page.Normal {
			hdr, _ = tuple.ReadHeader(p.Item(page.OffsetNumber(tid.Offset)))
		}
	})
	return hdr, flags
}

func equalBytes(a, b []byte) bool { return bytes.Equal(a, b) }

type heaptestMTx = heaptest.MTx

// randomBytes returns n incompressible bytes.
func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 99))
	b := make([]byte, n+8)
	for i := 0; i < n; i += 8 {
		binary.LittleEndian.PutUint64(b[i:], r.Uint64())
	}
	return b[:n:n]
}
