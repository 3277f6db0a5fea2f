-- Functions and operators on strings, numbers and dates.
SELECT concat('a', 1, NULL, 'b'), concat_ws('-', 'a', 'b'), left('abcdef', 2), right('abcdef', 2), repeat('ab', 3);
SELECT replace('hello world', 'o', '0'), reverse('abc'), split_part('a,b,c', ',', 2), strpos('hello', 'l'), initcap('hello world');
SELECT lpad('7', 3, '0'), rpad('ab', 4, '*'), trim('  x  '), ltrim('xxa', 'x'), btrim('--a--', '-');
SELECT md5('abc'), to_hex(255), chr(65), ascii('A'), octet_length('héllo'), length('héllo');
SELECT 'abc' ~ 'b', 'abc' ~* 'B', regexp_replace('a1b2', '[0-9]', 'X', 'g'), starts_with('abc', 'ab');
SELECT format('%s is %I and %L', 'x', 'Col', 'it''s'), quote_ident('a b'), quote_literal('a''b');
SELECT sqrt(16), power(2, 10), exp(0), ln(1), log(100), abs(-2.5), sign(-3), pi();
SELECT trunc(2.789, 1), round(-2.5), ceil(-1.5), div(7, 2), gcd(12, 18), 5 & 3, 5 | 3, 1 << 4;
SELECT extract(year from timestamp '2024-05-06 07:08:09'), date_part('month', date '2024-05-06'), date_trunc('hour', timestamp '2024-05-06 07:08:09');
SELECT make_date(2024, 2, 29), age(timestamp '2024-05-06', timestamp '2023-01-01'), justify_hours(interval '27 hours');
SELECT jsonb_build_object('a', 1, 'b', 'x'), jsonb_array_length('[1,2,3]'), jsonb_typeof('{"a":1}' -> 'a'), '{"a":{"b":2}}'::jsonb #> '{a,b}';
SELECT array_length(ARRAY[1,2,3], 1), array_append(ARRAY[1], 2), array_to_string(ARRAY['a','b'], ','), cardinality(ARRAY[1,2]), array_position(ARRAY['x','y'], 'y');
SELECT string_to_array('a,b,c', ',');
SELECT * FROM unnest(ARRAY['x', 'y']) WITH ORDINALITY;
SELECT nosuchfunction(1);
SELECT length(1);
SELECT 1 + 'a';
