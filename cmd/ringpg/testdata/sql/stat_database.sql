-- Database, cluster and block statistics views: their columns, rows and
-- the counters that are certain once flushed (PostgreSQL flushes at most
-- once a second unless asked; ringpg publishes at every transaction's
-- end). Other sessions may share the database, so counters are compared,
-- never printed.
SELECT c.oid, c.relname, c.relkind, c.relnatts FROM pg_class c
  WHERE c.relname IN ('pg_stat_database', 'pg_stat_database_conflicts', 'pg_stat_bgwriter',
    'pg_statio_all_tables', 'pg_statio_sys_tables', 'pg_statio_user_tables', 'pg_stat_sys_indexes',
    'pg_statio_all_indexes', 'pg_statio_sys_indexes', 'pg_statio_user_indexes',
    'pg_statio_all_sequences', 'pg_statio_sys_sequences', 'pg_statio_user_sequences')
  AND c.relnamespace = 'pg_catalog'::regnamespace ORDER BY c.oid;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_stat_database'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_stat_database_conflicts'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_stat_bgwriter'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_statio_all_tables'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_statio_user_tables'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_statio_sys_tables'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_statio_all_indexes'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_statio_user_indexes'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_statio_sys_indexes'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_stat_sys_indexes'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_statio_all_sequences'::regclass ORDER BY attnum;
SELECT viewname FROM pg_views WHERE schemaname = 'pg_catalog'
  AND (viewname LIKE 'pg\_statio\_%' OR viewname IN ('pg_stat_database', 'pg_stat_database_conflicts', 'pg_stat_bgwriter'))
  ORDER BY viewname;
SELECT p.oid, p.proname, p.pronargs, p.prorettype::regtype, p.provolatile, p.proisstrict FROM pg_proc p
  WHERE p.proname LIKE 'pg\_stat\_get\_db\_%' OR p.proname LIKE 'pg\_stat\_get\_bgwriter\_%'
    OR p.proname LIKE 'pg\_stat\_get\_buf\_%' OR p.proname LIKE 'pg\_stat\_get\_checkpoint\_%'
    OR p.proname IN ('pg_stat_get_blocks_fetched', 'pg_stat_get_blocks_hit')
  ORDER BY p.oid;

-- One row per database, and one for shared objects.
SELECT (SELECT count(*) FROM pg_stat_database) = (SELECT count(*) FROM pg_database) + 1 AS one_row_each;
SELECT datid, datname IS NULL AS no_name, numbackends FROM pg_stat_database WHERE datid = 0;
SELECT (SELECT count(*) FROM pg_stat_database d JOIN pg_database p ON p.oid = d.datid AND p.datname = d.datname)
  = (SELECT count(*) FROM pg_database) AS named_rows;
SELECT (SELECT count(*) FROM pg_stat_database_conflicts) = (SELECT count(*) FROM pg_database) AS one_row_each;
SELECT confl_tablespace, confl_lock, confl_snapshot, confl_bufferpin, confl_deadlock
  FROM pg_stat_database_conflicts WHERE datname = current_database();

-- This session's database: it has a backend, committed transactions, and
-- read blocks; what ringpg lacks (recovery conflicts, I/O timing, data
-- checksums) is 0 or NULL as in PostgreSQL without those features.
SELECT pg_stat_force_next_flush();
SELECT datid = (SELECT oid FROM pg_database WHERE datname = current_database()) AS datid_ok,
  numbackends >= 1 AS has_backends, xact_commit > 0 AS committed, blks_read >= 0 AS blks_read_ok,
  blks_hit + blks_read > 0 AS read_blocks, tup_returned >= 0 AS tup_returned_ok, conflicts,
  checksum_failures, checksum_last_failure, blk_read_time, blk_write_time, sessions >= 1 AS has_sessions,
  session_time >= 0 AS session_time_ok, sessions_abandoned >= 0 AS abandoned_ok
  FROM pg_stat_database WHERE datname = current_database();
SELECT pg_stat_get_db_xact_commit(NULL), pg_stat_get_db_numbackends(NULL), pg_stat_get_db_stat_reset_time(NULL);

-- Transactions and row changes count toward the database once published.
CREATE TABLE sd_t (a int);
CREATE TEMP TABLE sd_before AS
  SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_returned
  FROM pg_stat_database WHERE datname = current_database();
INSERT INTO sd_t SELECT g FROM generate_series(1, 10) g;
UPDATE sd_t SET a = a + 1 WHERE a <= 3;
DELETE FROM sd_t WHERE a > 8;
SELECT count(*) FROM sd_t;
BEGIN;
INSERT INTO sd_t VALUES (100);
ROLLBACK;
SELECT pg_stat_force_next_flush();
SELECT d.xact_commit > b.xact_commit AS committed, d.xact_rollback > b.xact_rollback AS rolled_back,
  d.tup_inserted >= b.tup_inserted + 11 AS inserted, d.tup_updated >= b.tup_updated + 3 AS updated,
  d.tup_deleted >= b.tup_deleted + 2 AS deleted, d.tup_returned >= b.tup_returned + 8 AS returned
  FROM pg_stat_database d, sd_before b WHERE d.datname = current_database();
DROP TABLE sd_before;

-- The shared counters of the checkpointer and the background writer.
SELECT checkpoints_timed >= 0 AS timed_ok, checkpoints_req >= 0 AS req_ok, checkpoint_write_time >= 0 AS write_ok,
  checkpoint_sync_time >= 0 AS sync_ok, buffers_checkpoint >= 0 AS ckpt_ok, buffers_clean >= 0 AS clean_ok,
  maxwritten_clean >= 0 AS maxwritten_ok, buffers_backend >= 0 AS backend_ok, buffers_backend_fsync,
  buffers_alloc >= 0 AS alloc_ok, stats_reset IS NOT NULL AS has_reset
  FROM pg_stat_bgwriter;
SELECT pg_stat_reset_shared('nonesuch');

-- Block statistics per table, index and sequence: a table without
-- indexes or toast table has NULL index and toast columns.
CREATE TABLE sd_k (a int PRIMARY KEY, b int);
CREATE SEQUENCE sd_seq;
INSERT INTO sd_k VALUES (1, 1), (2, 2);
SELECT pg_stat_force_next_flush();
SELECT relname, heap_blks_read >= 0 AS heap_read_ok, heap_blks_hit >= 0 AS heap_hit_ok,
  idx_blks_read IS NULL AS no_idx, idx_blks_hit IS NULL AS no_idx_hit, toast_blks_read IS NULL AS no_toast,
  toast_blks_hit IS NULL AS no_toast_hit, tidx_blks_read IS NULL AS no_tidx, tidx_blks_hit IS NULL AS no_tidx_hit
  FROM pg_statio_user_tables WHERE relname IN ('sd_t', 'sd_k') ORDER BY relname;
SELECT relname, indexrelname, idx_blks_read >= 0 AS read_ok, idx_blks_hit >= 0 AS hit_ok
  FROM pg_statio_user_indexes WHERE relname = 'sd_k';
SELECT relname, blks_read >= 0 AS read_ok, blks_hit >= 0 AS hit_ok FROM pg_statio_user_sequences WHERE relname = 'sd_seq';
SELECT count(*) FROM pg_statio_sys_tables WHERE relname IN ('sd_t', 'sd_k');
SELECT relname FROM pg_statio_sys_tables WHERE relname IN ('pg_class', 'pg_attribute') ORDER BY relname;
SELECT count(*) FROM pg_statio_all_tables WHERE relname IN ('sd_t', 'sd_k', 'pg_class');
SELECT relname, indexrelname FROM pg_statio_all_indexes WHERE relname = 'sd_k';
SELECT count(*) FROM pg_statio_sys_indexes WHERE relname = 'sd_k';
SELECT count(*) FROM pg_stat_sys_indexes WHERE relname = 'sd_k';
SELECT count(*) FROM pg_statio_sys_sequences WHERE relname = 'sd_seq';
SELECT relname FROM pg_statio_all_sequences WHERE relname = 'sd_seq';
DROP TABLE sd_t, sd_k;
DROP SEQUENCE sd_seq;
