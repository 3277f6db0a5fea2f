-- ALTER TABLE ... ADD COLUMN on tables that already hold rows: constant
-- defaults kept as the column's missing value, volatile ones (serial,
-- identity, nextval, random) rewriting the table, constraints checked
-- against the existing rows, several commands in one statement, ROLLBACK.
DROP TABLE IF EXISTS ac_child, ac_m, ac_r, ac_ty;
DROP TABLE IF EXISTS ac_t, ac_parent, ac_e, ac_big;
DROP SEQUENCE IF EXISTS ac_s, ac_r_s_seq;
CREATE TABLE ac_t (id int PRIMARY KEY, name text);
CREATE INDEX ac_t_name ON ac_t (name);
INSERT INTO ac_t SELECT g, 'n' || g FROM generate_series(1, 6) g;
-- a HOT-updated row (the index's column is unchanged) and a deleted one
UPDATE ac_t SET id = id WHERE id = 2;
DELETE FROM ac_t WHERE id = 5;
-- constant defaults: no rewrite, the rows read the missing value
ALTER TABLE ac_t ADD COLUMN a int DEFAULT 7;
ALTER TABLE ac_t ADD COLUMN b text NOT NULL DEFAULT 'bee', ADD COLUMN c numeric(6,2) DEFAULT 1.5 CHECK (c > 0);
ALTER TABLE ac_t ADD COLUMN d int;
ALTER TABLE ac_t ADD COLUMN e date DEFAULT '2024-02-29';
ALTER TABLE ac_t ADD COLUMN f int DEFAULT NULL;
ALTER TABLE ac_t ADD COLUMN g bigint DEFAULT 2 + 3 * 4;
SELECT * FROM ac_t ORDER BY id;
SELECT attname, attnotnull, atthasdef, atthasmissing, attmissingval
  FROM pg_attribute WHERE attrelid = 'ac_t'::regclass AND attnum > 0 ORDER BY attnum;
SELECT column_name, data_type, is_nullable, column_default
  FROM information_schema.columns WHERE table_name = 'ac_t' ORDER BY ordinal_position;
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'ac_t'::regclass ORDER BY conname;
-- rows before and after, updated and deleted afterwards
INSERT INTO ac_t (id, name) VALUES (10, 'ten');
INSERT INTO ac_t VALUES (11, 'eleven', 1, 'b', 2.25, 4, '2000-01-01', 5, 6);
UPDATE ac_t SET a = a + 100 WHERE id IN (1, 10);
UPDATE ac_t SET name = name || '!' WHERE id = 3;
DELETE FROM ac_t WHERE id = 4;
SELECT id, name, a, b, c, d, e, f, g FROM ac_t ORDER BY id;
SELECT count(*), sum(a), min(b), sum(c), sum(g) FROM ac_t;
SELECT id FROM ac_t WHERE a = 7 ORDER BY id;
SELECT id, name FROM ac_t WHERE name = 'n2';
-- an index on an added column sees the missing value of the old rows
CREATE INDEX ac_t_b ON ac_t (b);
SELECT id FROM ac_t WHERE b = 'bee' ORDER BY id;
INSERT INTO ac_t (id, name, c) VALUES (12, 'bad', -1);
-- dropping a column forgets its missing value
ALTER TABLE ac_t DROP COLUMN e;
SELECT attname, atthasmissing, attmissingval FROM pg_attribute
  WHERE attrelid = 'ac_t'::regclass AND attnum > 0 AND attisdropped;
SELECT * FROM ac_t ORDER BY id;
-- missing values of many types, shown by pg_attribute as PostgreSQL's
CREATE TABLE ac_ty (a int);
INSERT INTO ac_ty VALUES (1);
ALTER TABLE ac_ty ADD COLUMN x int[] DEFAULT '{1,2}', ADD COLUMN y jsonb DEFAULT '{"a": 1}',
  ADD COLUMN z uuid DEFAULT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', ADD COLUMN w timestamp DEFAULT '2020-01-01 10:00',
  ADD COLUMN v bool DEFAULT true, ADD COLUMN u bytea DEFAULT '\x0102', ADD COLUMN t interval DEFAULT '1 day',
  ADD COLUMN q varchar(5) DEFAULT 'ab', ADD COLUMN p char(3) DEFAULT 'x', ADD COLUMN f4 real DEFAULT 1.5,
  ADD COLUMN f8 float8 DEFAULT 2.5, ADD COLUMN nm name DEFAULT 'nm', ADD COLUMN i2 smallint DEFAULT 2,
  ADD COLUMN o oid DEFAULT 7, ADD COLUMN ta text[] DEFAULT ARRAY['p', 'q r'];
ALTER TABLE ac_ty ADD COLUMN big text DEFAULT repeat('y', 2000), ADD COLUMN big2 text DEFAULT repeat('z', 4000);
SELECT a, x, y, z, w, v, u, t, q, p, f4, f8, nm, i2, o, ta, length(big), length(big2) FROM ac_ty;
SELECT attname, atthasmissing, CASE WHEN attname LIKE 'big%' THEN length(attmissingval::text)::text ELSE attmissingval::text END
  FROM pg_attribute WHERE attrelid = 'ac_ty'::regclass AND attnum > 1 ORDER BY attnum;
INSERT INTO ac_ty (a) VALUES (2);
UPDATE ac_ty SET a = a + 10;
SELECT a, x[2], y->>'a', ta[2], i2 + o::int AS n FROM ac_ty ORDER BY a;
DROP TABLE ac_ty;
-- errors
ALTER TABLE ac_t ADD COLUMN a int;
ALTER TABLE ac_t ADD COLUMN IF NOT EXISTS a text DEFAULT 'x';
ALTER TABLE ac_t ADD COLUMN xmin int;
ALTER TABLE ac_t ADD COLUMN h int NOT NULL;
ALTER TABLE ac_t ADD COLUMN h int DEFAULT -1 CHECK (h > 0);
ALTER TABLE ac_t ADD COLUMN h int DEFAULT 1 UNIQUE;
ALTER TABLE ac_t ADD COLUMN h int PRIMARY KEY;
ALTER TABLE ac_t ADD COLUMN h varchar(3) DEFAULT 'abcdef';
ALTER TABLE ac_t ADD COLUMN h int DEFAULT 1 / 0;
ALTER TABLE ac_t ADD COLUMN h int DEFAULT 'x';
ALTER TABLE ac_t ADD COLUMN h nosuchtype;
ALTER TABLE ac_nosuch ADD COLUMN h int;
ALTER TABLE IF EXISTS ac_nosuch ADD COLUMN h int;
SELECT count(*) FROM pg_attribute WHERE attrelid = 'ac_t'::regclass AND attname = 'h';
-- constraints that hold
ALTER TABLE ac_t ADD COLUMN h int CHECK (h > 0);
ALTER TABLE ac_t ADD COLUMN i int UNIQUE;
ALTER TABLE ac_t ADD COLUMN j int DEFAULT 3 CHECK (j = 3) NOT NULL;
INSERT INTO ac_t (id, name, i) VALUES (13, 'thirteen', 1);
INSERT INTO ac_t (id, name, i) VALUES (14, 'fourteen', 1);
INSERT INTO ac_t (id, name, h) VALUES (14, 'fourteen', 0);
INSERT INTO ac_t (id, name, j) VALUES (14, 'fourteen', NULL);
SELECT id, h, i, j FROM ac_t ORDER BY id;
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'ac_t'::regclass ORDER BY conname;
-- serial and identity columns rewrite the table: each row its own value
CREATE TABLE ac_e (v text);
INSERT INTO ac_e VALUES ('a'), ('b'), ('c');
ALTER TABLE ac_e ADD COLUMN k int DEFAULT 5, ADD COLUMN s serial;
SELECT v, k, s FROM ac_e ORDER BY s;
SELECT attname, atthasmissing, attmissingval FROM pg_attribute
  WHERE attrelid = 'ac_e'::regclass AND attnum > 0 ORDER BY attnum;
ALTER TABLE ac_e ADD COLUMN bs bigserial, ADD COLUMN ss smallserial;
ALTER TABLE ac_e ADD COLUMN ia int GENERATED ALWAYS AS IDENTITY;
ALTER TABLE ac_e ADD COLUMN ib bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY;
SELECT v, k, s, bs, ss, ia, ib FROM ac_e ORDER BY s;
INSERT INTO ac_e (v) VALUES ('d');
INSERT INTO ac_e (v, ia) VALUES ('e', 100);
INSERT INTO ac_e (v, ib) VALUES ('e', 100);
SELECT v, k, s, bs, ss, ia, ib FROM ac_e ORDER BY s;
SELECT column_name, data_type, is_nullable, column_default, is_identity, identity_generation
  FROM information_schema.columns WHERE table_name = 'ac_e' ORDER BY ordinal_position;
SELECT sequence_name, data_type FROM information_schema.sequences
  WHERE sequence_name LIKE 'ac_e%' ORDER BY sequence_name;
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'ac_e'::regclass ORDER BY conname;
-- volatile defaults
CREATE SEQUENCE ac_s START 100;
ALTER TABLE ac_e ADD COLUMN n int DEFAULT nextval('ac_s'), ADD COLUMN r float8 DEFAULT random();
SELECT count(*), count(DISTINCT n), min(n), max(n), count(*) FILTER (WHERE r >= 0 AND r < 1) FROM ac_e;
ALTER TABLE ac_e ADD COLUMN u int DEFAULT nextval('ac_s') UNIQUE NOT NULL;
SELECT count(DISTINCT u), min(u), max(u) FROM ac_e;
-- a volatile default in the same statement as a constant one: the rewrite
-- stores both, so neither keeps a missing value
ALTER TABLE ac_e ADD COLUMN m1 text DEFAULT 'm', ADD COLUMN m2 int DEFAULT nextval('ac_s');
SELECT attname, atthasmissing FROM pg_attribute
  WHERE attrelid = 'ac_e'::regclass AND attname IN ('k', 'm1', 'm2') ORDER BY attnum;
SELECT v, k, m1 FROM ac_e ORDER BY s;
ALTER TABLE ac_e ADD COLUMN w int NOT NULL DEFAULT nextval('ac_s') CHECK (w < 0);
ALTER TABLE ac_e ADD COLUMN w int DEFAULT nextval('ac_s'), ADD COLUMN w2 int NOT NULL;
ALTER TABLE ac_e ADD COLUMN w int DEFAULT 1 + nextval('ac_s') * 0 UNIQUE;
-- several subcommands, ADD COLUMN among them
ALTER TABLE ac_e DROP COLUMN r, ADD COLUMN x text DEFAULT 'ex', ALTER COLUMN k SET DEFAULT 9,
  ADD COLUMN y int, ALTER COLUMN v SET NOT NULL;
INSERT INTO ac_e (v) VALUES ('f');
SELECT v, k, x, y FROM ac_e ORDER BY s;
-- toasted values survive a rewrite
CREATE TABLE ac_big (id int, t text);
INSERT INTO ac_big VALUES (1, repeat('abcdefgh', 20000)), (2, 'short');
ALTER TABLE ac_big ADD COLUMN s serial;
SELECT id, length(t), md5(t), s FROM ac_big ORDER BY id;
-- a rewrite moves rows: it does not count them as inserted
SELECT pg_stat_force_next_flush();
SELECT n_tup_ins, n_tup_upd, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'ac_big';
-- foreign keys
CREATE TABLE ac_parent (pid int PRIMARY KEY);
INSERT INTO ac_parent VALUES (1), (2);
CREATE TABLE ac_child (cid int);
INSERT INTO ac_child VALUES (10), (20);
ALTER TABLE ac_child ADD COLUMN pid int DEFAULT 3 REFERENCES ac_parent (pid);
ALTER TABLE ac_child ADD COLUMN pid int DEFAULT 2 REFERENCES ac_parent (pid) ON DELETE CASCADE;
ALTER TABLE ac_child ADD COLUMN pid2 int REFERENCES ac_parent;
SELECT cid, pid, pid2 FROM ac_child ORDER BY cid;
INSERT INTO ac_child VALUES (30, 5);
INSERT INTO ac_child VALUES (30, 1, 1);
DELETE FROM ac_parent WHERE pid = 2;
SELECT cid, pid, pid2 FROM ac_child ORDER BY cid;
SELECT conname, contype, confdeltype FROM pg_constraint WHERE conrelid = 'ac_child'::regclass ORDER BY conname;
-- ADD COLUMN with ADD CONSTRAINT and SET NOT NULL in one statement: the
-- existing rows are checked once every command has run
CREATE TABLE ac_m (a int);
INSERT INTO ac_m VALUES (1), (2), (NULL);
ALTER TABLE ac_m ADD CONSTRAINT ac_m_pos CHECK (a > 1);
ALTER TABLE ac_m ADD CHECK (a < 0) NOT VALID;
ALTER TABLE ac_m ALTER COLUMN a SET NOT NULL;
ALTER TABLE ac_m ADD COLUMN b int DEFAULT 1, ADD FOREIGN KEY (b) REFERENCES ac_parent;
ALTER TABLE ac_m ADD COLUMN x int DEFAULT 2, ADD FOREIGN KEY (x) REFERENCES ac_parent;
ALTER TABLE ac_m ADD COLUMN y int DEFAULT 5, ADD UNIQUE (y);
ALTER TABLE ac_m ADD COLUMN z serial, ADD CONSTRAINT ac_m_z_chk CHECK (z < 3);
ALTER TABLE ac_m ADD COLUMN z serial, ADD CONSTRAINT ac_m_z_chk CHECK (z < 4), ADD UNIQUE (z);
ALTER TABLE ac_m ADD COLUMN w int, ALTER COLUMN w SET NOT NULL;
SELECT a, b, z FROM ac_m ORDER BY z;
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'ac_m'::regclass ORDER BY conname;
DROP TABLE ac_m;
-- a serial column's sequence takes a free name; inside REPEATABLE READ
CREATE SEQUENCE ac_r_s_seq;
CREATE TABLE ac_r (a int);
BEGIN ISOLATION LEVEL REPEATABLE READ;
INSERT INTO ac_r VALUES (1), (2);
ALTER TABLE ac_r ADD COLUMN s serial, ADD COLUMN k int DEFAULT 3;
INSERT INTO ac_r VALUES (3);
SELECT * FROM ac_r ORDER BY a;
COMMIT;
SELECT column_default FROM information_schema.columns WHERE table_name = 'ac_r' AND column_name = 's';
DROP TABLE ac_r;
DROP SEQUENCE ac_r_s_seq;
-- ROLLBACK leaves the table as it was, rewritten data included
BEGIN;
ALTER TABLE ac_t ADD COLUMN k int DEFAULT 42, ADD COLUMN l serial;
ALTER TABLE ac_t ADD COLUMN o text DEFAULT 'oh';
SELECT id, k, o FROM ac_t ORDER BY id;
SELECT count(DISTINCT l), min(l), max(l) FROM ac_t;
UPDATE ac_t SET k = 0 WHERE id = 1;
ROLLBACK;
SELECT * FROM ac_t ORDER BY id;
SELECT count(*) FROM pg_attribute WHERE attrelid = 'ac_t'::regclass AND attnum > 0;
SELECT count(*) FROM pg_class WHERE relname = 'ac_t_l_seq';
BEGIN;
ALTER TABLE ac_e ADD COLUMN z int DEFAULT 1;
SAVEPOINT sp;
ALTER TABLE ac_e ADD COLUMN z2 bigserial;
SELECT count(*), min(z2) FROM ac_e;
ROLLBACK TO SAVEPOINT sp;
SELECT v, k, z FROM ac_e ORDER BY s;
COMMIT;
SELECT attname, atthasmissing, attmissingval FROM pg_attribute
  WHERE attrelid = 'ac_e'::regclass AND attname LIKE 'z%';
-- the same column added again after a rollback reads its new default
BEGIN;
ALTER TABLE ac_t ADD COLUMN k int DEFAULT 1;
ROLLBACK;
ALTER TABLE ac_t ADD COLUMN k int DEFAULT 2;
CREATE INDEX ac_t_k ON ac_t (k);
SELECT id, k FROM ac_t WHERE k = 2 ORDER BY id;
SELECT id, k FROM ac_t ORDER BY id;
DROP TABLE ac_child;
DROP TABLE ac_t, ac_parent, ac_e, ac_big;
DROP SEQUENCE ac_s;
