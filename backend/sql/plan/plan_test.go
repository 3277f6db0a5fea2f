package plan

import (
	"flag"
	"os"
	"strings"
	"testing"

	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

var rewrite = flag.Bool("rewrite", false, "rewrite testdata/*.txt with the plans produced")

// fakeCatalog holds a few tables for planning tests.
type fakeCatalog map[string]*Table

func (c fakeCatalog) LookupTable(schema, name string) (*Table, error) {
	if t, ok := c[name]; ok {
		return t, nil
	}
	return nil, pgerr.New(pgerr.UndefinedTable, "relation %q does not exist", name)
}

func (c fakeCatalog) TableDefaults(t *Table) []string { return make([]string, len(t.Cols)) }

func table(oid uint32, name string, cols []TableColumn, indexes ...*Index) *Table {
	t := &Table{Oid: oid, Relfilenode: oid, Name: name, Schema: "public", Cols: cols, Kind: 'r', Indexes: indexes}
	attrs := make([]tuple.Attr, len(cols))
	for i, c := range cols {
		attrs[i] = types.Attr(c.Name, c.T)
	}
	t.Desc = tuple.MustDesc(attrs...)
	return t
}

func testCatalog() fakeCatalog {
	i4, txt, num := types.Of(types.Int4Oid), types.Of(types.TextOid), types.Of(types.NumericOid)
	pk := &Index{Oid: 101, Relfilenode: 101, Name: "t_pkey", Cols: []int{0}, Types: []types.T{i4}, Desc: []bool{false}, NullsFirst: []bool{false}, Unique: true, Primary: true}
	ab := &Index{Oid: 102, Relfilenode: 102, Name: "t_a_b_idx", Cols: []int{1, 2}, Types: []types.T{i4, txt}, Desc: []bool{false, false}, NullsFirst: []bool{false, false}}
	ut := &Index{Oid: 201, Relfilenode: 201, Name: "u_t_id_idx", Cols: []int{1}, Types: []types.T{i4}, Desc: []bool{false}, NullsFirst: []bool{false}}
	return fakeCatalog{
		"t": table(100, "t", []TableColumn{{Name: "id", T: i4, NotNull: true}, {Name: "a", T: i4}, {Name: "b", T: txt}}, pk, ab),
		"u": table(200, "u", []TableColumn{{Name: "id", T: i4}, {Name: "t_id", T: i4}, {Name: "c", T: num}}, ut),
	}
}

// TestPlans plans each statement of testdata/plans.txt and compares the
// EXPLAIN lines (or the error) with the expectation after "----".
func TestPlans(t *testing.T) { runPlanFile(t, "testdata/plans.txt") }

// runPlanFile plans each statement of a plan file over testCatalog and
// compares the EXPLAIN lines (or the error) with the expectation after
// "----"; -rewrite writes the plans produced instead.
func runPlanFile(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cat := testCatalog()
	var out strings.Builder
	for _, block := range strings.Split(strings.TrimSpace(string(data)), "\n\n") {
		sql, want, _ := strings.Cut(block, "\n----")
		want = strings.TrimPrefix(want, "\n")
		got := planText(cat, sql)
		if !*rewrite && got != want {
			t.Errorf("%s\ngot:\n%s\nwant:\n%s", sql, got, want)
		}
		out.WriteString(sql + "\n----\n" + got + "\n\n")
	}
	if *rewrite {
		if err := os.WriteFile(path, []byte(out.String()), 0644); err != nil {
			t.Fatal(err)
		}
	}
}

func planText(cat Catalog, sql string) string {
	stmts, err := parser.Parse(sql)
	if err != nil {
		return "error: " + pgerr.From(err).Message
	}
	q, err := Plan(stmts[0], sql, cat, types.DefaultEnv(), nil)
	if err != nil {
		e := pgerr.From(err)
		return "error: " + e.Code + " " + e.Message
	}
	return strings.Join(Explain(q), "\n")
}
