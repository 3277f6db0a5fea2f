-- ALTER TABLE ... ALTER COLUMN ... TYPE: conversions by assignment cast
-- or USING, rewrites with their index rebuilds, catalog-only changes,
-- defaults, constraints, foreign keys, views, several commands in one
-- statement, errors leaving the table unchanged, ROLLBACK.
DROP VIEW IF EXISTS act_v, act_v2, act_v3, act_v4;
DROP TABLE IF EXISTS act_fk, act_pk, act_t, act_s, act_w, act_g, act_m, act_fn, act_x, act_e;
CREATE TABLE act_fn (n oid);
CREATE TABLE act_t (id int PRIMARY KEY, n int NOT NULL, code text, label varchar(5) DEFAULT 'ab', amt numeric(6,2) CHECK (amt >= 0));
CREATE INDEX act_t_n ON act_t (n);
CREATE INDEX act_t_code ON act_t (code);
INSERT INTO act_t SELECT g, g * 10, (g * 7 % 23)::text, 'l' || g, g / 4.0 FROM generate_series(1, 40) g;
UPDATE act_t SET label = 'upd' WHERE id = 3;
DELETE FROM act_t WHERE id = 4;
INSERT INTO act_fn SELECT relfilenode FROM pg_class WHERE relname = 'act_t';
ANALYZE act_t;
-- int to bigint: a rewrite, the primary key and the index rebuilt
ALTER TABLE act_t ALTER COLUMN id TYPE bigint;
ALTER TABLE act_t ALTER n SET DATA TYPE bigint;
SELECT (SELECT n FROM act_fn) = (SELECT relfilenode FROM pg_class WHERE relname = 'act_t') AS same_file;
DELETE FROM act_fn;
INSERT INTO act_fn SELECT relfilenode FROM pg_class WHERE relname = 'act_t';
SELECT attname, atttypid::regtype, atttypmod, attlen, attbyval, attalign, attstorage, attnotnull
  FROM pg_attribute WHERE attrelid = 'act_t'::regclass AND attnum > 0 ORDER BY attnum;
SELECT attname, atttypid::regtype, attlen FROM pg_attribute
  WHERE attrelid IN ('act_t_pkey'::regclass, 'act_t_n'::regclass) ORDER BY attrelid::regclass::text;
SELECT column_name, data_type, character_maximum_length, numeric_precision, is_nullable, column_default
  FROM information_schema.columns WHERE table_name = 'act_t' ORDER BY ordinal_position;
-- the changed columns' statistics are gone
SELECT attname FROM pg_stats WHERE tablename = 'act_t' ORDER BY attname;
SELECT count(*), sum(id), sum(n), min(n), max(n) FROM act_t;
SELECT * FROM act_t WHERE id = 17;
SELECT id FROM act_t WHERE n BETWEEN 95 AND 125 ORDER BY n;
INSERT INTO act_t VALUES (5000000000, 3, '99', 'y', 1);
INSERT INTO act_t VALUES (17, 1, '98', 'd', 1);
SELECT id, n FROM act_t WHERE id > 100;
SET enable_seqscan = off;
SELECT id, code FROM act_t WHERE id = 5000000000;
SELECT id FROM act_t WHERE n = 170;
RESET enable_seqscan;
-- varchar widening and dropping the typmod: the catalog only
ALTER TABLE act_t ALTER label TYPE varchar(20);
ALTER TABLE act_t ALTER amt TYPE numeric(8,2);
SELECT (SELECT n FROM act_fn) = (SELECT relfilenode FROM pg_class WHERE relname = 'act_t') AS same_file;
ALTER TABLE act_t ALTER label TYPE text;
SELECT (SELECT n FROM act_fn) = (SELECT relfilenode FROM pg_class WHERE relname = 'act_t') AS same_file;
ALTER TABLE act_t ALTER label TYPE varchar;
SELECT (SELECT n FROM act_fn) = (SELECT relfilenode FROM pg_class WHERE relname = 'act_t') AS same_file;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'act_t'::regclass AND attname IN ('label', 'amt') ORDER BY attnum;
INSERT INTO act_t VALUES (6000000000, 4, '97', 'a much longer label than five', 2);
-- narrowing checks every value and rewrites
ALTER TABLE act_t ALTER label TYPE varchar(4);
ALTER TABLE act_t ALTER label TYPE varchar(40);
SELECT (SELECT n FROM act_fn) = (SELECT relfilenode FROM pg_class WHERE relname = 'act_t') AS same_file;
DELETE FROM act_t WHERE id = 6000000000;
ALTER TABLE act_t ALTER label TYPE varchar(4);
SELECT (SELECT n FROM act_fn) = (SELECT relfilenode FROM pg_class WHERE relname = 'act_t') AS same_file;
SELECT label, count(*) FROM act_t GROUP BY label ORDER BY label LIMIT 5;
-- text to int: no assignment cast, then USING; the index takes the new order
ALTER TABLE act_t ALTER code TYPE int;
SELECT code FROM act_t ORDER BY code LIMIT 6;
ALTER TABLE act_t ALTER code TYPE int USING code::int;
SELECT code FROM act_t ORDER BY code LIMIT 6;
SET enable_seqscan = off;
SELECT id, code FROM act_t WHERE code BETWEEN 3 AND 9 ORDER BY code, id;
SELECT code FROM act_t WHERE code > 19 ORDER BY code;
RESET enable_seqscan;
SELECT attname, format_type(atttypid, atttypmod), attlen, attbyval, attstorage FROM pg_attribute WHERE attrelid = 'act_t_code'::regclass;
-- failing conversions change nothing
CREATE INDEX act_t_lower ON act_t (lower(label)) WHERE code > 2;
ALTER TABLE act_t ALTER code TYPE text;
ALTER TABLE act_t ALTER label TYPE int USING length(label);
ALTER TABLE act_t ALTER id TYPE int USING id / 100;
ALTER TABLE act_t ALTER code TYPE bigint, ALTER label TYPE text;
SELECT id, label FROM act_t WHERE lower(label) = 'l17' AND code > 2;
ALTER TABLE act_t ALTER code TYPE int;
INSERT INTO act_t VALUES (7000000000, 5, 1, 'q', 1.5);
ALTER TABLE act_t ALTER code TYPE smallint USING code * 1000;
ALTER TABLE act_t ALTER label TYPE int USING label::int;
ALTER TABLE act_t ALTER amt TYPE numeric(3,2);
ALTER TABLE act_t ALTER amt TYPE int USING amt::int - 100;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'act_t'::regclass AND attnum > 0 ORDER BY attnum;
SELECT count(*), sum(code), sum(amt) FROM act_t;
-- NOT NULL kept, checked against the converted values
ALTER TABLE act_t ALTER n TYPE int USING CASE WHEN n = 170 THEN NULL ELSE n END;
ALTER TABLE act_t ALTER n TYPE int USING n / 10;
SELECT n FROM act_t WHERE id IN (1, 2, 3) ORDER BY n;
INSERT INTO act_t (id, n) VALUES (8000000000, NULL);
INSERT INTO act_t (id, n, amt) VALUES (8000000001, 1, -1);
-- the USING clause and the target type
ALTER TABLE act_t ALTER n TYPE date USING n;
ALTER TABLE act_t ALTER n TYPE int USING nope;
ALTER TABLE act_t ALTER n TYPE int USING (SELECT 1);
ALTER TABLE act_t ALTER n TYPE int USING sum(n);
ALTER TABLE act_t ALTER n TYPE int USING row_number() OVER ();
ALTER TABLE act_t ALTER n TYPE nosuchtype;
ALTER TABLE act_t ALTER n TYPE serial;
ALTER TABLE act_t ALTER n TYPE int USING generate_series(1, 2);
ALTER TABLE act_t ALTER n TYPE int USING '12';
SELECT DISTINCT n FROM act_t;
ALTER TABLE act_t ALTER n TYPE boolean;
ALTER TABLE act_t ALTER n TYPE int[];
ALTER TABLE act_t ALTER n TYPE int COLLATE "C";
ALTER TABLE act_t ALTER label TYPE text COLLATE nocoll;
ALTER TABLE act_t ALTER nope TYPE int;
ALTER TABLE act_t ALTER xmin TYPE int;
ALTER TABLE act_t ALTER ctid TYPE int;
ALTER TABLE act_nope ALTER a TYPE int;
ALTER TABLE act_t ALTER n TYPE int8, ALTER n TYPE int4;
-- defaults are converted, or refused
CREATE TABLE act_s (a int DEFAULT 5, b text DEFAULT 'hello', c serial, d varchar(3) DEFAULT 'x');
INSERT INTO act_s DEFAULT VALUES;
ALTER TABLE act_s ALTER a TYPE bigint;
ALTER TABLE act_s ALTER a TYPE date USING NULL;
ALTER TABLE act_s ALTER b TYPE int USING length(b);
ALTER TABLE act_s ALTER b TYPE varchar(10);
ALTER TABLE act_s ALTER c TYPE bigint;
ALTER TABLE act_s ALTER d TYPE text;
ALTER TABLE act_s ALTER a DROP DEFAULT, ALTER a TYPE date USING NULL;
INSERT INTO act_s (b, d) VALUES ('bye', 'yy');
SELECT * FROM act_s ORDER BY c;
SELECT column_name, data_type, column_default FROM information_schema.columns WHERE table_name = 'act_s' ORDER BY ordinal_position;
-- an expression index takes the type of its expression over the new type
CREATE TABLE act_e (a int, b text);
INSERT INTO act_e SELECT g, 'B' || g FROM generate_series(1, 5) g;
CREATE INDEX act_e_expr ON act_e ((a * 2), lower(b));
ALTER TABLE act_e ALTER a TYPE numeric(10,1);
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'act_e_expr'::regclass ORDER BY attnum;
SELECT a * 2, lower(b) FROM act_e WHERE a * 2 = 6;
ALTER TABLE act_e ALTER b TYPE int USING length(b);
DROP TABLE act_e;
-- several commands in one statement, one rewrite
CREATE TABLE act_m (a int, b int, c text, d int);
INSERT INTO act_m SELECT g, -g, g::text, g FROM generate_series(1, 10) g;
CREATE INDEX act_m_b ON act_m (b);
ALTER TABLE act_m ALTER a TYPE bigint, ALTER b TYPE text USING b::text || '!', ALTER c TYPE numeric USING c::numeric / 4,
  ADD COLUMN e int DEFAULT 9, DROP COLUMN d, ALTER a SET NOT NULL;
SELECT * FROM act_m ORDER BY a;
SELECT b FROM act_m ORDER BY b LIMIT 3;
SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute
  WHERE attrelid = 'act_m'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
-- the USING clause reads the old values of the other columns
ALTER TABLE act_m ALTER a TYPE text USING a || '/' || c, ALTER c TYPE int USING a * 100;
SELECT a, c FROM act_m ORDER BY c LIMIT 3;
-- commands run in PostgreSQL's order: drops first, then types
ALTER TABLE act_m ALTER e TYPE text, DROP e;
ALTER TABLE act_m ADD f int, ALTER f TYPE text;
ALTER TABLE act_m DROP b, ALTER b TYPE int;
-- columns added with a default (rows read the missing value) and toasted values
CREATE TABLE act_x (a int, big text);
INSERT INTO act_x VALUES (1, repeat('xy', 50000)), (2, NULL);
ALTER TABLE act_x ADD COLUMN b int DEFAULT 7, ADD COLUMN c varchar(5) DEFAULT 'cc';
ALTER TABLE act_x ALTER b TYPE bigint, ALTER c TYPE varchar(10), ALTER big TYPE varchar(200000);
INSERT INTO act_x (a) VALUES (3);
SELECT a, length(big), substr(big, 99990), b, c FROM act_x ORDER BY a;
SELECT attname, atthasmissing FROM pg_attribute WHERE attrelid = 'act_x'::regclass AND attnum > 0 ORDER BY attnum;
ALTER TABLE act_x ALTER big TYPE bytea USING big::bytea;
SELECT a, length(big) FROM act_x ORDER BY a;
DROP TABLE act_x;
-- a column read by a view
CREATE VIEW act_v AS SELECT a, c FROM act_m;
CREATE VIEW act_v2 AS SELECT count(*) FROM act_m;
ALTER TABLE act_m ALTER c TYPE bigint;
ALTER TABLE act_m ALTER e TYPE bigint;
ALTER TABLE act_v2 ALTER count TYPE int;
DROP VIEW act_v;
CREATE VIEW act_v4 AS SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM act_m WHERE c > 0);
ALTER TABLE act_m ALTER c TYPE bigint;
DROP VIEW act_v4;
CREATE VIEW act_v3 AS SELECT * FROM act_m WHERE e > 0;
ALTER TABLE act_m ALTER b TYPE varchar;
DROP VIEW act_v3;
ALTER TABLE act_m ALTER c TYPE bigint;
DROP VIEW act_v2;
-- foreign keys: refused when the key types no longer compare, checked again
CREATE TABLE act_pk (id int PRIMARY KEY);
CREATE TABLE act_fk (r int REFERENCES act_pk);
INSERT INTO act_pk VALUES (1), (2);
INSERT INTO act_fk VALUES (1), (2), (NULL);
ALTER TABLE act_fk ALTER r TYPE text;
ALTER TABLE act_pk ALTER id TYPE text;
ALTER TABLE act_fk ALTER r TYPE numeric;
ALTER TABLE act_fk ALTER r TYPE bigint;
ALTER TABLE act_pk ALTER id TYPE bigint;
ALTER TABLE act_fk ALTER r TYPE int USING r + 1;
ALTER TABLE act_pk ALTER id TYPE int USING id * 2;
SELECT * FROM act_fk ORDER BY r;
INSERT INTO act_fk VALUES (3);
-- identity columns
CREATE TABLE act_g (a int GENERATED ALWAYS AS IDENTITY, c int);
INSERT INTO act_g (c) VALUES (1);
ALTER TABLE act_g ALTER a TYPE text;
ALTER TABLE act_g ALTER a TYPE bigint;
INSERT INTO act_g (c) VALUES (2);
SELECT seqtypid::regtype FROM pg_sequence WHERE seqrelid = 'act_g_a_seq'::regclass;
SELECT * FROM act_g;
-- a temporary table, and the spellings ORMs use
CREATE TEMP TABLE act_tmp (id serial PRIMARY KEY, name varchar(30), n text);
INSERT INTO act_tmp (name, n) VALUES ('a', '1'), ('b', '22');
ALTER TABLE act_tmp ALTER COLUMN "id" TYPE bigint USING "id"::bigint;
ALTER TABLE "act_tmp" ALTER COLUMN "name" TYPE character varying(100);
ALTER TABLE act_tmp ALTER COLUMN n TYPE integer USING CAST(n AS integer);
ALTER TABLE act_tmp ALTER COLUMN "n" SET DATA TYPE BIGINT;
INSERT INTO act_tmp (name, n) VALUES ('c', 333);
SELECT * FROM act_tmp ORDER BY id;
SELECT column_name, data_type, character_maximum_length FROM information_schema.columns WHERE table_name = 'act_tmp' ORDER BY ordinal_position;
DROP TABLE act_tmp;
-- transactional: ROLLBACK restores the old type and the old rows
CREATE TABLE act_w (a int, b text);
CREATE INDEX act_w_b ON act_w (b);
INSERT INTO act_w SELECT g, (g * 7)::text FROM generate_series(1, 20) g;
BEGIN;
ALTER TABLE act_w ALTER b TYPE int USING b::int, ALTER a TYPE text;
SELECT a, b FROM act_w ORDER BY b LIMIT 3;
INSERT INTO act_w VALUES ('x', 7);
ROLLBACK;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'act_w'::regclass AND attnum > 0 ORDER BY attnum;
SELECT a, b FROM act_w ORDER BY b LIMIT 3;
SELECT count(*) FROM act_w;
BEGIN;
ALTER TABLE act_w ALTER a TYPE bigint;
INSERT INTO act_w VALUES (9000000000, 'big');
COMMIT;
SELECT a, b FROM act_w WHERE a > 15 ORDER BY a;
-- a failing conversion inside a transaction aborts it
BEGIN;
ALTER TABLE act_w ALTER b TYPE int USING b::int;
SELECT 1;
ROLLBACK;
SELECT b FROM act_w ORDER BY b LIMIT 2;
DROP TABLE act_fk, act_pk, act_t, act_s, act_w, act_g, act_m, act_fn;
