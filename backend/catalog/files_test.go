package catalog

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
)

func (e *env) relPath(f uint32) string {
	return filepath.Join(e.dir, "base", strconv.Itoa(int(PostgresDB)), strconv.Itoa(int(f)))
}

func (e *env) insertRow(tx *ftx, r *Relation, v int32) {
	e.t.Helper()
	h, err := heap.Open(e.pool, heap.Config{Rel: bufmgr.RelFork{Spc: DefaultTablespace, DB: PostgresDB, Rel: r.Relfilenode},
		Name: r.Name, Desc: r.Desc()})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := h.Insert(tx, [][]byte{tuple.Int32(v)}, nil); err != nil {
		e.t.Fatal(err)
	}
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// TestRelationFiles: the files of a relation created by an aborted
// transaction, of a dropped relation and of a truncated one are unlinked
// at the right end of the transaction, and not before.
func TestRelationFiles(t *testing.T) {
	e := newEnv(t)
	spec := RelationSpec{Namespace: PublicNamespace, Name: "f1", Columns: []ColumnSpec{{Name: "a", Type: tInt4}}}

	// Aborted create: the file written meanwhile goes at abort.
	tx := e.tm.begin()
	var r *Relation
	if err := e.ddl(tx, func(s *snap) error { var err error; r, err = e.cat.CreateRelation(tx, s, spec); return err }); err != nil {
		t.Fatal(err)
	}
	e.insertRow(tx, r, 1)
	if !exists(e.relPath(r.Relfilenode)) {
		t.Fatal("no file after an insert")
	}
	tx.abort()
	if err := e.cat.AtAbort(); err != nil {
		t.Fatal(err)
	}
	if exists(e.relPath(r.Relfilenode)) {
		t.Fatal("the aborted relation's file is still there")
	}

	// Truncate: old file until commit, then the new one only.
	r = e.create(spec)
	e.mustTxn(func(tx *ftx) error { e.insertRow(tx, r, 1); return nil })
	tx = e.tm.begin()
	var moved []RelFile
	if err := e.ddl(tx, func(s *snap) error { var err error; moved, err = e.cat.SetRelfilenode(tx, s, r.Oid); return err }); err != nil {
		t.Fatal(err)
	}
	if !exists(e.relPath(r.Relfilenode)) {
		t.Fatal("truncate removed the old file before commit")
	}
	tx.commit()
	if err := e.cat.AtCommit(); err != nil {
		t.Fatal(err)
	}
	if exists(e.relPath(r.Relfilenode)) || len(moved) != 1 {
		t.Fatalf("after truncate commit: old file still there (%v)", moved)
	}

	// Drop: the file goes at commit.
	r = e.rel("f1")
	e.mustTxn(func(tx *ftx) error { e.insertRow(tx, r, 2); return nil })
	if !exists(e.relPath(r.Relfilenode)) {
		t.Fatal("no file")
	}
	e.mustDo(func(tx *ftx, s *snap) error { _, err := e.cat.DropRelation(tx, s, r.Oid, false); return err })
	if exists(e.relPath(r.Relfilenode)) {
		t.Fatal("the dropped relation's file is still there")
	}
	if err := e.pool.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
}

// TestSerialColumn: the serial sequence, the table whose default uses it,
// and OWNED BY, in one command.
func TestSerialColumn(t *testing.T) {
	e := newEnv(t)
	var tab, seq *Relation
	e.mustDo(func(tx *ftx, s *snap) error {
		var err error
		if seq, err = e.cat.CreateSequence(tx, s, SequenceSpec{Namespace: PublicNamespace, Name: "sr_id_seq", Type: 23}); err != nil {
			return err
		}
		tab, err = e.cat.CreateRelation(tx, s, RelationSpec{Namespace: PublicNamespace, Name: "sr", Columns: []ColumnSpec{
			{Name: "id", Type: tInt4, NotNull: true, Default: "nextval('sr_id_seq'::regclass)", DependsOn: []uint32{seq.Oid}},
			{Name: "parent", Type: tInt4}},
			Constraints: []ConstraintSpec{{Type: 'f', Columns: []string{"parent"}}, {Type: 'p', Columns: []string{"id"}}}})
		if err != nil {
			return err
		}
		return e.cat.SetSequenceOwner(tx, seq.Oid, tab.Oid, 1, false)
	})
	if got := describeRel(e.rel("sr")); got != `public.sr kind=r toast=false
 col 1 id 23 notnull=true default="nextval('sr_id_seq'::regclass)" dropped=false
 col 2 parent 23 notnull=false default="" dropped=false
 index sr_pkey keys=[1] unique=true primary=true
 constraint sr_pkey p keys=[1] check="" ref=[]
 constraint sr_parent_fkey f keys=[2] check="" ref=[1]` {
		t.Fatal(got)
	}
	err := e.do(func(tx *ftx, s *snap) error { _, err := e.cat.DropRelation(tx, s, seq.Oid, false); return err })
	wantErr(t, err, "2BP01", "cannot drop sequence sr_id_seq because other objects depend on it",
		"default value for column id of table sr depends on sequence sr_id_seq", cascadeHint)
	e.mustDo(func(tx *ftx, s *snap) error { _, err := e.cat.DropRelation(tx, s, tab.Oid, false); return err })
	e.cat.BeginStatement()
	if _, err := e.cat.Relation(e.read(), seq.Oid); err == nil {
		t.Fatal("the serial sequence survived its table")
	}
}
