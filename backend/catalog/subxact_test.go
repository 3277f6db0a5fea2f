package catalog

import "testing"

// TestRollbackSubFiles: a relation given new files after a savepoint
// (TRUNCATE, a table rewrite) that is rolled back loses the new files at
// once, and the commit that follows leaves the old ones, which are the
// relation's again.
func TestRollbackSubFiles(t *testing.T) {
	e := newEnv(t)
	r := e.create(RelationSpec{Namespace: PublicNamespace, Name: "sp1", Columns: []ColumnSpec{{Name: "a", Type: tInt4}}})
	e.mustTxn(func(tx *ftx) error { e.insertRow(tx, r, 1); return nil })
	oldFile := e.relPath(r.Relfilenode)

	tx := e.tm.begin()
	mark := e.cat.Mark()
	var moved []RelFile
	if err := e.ddl(tx, func(s *snap) error { var err error; moved, err = e.cat.SetRelfilenode(tx, s, r.Oid); return err }); err != nil {
		t.Fatal(err)
	}
	nr := *r
	nr.Relfilenode = moved[0].Relfilenode
	e.insertRow(tx, &nr, 2)
	newFile := e.relPath(nr.Relfilenode)
	if !exists(newFile) {
		t.Fatal("no new file after an insert")
	}
	if err := e.cat.RollbackSub(mark); err != nil {
		t.Fatal(err)
	}
	if exists(newFile) {
		t.Fatal("the rolled-back savepoint's file is still there")
	}
	tx.commit()
	if err := e.cat.AtCommit(); err != nil {
		t.Fatal(err)
	}
	if !exists(oldFile) {
		t.Fatal("the commit unlinked the file a rolled-back TRUNCATE had replaced")
	}
	if m := e.cat.Mark(); m != (SubMark{}) {
		t.Fatalf("pending work after commit: %+v", m)
	}
}
