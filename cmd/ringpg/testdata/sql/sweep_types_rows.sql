-- Row comparisons, records as text, ANY/ALL with patterns, set operation
-- types, DISTINCT aggregates, case mapping in the C locale, messages.
SELECT ROW(1, NULL) = ROW(1, NULL), ROW(1, NULL) = ROW(2, NULL), ROW(1, NULL) <> ROW(2, NULL), ROW(1, NULL) < ROW(2, NULL), ROW(1, NULL) < ROW(1, 2), (1, 2) <= (1, 2), ROW(1, 2) IS DISTINCT FROM ROW(1, NULL);
SELECT (1, 2, 3) < (1, 3, 0), (1, 2) >= (1, 3), (2, 'a') > (1, 'b'), ('a', 2) = ('a', 2);
SELECT (1, 2) = (1, 2, 3);
SELECT (1, 'a') = (1, 2);
SELECT x, y FROM (VALUES (1, 1), (1, 2), (2, 1), (2, NULL)) v(x, y) WHERE (x, y) > (1, 1) ORDER BY x, y;
SELECT row(1, 2)::text, row(1, 'a b', NULL, '')::text, (SELECT row(1, 2)), row(1, 'x')::varchar;
SELECT 'a' LIKE ANY (ARRAY['a%', 'b']), 'a' LIKE ANY (ARRAY['x%']), 'a' ~ ANY (ARRAY['x']), 'a' ~ ANY (ARRAY['^a']), 'a' LIKE ANY (SELECT 'a%'), 'a' LIKE ALL (SELECT 'x'), 'a' ILIKE ALL (ARRAY['A%']);
SELECT 1 UNION SELECT 'a';
SELECT 'a' UNION SELECT 'b' ORDER BY 1;
SELECT 'a' UNION ALL SELECT 'b' UNION ALL SELECT NULL;
SELECT NULL UNION ALL SELECT NULL UNION ALL SELECT 1;
SELECT '1' UNION SELECT 2 ORDER BY 1;
SELECT x, '2024-01-01' FROM (VALUES (1)) v(x) UNION ALL SELECT 2, date '2024-02-01' ORDER BY 1;
SELECT pg_typeof(u) FROM (SELECT 'a' AS u UNION SELECT 'b') s ORDER BY 1 LIMIT 1;
SELECT 1.5 UNION SELECT '2' ORDER BY 1;
SELECT 1 INTERSECT SELECT '1';
SELECT * FROM (SELECT NULL AS a UNION ALL SELECT 5) s ORDER BY a;
SELECT string_agg(x, ',' ORDER BY x DESC), string_agg(DISTINCT x, '-'), array_agg(DISTINCT x) FROM (VALUES ('b'), ('a'), ('c'), ('a')) v(x);
SELECT array_agg(DISTINCT x), count(DISTINCT x), string_agg(DISTINCT x::text, ',' ORDER BY x::text DESC) FROM (VALUES (3), (1), (NULL), (2), (1)) v(x);
SELECT g, array_agg(DISTINCT x) FROM (VALUES (1, 'b'), (1, 'a'), (2, 'z'), (2, 'y'), (1, 'b')) v(g, x) GROUP BY g ORDER BY g;
SELECT json_agg(DISTINCT x), jsonb_agg(DISTINCT x) FROM (VALUES (3), (1), (2), (1)) v(x);
SELECT upper('aéß'), lower('ÀB'), initcap('élan über'), initcap('hELLO wORLD-foo bar_baz 1st'), 'É' ILIKE 'é', 'ÀB' ILIKE 'àb', 'AB' ILIKE 'ab';
SELECT - 'a'::text;
SELECT !! 5;
SELECT 1::json;
SELECT CAST(1 AS jsonb);
-- "char", the one-byte type, and regtype's names.
SELECT 65::"char", 'A'::"char"::int, (-56)::"char", ''::"char"::int, pg_typeof('A'::"char"), 'abc'::"char", 'x'::char, pg_typeof('x'::char), 'ab'::char(1);
SELECT 300::"char";
SELECT 'A'::"char"::text, 'A'::"char" = 'A', relkind FROM pg_class WHERE relname = 'pg_class';
SELECT 'bpchar'::regtype, 1042::regtype, 'character'::regtype, format_type(1042, NULL), format_type(1042, -1), pg_typeof(ARRAY['a'::char]);
SELECT pg_catalog.nosuch(1);
-- Case-insensitive regular expressions fold ASCII letters only (C locale).
SELECT 'É' ~* 'é', 'ABC' ~* 'abc', 'abc' ~* '^[A-C]+$', 'aBc' ~* 'A.C', 'xYz' ~* '[x-z]{3}', 'K' ~* 'k', 'ǅ' ~* 'ǆ', 'Straße' ~* 'STRASSE', 'Hello World' ~* 'hello\s+WORLD', 'abc' !~* 'B';
SELECT regexp_replace('Hello HELLO hello', 'hello', 'X', 'gi'), regexp_match('FooBar', 'o+b', 'i'), regexp_matches('AaBb', '[ab]', 'gi'), regexp_split_to_array('aXbxc', 'x', 'i'), regexp_count('AaA', 'a', 1, 'i'), 'abc' ~* '[^B]+';
SELECT 'é' ~* 'É', 'Ä' ~* '[ä]', 'x' ~* '(?i)X';
