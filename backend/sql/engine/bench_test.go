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
