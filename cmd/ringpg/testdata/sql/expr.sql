-- Expressions and their types, without tables.
SELECT 1 + 2, 7 / 2, 7 % 3, 2 ^ 10, -5, @ -5;
SELECT 1.5 + 1, 10 / 4.0, 1e3, 0.1 + 0.2;
SELECT 'abc' || 'def', length('hello'), upper('x'), lower('Y'), substr('abcdef', 2, 3);
SELECT 'a' = 'a', 'a' < 'b', 1 <> 2, NULL = NULL, NULL IS NULL;
SELECT CASE WHEN 1 > 2 THEN 'no' WHEN 2 > 1 THEN 'yes' END, CASE 3 WHEN 1 THEN 'one' ELSE 'other' END;
SELECT coalesce(NULL, 2, 3), nullif(1, 1), nullif(1, 2), greatest(1, 5, 3), least(4, 2);
SELECT true AND NULL, false AND NULL, true OR NULL, NOT NULL::bool;
SELECT 'abc' LIKE 'a%', 'abc' ILIKE 'A_C', 'abc' NOT LIKE 'b%';
SELECT 1 IN (1, 2), 3 NOT IN (1, 2), 2 BETWEEN 1 AND 3;
SELECT '42'::int + 1, 3.7::int, '2024-01-31'::date, 'true'::boolean;
SELECT 2147483647 + 1;
SELECT 1 / 0;
SELECT 'x'::int;
SELECT abs(-3), round(2.567, 2), ceil(1.2), floor(-1.2), mod(10, 3);
SELECT ARRAY[1, 2, 3], ARRAY['a', 'b'];
SELECT 1 = ANY(ARRAY[1, 2]), 5 = ALL(ARRAY[5, 5]);
SELECT 10::int2 * 10::int8, 1::float8 / 3;
SELECT x FROM generate_series(1, 3) AS x;
