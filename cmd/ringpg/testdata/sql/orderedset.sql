-- Ordered-set aggregates: percentile_cont, percentile_disc, mode.
CREATE TABLE os_t (g int, x float8, n numeric, t text);
INSERT INTO os_t SELECT i % 3, i * 1.5, i, chr(97 + i % 5) FROM generate_series(1, 20) i;
INSERT INTO os_t VALUES (0, NULL, NULL, NULL), (3, NULL, NULL, NULL);
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), percentile_disc(0.5) WITHIN GROUP (ORDER BY x), mode() WITHIN GROUP (ORDER BY t) FROM os_t;
SELECT g, percentile_cont(0.25) WITHIN GROUP (ORDER BY x), percentile_cont(0.75) WITHIN GROUP (ORDER BY x DESC), percentile_disc(0.1) WITHIN GROUP (ORDER BY n), mode() WITHIN GROUP (ORDER BY t DESC) FROM os_t GROUP BY g ORDER BY g;
SELECT percentile_cont(0) WITHIN GROUP (ORDER BY n), percentile_cont(1) WITHIN GROUP (ORDER BY n), percentile_disc(0) WITHIN GROUP (ORDER BY t) FROM os_t;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM os_t WHERE false;
SELECT g FROM os_t GROUP BY g HAVING percentile_cont(0.5) WITHIN GROUP (ORDER BY x) > 15 ORDER BY g;
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY x) FROM os_t;
SELECT percentile_cont(0.5) FROM os_t;
SELECT sum(x) WITHIN GROUP (ORDER BY x) FROM os_t;
DROP TABLE os_t;
