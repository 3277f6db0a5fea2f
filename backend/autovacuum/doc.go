// Package autovacuum is the autovacuum process: an auxiliary process the
// postmaster starts beside the checkpointer, which every
// autovacuum_naptime visits each database that accepts connections, reads
// the cumulative statistics of its tables (package pgstat) and runs
// VACUUM or ANALYZE where PostgreSQL's thresholds say so.
//
// It works through the SQL engine like a backend without a client: one
// engine for the process, a session per database visit, and the same
// VACUUM and ANALYZE code as the statements (engine.Session.AutovacuumRun),
// reported as automatic (last_autovacuum, autovacuum_count). It holds no
// lock, pin or transaction between tables or across naptimes. A table
// whose ShareUpdateExclusive lock is not free at once is skipped until the
// next round, and work on a table stops ("canceling autovacuum task")
// when another process waits for a lock that conflicts with it.
//
// Departures from PostgreSQL: there is one process that both chooses and
// does the work (PostgreSQL's launcher starts up to
// autovacuum_max_workers workers; the setting is accepted and only one
// table is worked on at a time); every database is visited once per
// naptime; there is no wraparound vacuum (transaction ids are 64-bit); the
// per-table autovacuum reloptions are not stored, so every table follows
// the server-wide settings.
package autovacuum
