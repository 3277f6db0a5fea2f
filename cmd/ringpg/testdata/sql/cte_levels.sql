-- A WITH inside a correlated sub-query reads the outer row.
CREATE TABLE cl_a (x int);
INSERT INTO cl_a VALUES (1), (2);
SELECT (WITH w AS (SELECT cl_a.x) SELECT x FROM w) FROM cl_a ORDER BY 1;
SELECT (WITH w AS (SELECT cl_a.x) SELECT * FROM w) FROM cl_a ORDER BY 1;
SELECT (SELECT 1), (SELECT * FROM (SELECT 2 AS two) s), (SELECT count(*) FROM cl_a);
SELECT (WITH RECURSIVE r(n) AS (SELECT cl_a.x UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT sum(n) FROM r) FROM cl_a ORDER BY 1;
SELECT x, (WITH w AS (SELECT y FROM generate_series(1, cl_a.x) y) SELECT count(*) FROM w) FROM cl_a ORDER BY 1;
WITH t AS (SELECT x FROM cl_a) SELECT x, (WITH u AS (SELECT t.x * 10 AS z) SELECT z FROM u) FROM t ORDER BY 1;
SELECT * FROM cl_a WHERE EXISTS (WITH w AS (SELECT 1 AS one WHERE cl_a.x = 2) SELECT * FROM w);
DROP TABLE cl_a;
