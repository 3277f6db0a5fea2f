package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// domainTranscript runs statements over domains through the extended
// protocol and writes what a driver sees: RowDescription's type oids
// and modifiers as names, ParameterDescription, and results in text
// and binary formats.
func domainTranscript(t *testing.T, c *pgconn.PgConn) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	exec := func(sql string) {
		t.Helper()
		if _, err := c.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec("DROP TABLE IF EXISTS xd_t; DROP DOMAIN IF EXISTS xd_pos, xd_name, xd_num")
	exec("CREATE DOMAIN xd_pos AS int CHECK (VALUE > 0)")
	exec("CREATE DOMAIN xd_name AS varchar(8) NOT NULL DEFAULT 'x'")
	exec("CREATE DOMAIN xd_num AS numeric(6,2)")
	exec("CREATE TABLE xd_t (p xd_pos, n xd_name, m xd_num)")
	typeName := func(oid uint32) string {
		r := c.ExecParams(ctx, "SELECT typname FROM pg_type WHERE oid = $1::oid", [][]byte{[]byte(fmt.Sprint(oid))}, nil, nil, nil).Read()
		if r.Err != nil || len(r.Rows) != 1 {
			return fmt.Sprintf("?%d", oid)
		}
		return string(r.Rows[0][0])
	}
	sd, err := c.Prepare(ctx, "xd_ins", "INSERT INTO xd_t VALUES ($1, $2, $3)", nil)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(&b, "params:")
	for _, o := range sd.ParamOIDs {
		fmt.Fprintf(&b, " %s", typeName(o))
	}
	b.WriteString("\n")
	// A parameter declared of a domain is described so.
	sd, err = c.Prepare(ctx, "xd_sel", "SELECT $1::int + 1", []uint32{typeOid(c, t, "xd_pos")})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "declared: %s\n", typeName(sd.ParamOIDs[0]))
	r := c.ExecPrepared(ctx, "xd_sel", [][]byte{[]byte("4")}, nil, nil).Read()
	fmt.Fprintf(&b, "%s %v\n", r.Rows, r.Err)
	for _, args := range [][]string{{"1", "ab", "1.5"}, {"0", "cd", "2"}, {"3", "", "3"}} {
		r := c.ExecPrepared(ctx, "xd_ins", [][]byte{[]byte(args[0]), []byte(args[1]), []byte(args[2])}, nil, nil).Read()
		if r.Err != nil {
			fmt.Fprintf(&b, "insert %v: %v\n", args, r.Err)
		} else {
			fmt.Fprintf(&b, "insert %v: %s\n", args, r.CommandTag)
		}
	}
	for _, format := range []int16{0, 1} {
		r := c.ExecParams(ctx, "SELECT p, n, m, 5::xd_pos AS c, p + 1 AS s FROM xd_t", nil, nil, nil, []int16{format}).Read()
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		for _, f := range r.FieldDescriptions {
			fmt.Fprintf(&b, "%s:%s/%d ", f.Name, typeName(f.DataTypeOID), f.TypeModifier)
		}
		b.WriteString("\n")
		for _, row := range r.Rows {
			fmt.Fprintf(&b, "%x\n", row)
		}
	}
	exec("DROP TABLE xd_t; DROP DOMAIN xd_pos, xd_name, xd_num")
	return b.String()
}

// TestDomainProtocol checks what drivers see of domains: columns and
// casts are described by their base type and modifier (as PostgreSQL's
// RowDescription reports a domain), values travel in the base type's
// formats, and parameters bound to domain columns are checked.
// RINGPG_DOMAIN_PG, a connection string, compares with a PostgreSQL 15
// server instead of the transcript kept here.
func TestDomainProtocol(t *testing.T) {
	s := startServer(t, "")
	got := domainTranscript(t, s.mustConnect())
	want := domainWant
	if dsn := os.Getenv("RINGPG_DOMAIN_PG"); dsn != "" {
		pg, err := pgconn.Connect(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer pg.Close(context.Background())
		want = domainTranscript(t, pg)
	}
	if got != want {
		t.Errorf("transcript differs:\n--- ringpg\n%s--- want\n%s", got, want)
	}
}

const domainWant = `params: xd_pos xd_name xd_num
declared: xd_pos
[[5]] <nil>
insert [1 ab 1.5]: INSERT 0 1
insert [0 cd 2]: ERROR: value for domain xd_pos violates check constraint "xd_pos_check" (SQLSTATE 23514)
insert [3  3]: INSERT 0 1
p:int4/-1 n:varchar/12 m:numeric/393222 c:int4/-1 s:int4/-1 
[31 6162 312e3530 35 32]
[33  332e3030 35 34]
p:int4/-1 n:varchar/12 m:numeric/393222 c:int4/-1 s:int4/-1 
[00000001 6162 000200000000000200011388 00000005 00000002]
[00000003  00010000000000020003 00000005 00000004]
`

// TestDomainUnsupported checks the errors for the domains not built:
// over other domains, arrays and composite types, and arrays of domains.
func TestDomainUnsupported(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	ctx := context.Background()
	if _, err := c.Exec(ctx, "CREATE DOMAIN xu_d AS int").ReadAll(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ sql, code string }{
		{"CREATE DOMAIN xu_dd AS xu_d", "0A000"},
		{"CREATE DOMAIN xu_arr AS int[]", "0A000"},
		{"CREATE TABLE xu_t (a xu_d[])", "42704"},
		{"SELECT '{1}'::xu_d[]", "42704"},
	} {
		_, err := c.Exec(ctx, tc.sql).ReadAll()
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != tc.code {
			t.Errorf("%s: %v, want %s", tc.sql, err, tc.code)
		}
	}
}

// typeOid is the oid of type name.
func typeOid(c *pgconn.PgConn, t *testing.T, name string) uint32 {
	t.Helper()
	r := c.ExecParams(context.Background(), "SELECT oid FROM pg_type WHERE typname = $1", [][]byte{[]byte(name)}, nil, nil, nil).Read()
	if r.Err != nil || len(r.Rows) != 1 {
		t.Fatalf("type %s: %v", name, r.Err)
	}
	v, err := strconv.ParseUint(string(r.Rows[0][0]), 10, 32)
	if err != nil {
		t.Fatal(err)
	}
	return uint32(v)
}
