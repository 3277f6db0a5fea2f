package catalog

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"ringpg/backend/sql/types"
)

// storedAs maps the type oids PostgreSQL gives catalog columns to the ones
// this catalog stores (aclitem[] as text[], pg_node_tree as text; see the
// package documentation).
var storedAs = map[uint32]uint32{1034: types.TextArrayOid, 194: types.TextOid}

// TestCatalogColumns bootstraps a data directory and checks every catalog
// relation's columns against PostgreSQL 15's pg_attribute, recorded in
// testdata/pg15_catalog_columns.txt (relname|attnum|attname|atttypid).
func TestCatalogColumns(t *testing.T) {
	e := newEnv(t)
	f, err := os.Open("testdata/pg15_catalog_columns.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string][]string{}
	var order []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "|")
		if len(p) != 4 {
			t.Fatalf("bad line %q", sc.Text())
		}
		typ, _ := strconv.ParseUint(p[3], 10, 32)
		if s, ok := storedAs[uint32(typ)]; ok {
			typ = uint64(s)
		}
		if p[0] == "pg_statistic" && typ == uint64(types.AnyArrayOid) {
			typ = uint64(types.TextArrayOid) // stavaluesN (see PgStatistic)
		}
		if _, ok := want[p[0]]; !ok {
			order = append(order, p[0])
		}
		want[p[0]] = append(want[p[0]], fmt.Sprintf("%s %s %d", p[1], p[2], typ))
	}
	if len(order) != len(catalogs) {
		t.Fatalf("testdata has %d catalogs, the package %d", len(order), len(catalogs))
	}
	s := e.read()
	for _, name := range order {
		r, err := e.cat.LookupRelation(s, []string{"public"}, "", name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got []string
		for _, c := range r.Columns {
			got = append(got, fmt.Sprintf("%d %s %d", c.Num, c.Name, c.Type.Oid))
		}
		if strings.Join(got, "\n") != strings.Join(want[name], "\n") {
			t.Errorf("%s columns:\n got %v\nwant %v", name, got, want[name])
		}
		if r.Oid != r.Relfilenode || r.Kind != KindTable || r.Namespace != PgCatalogNamespace || r.NamespaceName != "pg_catalog" {
			t.Errorf("%s: %+v", name, r)
		}
		if r.Desc() == nil || r.Desc().Natts() != len(r.Columns) {
			t.Errorf("%s: bad descriptor", name)
		}
		// Qualified lookup and lookup by oid agree.
		q, err := e.cat.LookupRelation(s, nil, "pg_catalog", name)
		if err != nil || q != r {
			t.Errorf("pg_catalog.%s: %v", name, err)
		}
	}
}

// TestBootstrapRows checks the bootstrap rows other than the catalogs'.
func TestBootstrapRows(t *testing.T) {
	e := newEnv(t)
	s := e.read()
	for name, oid := range map[string]uint32{"template1": 1, "template0": 4, "postgres": 5} {
		d, err := e.cat.Database(s, name)
		if err != nil || d.Oid != oid || d.Owner != BootstrapSuperuser {
			t.Errorf("database %s: %+v %v", name, d, err)
		}
		if _, err := os.Stat(fmt.Sprintf("%s/base/%d/%d", e.dir, oid, PgClass)); err != nil {
			t.Errorf("database %s: %v", name, err)
		}
	}
	if _, err := e.cat.Database(s, "nope"); err == nil || !strings.Contains(err.Error(), `database "nope" does not exist`) {
		t.Errorf("missing database: %v", err)
	}
	r, err := e.cat.Role(s, "postgres")
	if err != nil || r.Oid != 10 || !r.Super || !r.CanLogin || !r.CreateDB {
		t.Errorf("role postgres: %+v %v", r, err)
	}
	for name, oid := range map[string]uint32{"pg_catalog": 11, "public": 2200, "pg_toast": 99} {
		got, err := e.cat.NamespaceOid(s, name)
		if err != nil || got != oid {
			t.Errorf("schema %s: %d %v", name, got, err)
		}
	}
	if _, err := e.cat.NamespaceOid(s, "nope"); err == nil || !strings.Contains(err.Error(), `schema "nope" does not exist`) {
		t.Errorf("missing schema: %v", err)
	}
	// Shared catalogs are shared: template1's catalog sees the same rows.
	n := 0
	if err := e.cat.scan(s, PgType, func(r *crow) (bool, error) { n++; return true, nil }); err != nil || n != len(allTypes()) {
		t.Errorf("pg_type rows: %d %v", n, err)
	}
	sys := map[string]int16{}
	if err := e.cat.scan(s, PgAttribute, func(r *crow) (bool, error) {
		if r.oid("attrelid") == PgClass && r.int2("attnum") < 0 {
			sys[r.name("attname")] = r.int2("attnum")
		}
		return true, nil
	}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(sys) != "map[cmax:-5 cmin:-3 ctid:-1 tableoid:-6 xmax:-4 xmin:-2]" {
		t.Errorf("system columns of pg_class: %v", sys)
	}
}
