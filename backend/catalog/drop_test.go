package catalog

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// do runs f as one DDL command in its own transaction.
func (e *env) do(f func(tx *ftx, s *snap) error) error {
	return e.inTxn(func(tx *ftx) error { return e.ddl(tx, func(s *snap) error { return f(tx, s) }) })
}

func (e *env) mustDo(f func(tx *ftx, s *snap) error) {
	e.t.Helper()
	if err := e.do(f); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) rel(name string) *Relation {
	e.t.Helper()
	e.cat.BeginStatement()
	r, err := e.cat.LookupRelation(e.read(), []string{"public"}, "", name)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) create(spec RelationSpec) *Relation {
	e.t.Helper()
	var r *Relation
	e.mustDo(func(tx *ftx, s *snap) error {
		var err error
		r, err = e.cat.CreateRelation(tx, s, spec)
		return err
	})
	return r
}

// wantErr checks code, message, detail and hint of a *pgerr.Error.
func wantErr(t *testing.T, err error, code, msg, detail, hint string) {
	t.Helper()
	var pe *pgerr.Error
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want %s %s", err, code, msg)
	}
	if pe.Code != code || pe.Message != msg || pe.Detail != detail || pe.Hint != hint {
		t.Fatalf("got %s %q detail %q hint %q\nwant %s %q detail %q hint %q", pe.Code, pe.Message, pe.Detail, pe.Hint, code, msg, detail, hint)
	}
}

const cascadeHint = "Use DROP ... CASCADE to drop the dependent objects too."

// TestDropDependencies replays the dependency errors PostgreSQL 15 gives
// (recorded with psql) for foreign keys, views, constraint indexes and
// schemas, then the cascades.
func TestDropDependencies(t *testing.T) {
	e := newEnv(t)
	tt := e.create(RelationSpec{Namespace: PublicNamespace, Name: "t",
		Columns:     []ColumnSpec{{Name: "id", Type: tInt4}, {Name: "b", Type: tText}},
		Constraints: []ConstraintSpec{{Type: 'p', Columns: []string{"id"}}}})
	f := e.create(RelationSpec{Namespace: PublicNamespace, Name: "f", Columns: []ColumnSpec{{Name: "a", Type: tInt4}},
		Constraints: []ConstraintSpec{{Type: 'f', Columns: []string{"a"}, RefRel: tt.Oid}}})
	if f.Constraints[0].Name != "f_a_fkey" || f.Constraints[0].Index != tt.Indexes[0].Oid || f.Constraints[0].Rel != f.Oid {
		t.Fatalf("foreign key: %+v", f.Constraints[0])
	}
	if rb := e.rel("t").ReferencedBy; len(rb) != 1 || rb[0].Name != "f_a_fkey" || rb[0].Rel != f.Oid {
		t.Fatalf("t referenced by: %+v", rb)
	}
	e.mustDo(func(tx *ftx, s *snap) error {
		_, err := e.cat.CreateView(tx, s, ViewSpec{Namespace: PublicNamespace, Name: "v",
			Columns: []ColumnSpec{{Name: "id", Type: tInt4}, {Name: "b", Type: tText}},
			Query:   "SELECT t.id, t.b FROM t", DependsOn: []uint32{tt.Oid}})
		return err
	})
	if v := e.rel("v"); v.Kind != KindView || v.ViewDef != "SELECT t.id, t.b FROM t" || len(v.Columns) != 2 {
		t.Fatalf("view: %s %q", describeRel(v), v.ViewDef)
	}

	err := e.do(func(tx *ftx, s *snap) error { _, err := e.cat.DropRelation(tx, s, tt.Oid, false); return err })
	wantErr(t, err, "2BP01", "cannot drop table t because other objects depend on it",
		"constraint f_a_fkey on table f depends on table t\nview v depends on table t", cascadeHint)
	err = e.do(func(tx *ftx, s *snap) error { return e.cat.DropConstraint(tx, s, tt.Oid, "t_pkey", false) })
	wantErr(t, err, "2BP01", "cannot drop constraint t_pkey on table t because other objects depend on it",
		"constraint f_a_fkey on table f depends on index t_pkey", cascadeHint)
	err = e.do(func(tx *ftx, s *snap) error {
		_, err := e.cat.DropRelation(tx, s, tt.Indexes[0].Oid, false)
		return err
	})
	wantErr(t, err, "2BP01", "cannot drop index t_pkey because constraint t_pkey on table t requires it",
		"", "You can drop constraint t_pkey on table t instead.")
	err = e.do(func(tx *ftx, s *snap) error { return e.cat.DropConstraint(tx, s, tt.Oid, "nope", false) })
	wantErr(t, err, "42704", `constraint "nope" of relation "t" does not exist`, "", "")

	// CASCADE: the view and the foreign key go, f stays.
	var files []RelFile
	e.mustDo(func(tx *ftx, s *snap) error {
		var err error
		files, err = e.cat.DropRelation(tx, s, tt.Oid, true)
		return err
	})
	n := e.cat.TakeNotices()
	if len(n) != 1 || n[0].Message != "drop cascades to 2 other objects" ||
		n[0].Detail != "drop cascades to constraint f_a_fkey on table f\ndrop cascades to view v" {
		t.Fatalf("notices: %+v", n)
	}
	want := map[uint32]bool{tt.Relfilenode: true, tt.Indexes[0].Relfilenode: true, tt.ToastNode: true}
	if len(files) != 3 {
		t.Fatalf("files to unlink: %+v", files)
	}
	for _, f := range files {
		if !want[f.Relfilenode] {
			t.Fatalf("files to unlink: %+v", files)
		}
	}
	if got := describeRel(e.rel("f")); got != "public.f kind=r toast=false\n col 1 a 23 notnull=false default=\"\" dropped=false" {
		t.Fatalf("f after cascade:\n%s", got)
	}
	for _, name := range []string{"t", "v", "t_pkey"} {
		_, err := e.cat.LookupRelation(e.read(), path, "", name)
		wantCode(t, err, "42P01", "relation \""+name+"\" does not exist")
	}
	// Nothing of t is left in pg_depend, pg_attribute, pg_index.
	for _, cat := range []uint32{PgDepend, PgAttribute, PgIndex, PgConstraint, PgRewrite} {
		err := e.cat.scan(e.read(), cat, func(r *crow) (bool, error) {
			for i, v := range r.vals {
				if len(v) == 4 && r.rel.cols[i].typ == 26 && (gOid(v) == tt.Oid || gOid(v) == tt.Indexes[0].Oid) {
					t.Errorf("%s still names t: %s", r.rel.name, r.rel.cols[i].name)
				}
			}
			return true, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	// Schemas.
	var sc uint32
	e.mustDo(func(tx *ftx, s *snap) error {
		var err error
		sc, err = e.cat.CreateNamespace(tx, s, "sc", 0)
		return err
	})
	err = e.do(func(tx *ftx, s *snap) error { _, err := e.cat.CreateNamespace(tx, s, "sc", 0); return err })
	wantErr(t, err, "42P06", `schema "sc" already exists`, "", "")
	for _, name := range []string{"x", "y"} {
		e.create(RelationSpec{Namespace: sc, Name: name, Columns: []ColumnSpec{{Name: "a", Type: tInt4}}})
	}
	err = e.do(func(tx *ftx, s *snap) error { return e.cat.DropNamespace(tx, s, "sc", false) })
	wantErr(t, err, "2BP01", "cannot drop schema sc because other objects depend on it",
		"table sc.x depends on schema sc\ntable sc.y depends on schema sc", cascadeHint)
	e.mustDo(func(tx *ftx, s *snap) error { return e.cat.DropNamespace(tx, s, "sc", true) })
	e.cat.TakeNotices()
	e.cat.BeginStatement()
	_, err = e.cat.LookupRelation(e.read(), path, "sc", "x")
	wantErr(t, err, "3F000", `schema "sc" does not exist`, "", "")
}

// TestDropColumn drops a column with a check, a unique constraint over it
// and another column, and a default.
func TestDropColumn(t *testing.T) {
	e := newEnv(t)
	u := e.create(RelationSpec{Namespace: PublicNamespace, Name: "u",
		Columns: []ColumnSpec{{Name: "a", Type: tInt4, NotNull: true}, {Name: "b", Type: tInt4, Default: "7"}, {Name: "c", Type: tInt4}},
		Constraints: []ConstraintSpec{{Type: 'c', Columns: []string{"b"}, Check: "(b > 0)"},
			{Type: 'u', Columns: []string{"b", "c"}}}})
	if got := describeRel(u); !strings.Contains(got, "index u_b_c_key keys=[2 3]") || !strings.Contains(got, "constraint u_b_check c") {
		t.Fatal(got)
	}
	e.mustDo(func(tx *ftx, s *snap) error { return e.cat.DropColumn(tx, s, u.Oid, "b", false) })
	got := describeRel(e.rel("u"))
	want := `public.u kind=r toast=false
 col 1 a 23 notnull=true default="" dropped=false
 col 2 ........pg.dropped.2........ 0 notnull=false default="" dropped=true
 col 3 c 23 notnull=false default="" dropped=false`
	if got != want {
		t.Fatalf("after drop column:\n%s", got)
	}
	if d := e.rel("u").Desc(); d.Natts() != 3 || d.Attrs[1].Len != 4 {
		t.Fatalf("descriptor after drop column: %+v", d.Attrs)
	}
	err := e.do(func(tx *ftx, s *snap) error { return e.cat.DropColumn(tx, s, u.Oid, "zz", false) })
	wantErr(t, err, "42703", `column "zz" of relation "u" does not exist`, "", "")
	err = e.do(func(tx *ftx, s *snap) error { return e.cat.DropColumn(tx, s, u.Oid, "xmin", false) })
	wantErr(t, err, "0A000", `cannot drop system column "xmin"`, "", "")
}

// TestAlterTable runs the ALTER TABLE steps one command at a time and
// checks the relation after each.
func TestAlterTable(t *testing.T) {
	e := newEnv(t)
	w := e.create(RelationSpec{Namespace: PublicNamespace, Name: "w", Columns: []ColumnSpec{{Name: "a", Type: tInt4}}})
	oid := w.Oid
	steps := []struct {
		name string
		f    func(tx *ftx, s *snap) error
		err  string // "" for success, else "CODE message"
		want string // what describeRel shows afterwards, when set
	}{
		{"add column", func(tx *ftx, s *snap) error {
			_, err := e.cat.AddColumn(tx, s, oid, ColumnSpec{Name: "b", Type: tText, Default: "'d'::text"})
			return err
		}, "", "public.w kind=r toast=true\n col 1 a 23 notnull=false default=\"\" dropped=false\n col 2 b 25 notnull=false default=\"'d'::text\" dropped=false"},
		{"add existing column", func(tx *ftx, s *snap) error {
			_, err := e.cat.AddColumn(tx, s, oid, ColumnSpec{Name: "a", Type: tInt4})
			return err
		}, `42701 column "a" of relation "w" already exists`, ""},
		{"add system column", func(tx *ftx, s *snap) error {
			_, err := e.cat.AddColumn(tx, s, oid, ColumnSpec{Name: "ctid", Type: tInt4})
			return err
		}, `42701 column name "ctid" conflicts with a system column name`, ""},
		{"rename missing column", func(tx *ftx, s *snap) error { return e.cat.RenameColumn(tx, s, oid, "zz", "y") },
			`42703 column "zz" does not exist`, ""},
		{"rename column onto another", func(tx *ftx, s *snap) error { return e.cat.RenameColumn(tx, s, oid, "a", "b") },
			`42701 column "b" of relation "w" already exists`, ""},
		{"rename column", func(tx *ftx, s *snap) error { return e.cat.RenameColumn(tx, s, oid, "a", "aa") }, "",
			"public.w kind=r toast=true\n col 1 aa 23 notnull=false default=\"\" dropped=false\n col 2 b 25 notnull=false default=\"'d'::text\" dropped=false"},
		{"set not null", func(tx *ftx, s *snap) error { return e.cat.SetNotNull(tx, s, oid, "aa") }, "",
			"public.w kind=r toast=true\n col 1 aa 23 notnull=true default=\"\" dropped=false\n col 2 b 25 notnull=false default=\"'d'::text\" dropped=false"},
		{"change default", func(tx *ftx, s *snap) error { return e.cat.SetDefault(tx, s, oid, "b", "'e'::text", nil) }, "",
			"public.w kind=r toast=true\n col 1 aa 23 notnull=true default=\"\" dropped=false\n col 2 b 25 notnull=false default=\"'e'::text\" dropped=false"},
		{"drop default", func(tx *ftx, s *snap) error { return e.cat.SetDefault(tx, s, oid, "b", "", nil) }, "",
			"public.w kind=r toast=true\n col 1 aa 23 notnull=true default=\"\" dropped=false\n col 2 b 25 notnull=false default=\"\" dropped=false"},
		{"add primary key", func(tx *ftx, s *snap) error {
			_, _, err := e.cat.AddConstraint(tx, s, oid, ConstraintSpec{Type: 'p', Columns: []string{"aa"}})
			return err
		}, "", "public.w kind=r toast=true\n col 1 aa 23 notnull=true default=\"\" dropped=false\n col 2 b 25 notnull=false default=\"\" dropped=false\n index w_pkey keys=[1] unique=true primary=true\n constraint w_pkey p keys=[1] check=\"\" ref=[]"},
		{"second primary key", func(tx *ftx, s *snap) error {
			_, _, err := e.cat.AddConstraint(tx, s, oid, ConstraintSpec{Type: 'p', Columns: []string{"b"}})
			return err
		}, `42P16 multiple primary keys for table "w" are not allowed`, ""},
		{"drop not null of key", func(tx *ftx, s *snap) error { return e.cat.DropNotNull(tx, s, oid, "aa") },
			`42P16 column "aa" is in a primary key`, ""},
		{"two checks", func(tx *ftx, s *snap) error {
			if _, _, err := e.cat.AddConstraint(tx, s, oid, ConstraintSpec{Type: 'c', Columns: []string{"aa"}, Check: "(aa > 0)"}); err != nil {
				return err
			}
			tx.next()
			s = e.tm.snapshot(tx)
			_, _, err := e.cat.AddConstraint(tx, s, oid, ConstraintSpec{Type: 'c', Columns: []string{"aa"}, Check: "(aa > 1)"})
			return err
		}, "", ""},
		{"index", func(tx *ftx, s *snap) error {
			_, err := e.cat.CreateIndex(tx, s, IndexSpec{Rel: oid, Keys: []IndexKey{{Expr: "lower(b)"}, {Expr: "upper(b)"}}})
			return err
		}, "", ""},
		{"rename table", func(tx *ftx, s *snap) error { return e.cat.RenameRelation(tx, s, oid, "w2") }, "", ""},
		{"column type", func(tx *ftx, s *snap) error {
			return e.cat.SetColumnType(tx, s, oid, "aa", types.Of(types.Int8Oid))
		}, "", ""},
	}
	for _, st := range steps {
		err := e.do(st.f)
		if st.err == "" && err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if st.err != "" {
			code, msg, _ := strings.Cut(st.err, " ")
			wantErr(t, err, code, msg, "", "")
			continue
		}
		e.cat.BeginStatement()
		r, err := e.cat.Relation(e.read(), oid)
		if err != nil {
			t.Fatal(err)
		}
		if st.want != "" && describeRel(r) != st.want {
			t.Fatalf("%s:\n%s", st.name, describeRel(r))
		}
	}
	r := e.rel("w2")
	var names []string
	for _, c := range r.Constraints {
		names = append(names, c.Name)
	}
	for _, ix := range r.Indexes {
		names = append(names, ix.Name)
	}
	if strings.Join(names, " ") != "w_pkey w_aa_check w_aa_check1 w_pkey w_lower_upper_idx" {
		t.Fatalf("names: %v", names)
	}
	// Renaming a constraint's index renames the constraint.
	e.mustDo(func(tx *ftx, s *snap) error { return e.cat.RenameRelation(tx, s, r.Indexes[0].Oid, "w_key_renamed") })
	if pk := e.rel("w2").PrimaryKey(); pk == nil || pk.Name != "w_key_renamed" {
		t.Fatalf("primary key after its index's rename: %+v", pk)
	}
	r = e.rel("w2")
	if ix := r.Indexes[1]; strings.Join(ix.Exprs, ";") != "lower(b);upper(b)" || ix.Keys[0] != 0 {
		t.Fatalf("expression index: %+v", ix)
	}
	if c := r.Columns[0]; c.Type.Oid != types.Int8Oid || r.Desc().Attrs[0].Len != 8 {
		t.Fatalf("column after ALTER TYPE: %+v", c)
	}
	pk, err := e.cat.Relation(e.read(), r.Indexes[0].Oid)
	if err != nil || pk.Columns[0].Type.Oid != types.Int8Oid || pk.Index == nil || !pk.Index.Primary {
		t.Fatalf("index column after ALTER TYPE: %+v %v", pk, err)
	}

	// TRUNCATE: new files for the table, its index and toast relation; the
	// old ones go at commit.
	before := r
	var moved []RelFile
	e.mustDo(func(tx *ftx, s *snap) error {
		var err error
		moved, err = e.cat.SetRelfilenode(tx, s, oid)
		return err
	})
	after := e.rel("w2")
	if len(moved) != 4 || after.Relfilenode == before.Relfilenode || after.Relfilenode != moved[0].Relfilenode ||
		after.Indexes[0].Relfilenode == before.Indexes[0].Relfilenode || after.ToastNode == before.ToastNode {
		t.Fatalf("truncate: %+v\nbefore %+v\nafter %+v", moved, before, after)
	}
}

// TestDatabases creates a database from template1, finds it, drops it.
func TestDatabases(t *testing.T) {
	e := newEnv(t)
	var oid uint32
	e.mustDo(func(tx *ftx, s *snap) error {
		var err error
		oid, err = e.cat.CreateDatabase(tx, s, "d1", "", 0)
		return err
	})
	dir := filepath.Join(e.dir, "base", strconv.Itoa(int(oid)))
	if _, err := os.Stat(filepath.Join(dir, strconv.Itoa(int(PgClass)))); err != nil {
		t.Fatal(err)
	}
	err := e.do(func(tx *ftx, s *snap) error { _, err := e.cat.CreateDatabase(tx, s, "d1", "", 0); return err })
	wantErr(t, err, "42P04", `database "d1" already exists`, "", "")
	err = e.do(func(tx *ftx, s *snap) error { _, err := e.cat.CreateDatabase(tx, s, "d2", "nope", 0); return err })
	wantErr(t, err, "3D000", `template database "nope" does not exist`, "", "")
	// The new database has the catalog: open it and look a catalog up.
	d1, err := Open(e.pool, e.seg, e.dir, oid)
	if err != nil {
		t.Fatal(err)
	}
	defer d1.Close()
	if _, err := d1.LookupRelation(e.read(), nil, "", "pg_class"); err != nil {
		t.Fatal(err)
	}
	err = e.do(func(tx *ftx, s *snap) error { return e.cat.DropDatabase(tx, s, "postgres") })
	wantErr(t, err, "55006", "cannot drop the currently open database", "", "")
	err = e.do(func(tx *ftx, s *snap) error { return e.cat.DropDatabase(tx, s, "template1") })
	wantErr(t, err, "42809", "cannot drop a template database", "", "")
	e.mustDo(func(tx *ftx, s *snap) error { return e.cat.DropDatabase(tx, s, "d1") })
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("dropped database's directory: %v", err)
	}
	e.cat.BeginStatement()
	_, err = e.cat.Database(e.read(), "d1")
	wantErr(t, err, "3D000", `database "d1" does not exist`, "", "")
}
