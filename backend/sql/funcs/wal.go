package funcs

import (
	"fmt"
	"math/big"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// WALInfo is what Ctx.WAL reports: the WAL positions (byte offsets into
// the WAL stream, pg_lsn values) and the counters of pg_stat_wal.
type WALInfo struct {
	// Insert is where the next record will be inserted, Write how far
	// the WAL has been written to the kernel, Flush how far it is
	// durable. Flush <= Write <= Insert.
	Insert, Write, Flush uint64

	// pg_stat_wal's counters: records and full-page images generated,
	// bytes of WAL generated, times WAL had to be written because the
	// buffers were full, write and sync calls.
	Records, FPI, Bytes, BuffersFull, Writes, Syncs uint64
	// WriteTime and SyncTime are milliseconds spent writing and syncing
	// (PostgreSQL counts them only under track_wal_io_timing; 0 then).
	WriteTime, SyncTime float64
	// StatsReset is when the counters were last reset, as a timestamptz
	// (microseconds since 2000-01-01 UTC); 0 shows as NULL.
	StatsReset int64
}

// The WAL file naming of pg_walfile_name: this server writes timeline 1
// in 16 MB segments, PostgreSQL's defaults.
const (
	walTimeline    = 1
	walSegmentSize = 16 << 20
)

// WALFileName names the WAL segment file that holds the byte before lsn,
// as pg_walfile_name does (XLByteToPrevSeg): a position exactly on a
// segment boundary names the segment that ends there. Timeline 1, 16 MB
// segments: "000000010000000000000001".
func WALFileName(lsn uint64) string {
	seg := (lsn - 1) / walSegmentSize
	perID := uint64(1<<32) / walSegmentSize
	return fmt.Sprintf("%08X%08X%08X", walTimeline, seg/perID, seg%perID)
}

func errNoWAL() error {
	return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "WAL is not available")
}

// wal returns the server's WAL report.
func (c *Ctx) wal() (WALInfo, error) {
	if c == nil || c.WAL == nil {
		return WALInfo{}, errNoWAL()
	}
	return c.WAL(), nil
}

// lsnNumeric is a WAL position as numeric.
func lsnNumeric(v uint64) *numeric.Decimal {
	if v <= 1<<63-1 {
		return numeric.FromInt64(int64(v))
	}
	return numeric.FromBig(new(big.Int).SetUint64(v), 0)
}

var maxLSN = new(big.Int).SetUint64(1<<64 - 1)

// numericToLSN converts as numeric_pg_lsn does: rounded to an integer,
// which must lie in 0..2^64-1.
func numericToLSN(n *numeric.Decimal) (types.Datum, error) {
	switch {
	case n.IsNaN():
		return types.Null, pgerr.New(pgerr.FeatureNotSupported, "cannot convert NaN to pg_lsn")
	case !n.IsFinite():
		return types.Null, pgerr.New(pgerr.FeatureNotSupported, "cannot convert infinity to pg_lsn")
	}
	r, err := numeric.Round(n, 0)
	if err != nil {
		return types.Null, err
	}
	c := r.Coefficient()
	for s := r.Scale(); s > 0; s-- {
		c = new(big.Int).Quo(c, big.NewInt(10))
	}
	if c.Sign() < 0 || c.Cmp(maxLSN) > 0 {
		return types.Null, pgerr.New(pgerr.InvalidParameterValue, "pg_lsn out of range")
	}
	return types.LSN(c.Uint64()), nil
}

// lsnArith is pg_lsn_pli and pg_lsn_mii: the position moved by a numeric
// number of bytes.
func lsnArith(lsn uint64, n *numeric.Decimal, sub bool) (types.Datum, error) {
	if n.IsNaN() {
		if sub {
			return types.Null, pgerr.New(pgerr.FeatureNotSupported, "cannot subtract NaN from pg_lsn")
		}
		return types.Null, pgerr.New(pgerr.FeatureNotSupported, "cannot add NaN to pg_lsn")
	}
	var r *numeric.Decimal
	var err error
	if sub {
		r, err = numeric.Sub(lsnNumeric(lsn), n)
	} else {
		r, err = numeric.Add(lsnNumeric(lsn), n)
	}
	if err != nil {
		return types.Null, err
	}
	return numericToLSN(r)
}

func lsnDiff(_ *Ctx, a []types.Datum) (types.Datum, error) {
	d, err := numeric.Sub(lsnNumeric(a[0].AsLSN()), lsnNumeric(a[1].AsLSN()))
	return types.Datum{P: d}, err
}

// oneRow is the Rows of a function that returns a single record.
type oneRow struct {
	row  []types.Datum
	done bool
}

func (r *oneRow) Next(*Ctx) ([]types.Datum, bool, error) {
	if r.done {
		return nil, false, nil
	}
	r.done = true
	return r.row, true, nil
}

// defRecord binds a function that returns one record (pg_stat_get_wal,
// pg_walfile_name_offset). The planner expands the output columns of
// set-returning functions only, so it runs as one that returns one row:
// SELECT * FROM f() and the views built on it work, f() in a select list
// does not (it would be a composite value in PostgreSQL).
func defRecord(name, sig string, row func(c *Ctx, args []types.Datum) ([]types.Datum, error)) {
	bindings = append(bindings, binding{name, sig, func(f *Func) {
		f.RetSet = true
		f.SRF = func(c *Ctx, args []types.Datum) (Rows, error) {
			r, err := row(c, args)
			if err != nil {
				return nil, err
			}
			return &oneRow{row: r}, nil
		}
	}})
}

func init() {
	def("pg_lsn_mi", "pg_lsn,pg_lsn", lsnDiff)
	def("pg_wal_lsn_diff", "pg_lsn,pg_lsn", lsnDiff)
	def("pg_lsn_pli", "pg_lsn,numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return lsnArith(a[0].AsLSN(), num(a[1]), false)
	})
	def("numeric_pl_pg_lsn", "numeric,pg_lsn", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return lsnArith(a[1].AsLSN(), num(a[0]), false)
	})
	def("pg_lsn_mii", "pg_lsn,numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return lsnArith(a[0].AsLSN(), num(a[1]), true)
	})
	def("pg_lsn", "numeric", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return numericToLSN(num(a[0]))
	})
	lsnCmp := sameTypeCmp(types.PgLsnOid)
	defAgg("min", "pg_lsn", newAgg(false, func(c *Ctx, _ []types.T, _ types.T) AggState { return &minMax{c: c, cmp: lsnCmp} }))
	defAgg("max", "pg_lsn", newAgg(false, func(c *Ctx, _ []types.T, _ types.T) AggState { return &minMax{c: c, cmp: lsnCmp, max: true} }))

	current := func(pick func(WALInfo) uint64) CallFunc {
		return func(c *Ctx, _ []types.Datum) (types.Datum, error) {
			w, err := c.wal()
			if err != nil {
				return types.Null, err
			}
			return types.LSN(pick(w)), nil
		}
	}
	// pg_current_wal_lsn is the write position, as in PostgreSQL.
	def("pg_current_wal_lsn", "", current(func(w WALInfo) uint64 { return w.Write }))
	def("pg_current_wal_insert_lsn", "", current(func(w WALInfo) uint64 { return w.Insert }))
	def("pg_current_wal_flush_lsn", "", current(func(w WALInfo) uint64 { return w.Flush }))
	// The server is never a standby: nothing is received or replayed,
	// and PostgreSQL's primary answers NULL.
	def("pg_last_wal_receive_lsn", "", func(*Ctx, []types.Datum) (types.Datum, error) { return types.Null, nil })
	def("pg_last_wal_replay_lsn", "", func(*Ctx, []types.Datum) (types.Datum, error) { return types.Null, nil })

	def("pg_walfile_name", "pg_lsn", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return txt(WALFileName(a[0].AsLSN())), nil
	})
	defRecord("pg_walfile_name_offset", "pg_lsn", func(_ *Ctx, a []types.Datum) ([]types.Datum, error) {
		lsn := a[0].AsLSN()
		// The offset is within the segment that holds lsn itself, not
		// the one named (PostgreSQL's own inconsistency on a boundary).
		return []types.Datum{txt(WALFileName(lsn)), i64(int64(lsn % walSegmentSize))}, nil
	})
	defRecord("pg_stat_get_wal", "", func(c *Ctx, _ []types.Datum) ([]types.Datum, error) {
		w, err := c.wal()
		if err != nil {
			return nil, err
		}
		reset := types.Null
		if w.StatsReset != 0 {
			reset = i64(w.StatsReset)
		}
		return []types.Datum{i64(int64(w.Records)), i64(int64(w.FPI)), {P: lsnNumeric(w.Bytes)},
			i64(int64(w.BuffersFull)), i64(int64(w.Writes)), i64(int64(w.Syncs)),
			{F: w.WriteTime}, {F: w.SyncTime}, reset}, nil
	})
}
