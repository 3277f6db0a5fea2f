package catalog

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSystemCatalogsProtected: DDL on a catalog relation is refused as
// PostgreSQL refuses it.
func TestSystemCatalogsProtected(t *testing.T) {
	e := newEnv(t)
	steps := []func(tx *ftx, s *snap) error{
		func(tx *ftx, s *snap) error { _, err := e.cat.DropRelation(tx, s, PgClass, false); return err },
		func(tx *ftx, s *snap) error { return e.cat.RenameRelation(tx, s, PgClass, "x") },
		func(tx *ftx, s *snap) error {
			_, err := e.cat.AddColumn(tx, s, PgClass, ColumnSpec{Name: "x", Type: tInt4})
			return err
		},
		func(tx *ftx, s *snap) error { return e.cat.DropColumn(tx, s, PgClass, "relname", false) },
		func(tx *ftx, s *snap) error { _, err := e.cat.SetRelfilenode(tx, s, PgClass); return err },
		func(tx *ftx, s *snap) error {
			_, err := e.cat.CreateIndex(tx, s, IndexSpec{Rel: PgClass, Keys: []IndexKey{{Column: "relname"}}})
			return err
		},
	}
	for _, f := range steps {
		wantErr(t, e.do(f), "42501", `permission denied: "pg_class" is a system catalog`, "", "")
	}
}

// TestLargeCatalogValues: a view whose query text does not fit in a page
// is stored out of line in pg_rewrite's toast relation and read back.
func TestLargeCatalogValues(t *testing.T) {
	e := newEnv(t)
	rnd := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("SELECT ")
	for b.Len() < 40000 {
		b.WriteString("'")
		for i := 0; i < 30; i++ {
			b.WriteByte(byte('a' + rnd.IntN(26)))
		}
		b.WriteString("'::text AS c, ")
	}
	b.WriteString("1 AS one")
	q := b.String()
	e.mustDo(func(tx *ftx, s *snap) error {
		_, err := e.cat.CreateView(tx, s, ViewSpec{Namespace: PublicNamespace, Name: "big",
			Columns: []ColumnSpec{{Name: "one", Type: tInt4}}, Query: q})
		return err
	})
	if v := e.rel("big"); v.ViewDef != q {
		t.Fatalf("view text: %d bytes back of %d", len(v.ViewDef), len(q))
	}
	// CREATE OR REPLACE keeps the columns and changes the query.
	e.mustDo(func(tx *ftx, s *snap) error {
		_, err := e.cat.CreateView(tx, s, ViewSpec{Namespace: PublicNamespace, Name: "big", OrReplace: true,
			Columns: []ColumnSpec{{Name: "one", Type: tInt4}, {Name: "two", Type: tInt4}}, Query: "SELECT 1 AS one, 2 AS two"})
		return err
	})
	if v := e.rel("big"); v.ViewDef != "SELECT 1 AS one, 2 AS two" || len(v.Columns) != 2 {
		t.Fatalf("replaced view: %s %q", describeRel(v), v.ViewDef)
	}
	err := e.do(func(tx *ftx, s *snap) error {
		_, err := e.cat.CreateView(tx, s, ViewSpec{Namespace: PublicNamespace, Name: "big", OrReplace: true,
			Columns: []ColumnSpec{{Name: "uno", Type: tInt4}}, Query: "SELECT 1 AS uno"})
		return err
	})
	wantErr(t, err, "42P16", "cannot drop columns from view", "", "")
}

// TestCommentsAndSharedOnly: comments come and go with their relation;
// a catalog opened on no database reads the shared catalogs.
func TestCommentsAndSharedOnly(t *testing.T) {
	e := newEnv(t)
	r := e.create(RelationSpec{Namespace: PublicNamespace, Name: "cm", Columns: []ColumnSpec{{Name: "a", Type: tInt4}}})
	e.mustDo(func(tx *ftx, s *snap) error { return e.cat.SetComment(tx, s, r.Oid, 0, "a table") })
	e.mustDo(func(tx *ftx, s *snap) error { return e.cat.SetComment(tx, s, r.Oid, 1, "a column") })
	e.mustDo(func(tx *ftx, s *snap) error { return e.cat.SetComment(tx, s, r.Oid, 0, "the table") })
	for col, want := range []string{"the table", "a column"} {
		if got, err := e.cat.Comment(e.read(), r.Oid, int16(col)); err != nil || got != want {
			t.Fatalf("comment %d: %q %v", col, got, err)
		}
	}
	e.mustDo(func(tx *ftx, s *snap) error { _, err := e.cat.DropRelation(tx, s, r.Oid, false); return err })
	if got, _ := e.cat.Comment(e.read(), r.Oid, 1); got != "" {
		t.Fatalf("comment survived its table: %q", got)
	}
	shared, err := Open(e.pool, e.seg, e.dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	if d, err := shared.Database(e.read(), "postgres"); err != nil || d.Oid != PostgresDB {
		t.Fatalf("database through the shared-only catalog: %v %v", d, err)
	}
	if ro, err := shared.Role(e.read(), "postgres"); err != nil || !ro.Super {
		t.Fatalf("role: %v %v", ro, err)
	}
	_, err = shared.Role(e.read(), "nobody")
	wantErr(t, err, "42704", `role "nobody" does not exist`, "", "")
}

// TestTableActionsOnOtherKinds: ALTER TABLE actions on a view or a
// sequence are refused with PostgreSQL 15's wording (recorded with psql).
func TestTableActionsOnOtherKinds(t *testing.T) {
	e := newEnv(t)
	z := e.create(RelationSpec{Namespace: PublicNamespace, Name: "z", Columns: []ColumnSpec{{Name: "a", Type: tInt4}}})
	var zv, zs *Relation
	e.mustDo(func(tx *ftx, s *snap) error {
		var err error
		zv, err = e.cat.CreateView(tx, s, ViewSpec{Namespace: PublicNamespace, Name: "zv",
			Columns: []ColumnSpec{{Name: "a", Type: tInt4}}, Query: "SELECT z.a FROM z", DependsOn: []uint32{z.Oid}})
		return err
	})
	zs = e.createSeq(SequenceSpec{Namespace: PublicNamespace, Name: "zs"})
	cases := []struct {
		f            func(tx *ftx, s *snap) error
		code, msg, d string
	}{
		{func(tx *ftx, s *snap) error {
			_, err := e.cat.AddColumn(tx, s, zv.Oid, ColumnSpec{Name: "b", Type: tInt4})
			return err
		}, "42809", `ALTER action ADD COLUMN cannot be performed on relation "zv"`, "This operation is not supported for views."},
		{func(tx *ftx, s *snap) error { return e.cat.DropColumn(tx, s, zv.Oid, "a", false) },
			"42809", `ALTER action DROP COLUMN cannot be performed on relation "zv"`, "This operation is not supported for views."},
		{func(tx *ftx, s *snap) error {
			_, err := e.cat.AddColumn(tx, s, zs.Oid, ColumnSpec{Name: "b", Type: tInt4})
			return err
		}, "42809", `ALTER action ADD COLUMN cannot be performed on relation "zs"`, "This operation is not supported for sequences."},
		{func(tx *ftx, s *snap) error { return e.cat.SetNotNull(tx, s, zv.Oid, "a") },
			"42809", `ALTER action ALTER COLUMN ... SET NOT NULL cannot be performed on relation "zv"`, "This operation is not supported for views."},
		{func(tx *ftx, s *snap) error {
			_, _, err := e.cat.AddConstraint(tx, s, zv.Oid, ConstraintSpec{Name: "c", Type: 'c', Check: "(a > 0)"})
			return err
		}, "42809", `ALTER action ADD CONSTRAINT cannot be performed on relation "zv"`, "This operation is not supported for views."},
		{func(tx *ftx, s *snap) error {
			_, err := e.cat.CreateIndex(tx, s, IndexSpec{Rel: zv.Oid, Keys: []IndexKey{{Column: "a"}}})
			return err
		}, "42809", `cannot create index on relation "zv"`, "This operation is not supported for views."},
		{func(tx *ftx, s *snap) error { _, err := e.cat.SetRelfilenode(tx, s, zv.Oid); return err },
			"42809", `"zv" is not a table`, ""},
	}
	for _, c := range cases {
		wantErr(t, e.do(c.f), c.code, c.msg, c.d, "")
	}
	// A view column may have a default.
	e.mustDo(func(tx *ftx, s *snap) error { return e.cat.SetDefault(tx, s, zv.Oid, "a", "1", nil) })
}
