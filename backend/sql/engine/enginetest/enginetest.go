// Package enginetest starts a SQL engine inside the calling process, over
// a fresh data directory and a shared segment of its own, for the tests
// and benchmarks of the engine and of the layers above it (the protocol
// session): a backend's whole statement path without its socket. It owns
// nothing else and touches nothing outside its temporary directory.
package enginetest

import (
	"fmt"
	"os"
	"ringpg/backend/notify"
	"testing"

	"ringpg/backend/access/transam"
	"ringpg/backend/catalog"
	"ringpg/backend/pgstat"
	"ringpg/backend/sql/engine"
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

// Env is a started engine and the segment it lives in.
type Env struct {
	Seg    *shm.Segment
	Engine *engine.Engine
}

// procs and buffers size the segment: a few processes' slots, a 32 MB
// buffer pool.
const procs, buffers = 4, 4096

// New starts an engine as proc slot 0 of a new segment over a new data
// directory; everything is closed when tb ends.
func New(tb testing.TB) *Env {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := loop.PrepareDataDir(dir); err != nil {
		tb.Fatal(err)
	}
	seg, err := shm.Create(shm.Config{MaxProcs: procs, HugePages: shm.HugeOff, Regions: []shm.RegionSpec{
		{Name: bufmgr.RegionName, Size: bufmgr.RegionSize(buffers)},
		{Name: transam.RegionName, Size: transam.RegionSize(procs)},
		{Name: catalog.RegionName, Size: catalog.RegionSize},
		{Name: lmgr.RegionName, Size: lmgr.RegionSize(procs)},
		{Name: pgstat.RegionName, Size: pgstat.RegionSize(pgstat.EntriesFor(procs))},
		{Name: notify.RegionName, Size: notify.RegionSize(procs)},
	}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { seg.Close() })
	pool, files, err := storage.Open(seg, buffers, 0, dir, smgr.MethodSync)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { files.Close() })
	e, err := engine.New(pool, seg, dir, 0, int32(os.Getpid()), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(e.Close)
	return &Env{Seg: seg, Engine: e}
}

// Session opens a session of user postgres on database postgres.
func (env *Env) Session(tb testing.TB) *engine.Session {
	tb.Helper()
	s, err := env.Engine.NewSession(catalog.PostgresDB, "postgres", "postgres", settings.New(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

// SimpleQuery runs sql as a simple Query message does, through the plan
// cache, handing each row to emit.
func SimpleQuery(s *engine.Session, sql string, emit func([]types.Datum) error) error {
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

// Accounts creates pgbench_accounts as pgbench -i does, with rows rows
// and its primary key.
func Accounts(tb testing.TB, s *engine.Session, rows int) {
	tb.Helper()
	for _, sql := range []string{
		"CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84)) WITH (fillfactor = 100)",
		fmt.Sprintf("INSERT INTO pgbench_accounts SELECT g, (g - 1) / 100000 + 1, 0, '' FROM generate_series(1, %d) g", rows),
		"ALTER TABLE pgbench_accounts ADD PRIMARY KEY (aid)",
	} {
		if err := SimpleQuery(s, sql, func([]types.Datum) error { return nil }); err != nil {
			tb.Fatalf("%s: %v", sql, err)
		}
	}
}
