// Package exec owns the executor: it runs the plan trees of package plan,
// evaluating their expr trees, and drives the storage access methods to read
// and change tables (heap) and their indexes (btree).
//
// A statement runs as a tree of operators built from the plan for one
// execution (Start, Run); the plan itself is immutable and shared, every
// piece of per-execution state lives in the operators. Operators follow the
// iterator model: open (again, to rescan with a new outer row), next, close.
// A row returned by an operator's next is valid only until the following
// call: consumers that keep rows (Sort, Agg, the build side of a hash join,
// Materialize) copy them.
//
// It may call heap, btree, keyenc, bufmgr (relation names only), types,
// funcs, expr, plan and pgerr. The transaction layer is reached only
// through the Txn interface (env.go): visibility comes from its snapshots,
// waits for other transactions through WaitXid, and cancellation through
// CheckInterrupts, which operators call every few hundred rows.
//
// Concurrency: an Env and everything built from it belong to one backend
// and are used by one goroutine; other processes are seen only through the
// shared buffer pool and the transaction layer.
package exec
