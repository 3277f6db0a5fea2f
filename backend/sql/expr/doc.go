// Package expr owns typed expression trees and their evaluation: what the
// analyzer builds from the parser's syntax once every name, operator,
// function and cast is resolved, and what the executor evaluates for each
// row.
//
// Every node knows its result type statically (Type), as PostgreSQL's
// expression nodes do, and evaluates against a Frame: the current input row,
// the frames of enclosing queries (for correlated references), the bound
// parameters and the function context. Trees are immutable after analysis,
// so a cached plan's expressions are shared by every execution; the only
// per-node mutable state is scratch space for argument vectors, which is
// safe because one backend evaluates one expression at a time and no node is
// ever evaluated re-entrantly from inside its own arguments.
//
// SQL's three-valued logic and NULL rules live here: strict functions
// return NULL on a NULL argument without being called, AND/OR follow
// Kleene logic, CASE, COALESCE, NULLIF, GREATEST/LEAST and IS [NOT]
// DISTINCT FROM behave as PostgreSQL's.
//
// expr imports the type system (types) and the function registry (funcs);
// it knows nothing of tables, plans or storage. Sub-queries are reached
// through the SubPlanRunner the executor puts in the Frame.
package expr
