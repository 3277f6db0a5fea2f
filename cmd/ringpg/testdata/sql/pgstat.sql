-- Cumulative table statistics: the views' columns, and counters that are
-- deterministic once flushed (PostgreSQL flushes at most once a second
-- unless asked; ringpg publishes at every transaction's end). Each table
-- stays below autovacuum's thresholds so that no automatic run changes
-- what is checked.
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_stat_all_tables'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_stat_user_tables'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_stat_sys_tables'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_stat_all_indexes'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_stat_user_indexes'::regclass ORDER BY attnum;
SELECT name, setting, unit, context, vartype, min_val, max_val FROM pg_settings
  WHERE name IN ('autovacuum', 'autovacuum_naptime', 'autovacuum_max_workers', 'autovacuum_vacuum_threshold',
    'autovacuum_vacuum_scale_factor', 'autovacuum_analyze_threshold', 'autovacuum_analyze_scale_factor',
    'autovacuum_vacuum_insert_threshold', 'autovacuum_vacuum_insert_scale_factor', 'track_counts',
    'log_autovacuum_min_duration') ORDER BY name;

CREATE TABLE st (a int PRIMARY KEY, b int);
INSERT INTO st SELECT g, g FROM generate_series(1, 40) g;
UPDATE st SET b = b + 1 WHERE a <= 5;
DELETE FROM st WHERE a > 37;
BEGIN;
INSERT INTO st VALUES (100, 1), (101, 1);
UPDATE st SET b = 0 WHERE a = 1;
ROLLBACK;
BEGIN;
INSERT INTO st VALUES (200, 1);
SAVEPOINT s1;
INSERT INTO st VALUES (201, 1), (202, 1);
ROLLBACK TO s1;
INSERT INTO st VALUES (203, 1);
COMMIT;
SELECT pg_stat_force_next_flush();
SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd, n_live_tup, n_dead_tup,
  n_mod_since_analyze, n_ins_since_vacuum, last_vacuum IS NULL AS never_vacuumed, vacuum_count, autovacuum_count,
  last_analyze IS NULL AS never_analyzed, analyze_count, autoanalyze_count
  FROM pg_stat_user_tables WHERE relname = 'st';
SELECT pg_stat_get_live_tuples('st'::regclass), pg_stat_get_dead_tuples('st'::regclass),
  pg_stat_get_tuples_inserted('st'::regclass), pg_stat_get_mod_since_analyze('st'::regclass),
  pg_stat_get_ins_since_vacuum('st'::regclass), pg_stat_get_tuples_hot_updated('st'::regclass);
VACUUM st;
SELECT pg_stat_force_next_flush();
SELECT n_live_tup, n_dead_tup, n_ins_since_vacuum, n_mod_since_analyze, last_vacuum IS NOT NULL AS vacuumed, vacuum_count
  FROM pg_stat_user_tables WHERE relname = 'st';
ANALYZE st;
SELECT pg_stat_force_next_flush();
SELECT n_live_tup, n_mod_since_analyze, last_analyze IS NOT NULL AS analyzed, analyze_count, vacuum_count
  FROM pg_stat_user_tables WHERE relname = 'st';

-- Index scans: point look-ups through the primary key.
CREATE TABLE su (a int PRIMARY KEY, b text);
INSERT INTO su SELECT g, 'x' FROM generate_series(1, 20) g;
SELECT b FROM su WHERE a = 3;
SELECT b FROM su WHERE a = 7;
SELECT b FROM su WHERE a = 99;
SELECT pg_stat_force_next_flush();
SELECT relname, indexrelname, idx_scan, idx_tup_read, idx_tup_fetch FROM pg_stat_user_indexes WHERE relname = 'su';
SELECT relname, idx_scan, idx_tup_fetch, n_tup_ins FROM pg_stat_user_tables WHERE relname = 'su';

-- Sequential scans of a table without indexes.
CREATE TABLE sw (x int);
INSERT INTO sw SELECT g FROM generate_series(1, 30) g;
SELECT count(*) FROM sw;
SELECT count(*) FROM sw WHERE x > 10;
DELETE FROM sw WHERE x <= 5;
SELECT pg_stat_force_next_flush();
SELECT relname, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, n_tup_del, n_live_tup, n_dead_tup
  FROM pg_stat_user_tables WHERE relname = 'sw';
SELECT count(*) FROM pg_stat_sys_tables WHERE relname = 'sw';
SELECT count(*) FROM pg_stat_all_tables WHERE relname IN ('st', 'su', 'sw');

-- TRUNCATE leaves no live or dead rows; the counters go on.
CREATE TABLE sx (x int);
INSERT INTO sx SELECT g FROM generate_series(1, 10) g;
DELETE FROM sx WHERE x = 1;
TRUNCATE sx;
INSERT INTO sx VALUES (1), (2), (3);
SELECT pg_stat_force_next_flush();
SELECT n_tup_ins, n_tup_del, n_live_tup, n_dead_tup, n_ins_since_vacuum, n_mod_since_analyze
  FROM pg_stat_user_tables WHERE relname = 'sx';
DROP TABLE sx;

-- The reloption autovacuum_enabled is kept.
CREATE TABLE sr (a int) WITH (autovacuum_enabled = false);
SELECT relname, reloptions FROM pg_class WHERE relname = 'sr';
DROP TABLE sr;

-- DROP forgets the statistics.
DROP TABLE st, su, sw;
SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('st', 'su', 'sw');
