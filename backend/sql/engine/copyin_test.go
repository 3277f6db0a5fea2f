package engine_test

import (
	"strconv"
	"strings"
	"testing"

	"ringpg/backend/sql/engine/enginetest"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
)

// BenchmarkCopyInText is pgbench -i's "client-side generate": COPY
// pgbench_accounts FROM STDIN in text format, a line per operation, fed
// in CopyData chunks of about 64 kB as libpq sends them. It covers the
// whole line path: cutting lines and fields, input functions, forming
// tuples, filling and logging heap pages.
func BenchmarkCopyInText(b *testing.B) {
	s := enginetest.New(b).Session(b)
	none := func([]types.Datum) error { return nil }
	if err := enginetest.SimpleQuery(s, "CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84)) WITH (fillfactor = 100)", none); err != nil {
		b.Fatal(err)
	}
	const sql = "COPY pgbench_accounts FROM STDIN"
	stmts, err := parser.Parse(sql)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	ci, err := s.StartCopyIn(sql, stmts[0])
	if err != nil {
		b.Fatal(err)
	}
	chunk := make([]byte, 0, 70000)
	for i := 0; i < b.N; i++ {
		aid := i + 1
		chunk = strconv.AppendInt(chunk, int64(aid), 10)
		chunk = append(chunk, '\t')
		chunk = strconv.AppendInt(chunk, int64((aid-1)/100000+1), 10)
		chunk = append(chunk, "\t0\t\n"...)
		if len(chunk) >= 65536 || i == b.N-1 {
			if err := ci.Data(chunk); err != nil {
				b.Fatal(err)
			}
			chunk = chunk[:0]
		}
	}
	tag, err := ci.Done()
	if err != nil {
		b.Fatal(err)
	}
	if err := s.EndOfMessage(); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if want := "COPY " + strconv.Itoa(b.N); tag != want {
		b.Fatalf("tag %q, want %q", tag, want)
	}
}

// TestCopyInChunks: COPY data cut into CopyData messages at any byte,
// with CRLF line ends and escapes, stores the same rows.
func TestCopyInChunks(t *testing.T) {
	s := enginetest.New(t).Session(t)
	none := func([]types.Datum) error { return nil }
	if err := enginetest.SimpleQuery(s, "CREATE TABLE chunks (n int, a text, b text)", none); err != nil {
		t.Fatal(err)
	}
	const data = "1\tx\t\\N\r\n2\tc\\td\t\\N\n3\t\t\n4\tlast\tline\n5\tno\tnewline"
	const sql = "COPY chunks FROM STDIN"
	stmts, err := parser.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	for cut := 0; cut <= len(data); cut++ {
		if err := enginetest.SimpleQuery(s, "TRUNCATE chunks", none); err != nil {
			t.Fatal(err)
		}
		ci, err := s.StartCopyIn(sql, stmts[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range []string{data[:cut], data[cut:]} {
			if err := ci.Data([]byte(part)); err != nil {
				t.Fatalf("cut at %d: %v", cut, err)
			}
		}
		if _, err := ci.Done(); err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		if err := s.EndOfMessage(); err != nil {
			t.Fatal(err)
		}
		var got []string
		err = enginetest.SimpleQuery(s, "SELECT n, coalesce(a, 'NULL'), coalesce(b, 'NULL') FROM chunks ORDER BY n", func(r []types.Datum) error {
			got = append(got, strconv.FormatInt(r[0].I, 10)+"|"+r[1].S+"|"+r[2].S)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"1|x|NULL", "2|c\td|NULL", "3||", "4|last|line", "5|no|newline"}
		if strings.Join(got, ";") != strings.Join(want, ";") {
			t.Fatalf("cut at %d: rows %q, want %q", cut, got, want)
		}
	}
}
