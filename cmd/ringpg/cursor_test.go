package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// TestCursorFetchIsIncremental checks that a cursor's rows come from the
// executor as they are fetched: FETCH 5 from a cursor over a 200,000-row
// table reads a handful of tuples, not the table (pg_stat_user_tables'
// seq_tup_read counts every tuple a sequential scan hands out), while a
// statement that does read the whole table moves the counter by all of
// it. Differential behaviour of every direction is in
// testdata/sql/cursors.sql.
func TestCursorFetchIsIncremental(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	query(t, c, "CREATE TABLE big (id int, pad text) WITH (autovacuum_enabled = false)")
	query(t, c, "INSERT INTO big SELECT g, repeat('x', 40) FROM generate_series(1, 200000) g")
	tupRead := func() int64 {
		t.Helper()
		n, err := strconv.ParseInt(query(t, c, "SELECT seq_tup_read FROM pg_stat_user_tables WHERE relname = 'big'"), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	before := tupRead()
	query(t, c, "BEGIN")
	query(t, c, "DECLARE c CURSOR FOR SELECT id FROM big")
	if got := query(t, c, "FETCH 5 FROM c"); got != "1\n2\n3\n4\n5" {
		t.Fatalf("FETCH 5 returned %q", got)
	}
	// Another statement between fetches: the cursor goes on where it was.
	query(t, c, "SELECT 1")
	if got := query(t, c, "FETCH 2 FROM c"); got != "6\n7" {
		t.Fatalf("second FETCH returned %q", got)
	}
	query(t, c, "COMMIT") // statistics are published at transaction end
	read := tupRead() - before
	t.Logf("FETCH 5 then FETCH 2 read %d tuples of 200000", read)
	if read > 1000 {
		t.Fatalf("FETCH 5 then FETCH 2 read %d tuples of the table, want a handful", read)
	}

	// A scrollable cursor keeps what it read, and only that.
	before = tupRead()
	query(t, c, "BEGIN")
	query(t, c, "DECLARE s SCROLL CURSOR FOR SELECT id FROM big")
	query(t, c, "MOVE FORWARD 100 IN s")
	if got := query(t, c, "FETCH BACKWARD 3 FROM s"); got != "99\n98\n97" {
		t.Fatalf("FETCH BACKWARD 3 returned %q", got)
	}
	if got := query(t, c, "FETCH ABSOLUTE 2 FROM s"); got != "2" {
		t.Fatalf("FETCH ABSOLUTE 2 returned %q", got)
	}
	query(t, c, "COMMIT")
	read = tupRead() - before
	t.Logf("MOVE 100, FETCH BACKWARD 3, FETCH ABSOLUTE 2 read %d tuples", read)
	if read > 1000 {
		t.Fatalf("moving over 100 rows read %d tuples of the table", read)
	}

	// The counter does count: reading the whole table moves it by all.
	before = tupRead()
	query(t, c, "BEGIN")
	query(t, c, "DECLARE a CURSOR FOR SELECT id FROM big")
	if got := query(t, c, "MOVE ALL IN a"); got != "" {
		t.Fatalf("MOVE returned rows %q", got)
	}
	query(t, c, "COMMIT")
	if read := tupRead() - before; read < 200000 {
		t.Fatalf("MOVE ALL read %d tuples, want 200000", read)
	}
}

// TestCursorAsPortal checks that a DECLAREd cursor is a portal of the
// extended protocol: Describe shows its row shape, Execute fetches from
// where it is with a row limit (PortalSuspended, then SELECT n at its
// end), Bind may not take its name, Close closes it.
func TestCursorAsPortal(t *testing.T) {
	s := startServer(t, "")
	got := cursorPortalExchange(t, dialRaw(t, s))
	// Two rows by FETCH; Describe; Execute 3 (suspended); Execute all:
	// the 5 rows left and SELECT 5; Close; a FETCH that finds no cursor;
	// a Bind that may not take a cursor's name.
	want := "T|D|D|C FETCH 2|Z|T|D|D|D|s|D|D|D|D|D|C SELECT 5|Z|3|Z|E 34000|Z|C ROLLBACK|Z|" +
		"C BEGIN|C DECLARE CURSOR|Z|1|E 42P03|Z"
	if got != want {
		t.Fatalf("exchange:\n got %s\nwant %s", got, want)
	}
}

// cursorPortalExchange logs in, declares a cursor over ten rows and
// drives it through the protocol, returning what came back: message
// types, with the tag of CommandComplete and the code of ErrorResponse.
func cursorPortalExchange(t *testing.T, r *rawConn) string {
	r.send(startupPacket(0, "user", "postgres", "database", "postgres"))
	r.untilReady()
	r.send(queryMsg("BEGIN"))
	r.untilReady()
	r.send(queryMsg("DECLARE c SCROLL CURSOR FOR SELECT g, 'r' || g AS r FROM generate_series(1, 10) g"))
	r.untilReady()
	var out []string
	read := func() {
		for {
			typ, body := r.readMsg()
			switch typ {
			case 'C':
				out = append(out, "C "+strings.TrimRight(string(body), "\x00"))
			case 'E':
				out = append(out, "E "+errorCode(body))
			default:
				out = append(out, string(typ))
			}
			if typ == 'Z' {
				return
			}
		}
	}
	send := func(ms ...pgproto3.FrontendMessage) {
		var b []byte
		for _, m := range ms {
			var err error
			if b, err = m.Encode(b); err != nil {
				t.Fatal(err)
			}
		}
		r.send(b)
		read()
	}
	r.send(queryMsg("FETCH 2 FROM c"))
	read()
	send(&pgproto3.Describe{ObjectType: 'P', Name: "c"}, &pgproto3.Execute{Portal: "c", MaxRows: 3},
		&pgproto3.Execute{Portal: "c"}, &pgproto3.Sync{})
	send(&pgproto3.Close{ObjectType: 'P', Name: "c"}, &pgproto3.Sync{})
	r.send(queryMsg("FETCH c"))
	read()
	r.send(queryMsg("ROLLBACK"))
	read()
	r.send(queryMsg("BEGIN; DECLARE d CURSOR FOR SELECT 1"))
	read()
	send(&pgproto3.Parse{Query: "SELECT 2"}, &pgproto3.Bind{DestinationPortal: "d"}, &pgproto3.Sync{})
	return strings.Join(out, "|")
}

// errorCode is the SQLSTATE field of an ErrorResponse body.
func errorCode(body []byte) string {
	for _, f := range strings.Split(string(body), "\x00") {
		if strings.HasPrefix(f, "C") {
			return f[1:]
		}
	}
	return "?"
}

// TestCursorSessionReset: a WITH HOLD cursor lives until CLOSE or the
// end of its session, never into the next session of the same backend.
func TestCursorSessionReset(t *testing.T) {
	s := startServer(t, "", "-c", "backend_pool_min_idle=1", "-N", "2")
	first := s.mustConnect()
	pid := query(t, first, "SELECT pg_backend_pid()")
	query(t, first, "DECLARE h CURSOR WITH HOLD FOR SELECT g FROM generate_series(1, 5) g")
	if got := query(t, first, "FETCH 2 FROM h"); got != "1\n2" {
		t.Fatalf("FETCH from the held cursor returned %q", got)
	}
	first.Close(context.Background())
	c := s.connectToBackend(t, pid)
	if c == nil {
		t.Skip("no session landed on the first session's backend")
	}
	defer c.Close(context.Background())
	if got := query(t, c, "SELECT count(*) FROM pg_cursors"); got != "0" {
		t.Errorf("pg_cursors of a new session lists %s cursors", got)
	}
	if _, err := tryQuery(c, "FETCH h"); sqlstate(err) != "34000" {
		t.Errorf("FETCH from the last session's cursor: %v", err)
	}
}

// TestCursorStoreSpills: the rows a scrollable cursor keeps, and those a
// WITH HOLD cursor is materialised into, go to temporary files past
// work_mem (as PostgreSQL's tuplestore does), which CLOSE removes.
func TestCursorStoreSpills(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	query(t, c, "CREATE TABLE big (id int, pad text) WITH (autovacuum_enabled = false)")
	query(t, c, "INSERT INTO big SELECT g, repeat('x', 40) FROM generate_series(1, 200000) g")
	query(t, c, "SET work_mem = '256kB'")
	tempFiles := func() int {
		entries, _ := os.ReadDir(filepath.Join(s.dataDir, "base", "pgsql_tmp"))
		return len(entries)
	}
	query(t, c, "BEGIN")
	query(t, c, "DECLARE s SCROLL CURSOR FOR SELECT id FROM big")
	if got := query(t, c, "MOVE ALL IN s"); got != "" {
		t.Fatalf("MOVE returned %q", got)
	}
	if n := tempFiles(); n == 0 {
		t.Fatal("200000 rows kept by a scrollable cursor with work_mem 256kB wrote no temporary file")
	}
	for _, step := range [][2]string{
		{"FETCH BACKWARD 2 FROM s", "200000\n199999"}, {"FETCH ABSOLUTE 3 FROM s", "3"},
		{"FETCH RELATIVE 99996 FROM s", "99999"}, {"FETCH LAST FROM s", "200000"},
	} {
		if got := query(t, c, step[0]); got != step[1] {
			t.Errorf("%s returned %q, want %q", step[0], got, step[1])
		}
	}
	query(t, c, "CLOSE s")
	query(t, c, "COMMIT")
	if n := tempFiles(); n != 0 {
		t.Fatalf("%d temporary files left after CLOSE", n)
	}
	query(t, c, "DECLARE h CURSOR WITH HOLD FOR SELECT id FROM big") // materialised at once
	if tempFiles() == 0 {
		t.Fatal("a held cursor of 200000 rows wrote no temporary file")
	}
	if got := query(t, c, "FETCH ABSOLUTE 150000 FROM h"); got != "150000" {
		t.Fatalf("FETCH ABSOLUTE 150000 returned %q", got)
	}
	if got := query(t, c, "FETCH BACKWARD 2 FROM h"); got != "149999\n149998" {
		t.Fatalf("FETCH BACKWARD 2 returned %q", got)
	}
	query(t, c, "CLOSE h")
	if n := tempFiles(); n != 0 {
		t.Fatalf("%d temporary files left after CLOSE of the held cursor", n)
	}
}

// TestCursorDeclareParams: a DECLARE sent through the extended protocol
// takes Bind's parameters, as psycopg's server-side cursors send it.
func TestCursorDeclareParams(t *testing.T) {
	s := startServer(t, "")
	if got := declareWithParams(t, s.mustConnect()); got != "3\n4\n5" {
		t.Fatalf("rows of the cursor: %q", got)
	}
}

func declareWithParams(t *testing.T, c *pgconn.PgConn) string {
	query(t, c, "BEGIN")
	res := c.ExecParams(context.Background(), "DECLARE p CURSOR FOR SELECT g FROM generate_series(1, $1) g WHERE g > $2",
		[][]byte{[]byte("5"), []byte("2")}, nil, nil, nil).Read()
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if tag := res.CommandTag.String(); tag != "DECLARE CURSOR" {
		t.Fatalf("DECLARE answered %q", tag)
	}
	rows := query(t, c, "FETCH ALL FROM p")
	query(t, c, "ROLLBACK")
	return rows
}
