package engine

import "ringpg/backend/catalog"

// deparseTyped prints a stored expression of relation rel as ruleutils
// would from its analysed tree; ok is false when it cannot.
func (s *Session) deparseTyped(rel *catalog.Relation, src string, pretty bool) (string, bool) {
	return "", false
}

// formatViewQuery prints a view's stored query on pg_get_viewdef's
// layout.
func (s *Session) formatViewQuery(r *catalog.Relation, pretty bool) string {
	return " " + r.ViewDef + ";"
}
