package plan

import "testing"

// TestQueryChecks plans each statement of testdata/query_checks.txt
// (named windows, FILTER, DISTINCT with ORDER BY, recursive WITH terms,
// ORDER BY USING, FULL JOIN conditions, join aliases, sub-queries above
// GROUP BY) and compares the EXPLAIN lines or the error after "----".
func TestQueryChecks(t *testing.T) { runPlanFile(t, "testdata/query_checks.txt") }
