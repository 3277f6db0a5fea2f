package plan

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// json has no equality or ordering operator in PostgreSQL (jsonb has):
// grouping, DISTINCT, UNION/INTERSECT/EXCEPT and ORDER BY over it are
// refused when the query is analysed.

// noEquality is the error for grouping or de-duplicating values of t, or
// nil when t can be.
func noEquality(t types.T) error {
	if t.Oid == types.JSONOid {
		return pgerr.New(pgerr.UndefinedFunction, "could not identify an equality operator for type %s", types.FormatType(t))
	}
	return nil
}

// noOrdering is the error for sorting values of t, or nil when t can be.
func noOrdering(t types.T) error {
	if t.Oid == types.JSONOid {
		return pgerr.New(pgerr.UndefinedFunction, "could not identify an ordering operator for type %s", types.FormatType(t)).
			WithHint("Use an explicit ordering operator or modify the query.")
	}
	return nil
}
