// Package pgstat owns the cumulative table and index statistics behind
// pg_stat_all_tables and pg_stat_all_indexes, the counters autovacuum
// reads to choose its work, the per-database counters behind
// pg_stat_database and the backends' buffer pool work of
// pg_stat_bgwriter (database.go).
//
// Shared part: one region of the shared segment ("pgstat") holds a
// fixed-size open-addressing hash table of entries keyed by (database oid,
// relation oid); shared catalogs use database 0. Each entry is a key word
// and a row of 64-bit counters. A database's own entry is keyed
// (database, 0), except the shared objects' database 0, whose entry sits
// at a fixed place after the region's header. The region is valid when
// zeroed (every slot empty), so the postmaster creates it blind, and a
// crash-restart starts from zero as PostgreSQL's stats do after a crash.
//
// Backend part: a Backend accumulates counts in process memory, per
// relation, while a transaction runs (the executor increments plain
// fields of a *Counts it obtained once per plan node: no shared-memory
// write per row), and publishes them when the transaction ends, with
// PostgreSQL's counting rules: committed inserts become live tuples,
// aborted inserts and updates become dead ones, committed updates and
// deletes leave dead tuples, and every committed change counts toward
// the next ANALYZE. VACUUM and ANALYZE overwrite the live and dead
// estimates with what they saw. The same transaction end adds to the
// session's database entry (Backend.DB) its commit or rollback, its
// summed row counts and the buffer hits and reads of the process since
// the previous end: a few atomic adds per transaction, none per row.
//
// Concurrency rules:
//   - Slot keys change only under the region's spinlock (claiming a slot
//     for a new relation, forgetting one); readers and publishers find a
//     slot without the lock, by atomic loads of the keys.
//   - Counters are atomics; publishers add to them, VACUUM and ANALYZE
//     store into them, readers load them, all without the lock. A row of
//     counters is therefore not read as one consistent snapshot.
//   - The live and dead estimates never go below zero: they change by a
//     compare-and-swap loop that clamps at zero, as PostgreSQL clamps at
//     each flush.
//   - A publisher that found a slot just before DROP forgot it may still
//     add its last counts to it; the slot's counters are zeroed when it
//     is claimed again, so such counts are lost, never misattributed for
//     long. The spinlock is a leaf: nothing else is taken while it is held.
//   - When the table is full (three quarters of its slots hold live
//     entries), counts for relations not in it are dropped and counted in
//     the region's Dropped counter: statistics never fail a query.
//
// A Backend and the Counts it hands out belong to one goroutine.
package pgstat
