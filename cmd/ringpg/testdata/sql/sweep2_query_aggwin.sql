-- Aggregates with FILTER / DISTINCT / ORDER BY, statistics, and window
-- functions with frames, EXCLUDE, named windows and window misuse.
CREATE TABLE q2_m (id int, g text, i int, n numeric(6,2), f float8, d date, iv interval, b bool, bits int, arr int[]);
INSERT INTO q2_m VALUES
 (1, 'x', 3, 1.50, 0.5, '2024-01-03', '1 day', true, 12, '{1,2}'),
 (2, 'x', 1, 2.25, 1.5, '2024-02-01', '2 hours', true, 10, '{1,3}'),
 (3, 'y', 4, NULL, 2.5, '2023-12-31', '30 minutes', false, 7, '{0}'),
 (4, 'y', 1, 4.00, NULL, NULL, '1 month', NULL, 3, NULL),
 (5, 'z', NULL, 5.75, 4.5, '2024-03-15', NULL, true, NULL, '{2}'),
 (6, 'x', 9, 0.10, -1.0, '2024-01-01', '-3 days', false, 5, '{1,2,0}');
SELECT g, array_agg(i ORDER BY i DESC NULLS LAST), array_agg(DISTINCT i), string_agg(DISTINCT g, '-') FROM q2_m GROUP BY g ORDER BY g;
SELECT string_agg(g, ',' ORDER BY id DESC) FILTER (WHERE b), count(*) FILTER (WHERE i > 1), sum(i) FILTER (WHERE g = 'x') FROM q2_m;
SELECT json_agg(i ORDER BY id), jsonb_agg(DISTINCT g), json_agg(n) FILTER (WHERE n > 2) FROM q2_m;
SELECT json_object_agg(g, i ORDER BY id), jsonb_object_agg(id, b) FROM q2_m WHERE id < 4;
SELECT count(DISTINCT g), count(DISTINCT i) FILTER (WHERE id > 1), sum(DISTINCT i), avg(DISTINCT i) FROM q2_m;
SELECT sum(i), avg(i), sum(n), avg(n), sum(f), avg(f), sum(iv), avg(iv) FROM q2_m;
SELECT sum(i::bigint), avg(i::bigint), sum(i::smallint), avg(i::smallint), sum(f::real), avg(f::real) FROM q2_m;
SELECT pg_typeof(sum(1::int)), pg_typeof(sum(1::bigint)), pg_typeof(avg(1::int)), pg_typeof(sum(1.0::float4)), pg_typeof(avg('1 day'::interval));
SELECT bool_and(b), bool_or(b), every(b), bool_and(b) FILTER (WHERE id < 3), bool_or(false) FROM q2_m;
SELECT min(g), max(g), min(d), max(d), min(arr), max(arr), min(iv), max(iv), min(b::int) FROM q2_m;
SELECT max(g COLLATE "C"), min(n), max(f) FROM q2_m;
SELECT g, percentile_cont(0.5) WITHIN GROUP (ORDER BY f), percentile_disc(0.5) WITHIN GROUP (ORDER BY i DESC), mode() WITHIN GROUP (ORDER BY b) FROM q2_m GROUP BY g ORDER BY g;
SELECT percentile_cont(ARRAY[0.25, 0.5, 1]) WITHIN GROUP (ORDER BY f), percentile_disc(ARRAY[0, 0.5]) WITHIN GROUP (ORDER BY d) FROM q2_m;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY iv), percentile_disc(0.3) WITHIN GROUP (ORDER BY iv) FROM q2_m;
SELECT round(stddev(f)::numeric, 6), round(stddev_samp(i), 6), round(stddev_pop(n), 6), round(variance(n), 6), round(var_pop(i), 6), var_samp(f) FROM q2_m;
SELECT stddev(i) FILTER (WHERE id = 1), variance(i) FILTER (WHERE id = 1), var_pop(i) FILTER (WHERE id = 1), stddev(i) FILTER (WHERE false) FROM q2_m;
SELECT corr(i, f), covar_pop(i, f), covar_samp(i, f), regr_count(i, f), regr_slope(i, f), regr_intercept(i, f) FROM q2_m;
SELECT round(regr_r2(i, f)::numeric, 8), regr_avgx(i, f), regr_avgy(i, f), regr_sxx(i, f), regr_syy(i, f), regr_sxy(i, f) FROM q2_m;
SELECT g, corr(i, id), regr_slope(id, i) FROM q2_m GROUP BY g ORDER BY g;
SELECT array_agg(arr ORDER BY id) FILTER (WHERE arr IS NOT NULL AND cardinality(arr) = 2) FROM q2_m;
SELECT count(*) FROM q2_m WHERE false;
SELECT array_agg(i), string_agg(g, ','), json_agg(i), bool_and(b), bit_or(bits), max(d) FROM q2_m WHERE false;
SELECT sum(i ORDER BY id), count(DISTINCT g ORDER BY g) FROM q2_m;
SELECT array_agg(DISTINCT i ORDER BY id) FROM q2_m;
SELECT count(*) FILTER (WHERE count(*) > 1) FROM q2_m;
SELECT sum(i) FILTER (WHERE row_number() OVER () > 1) FROM q2_m;
SELECT string_agg(g) FROM q2_m;
SELECT id, i, row_number() OVER w, rank() OVER w, dense_rank() OVER w, percent_rank() OVER w, cume_dist() OVER w FROM q2_m WINDOW w AS (ORDER BY i) ORDER BY i, id;
SELECT id, ntile(4) OVER (ORDER BY id), ntile(2) OVER (PARTITION BY g ORDER BY id) FROM q2_m ORDER BY id;
SELECT id, lag(i, 2) OVER w, lag(i, 1, -1) OVER w, lead(i, 2, 0) OVER w, lead(g) OVER w, lag(i, 0) OVER w FROM q2_m WINDOW w AS (ORDER BY id) ORDER BY id;
SELECT id, first_value(i) OVER w, last_value(i) OVER w, nth_value(i, 2) OVER w FROM q2_m WINDOW w AS (PARTITION BY g ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY id;
SELECT id, first_value(i) OVER w, last_value(i) OVER w, nth_value(i, 3) OVER w FROM q2_m WINDOW w AS (ORDER BY i NULLS FIRST) ORDER BY id;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), sum(id) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING), count(*) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) FROM q2_m ORDER BY id;
SELECT id, i, sum(id) OVER (ORDER BY i RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), count(*) OVER (ORDER BY i RANGE BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM q2_m ORDER BY i, id;
SELECT id, n, sum(n) OVER (ORDER BY n DESC RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING) FROM q2_m ORDER BY n, id;
SELECT id, f, count(*) OVER (ORDER BY f RANGE BETWEEN 1.5 PRECEDING AND 1.5 FOLLOWING) FROM q2_m ORDER BY f, id;
SELECT id, i, sum(id) OVER (ORDER BY i GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW), array_agg(id) OVER (ORDER BY i GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING) FROM q2_m ORDER BY i, id;
SELECT id, i, array_agg(id) OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW) FROM q2_m ORDER BY id;
SELECT id, i, array_agg(id) OVER (ORDER BY i RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE GROUP) FROM q2_m ORDER BY id;
SELECT id, i, array_agg(id) OVER (ORDER BY i GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES) FROM q2_m ORDER BY id;
SELECT id, i, array_agg(id) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE NO OTHERS) FROM q2_m ORDER BY id;
SELECT id, first_value(id) OVER (ORDER BY i ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW), last_value(id) OVER (ORDER BY i RANGE CURRENT ROW EXCLUDE TIES) FROM q2_m ORDER BY id;
SELECT g, sum(i), rank() OVER (ORDER BY sum(i) DESC), sum(sum(i)) OVER (), avg(count(*)) OVER (ORDER BY g) FROM q2_m GROUP BY g ORDER BY g;
SELECT g, count(*) * 100 / sum(count(*)) OVER () AS pct FROM q2_m GROUP BY g ORDER BY g;
SELECT id, sum(i) OVER w2, count(*) OVER w1 FROM q2_m WINDOW w1 AS (PARTITION BY g), w2 AS (w1 ORDER BY id) ORDER BY id;
SELECT id, sum(i) OVER (w ROWS 1 PRECEDING) FROM q2_m WINDOW w AS (ORDER BY id) ORDER BY id;
SELECT id, sum(i) OVER (w ORDER BY id) FROM q2_m WINDOW w AS (ORDER BY g);
SELECT id, sum(i) OVER (w) FROM q2_m WINDOW w AS (ORDER BY id ROWS 1 PRECEDING);
SELECT id FROM q2_m WINDOW w AS (ORDER BY id), w AS (ORDER BY g);
SELECT id, sum(i) OVER nope FROM q2_m;
SELECT id, sum(i) FILTER (WHERE i > 1) OVER (ORDER BY id), count(*) FILTER (WHERE b) OVER () FROM q2_m ORDER BY id;
SELECT id FROM q2_m WHERE row_number() OVER () > 1;
SELECT id, row_number() OVER () FROM q2_m GROUP BY row_number() OVER ();
SELECT sum(row_number() OVER ()) FROM q2_m;
SELECT row_number() OVER (ORDER BY row_number() OVER ()) FROM q2_m;
SELECT id FROM q2_m ORDER BY row_number() OVER (ORDER BY id DESC) LIMIT 2;
SELECT ntile(0) OVER () FROM q2_m;
SELECT nth_value(i, 0) OVER () FROM q2_m;
SELECT lag(i, -1) OVER (ORDER BY id) FROM q2_m ORDER BY id;
SELECT sum(i) OVER (ORDER BY id ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) FROM q2_m;
SELECT sum(i) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM q2_m;
SELECT sum(i) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM q2_m;
SELECT sum(i) OVER (RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM q2_m;
SELECT sum(i) OVER (ORDER BY g RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM q2_m;
SELECT sum(i) OVER (ORDER BY i, id RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM q2_m;
SELECT sum(i) OVER (GROUPS 1 PRECEDING) FROM q2_m;
SELECT rank(i) OVER (ORDER BY i) FROM q2_m;
SELECT row_number() FROM q2_m;
SELECT count(DISTINCT i) OVER () FROM q2_m;
SELECT array_agg(i ORDER BY i) OVER () FROM q2_m;
SELECT lower(g) OVER () FROM q2_m;
SELECT id, i, min(i) OVER (PARTITION BY g ORDER BY id DESC), max(i) OVER (PARTITION BY b) FROM q2_m ORDER BY id;
SELECT DISTINCT g, count(*) OVER (PARTITION BY g) FROM q2_m ORDER BY 1;
SELECT id, row_number() OVER (ORDER BY id) FROM q2_m ORDER BY 2 DESC LIMIT 3;
SELECT * FROM (SELECT id, rank() OVER (PARTITION BY g ORDER BY i DESC NULLS LAST) AS r FROM q2_m) s WHERE r = 1 ORDER BY id;
DROP TABLE q2_m;
