package plan

import (
	"testing"

	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
)

// FuzzPlan analyses and plans arbitrary statements over the test catalog:
// whatever the input, planning returns a plan or an error, never panics.
func FuzzPlan(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM t WHERE id = 1",
		"SELECT a, count(*) FROM t GROUP BY a HAVING sum(a) > 1 ORDER BY 2",
		"SELECT t.id, u.c FROM t JOIN u ON u.t_id = t.id LEFT JOIN u u2 USING (id)",
		"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
		"SELECT id, row_number() OVER (PARTITION BY b ORDER BY a) FROM t",
		"UPDATE t SET a = a + 1, b = DEFAULT WHERE id IN (SELECT t_id FROM u) RETURNING *",
		"INSERT INTO u SELECT id, a, 1.5 FROM t ON CONFLICT DO NOTHING",
		"DELETE FROM u USING t WHERE u.t_id = t.id",
		"SELECT generate_series(1, a), ARRAY[a, id], CASE WHEN a > 1 THEN 'x' END FROM t",
		"SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b DESC LIMIT 2 OFFSET 1",
		"VALUES (1, 'a'), (2, NULL) ORDER BY 1",
		"SELECT (SELECT max(c) FROM u WHERE u.t_id = t.id), EXISTS (SELECT 1 FROM u) FROM t",
	} {
		f.Add(s)
	}
	cat := testCatalog()
	f.Fuzz(func(t *testing.T, sql string) {
		stmts, err := parser.Parse(sql)
		if err != nil {
			return
		}
		for _, st := range stmts {
			q, err := Plan(st, sql, cat, types.DefaultEnv(), nil)
			if err == nil {
				Explain(q)
			}
		}
	})
}
