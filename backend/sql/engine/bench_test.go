package engine_test

import (
	"fmt"
	"testing"

	"ringpg/backend/sql/engine/enginetest"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
)

// BenchmarkSelectOnlySimple is pgbench -S with the simple protocol: the
// CPU cost of one `SELECT abalance FROM pgbench_accounts WHERE aid = N`
// from its text to its row (plan cache lookup, bind, index scan, heap
// fetch, transaction begin and end), without the socket.
func BenchmarkSelectOnlySimple(b *testing.B) {
	s := enginetest.New(b).Session(b)
	const rows = 100000
	enginetest.Accounts(b, s, rows)
	queries := make([]string, 1024)
	for i := range queries {
		queries[i] = fmt.Sprintf("SELECT abalance FROM pgbench_accounts WHERE aid = %d;", i*7919%rows+1)
	}
	got := 0
	emit := func([]types.Datum) error { got++; return nil }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := enginetest.SimpleQuery(s, queries[i%len(queries)], emit); err != nil {
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
	s := enginetest.New(b).Session(b)
	const rows = 100000
	enginetest.Accounts(b, s, rows)
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

// BenchmarkTPCB is one pgbench TPC-B-like transaction with the simple
// protocol (BEGIN, three updates, a select, an insert, END), scale 1,
// without the socket and without WAL: the engine's CPU per transaction.
func BenchmarkTPCB(b *testing.B) {
	s := enginetest.New(b).Session(b)
	const rows = 100000
	enginetest.Accounts(b, s, rows)
	none := func([]types.Datum) error { return nil }
	for _, sql := range []string{
		"CREATE TABLE pgbench_branches (bid int NOT NULL PRIMARY KEY, bbalance int, filler char(88)) WITH (fillfactor = 100)",
		"CREATE TABLE pgbench_tellers (tid int NOT NULL PRIMARY KEY, bid int, tbalance int, filler char(84)) WITH (fillfactor = 100)",
		"CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22))",
		"INSERT INTO pgbench_branches VALUES (1, 0)",
		"INSERT INTO pgbench_tellers SELECT g, 1, 0 FROM generate_series(1, 10) g",
	} {
		if err := enginetest.SimpleQuery(s, sql, none); err != nil {
			b.Fatalf("%s: %v", sql, err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		aid, tid, delta := i*7919%rows+1, i%10+1, i%10000-5000
		for _, sql := range []string{
			"BEGIN;",
			fmt.Sprintf("UPDATE pgbench_accounts SET abalance = abalance + %d WHERE aid = %d;", delta, aid),
			fmt.Sprintf("SELECT abalance FROM pgbench_accounts WHERE aid = %d;", aid),
			fmt.Sprintf("UPDATE pgbench_tellers SET tbalance = tbalance + %d WHERE tid = %d;", delta, tid),
			fmt.Sprintf("UPDATE pgbench_branches SET bbalance = bbalance + %d WHERE bid = %d;", delta, 1),
			fmt.Sprintf("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (%d, %d, %d, %d, CURRENT_TIMESTAMP);", tid, 1, aid, delta),
			"END;",
		} {
			if err := enginetest.SimpleQuery(s, sql, none); err != nil {
				b.Fatalf("%s: %v", sql, err)
			}
		}
	}
}
