// Package exec owns the executor: it runs the plan trees of package plan,
// evaluating their expr trees, and drives the storage access methods to read
// and change tables (heap) and their indexes (btree).
//
// # Running a statement
//
// Start builds the operators of a plan and opens them; Cursor.Next returns
// rows one at a time (a portal may stop and resume), Close ends it. Run does
// all three. The operators built for a plan are kept in the Env when the
// cursor closes and reused by the plan's next execution, so a prepared
// statement run again allocates almost nothing. INSERT, UPDATE and DELETE
// run to completion at the first Next, as PostgreSQL runs them whatever the
// fetch size, and keep their RETURNING rows.
//
// Operators follow the iterator model: open (again, to rescan with a new
// outer row), next, close. A row returned by next is valid only until the
// following call, and the same holds for the rows Cursor.Next returns:
// consumers that keep rows (Sort, Agg, the build side of a hash join,
// Materialize, a client buffer) copy them.
//
// # What it may call
//
// heap, btree, keyenc, bufmgr (relation names only), types, funcs, expr,
// plan, pgerr and serverlog (for internal failures). The transaction layer
// is reached only through the Txn interface (env.go): visibility comes from
// its snapshots (the statement's snapshot must hide the statement's own
// changes: versions whose cmin is the current command), waits for other
// transactions through WaitXid, unique checks through TupleLive, and
// cancellation through CheckInterrupts, which operators call every 256
// rows.
//
// Concurrent changes are handled as PostgreSQL does: a row being changed by
// a running transaction is waited for; one a committed transaction updated
// is, under READ COMMITTED, followed to its newest version, re-checked and
// changed there (EvalPlanQual, restricted to the target table's own
// conditions), and under REPEATABLE READ fails with 40001.
//
// Concurrency: an Env and everything built from it belong to one backend
// and are used by one goroutine; other processes are seen only through the
// shared buffer pool and the transaction layer.
package exec
