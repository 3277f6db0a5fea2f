-- Expression and partial indexes: creation, the catalog's view of them,
-- uniqueness, maintenance by INSERT / UPDATE / ON CONFLICT, and answers
-- of queries the planner may serve from them.
CREATE TABLE ei_emp (id int PRIMARY KEY, name text, a int, b int, active bool);
INSERT INTO ei_emp SELECT g, 'Name' || g, g, g * 2, g % 2 = 0 FROM generate_series(1, 500) g;
-- a HOT chain before any expression index exists: the build must index
-- the newest version under the chain's root
UPDATE ei_emp SET name = 'Hot' || id, a = a + 1000 WHERE id <= 3;
UPDATE ei_emp SET name = 'Hotter' || id WHERE id = 1;
CREATE UNIQUE INDEX ei_emp_name_uq ON ei_emp (lower(name));
CREATE INDEX ei_emp_sum ON ei_emp ((a + b));
CREATE INDEX ON ei_emp (a, lower(name) DESC);
CREATE INDEX ON ei_emp ((a * 2), (b * 2));
CREATE INDEX ei_emp_active_b ON ei_emp (b) WHERE active;
CREATE INDEX ei_emp_multi_pred ON ei_emp (a) WHERE name <> 'x' AND b > 10;
-- a parenthesised column is a plain column key
CREATE INDEX ei_emp_paren ON ei_emp ((b));
-- what the catalog says
SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indkey::text, i.indisunique, i.indexprs IS NOT NULL AS has_exprs, i.indpred IS NOT NULL AS has_pred
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'ei_emp'::regclass ORDER BY 1;
SELECT c.relname, pg_get_indexdef(i.indexrelid, 0, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'ei_emp'::regclass ORDER BY 1;
SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_index i ON i.indexrelid = c.oid
WHERE i.indrelid = 'ei_emp'::regclass ORDER BY 1, 2;
SELECT pg_get_indexdef('ei_emp_sum'::regclass, 1, true), pg_get_indexdef('ei_emp_name_uq'::regclass, 1, false);
-- refused expressions
CREATE INDEX ei_bad ON ei_emp (random());
CREATE INDEX ei_bad ON ei_emp ((now()::date));
CREATE INDEX ei_bad ON ei_emp (count(*));
CREATE INDEX ei_bad ON ei_emp (a) WHERE random() > 0.5;
CREATE INDEX ei_bad ON ei_emp (lower(nosuch));
CREATE INDEX ei_bad ON ei_emp ((name::date));
CREATE INDEX ei_bad ON ei_emp ((a::text)) WHERE (b::text) <> '';
DROP INDEX ei_bad;
-- the HOT-updated rows are found through the new index
SELECT id, name, a FROM ei_emp WHERE lower(name) = 'hotter1';
SELECT id, name, a FROM ei_emp WHERE lower(name) = 'hot2';
SELECT id FROM ei_emp WHERE lower(name) = 'name1';
SELECT id FROM ei_emp WHERE a + b = 1005;
-- uniqueness
INSERT INTO ei_emp VALUES (1001, 'NAME10', 0, 0, false);
INSERT INTO ei_emp VALUES (1001, 'Ann', 0, 0, false);
INSERT INTO ei_emp VALUES (1002, 'ANN', 0, 0, false);
UPDATE ei_emp SET name = 'aNN' WHERE id = 10;
-- an update that keeps the key (same lower()) and one that changes it
UPDATE ei_emp SET name = 'ANN' WHERE id = 1001;
UPDATE ei_emp SET name = 'Bob' WHERE id = 1001;
SELECT id, name FROM ei_emp WHERE lower(name) = 'ann';
SELECT id, name FROM ei_emp WHERE lower(name) = 'bob';
-- an update of a column no index reads, then one of a column only an
-- expression reads
UPDATE ei_emp SET active = NOT active WHERE id = 20;
UPDATE ei_emp SET a = 7 WHERE id = 20;
SELECT id, a, b FROM ei_emp WHERE a + b = 47;
SELECT id, a, b FROM ei_emp WHERE a + b = 60;
SELECT id, a FROM ei_emp WHERE a * 2 = 14 ORDER BY id;
-- ranges over an expression
SELECT id, a + b AS s FROM ei_emp WHERE a + b > 30 AND a + b <= 45 ORDER BY id;
SELECT id FROM ei_emp WHERE lower(name) >= 'name49' AND lower(name) < 'name5' ORDER BY id;
SELECT count(*) FROM ei_emp WHERE a = 50 AND lower(name) = 'name50';
-- partial index: rows enter and leave it as the predicate changes
SELECT id, b FROM ei_emp WHERE b = 40 AND active;
UPDATE ei_emp SET active = false WHERE id = 40;
SELECT id, b FROM ei_emp WHERE b = 80 AND active;
UPDATE ei_emp SET active = true WHERE id = 41;
SELECT id, b FROM ei_emp WHERE b = 82 AND active;
SELECT id, b FROM ei_emp WHERE b = 82;
SELECT count(*) FROM ei_emp WHERE active;
-- a unique partial index only constrains the rows it covers
CREATE TABLE ei_part (id int, code text, live bool);
CREATE UNIQUE INDEX ei_part_code ON ei_part (code) WHERE live;
INSERT INTO ei_part VALUES (1, 'a', true), (2, 'a', false), (3, 'a', false);
INSERT INTO ei_part VALUES (4, 'a', true);
UPDATE ei_part SET live = true WHERE id = 2;
UPDATE ei_part SET live = false WHERE id = 1;
UPDATE ei_part SET live = true WHERE id = 2;
SELECT * FROM ei_part WHERE code = 'a' AND live;
SELECT pg_get_indexdef('ei_part_code'::regclass);
-- ON CONFLICT infers a partial unique index only with its predicate
INSERT INTO ei_part VALUES (5, 'a', true) ON CONFLICT (code) DO NOTHING;
INSERT INTO ei_part VALUES (5, 'a', true) ON CONFLICT (code) WHERE live DO NOTHING;
INSERT INTO ei_part VALUES (5, 'b', true) ON CONFLICT (code) WHERE live DO NOTHING;
INSERT INTO ei_part VALUES (6, 'b', true) ON CONFLICT (code) WHERE live DO UPDATE SET id = excluded.id * 10 RETURNING *;
INSERT INTO ei_part VALUES (7, 'a', false) ON CONFLICT DO NOTHING;
INSERT INTO ei_part VALUES (8, 'a', true) ON CONFLICT DO NOTHING;
SELECT * FROM ei_part ORDER BY id;
-- implicit casts of the key expressions' arguments
CREATE TABLE ei_vc (v varchar(10), n numeric);
CREATE INDEX ei_vc_upper ON ei_vc (upper(v));
CREATE INDEX ei_vc_round ON ei_vc (round(n, 1) DESC NULLS LAST);
CREATE UNIQUE INDEX ei_vc_cat ON ei_vc ((v || 'x'));
SELECT pg_get_indexdef('ei_vc_upper'::regclass), pg_get_indexdef('ei_vc_upper'::regclass, 0, true);
SELECT pg_get_indexdef('ei_vc_round'::regclass), pg_get_indexdef('ei_vc_cat'::regclass);
INSERT INTO ei_vc VALUES ('ab', 1.25), ('cd', 2), ('ef', NULL);
INSERT INTO ei_vc VALUES ('ab', 3);
SELECT v FROM ei_vc WHERE upper(v) = 'AB';
SELECT v, n FROM ei_vc WHERE round(n, 1) = 1.3;
SELECT v FROM ei_vc WHERE v || 'x' = 'cdx';
DROP TABLE ei_vc;
-- ON CONFLICT with an expression index as arbiter
INSERT INTO ei_emp VALUES (2000, 'BOB', 1, 1, true) ON CONFLICT (lower(name)) DO NOTHING;
INSERT INTO ei_emp VALUES (2000, 'BOB', 1, 1, true) ON CONFLICT (lower(name)) DO UPDATE SET b = ei_emp.b + 1 RETURNING id, name, b;
INSERT INTO ei_emp VALUES (2001, 'Carol', 1, 1, true) ON CONFLICT (lower(name)) DO NOTHING;
SELECT id, name FROM ei_emp WHERE lower(name) IN ('bob', 'carol') ORDER BY id;
INSERT INTO ei_emp VALUES (2002, 'x', 1, 1, true) ON CONFLICT (upper(name)) DO NOTHING;
-- a unique index over existing duplicates
CREATE TABLE ei_dup (s text);
INSERT INTO ei_dup VALUES ('Ann'), ('ann'), ('Bob');
CREATE UNIQUE INDEX ei_dup_uq ON ei_dup (lower(s));
CREATE UNIQUE INDEX ei_dup_uq ON ei_dup (upper(s), length(s));
INSERT INTO ei_dup VALUES ('bob');
SELECT pg_get_indexdef('ei_dup_uq'::regclass);
-- NULL keys never conflict
INSERT INTO ei_dup VALUES (NULL), (NULL);
SELECT count(*) FROM ei_dup WHERE s IS NULL;
-- a key expression over two columns in a unique index
CREATE TABLE ei_pair (x int, y int);
CREATE UNIQUE INDEX ei_pair_sum ON ei_pair ((x + y));
INSERT INTO ei_pair VALUES (1, 2), (2, 2);
INSERT INTO ei_pair VALUES (3, 0);
UPDATE ei_pair SET y = 3 WHERE x = 1;
-- dropping a column an expression reads drops the index
ALTER TABLE ei_pair DROP COLUMN y;
SELECT count(*) FROM pg_class WHERE relname = 'ei_pair_sum';
INSERT INTO ei_pair VALUES (1), (1);
-- RENAME COLUMN keeps the expressions and predicates reading the column
CREATE TABLE ei_ren (a int, name text, b int);
CREATE UNIQUE INDEX ei_ren_l ON ei_ren (lower(name));
CREATE INDEX ei_ren_s ON ei_ren ((a + b)) WHERE name <> 'x';
INSERT INTO ei_ren VALUES (1, 'Ann', 2);
ALTER TABLE ei_ren RENAME COLUMN name TO "Nm";
ALTER TABLE ei_ren RENAME COLUMN a TO aa;
INSERT INTO ei_ren VALUES (2, 'ann', 2);
INSERT INTO ei_ren VALUES (2, 'bob', 5);
SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'ei_ren'::regclass ORDER BY 1;
SELECT * FROM ei_ren WHERE lower("Nm") = 'bob';
SELECT * FROM ei_ren WHERE aa + b = 7 AND "Nm" <> 'x';
DROP TABLE ei_ren;
-- DROP INDEX
DROP INDEX ei_emp_name_uq;
INSERT INTO ei_emp VALUES (3000, 'bob', 0, 0, false);
SELECT id FROM ei_emp WHERE lower(name) = 'bob' ORDER BY id;
DROP INDEX ei_emp_sum, ei_emp_active_b;
SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'ei_emp'::regclass ORDER BY 1;
DROP TABLE ei_emp;
DROP TABLE ei_part;
DROP TABLE ei_dup;
DROP TABLE ei_pair;
