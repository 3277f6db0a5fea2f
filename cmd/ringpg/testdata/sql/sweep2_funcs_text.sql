-- Conditional expressions, pattern matching and string functions,
-- compared with PostgreSQL 15.
SELECT CASE WHEN 1 > 2 THEN 'a' WHEN NULL THEN 'b' ELSE 'c' END, CASE 3 WHEN 1 THEN 'one' WHEN 3 THEN 'three' END, CASE NULL::int WHEN NULL THEN 'n' ELSE 'e' END, CASE 2 WHEN 1 THEN 'x' END;
SELECT CASE WHEN true THEN 1 ELSE 2.5 END, pg_typeof(CASE WHEN true THEN 1 ELSE 2.5 END), CASE WHEN false THEN 1/0 ELSE 0 END;
SELECT CASE WHEN true THEN 1 ELSE 'x' END;
SELECT CASE 1 WHEN 'a' THEN 1 END;
SELECT COALESCE(NULL, NULL, 3, 1/0), COALESCE(NULL::text, 'x'), COALESCE(NULL, 1.5, 2), pg_typeof(COALESCE(1, 2.0)), COALESCE(NULL, NULL) IS NULL;
SELECT COALESCE(1, 'a');
SELECT NULLIF(1, 1), NULLIF(1, 2), NULLIF('a', 'b'), NULLIF(NULL, 1), NULLIF(1, NULL), NULLIF(1.0, 1), pg_typeof(NULLIF(1, 2.0));
SELECT GREATEST(1, 2.5, NULL, 0), LEAST(1, 2.5, NULL, 0), GREATEST(NULL::int, NULL), LEAST('b', 'a', 'c'), GREATEST(date '2024-01-01', '2025-01-01'), LEAST(1, '3'), pg_typeof(GREATEST(1, 2::bigint, 3::smallint));
SELECT GREATEST(1, 'x');
SELECT GREATEST('NaN'::numeric, 1, 'Infinity'), LEAST('NaN'::float8, 1), GREATEST('-Infinity'::numeric, -1e100);
-- LIKE, ILIKE and SIMILAR TO.
SELECT 'abc' LIKE 'a_c', 'abc' LIKE 'A%', 'abc' ILIKE 'A%', 'a%c' LIKE 'a\%c', 'abc' LIKE 'a\%c', 'a_c' LIKE 'a#_c' ESCAPE '#', 'abc' NOT LIKE '%b%', 'ABC' NOT ILIKE '_b_';
SELECT 'abc' LIKE 'abc%%', '' LIKE '%', '' LIKE '_', 'a\b' LIKE 'a\\b', 'ab' LIKE 'a' ESCAPE '', 'a%' LIKE 'a%' ESCAPE '', NULL LIKE 'a', 'a' LIKE NULL;
SELECT 'abc' LIKE 'a\';
SELECT 'abc' LIKE 'abc' ESCAPE 'xy';
SELECT 'ÄÖ' ILIKE 'äö', 'straße' ILIKE 'STRASSE', 'x' ~~ 'x', 'x' !~~ 'y', 'X' ~~* 'x', 'X' !~~* 'y';
SELECT 'abc' SIMILAR TO 'a(b|c)+', 'abc' SIMILAR TO 'a', 'abd' SIMILAR TO '%(b|d)%', 'a.c' SIMILAR TO 'a.c', 'abc' SIMILAR TO 'a.c', 'aaa' SIMILAR TO 'a{2,3}', 'ab' SIMILAR TO '[a-c]*', 'xx' NOT SIMILAR TO 'x_';
SELECT 'a+b' SIMILAR TO 'a\+b', 'a|b' SIMILAR TO 'a!|b' ESCAPE '!', 'abc' SIMILAR TO '(a|x)bc', 'AbC' SIMILAR TO '%b%';
-- POSIX regular expressions.
SELECT 'foobar' ~ '^f(o+)b', 'FOO' ~* 'fo+', 'foo' !~ 'x', 'FOO' !~* 'foo', 'a.b' ~ 'a\.b', 'a1' ~ '\d', 'ab' ~ '\w{3}', 'abc' ~ '(?i)ABC', 'x y' ~ '[[:space:]]';
SELECT 'a' ~ '(';
SELECT 'a' ~ 'a{2,1}';
SELECT regexp_match('foobarbequebaz', '(bar)(beque)'), regexp_match('abc', 'x'), regexp_match('ABC', 'b', 'i'), regexp_match('abc', 'b'), regexp_match('a1b2', '(\d)(x)?'), regexp_match(NULL, 'a');
SELECT regexp_match('abc', 'b', 'g');
SELECT regexp_matches('foobarbequebazilbarfbonk', '(b[^b]+)(b[^b]+)', 'g');
SELECT regexp_matches('aAbB', '[a-z]', 'gi'), regexp_matches('abc', '');
SELECT regexp_matches('a1b22c333', '\d+', 'g') AS m, 'x' AS k;
SELECT regexp_matches('line1
line2', '^line\d$', 'gn');
SELECT regexp_matches('abc', 'b', 'z');
SELECT regexp_replace('Thomas', '.[mN]a.', 'M'), regexp_replace('foobarbaz', 'b(..)', 'X\1Y', 'g'), regexp_replace('abc', 'B', 'x', 'i'), regexp_replace('aaa', 'a', 'b'), regexp_replace('abc', '(b)', '[\0|\1|\\|\&]'), regexp_replace('a.b.c', '\.', '', 'g');
SELECT regexp_replace('hello world', '(\w+) (\w+)', '\2 \1'), regexp_replace('AAA', 'a', 'x', 'gi'), regexp_replace('abc', '', '-', 'g'), regexp_replace('abc', 'x*', '-', 'g'), regexp_replace(NULL, 'a', 'b'), regexp_replace('ab', 'b', '\9');
SELECT regexp_replace('1 22 333', '\d+', '#', 3), regexp_replace('1 22 333', '\d+', '#', 1, 2), regexp_replace('a a a a', 'a', 'b', 2, 0), regexp_count('ababab', 'ab'), regexp_count('aAa', 'a', 1, 'i'), regexp_instr('abcabc', 'c', 1, 2), regexp_like('ABC', 'b', 'i'), regexp_substr('a1b22', '\d+', 1, 2);
SELECT regexp_split_to_array('hello world  foo', '\s+'), regexp_split_to_array('abc', ''), regexp_split_to_array('a,b,,c', ','), regexp_split_to_array('', ','), regexp_split_to_array('AxbXc', 'x', 'i');
SELECT * FROM regexp_split_to_table('the quick  brown', '\s*') WITH ORDINALITY LIMIT 6;
SELECT regexp_split_to_table('a1b2c', '\d'), regexp_split_to_table(',a,', ',');
SELECT substring('Thomas' from '...$'), substring('Thomas' from 'o(.)a'), substring('Thomas' from 'x'), substring('abc' from '(a)(b)'), substring('foobar' from 2 for 3), substring('foobar' from -1 for 3), substring('foobar' for 2), substring('foobar' from 10);
SELECT substring('foobar' from 1 for -1);
-- format.
SELECT format('Hello %s, %1$s', 'World'), format('%s %s', 1), format('%2$s %1$s', 'a', 'b'), format('|%10s|%-10s|', 'ab', 'cd'), format('|%*s|', 5, 'x'), format('|%-*s|', 4, 'y'), format('|%*s|', -4, 'z');
SELECT format('%I %I %I', 'abc', 'Abc', 'a"b'), format('%L %L %L', 'x', NULL, 'it''s'), format('%s', NULL), format('%%'), format(NULL), format('%I', 'select'), format('%L', E'a\\b');
SELECT format('%s %s');
SELECT format('%z', 1);
SELECT format('%I', NULL);
SELECT format('%1$s %s', 'a', 'b'), format('%3$s', 1, 2, 3), format('%s', ARRAY[1, 2]), format('%L', 12.5), format('%-5L|', 'a'), format('%1$*2$s|', 'a', 4);
SELECT format('%0$s', 'a');
SELECT format('%s %s', VARIADIC ARRAY['a', 'b']), format('%s', VARIADIC NULL::text[]);
-- concat, padding, trimming and friends.
SELECT concat(NULL), concat_ws(',', NULL, 'a', NULL, 'b'), concat_ws(NULL, 'a', 'b'), concat_ws('', 1, 2), concat(1.50, true, date '2024-01-02', ARRAY[1]), concat_ws('|', VARIADIC ARRAY['x', NULL, 'z']);
SELECT lpad('hello', 3), lpad('hi', 6, 'xy'), lpad('hi', -1), lpad('hi', 5, ''), rpad('hello', 2), rpad('hi', 7, 'abc'), rpad('', 3, '.'), lpad('é', 3, 'ü');
SELECT trim(both 'xy' from 'xyaxbyx'), trim(leading from '  a  '), trim(trailing 'a' from 'baaa'), trim('x' from 'xax'), trim(from '  z  '), ltrim('  a'), rtrim('a  '), btrim('xyzaxyz', 'zyx'), rtrim('abcccc', 'c'), ltrim('zzza', '');
SELECT trim(both from 'ab' , 'b');
SELECT translate('12345', '143', 'ax'), translate('abc', '', 'x'), translate('aaa', 'a', ''), translate('hello', 'lo', 'LO0'), translate(NULL, 'a', 'b');
SELECT overlay('Txxxxas' placing 'hom' from 2 for 4), overlay('abc' placing 'XY' from 2), overlay('abc' placing 'XY' from 5), overlay('abcdef' placing '' from 2 for 2), overlay('\x010203'::bytea placing '\xff' from 2);
SELECT overlay('abc' placing 'x' from 0);
SELECT position('om' in 'Thomas'), position('' in 'abc'), position('x' in 'abc'), strpos('abcabc', 'ca'), strpos('', ''), position('\x02'::bytea in '\x010203'::bytea);
SELECT split_part('a,b,c', ',', -1), split_part('a,b,c', ',', -3), split_part('a,b,c', ',', -4), split_part('a,b,c', ',', 4), split_part('abc', '', 1), split_part('abc', '', -1), split_part('', ',', 1), split_part('a~~b~~c', '~~', 2);
SELECT split_part('a,b', ',', 0);
SELECT repeat('ab', 0), repeat('ab', -1), repeat('', 5), reverse(''), reverse('héllo'), reverse(NULL);
SELECT initcap('hELLO wORLD-foo_bar baz9qux'), initcap('ÉCOLE élève'), initcap(''), initcap('a1b c''d');
SELECT left('abcdef', -2), right('abcdef', -2), left('abc', 10), right('abc', -10), left('abc', 0), right('', 1), left('héllo', 2);
SELECT quote_ident('abc'), quote_ident('Abc'), quote_ident('a"b'), quote_ident('select'), quote_ident('_x1'), quote_ident('1x'), quote_ident(''), quote_ident('ab$');
SELECT quote_literal('abc'), quote_literal(E'a\\b'), quote_literal(NULL), quote_literal(42), quote_literal(1.5::numeric), quote_nullable(NULL), quote_nullable('x'), quote_nullable(7), quote_literal(date '2024-01-01');
SELECT md5(''), md5('The quick brown fox'), md5('\x00ff'::bytea), md5(NULL);
SELECT encode('abc\000def'::bytea, 'escape'), encode('\x00ff7f'::bytea, 'hex'), encode('hello world'::bytea, 'base64'), encode(''::bytea, 'base64'), encode(repeat('x', 60)::bytea, 'base64');
SELECT decode('aGVsbG8=', 'base64'), decode('00ff', 'hex'), decode('a\\b\000', 'escape'), decode('YQ==
', 'base64');
SELECT decode('0g', 'hex');
SELECT decode('abc', 'hex');
SELECT decode('a===', 'base64');
SELECT encode('x', 'foo');
SELECT string_agg(x, ',' ORDER BY x DESC), string_agg(x, NULL), string_agg(NULL::text, ','), string_agg(DISTINCT x, '') FROM (VALUES ('b'), ('a'), ('c'), ('a')) v(x);
SELECT string_agg(x, '-') FROM (VALUES ('a'), (NULL), ('b')) v(x);
SELECT string_agg(x::bytea, '\x00'::bytea) FROM (VALUES ('a'), ('b')) v(x);
SELECT g, string_agg(x, ';' ORDER BY x) FROM (VALUES (1, 'p'), (2, 'q'), (1, 'o')) v(g, x) GROUP BY g ORDER BY g;
SELECT string_agg(x, ',') FROM (VALUES ('a')) v(x) WHERE false;
SELECT to_hex(0), to_hex(-1), to_hex(2147483647), to_hex(-2147483648), to_hex(9223372036854775807), to_hex(-1::bigint), to_hex(4096::bigint);
SELECT ascii(''), ascii('é'), ascii('abc'), chr(233), chr(8364), chr(128512), ascii(NULL);
SELECT chr(0);
SELECT chr(-1);
SELECT starts_with('abc', ''), starts_with('', 'a'), starts_with('abc', 'abcd'), starts_with(NULL, 'a'), 'abc' ^@ 'ab';
SELECT length('abc  '::char(6)), octet_length('é'), bit_length('ab'), char_length('héllo'), character_length(''), upper('straße'), lower('ÀÉÎ'), 'ab' || 1 || NULL, 1 || 'x';
SELECT replace('abcabc', '', 'x'), replace('aaa', 'aa', 'b'), replace('abc', 'b', NULL), sha256('abc'), strpos('héllo', 'l');
