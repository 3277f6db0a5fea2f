-- Functions over the basic types, compared with PostgreSQL 15.
-- Trigonometry in degrees is exact at the usual angles.
SELECT sind(30), cosd(60), tand(45), cotd(45), asind(0.5), acosd(0.5), atand(1), atan2d(1, 1);
SELECT sind(-30), cosd(90), tand(90), cotd(0), sind(210), cosd(120), tand(135), cotd(-45), tand(-180);
SELECT asind(2);
SELECT sind('inf');
SELECT acosd(-0.5), asind(-1), atand('inf'), atan2d(-1, -1), atan2d(0, -1);
-- gcd and lcm over numeric keep the larger scale.
SELECT gcd(12.5, 5.0), lcm(1.5, 2.5), gcd('nan'::numeric, 1), lcm('inf'::numeric, 1), gcd(0.0, 0.00), lcm(0.0, 1.50), gcd(-12.5, 7.50), lcm(-4, 6::numeric);
-- width_bucket over a thresholds array.
SELECT width_bucket(5, ARRAY[1, 3, 6, 9]), width_bucket(5, ARRAY[]::int[]), width_bucket(NULL, ARRAY[1]), width_bucket(2.5, ARRAY[1, 2.5, 3]), width_bucket(0, ARRAY[1, 2]);
SELECT width_bucket(1, ARRAY[[1], [2]]);
SELECT width_bucket(1, ARRAY[1, NULL]);
-- Digests and bits of bytea.
SELECT sha224('abc'), sha384('abc'), sha512('abc'), sha512(NULL), bit_count('\xff01'::bytea), bit_count(''::bytea);
SELECT get_bit('\x01'::bytea, 0), set_bit('\x01'::bytea, 1, 1), set_bit('\x03'::bytea, 0, 0);
SELECT get_bit('\x01'::bytea, 9);
SELECT set_bit('\x01'::bytea, 1, 2);
-- Arrays and strings.
SELECT trim_array(ARRAY[1, 2, 3, 4], 2), trim_array(ARRAY[[1, 2], [3, 4], [5, 6]], 1), trim_array('[0:2]={1,2,3}'::int[], 1), trim_array(ARRAY[1], 1);
SELECT trim_array(ARRAY[1, 2], 3);
SELECT * FROM string_to_table('a,b,,c', ',');
SELECT string_to_table('a|b|*', '|', '*'), string_to_table('abc', NULL);
SELECT unistr('d\0061t\+000061'), unistr('\D83D\DE00 \\ x'), unistr('\U0001F600');
SELECT unistr('\u00');
SELECT unistr('\D83D');
SELECT parse_ident('a.b."C d"'), parse_ident(' Abc . "dEf" .g$1'), parse_ident('a b', false), parse_ident('x.y', strict => false);
SELECT parse_ident('a b');
SELECT parse_ident('"a');
SELECT parse_ident('a.');
SELECT parse_ident('.a');
SELECT parse_ident('""');
-- Encodings.
SELECT convert_from('\x616263', 'UTF8'), convert_to('é', 'LATIN1'), convert_to('é', 'SQL_ASCII'), convert_from('\xe9', 'LATIN1'), convert_to('abc', 'utf-8'), convert('\x616263'::bytea, 'UTF8', 'LATIN1');
SELECT length('\xc3a9'::bytea, 'UTF8'), length('\xe9'::bytea, 'latin1'), textlen('héllo');
SELECT convert_from('\x61e282', 'UTF8');
SELECT convert_to('€', 'LATIN1');
SELECT convert_to('x', 'FOO');
-- LIKE as functions, substring with SIMILAR.
SELECT like('ab', 'a%'), notlike('ab', 'a%'), 'ab'::bytea LIKE 'a_'::bytea;
SELECT substring('foobar' similar 'f#"o+#"b%' escape '#'), substring('foobar', 'f#"o+#"b%', '#'), substring('foobar' similar 'f%' escape ''), substring('foobar' similar 'x%' escape '#');
-- to_regclass and friends give NULL for unknown names.
SELECT to_regclass('pg_class'), to_regclass('nosuch'), to_regtype('int4'), to_regtype('nosuch'), to_regproc('now'), to_regclass('nosch.x'), to_regtype('varchar(10)');
-- jsonb_set_lax and pretty JSON.
SELECT jsonb_set_lax('{"a":1}', '{a}', NULL), jsonb_set_lax('{"a":1}', '{a}', NULL, true, 'return_target'), jsonb_set_lax('{"a":1}', '{a}', NULL, true, 'delete_key'), jsonb_set_lax('{"a":1}', '{b}', '2');
SELECT jsonb_set_lax('{"a":1}', '{a}', NULL, true, 'raise_exception');
SELECT jsonb_set_lax('{"a":1}', '{a}', NULL, true, 'foo');
SELECT row_to_json(row(1, row(2, 3), ARRAY[4, 5]), true), array_to_json(ARRAY[[1, 2], [3, 4]], true), array_to_json(ARRAY[row(1, 2)], true), row_to_json(row(1), false);
-- Date/time.
SELECT date_bin('15 minutes', timestamptz '2024-01-01 10:17+00', timestamptz '2000-01-01 00:00+00'), date_bin('1 day 1 hour', timestamp '1999-12-30 10:00', timestamp '2000-01-01'), date_bin('1 hour', timestamp 'infinity', timestamp '2000-01-01');
SELECT date_bin('1 month', timestamp '2024-01-01', timestamp '2000-01-01');
SELECT date_bin('0 minutes', timestamp '2024-01-01', timestamp '2000-01-01');
SELECT timezone(interval '-3 hours', timestamp '2024-01-01 00:00'), timestamp '2024-01-01 10:00' AT TIME ZONE interval '-01:30', timestamp(date '2024-01-01', time '10:00');
SELECT timezone(interval '1 day', timestamp '2024-01-01');
-- Named arguments.
SELECT make_interval(secs => 1.5, hours => 2), make_interval(days => 10), make_interval(1, 2, days => 3), make_date(year => 2024, day => 3, month => 2);
SELECT jsonb_set('{}', '{a}', '1', create_if_missing => false), jsonb_set(jsonb_in => '{}', path => '{a}', replacement => '1');
SELECT make_interval(dayz => 1);
SELECT make_interval(1, years => 2);
SELECT make_interval(days => 1, days => 2);
SELECT make_interval(days => 1, 2);
SELECT make_date(year => 2024, month => 2);
-- Percentiles of arrays of fractions and of intervals.
SELECT percentile_cont(ARRAY[0.25, 0.5]) WITHIN GROUP (ORDER BY x), percentile_disc(ARRAY[0.5, NULL, 1]) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 10) x;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x * interval '1 hour'), percentile_cont(0.3) WITHIN GROUP (ORDER BY x * interval '1 day 1 hour') FROM generate_series(1, 10) x;
SELECT percentile_cont(ARRAY[0.1, 0.9]) WITHIN GROUP (ORDER BY x * interval '1 hour') FROM generate_series(1, 10) x;
SELECT percentile_disc(ARRAY[[0.1, 0.2], [0.3, 0.4]]) WITHIN GROUP (ORDER BY t) FROM (VALUES ('a'), ('b'), ('c')) v(t);
SELECT percentile_cont(ARRAY[1.5]) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 10) x;
SELECT percentile_cont(ARRAY[0.5]) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 0) x;
SELECT g, percentile_cont(ARRAY[0.5]) WITHIN GROUP (ORDER BY x DESC) FROM (VALUES (1, 1.0), (1, 3.0), (2, 5.0)) v(g, x) GROUP BY g ORDER BY g;
-- to_number with trailing signs, chr, COLLATE, to_char of negative days.
SELECT to_number('12,454.8-', '99G999D9S'), to_number('5.01-', 'FM9.999999MI'), to_number('<564646.654564>', '999999.999999PR'), to_number('0.00001-', '9.999999S'), to_number('42nd', '99th');
SELECT chr(55296);
SELECT chr(1114112);
SELECT 'Hello' COLLATE "C" < 'hello', 'a' COLLATE "POSIX" = 'a', lower('ABC' COLLATE "C"), 'x' COLLATE pg_catalog."default", ARRAY['b'] COLLATE "C";
SELECT 'x' COLLATE "en_US";
SELECT 'x' COLLATE public."C";
SELECT 1 COLLATE "C";
SELECT to_char(interval '-1 day -2 hours', 'DD HH24'), to_char(interval '25 hours 3 minutes', 'HH24:MI HH12');
-- Unicode normalization.
select normalize(U&'\0061\0308bc', NFD), normalize(U&'\0061\0308bc'), U&'\00E4bc' IS NFD NORMALIZED, U&'\0061\0308bc' IS NFC NORMALIZED, normalize('abc', NFKC), is_normalized('x', 'NFKD'), U&'\00E4' IS NORMALIZED, U&'\FB01' IS NOT NFKC NORMALIZED, normalize(U&'\FB01', NFKD);
select is_normalized('x', 'foo');
select normalize(NULL), NULL IS NORMALIZED;
-- Hypothetical-set aggregates.
SELECT rank(5) WITHIN GROUP (ORDER BY x), dense_rank(5) WITHIN GROUP (ORDER BY x), percent_rank(5) WITHIN GROUP (ORDER BY x), cume_dist(5) WITHIN GROUP (ORDER BY x) FROM generate_series(1,10) x;
SELECT rank(3) WITHIN GROUP (ORDER BY x DESC), dense_rank(2) WITHIN GROUP (ORDER BY x), cume_dist(2) WITHIN GROUP (ORDER BY x), percent_rank(0) WITHIN GROUP (ORDER BY x) FROM (VALUES (1), (2), (2), (3), (NULL)) v(x);
SELECT rank(NULL::int) WITHIN GROUP (ORDER BY x), rank(NULL::int) WITHIN GROUP (ORDER BY x NULLS FIRST), rank(2.5) WITHIN GROUP (ORDER BY x) FROM (VALUES (1), (2), (3)) v(x);
SELECT g, rank(2, 'b') WITHIN GROUP (ORDER BY x, y) FROM (VALUES (1, 1, 'a'), (1, 2, 'a'), (1, 2, 'c'), (2, 3, 'z')) v(g, x, y) GROUP BY g ORDER BY g;
SELECT rank(1) WITHIN GROUP (ORDER BY x), percent_rank(1) WITHIN GROUP (ORDER BY x), cume_dist(1) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 0) x;
SELECT x, rank() OVER (ORDER BY x), cume_dist() OVER (ORDER BY x) FROM (VALUES (1), (1), (2)) v(x);
SELECT rank(1);
