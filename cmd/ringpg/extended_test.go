package main

import (
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestPgxExtendedProtocol: pgx prepares, describes and binds with binary
// results; values come back typed.
func TestPgxExtendedProtocol(t *testing.T) {
	s := startServer(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeDescribeExec, pgx.QueryExecModeExec} {
		cfg, err := pgx.ParseConfig(s.connString(""))
		if err != nil {
			t.Fatal(err)
		}
		cfg.DefaultQueryExecMode = mode
		c, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatalf("%v: %v", mode, err)
		}
		var (
			i    int32
			big  int64
			txt  string
			b    bool
			num  pgtype.Numeric
			null *string
		)
		err = c.QueryRow(ctx, "select 1, 5000000000, 'hi', true, 1.50, null").Scan(&i, &big, &txt, &b, &num, &null)
		if err != nil {
			t.Fatalf("%v: %v", mode, err)
		}
		f, _ := num.Float64Value()
		if i != 1 || big != 5000000000 || txt != "hi" || !b || f.Float64 != 1.5 || null != nil {
			t.Fatalf("%v: got %d %d %q %v %v %v", mode, i, big, txt, b, f, null)
		}
		var wm string
		if err := c.QueryRow(ctx, "show work_mem").Scan(&wm); err != nil || wm != "4MB" {
			t.Fatalf("%v: show work_mem = %q, %v", mode, wm, err)
		}
		if _, err := c.Exec(ctx, "set work_mem = '8MB'"); err != nil {
			t.Fatalf("%v: set: %v", mode, err)
		}
		tbl := fmt.Sprintf("ext_%d", mode)
		if _, err := c.Exec(ctx, "create table "+tbl+" (a int primary key, b text, c numeric, d timestamptz)"); err != nil {
			t.Fatalf("%v: create: %v", mode, err)
		}
		when := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
		for k := int32(1); k <= 3; k++ {
			if _, err := c.Exec(ctx, "insert into "+tbl+" values ($1, $2, $3, $4)", k, fmt.Sprint("v", k), float64(k)/2, when); err != nil {
				t.Fatalf("%v: insert with parameters: %v", mode, err)
			}
		}
		var gotB string
		var gotD time.Time
		if err := c.QueryRow(ctx, "select b, d from "+tbl+" where a = $1", int32(2)).Scan(&gotB, &gotD); err != nil || gotB != "v2" || !gotD.Equal(when) {
			t.Fatalf("%v: select by parameter: %q %v %v", mode, gotB, gotD, err)
		}
		if _, err := c.Exec(ctx, "insert into "+tbl+" values ($1)", int32(2)); err == nil || !strings.Contains(err.Error(), "23505") {
			t.Fatalf("%v: duplicate key answered %v", mode, err)
		}
		// The session is still usable after the error.
		if err := c.QueryRow(ctx, "select 2").Scan(&i); err != nil || i != 2 {
			t.Fatalf("%v: after an error: %d, %v", mode, i, err)
		}
		c.Close(ctx)
	}
}

// TestPgbenchProtocols runs a SELECT 1 script through pgbench with each
// query mode: no failed transactions.
func TestPgbenchProtocols(t *testing.T) {
	pgbench, err := exec.LookPath("pgbench")
	if err != nil {
		t.Skip("pgbench not installed")
	}
	s := startServer(t, "")
	script := t.TempDir() + "/select1.sql"
	if err := writeFile(script, "select 1;\n"); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"simple", "extended", "prepared"} {
		out, err := exec.Command(pgbench, "-n", "-h", "127.0.0.1", "-p", strconv.Itoa(s.port), "-U", "postgres",
			"-M", mode, "-f", script, "-c", "2", "-t", "200", "postgres").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "number of transactions actually processed: 400/400") {
			t.Fatalf("pgbench -M %s: %v\n%s", mode, err, out)
		}
	}
}
