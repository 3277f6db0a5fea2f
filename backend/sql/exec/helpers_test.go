package exec

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"ringpg/backend/access/btree"
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/backend/storage/bufmgr"
	"ringpg/pgerr"
	"ringpg/sem"
)

// memStorage keeps relation pages in memory.
type memStorage struct {
	mu      sync.Mutex
	blocks  map[bufmgr.Tag][]byte
	nblocks map[bufmgr.RelFork]uint32
}

func newMemStorage() *memStorage {
	return &memStorage{blocks: map[bufmgr.Tag][]byte{}, nblocks: map[bufmgr.RelFork]uint32{}}
}

func (s *memStorage) Read(t bufmgr.Tag, buf []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.blocks[t]
	if !ok {
		return fmt.Errorf("read of missing block %v", t)
	}
	copy(buf, b)
	return nil
}

func (s *memStorage) Write(t bufmgr.Tag, buf []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocks[t] = append(s.blocks[t][:0], buf...)
	return nil
}

func (s *memStorage) Extend(rf bufmgr.RelFork, blk uint32, buf []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.nblocks[rf] != blk {
		return fmt.Errorf("extend %v to block %d, but it has %d", rf, blk, s.nblocks[rf])
	}
	s.blocks[rf.Block(blk)] = append([]byte(nil), buf...)
	s.nblocks[rf] = blk + 1
	return nil
}

func (s *memStorage) Nblocks(rf bufmgr.RelFork) (uint32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nblocks[rf], nil
}

// newPool lays a real buffer pool out in Go memory.
func newPool(t testing.TB, nbuffers int) *bufmgr.Pool {
	size := bufmgr.RegionSize(nbuffers)
	words := make([]uint64, size/8+16)
	raw := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
	off := (64 - uintptr(unsafe.Pointer(&raw[0]))%64) % 64
	region := raw[off : off+size : off+size]
	ww := make([]uint64, sem.WaiterTableSize(1)/8+1)
	waiters := sem.NewWaiterTable(unsafe.Slice((*byte)(unsafe.Pointer(&ww[0])), len(ww)*8), 1)
	p, err := bufmgr.Attach(region, nbuffers, waiters, 0, newMemStorage(), bufmgr.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fakeTxn is one transaction, own; every other xid counts as committed
// unless listed in running.
type fakeTxn struct {
	xid     uint64
	cid     uint32
	rc      bool
	running map[uint64]bool
	waited  []uint64
	// onWait is called by WaitXid (a test ends the other transaction there).
	onWait func(xid uint64)
	// hideCommitted lists committed transactions the statement snapshot
	// does not see (they committed after it was taken).
	hideCommitted map[uint64]bool
}

func newTxn() *fakeTxn { return &fakeTxn{xid: 100, rc: true, running: map[uint64]bool{}} }

func (t *fakeTxn) Xid() uint64 { return t.xid }
func (t *fakeTxn) Cid() uint32 { return t.cid }

func lockOnly(h *tuple.Header) bool { return h.XmaxIsLockOnly() }

func (t *fakeTxn) xmaxGone(h *tuple.Header) bool {
	return h.Xmax == 0 || h.Infomask&tuple.XmaxInvalid != 0
}

func (t *fakeTxn) SatisfiesUpdate(h *tuple.Header) heap.TMResult {
	if h.Xmin == t.xid {
		if (t.xmaxGone(h) || lockOnly(h)) && h.Cid >= t.cid {
			return heap.TMInvisible
		}
	} else if t.running[h.Xmin] {
		return heap.TMInvisible
	}
	if t.xmaxGone(h) {
		return heap.TMOk
	}
	if lockOnly(h) {
		if h.Xmax == t.xid || t.running[h.Xmax] {
			return heap.TMBeingModified
		}
		return heap.TMOk
	}
	if h.Xmax == t.xid {
		if h.Cid >= t.cid {
			return heap.TMSelfModified
		}
		return heap.TMInvisible
	}
	if t.running[h.Xmax] {
		return heap.TMBeingModified
	}
	return heap.TMUpdated
}

type fakeSnap struct {
	t   *fakeTxn
	cid uint32
	// latest sees every committed transaction, even one listed as
	// running when the statement's snapshot was taken.
	hidden map[uint64]bool
}

func (s *fakeSnap) committed(xid uint64) bool {
	return xid != s.t.xid && !s.t.running[xid] && !s.hidden[xid]
}

func (s *fakeSnap) Visible(h *tuple.Header) bool {
	own := s.t.xid
	switch {
	case h.Xmin == own:
		if s.t.xmaxGone(h) || lockOnly(h) {
			return h.Cid < s.cid
		}
		if h.Xmax == own {
			return h.Cid >= s.cid
		}
		return !s.committed(h.Xmax)
	case !s.committed(h.Xmin):
		return false
	}
	if s.t.xmaxGone(h) || lockOnly(h) {
		return true
	}
	if h.Xmax == own {
		return h.Cid >= s.cid
	}
	return !s.committed(h.Xmax)
}

func (t *fakeTxn) Snapshot() heap.Snapshot {
	return &fakeSnap{t: t, cid: t.cid, hidden: t.hideCommitted}
}
func (t *fakeTxn) LatestSnapshot() heap.Snapshot { return &fakeSnap{t: t, cid: t.cid} }
func (t *fakeTxn) WaitXid(xid uint64) error {
	t.waited = append(t.waited, xid)
	if t.onWait != nil {
		t.onWait(xid)
	}
	delete(t.running, xid)
	return nil
}
func (t *fakeTxn) IsolationRC() bool      { return t.rc }
func (t *fakeTxn) CheckInterrupts() error { return nil }
func (t *fakeTxn) TupleLive(h *tuple.Header) (bool, uint64) {
	if h.Xmin != t.xid && t.running[h.Xmin] {
		return false, h.Xmin
	}
	if t.xmaxGone(h) || lockOnly(h) {
		return true, 0
	}
	if h.Xmax != t.xid && t.running[h.Xmax] {
		return false, h.Xmax
	}
	return false, 0
}

// testEnv is an executor environment over an in-memory pool.
type testEnv struct {
	t    testing.TB
	pool *bufmgr.Pool
	txn  *fakeTxn
	env  *Env
	rel  uint32
}

func newTestEnv(t testing.TB) *testEnv {
	return newTestEnvN(t, 256)
}

func newTestEnvN(t testing.TB, nbuffers int) *testEnv {
	p := newPool(t, nbuffers)
	txn := newTxn()
	ctx := &funcs.Ctx{Env: types.DefaultEnv()}
	e := &testEnv{t: t, pool: p, txn: txn, env: NewEnv(p, txn, ctx), rel: 16384}
	t.Cleanup(func() {
		if n := p.ReleaseAll(); n != 0 {
			t.Errorf("%d buffers left pinned", n)
		}
	})
	return e
}

var (
	int4  = types.Of(types.Int4Oid)
	int8  = types.Of(types.Int8Oid)
	text  = types.Of(types.TextOid)
	boolT = types.Of(types.BoolOid)
)

// col is a table column for tests.
type col struct {
	name    string
	t       types.T
	notNull bool
}

// table creates a table and its indexes (each a list of column positions,
// negative for DESC; the first is the unique primary key when pk).
func (e *testEnv) table(name string, cols []col, pk bool, indexes ...[]int) *plan.Table {
	e.t.Helper()
	tb := &plan.Table{Oid: e.rel, Relfilenode: e.rel, DB: 5, Name: name, Schema: "public", Kind: 'r'}
	e.rel++
	attrs := make([]tuple.Attr, len(cols))
	for i, c := range cols {
		tb.Cols = append(tb.Cols, plan.TableColumn{Name: c.name, T: c.t, NotNull: c.notNull})
		attrs[i] = types.Attr(c.name, c.t)
	}
	tb.Desc = tuple.MustDesc(attrs...)
	for n, spec := range indexes {
		ix := &plan.Index{Oid: e.rel, Relfilenode: e.rel, Name: fmt.Sprintf("%s_idx%d", name, n)}
		e.rel++
		for _, c := range spec {
			desc := c < 0
			if desc {
				c = -c - 1
			}
			ix.Cols = append(ix.Cols, c)
			ix.Types = append(ix.Types, cols[c].t)
			ix.Desc = append(ix.Desc, desc)
			ix.NullsFirst = append(ix.NullsFirst, desc)
		}
		if n == 0 && pk {
			ix.Unique, ix.Primary = true, true
			ix.Name = name + "_pkey"
			ix.ConstraintName = ix.Name
		}
		if _, err := btree.Create(e.pool, e.env.relFork(tb.DB, ix.Relfilenode), btree.Options{Name: ix.Name}); err != nil {
			e.t.Fatal(err)
		}
		tb.Indexes = append(tb.Indexes, ix)
	}
	return tb
}

// run executes a plan and returns its rows.
func (e *testEnv) run(root plan.Node, params ...types.Datum) ([][]types.Datum, int64, error) {
	q := &plan.Query{Root: root, Cols: root.Columns()}
	var rows [][]types.Datum
	n, err := Run(e.env, q, params, func(r []types.Datum) error {
		rows = append(rows, copyRow(r))
		return nil
	})
	e.txn.cid++ // the next statement sees this one's changes
	return rows, n, err
}

func (e *testEnv) mustRun(root plan.Node, params ...types.Datum) [][]types.Datum {
	e.t.Helper()
	rows, _, err := e.run(root, params...)
	if err != nil {
		e.t.Fatal(err)
	}
	return rows
}

// format renders rows as text for comparisons: "1,a|2,NULL".
func format(ts []types.T, rows [][]types.Datum) string {
	var b strings.Builder
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('|')
		}
		for j, d := range r {
			if j > 0 {
				b.WriteByte(',')
			}
			if d.Null {
				b.WriteString("NULL")
				continue
			}
			t := text
			if j < len(ts) {
				t = ts[j]
			}
			b.WriteString(types.Output(t, d, nil))
		}
	}
	return b.String()
}

func colTypes(cols []plan.Column) []types.T {
	ts := make([]types.T, len(cols))
	for i, c := range cols {
		ts[i] = c.T
	}
	return ts
}

// Expression helpers.

func v(i int, t types.T) *expr.Var        { return &expr.Var{Index: i, T: t} }
func outerVar(i int, t types.T) *expr.Var { return &expr.Var{Level: 1, Index: i, T: t} }
func ci(n int64) *expr.Const              { return &expr.Const{T: int4, Value: types.Int(n)} }
func cs(s string) *expr.Const             { return &expr.Const{T: text, Value: types.String(s)} }
func cnull(t types.T) *expr.Const         { return &expr.Const{T: t, Value: types.Null} }

var cmpFuncs = map[string]func(int) bool{
	"=": func(c int) bool { return c == 0 }, "<>": func(c int) bool { return c != 0 },
	"<": func(c int) bool { return c < 0 }, "<=": func(c int) bool { return c <= 0 },
	">": func(c int) bool { return c > 0 }, ">=": func(c int) bool { return c >= 0 },
}

// cmp builds a strict comparison of two expressions of the same type.
func cmp(op string, a, b expr.Expr) *expr.Call {
	test := cmpFuncs[op]
	t := a.Type()
	fn := &funcs.Func{Name: op, Strict: true, Call: func(_ *funcs.Ctx, args []types.Datum) (types.Datum, error) {
		return types.Bool(test(types.Compare(t, args[0], args[1]))), nil
	}}
	c := expr.NewCall(fn, []expr.Expr{a, b}, boolT)
	c.Op = op
	return c
}

// add is int4 or int8 addition.
func add(a, b expr.Expr) *expr.Call {
	fn := &funcs.Func{Name: "+", Strict: true, Call: func(_ *funcs.Ctx, args []types.Datum) (types.Datum, error) {
		return types.Int(args[0].I + args[1].I), nil
	}}
	return expr.NewCall(fn, []expr.Expr{a, b}, a.Type())
}

func and(es ...expr.Expr) *expr.And { return &expr.And{Args: es} }

func tableCols(tb *plan.Table, tid bool) []plan.Column {
	var cs []plan.Column
	for i, c := range tb.Cols {
		cs = append(cs, plan.Column{Name: c.Name, T: c.T, Table: tb.Oid, Attnum: int16(i + 1)})
	}
	if tid {
		cs = append(cs, plan.Column{Name: "ctid", T: types.Of(types.TidOid)})
	}
	return cs
}

func seqScan(tb *plan.Table, qual expr.Expr) *plan.SeqScan {
	return &plan.SeqScan{Table: tb, Qual: qual, Cols: tableCols(tb, false)}
}

// values builds a VALUES node of constant rows.
func values(ts []types.T, rows ...[]any) *plan.Values {
	n := &plan.Values{}
	for i, t := range ts {
		n.Cols = append(n.Cols, plan.Column{Name: fmt.Sprintf("column%d", i+1), T: t})
	}
	for _, r := range rows {
		var es []expr.Expr
		for i, x := range r {
			es = append(es, constOf(ts[i], x))
		}
		n.Rows = append(n.Rows, es)
	}
	return n
}

func constOf(t types.T, x any) *expr.Const {
	switch x := x.(type) {
	case nil:
		return cnull(t)
	case int:
		return &expr.Const{T: t, Value: types.Int(int64(x))}
	case string:
		return &expr.Const{T: t, Value: types.String(x)}
	case bool:
		return &expr.Const{T: t, Value: types.Bool(x)}
	}
	panic(fmt.Sprintf("constOf %T", x))
}

// insertRows inserts constant rows into tb.
func (e *testEnv) insertRows(tb *plan.Table, rows ...[]any) {
	e.t.Helper()
	var ts []types.T
	for _, c := range tb.Cols {
		ts = append(ts, c.T)
	}
	if _, _, err := e.run(&plan.Insert{Table: tb, Input: values(ts, rows...)}); err != nil {
		e.t.Fatal(err)
	}
}

func pgerrCode(err error) string { return pgerr.Code(err) }
