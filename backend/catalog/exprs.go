package catalog

import (
	"encoding/json"
	"strings"
)

// pg_index.indexprs holds the SQL text of an index's expression columns,
// in key order, as a JSON array of strings (PostgreSQL keeps a node tree
// list there).

func joinExprs(exprs []string) string {
	b, _ := json.Marshal(exprs) // strings always marshal
	return string(b)
}

func splitExprs(s string) []string {
	var out []string
	if json.Unmarshal([]byte(s), &out) != nil {
		return nil
	}
	return out
}

// SplitIndexExprs returns the expressions of a pg_index.indexprs value, ok
// false when s is not one.
func SplitIndexExprs(s string) ([]string, bool) {
	var out []string
	if !strings.HasPrefix(s, "[") || json.Unmarshal([]byte(s), &out) != nil || len(out) == 0 {
		return nil, false
	}
	return out, true
}
