package catalog

import "testing"

// TestIntrospectionLookups checks the lookups behind the describing SQL
// functions against a bootstrapped catalog and one table.
func TestIntrospectionLookups(t *testing.T) {
	e := newEnv(t)
	var rel *Relation
	e.mustTxn(func(tx *ftx) error {
		return e.ddl(tx, func(s *snap) error {
			var err error
			rel, err = e.cat.CreateRelation(tx, s, tableT("t"))
			return err
		})
	})
	e.mustTxn(func(tx *ftx) error {
		return e.ddl(tx, func(s *snap) error { return e.cat.SetComment(tx, s, rel.Oid, 2, "the b column") })
	})
	s := e.read()

	for _, c := range []struct {
		oid  uint32
		name string
		ok   bool
	}{{BootstrapSuperuser, "postgres", true}, {pgDatabaseOwner, "pg_database_owner", true}, {3373, "pg_monitor", true}, {4242, "", false}} {
		name, ok, err := e.cat.RoleName(s, c.oid)
		if err != nil || name != c.name || ok != c.ok {
			t.Errorf("RoleName(%d) = %q, %v, %v; want %q, %v", c.oid, name, ok, err, c.name, c.ok)
		}
	}

	for _, c := range []struct {
		obj, class uint32
		sub        int32
		want       string
		ok         bool
	}{
		{PublicNamespace, PgNamespace, 0, "standard public schema", true},
		{BtreeAM, PgAm, 0, "b-tree index access method", true},
		{rel.Oid, PgClass, 2, "the b column", true},
		{rel.Oid, PgClass, 0, "", false},
		{PublicNamespace, PgClass, 0, "", false},
	} {
		got, ok, err := e.cat.Description(s, c.obj, c.class, c.sub)
		if err != nil || got != c.want || ok != c.ok {
			t.Errorf("Description(%d, %d, %d) = %q, %v, %v", c.obj, c.class, c.sub, got, ok, err)
		}
	}
	if got, ok, err := e.cat.SharedDescription(s, PostgresDB, PgDatabase); err != nil || !ok || got != "default administrative connection database" {
		t.Errorf("SharedDescription(postgres) = %q, %v, %v", got, ok, err)
	}

	var check *Constraint
	for _, con := range rel.Constraints {
		if con.Type == 'c' {
			check = con
		}
	}
	got, err := e.cat.ConstraintByOid(s, check.Oid)
	if err != nil || got == nil || got.Name != "t_c_check" || got.Check != "(c > 0)" || got.Rel != rel.Oid {
		t.Errorf("ConstraintByOid = %+v, %v", got, err)
	}
	if got, err := e.cat.ConstraintByOid(s, 1); err != nil || got != nil {
		t.Errorf("ConstraintByOid(1) = %+v, %v", got, err)
	}

	for _, c := range []struct {
		oid  uint32
		want string
	}{{rel.Oid, "heap"}, {rel.Indexes[0].Oid, "btree"}, {pgRolesView, ""}, {1, ""}} {
		if am, err := e.cat.AccessMethodName(s, c.oid); err != nil || am != c.want {
			t.Errorf("AccessMethodName(%d) = %q, %v; want %q", c.oid, am, err, c.want)
		}
	}

	// A new table's files exist and are empty; unknown forks count 0.
	for _, fork := range []string{"main", "fsm", "vm", "init", "nope"} {
		if n, err := e.cat.ForkSize(rel, fork); err != nil || n != 0 {
			t.Errorf("ForkSize(%s) = %d, %v", fork, n, err)
		}
	}
	pgClass, err := e.cat.Relation(s, PgClass)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := e.cat.ForkSize(pgClass, "main"); err != nil || n == 0 || n%8192 != 0 {
		t.Errorf("ForkSize(pg_class) = %d, %v", n, err)
	}
	if n, err := e.cat.DatabaseSize(PostgresDB); err != nil || n == 0 {
		t.Errorf("DatabaseSize = %d, %v", n, err)
	}
	if n, err := e.cat.DatabaseSize(424242); err != nil || n != 0 {
		t.Errorf("DatabaseSize(missing) = %d, %v", n, err)
	}
	if n, err := e.cat.TablespaceSize(GlobalTablespace); err != nil || n == 0 {
		t.Errorf("TablespaceSize(pg_global) = %d, %v", n, err)
	}

	if p, _, err := e.cat.ProcByOid(s, 1); err != nil || p != nil {
		t.Errorf("ProcByOid(1) = %+v, %v", p, err)
	}

	views := map[string]bool{}
	rels, err := e.cat.Relations(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		if r.Kind == KindView && r.Namespace == PgCatalogNamespace {
			views[r.Name] = r.ViewDef != "" && len(r.Columns) > 0
		}
	}
	if !views["pg_roles"] || !views["pg_user"] {
		t.Errorf("bootstrap views: %v", views)
	}
}
