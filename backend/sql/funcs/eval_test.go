package funcs

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// The data-driven tests read testdata/*.txt: each case is a line "> expr"
// followed by its expected rows ("= value", "= <NULL>") or error
// ("! SQLSTATE message"). With -pg set to a PostgreSQL 15 connection
// string the expectations are rewritten from that server instead.
var pgDSN = flag.String("pg", "", "PostgreSQL 15 connection string to record expectations from")

type evalCase struct {
	expr string
	want []string
}

func readCases(t *testing.T, path string) (head []string, cases []evalCase) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "> "):
			cases = append(cases, evalCase{expr: line[2:]})
		case len(cases) > 0 && (strings.HasPrefix(line, "= ") || strings.HasPrefix(line, "! ") || line == "="):
			cases[len(cases)-1].want = append(cases[len(cases)-1].want, line)
		case len(cases) == 0:
			head = append(head, line)
		}
	}
	return head, cases
}

func writeCases(t *testing.T, path string, head []string, cases []evalCase) {
	var b strings.Builder
	for _, h := range head {
		b.WriteString(h + "\n")
	}
	for _, c := range cases {
		b.WriteString("> " + c.expr + "\n")
		for _, w := range c.want {
			b.WriteString(w + "\n")
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func errLine(err error) string {
	e := pgerr.From(err)
	return "! " + e.Code + " " + e.Message
}

// record asks PostgreSQL for the expected rows of sql.
func record(conn *pgx.Conn, sql string) []string {
	ctx := context.Background()
	res := conn.PgConn().Exec(ctx, sql)
	results, err := res.ReadAll()
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return []string{"! " + pe.Code + " " + pe.Message}
		}
		return []string{"! XX000 " + err.Error()}
	}
	var out []string
	last := results[len(results)-1]
	for _, row := range last.Rows {
		var cols []string
		for _, v := range row {
			if v == nil {
				cols = append(cols, "<NULL>")
			} else {
				cols = append(cols, strings.ReplaceAll(string(v), "\n", `\n`))
			}
		}
		out = append(out, "= "+strings.Join(cols, "|"))
	}
	return out
}

func TestEval(t *testing.T) {
	files, _ := filepath.Glob("testdata/eval_*.txt")
	var conn *pgx.Conn
	if *pgDSN != "" {
		var err error
		conn, err = pgx.Connect(context.Background(), *pgDSN)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "SET TimeZone = 'UTC'"); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			head, cases := readCases(t, path)
			if conn != nil {
				for i := range cases {
					cases[i].want = record(conn, toSQL(cases[i].expr))
				}
				writeCases(t, path, head, cases)
				return
			}
			for _, c := range cases {
				got := evalLines(c.expr)
				if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
					t.Errorf("%s\n got: %s\nwant: %s", c.expr, strings.Join(got, " / "), strings.Join(c.want, " / "))
				}
			}
		})
	}
}

// toSQL turns a test expression into the query PostgreSQL runs.
func toSQL(expr string) string {
	switch {
	case strings.HasPrefix(expr, "from "):
		return "SELECT * FROM " + expr[5:]
	case strings.HasPrefix(expr, "agg "), strings.HasPrefix(expr, "win "):
		return aggSQL(expr)
	}
	return "SELECT " + expr
}

// evalLines runs a test expression through the registry.
func evalLines(expr string) []string {
	c := testCtx()
	switch {
	case strings.HasPrefix(expr, "agg "):
		return runAgg(c, expr)
	case strings.HasPrefix(expr, "win "):
		return runWin(c, expr)
	}
	srf := strings.HasPrefix(expr, "from ")
	if srf {
		expr = expr[5:]
	}
	p := &exprParser{src: expr}
	n, err := p.parse()
	if err != nil {
		return []string{"! PARSE " + err.Error()}
	}
	if srf {
		rows, err := evalSRF(c, n)
		if err != nil {
			return []string{errLine(err)}
		}
		return rows
	}
	d, typ, err := n.eval(c)
	if err != nil {
		return []string{errLine(err)}
	}
	return []string{"= " + show(c, typ, d)}
}

func show(c *Ctx, t types.T, d types.Datum) string {
	if d.Null {
		return "<NULL>"
	}
	if t.Oid == types.UnknownOid {
		t = types.Of(types.TextOid)
	}
	return strings.ReplaceAll(string(types.AppendOutput(nil, t, d, c.Env)), "\n", `\n`)
}

func testCtx() *Ctx {
	env := types.DefaultEnv()
	env.RegtypeOut = func(oid types.Oid) (string, bool) {
		if types.Lookup(oid) == nil {
			return "", false
		}
		return typeName(oid), true
	}
	return &Ctx{Env: env, TxnStart: 0, StmtStart: 0}
}

var _ = fmt.Sprint
