package funcs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"ringpg/backend/sql/types"
)

// testdata/resolve.txt: each case is "> op NAME T1 T2", "> prefix NAME T"
// or "> fn NAME T1 ...", where an argument is a type name (a column of
// that type, c1, c2... by position) or a quoted literal (an unknown). The
// expectation is the call as PostgreSQL's EXPLAIN VERBOSE prints it, with
// the coercions resolution chose, or the error.

type resolveCase struct {
	kind, name string
	args       []string // type names or 'literals'
}

func parseResolveCase(s string) resolveCase {
	f := strings.Fields(s)
	return resolveCase{kind: f[0], name: f[1], args: f[2:]}
}

func (rc resolveCase) argExpr(i int) string {
	if strings.HasPrefix(rc.args[i], "'") {
		return rc.args[i]
	}
	return fmt.Sprintf("c%d", i+1)
}

func (rc resolveCase) sql() string {
	var parts []string
	for i := range rc.args {
		parts = append(parts, rc.argExpr(i))
	}
	switch rc.kind {
	case "op":
		return parts[0] + " " + rc.name + " " + parts[1]
	case "prefix":
		return rc.name + " " + parts[0]
	}
	return rc.name + "(" + strings.Join(parts, ", ") + ")"
}

func (rc resolveCase) record(conn *pgx.Conn) []string {
	ctx := context.Background()
	var cols []string
	for i, a := range rc.args {
		if !strings.HasPrefix(a, "'") {
			cols = append(cols, fmt.Sprintf("c%d %s", i+1, a))
		}
	}
	q := "DROP TABLE IF EXISTS rt; CREATE TEMP TABLE rt(" + strings.Join(cols, ", ") + ")"
	if _, err := conn.Exec(ctx, q); err != nil {
		return []string{"! setup " + err.Error()}
	}
	rows, err := conn.Query(ctx, "EXPLAIN (VERBOSE, COSTS OFF) SELECT "+rc.sql()+" FROM rt", pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return []string{"! " + pe.Code + " " + pe.Message}
		}
		return []string{"! " + err.Error()}
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return []string{"! " + err.Error()}
		}
		if i := strings.Index(line, "Output: "); i >= 0 {
			out = append(out, "= "+line[i+len("Output: "):])
		}
	}
	if err := rows.Err(); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return []string{"! " + pe.Code + " " + pe.Message}
		}
		return []string{"! " + err.Error()}
	}
	return out
}

// render prints a resolved call as EXPLAIN VERBOSE does.
func (rc resolveCase) render(in, want []types.T) string {
	var parts []string
	for i := range rc.args {
		a := rc.args[i]
		if strings.HasPrefix(a, "'") {
			if want[i].Oid == types.UnknownOid {
				parts = append(parts, a)
			} else {
				parts = append(parts, constText(a[1:len(a)-1], want[i]))
			}
			continue
		}
		if in[i].Oid == want[i].Oid {
			parts = append(parts, fmt.Sprintf("c%d", i+1))
		} else {
			parts = append(parts, fmt.Sprintf("(c%d)::%s", i+1, types.FormatType(want[i])))
		}
	}
	if rc.kind == "op" && rc.name == "||" && !isArrayType(want[0].Oid) && !isArrayType(want[1].Oid) {
		// anytextcat and textanycat are SQL functions that PostgreSQL
		// inlines into a text cast and ||.
		for i := range parts {
			if !strings.HasPrefix(rc.args[i], "'") && types.Category(want[i].Oid) != types.CatString && !isArrayType(want[i].Oid) &&
				want[i].Oid != types.JSONBOid && want[i].Oid != types.ByteaOid {
				parts[i] = fmt.Sprintf("(c%d)::text", i+1)
			}
		}
	}
	switch rc.kind {
	case "op":
		return "(" + parts[0] + " " + rc.name + " " + parts[1] + ")"
	case "prefix":
		return "(" + rc.name + " " + parts[0] + ")"
	}
	return quoteIdent(rc.name) + "(" + strings.Join(parts, ", ") + ")"
}

// constText prints a literal the way PostgreSQL deparses a constant.
func constText(lit string, t types.T) string {
	switch t.Oid {
	case types.Int4Oid:
		if lit != "" && strings.Trim(lit, "0123456789") == "" {
			return lit
		}
	case types.NumericOid:
		if lit != "" && strings.Trim(lit, "0123456789.") == "" && strings.Contains(lit, ".") {
			return lit
		}
	case types.BoolOid:
		d, err := types.Input(t, lit, nil)
		if err == nil {
			if d.I != 0 {
				return "true"
			}
			return "false"
		}
	}
	return "'" + strings.ReplaceAll(lit, "'", "''") + "'::" + types.FormatType(t)
}

func TestResolve(t *testing.T) {
	path := "testdata/resolve.txt"
	head, cases := readCases(t, path)
	if *pgDSN != "" {
		conn, err := pgx.Connect(context.Background(), *pgDSN)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		for i := range cases {
			cases[i].want = parseResolveCase(cases[i].expr).record(conn)
		}
		writeCases(t, path, head, cases)
		return
	}
	for _, c := range cases {
		rc := parseResolveCase(c.expr)
		var in []types.T
		for _, a := range rc.args {
			if strings.HasPrefix(a, "'") {
				in = append(in, types.Of(types.UnknownOid))
				continue
			}
			tt, err := types.ParseTypeName(a)
			if err != nil {
				t.Fatal(err)
			}
			in = append(in, tt)
		}
		var got string
		switch rc.kind {
		case "op", "prefix":
			var r *ResolvedOp
			var err error
			if rc.kind == "op" {
				r, err = ResolveOperator(rc.name, in[0], in[1])
			} else {
				r, err = ResolveOperator(rc.name, types.T{}, in[0])
			}
			if err != nil {
				got = errLine(err)
			} else if rc.kind == "op" {
				got = "= " + rc.render(in, []types.T{r.Left, r.Right})
			} else {
				got = "= " + rc.render(in, []types.T{r.Right})
			}
		default:
			r, err := ResolveFunc(rc.name, in, false)
			if err != nil {
				got = errLine(err)
			} else {
				got = "= " + rc.render(in, r.ArgTypes)
			}
		}
		if got != strings.Join(c.want, "\n") {
			t.Errorf("%s\n got: %s\nwant: %s", c.expr, got, strings.Join(c.want, " / "))
		}
	}
}
