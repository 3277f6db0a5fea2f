package numeric

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"ringpg/pgerr"
)

// -record=<conninfo> rewrites the expected column of testdata/cases.tsv
// from a PostgreSQL 15 server.
var record = flag.String("record", "", "PostgreSQL connection string to record expectations from")

// arity is the number of arguments each operation of cases.tsv takes.
var arity = map[string]int{
	"parse": 1, "add": 2, "sub": 2, "mul": 2, "div": 2, "divtrunc": 2, "mod": 2,
	"round": 2, "trunc": 2, "ceil": 1, "floor": 1, "int8": 1, "int4": 1, "int2": 1,
	"fromfloat": 1, "typmod": 2, "cmp": 2, "send": 1, "sqrt": 1, "exp": 1, "ln": 1,
	"log10": 1, "log": 2, "power": 2,
}

// sqlFor returns the query that computes op in PostgreSQL.
func sqlFor(op, b string) string {
	n := func(i int) string { return "$" + strconv.Itoa(i) + "::text::numeric" }
	switch op {
	case "parse":
		return "select " + n(1) + "::text"
	case "add", "sub", "mul", "div", "mod":
		sym := map[string]string{"add": "+", "sub": "-", "mul": "*", "div": "/", "mod": "%"}[op]
		return "select (" + n(1) + sym + n(2) + ")::text"
	case "divtrunc":
		return "select div(" + n(1) + "," + n(2) + ")::text"
	case "round", "trunc":
		return "select " + op + "(" + n(1) + ", $2::text::int)::text"
	case "ceil", "floor", "sqrt", "exp", "ln":
		return "select " + op + "(" + n(1) + ")::text"
	case "log10":
		return "select log(" + n(1) + ")::text"
	case "log", "power":
		return "select " + op + "(" + n(1) + "," + n(2) + ")::text"
	case "int8", "int4", "int2":
		return "select " + n(1) + "::" + op + "::text"
	case "fromfloat":
		return "select $1::text::float8::numeric::text"
	case "typmod":
		return "select $1::text::numeric(" + b + ")::text"
	case "cmp":
		return "select (case when " + n(1) + "<" + n(2) + " then -1 when " + n(1) + ">" + n(2) + " then 1 else 0 end)::text"
	case "send":
		return "select encode(numeric_send(" + n(1) + "), 'hex')"
	}
	return ""
}

func errString(code, msg, detail string) string {
	s := "ERROR " + code + " " + msg
	if detail != "" {
		s += " DETAIL: " + detail
	}
	return s
}

// compute evaluates op with this package, formatted as the expected column.
func compute(op string, args []string) string {
	res, err := computeErr(op, args)
	if err != nil {
		var e *pgerr.Error
		if errors.As(err, &e) {
			return errString(e.Code, e.Message, e.Detail)
		}
		return "GOERR " + err.Error()
	}
	return res
}

func computeErr(op string, args []string) (string, error) {
	if op == "fromfloat" {
		f, err := strconv.ParseFloat(args[0], 64)
		if err != nil && !strings.Contains(err.Error(), "range") {
			return "", err
		}
		d, err := FromFloat64(f)
		if err != nil {
			return "", err
		}
		return d.String(), nil
	}
	a, err := Parse(args[0])
	if err != nil {
		return "", err
	}
	var b *Decimal
	if len(args) > 1 && op != "round" && op != "trunc" && op != "typmod" {
		if b, err = Parse(args[1]); err != nil {
			return "", err
		}
	}
	var r *Decimal
	switch op {
	case "parse":
		r = a
	case "add":
		r, err = Add(a, b)
	case "sub":
		r, err = Sub(a, b)
	case "mul":
		r, err = Mul(a, b)
	case "div":
		r, err = Div(a, b)
	case "divtrunc":
		r, err = DivTrunc(a, b)
	case "mod":
		r, err = Mod(a, b)
	case "round", "trunc":
		sc, _ := strconv.Atoi(args[1])
		if op == "round" {
			r, err = Round(a, int32(sc))
		} else {
			r, err = Trunc(a, int32(sc))
		}
	case "ceil":
		r, err = Ceil(a)
	case "floor":
		r, err = Floor(a)
	case "sqrt":
		r, err = Sqrt(a)
	case "exp":
		r, err = Exp(a)
	case "ln":
		r, err = Ln(a)
	case "log10":
		r, err = Log10(a)
	case "log":
		r, err = Log(a, b)
	case "power":
		r, err = Power(a, b)
	case "int8":
		v, err := a.Int64()
		return strconv.FormatInt(v, 10), err
	case "int4":
		v, err := a.Int32()
		return strconv.FormatInt(int64(v), 10), err
	case "int2":
		v, err := a.Int16()
		return strconv.FormatInt(int64(v), 10), err
	case "typmod":
		ps := strings.Split(args[1], ",")
		p, _ := strconv.Atoi(ps[0])
		s, _ := strconv.Atoi(ps[1])
		tm, terr := MakeTypmod(int32(p), int32(s))
		if terr != nil {
			return "", terr
		}
		r, err = ApplyTypmod(a, tm)
	case "cmp":
		return strconv.Itoa(Cmp(a, b)), nil
	case "send":
		return hex.EncodeToString(a.AppendSend(nil)), nil
	}
	if err != nil {
		return "", err
	}
	return r.String(), nil
}

type tcase struct {
	line     int
	op       string
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
		f := strings.Split(s, "\t")
		n, ok := arity[f[0]]
		if !ok || len(f) < 1+n {
			t.Fatalf("%s:%d: bad case %q", path, ln, s)
		}
		c := tcase{line: ln, op: f[0], args: f[1 : 1+n], raw: s}
		if len(f) > 1+n {
			c.expected = strings.Join(f[1+n:], "\t")
		}
		out = append(out, c)
	}
	return out
}

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
		b := ""
		if len(c.args) > 1 {
			b = c.args[1]
		}
		q := sqlFor(c.op, b)
		var args []any
		for i, a := range c.args {
			if c.op == "typmod" && i == 1 {
				break
			}
			args = append(args, a)
		}
		var res string
		err := conn.QueryRow(ctx, q, args...).Scan(&res)
		if err != nil {
			var pe *pgconn.PgError
			if !errors.As(err, &pe) {
				t.Fatal(err)
			}
			res = errString(pe.Code, pe.Message, pe.Detail)
		}
		sb.WriteString(c.op + "\t" + strings.Join(c.args, "\t") + "\t" + res + "\n")
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCases checks every case of testdata/cases.tsv against the result
// PostgreSQL 15 gave.
func TestCases(t *testing.T) {
	for _, path := range []string{"testdata/cases.tsv", "testdata/generated.tsv"} {
		runCases(t, path)
	}
}

func runCases(t *testing.T, path string) {
	cases := readCases(t, path)
	if *record != "" {
		recordCases(t, path, cases)
		cases = readCases(t, path)
	}
	for _, c := range cases {
		if c.op == "" {
			continue
		}
		got := compute(c.op, c.args)
		if got != c.expected {
			t.Errorf("%s:%d: %s(%q) = %q, want %q", path, c.line, c.op, c.args, clip(got), clip(c.expected))
		}
	}
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:100] + "..." + s[len(s)-100:]
	}
	return s
}
