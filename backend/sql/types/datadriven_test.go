package types

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"ringpg/pgerr"
)

// The data-driven tests read testdata/*.txt: directives and cases, each
// case followed by its expected result as PostgreSQL 15 gave it.
//
//	set <setting> <value>           extra_float_digits, bytea_output, IntervalStyle, TimeZone
//	in <type> "<input>"             read the literal as the type, print it back
//	cast explicit|assign <from> <to> "<input>"
//	=> <output>                     expected text
//	!! <SQLSTATE> <message>         expected error
//	!D <detail>                     the error's DETAIL, when it has one
//
// go test -run TestData -update rewrites the expectations from a live
// PostgreSQL 15 (PGTYPES_DSN, default host=/tmp port=15520 user=postgres).
var update = flag.Bool("update", false, "rewrite testdata expectations from PostgreSQL")

type ddCase struct {
	line   int
	kind   string // set, in, cast
	args   []string
	input  string
	expect []string
}

func parseDD(t *testing.T, path string) (header []string, cases []*ddCase) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	var cur *ddCase
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "=> ") || line == "=>" || strings.HasPrefix(line, "!! ") || strings.HasPrefix(line, "!D "):
			if cur == nil {
				t.Fatalf("%s:%d: expectation without a case", path, n)
			}
			cur.expect = append(cur.expect, line)
			continue
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
			cur = nil
			cases = append(cases, &ddCase{line: n, kind: "raw", input: line})
			continue
		}
		fields := strings.Fields(line)
		c := &ddCase{line: n, kind: fields[0]}
		if c.kind == "set" {
			c.args = fields[1:]
			cases = append(cases, c)
			cur = nil
			continue
		}
		// The input is the quoted string that ends the line (a type name
		// may hold quotes too: "char").
		q, in := -1, ""
		for i := 0; i < len(line); i++ {
			if line[i] != '"' {
				continue
			}
			if v, err := strconv.Unquote(line[i:]); err == nil {
				q, in = i, v
				break
			}
		}
		if q < 0 {
			t.Fatalf("%s:%d: no quoted input", path, n)
		}
		c.args = strings.Fields(line[:q])[1:]
		c.input = in
		cases = append(cases, c)
		cur = c
	}
	return header, cases
}

func formatDD(cases []*ddCase) string {
	var b strings.Builder
	for _, c := range cases {
		switch c.kind {
		case "raw":
			b.WriteString(c.input)
		case "set":
			b.WriteString("set " + strings.Join(c.args, " "))
		default:
			b.WriteString(c.kind + " " + strings.Join(c.args, " ") + " " + strconv.Quote(c.input))
			for _, e := range c.expect {
				b.WriteString("\n" + e)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func resultLines(out string, err error) []string {
	if err != nil {
		e := pgerr.From(err)
		lines := []string{"!! " + e.Code + " " + e.Message}
		if e.Detail != "" {
			lines = append(lines, "!D "+e.Detail)
		}
		return lines
	}
	return []string{strings.TrimRight("=> "+out, " ") + tailMarker(out)}
}

// tailMarker keeps trailing spaces visible: an output that ends in spaces
// is written with a closing '|'.
func tailMarker(out string) string {
	if strings.HasSuffix(out, " ") {
		return strings.Repeat(" ", len(out)-len(strings.TrimRight(out, " "))) + "|"
	}
	return ""
}

// applySet applies a set directive to env.
func applySet(t *testing.T, env *Env, args []string) {
	v := strings.Join(args[1:], " ")
	switch strings.ToLower(args[0]) {
	case "extra_float_digits":
		n, _ := strconv.Atoi(v)
		env.ExtraFloatDigits = n
	case "bytea_output":
		env.ByteaOutput = v
	case "intervalstyle":
		env.IntervalStyle = v
	case "datestyle":
		env.DateStyle = v
	case "timezone":
		loc, err := time.LoadLocation(v)
		if err != nil {
			t.Fatalf("time zone %s: %v", v, err)
		}
		env.TimeZone = loc
	default:
		t.Fatalf("unknown setting %s", args[0])
	}
}

// runCase computes a case's result with this package.
func runCase(c *ddCase, env *Env) (string, error) {
	switch c.kind {
	case "in":
		typ, err := ParseTypeName(c.args[0])
		if err != nil {
			return "", err
		}
		if strings.Contains(c.args[0], "(") {
			// As a column's value: the input function with the typmod.
			d, err := Input(typ, c.input, env)
			if err != nil {
				return "", err
			}
			return Output(typ, d, env), nil
		}
		// As 'literal'::type: input without the typmod, then an explicit
		// length coercion (char means char(1)).
		d, err := Input(Of(typ.Oid), c.input, env)
		if err != nil {
			return "", err
		}
		if d, err = ApplyTypmod(typ, d, true); err != nil {
			return "", err
		}
		return Output(typ, d, env), nil
	case "cast":
		from, err := ParseTypeName(c.args[1])
		if err != nil {
			return "", err
		}
		to, err := ParseTypeName(c.args[2])
		if err != nil {
			return "", err
		}
		d, err := Input(from, c.input, env)
		if err != nil {
			return "", err
		}
		out, err := Cast(d, from, to, c.args[0] == "explicit", env)
		if err != nil {
			return "", err
		}
		return Output(to, out, env), nil
	}
	return "", fmt.Errorf("unknown case kind %q", c.kind)
}

func sqlLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// recordCase asks PostgreSQL for a case's result.
func recordCase(ctx context.Context, conn *pgconn.PgConn, c *ddCase) (string, error) {
	one := func(sql string) (string, error) {
		res := conn.ExecParams(ctx, sql, nil, nil, nil, nil).Read()
		if res.Err != nil {
			return "", res.Err
		}
		if len(res.Rows) != 1 {
			return "", fmt.Errorf("%d rows", len(res.Rows))
		}
		return string(res.Rows[0][0]), nil
	}
	exec := func(sql string) error {
		_, err := conn.Exec(ctx, sql).ReadAll()
		return err
	}
	switch c.kind {
	case "in":
		if strings.Contains(c.args[0], "(") {
			exec("BEGIN")
			defer exec("ROLLBACK")
			if err := exec("CREATE TEMP TABLE dd_t(x " + c.args[0] + ") ON COMMIT DROP"); err != nil {
				return "", err
			}
			return one("INSERT INTO dd_t VALUES (" + sqlLiteral(c.input) + ") RETURNING x")
		}
		return one("SELECT " + sqlLiteral(c.input) + "::" + c.args[0])
	case "cast":
		src := "CAST(" + sqlLiteral(c.input) + " AS " + c.args[1] + ")"
		if c.args[0] == "explicit" {
			return one("SELECT CAST(" + src + " AS " + c.args[2] + ")")
		}
		exec("BEGIN")
		defer exec("ROLLBACK")
		if err := exec("CREATE TEMP TABLE dd_t(x " + c.args[2] + ") ON COMMIT DROP"); err != nil {
			return "", err
		}
		return one("INSERT INTO dd_t VALUES (" + src + ") RETURNING x")
	}
	return "", fmt.Errorf("unknown case kind %q", c.kind)
}

func pgResultLines(out string, err error) []string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		lines := []string{"!! " + pe.Code + " " + pe.Message}
		if pe.Detail != "" {
			lines = append(lines, "!D "+pe.Detail)
		}
		return lines
	}
	if err != nil {
		return []string{"!! ????? " + err.Error()}
	}
	return resultLines(out, nil)
}

func runDataFile(t *testing.T, path string) {
	_, cases := parseDD(t, path)
	env := DefaultEnv()
	var conn *pgconn.PgConn
	ctx := context.Background()
	if *update {
		dsn := os.Getenv("PGTYPES_DSN")
		if dsn == "" {
			dsn = "host=/tmp port=15520 user=postgres"
		}
		var err error
		if conn, err = pgconn.Connect(ctx, dsn); err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		conn.Exec(ctx, "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = postgres; SET extra_float_digits = 1; SET bytea_output = hex").ReadAll()
	}
	for _, c := range cases {
		switch c.kind {
		case "raw":
			continue
		case "set":
			applySet(t, env, c.args)
			if conn != nil {
				conn.Exec(ctx, "SET "+c.args[0]+" = "+sqlLiteral(strings.Join(c.args[1:], " "))).ReadAll()
			}
			continue
		}
		if conn != nil {
			c.expect = pgResultLines(recordCase(ctx, conn, c))
		}
		got := resultLines(runCase(c, env))
		if strings.Join(got, "\n") != strings.Join(c.expect, "\n") {
			t.Errorf("%s:%d: %s %s %q\n got: %s\nwant: %s", path, c.line, c.kind, strings.Join(c.args, " "), c.input,
				strings.Join(got, "\n      "), strings.Join(c.expect, "\n      "))
		}
	}
	if *update {
		if err := os.WriteFile(path, []byte(formatDD(cases)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestData(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) { runDataFile(t, f) })
	}
}
