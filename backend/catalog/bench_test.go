package catalog

import "testing"

// BenchmarkLookupCached is the hit path a statement takes: the
// invalidation check and a cached name lookup.
func BenchmarkLookupCached(b *testing.B) {
	e := newEnv(b)
	e.create(RelationSpec{Namespace: PublicNamespace, Name: "t", Columns: []ColumnSpec{{Name: "a", Type: tInt4}}})
	s := e.read()
	e.cat.BeginStatement()
	if _, err := e.cat.LookupRelation(s, path, "", "t"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.cat.BeginStatement()
		if _, err := e.cat.LookupRelation(s, path, "", "t"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLookupCold is a lookup after the cache was dropped: scans of
// pg_namespace, pg_class and the catalogs describing one relation.
func BenchmarkLookupCold(b *testing.B) {
	e := newEnv(b)
	e.create(RelationSpec{Namespace: PublicNamespace, Name: "t", Columns: []ColumnSpec{{Name: "a", Type: tInt4}},
		Constraints: []ConstraintSpec{{Type: 'p', Columns: []string{"a"}}}})
	s := e.read()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.cat.NoteOwnDDL()
		if _, err := e.cat.LookupRelation(s, path, "", "t"); err != nil {
			b.Fatal(err)
		}
	}
}
