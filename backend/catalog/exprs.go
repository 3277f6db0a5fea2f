package catalog

import "encoding/json"

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
