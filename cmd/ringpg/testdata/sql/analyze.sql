-- Column statistics from ANALYZE: tables smaller than the sample
-- (300 x default_statistics_target rows) are read whole, so pg_stats is
-- deterministic. Tables disable autovacuum so that nothing else analyzes
-- them between the statements. The correlation of a table of many pages
-- depends on where each row landed, and the heap fills pages a little
-- differently from PostgreSQL's (rows of varying width land in earlier
-- pages' free space at different points), so it is compared rounded for
-- an_t and exactly for the one-page an_small.
DROP TABLE IF EXISTS an_t, an_small, an_empty;
-- The value arrays are text[] here (anyarray in PostgreSQL): their types
-- are not compared.
SELECT attname, CASE WHEN atttypid IN ('anyarray'::regtype, 'text[]'::regtype) THEN 'values' ELSE atttypid::regtype::text END AS type
  FROM pg_attribute WHERE attrelid = 'pg_stats'::regclass ORDER BY attnum;
SELECT attname, atttypid::regtype FROM pg_attribute WHERE attrelid = 'pg_statistic'::regclass AND attnum < 8 ORDER BY attnum;
SHOW default_statistics_target;

CREATE TABLE an_t (id int, skew int, sparse int, txt text, num numeric, code varchar(10), flag bool,
  big bigint, f8 float8, d date, uniq text, allnull int) WITH (autovacuum_enabled = false);
INSERT INTO an_t SELECT i,
  CASE WHEN i % 3 = 0 THEN 1 WHEN i % 5 = 0 THEN 2 WHEN i % 7 = 0 THEN 3 ELSE i % 200 END,
  CASE WHEN i % 4 = 0 THEN NULL ELSE (i * 7919) % 1000 END,
  'v' || (i % 37) || CASE WHEN i % 11 = 0 THEN ' long tail text' ELSE '' END,
  round((i % 113) / 7.0, 2),
  CASE WHEN i % 2 = 0 THEN 'even' WHEN i % 9 = 0 THEN NULL ELSE 'odd' || (i % 5) END,
  i % 2 = 0,
  (i * 104729) % 3001,
  ((3000 - i) / 60) / 4.0,
  date '2020-01-01' + (i % 400),
  'u' || i,
  NULL::int
  FROM generate_series(1, 3000) i;
SELECT attname, null_frac, avg_width, n_distinct, most_common_vals::text, most_common_freqs, histogram_bounds::text, round(correlation::numeric, 1) AS correlation
  FROM pg_stats WHERE tablename = 'an_t' ORDER BY attname;
ANALYZE an_t;
SELECT schemaname, tablename, attname, inherited, null_frac, avg_width, n_distinct, most_common_vals::text, most_common_freqs,
  histogram_bounds::text, round(correlation::numeric, 1) AS correlation, most_common_elems::text, most_common_elem_freqs, elem_count_histogram
  FROM pg_stats WHERE tablename = 'an_t' ORDER BY attname;
SELECT reltuples, relpages > 0 AS has_pages FROM pg_class WHERE relname = 'an_t';

-- A second ANALYZE replaces the rows; the target of a column changes
-- how many values it keeps.
DELETE FROM an_t WHERE id > 1500;
ALTER TABLE an_t ALTER COLUMN skew SET STATISTICS 5;
ALTER TABLE an_t ALTER COLUMN txt SET STATISTICS 3;
ALTER TABLE an_t ALTER COLUMN nosuch SET STATISTICS 3;
ALTER TABLE an_t ALTER COLUMN txt SET STATISTICS -2;
SELECT attname, attstattarget FROM pg_attribute WHERE attrelid = 'an_t'::regclass AND attnum > 0 ORDER BY attnum;
ANALYZE an_t;
SELECT attname, null_frac, avg_width, n_distinct, most_common_vals::text, most_common_freqs, histogram_bounds::text, round(correlation::numeric, 1) AS correlation
  FROM pg_stats WHERE tablename = 'an_t' ORDER BY attname;
SELECT count(*) FROM pg_statistic WHERE starelid = 'an_t'::regclass;

-- Dropping a column drops its statistics; dropping the table all of them.
ALTER TABLE an_t DROP COLUMN uniq;
SELECT count(*) FROM pg_statistic WHERE starelid = 'an_t'::regclass;
SELECT attname FROM pg_stats WHERE tablename = 'an_t' ORDER BY attname;

-- ANALYZE in a block that rolls back leaves nothing behind.
CREATE TABLE an_small (a int, b text) WITH (autovacuum_enabled = false);
INSERT INTO an_small SELECT i % 4, CASE WHEN i < 3 THEN NULL ELSE 'x' || (i % 3) END FROM generate_series(1, 20) i;
BEGIN;
ANALYZE an_small;
SELECT attname, null_frac, avg_width, n_distinct, most_common_vals::text, most_common_freqs, histogram_bounds::text, correlation
  FROM pg_stats WHERE tablename = 'an_small' ORDER BY attname;
ROLLBACK;
SELECT count(*) FROM pg_stats WHERE tablename = 'an_small';

-- A smaller default target; a column set back to the default.
SET default_statistics_target = 4;
ALTER TABLE an_t ALTER COLUMN txt SET STATISTICS -1;
ANALYZE an_small, an_t;
SELECT attname, null_frac, avg_width, n_distinct, most_common_vals::text, most_common_freqs, histogram_bounds::text,
  round(correlation::numeric, 1) AS correlation
  FROM pg_stats WHERE tablename IN ('an_small', 'an_t') ORDER BY tablename, attname;
RESET default_statistics_target;

-- An empty table gets no statistics.
CREATE TABLE an_empty (a int) WITH (autovacuum_enabled = false);
ANALYZE an_empty;
SELECT count(*) FROM pg_stats WHERE tablename = 'an_empty';

DROP TABLE an_t;
SELECT count(*) FROM pg_statistic WHERE starelid NOT IN (SELECT oid FROM pg_class);
DROP TABLE an_small, an_empty;

-- Plans the statistics change (a merge join of index scans for a join
-- ordered by its key, sequential scans for wide ranges, the smaller
-- table hashed) give PostgreSQL's rows in PostgreSQL's order.
CREATE TABLE an_a (id int PRIMARY KEY, v int, w text) WITH (autovacuum_enabled = false);
CREATE TABLE an_b (id int PRIMARY KEY, a_id int, x int) WITH (autovacuum_enabled = false);
CREATE INDEX an_b_a ON an_b (a_id);
INSERT INTO an_a SELECT i, i % 7, 'w' || i FROM generate_series(1, 5000) i;
INSERT INTO an_b SELECT i, (i * 7) % 6000, i % 3 FROM generate_series(1, 8000) i;
INSERT INTO an_b VALUES (9001, NULL, 1), (9002, NULL, 2), (9003, 14, 0), (9004, 14, 1);
ANALYZE an_a, an_b;
SELECT an_a.id, an_a.w, an_b.id, an_b.x FROM an_a JOIN an_b ON an_a.id = an_b.a_id ORDER BY an_a.id LIMIT 12;
SELECT an_a.id, an_a.w, an_b.id, an_b.x FROM an_a JOIN an_b ON an_a.id = an_b.a_id ORDER BY an_a.id OFFSET 690 LIMIT 10;
SELECT an_a.id, an_b.id FROM an_a LEFT JOIN an_b ON an_a.id = an_b.a_id AND an_b.x <> 1 ORDER BY an_a.id LIMIT 20;
SELECT count(*), sum(a), sum(b) FROM (SELECT an_a.id, an_b.id FROM an_a LEFT JOIN an_b ON an_a.id = an_b.a_id ORDER BY an_a.id) s(a, b);
SELECT an_b.a_id, an_a.v, an_b.id FROM an_a JOIN an_b ON an_a.id = an_b.a_id ORDER BY an_b.a_id LIMIT 8;
SELECT count(*), min(id), max(id) FROM an_b WHERE a_id > 100;
SELECT count(*), min(id), max(id) FROM an_b WHERE a_id > 5900;
SELECT count(*) FROM an_b WHERE a_id = 14;
SELECT count(*), sum(an_a.id), sum(an_b.id) FROM an_a JOIN an_b ON an_a.v = an_b.x;
DROP TABLE an_a, an_b;
