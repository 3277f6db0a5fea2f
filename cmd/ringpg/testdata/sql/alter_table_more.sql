-- ALTER TABLE ... ADD COLUMN ... GENERATED ALWAYS AS (...) STORED on a
-- table that holds rows (a rewrite computing the expression), later
-- INSERT and UPDATE, and the expressions PostgreSQL refuses.
DROP TABLE IF EXISTS atm_g;
CREATE TABLE atm_g (id int PRIMARY KEY, a int, b int GENERATED ALWAYS AS (a * 2) STORED, s text);
CREATE INDEX atm_g_a ON atm_g (a);
INSERT INTO atm_g (id, a, s) SELECT g, g * 10, 'r' || g FROM generate_series(1, 5) g;
UPDATE atm_g SET a = NULL WHERE id = 3;
DELETE FROM atm_g WHERE id = 4;
ALTER TABLE atm_g ADD COLUMN c int GENERATED ALWAYS AS (a + id) STORED;
ALTER TABLE atm_g ADD c2 text GENERATED ALWAYS AS (s || '-' || id) STORED, ADD COLUMN d int DEFAULT 5;
ALTER TABLE atm_g ADD COLUMN IF NOT EXISTS c int GENERATED ALWAYS AS (a - 1) STORED;
ALTER TABLE atm_g ADD COLUMN e bigint GENERATED ALWAYS AS (length(s)) STORED NOT NULL CHECK (e > 0);
ALTER TABLE atm_g ADD COLUMN f text GENERATED ALWAYS AS (a) STORED;
SELECT * FROM atm_g ORDER BY id;
SELECT attname, attgenerated, attnotnull, atthasdef FROM pg_attribute
  WHERE attrelid = 'atm_g'::regclass AND attnum > 0 ORDER BY attnum;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
  JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  WHERE d.adrelid = 'atm_g'::regclass ORDER BY d.adnum;
SELECT column_name, is_generated, generation_expression FROM information_schema.columns
  WHERE table_name = 'atm_g' ORDER BY ordinal_position;
-- later rows keep the columns computed
INSERT INTO atm_g (id, a, s) VALUES (10, 1, 'ten');
INSERT INTO atm_g (id, a, s, c) VALUES (11, 1, 'x', 5);
INSERT INTO atm_g (id, a, s, c) VALUES (11, 1, 'x', DEFAULT);
UPDATE atm_g SET a = a + 1, s = s || '!' WHERE id IN (1, 10);
UPDATE atm_g SET c = 1 WHERE id = 1;
SELECT * FROM atm_g ORDER BY id;
SELECT id FROM atm_g WHERE a = 11;
-- refused expressions
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS (b + 1) STORED;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS (x + 1) STORED;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS (random()::int) STORED;
ALTER TABLE atm_g ADD COLUMN x date GENERATED ALWAYS AS (now()::date) STORED;
ALTER TABLE atm_g ADD COLUMN x int DEFAULT 1 GENERATED ALWAYS AS (a + 1) STORED;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS (a) STORED GENERATED ALWAYS AS (a) STORED;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS IDENTITY GENERATED ALWAYS AS (a) STORED;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS (xmin::text::int) STORED;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS ((SELECT 1)) STORED;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS (sum(a)) STORED;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS (row_number() OVER ()) STORED;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS (zz + 1) STORED;
ALTER TABLE atm_g ADD COLUMN x text GENERATED ALWAYS AS (atm_g) STORED;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS ('x') STORED;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS (100 / (a - a)) STORED;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS (NULLIF(a, 1)) STORED NOT NULL;
ALTER TABLE atm_g ADD COLUMN x int GENERATED ALWAYS AS (a) STORED CHECK (x > 15);
SELECT count(*) FROM pg_attribute WHERE attrelid = 'atm_g'::regclass AND attname = 'x';
-- inside a transaction, rolled back
BEGIN;
ALTER TABLE atm_g ADD COLUMN y int GENERATED ALWAYS AS (id * 100) STORED,
  ADD COLUMN z bool GENERATED ALWAYS AS (tableoid > 0) STORED;
SELECT id, y, z FROM atm_g ORDER BY id;
ROLLBACK;
SELECT * FROM atm_g ORDER BY id;
DROP TABLE atm_g;
-- ALTER TABLE ... SET SCHEMA: the table moves with its indexes, owned
-- sequences and constraints; views reading it keep working.
DROP SCHEMA IF EXISTS atm_s1 CASCADE;
DROP SCHEMA IF EXISTS atm_s2 CASCADE;
DROP TABLE IF EXISTS atm_t, atm_u, atm_dup CASCADE;
DROP SEQUENCE IF EXISTS atm_free;
CREATE SCHEMA atm_s1;
CREATE SCHEMA atm_s2;
CREATE TABLE atm_t (id serial PRIMARY KEY, v int CHECK (v > 0), w int GENERATED ALWAYS AS IDENTITY, note text UNIQUE);
CREATE INDEX atm_t_v ON atm_t (v);
INSERT INTO atm_t (v, note) VALUES (1, 'a'), (2, 'b');
CREATE VIEW atm_tv AS SELECT id, v FROM atm_t WHERE v > 0;
CREATE VIEW atm_tv2 AS SELECT count(*) AS n FROM public.atm_t;
ALTER TABLE atm_t SET SCHEMA atm_s1;
SELECT c.relname, c.relnamespace::regnamespace, c.relkind FROM pg_class c
  WHERE c.relname LIKE 'atm_t%' ORDER BY 1;
SELECT conname, connamespace::regnamespace FROM pg_constraint
  WHERE conrelid = 'atm_s1.atm_t'::regclass ORDER BY 1;
SELECT * FROM atm_t;
SELECT * FROM atm_s1.atm_t ORDER BY id;
INSERT INTO atm_s1.atm_t (v, note) VALUES (3, 'c');
INSERT INTO atm_s1.atm_t (v, note) VALUES (0, 'd');
INSERT INTO atm_s1.atm_t (v, note) VALUES (4, 'a');
SELECT pg_get_serial_sequence('atm_s1.atm_t', 'id'), pg_get_serial_sequence('atm_s1.atm_t', 'w');
SELECT * FROM atm_s1.atm_t ORDER BY id;
SELECT * FROM atm_tv ORDER BY id;
SELECT * FROM atm_tv2;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
  JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  WHERE d.adrelid = 'atm_s1.atm_t'::regclass ORDER BY d.adnum;
SELECT pg_get_viewdef('atm_tv2'::regclass) LIKE '%FROM atm_s1.atm_t;' AS qualified;
PREPARE atm_p AS SELECT count(*) FROM atm_s1.atm_t;
EXECUTE atm_p;
SELECT schemaname, tablename, indexname FROM pg_indexes WHERE tablename = 'atm_t' ORDER BY 3;
SELECT table_schema, table_name FROM information_schema.tables WHERE table_name = 'atm_t';
-- in a transaction: rolled back, then committed
BEGIN;
ALTER TABLE atm_s1.atm_t SET SCHEMA atm_s2;
SELECT relnamespace::regnamespace FROM pg_class WHERE relname = 'atm_t';
SELECT count(*) FROM atm_s2.atm_t;
ROLLBACK;
SELECT relnamespace::regnamespace FROM pg_class WHERE relname = 'atm_t';
SELECT count(*) FROM atm_s1.atm_t;
BEGIN;
ALTER TABLE atm_s1.atm_t SET SCHEMA atm_s2;
COMMIT;
SELECT relname, relnamespace::regnamespace FROM pg_class WHERE relname LIKE 'atm_t%' ORDER BY 1;
SELECT count(*) FROM atm_tv;
EXECUTE atm_p;
DEALLOCATE atm_p;
-- the same schema: nothing to do
ALTER TABLE atm_s2.atm_t SET SCHEMA atm_s2;
-- views and free sequences
ALTER TABLE atm_tv2 SET SCHEMA atm_s1;
ALTER VIEW atm_tv SET SCHEMA atm_s1;
SELECT relname, relnamespace::regnamespace FROM pg_class WHERE relname LIKE 'atm_tv%' ORDER BY 1;
SELECT * FROM atm_s1.atm_tv ORDER BY id;
CREATE SEQUENCE atm_free;
ALTER SEQUENCE atm_free SET SCHEMA atm_s1;
SELECT nextval('atm_s1.atm_free');
-- errors
ALTER TABLE atm_s2.atm_t SET SCHEMA atm_nosuch;
ALTER TABLE atm_nosuch SET SCHEMA atm_s1;
ALTER TABLE IF EXISTS atm_nosuch SET SCHEMA atm_s1;
CREATE TABLE atm_u (a int);
CREATE TABLE atm_s1.atm_u (b int);
ALTER TABLE atm_u SET SCHEMA atm_s1;
CREATE TABLE atm_dup (a int);
CREATE INDEX atm_dup_a ON atm_dup (a);
CREATE TABLE atm_s1.atm_dup_a (b int);
ALTER TABLE atm_dup SET SCHEMA atm_s1;
ALTER TABLE atm_u SET SCHEMA pg_temp;
CREATE TEMP TABLE atm_tmp (a int);
ALTER TABLE atm_tmp SET SCHEMA public;
ALTER TABLE atm_u SET SCHEMA pg_toast;
ALTER TABLE atm_u SET SCHEMA atm_s1, ADD COLUMN q int;
ALTER TABLE atm_u ADD COLUMN q int, SET SCHEMA atm_s1;
ALTER INDEX atm_dup_a SET SCHEMA atm_s1;
ALTER VIEW atm_u SET SCHEMA atm_s2;
ALTER SEQUENCE atm_u SET SCHEMA atm_s2;
ALTER SEQUENCE atm_s2.atm_t_id_seq SET SCHEMA atm_s1;
SELECT relname, relnamespace::regnamespace FROM pg_class WHERE relname LIKE 'atm_u%' OR relname LIKE 'atm_dup%' ORDER BY 1, 2;
-- DROP SCHEMA takes what moved into it
DROP SCHEMA atm_s2 CASCADE;
SELECT count(*) FROM pg_class WHERE relname LIKE 'atm_t%';
DROP SCHEMA atm_s1 CASCADE;
DROP TABLE atm_u, atm_dup, atm_tmp;
-- CREATE TABLE refuses the same generation expressions
CREATE TABLE atm_bad (a int, b int GENERATED ALWAYS AS (a) STORED, c int GENERATED ALWAYS AS (b + 1) STORED);
CREATE TABLE atm_bad (a int, b double precision GENERATED ALWAYS AS (random()) STORED);
CREATE TABLE atm_bad (a int, b int GENERATED ALWAYS AS (xmax::text::int) STORED);
CREATE TABLE atm_bad (a int, b text GENERATED ALWAYS AS (atm_bad::text) STORED);
CREATE TABLE atm_bad (a int, b text GENERATED ALWAYS AS (a || 'x') STORED, c text GENERATED ALWAYS AS (now()::text) STORED);
SELECT count(*) FROM pg_class WHERE relname = 'atm_bad';
-- a generated column over columns added by the same statement
CREATE TABLE atm_g2 (id int);
INSERT INTO atm_g2 SELECT generate_series(1, 3);
CREATE SEQUENCE atm_g2_s;
ALTER TABLE atm_g2 ADD COLUMN n bigint DEFAULT nextval('atm_g2_s'), ADD COLUMN k int DEFAULT 7,
  ADD COLUMN g bigint GENERATED ALWAYS AS (n * 10 + k) STORED;
SELECT * FROM atm_g2 ORDER BY id;
ALTER TABLE atm_g2 ALTER COLUMN k TYPE text, ADD COLUMN h text GENERATED ALWAYS AS (k || '!') STORED;
SELECT * FROM atm_g2 ORDER BY id;
DROP TABLE atm_g2;
DROP SEQUENCE atm_g2_s;
-- privileges: the table's owner, with CREATE on the new schema
DROP ROLE IF EXISTS atm_role;
CREATE ROLE atm_role;
CREATE SCHEMA atm_s3;
CREATE TABLE atm_own (a int);
ALTER TABLE atm_own OWNER TO atm_role;
CREATE TABLE atm_notmine (a int);
GRANT USAGE ON SCHEMA atm_s3 TO atm_role;
SET ROLE atm_role;
ALTER TABLE atm_notmine SET SCHEMA atm_s3;
ALTER TABLE atm_own SET SCHEMA atm_s3;
RESET ROLE;
GRANT CREATE ON SCHEMA atm_s3 TO atm_role;
SET ROLE atm_role;
ALTER TABLE atm_own SET SCHEMA atm_s3;
RESET ROLE;
SELECT relnamespace::regnamespace FROM pg_class WHERE relname = 'atm_own';
DROP SCHEMA atm_s3 CASCADE;
DROP TABLE atm_notmine;
DROP ROLE atm_role;
