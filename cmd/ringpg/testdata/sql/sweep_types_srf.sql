-- Set-returning functions with output columns in the select list, ROWS
-- FROM and unnest of several arrays.
SELECT jsonb_array_elements('[1,"a",null,{"b":2}]'), jsonb_array_elements_text('[1,"a",null]');
SELECT json_array_elements('[1, "a" ,null]'), json_array_elements_text('[1,"a",null]');
SELECT generate_series(1, 2), jsonb_array_elements('[1,2]');
SELECT jsonb_each('{"a":1}'), json_each('{"x":"y"}'), json_each_text('{"x":"y"}');
SELECT (jsonb_each('{"a":1,"b":[2]}')).key, (jsonb_each('{"a":1,"b":[2]}')).value;
SELECT (jsonb_each('{"a":1}')).nosuch;
SELECT to_jsonb(jsonb_each('{"a":1}')), jsonb_each('{"a":1}')::text;
SELECT k, jsonb_object_keys(j) FROM (VALUES ('r1', '{"a":1,"b":2}'::jsonb)) t(k, j) ORDER BY 2 DESC;
SELECT jsonb_array_elements(j) -> 'id' FROM (VALUES ('[{"id":1},{"id":2}]'::jsonb)) t(j);
SELECT pg_typeof(jsonb_array_elements_text('["x"]')), pg_typeof(jsonb_each('{"a":1}'));
SELECT * FROM unnest(ARRAY[1, 2, 3], ARRAY['a', 'b']) AS t(x, y);
SELECT * FROM unnest(ARRAY[1, 2], ARRAY['a', 'b', 'c']);
SELECT * FROM unnest(ARRAY[1, 2], ARRAY['a']) WITH ORDINALITY AS t(a);
SELECT * FROM ROWS FROM (generate_series(1, 2), unnest(ARRAY['a'])) WITH ORDINALITY;
SELECT * FROM ROWS FROM (jsonb_each('{"a":1}'), generate_series(1, 2));
SELECT * FROM ROWS FROM (generate_series(1, 3)) AS g(n);
SELECT t.id, u.* FROM (VALUES (1, ARRAY[10, 20]), (2, ARRAY[30])) t(id, a), unnest(t.a, ARRAY['x', 'y']) u ORDER BY 1, 2;
SELECT * FROM unnest(NULL::int[], ARRAY[1]);
SELECT * FROM unnest(ARRAY[1], ARRAY[2]) u WHERE u.unnest = 1;
SELECT * FROM (SELECT 1 AS a, 2 AS a) s WHERE s.a = 1;
