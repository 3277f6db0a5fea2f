package plan

import "ringpg/backend/sql/types"

// Catalog is what analysis needs to know about the database: tables by
// name, and the session's settings that change meaning (search_path is
// applied by the implementation). The session implements it over the
// catalog package and caches the Tables it builds.
type Catalog interface {
	// LookupTable finds a table, view or sequence; schema is "" for an
	// unqualified name. It fails with 42P01 relation "x" does not exist.
	LookupTable(schema, name string) (*Table, error)
	// TableDefaults returns each column's default expression as SQL text
	// ("" when none), by position.
	TableDefaults(t *Table) []string
}

// TableColumnTypes returns the types of a table's columns.
func (t *Table) ColumnTypes() []types.T {
	out := make([]types.T, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = c.T
	}
	return out
}
