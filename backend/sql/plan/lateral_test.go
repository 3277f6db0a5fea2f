package plan

import (
	"os"
	"strings"
	"testing"
)

// TestLateralPlans plans each statement of testdata/lateral_plans.txt
// (LATERAL sub-selects and functions in FROM) and compares the EXPLAIN
// lines or the error with the expectation after "----".
func TestLateralPlans(t *testing.T) {
	const path = "testdata/lateral_plans.txt"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cat := testCatalog()
	var out strings.Builder
	for _, block := range strings.Split(strings.TrimSpace(string(data)), "\n\n") {
		sql, want, _ := strings.Cut(block, "\n----")
		want = strings.TrimPrefix(want, "\n")
		got := planText(cat, sql)
		if !*rewrite && got != want {
			t.Errorf("%s\ngot:\n%s\nwant:\n%s", sql, got, want)
		}
		out.WriteString(sql + "\n----\n" + got + "\n\n")
	}
	if *rewrite {
		if err := os.WriteFile(path, []byte(out.String()), 0644); err != nil {
			t.Fatal(err)
		}
	}
}
