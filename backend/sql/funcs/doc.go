// Package funcs owns the SQL engine's built-in operators, functions,
// aggregates and window functions: their PostgreSQL 15 names and OIDs
// (pg_proc.oid, pg_operator.oid), signatures, result types, strictness and
// volatility, their implementations, and PostgreSQL's rules for choosing one
// overload for a call (func_select_candidate, oper_select_candidate).
//
// It may call package types (values, type metadata, comparison, I/O) and
// its subpackages numeric and datetime, and pgerr for errors. It knows
// nothing of plans, tuples or sessions: everything an implementation needs
// from the outside world arrives in a *Ctx.
//
// # Catalog
//
// catalog_gen.go holds PostgreSQL 15's pg_proc and pg_operator rows over
// the types the server has, recorded by testdata/gen_catalog.sql; an
// implementation is bound to a row by name and argument typnames (bind.go),
// and an operator is registered when its function is. Comparison and
// arithmetic operators of the numeric, text and date/time types are derived
// from their operand types (opauto.go). shadow_gen.go holds the remaining
// rows, over types the server does not have: they take part in resolution
// only, so that a call is ambiguous exactly when PostgreSQL says so, and
// choosing one fails with 0A000 "function f(macaddr) is not supported".
// Funcs and Operators list the registered entries for pg_proc and
// pg_operator.
//
// # Resolution
//
// At plan time the analyzer calls ResolveFunc or ResolveOperator with the
// argument types it has inferred (types.UnknownOid for an untyped literal).
// The answer names the chosen *Func, the type each argument must be coerced
// to before the call, the concrete result type (polymorphic signatures
// resolved) and Call, the implementation to run. Functions that need their
// argument types (concat, format, to_json, array_append...) are
// specialised at resolution: Resolved.Func is then a per-call copy whose
// Call is the specialised one, so Func.Call is always right to use. An
// unknown literal passed to an "any" parameter stays unknown (its text).
//
// Not done here: a function-style cast (name(x) where name is a type) is
// the analyzer's, as are named arguments. PostgreSQL's order for name(x)
// is: an exact match (HasExact), then the cast when name is a type name,
// then ResolveFunc. count(*) is ResolveFunc("count", nil, false). Errors
// are PostgreSQL's: 42883 "function f(integer) does not exist", 42725
// "function f(unknown) is not unique", 42883 "operator does not exist:
// integer + text", with their hints.
//
// # Calling
//
// The *Ctx passed to an implementation must not be nil, except that
// immutable functions accept nil (plan-time constant folding).
//
// Strict functions must not be called with a NULL argument: the executor
// returns NULL itself. Non-strict functions see NULLs (Datum.Null). A call
// may omit trailing parameters that have defaults (Func.Defaults); the
// implementation supplies PostgreSQL's defaults.
//
// Variadic functions: a Func whose Variadic is not 0 takes its last
// parameter as an array of Variadic (PostgreSQL's provariadic). When
// Resolved.VariadicAt >= 0 the executor packs arguments VariadicAt.. into
// one array of Resolved.VariadicElem before calling (Resolved.Pack does
// it). Functions declared VARIADIC "any" (concat, format,
// json_build_object, num_nulls) get their arguments one by one and
// VariadicAt is -1.
//
// When some arguments are constants the executor may call Resolved.Prepare
// (or ResolvedOp.Prepare) once and use the function it returns: LIKE and
// the regular-expression operators compile a constant pattern there, and an
// invalid constant pattern fails at plan time.
//
// Set-returning functions (Func.RetSet) run through Func.SRF, which returns
// Rows; a row has one value, or len(Func.Out) for jsonb_each and the like.
// Aggregates (Kind 'a') run through Func.Agg: New makes a state per group;
// Add sees every input row, NULLs included (the state skips what
// PostgreSQL's aggregate skips); Result may be called repeatedly. States
// of aggregates with Agg.Moving also implement AggRemover, for window
// frames whose start advances. Window functions (Kind 'w') run through
// Func.Win with a Partition positioned on the current row; strictness does
// not apply to them. A Partition may also implement PeerGrouper (dense_rank
// then needs no in-order calls) and ArgCounter (lag and lead then tell a
// NULL offset from an omitted one).
//
// # Registration and concurrency
//
// The built-ins are registered on first use of the registry. Register and
// RegisterOperator add the integrator's own entries (session and catalog
// functions: version(), current_user, nextval...), replacing a built-in
// with the same signature; they take the registry's write lock and are
// meant for start-up. Resolution takes the read lock and may run
// concurrently. Implementations hold no shared mutable state: what they
// change lives in the *Ctx or in an aggregate state, both owned by one
// goroutine (the regular-expression cache is guarded by its own mutex).
//
// # Errors
//
// Every error returned is a *pgerr.Error carrying PostgreSQL's SQLSTATE and
// message wording (22003 "integer out of range", 22012 "division by zero",
// 22025 "LIKE pattern must not end with escape character", 2201B "invalid
// regular expression: ..."). Implementations never panic on user input.
// The errors of hot paths are built once and shared: a caller that wants
// to add a position or detail copies the *pgerr.Error first.
//
// # Tests
//
// testdata/eval_*.txt hold expressions in a small SQL subset with the rows
// or error PostgreSQL 15 gave for them; `go test -run TestEval -pg
// "host=/tmp port=15530 user=postgres"` rewrites them from a live server.
package funcs
