-- JSON and jsonb operators, editing, construction, aggregation,
-- conversion and ordering, compared with PostgreSQL 15.
SELECT '{"a":{"b":[1,2,{"c":"x"}]}}'::jsonb -> 'a' -> 'b' -> 2 ->> 'c', '[1,2,3]'::jsonb -> -1, '[1,2,3]'::jsonb -> -4, '[1,2,3]'::jsonb ->> 5, '{"a":1}'::jsonb -> 'b', '{"a":null}'::jsonb ->> 'a', '{"a":null}'::jsonb -> 'a', '"s"'::jsonb ->> 'a';
SELECT '{"a":{"b":[1,2,{"c":"x"}]}}'::jsonb #> '{a,b,2,c}', '{"a":{"b":[1,2]}}'::jsonb #>> '{a,b,-1}', '{"a":1}'::jsonb #> '{}', '{"a":1}'::jsonb #>> '{}', '[1,[2]]'::jsonb #> '{1,0}', '{"a":1}'::jsonb #> '{a,b}', '{"a":[1]}'::jsonb #> '{a,x}', '"x"'::jsonb #>> '{}';
SELECT '{"a":{"b":1}}'::json -> 'a', '{"a":{"b":1}}'::json ->> 'a', '[1, 2 ,3]'::json -> 1, '{"a":[1,  2]}'::json #> '{a}', '{"a":"x\u0041"}'::json ->> 'a', '{"a":1,"a":2}'::json -> 'a', '{"a":1,"a":2}'::jsonb -> 'a';
SELECT '{"a":1,"b":{"c":2}}'::jsonb @> '{"b":{}}', '{"a":[1,2,3]}'::jsonb @> '{"a":[3,1]}', '[1,[2,3]]'::jsonb @> '[[3]]', '[1,2]'::jsonb @> '1', '1'::jsonb @> '[1]', '{"a":1}'::jsonb <@ '{"a":1,"b":2}', '[]'::jsonb <@ '[1]', '{"a":[1]}'::jsonb @> '{"a":1}', '["a"]'::jsonb @> '"a"';
SELECT '{"a":1,"b":2}'::jsonb ? 'a', '["a","b"]'::jsonb ? 'b', '["a"]'::jsonb ? 'A', '"a"'::jsonb ? 'a', '[1]'::jsonb ? '1', '{"a":1,"b":2}'::jsonb ?| ARRAY['x','b'], '{"a":1}'::jsonb ?& ARRAY['a','b'], '{"a":1}'::jsonb ?& ARRAY[]::text[], '{"a":1}'::jsonb ?| ARRAY[]::text[], '{"a":{"b":1}}'::jsonb ? 'b';
SELECT '{"a":1}'::jsonb || '{"b":2}', '{"a":1}'::jsonb || '{"a":[2]}', '[1,2]'::jsonb || '[3]', '[1]'::jsonb || '{"a":1}', '{"a":1}'::jsonb || '[1]', '1'::jsonb || '2', '"a"'::jsonb || '[]', '[]'::jsonb || '[]', '{}'::jsonb || '{}';
SELECT '{"a":1,"b":2}'::jsonb - 'a', '["a","b","a"]'::jsonb - 'a', '[1,2,3]'::jsonb - 1, '[1,2,3]'::jsonb - -1, '[1,2,3]'::jsonb - 5, '{"a":1,"b":2,"c":3}'::jsonb - ARRAY['a','c'], '{"a":1}'::jsonb - 'x';
SELECT '{"a":1}'::jsonb - 0;
SELECT '1'::jsonb - 'a';
SELECT '{"a":{"b":[1,2,3]}}'::jsonb #- '{a,b,1}', '{"a":{"b":[1,2,3]}}'::jsonb #- '{a,b,-1}', '{"a":1}'::jsonb #- '{x}', '[1,[2,3]]'::jsonb #- '{1,0}', '{"a":1}'::jsonb #- '{}', '[1,2]'::jsonb #- '{-5}';
SELECT '[1,2]'::jsonb #- '{a}';
SELECT '1'::jsonb #- '{a}';
-- jsonb_set and jsonb_insert.
SELECT jsonb_set('{"a":[1,2,3]}', '{a,1}', '"x"'), jsonb_set('{"a":[1,2,3]}', '{a,-1}', '9'), jsonb_set('{"a":[1,2,3]}', '{a,10}', '9'), jsonb_set('{"a":[1,2,3]}', '{a,-10}', '0'), jsonb_set('{"a":1}', '{b}', '2'), jsonb_set('{"a":1}', '{b}', '2', false), jsonb_set('{"a":1}', '{b,c}', '2'), jsonb_set('[]', '{0}', '1');
SELECT jsonb_set('{"a":{"b":1}}', '{a,b}', 'null'), jsonb_set('{"a":1}', '{a}', '{"x":[1]}'), jsonb_set('{"a":[{"b":1}]}', '{a,0,b}', 'true'), jsonb_set('{"a":1}', '{}', '2'), jsonb_set(NULL, '{a}', '1'), jsonb_set('{"a":1}', '{a}', NULL);
SELECT jsonb_set('{"a":[1]}', '{a,x}', '1');
SELECT jsonb_set('1', '{a}', '2');
SELECT jsonb_set('{"a":1}', '{a,b}', '2');
SELECT jsonb_insert('{"a":[0,1,2]}', '{a,1}', '"new"'), jsonb_insert('{"a":[0,1,2]}', '{a,1}', '"new"', true), jsonb_insert('{"a":[0,1,2]}', '{a,-1}', '"new"'), jsonb_insert('{"a":[0,1,2]}', '{a,-1}', '"new"', true), jsonb_insert('{"a":[0]}', '{a,10}', '1'), jsonb_insert('{"a":[0]}', '{a,-10}', '1'), jsonb_insert('{"a":1}', '{b}', '2'), jsonb_insert('[]', '{0}', '1');
SELECT jsonb_insert('{"a":1}', '{a}', '2');
-- Construction and aggregation.
SELECT jsonb_build_object('a', 1, 'b', NULL, 2, 'x', 'c', ARRAY[1,2]), jsonb_build_object(), json_build_object('a', 1, 'a', 2), jsonb_build_object('a', 1, 'a', 2), jsonb_build_array(1, 'a', NULL, true, 1.50, '{"x":1}'::jsonb), json_build_array(), jsonb_build_array(VARIADIC ARRAY[1,2]);
SELECT jsonb_build_object('a');
SELECT jsonb_build_object(NULL, 1);
SELECT jsonb_build_object(ARRAY[1], 1);
SELECT json_object_agg(k, v), jsonb_object_agg(k, v), json_object_agg(k, v ORDER BY k DESC) FROM (VALUES ('b', 2), ('a', 1), ('b', 3)) t(k, v);
SELECT jsonb_object_agg(k, v) FROM (VALUES (NULL, 1)) t(k, v);
SELECT jsonb_agg(x ORDER BY x DESC), json_agg(x ORDER BY x), jsonb_agg(DISTINCT x), jsonb_agg(x) FILTER (WHERE x > 1), json_agg(NULL::int) FROM (VALUES (1), (3), (2), (3)) t(x);
SELECT jsonb_agg(t ORDER BY a), json_agg(t) FROM (VALUES (1, 'x'), (2, NULL)) t(a, b);
SELECT jsonb_agg(x) FROM (VALUES (1)) t(x) WHERE false;
SELECT jsonb_object('{a,1,b,2}'), jsonb_object('{a,b}', '{1,2}'), json_object('{{a,1},{b,NULL}}'), jsonb_object('{}');
SELECT jsonb_object('{a}');
-- Set-returning functions.
SELECT * FROM jsonb_each('{"a":1,"b":"x","c":null,"d":[1]}') ORDER BY key;
SELECT * FROM jsonb_each_text('{"a":1,"b":"x","c":null,"d":{"e":2}}') ORDER BY key;
SELECT * FROM json_each('{"b":1, "a" : [1, 2]}');
SELECT * FROM jsonb_each('[1]');
SELECT value, ordinality FROM jsonb_array_elements('[{"a":1},2,"x",null]') WITH ORDINALITY;
SELECT * FROM jsonb_array_elements_text('["a",1,null,true,{"b":1}]');
SELECT * FROM jsonb_array_elements('{"a":1}');
SELECT * FROM jsonb_object_keys('{"b":1,"a":2,"aa":3,"c":{"d":1}}');
SELECT * FROM json_object_keys('{"b":1,"a":2,"b":3}');
SELECT jsonb_object_keys('[1]');
-- Inspection and formatting.
SELECT jsonb_typeof('1'), jsonb_typeof('1.5'), jsonb_typeof('"x"'), jsonb_typeof('true'), jsonb_typeof('null'), jsonb_typeof('[]'), jsonb_typeof('{}'), jsonb_typeof(NULL), json_typeof('  [1] '), jsonb_typeof('{"a":null}'::jsonb -> 'a');
SELECT jsonb_strip_nulls('{"a":null,"b":{"c":null,"d":1},"e":[null,{"f":null}]}'), json_strip_nulls('{"a":null, "b":[null]}'), jsonb_strip_nulls('null'), jsonb_strip_nulls('[null]');
SELECT jsonb_pretty('{"a":[1,{"b":null,"c":[]},{}],"d":"x"}');
SELECT jsonb_pretty('[]'), jsonb_pretty('1'), jsonb_pretty('{"a":{}}');
SELECT jsonb_array_length('[]'), json_array_length('[1,[2,3]]');
SELECT jsonb_array_length('{}');
-- Conversion to JSON.
SELECT to_jsonb(1.50), to_jsonb('NaN'::numeric), to_jsonb('Infinity'::float8), to_jsonb(1e20::float8), to_jsonb(0.1::float4), to_jsonb(ARRAY[[1,2],[3,4]]), to_jsonb(ARRAY['a', NULL]), to_jsonb('x'::text), to_jsonb(true), to_jsonb(NULL::int);
SELECT to_jsonb(timestamp '2024-03-05 10:00:00.5'), to_jsonb(timestamptz '2024-03-05 10:00+00'), to_jsonb(date '2024-03-05'), to_jsonb(interval '1 day'), to_jsonb(time '10:00'), to_json(timestamp 'infinity'), to_jsonb(date '-infinity'), to_json('a"b\c'::text), to_json(E'tab\there'::text), to_jsonb('\x01'::bytea);
SELECT to_jsonb(t) FROM (VALUES (1, 'a', NULL::int, ARRAY[1], '{"x":1}'::jsonb, '{"y": 2}'::json)) t(a, b, c, d, e, f);
SELECT to_jsonb(row(1, 'x')), to_json(row(1, row(2, 'y'))), row_to_json(row(1, 'a')), row_to_json(t) FROM (SELECT 1 AS "A b", 'q' AS c) t;
SELECT to_jsonb(ARRAY[row(1, 2)]), to_json('{1,2}'::int[]), array_to_json('{{1},{2}}'::int[]), to_jsonb('[2:3]={1,2}'::int[]), to_jsonb(ARRAY[]::int[]);
-- Comparison and ordering.
SELECT '1'::jsonb = '1.0'::jsonb, '{"a":1,"b":2}'::jsonb = '{"b":2,"a":1}', '[1,2]'::jsonb < '[1,2,3]', '{"a":1}'::jsonb > '[1,2,3]', 'null'::jsonb < 'true', '"a"'::jsonb < '1', 'false'::jsonb < 'true', '[]'::jsonb < '{}';
SELECT j FROM (VALUES ('1'::jsonb), ('"a"'), ('null'), ('true'), ('false'), ('[]'), ('{}'), ('[1]'), ('{"a":1}'), ('{"b":1,"c":2}'), ('{"z":1}'), ('2'), ('"b"'), ('[0,0]'), ('[[1]]')) v(j) ORDER BY j;
SELECT max(j), min(j) FROM (VALUES ('1'::jsonb), ('"x"'), ('[1]')) v(j);
SELECT DISTINCT j FROM (VALUES ('{"a":1}'::jsonb), ('{"a":1.0}'), ('{ "a" : 1 }')) v(j);
-- Casts.
SELECT '1'::jsonb::int, '1.5'::jsonb::numeric, '1.5'::jsonb::float8, 'true'::jsonb::bool, '"x"'::jsonb::text, '{"a":1}'::jsonb::text, '12'::jsonb::bigint, '12'::jsonb::smallint, '1e2'::jsonb::int, '2.5'::jsonb::int, '3.5'::jsonb::int, '-2.5'::jsonb::int;
SELECT '"1"'::jsonb::int;
SELECT 'null'::jsonb::int;
SELECT '1.5'::jsonb::bool;
SELECT '[1]'::jsonb::numeric;
SELECT '{"a":1}'::jsonb::json, '{"a" : 1}'::json::jsonb, '"x"'::json::text, '1e1000'::jsonb::numeric = 1e1000, '99999999999'::jsonb::int;
SELECT '1.000'::jsonb, '-0'::jsonb, '1E+2'::jsonb, '1e-3'::jsonb, '[1.10, 2e0]'::jsonb, '{"a":"\u00e9\n"}'::jsonb, '"\ud83d\ude00"'::jsonb, '{"b":1,"a":2,"aa":3}'::jsonb;
SELECT '{"a":1'::jsonb;
SELECT '[1,]'::jsonb;
SELECT '"\u0000"'::jsonb;
SELECT '{"a":1}'::json::text, '  {"a":1}  '::json, '[1,2'::json;
