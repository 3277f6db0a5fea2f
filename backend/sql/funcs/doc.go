// Package funcs owns the SQL engine's built-in operators, functions,
// aggregates and window functions: their PostgreSQL 15 names and OIDs
// (pg_proc.oid, pg_operator.oid), signatures, result types, strictness and
// volatility, their implementations, and PostgreSQL's rules for choosing one
// overload for a call (func_select_candidate, oper_select_candidate).
//
// It may call package types (values, type metadata, coercion, I/O) and its
// subpackages numeric and datetime, and pgerr for errors. It knows nothing of
// plans, tuples or sessions: everything an implementation needs from the
// outside world arrives in a *Ctx.
//
// # Using it
//
// At plan time the analyzer calls ResolveFunc or ResolveOperator with the
// argument types it has inferred. The answer (*Resolved, *ResolvedOp) names
// the chosen *Func, the type each argument must be coerced to before the
// call, the concrete result type (polymorphic signatures resolved) and the
// implementation to run, Call, already specialised for the argument types
// when the function needs them (concat, format, to_json). The executor
// then calls Call once per row with the coerced arguments; a set-returning
// function is run through Func.SRF, an aggregate through Func.Agg, a window
// function through Func.Win. When some arguments are constants the executor
// may call Resolved.Prepare once and use the function it returns (LIKE and
// regular-expression operators compile their pattern there).
//
// Strict functions are never called with a NULL argument: the executor
// returns NULL itself. Non-strict functions see NULLs (Datum.Null).
//
// Variadic functions: a Func whose Variadic is not 0 takes its last
// parameter as an array of Variadic (PostgreSQL's provariadic). When
// Resolved.VariadicAt >= 0 the executor packs arguments VariadicAt.. into one
// array of Resolved.VariadicElem before calling.
// Functions declared VARIADIC "any" (concat, format, json_build_object,
// num_nulls...) get their arguments one by one and VariadicAt is -1.
//
// # Registration and concurrency
//
// The built-ins register themselves at package initialisation. Register and
// RegisterOperator add the integrator's own entries (session and catalog
// functions); they take the registry's write lock and are meant for start-up.
// Resolution takes the read lock, so it may run concurrently with itself.
// Implementations hold no shared state: everything mutable is in the *Ctx or
// in an aggregate's state, which belongs to one goroutine.
//
// # Errors
//
// Every error returned is a *pgerr.Error carrying PostgreSQL's SQLSTATE and
// message wording (for example 22003 "integer out of range", 22012
// "division by zero", 42883 "function foo(integer) does not exist").
// Implementations never panic on user input.
package funcs
