package catalog

import (
	"strings"
	"testing"
)

// TestExprColName checks the names index columns over expressions get
// (pg_attribute.attname of the index), as PostgreSQL chooses them.
func TestExprColName(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{"lower(name)", "lower"},
		{"(lower(name))", "lower"},
		{"pg_catalog.upper(name)", "upper"},
		{"(a + b)", "expr"},
		{"a * 2", "expr"},
		{"(name || 'x')", "expr"},
		{"coalesce(a, 0)", "coalesce"},
	} {
		if got := exprColName(tc.expr); got != tc.want {
			t.Errorf("exprColName(%q) = %q, want %q", tc.expr, got, tc.want)
		}
	}
	used := map[string]int{}
	var got []string
	for _, n := range []string{"expr", "expr", "lower", "expr"} {
		got = append(got, uniqueColName(used, n))
	}
	if want := "expr expr1 lower expr2"; strings.Join(got, " ") != want {
		t.Errorf("uniqueColName gave %q, want %q", strings.Join(got, " "), want)
	}
}
