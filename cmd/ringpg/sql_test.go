package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// The differential SQL tests: every testdata/sql/NAME.sql runs statement by
// statement against a ringpg server and its results must equal
// testdata/sql/NAME.expected, which was recorded from PostgreSQL 15 with
//
//	go test ./cmd/ringpg -run TestSQL -record-from "host=/tmp port=5432 user=postgres"
//
// (the file runs in database postgres of that server, which it must leave
// as it found it: each file drops what it creates).
var recordFrom = flag.String("record-from", "", "record testdata/sql/*.expected from the PostgreSQL server at this connection string")

func TestSQL(t *testing.T) {
	files, _ := filepath.Glob("testdata/sql/*.sql")
	if len(files) == 0 {
		t.Fatal("no testdata/sql/*.sql")
	}
	if *recordFrom != "" {
		// One subtest per file, so that -run TestSQL/NAME records only NAME.
		for _, f := range files {
			f := f
			t.Run(filepath.Base(f), func(t *testing.T) {
				c, err := pgconn.Connect(context.Background(), *recordFrom)
				if err != nil {
					t.Fatal(err)
				}
				out := runSQLFile(t, c, f)
				c.Close(context.Background())
				if err := os.WriteFile(strings.TrimSuffix(f, ".sql")+".expected", []byte(out), 0644); err != nil {
					t.Fatal(err)
				}
			})
		}
		return
	}
	s := startServer(t, "")
	for _, f := range files {
		f := f
		t.Run(filepath.Base(f), func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(f, ".sql") + ".expected")
			if err != nil {
				t.Fatal(err)
			}
			// Twice on one connection: the second run meets the plan
			// cache with every statement it planned the first time. A
			// race-built server (5-10x slower) runs each file once: the
			// plan cache's answers are checked by the ordinary build, and
			// the race detector learns nothing more from a second pass.
			c := s.mustConnect()
			runs := 2
			if os.Getenv("RINGPG_TEST_RACE") == "1" {
				runs = 1
			}
			for run := 1; run <= runs; run++ {
				got := runSQLFile(t, c, f)
				if got != string(want) {
					t.Fatalf("%s (run %d) differs from PostgreSQL's:\n%s", f, run, lineDiff(string(want), got))
				}
			}
		})
	}
}

// runSQLFile runs each statement of a file (statements end with ";" at the
// end of a line) and renders what came back.
func runSQLFile(t *testing.T, c *pgconn.PgConn, path string) string {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	var stmt strings.Builder
	for _, line := range strings.Split(string(src), "\n") {
		if stmt.Len() == 0 && (strings.TrimSpace(line) == "" || strings.HasPrefix(line, "--")) {
			continue
		}
		stmt.WriteString(line)
		stmt.WriteString("\n")
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			sql := strings.TrimSpace(stmt.String())
			stmt.Reset()
			out.WriteString("> " + strings.ReplaceAll(sql, "\n", "\n> ") + "\n")
			out.WriteString(renderResult(c, sql))
		}
	}
	return out.String()
}

func renderResult(c *pgconn.PgConn, sql string) string {
	return render(c, sql, renderOpts{tags: true, details: true, errorSep: " "})
}

// renderOpts says what render shows: command tags, error DETAIL lines,
// and what separates "ERROR code:" from the message.
type renderOpts struct {
	tags, details bool
	errorSep      string
}

// render runs sql with the simple protocol and prints its results: column
// names and rows separated by "|" (NULL spelled out), then, per options,
// command tags and the error's code, message and detail.
func render(c *pgconn.PgConn, sql string, o renderOpts) string {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := c.Exec(ctx, sql).ReadAll()
	var b strings.Builder
	for _, r := range res {
		if r.Err != nil {
			break
		}
		if len(r.FieldDescriptions) > 0 {
			names := make([]string, len(r.FieldDescriptions))
			for i, f := range r.FieldDescriptions {
				names[i] = f.Name
			}
			b.WriteString(strings.Join(names, "|") + "\n")
			for _, row := range r.Rows {
				vals := make([]string, len(row))
				for i, v := range row {
					if v == nil {
						vals[i] = "NULL"
					} else {
						vals[i] = string(v)
					}
				}
				b.WriteString(strings.Join(vals, "|") + "\n")
			}
		}
		if o.tags {
			b.WriteString(r.CommandTag.String() + "\n")
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		fmt.Fprintf(&b, "ERROR %s:%s%s\n", pe.Code, o.errorSep, pe.Message)
		if o.details && pe.Detail != "" {
			fmt.Fprintf(&b, "DETAIL: %s\n", pe.Detail)
		}
	} else if err != nil {
		fmt.Fprintf(&b, "FAILED: %v\n", err)
	}
	return b.String()
}

// lineDiff shows the first differing lines.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d\n  postgres: %s\n  ringpg:   %s\n", i+1, wl, gl)
			if shown++; shown >= 15 {
				break
			}
		}
	}
	return b.String()
}
