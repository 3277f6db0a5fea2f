package engine

import (
	"fmt"
	"os"
	"testing"

	"ringpg/backend/access/transam"
	"ringpg/backend/catalog"
	"ringpg/backend/pgstat"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/backend/storage"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/lmgr"
	"ringpg/backend/storage/smgr"
	"ringpg/loop"
	"ringpg/settings"
	"ringpg/shm"
)

// benchSession is one backend's SQL engine over a fresh data directory,
// in this process: the statement path of a backend without its socket.
func benchSession(b *testing.B) *Session {
	b.Helper()
	dir := b.TempDir()
	if _, err := loop.PrepareDataDir(dir); err != nil {
		b.Fatal(err)
	}
	const procs, buffers = 4, 4096
	seg, err := shm.Create(shm.Config{MaxProcs: procs, HugePages: shm.HugeOff, Regions: []shm.RegionSpec{
		{Name: bufmgr.RegionName, Size: bufmgr.RegionSize(buffers)},
		{Name: transam.RegionName, Size: transam.RegionSize(procs)},
		{Name: catalog.RegionName, Size: catalog.RegionSize},
		{Name: lmgr.RegionName, Size: lmgr.RegionSize(procs)},
		{Name: pgstat.RegionName, Size: pgstat.RegionSize(pgstat.EntriesFor(procs))},
	}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { seg.Close() })
	pool, files, err := storage.Open(seg, buffers, 0, dir, smgr.MethodSync)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { files.Close() })
	e, err := New(pool, seg, dir, 0, int32(os.Getpid()), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(e.Close)
	s, err := e.NewSession(catalog.PostgresDB, "postgres", "postgres", settings.New(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.Close)
	return s
}

// simpleQuery runs sql as a simple Query message does, through the plan
// cache, and returns the rows it produced.
func simpleQuery(s *Session, sql string, emit func([]types.Datum) error) error {
	st := s.CachedSimple(sql)
	if st == nil {
		stmts, err := parser.Parse(sql)
		if err != nil {
			return err
		}
		if len(stmts) != 1 {
			return fmt.Errorf("%d statements", len(stmts))
		}
		if st, err = s.PrepareSimple(sql, stmts[0]); err != nil {
			s.AbortMessage()
			return err
		}
	}
	p, err := s.Bind(st, nil)
	if err == nil {
		_, _, err = s.Fetch(p, 0, emit)
	}
	if err != nil {
		s.AbortMessage()
		return err
	}
	return s.EndOfMessage()
}

func benchAccounts(b *testing.B, s *Session, rows int) {
	for _, sql := range []string{
		"CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84)) WITH (fillfactor = 100)",
		fmt.Sprintf("INSERT INTO pgbench_accounts SELECT g, (g - 1) / 100000 + 1, 0, '' FROM generate_series(1, %d) g", rows),
		"ALTER TABLE pgbench_accounts ADD PRIMARY KEY (aid)",
	} {
		if err := simpleQuery(s, sql, func([]types.Datum) error { return nil }); err != nil {
			b.Fatalf("%s: %v", sql, err)
		}
	}
}

// BenchmarkSelectOnlySimple is pgbench -S with the simple protocol: the
// CPU cost of one `SELECT abalance FROM pgbench_accounts WHERE aid = N`
// from its text to its row (plan cache lookup, bind, index scan, heap
// fetch, transaction begin and end), without the socket.
func BenchmarkSelectOnlySimple(b *testing.B) {
	s := benchSession(b)
	const rows = 100000
	benchAccounts(b, s, rows)
	queries := make([]string, 1024)
	for i := range queries {
		queries[i] = fmt.Sprintf("SELECT abalance FROM pgbench_accounts WHERE aid = %d;", i*7919%rows+1)
	}
	got := 0
	emit := func([]types.Datum) error { got++; return nil }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := simpleQuery(s, queries[i%len(queries)], emit); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if got != b.N {
		b.Fatalf("%d rows for %d queries", got, b.N)
	}
}

// BenchmarkSelectOnlyPrepared is pgbench -S -M prepared: Bind and Execute
// of a prepared statement with a new parameter each time.
func BenchmarkSelectOnlyPrepared(b *testing.B) {
	s := benchSession(b)
	const rows = 100000
	benchAccounts(b, s, rows)
	const sql = "SELECT abalance FROM pgbench_accounts WHERE aid = $1"
	stmts, err := parser.Parse(sql)
	if err != nil {
		b.Fatal(err)
	}
	st, err := s.Prepare(sql, stmts[0], []uint32{types.Int4Oid})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.EndOfMessage(); err != nil {
		b.Fatal(err)
	}
	params := make([]types.Datum, 1)
	got := 0
	emit := func([]types.Datum) error { got++; return nil }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		params[0] = types.Int(int64(i*7919%rows + 1))
		p, err := s.Bind(st, params)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.Fetch(p, 0, emit); err != nil {
			b.Fatal(err)
		}
		s.ClosePortal(p)
		if err := s.EndOfMessage(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if got != b.N {
		b.Fatalf("%d rows for %d queries", got, b.N)
	}
}
