package catalog

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

var (
	tInt4 = types.Of(types.Int4Oid)
	tText = types.Of(types.TextOid)
)

var path = []string{"public"}

func wantCode(t *testing.T, err error, code, msg string) {
	t.Helper()
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Code != code || (msg != "" && pe.Message != msg) {
		t.Fatalf("got %v, want %s %s", err, code, msg)
	}
}

func (e *env) mustTxn(f func(tx *ftx) error) {
	e.t.Helper()
	if err := e.inTxn(f); err != nil {
		e.t.Fatal(err)
	}
}

// tableT is t(id int primary key, b text default 'x', c int check (c > 0)).
func tableT(name string) RelationSpec {
	return RelationSpec{Namespace: PublicNamespace, Name: name,
		Columns:     []ColumnSpec{{Name: "id", Type: tInt4}, {Name: "b", Type: tText, Default: "'x'::text"}, {Name: "c", Type: tInt4}},
		Constraints: []ConstraintSpec{{Type: 'p', Columns: []string{"id"}}, {Type: 'c', Columns: []string{"c"}, Check: "(c > 0)"}}}
}

func describeRel(r *Relation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s.%s kind=%c toast=%v", r.NamespaceName, r.Name, r.Kind, r.Toast != 0)
	for _, c := range r.Columns {
		fmt.Fprintf(&b, "\n col %d %s %d notnull=%v default=%q dropped=%v", c.Num, c.Name, c.Type.Oid, c.NotNull, c.Default, c.Dropped)
	}
	for _, ix := range r.Indexes {
		fmt.Fprintf(&b, "\n index %s keys=%v unique=%v primary=%v", ix.Name, ix.Keys, ix.Unique, ix.Primary)
	}
	for _, c := range r.Constraints {
		fmt.Fprintf(&b, "\n constraint %s %c keys=%v check=%q ref=%v", c.Name, c.Type, c.Keys, c.Check, c.RefKeys)
	}
	return b.String()
}

const tableTDesc = `public.t kind=r toast=true
 col 1 id 23 notnull=true default="" dropped=false
 col 2 b 25 notnull=false default="'x'::text" dropped=false
 col 3 c 23 notnull=false default="" dropped=false
 index t_pkey keys=[1] unique=true primary=true
 constraint t_pkey p keys=[1] check="" ref=[]
 constraint t_c_check c keys=[3] check="(c > 0)" ref=[]`

func TestCreateTableCommitAndAbort(t *testing.T) {
	e := newEnv(t)
	var created *Relation
	e.mustTxn(func(tx *ftx) error {
		return e.ddl(tx, func(s *snap) error {
			var err error
			created, err = e.cat.CreateRelation(tx, s, tableT("t"))
			return err
		})
	})
	if got := describeRel(created); got != tableTDesc {
		t.Fatalf("created:\n%s", got)
	}
	e.cat.BeginStatement()
	r, err := e.cat.LookupRelation(e.read(), path, "", "t")
	if err != nil {
		t.Fatal(err)
	}
	if got := describeRel(r); got != tableTDesc {
		t.Fatalf("looked up:\n%s", got)
	}
	if r.Oid < FirstNormalOid || r.Relfilenode != r.Oid || r.Desc().Natts() != 3 || r.Indexes[0].Relfilenode == 0 {
		t.Fatalf("%+v", r)
	}
	// Duplicate names.
	err = e.inTxn(func(tx *ftx) error {
		return e.ddl(tx, func(s *snap) error { _, err := e.cat.CreateRelation(tx, s, tableT("t")); return err })
	})
	wantCode(t, err, "42P07", `relation "t" already exists`)
	spec := tableT("t2")
	spec.Columns = append(spec.Columns, ColumnSpec{Name: "b", Type: tInt4})
	err = e.inTxn(func(tx *ftx) error {
		return e.ddl(tx, func(s *snap) error { _, err := e.cat.CreateRelation(tx, s, spec); return err })
	})
	wantCode(t, err, "42701", `column "b" specified more than once`)

	// An aborted create leaves nothing visible, to others or afterwards.
	tx := e.tm.begin()
	var u *Relation
	if err := e.ddl(tx, func(s *snap) error { u, err = e.cat.CreateRelation(tx, s, tableT("u")); return err }); err != nil {
		t.Fatal(err)
	}
	if _, err := e.cat.LookupRelation(e.tm.snapshot(tx), path, "", "u"); err != nil {
		t.Fatalf("own uncommitted table: %v", err)
	}
	other := e.second()
	other.BeginStatement()
	if _, err := other.LookupRelation(e.read(), path, "", "u"); err == nil {
		t.Fatal("another backend sees an uncommitted table")
	}
	tx.abort()
	if err := e.cat.AtAbort(); err != nil {
		t.Fatal(err)
	}
	_, err = e.cat.LookupRelation(e.read(), path, "", "u")
	wantCode(t, err, "42P01", `relation "u" does not exist`)
	if _, err := e.cat.Relation(e.read(), u.Oid); err == nil {
		t.Fatal("aborted relation found by oid")
	}
	_, err = e.cat.LookupRelation(e.read(), path, "nope", "u")
	wantCode(t, err, "3F000", `schema "nope" does not exist`)
}
