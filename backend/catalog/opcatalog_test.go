package catalog

import (
	"fmt"
	"slices"
	"testing"

	"ringpg/backend/sql/types"
)

// opCatalogEnv bootstraps a data directory whose pg_proc holds only
// int4eq, int4lt and btint4cmp.
func opCatalogEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	procs := []Proc{
		{Oid: 65, Name: "int4eq", Args: []uint32{23, 23}, Result: 16, Strict: true, Volatility: 'i'},
		{Oid: 66, Name: "int4lt", Args: []uint32{23, 23}, Result: 16, Strict: true, Volatility: 'i'},
		{Oid: 351, Name: "btint4cmp", Args: []uint32{23, 23}, Result: 23, Strict: true, Volatility: 'i'},
	}
	if err := Bootstrap(dir, procs...); err != nil {
		t.Fatal(err)
	}
	seg := testSegment(t, 2)
	t.Cleanup(func() { seg.Close() })
	return attachEnv(t, seg, 0, dir, PostgresDB)
}

// opRows returns the rows of catalog rel formatted by f, sorted.
func opRows(t *testing.T, e *env, rel uint32, f func(r *crow) string) []string {
	t.Helper()
	var out []string
	err := e.cat.scan(e.read(), rel, func(r *crow) (bool, error) {
		out = append(out, f(r))
		return true, r.err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestOpCatalogRows: Bootstrap keeps the operators, family members and
// casts whose functions pg_proc has, clears commutators and negators
// left out, and writes the kept objects' comments.
func TestOpCatalogRows(t *testing.T) {
	e := opCatalogEnv(t)
	for _, c := range []struct {
		rel  uint32
		f    func(r *crow) string
		want []string
	}{
		{PgOperator, func(r *crow) string {
			return fmt.Sprintf("%d %s %d %d %d com=%d neg=%d %d", r.oid("oid"), r.name("oprname"), r.oid("oprleft"),
				r.oid("oprright"), r.oid("oprresult"), r.oid("oprcom"), r.oid("oprnegate"), r.oid("oprcode"))
		}, []string{"96 = 23 23 16 com=96 neg=0 65", "97 < 23 23 16 com=0 neg=0 66"}},
		{PgAmop, func(r *crow) string {
			return fmt.Sprintf("%d %d %d", r.oid("amopfamily"), r.int2("amopstrategy"), r.oid("amopopr"))
		}, []string{"1976 1 97", "1976 3 96", "1977 1 96"}},
		{PgAmproc, func(r *crow) string {
			return fmt.Sprintf("%d %d %d", r.oid("amprocfamily"), r.int2("amprocnum"), r.oid("amproc"))
		}, []string{"1976 1 351"}},
		{PgCast, func(r *crow) string {
			if r.oid("castfunc") != 0 {
				return fmt.Sprintf("cast %d with function %d", r.oid("oid"), r.oid("castfunc"))
			}
			return "binary or I/O"
		}, nil},
		{PgDescription, func(r *crow) string {
			if r.oid("classoid") != PgOperator {
				return ""
			}
			return fmt.Sprintf("%d %s", r.oid("objoid"), r.text("description"))
		}, nil},
	} {
		got := opRows(t, e, c.rel, c.f)
		switch c.rel {
		case PgCast:
			got = slices.Compact(got)
			c.want = []string{"binary or I/O"}
		case PgDescription:
			got = slices.DeleteFunc(got, func(s string) bool { return s == "" })
			c.want = []string{"96 equal", "97 less than"}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", catalogByOid[c.rel].name, got, c.want)
		}
	}
	// Classes do not depend on functions: int4_ops is there for both.
	got := opRows(t, e, PgOpclass, func(r *crow) string {
		return fmt.Sprintf("%d %d %s %d", r.oid("oid"), r.oid("opcmethod"), r.name("opcname"), r.oid("opcfamily"))
	})
	for _, want := range []string{"1978 403 int4_ops 1976", "10020 405 int4_ops 1977"} {
		if !slices.Contains(got, want) {
			t.Errorf("pg_opclass lacks %q", want)
		}
	}
}

func TestObjectNamespace(t *testing.T) {
	e := opCatalogEnv(t)
	for _, c := range []struct {
		class, oid uint32
		found      bool
	}{
		{PgOperator, 96, true},
		{PgOperator, 518, false}, // int4ne is not in this pg_proc
		{PgOpclass, 1978, true},
		{PgOpfamily, 1976, true},
		{PgTsConfig, 3748, true},
		{PgCollation, CCollation, true},
		{PgStatisticExt, 1, false},
	} {
		ns, found, err := e.cat.ObjectNamespace(e.read(), c.class, c.oid)
		if err != nil || found != c.found || found && ns != PgCatalogNamespace {
			t.Errorf("ObjectNamespace(%d, %d) = %d, %v, %v", c.class, c.oid, ns, found, err)
		}
	}
	if _, _, err := e.cat.ObjectNamespace(e.read(), PgClass, 1); err == nil {
		t.Error("ObjectNamespace(pg_class) did not fail")
	}
}

func TestDefaultBtreeOpclass(t *testing.T) {
	for _, c := range []struct {
		typ  types.Oid
		want uint32
	}{
		{types.Int4Oid, 1978},
		{types.TextOid, 3126},
		{types.VarcharOid, 3126}, // binary coercible to text
		{types.Int4ArrayOid, 10000},
		{types.TimestampTZOid, 3127},
		{types.Oid(2281), 0}, // internal
	} {
		if got := defaultBtreeOpclass(c.typ); got != c.want {
			t.Errorf("defaultBtreeOpclass(%d) = %d, want %d", c.typ, got, c.want)
		}
	}
}
