-- GROUP BY ROLLUP, CUBE and GROUPING SETS, with GROUPING().
CREATE TABLE gs_sales (region text, product text, year int, amount numeric(8,2));
INSERT INTO gs_sales VALUES ('eu', 'pen', 2023, 10), ('eu', 'pen', 2024, 12.5), ('eu', 'ink', 2024, 3), ('us', 'pen', 2023, 7), ('us', 'pad', 2024, 20), ('us', 'pad', 2024, 1.25), (NULL, 'pen', 2024, 2);
SELECT region, product, sum(amount), count(*) FROM gs_sales GROUP BY ROLLUP (region, product) ORDER BY region NULLS LAST, product NULLS LAST;
SELECT region, product, sum(amount), grouping(region, product), grouping(product) FROM gs_sales GROUP BY CUBE (region, product) ORDER BY 4, 1 NULLS LAST, 2 NULLS LAST;
SELECT region, year, count(*) FROM gs_sales GROUP BY GROUPING SETS ((region), (year), ()) ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3;
SELECT region, product, year, sum(amount) FROM gs_sales GROUP BY region, ROLLUP (product, year) ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST;
SELECT region, product, year, count(*) FROM gs_sales GROUP BY GROUPING SETS ((region, product), (region, year)) ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST;
SELECT CASE WHEN grouping(region) = 1 THEN 'all' ELSE coalesce(region, '?') END AS r, sum(amount) FROM gs_sales GROUP BY ROLLUP (region) ORDER BY 1;
SELECT region, sum(amount) FROM gs_sales GROUP BY ROLLUP (region) HAVING sum(amount) > 20 ORDER BY 1 NULLS LAST;
SELECT region, grouping(region) FROM gs_sales GROUP BY region ORDER BY 1 NULLS LAST;
SELECT 1 AS one, sum(amount) FROM gs_sales GROUP BY GROUPING SETS ((), ()) ORDER BY 2;
SELECT region, count(*) FROM gs_sales GROUP BY 1, ROLLUP (year) ORDER BY 1 NULLS LAST, 2;
SELECT coalesce(region, 'none') FROM gs_sales GROUP BY region ORDER BY 1;
SELECT upper(product) AS p, count(*) FROM gs_sales GROUP BY product ORDER BY p;
SELECT grouping(amount) FROM gs_sales GROUP BY region;
SELECT grouping(region) FROM gs_sales;
DROP TABLE gs_sales;
