// Package plan owns query plans and the analysis that makes them: it turns
// the parser's syntax trees into typed expressions (package expr) and trees
// of plan nodes that the executor runs.
//
// Analysis resolves every name against the catalog (through the Catalog
// interface, so the package needs no storage), every operator and function
// through package funcs, and every implicit coercion through package types,
// reporting PostgreSQL's errors with their positions. Planning chooses scans
// (an index scan when the WHERE clause fixes a prefix of an index's key),
// join methods (hash joins for equality conditions, nested loops otherwise),
// and hash or sorted aggregation.
//
// Plans are immutable once built, so the session caches them by the
// statement's normalized text and shares them between executions.
package plan
