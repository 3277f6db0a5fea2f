-- Aggregates and window functions.
CREATE TABLE aw (g text, x int, y numeric);
INSERT INTO aw VALUES ('a', 1, 1.5), ('a', 2, NULL), ('b', 3, 3.25), ('b', NULL, 4), ('c', 5, 5);
SELECT count(*), count(x), sum(x), avg(x), min(y), max(y), sum(y), avg(y) FROM aw;
SELECT g, string_agg(x::text, ',' ORDER BY x DESC), array_agg(x ORDER BY x), bool_and(x > 0) FROM aw GROUP BY g ORDER BY g;
SELECT count(DISTINCT g), count(*) FILTER (WHERE x > 1), sum(DISTINCT x) FROM aw;
SELECT stddev(x), variance(x), stddev_pop(y) FROM aw;
SELECT jsonb_agg(x ORDER BY x), json_object_agg(g, x) FILTER (WHERE x IS NOT NULL AND g <> 'a') FROM aw;
SELECT g, x, rank() OVER w, dense_rank() OVER w, row_number() OVER w FROM aw WINDOW w AS (ORDER BY g) ORDER BY g, x;
SELECT g, x, lag(x) OVER (PARTITION BY g ORDER BY x), lead(x, 1, -1) OVER (PARTITION BY g ORDER BY x) FROM aw ORDER BY g, x;
SELECT x, sum(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), first_value(x) OVER (ORDER BY x), count(*) OVER () FROM aw ORDER BY x;
SELECT g, avg(x) OVER (PARTITION BY g) FROM aw ORDER BY g, x;
SELECT sum(x) FROM aw WHERE false;
SELECT g FROM aw GROUP BY g HAVING sum(x) > 2 ORDER BY g;
SELECT x FROM aw WHERE sum(x) > 1;
SELECT sum(count(*)) FROM aw;
DROP TABLE aw;
