-- System columns: ctid, xmin, xmax, cmin, cmax and tableoid as columns of
-- every table reference (qualified or not, in joins, sub-selects, WHERE,
-- ORDER BY, RETURNING), never part of *; the tid, xid and cid types; the
-- names refused for user columns. Only values both servers agree on are
-- shown: ctids of small rows in fresh tables, comparisons of xids, command
-- ids inside a transaction block that runs no DDL.
DROP VIEW IF EXISTS sysc_v;
DROP TABLE IF EXISTS sysc_a, sysc_b, sysc_k, sysc_bad, sysc_bad2, sysc_ctas;
CREATE TABLE sysc_a (id int, v text);
CREATE TABLE sysc_b (id int, w text);
CREATE TABLE sysc_k (id int PRIMARY KEY, v text);
INSERT INTO sysc_a VALUES (1, 'a1'), (2, 'a2'), (3, 'a3');
INSERT INTO sysc_b VALUES (1, 'b1'), (3, 'b3');
INSERT INTO sysc_k SELECT g, 'k' || g FROM generate_series(1, 5) g;

-- the types
SELECT '(0,1)'::tid, '(4294967295,65535)'::tid, '(-1,0)'::tid, '( 3, 4)'::tid;
SELECT '(1,2'::tid;
SELECT '(1,-1)'::tid;
SELECT '(1,65536)'::tid;
SELECT '(0,1)'::tid = '(0,1)', '(0,1)'::tid <> '(0,2)', '(0,9)'::tid < '(1,0)', '(1,0)'::tid <= '(1,0)',
       '(2,1)'::tid > '(1,9)', '(0,1)'::tid >= '(0,2)';
SELECT t FROM (VALUES ('(0,3)'::tid), ('(2,1)'), ('(0,1)'), ('(1,0)')) v(t) ORDER BY t DESC;
SELECT max(t), min(t) FROM (VALUES ('(0,3)'::tid), ('(2,1)'), ('(0,1)')) v(t);
SELECT '5'::xid = '5'::xid, '5'::xid <> '6'::xid, '5'::xid = 5, '5'::xid <> 5, '7'::cid = '7'::cid;
SELECT '4294967295'::xid, '4294967296'::xid, '-1'::xid, ' 12 '::xid, '0x1f'::xid, '010'::cid, '12abc'::xid, ''::xid;
SELECT '5'::xid::text, '5'::xid::text::bigint + 1, '(7,8)'::tid::text;
SELECT age('1'::xid), age('2'::xid);
SELECT 5::xid;

-- fresh rows: ctid in insertion order, xmax 0, one xmin per statement
SELECT ctid, * FROM sysc_a ORDER BY ctid;
SELECT * FROM sysc_a ORDER BY id;
SELECT sysc_a.* FROM sysc_a ORDER BY id;
SELECT s.ctid, s.id, s.xmax, s.xmax = '0', xmin = xmin AS same, xmin::text::bigint > 0 AS positive
  FROM sysc_a s ORDER BY s.ctid DESC;
SELECT count(*) FROM sysc_a WHERE xmin = (SELECT xmin FROM sysc_a WHERE id = 2);
SELECT (SELECT xmin FROM sysc_a WHERE id = 1) = (SELECT xmin FROM sysc_a WHERE id = 3) AS one_statement,
       (SELECT xmin FROM sysc_a WHERE id = 1) = (SELECT xmin FROM sysc_b WHERE id = 1) AS two_statements;
SELECT id FROM sysc_a WHERE xmin = xmin AND xmax = 0 AND xmax::text = '0' ORDER BY id;
SELECT tableoid::regclass, count(*) FROM sysc_a GROUP BY tableoid;
SELECT pg_typeof(ctid), pg_typeof(xmin), pg_typeof(cmin), pg_typeof(xmax), pg_typeof(cmax), pg_typeof(tableoid)
  FROM sysc_a LIMIT 1;
SELECT age(xmin) >= 0 FROM sysc_a WHERE id = 1;

-- WHERE and ORDER BY on ctid
SELECT id FROM sysc_a WHERE ctid = '(0,2)';
SELECT id FROM sysc_a WHERE ctid = '(0,2)';
SELECT id FROM sysc_a WHERE ctid = '(0,3)';
SELECT id FROM sysc_a WHERE ctid > '(0,1)' ORDER BY ctid DESC;
SELECT id FROM sysc_a WHERE ctid = '(0,2)' AND v = 'a2';
SELECT id FROM sysc_a WHERE ctid = '(0,2)' AND v = 'a3';
SELECT id FROM sysc_a WHERE '(0,3)' = ctid;
SELECT id FROM sysc_a WHERE ctid = '(0,0)' OR ctid = '(0,999)' OR ctid = '(7,1)';
SELECT id FROM sysc_a WHERE ctid = NULL;
EXPLAIN (COSTS OFF) SELECT id FROM sysc_a WHERE ctid = '(0,2)';
EXPLAIN (COSTS OFF) SELECT id FROM sysc_a WHERE ctid = '(0,2)' AND id > 1;
SELECT a.id, b.id FROM sysc_a a, sysc_a b WHERE b.ctid = a.ctid ORDER BY 1;
SELECT id FROM sysc_a a WHERE EXISTS (SELECT 1 FROM sysc_a b WHERE b.ctid = a.ctid AND b.id <> 2) ORDER BY 1;
SELECT id, (SELECT b.v FROM sysc_a b WHERE b.ctid = a.ctid) FROM sysc_a a ORDER BY 1;
SELECT id FROM sysc_a WHERE ctid IN (SELECT ctid FROM sysc_a WHERE id <> 2) ORDER BY 1;
SELECT ctid, id FROM sysc_k WHERE id = 4;
SELECT ctid, id FROM sysc_k WHERE id >= 3 ORDER BY id DESC;
SELECT max(ctid), min(ctid), count(DISTINCT ctid) FROM sysc_k;

-- joins: qualified always, unqualified only when one table of a comma
-- list has it (an explicit JOIN has no system columns of its own)
SELECT a.ctid, b.ctid, a.id FROM sysc_a a, sysc_b b WHERE a.id = b.id ORDER BY b.ctid DESC;
SELECT a.ctid, b.ctid, a.id FROM sysc_a a JOIN sysc_b b ON a.id = b.id ORDER BY a.ctid;
SELECT a.ctid, b.ctid, a.id FROM sysc_a a LEFT JOIN sysc_b b ON a.id = b.id ORDER BY a.ctid;
SELECT sysc_a.ctid, sysc_b.xmax FROM sysc_a NATURAL JOIN sysc_b ORDER BY 1;
SELECT ctid FROM sysc_a, sysc_b;
SELECT xmin FROM sysc_a a, sysc_b b;
SELECT ctid FROM sysc_a JOIN sysc_b USING (id);
SELECT ctid FROM sysc_a a JOIN (SELECT 1 AS x) s ON true;
SELECT ctid, x FROM sysc_a a, (SELECT 1 AS x) s ORDER BY 1;
SELECT ctid FROM sysc_a, (SELECT ctid FROM sysc_b) s;
SELECT j.ctid FROM (sysc_a a JOIN sysc_b b ON true) j;
SELECT count(*) FROM (sysc_a a JOIN sysc_b b ON a.id = b.id) j;
SELECT j.* FROM (sysc_a a JOIN sysc_b b ON a.id = b.id) j ORDER BY 1;
SELECT a.ctid FROM sysc_a a, sysc_a b WHERE a.ctid = b.ctid AND b.id = 2;

-- sub-selects: a sub-select has no system columns, but may pass one on
SELECT ctid FROM (SELECT * FROM sysc_a) s;
SELECT s.t, s.id FROM (SELECT ctid AS t, id FROM sysc_a) s ORDER BY s.t DESC;
SELECT s.ctid FROM (SELECT ctid, id FROM sysc_a) s WHERE s.id = 3;
WITH c AS (SELECT ctid AS t, id FROM sysc_a) SELECT * FROM c ORDER BY t LIMIT 2;
SELECT id FROM sysc_a a WHERE EXISTS (SELECT 1 FROM sysc_b b WHERE b.id = a.id AND a.ctid = '(0,3)');
SELECT (SELECT a.ctid) FROM sysc_a a ORDER BY 1 LIMIT 1;
SELECT count(*) FROM sysc_a a, LATERAL (SELECT a.ctid AS c) l WHERE l.c > '(0,1)';
SELECT ctid FROM sysc_a UNION SELECT ctid FROM sysc_b ORDER BY 1;
SELECT row_to_json(a) FROM sysc_a a WHERE id = 1;

-- views have none, but may show one of their tables
CREATE VIEW sysc_v AS SELECT ctid, id FROM sysc_a;
SELECT * FROM sysc_v ORDER BY id;
SELECT ctid FROM sysc_v WHERE id = 2;
SELECT xmin FROM sysc_v;
DROP VIEW sysc_v;

-- RETURNING shows the new (or deleted) version's
INSERT INTO sysc_a VALUES (4, 'a4') RETURNING ctid, xmax, cmin, cmax, xmin::text::bigint > 0, tableoid::regclass;
UPDATE sysc_a SET v = 'a2+' WHERE id = 2 RETURNING ctid, xmax, v;
DELETE FROM sysc_a WHERE id = 1 RETURNING ctid, xmax <> xmin AS deleted_by_other, id;
SELECT ctid, * FROM sysc_a ORDER BY ctid;
SELECT id FROM sysc_a WHERE ctid = '(0,1)';
SELECT id FROM sysc_a WHERE ctid = '(0,2)';
UPDATE sysc_a SET v = v || '!' FROM sysc_b WHERE sysc_a.id = sysc_b.id RETURNING sysc_a.ctid, sysc_b.ctid, sysc_a.v;
DELETE FROM sysc_a USING sysc_b WHERE sysc_a.id = sysc_b.id RETURNING sysc_a.ctid, sysc_b.ctid, sysc_a.id;
UPDATE sysc_a SET v = 'x' WHERE ctid = '(0,5)' RETURNING id, ctid;
INSERT INTO sysc_k VALUES (9, 'new') ON CONFLICT (id) DO UPDATE SET v = 'up' RETURNING ctid, xmax = 0 AS inserted, v;
INSERT INTO sysc_k VALUES (1, 'dup') ON CONFLICT (id) DO UPDATE SET v = 'up' RETURNING ctid, xmax = 0 AS inserted, v;
SELECT ctid, * FROM sysc_k ORDER BY id;

-- inside a transaction block: the command ids of its statements, xmin is
-- the transaction's, and a row lock shows its locker in xmax
BEGIN;
INSERT INTO sysc_b VALUES (7, 'b7') RETURNING ctid, cmin, cmax, xmin::text::bigint = txid_current() AS mine;
INSERT INTO sysc_b VALUES (8, 'b8') RETURNING ctid, cmin, cmax;
UPDATE sysc_b SET w = 'b1+' WHERE id = 1 RETURNING ctid, cmin, xmax;
SELECT ctid, id, cmin, cmax, xmin::text::bigint = txid_current() AS mine FROM sysc_b ORDER BY ctid;
COMMIT;
BEGIN;
SELECT ctid, xmax FROM sysc_b WHERE id = 3 FOR UPDATE;
SELECT id, xmax <> xmin AS locked, xmax::text::bigint = txid_current() AS by_me FROM sysc_b WHERE id = 3;
SELECT id, xmax FROM sysc_b WHERE id = 7;
ROLLBACK;
SELECT id, xmax <> '0' AS stale_lock FROM sysc_b WHERE id = 3;

-- system column names are taken
CREATE TABLE sysc_bad (xmin int);
CREATE TABLE sysc_bad (a int, ctid text);
CREATE TABLE sysc_bad (a int);
ALTER TABLE sysc_bad ADD COLUMN cmax int;
ALTER TABLE sysc_bad ADD COLUMN tableoid int;
ALTER TABLE sysc_bad RENAME COLUMN a TO xmax;
ALTER TABLE sysc_bad RENAME a TO cmin;
ALTER TABLE sysc_bad ADD CONSTRAINT sysc_bad_c CHECK (xmin <> '0');
CREATE TABLE sysc_bad2 (a int CHECK (ctid <> '(0,0)'));
CREATE INDEX ON sysc_bad ((xmin::text));
CREATE INDEX ON sysc_bad (a) WHERE xmax = '0';
CREATE INDEX ON sysc_bad ((tableoid));
CREATE TABLE sysc_ctas AS SELECT ctid FROM sysc_a;
CREATE TABLE sysc_ctas AS SELECT ctid AS c, id FROM sysc_a;
SELECT c, id FROM sysc_ctas ORDER BY id;
INSERT INTO sysc_a (ctid) VALUES ('(0,1)');
UPDATE sysc_a SET xmin = '1';
UPDATE sysc_a SET (v, ctid) = ('x', '(0,1)');
UPDATE sysc_a SET tableoid = 1;

-- errors
SELECT nosuch.ctid FROM sysc_a;
SELECT a.xmin FROM sysc_a;
SELECT ctid FROM (VALUES (1)) v(x);
SELECT xmin;
DROP TABLE sysc_a, sysc_b, sysc_k, sysc_bad, sysc_ctas;
