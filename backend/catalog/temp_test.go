package catalog

import "testing"

// TestTemporaryObjects: a temporary table shadows a permanent one of the
// same name, "pg_temp" names the session's schema, and the session's end
// (or the next session of the slot, after a crash) drops its objects.
func TestTemporaryObjects(t *testing.T) {
	e := newEnv(t)
	e.create(RelationSpec{Namespace: PublicNamespace, Name: "tt", Columns: []ColumnSpec{{Name: "a", Type: tInt4}}})
	var ns uint32
	e.mustDo(func(tx *ftx, s *snap) error {
		var err error
		ns, err = e.cat.TempNamespace(tx, s, 3)
		return err
	})
	temp := e.create(RelationSpec{Namespace: ns, Name: "tt", Persistence: PersistenceTemp,
		Columns: []ColumnSpec{{Name: "b", Type: tText}}, Constraints: []ConstraintSpec{{Type: 'u', Columns: []string{"b"}}}})
	if r := e.rel("tt"); r.Oid != temp.Oid || r.NamespaceName != "pg_temp_3" || r.Persistence != PersistenceTemp {
		t.Fatalf("unqualified lookup found %s.%s", r.NamespaceName, r.Name)
	}
	if r, err := e.cat.LookupRelation(e.read(), path, "pg_temp", "tt"); err != nil || r.Oid != temp.Oid {
		t.Fatalf("pg_temp.tt: %v", err)
	}
	if r, err := e.cat.LookupRelation(e.read(), path, "public", "tt"); err != nil || r.Oid == temp.Oid {
		t.Fatalf("public.tt: %v", err)
	}
	// The session ends without cleaning up (a crash); the next session of
	// the slot finds the schema and empties it.
	e.cat.ResetSession()
	e.cat.BeginStatement()
	if r := e.rel("tt"); r.NamespaceName != "public" {
		t.Fatalf("after the session: %s.%s", r.NamespaceName, r.Name)
	}
	var ns2 uint32
	e.mustDo(func(tx *ftx, s *snap) error {
		var err error
		ns2, err = e.cat.TempNamespace(tx, s, 3)
		return err
	})
	if ns2 != ns {
		t.Fatalf("a second temporary schema for slot 3: %d, %d", ns2, ns)
	}
	e.cat.BeginStatement()
	if _, err := e.cat.LookupRelation(e.read(), path, "pg_temp", "tt"); err == nil {
		t.Fatal("the leftover temporary table survived")
	}
	// A clean end: DropTempObjects.
	temp = e.create(RelationSpec{Namespace: ns, Name: "t2", Persistence: PersistenceTemp, Columns: []ColumnSpec{{Name: "b", Type: tText}}})
	e.mustDo(func(tx *ftx, s *snap) error { return e.cat.DropTempObjects(tx, s) })
	e.cat.ResetSession()
	e.cat.BeginStatement()
	if _, err := e.cat.Relation(e.read(), temp.Oid); err == nil {
		t.Fatal("temporary table survived DropTempObjects")
	}
	if len(e.cat.TakeNotices()) != 0 {
		t.Fatal("temporary objects were dropped with notices")
	}
}

func TestRelStats(t *testing.T) {
	e := newEnv(t)
	r := e.create(RelationSpec{Namespace: PublicNamespace, Name: "st", Columns: []ColumnSpec{{Name: "a", Type: tInt4}}})
	if r := e.rel("st"); r.Pages != 0 || r.Tuples != -1 {
		t.Fatalf("new relation: %d pages %v tuples", r.Pages, r.Tuples)
	}
	e.mustDo(func(tx *ftx, s *snap) error { return e.cat.SetRelStats(tx, s, r.Oid, 12, 1500) })
	if r := e.rel("st"); r.Pages != 12 || r.Tuples != 1500 {
		t.Fatalf("after stats: %d pages %v tuples", r.Pages, r.Tuples)
	}
}
