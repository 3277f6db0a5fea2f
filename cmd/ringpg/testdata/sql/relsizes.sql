-- pg_class.reltuples and relpages of tables and indexes, as CREATE INDEX,
-- ANALYZE and VACUUM record them (pages compared only as present or not:
-- the two servers' page layouts differ).
CREATE TABLE rsz_t (a int, b text);
CREATE INDEX rsz_a ON rsz_t (a);
SELECT relname, relpages > 0 AS has_pages, reltuples FROM pg_class WHERE relname LIKE 'rsz%' ORDER BY 1;
INSERT INTO rsz_t SELECT g, 'x' || g FROM generate_series(1, 3000) g;
CREATE INDEX rsz_b ON rsz_t (b);
CREATE INDEX rsz_part ON rsz_t (a) WHERE a < 100;
SELECT relname, relpages > 0 AS has_pages, reltuples FROM pg_class WHERE relname LIKE 'rsz%' ORDER BY 1;
DELETE FROM rsz_t WHERE a > 2000;
ANALYZE rsz_t;
SELECT relname, relpages > 0 AS has_pages, reltuples FROM pg_class WHERE relname LIKE 'rsz%' ORDER BY 1;
VACUUM rsz_t;
SELECT relname, relpages > 0 AS has_pages, reltuples FROM pg_class WHERE relname LIKE 'rsz%' ORDER BY 1;
DROP TABLE rsz_t;
