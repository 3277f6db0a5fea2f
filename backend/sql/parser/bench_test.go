package parser

import "testing"

// The statements pgbench's built-in scripts send.
const (
	pgbenchSelect = "SELECT abalance FROM pgbench_accounts WHERE aid = 12345;"
	pgbenchUpdate = "UPDATE pgbench_accounts SET abalance = abalance + -4023 WHERE aid = 85161;"
	pgbenchInsert = "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (7, 1, 85161, -4023, CURRENT_TIMESTAMP);"
)

func benchParse(b *testing.B, q string) {
	b.ReportAllocs()
	b.SetBytes(int64(len(q)))
	for i := 0; i < b.N; i++ {
		if _, err := Parse(q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSelectOnly(b *testing.B)   { benchParse(b, pgbenchSelect) }
func BenchmarkParseTPCBUpdate(b *testing.B)   { benchParse(b, pgbenchUpdate) }
func BenchmarkParseTPCBInsert(b *testing.B)   { benchParse(b, pgbenchInsert) }
func BenchmarkParseTPCBSelect(b *testing.B)   { benchParse(b, pgbenchSelect) }
func BenchmarkParsePsqlDescribe(b *testing.B) { benchParse(b, psqlDescribe) }

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(pgbenchSelect)))
	for i := 0; i < b.N; i++ {
		if _, _, err := Normalize(pgbenchSelect); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendNormalize(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(pgbenchSelect)))
	buf := make([]Const, 0, 8)
	for i := 0; i < b.N; i++ {
		if _, _, err := AppendNormalize(buf[:0], pgbenchSelect); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalizeTPCBInsert(b *testing.B) {
	b.ReportAllocs()
	buf := make([]Const, 0, 8)
	for i := 0; i < b.N; i++ {
		if _, _, err := AppendNormalize(buf[:0], pgbenchInsert); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeparseSelect(b *testing.B) {
	s, err := ParseOne(psqlDescribe)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = s.String()
	}
}

// psqlDescribe is the query psql's \d runs.
const psqlDescribe = `SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','v','m','S','f','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;`
