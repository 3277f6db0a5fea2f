package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestCopyErrorContext: a COPY FROM that fails says where, in the error's
// CONTEXT field, as PostgreSQL 15 does (the wanted lines are its output):
// the line and its text for a malformed line or a NOT NULL or CHECK
// violation, the line, column and value for a value that does not
// convert. Long lines are cut at 100 bytes.
func TestCopyErrorContext(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	query(t, c, "create table cc (a int primary key, b varchar(3) not null, c int check (c > 0))")
	long := "1\tabc\t1\t" + strings.Repeat("x", 150)
	for _, tc := range []struct {
		name, sql, data string
		code, where     string
	}{
		{"bad integer", "copy cc from stdin", "1\tab\t1\nzz\ty\t1\n", "22P02", `COPY cc, line 2, column a: "zz"`},
		{"too long", "copy cc from stdin", "1\tabcd\t1\n", "22001", `COPY cc, line 1, column b: "abcd"`},
		{"not null", "copy cc from stdin", "1\t\\N\t1\n", "23502", "COPY cc, line 1: \"1\t\\N\t1\""},
		{"check", "copy cc from stdin", "4\tx\t1\n5\tx\t-1\n", "23514", "COPY cc, line 2: \"5\tx\t-1\""},
		{"extra data", "copy cc(a) from stdin", "1\t2\n", "22P04", "COPY cc, line 1: \"1\t2\""},
		{"missing data", "copy cc from stdin", "1\n", "22P04", `COPY cc, line 1: "1"`},
		{"csv header", "copy cc from stdin (format csv, header)", "a,b,c\n7,x,1\n8,y\n", "22P04", `COPY cc, line 3: "8,y"`},
		{"long line", "copy cc from stdin", long + "\n", "22P04", `COPY cc, line 1: "` + long[:100] + `..."`},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := c.CopyFrom(ctx, strings.NewReader(tc.data), tc.sql)
		cancel()
		var pe *pgconn.PgError
		if !errors.As(err, &pe) {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if pe.Code != tc.code || pe.Where != tc.where {
			t.Errorf("%s: %s %s\n CONTEXT %q\nwant %s CONTEXT %q", tc.name, pe.Code, pe.Message, pe.Where, tc.code, tc.where)
		}
	}
	if got := query(t, c, "select count(*) from cc"); got != "0" {
		t.Fatalf("rows after failed copies: %s", got)
	}
}

// TestCopyEscapedDelimiter: in the text format a backslash before the
// delimiter makes it data, and the rows read are PostgreSQL 15's.
func TestCopyEscapedDelimiter(t *testing.T) {
	data := "x\\\ty\tz\na\\,b\tc\\\\\n\\N\t\\\\N\n"
	csvish := "a\\,b,c\nd\\\\,e\n"
	read := func(c *pgconn.PgConn) string {
		t.Helper()
		query(t, c, "create temp table ce (a text, b text)")
		for _, in := range []struct{ sql, data string }{
			{"copy ce from stdin", data},
			{"copy ce from stdin (delimiter ',')", csvish},
		} {
			ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
			_, err := c.CopyFrom(ctx, strings.NewReader(in.data), in.sql)
			cancel()
			if err != nil {
				t.Fatalf("%s: %v", in.sql, err)
			}
		}
		return query(t, c, "select coalesce(a, '<null>') || '|' || coalesce(b, '<null>') from ce")
	}
	s := startServer(t, "")
	c := s.mustConnect()
	defer c.Close(context.Background())
	got := read(c)
	pg := startPG15(t, "")
	pc, err := pg.connect("")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close(context.Background())
	if want := read(pc); got != want {
		t.Errorf("rows:\n%s\nPostgreSQL 15:\n%s", got, want)
	}
}
