// Package catalog owns the system catalog: PostgreSQL 15's catalog
// relations (pg_class, pg_attribute, pg_type, pg_namespace, pg_index,
// pg_constraint, pg_attrdef, pg_depend, pg_sequence, pg_rewrite, the shared
// pg_database, pg_authid, pg_tablespace, pg_auth_members and the rest),
// kept as ordinary heap relations in the shared buffer pool with
// PostgreSQL's OIDs, so that DDL is transactional and every backend sees
// every commit. It builds them when a data directory is created
// (Bootstrap), reads them into per-backend caches of relation
// descriptions (Relation, Column, Index, Constraint), and writes them for
// DDL through package heap, inside the caller's transaction. It also owns
// the OID counter, the catalog invalidation counter and sequences.
//
// It may call package heap (and its tuple format), the buffer pool and
// the relation file manager (storage, bufmgr, smgr: only to create the
// pool during Bootstrap, to invalidate and unlink the files of dropped
// relations and to copy database directories), shm and sem for its
// region, and sql/types for type descriptions. It does not import the
// function registry: pg_proc rows are handed to Bootstrap. Visibility is never decided here: every
// read takes the caller's heap.Snapshot, every write the caller's heap.Txn.
//
// # Shared state and concurrency
//
// The region RegionName of the shared segment (see region.go) holds:
//
//   - the invalidation counter (atomic). A transaction that changed the
//     catalog bumps it once its commit is visible to others
//     (NoteCommittedDDL, AtCommit), before it releases its locks; every
//     backend compares it with the value it last saw at the start of each
//     statement (BeginStatement), before the statement takes its snapshot,
//     and drops its whole cache when it moved. A backend's own uncommitted
//     changes reach its cache because NoteOwnDDL drops the cache after each
//     DDL command, and AtAbort drops it again.
//   - the OID counter: next and limit, guarded by a spinlock for the hand
//     out; the limit is extended in chunks of OIDChunk, the new limit
//     written and fsynced to global/pg_oid_limit under an flock of that
//     file before any OID past the old limit is handed out. After a crash
//     the counter restarts at the persisted limit, so no OID is reused.
//
// A Catalog (one per backend and database) is used by one goroutine. Its
// caches are private and hold nothing shared.
//
// # Using it
//
//   - Data directory creation: Bootstrap(dataDir, procs...) once, with no
//     server running; it creates global/, base/1, base/4, base/5 and
//     global/pg_oid_limit, making its own segment and pool. procs fill
//     pg_proc (convert package funcs' registry; optional).
//   - Segment: add shm.RegionSpec{Name: RegionName, Size: RegionSize}.
//   - Each backend: Open(pool, seg, dataDir, dbOid) once it knows its
//     database (Open with db 0 reads only the shared catalogs: Database,
//     Role, for the startup packet).
//   - Each statement: BeginStatement before taking the statement's
//     snapshot; lookups take that snapshot. The transaction layer must
//     treat BootstrapXid and FrozenXid as committed.
//   - Each DDL command: call the method with the transaction (heap.Txn)
//     and a snapshot that sees the transaction's earlier commands; then
//     NoteOwnDDL and advance the command counter. Several calls may make
//     up one command as long as none reads what another wrote.
//     TakeNotices returns the NOTICEs of DROP ... CASCADE.
//   - Commit: once the commit is visible to other snapshots, and before
//     the transaction's locks are released, AtCommit (it bumps the
//     invalidation counter and unlinks the files of dropped relations and
//     databases). Abort: AtAbort (unlinks the files of relations created
//     by the transaction, drops the caches).
//   - Session end: DropTempObjects (in a transaction of its own) if the
//     session used TempNamespace, then ResetSession.
//   - Locks are the caller's: DDL on a relation should hold its
//     AccessExclusiveLock, and the names of new objects should be locked
//     so that two transactions cannot both create them.
//
// # Departures from PostgreSQL
//
//   - Catalogs have no indexes: lookups scan the catalog heap (a few pages)
//     on a cache miss. Uniqueness of names is checked by a scan under the
//     caller's snapshot, so two concurrent transactions creating the same
//     name are kept apart only by the caller's locks (PostgreSQL's unique
//     catalog indexes would make the second one wait and fail).
//   - Catalog relfilenodes equal their OIDs; there is no relation mapper.
//   - aclitem[] columns are stored as text[]; pg_node_tree columns
//     (pg_attrdef.adbin, pg_constraint.conbin, pg_index.indexprs and
//     indpred, pg_rewrite.ev_action) hold SQL text.
//   - Toast relations have the heap's layout (chunk_id int8, chunk_seq,
//     next_block, next_offset, chunk_data) and no index.
//   - Tables have no row type in pg_type (reltype 0); regproc columns of
//     pg_type and pg_am name no function rows (0) except pg_am's
//     handlers; there is no pg_shdepend.
//   - pg_operator, pg_cast, pg_opclass, pg_opfamily, pg_amop, pg_amproc,
//     pg_conversion and the pg_ts_* catalogs hold PostgreSQL 15's
//     built-in rows (opcatalog.go, generated into opcatalog_gen.go),
//     only those over types in pg_type whose functions are in pg_proc,
//     and only btree and hash classes; pg_aggregate holds the rows of
//     the aggregates in pg_proc. Nothing creates more.
//     pg_operator.oprrest/oprjoin and the regproc columns of
//     pg_conversion and pg_ts_* name PostgreSQL's functions, which
//     pg_proc lacks. pg_index.indclass holds each key type's default
//     btree class (0 for a type that has none).
//   - Enum types (enum.go) have their pg_type, pg_enum and pg_depend rows,
//     but a column's dependency on its type is not in pg_depend: DROP
//     derives it from pg_attribute. ADD VALUE never renumbers existing
//     labels (index keys hold their sort orders): it fails when float4
//     leaves no room between two neighbours.
//   - pg_statistic's stavaluesN are text[] of the values' text forms
//     (there is no anyarray storage), and staopN are 0; pg_stats shows
//     them as text[] and checks SELECT on the table (no column
//     privileges).
//   - pg_index.indexprs holds the key expressions' SQL text as a JSON
//     array of strings.
//   - The catalogs clients' introspection queries read but nothing writes
//     yet (pg_statistic_ext, pg_publication*, pg_policy, pg_trigger,
//     pg_foreign_*, pg_partitioned_table, pg_extension and the
//     rest of schema_introspect.go) exist empty; pg_collation holds only
//     default, C and POSIX, pg_language internal, c and sql. pg_roles and
//     pg_user are views created at bootstrap. Foreign keys set
//     relhastriggers on both tables, though pg_trigger stays empty.
//   - A view depends on whole relations, not on their columns, so
//     DROP COLUMN does not see views that use the column.
//   - Sequences keep no cache of values and write no WAL: each nextval
//     changes the page; after a crash the value is whatever reached disk.
//     ALTER SEQUENCE RESTART is not rolled back.
package catalog
