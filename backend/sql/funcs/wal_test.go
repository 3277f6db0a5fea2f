package funcs

import (
	"testing"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// TestWALPositionFunctions calls the WAL functions with a fake Ctx.WAL and
// checks what each reports, and that they fail with 55000 without one.
func TestWALPositionFunctions(t *testing.T) {
	info := WALInfo{Insert: 0x1AFF000040, Write: 0x1AFF000028, Flush: 0x16B3748,
		Records: 12, FPI: 3, Bytes: 1<<64 - 1, BuffersFull: 1, Writes: 7, Syncs: 5,
		WriteTime: 1.5, SyncTime: 2.25, StatsReset: 123456789}
	calls := 0
	c := testCtx()
	c.WAL = func() WALInfo { calls++; return info }

	for _, tc := range []struct {
		name string
		oid  uint32
		want string
	}{
		{"pg_current_wal_lsn", 2849, "1A/FF000028"},
		{"pg_current_wal_insert_lsn", 2852, "1A/FF000040"},
		{"pg_current_wal_flush_lsn", 3330, "0/16B3748"},
	} {
		res, err := ResolveFunc(tc.name, nil, false)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		f := res.Func
		if f.Oid != tc.oid || f.Result != types.PgLsnOid || f.Volatility != Volatile || res.Result.Oid != types.PgLsnOid {
			t.Errorf("%s: oid %d result %d volatility %c", tc.name, f.Oid, f.Result, f.Volatility)
		}
		d, err := f.Call(c, nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := types.Output(types.Of(types.PgLsnOid), d, nil); got != tc.want {
			t.Errorf("%s() = %s, want %s", tc.name, got, tc.want)
		}
		_, err = f.Call(&Ctx{}, nil)
		if e := pgerr.From(err); e == nil || e.Code != "55000" || e.Message != "WAL is not available" {
			t.Errorf("%s without WAL: %v", tc.name, err)
		}
	}
	if calls != 3 {
		t.Errorf("WAL called %d times, want 3", calls)
	}

	res, err := ResolveFunc("pg_stat_get_wal", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	f := res.Func
	if f.Oid != 1136 || len(f.Out) != 9 || f.SRF == nil {
		t.Fatalf("pg_stat_get_wal: oid %d, %d columns", f.Oid, len(f.Out))
	}
	rows, err := f.SRF(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	row, ok, err := rows.Next(c)
	if !ok || err != nil {
		t.Fatalf("pg_stat_get_wal: no row: %v", err)
	}
	want := []string{"12", "3", "18446744073709551615", "1", "7", "5", "1.5", "2.25", "2000-01-01 00:02:03.456789+00"}
	for i, col := range f.Out {
		if got := types.Output(types.Of(col.Type), row[i], c.Env); got != want[i] {
			t.Errorf("pg_stat_get_wal %s = %s, want %s", col.Name, got, want[i])
		}
	}
	if _, ok, _ := rows.Next(c); ok {
		t.Error("pg_stat_get_wal: more than one row")
	}
	info.StatsReset = 0
	rows, _ = f.SRF(c, nil)
	if row, _, _ := rows.Next(c); !row[8].Null {
		t.Error("stats_reset 0 is not NULL")
	}
	if _, err := f.SRF(&Ctx{}, nil); pgerr.From(err) == nil || pgerr.From(err).Code != "55000" {
		t.Errorf("pg_stat_get_wal without WAL: %v", err)
	}
}

// TestPgLsnCatalog checks the pg_lsn operators against PostgreSQL 15's
// pg_operator OIDs and result types.
func TestPgLsnCatalog(t *testing.T) {
	lsn, num := types.Of(types.PgLsnOid), types.Of(types.NumericOid)
	for _, tc := range []struct {
		op          string
		left, right types.T
		oid, proc   uint32
		result      types.Oid
	}{
		{"=", lsn, lsn, 3222, 3233, types.BoolOid},
		{"<>", lsn, lsn, 3223, 3236, types.BoolOid},
		{"<", lsn, lsn, 3224, 3231, types.BoolOid},
		{">", lsn, lsn, 3225, 3235, types.BoolOid},
		{"<=", lsn, lsn, 3226, 3232, types.BoolOid},
		{">=", lsn, lsn, 3227, 3234, types.BoolOid},
		{"-", lsn, lsn, 3228, 3237, types.NumericOid},
		{"+", lsn, num, 5025, 5022, types.PgLsnOid},
		{"+", num, lsn, 5026, 5023, types.PgLsnOid},
		{"-", lsn, num, 5027, 5024, types.PgLsnOid},
	} {
		r, err := ResolveOperator(tc.op, tc.left, tc.right)
		if err != nil {
			t.Errorf("%s %s %s: %v", types.FormatType(tc.left), tc.op, types.FormatType(tc.right), err)
			continue
		}
		if r.Op.Oid != tc.oid || r.Op.Func.Oid != tc.proc || r.Result.Oid != tc.result {
			t.Errorf("%s %s %s: operator %d function %d result %d", types.FormatType(tc.left), tc.op,
				types.FormatType(tc.right), r.Op.Oid, r.Op.Func.Oid, r.Result.Oid)
		}
	}
	for name, oid := range map[string]uint32{"pg_wal_lsn_diff": 3165, "pg_lsn_cmp": 3251, "pg_lsn_larger": 4187,
		"pg_lsn_smaller": 4188, "pg_walfile_name": 2851} {
		fs := Lookup(name)
		if len(fs) != 1 || fs[0].Oid != oid {
			t.Errorf("%s: %v", name, fs)
		}
	}
	for _, name := range []string{"max", "min"} {
		r, err := ResolveFunc(name, []types.T{lsn}, false)
		if err != nil || r.Func.Oid != map[string]uint32{"max": 4189, "min": 4190}[name] {
			t.Errorf("%s(pg_lsn): %v", name, err)
		}
	}
	if got := WALFileName(0x1000000); got != "000000010000000000000000" {
		t.Errorf("WALFileName on a boundary: %s", got)
	}
}
