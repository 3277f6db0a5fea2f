package datetime

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"ringpg/pgerr"
)

// -record=<conninfo> rewrites the expected column of testdata/*.tsv from a
// PostgreSQL 15 server.
var record = flag.String("record", "", "PostgreSQL connection string to record expectations from")

// caseOp is one operation of the case files: how many arguments it takes,
// the SQL that computes it in PostgreSQL, and how this package computes it.
type caseOp struct {
	nargs int
	sql   string
	run   func(args []string, loc *time.Location, style IntervalStyle) (string, error)
}

// fixedNow is the transaction start the tests pass for 'now' (cases avoid
// it, as PostgreSQL's would differ).
var fixedNow = int64(0)

type tcase struct {
	line     int
	op, tz   string
	args     []string
	expected string
	raw      string
}

func readCases(t testing.TB, path string) []tcase {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []tcase
	sc := bufio.NewScanner(f)
	ln := 0
	for sc.Scan() {
		ln++
		s := sc.Text()
		if s == "" || strings.HasPrefix(s, "#") {
			out = append(out, tcase{line: ln, raw: s})
			continue
		}
		fs := strings.Split(s, "\t")
		op, ok := caseOps[fs[0]]
		if !ok || len(fs) < 2+op.nargs {
			t.Fatalf("%s:%d: bad case %q", path, ln, s)
		}
		c := tcase{line: ln, op: fs[0], tz: fs[1], args: fs[2 : 2+op.nargs], raw: s}
		if len(fs) > 2+op.nargs {
			c.expected = strings.Join(fs[2+op.nargs:], "\t")
		}
		out = append(out, c)
	}
	return out
}

func errString(code, msg string) string { return "ERROR " + code + " " + msg }

func recordCases(t *testing.T, path string, cases []tcase) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, *record)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var sb strings.Builder
	for _, c := range cases {
		if c.op == "" {
			sb.WriteString(c.raw + "\n")
			continue
		}
		op := caseOps[c.op]
		if _, err := conn.Exec(ctx, "set timezone to '"+c.tz+"'"); err != nil {
			t.Fatal(err)
		}
		style := "postgres"
		switch {
		case strings.HasSuffix(c.op, "_iso"):
			style = "iso_8601"
		case strings.HasSuffix(c.op, "_sql"):
			style = "sql_standard"
		case strings.HasSuffix(c.op, "_verbose"):
			style = "postgres_verbose"
		}
		if _, err := conn.Exec(ctx, "set datestyle to 'ISO, MDY'"); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "set intervalstyle to "+style); err != nil {
			t.Fatal(err)
		}
		args := make([]any, len(c.args))
		for i, a := range c.args {
			args[i] = a
		}
		var res string
		if err := conn.QueryRow(ctx, op.sql, args...).Scan(&res); err != nil {
			var pe *pgconn.PgError
			if !errors.As(err, &pe) {
				t.Fatalf("%s:%d: %v", path, c.line, err)
			}
			res = errString(pe.Code, pe.Message)
		}
		sb.WriteString(c.op + "\t" + c.tz + "\t" + strings.Join(c.args, "\t") + "\t" + res + "\n")
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func styleOf(op string) IntervalStyle {
	switch {
	case strings.HasSuffix(op, "_iso"):
		return IntervalISO8601
	case strings.HasSuffix(op, "_sql"):
		return IntervalSQLStandard
	case strings.HasSuffix(op, "_verbose"):
		return IntervalPostgresVerbose
	}
	return IntervalPostgres
}

func runCaseFile(t *testing.T, path string) {
	cases := readCases(t, path)
	if *record != "" {
		recordCases(t, path, cases)
		cases = readCases(t, path)
	}
	for _, c := range cases {
		if c.op == "" {
			continue
		}
		loc, err := LoadZone(c.tz)
		if err != nil {
			t.Fatalf("%s:%d: zone %q: %v", path, c.line, c.tz, err)
		}
		got, err := caseOps[c.op].run(c.args, loc, styleOf(c.op))
		if err != nil {
			var e *pgerr.Error
			if errors.As(err, &e) {
				got = errString(e.Code, e.Message)
			} else {
				got = "GOERR " + err.Error()
			}
		}
		if got != c.expected {
			t.Errorf("%s:%d: %s[%s](%q) = %q, want %q", path, c.line, c.op, c.tz, c.args, got, c.expected)
		}
	}
}

// TestCases checks every case file against the results PostgreSQL 15 gave.
func TestCases(t *testing.T) {
	for _, f := range []string{"testdata/cases.tsv", "testdata/interval.tsv", "testdata/arith.tsv", "testdata/funcs.tsv", "testdata/tochar.tsv", "testdata/datestyle.tsv", "testdata/more.tsv"} {
		if _, err := os.Stat(f); err == nil {
			runCaseFile(t, f)
		}
	}
}
