package plan

import (
	"strings"
	"testing"

	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

func TestColumnConversion(t *testing.T) {
	cat := testCatalog()
	tab := cat["t"] // id int4, a int4, b text
	vc := func(n int32) types.T { return types.T{Oid: types.VarcharOid, Mod: n + types.VarHdrSz} }
	cases := []struct {
		name    string
		col     int
		to      types.T
		using   string
		rewrite bool
		err     string // SQLSTATE and message
	}{
		{"int to bigint", 1, types.Of(types.Int8Oid), "", true, ""},
		{"same type", 1, types.Of(types.Int4Oid), "", false, ""},
		{"text to varchar", 2, types.Of(types.VarcharOid), "", false, ""},
		{"text to varchar(n)", 2, vc(3), "", true, ""},
		{"text to int", 2, types.Of(types.Int4Oid), "", false, `42804 column "b" cannot be cast automatically to type integer`},
		{"text to int using", 2, types.Of(types.Int4Oid), "b::int", true, ""},
		{"using the column itself", 1, types.Of(types.Int4Oid), "a", false, ""},
		{"using another column", 1, types.Of(types.Int4Oid), "id", true, ""},
		{"using an expression", 1, types.Of(types.Int4Oid), "a + 0", true, ""},
		{"using a result that does not convert", 1, types.Of(types.DateOid), "a", false,
			`42804 result of USING clause for column "a" cannot be cast automatically to type date`},
		{"using a sub-query", 1, types.Of(types.Int4Oid), "(SELECT 1)", false, "0A000 cannot use subquery in transform expression"},
		{"using an aggregate", 1, types.Of(types.Int4Oid), "sum(a)", false, "42803 aggregate functions are not allowed in transform expressions"},
	}
	for _, c := range cases {
		var using parser.Expr
		if c.using != "" {
			stmts, err := parser.Parse("SELECT " + c.using)
			if err != nil {
				t.Fatal(err)
			}
			using = stmts[0].(*parser.SelectStmt).Targets[0].Val
		}
		_, rewrite, err := ColumnConversion(tab, c.col, c.to, using, cat, nil)
		if c.err != "" {
			pe, ok := err.(*pgerr.Error)
			if !ok || pe.Code+" "+pe.Message != c.err {
				t.Errorf("%s: error %v, want %s", c.name, err, c.err)
			}
			continue
		}
		if err != nil || rewrite != c.rewrite {
			t.Errorf("%s: rewrite %v, %v; want %v", c.name, rewrite, err, c.rewrite)
		}
	}
}

func TestColumnsRead(t *testing.T) {
	cat := testCatalog()
	cases := []struct {
		sql  string
		want string // per table oid: the columns read
	}{
		{"SELECT a FROM t", "100:a"},
		{"SELECT * FROM t", "100:id,a,b"},
		{"SELECT count(*) FROM t", "100:"},
		{"SELECT 1 WHERE EXISTS (SELECT 1 FROM u WHERE c > 0)", "200:c"},
		{"SELECT t.b FROM t JOIN u ON u.t_id = t.id", "100:id,b 200:t_id"},
	}
	for _, c := range cases {
		reads, err := ColumnsRead(c.sql, cat, nil)
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		var got []string
		for _, name := range []string{"t", "u"} {
			tab := cat[name]
			r, ok := reads[tab.Oid]
			if !ok {
				continue
			}
			var cols []string
			for i, used := range r {
				if used {
					cols = append(cols, tab.Cols[i].Name)
				}
			}
			got = append(got, strings.Join([]string{itoa(int(tab.Oid)), strings.Join(cols, ",")}, ":"))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: read %q, want %q", c.sql, strings.Join(got, " "), c.want)
		}
	}
}
