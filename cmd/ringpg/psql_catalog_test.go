package main

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestPsqlCatalogOps runs psql's listings of operators, casts, operator
// classes and families, conversions, text search objects and extended
// statistics (\do, \dC, \dA*, \dc, \dF*, \dX) against a fresh ringpg and
// compares them with PostgreSQL 15's output in
// testdata/psql/catalog_ops.txt (same format as describe.txt). The
// patterns name types ringpg has, so both servers list the same built-in
// rows. Re-record with
//
//	go test ./cmd/ringpg -run TestPsqlCatalogOps -psql-record-from "host=/tmp port=5432"
func TestPsqlCatalogOps(t *testing.T) {
	if _, err := exec.LookPath("psql"); err != nil {
		t.Skip("psql is not installed")
	}
	const path = "testdata/psql/catalog_ops.txt"
	cases := readPsqlCases(t, path)
	if *psqlRecordFrom != "" {
		conn := []string{"-U", "postgres"}
		for _, kv := range strings.Fields(*psqlRecordFrom) {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "host":
				conn = append(conn, "-h", v)
			case "port":
				conn = append(conn, "-p", v)
			}
		}
		for i := range cases {
			cases[i].want = runPsql(t, conn, psqlDB, cases[i].cmd)
		}
		if err := writePsqlCases(path, cases); err != nil {
			t.Fatal(err)
		}
		return
	}
	s := startServer(t, "")
	conn := []string{"-h", "127.0.0.1", "-p", strconv.Itoa(s.port), "-U", "postgres"}
	for _, c := range cases {
		t.Run(c.cmd, func(t *testing.T) {
			if c.skip != "" {
				t.Skip(c.skip)
			}
			got := runPsql(t, conn, psqlDB, c.cmd)
			if got != c.want {
				t.Errorf("psql %s differs from PostgreSQL's:\n%s", c.cmd, lineDiff(c.want, got))
			}
		})
	}
}
