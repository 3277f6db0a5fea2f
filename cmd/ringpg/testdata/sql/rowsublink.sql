-- A row compared with a sub-query of several columns.
CREATE TABLE rs_t (a int, b text);
INSERT INTO rs_t VALUES (1, 'x'), (2, 'y'), (3, NULL), (NULL, 'z');
SELECT a, b FROM rs_t WHERE (a, b) IN (SELECT 1, 'x' UNION ALL SELECT 2, 'q') ORDER BY 1;
SELECT a, b FROM rs_t WHERE (a, b) NOT IN (SELECT 1, 'x') ORDER BY 1 NULLS LAST;
SELECT a, (a, b) IN (SELECT 3, 'w'), (a, b) IN (SELECT a, b FROM rs_t WHERE a < 3) FROM rs_t ORDER BY 1 NULLS LAST;
SELECT a FROM rs_t t WHERE (a, b) = ANY (SELECT a, b FROM rs_t u WHERE u.a = t.a) ORDER BY 1;
SELECT a FROM rs_t WHERE (a, b) <> ALL (SELECT 1, 'x' UNION ALL SELECT 2, 'y') ORDER BY 1 NULLS LAST;
SELECT (1, 2) IN (SELECT 1, 2, 3);
SELECT (1, 2, 3) IN (SELECT 1, 2);
DROP TABLE rs_t;
