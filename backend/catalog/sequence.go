package catalog

import (
	"encoding/binary"
	"math"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

// A sequence is a relation of kind 'S' whose one page holds one tuple
// (last_value int8, log_cnt int8, is_called bool), and a pg_sequence row
// with its parameters. nextval and setval change the tuple in place under
// the page's exclusive content lock, outside any transaction: they are
// never rolled back (as in PostgreSQL). The tuple's xmin is FrozenXid so
// that it is visible whatever happens to the creating transaction once
// the relation itself is.

var seqColumns = []ColumnSpec{
	{Name: "last_value", Type: types.Of(types.Int8Oid), NotNull: true},
	{Name: "log_cnt", Type: types.Of(types.Int8Oid), NotNull: true},
	{Name: "is_called", Type: types.Of(types.BoolOid), NotNull: true},
}

// seqParams is a sequence's pg_sequence row and what nextval needs of its
// relation.
type seqParams struct {
	oid, relfilenode     uint32
	name                 string
	typ                  uint32
	start, inc, max, min int64
	cache                int64
	cycle                bool
}

// seqSession is the per-session state of currval and lastval.
type seqSession struct {
	curr    map[uint32]int64
	last    int64
	lastSet bool
	lastOid uint32 // the sequence last returns a value of
}

func (s *seqSession) init() { *s = seqSession{curr: map[uint32]int64{}} }

// ResetSession forgets what belonged to the last session: currval and
// lastval (also DISCARD SEQUENCES) and the temporary schema (whose
// objects the caller dropped with DropTempObjects).
func (c *Catalog) ResetSession() {
	c.seq.init()
	c.forgetTemp()
}

// frozenTxn writes a sequence's tuple.
type frozenTxn struct{}

func (frozenTxn) Xid() uint64                                 { return FrozenXid }
func (frozenTxn) Cid() uint32                                 { return 0 }
func (frozenTxn) SatisfiesUpdate(*tuple.Header) heap.TMResult { return heap.TMOk }

func typeRange(t uint32) (int64, int64, bool) {
	switch t {
	case types.Int2Oid:
		return math.MinInt16, math.MaxInt16, true
	case types.Int4Oid:
		return math.MinInt32, math.MaxInt32, true
	case types.Int8Oid:
		return math.MinInt64, math.MaxInt64, true
	}
	return 0, 0, false
}

func typeSQLName(t uint32) string {
	switch t {
	case types.Int2Oid:
		return "smallint"
	case types.Int4Oid:
		return "integer"
	}
	return "bigint"
}

// seqParamsOf checks a spec and fills PostgreSQL's defaults (init_params).
func seqParamsOf(spec SequenceSpec) (seqParams, error) {
	p := seqParams{typ: spec.Type, inc: spec.Increment, cache: spec.Cache, cycle: spec.Cycle}
	if p.typ == 0 {
		p.typ = types.Int8Oid
	}
	lo, hi, ok := typeRange(p.typ)
	if !ok {
		return p, pgerr.New(pgerr.InvalidParameterValue, "sequence type must be smallint, integer, or bigint")
	}
	if p.inc == 0 {
		p.inc = 1
	}
	if p.cache == 0 {
		p.cache = 1
	}
	if p.cache < 0 {
		return p, pgerr.New(pgerr.InvalidParameterValue, "CACHE (%d) must be greater than zero", p.cache)
	}
	if spec.Max != nil {
		p.max = *spec.Max
	} else if p.inc > 0 {
		p.max = hi
	} else {
		p.max = -1
	}
	if spec.Min != nil {
		p.min = *spec.Min
	} else if p.inc > 0 {
		p.min = 1
	} else {
		p.min = lo
	}
	if p.max < lo || p.max > hi {
		return p, pgerr.New(pgerr.InvalidParameterValue, "MAXVALUE (%d) is out of range for sequence data type %s", p.max, typeSQLName(p.typ))
	}
	if p.min < lo || p.min > hi {
		return p, pgerr.New(pgerr.InvalidParameterValue, "MINVALUE (%d) is out of range for sequence data type %s", p.min, typeSQLName(p.typ))
	}
	if p.min >= p.max {
		return p, pgerr.New(pgerr.InvalidParameterValue, "MINVALUE (%d) must be less than MAXVALUE (%d)", p.min, p.max)
	}
	switch {
	case spec.Start != nil:
		p.start = *spec.Start
	case p.inc > 0:
		p.start = p.min
	default:
		p.start = p.max
	}
	if p.start < p.min {
		return p, pgerr.New(pgerr.InvalidParameterValue, "START value (%d) cannot be less than MINVALUE (%d)", p.start, p.min)
	}
	if p.start > p.max {
		return p, pgerr.New(pgerr.InvalidParameterValue, "START value (%d) cannot be greater than MAXVALUE (%d)", p.start, p.max)
	}
	return p, nil
}

// CreateSequence creates a sequence relation (kind 'S') with its
// one-tuple page and pg_sequence row. With OwnedByRel it depends
// automatically on that column, so dropping the column or its table drops
// it (serial and identity columns). Increment 0 in the spec means 1: a
// zero increment cannot be asked for (22023 INCREMENT must not be zero is
// the caller's to raise from the SQL).
func (c *Catalog) CreateSequence(tx heap.Txn, snap heap.Snapshot, spec SequenceSpec) (*Relation, error) {
	p, err := seqParamsOf(spec)
	if err != nil {
		return nil, err
	}
	d := c.cmd(tx, snap)
	r, err := d.newRelation(spec.Namespace, spec.Name, KindSequence, spec.Persistence, spec.Owner, seqColumns)
	if err != nil {
		return nil, err
	}
	if err := d.writeRelation(r, seqColumns, 0, false); err != nil {
		return nil, err
	}
	row := newRow(catalogByOid[PgSequence]).set("seqrelid", dOid(r.Oid)).set("seqtypid", dOid(p.typ)).
		set("seqstart", dInt8(p.start)).set("seqincrement", dInt8(p.inc)).set("seqmax", dInt8(p.max)).
		set("seqmin", dInt8(p.min)).set("seqcache", dInt8(p.cache)).set("seqcycle", dBool(p.cycle))
	if err := d.insert(row); err != nil {
		return nil, err
	}
	if spec.OwnedByRel != 0 {
		if err := d.dep(relAddr(r.Oid), colAddr(spec.OwnedByRel, spec.OwnedByCol), depAuto); err != nil {
			return nil, err
		}
	}
	if err := r.finish(); err != nil {
		return nil, err
	}
	h, err := heap.Open(c.pool, heap.Config{Rel: bufmgr.RelFork{Spc: DefaultTablespace, DB: c.db, Rel: r.Relfilenode},
		Name: r.Name, Desc: r.Desc(), NoIndexes: true})
	if err != nil {
		return nil, err
	}
	if _, err := h.Insert(frozenTxn{}, [][]byte{dInt8(p.start), dInt8(0), dBool(false)}, nil); err != nil {
		return nil, err
	}
	return r, nil
}

// seqParamsFor reads (or finds cached) the parameters of sequence oid.
func (c *Catalog) seqParamsFor(snap heap.Snapshot, oid uint32) (*seqParams, error) {
	if p := c.cache.seqs[oid]; p != nil {
		return p, nil
	}
	r, err := c.Relation(snap, oid)
	if err != nil {
		return nil, err
	}
	if r.Kind != KindSequence {
		return nil, pgerr.New(pgerr.WrongObjectType, "\"%s\" is not a sequence", r.Name)
	}
	var p *seqParams
	err = c.scan(snap, PgSequence, func(row *crow) (bool, error) {
		if row.oid("seqrelid") != oid {
			return true, nil
		}
		p = &seqParams{oid: oid, relfilenode: r.Relfilenode, name: r.Name, typ: row.oid("seqtypid"),
			start: row.int8("seqstart"), inc: row.int8("seqincrement"), max: row.int8("seqmax"),
			min: row.int8("seqmin"), cache: row.int8("seqcache"), cycle: row.bool("seqcycle")}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, pgerr.New(pgerr.InternalError, "cache lookup failed for sequence %d", oid)
	}
	c.cache.seqs[oid] = p
	return p, nil
}

// withSeqTuple runs f on the values of sequence p's tuple, in place in
// its page under the exclusive content lock; the page is marked dirty
// when f reports a change.
func (c *Catalog) withSeqTuple(p *seqParams, f func(last, logCnt, called []byte) (bool, error)) error {
	b, err := c.pool.ReadBuffer(bufmgr.Tag{Spc: DefaultTablespace, DB: c.db, Rel: p.relfilenode, Block: 0}, nil)
	if err != nil {
		return err
	}
	defer c.pool.Release(b)
	c.pool.Lock(b, bufmgr.Exclusive)
	defer c.pool.Unlock(b)
	pg := page.Page(c.pool.Page(b))
	if pg.MaxOffset() < 1 {
		return pgerr.New(pgerr.DataCorrupted, "bad magic number in sequence \"%s\"", p.name)
	}
	tup := pg.Item(1)
	vals, nulls, err := tuple.Deform(seqDesc, tup)
	if err != nil {
		return err
	}
	if nulls[0] || nulls[1] || nulls[2] {
		return pgerr.New(pgerr.DataCorrupted, "bad sequence tuple in \"%s\"", p.name)
	}
	changed, err := f(vals[0], vals[1], vals[2]) // views into the page: f writes through them
	if changed {
		c.pool.MarkDirty(b)
	}
	return err
}

var seqDesc = tuple.MustDesc(tuple.Int8Attr("last_value"), tuple.Int8Attr("log_cnt"), tuple.BoolAttr("is_called"))

// NextVal advances sequence oid and returns the new value (nextval).
// It is not transactional: the change is never rolled back.
func (c *Catalog) NextVal(snap heap.Snapshot, oid uint32) (int64, error) {
	p, err := c.seqParamsFor(snap, oid)
	if err != nil {
		return 0, err
	}
	var result int64
	err = c.withSeqTuple(p, func(last, logCnt, called []byte) (bool, error) {
		cur := int64(binary.LittleEndian.Uint64(last))
		if called[0] == 0 {
			result = cur
		} else {
			next, overflow := addInt64(cur, p.inc)
			switch {
			case p.inc > 0 && (overflow || next > p.max):
				if !p.cycle {
					return false, pgerr.New("2200H", "nextval: reached maximum value of sequence \"%s\" (%d)", p.name, p.max)
				}
				next = p.min
			case p.inc < 0 && (overflow || next < p.min):
				if !p.cycle {
					return false, pgerr.New("2200H", "nextval: reached minimum value of sequence \"%s\" (%d)", p.name, p.min)
				}
				next = p.max
			}
			result = next
		}
		binary.LittleEndian.PutUint64(last, uint64(result))
		binary.LittleEndian.PutUint64(logCnt, 0)
		called[0] = 1
		return true, nil
	})
	if err != nil {
		return 0, err
	}
	c.seq.curr[oid] = result
	c.seq.last, c.seq.lastSet, c.seq.lastOid = result, true, oid
	return result, nil
}

func addInt64(a, b int64) (int64, bool) {
	s := a + b
	return s, (b > 0 && s < a) || (b < 0 && s > a)
}

// SetVal sets the sequence's value (setval(seq, v, isCalled)): the next
// nextval returns v itself when isCalled is false, the value after v
// otherwise. Not transactional.
func (c *Catalog) SetVal(snap heap.Snapshot, oid uint32, v int64, isCalled bool) error {
	p, err := c.seqParamsFor(snap, oid)
	if err != nil {
		return err
	}
	if v < p.min || v > p.max {
		return pgerr.New(pgerr.NumericValueOutOfRange, "setval: value %d is out of bounds for sequence \"%s\" (%d..%d)", v, p.name, p.min, p.max)
	}
	err = c.withSeqTuple(p, func(last, logCnt, called []byte) (bool, error) {
		binary.LittleEndian.PutUint64(last, uint64(v))
		binary.LittleEndian.PutUint64(logCnt, 0)
		called[0] = 0
		if isCalled {
			called[0] = 1
		}
		return true, nil
	})
	if err == nil && isCalled {
		c.seq.curr[oid] = v
	}
	return err
}

// SequenceState returns the sequence's tuple as SELECT * FROM seq shows
// it: last_value, log_cnt, is_called.
func (c *Catalog) SequenceState(snap heap.Snapshot, oid uint32) (last, logCnt int64, called bool, err error) {
	p, err := c.seqParamsFor(snap, oid)
	if err != nil {
		return 0, 0, false, err
	}
	err = c.withSeqTuple(p, func(l, lc, ic []byte) (bool, error) {
		last, logCnt, called = int64(binary.LittleEndian.Uint64(l)), int64(binary.LittleEndian.Uint64(lc)), ic[0] != 0
		return false, nil
	})
	return last, logCnt, called, err
}

// CurrVal returns the value nextval last returned for sequence oid in
// this session (55000 when it has not been called).
func (c *Catalog) CurrVal(snap heap.Snapshot, oid uint32) (int64, error) {
	p, err := c.seqParamsFor(snap, oid)
	if err != nil {
		return 0, err
	}
	v, ok := c.seq.curr[oid]
	if !ok {
		return 0, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "currval of sequence \"%s\" is not yet defined in this session", p.name)
	}
	return v, nil
}

// LastVal returns the value nextval last returned in this session, for
// any sequence (55000 when none).
func (c *Catalog) LastVal(snap heap.Snapshot) (int64, error) {
	if c.seq.lastSet {
		// A sequence dropped since then defines no lastval.
		if _, err := c.seqParamsFor(snap, c.seq.lastOid); err != nil {
			c.seq.lastSet = false
		}
	}
	if !c.seq.lastSet {
		return 0, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "lastval is not yet defined in this session")
	}
	return c.seq.last, nil
}

// SetSequenceOwner ties sequence seq to column col of table rel (ALTER
// SEQUENCE ... OWNED BY, and the last step of a serial or identity
// column: CreateSequence, then CreateRelation with the default naming it
// in DependsOn, then this). Dropping the column or the table drops the
// sequence; identity says the sequence is the column's identity sequence
// (an internal dependency: it cannot be dropped alone). It only inserts a
// pg_depend row, so it may follow the other two in the same command.
func (c *Catalog) SetSequenceOwner(tx heap.Txn, seq, rel uint32, col int16, identity bool) error {
	typ := depAuto
	if identity {
		typ = depInternal
	}
	c.didDDL = true
	return c.recordDep(tx, relAddr(seq), colAddr(rel, col), typ)
}
