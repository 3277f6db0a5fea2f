-- Field selection from record values whose fields are known while the
-- statement is planned, and information_schema._pg_expandarray, as
-- pgJDBC's primary-key and index metadata queries use them.
SELECT information_schema._pg_expandarray(ARRAY[10, 20]);
SELECT * FROM information_schema._pg_expandarray(ARRAY['a', 'b']);
SELECT (information_schema._pg_expandarray(ARRAY[1.5, 2.5])).x;
SELECT (information_schema._pg_expandarray(ARRAY[1.5, 2.5])).n;
SELECT pg_typeof(x), pg_typeof(n) FROM information_schema._pg_expandarray(ARRAY[1.5]);
SELECT * FROM information_schema._pg_expandarray('{}'::int[]);
SELECT r.kv, (r.kv).key, (r.kv).value FROM (SELECT jsonb_each('{"a":1,"b":2}') AS kv) r WHERE (r.kv).value = '2';
SELECT (r.kv).nope FROM (SELECT jsonb_each('{"a":1}') AS kv) r;
SELECT (s.kv).key FROM (SELECT r.kv FROM (SELECT jsonb_each_text('{"p":"q"}') AS kv) r) s;
SELECT (s.t).x, (s.t).y FROM (SELECT t FROM (VALUES (1, 'one'), (2, 'two')) t(x, y)) s ORDER BY 1;
CREATE TABLE rf_parent (id int PRIMARY KEY, b int, UNIQUE (b, id));
SELECT result.column_name, result.key_seq, result.pk_name
  FROM (SELECT a.attname AS column_name, (information_schema._pg_expandarray(i.indkey)).n AS key_seq,
               ci.relname AS pk_name, information_schema._pg_expandarray(i.indkey) AS keys, a.attnum AS a_attnum
          FROM pg_catalog.pg_class ct
          JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)
          JOIN pg_catalog.pg_index i ON (a.attrelid = i.indrelid)
          JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid)
         WHERE ct.relname = 'rf_parent') result
 WHERE result.a_attnum = (result.keys).x
 ORDER BY result.pk_name, result.key_seq;
DROP TABLE rf_parent;
