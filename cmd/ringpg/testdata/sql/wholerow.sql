-- A FROM item's name used as a value: a row of its columns, named as
-- they are (row_to_json, to_jsonb, json_agg, array_agg, record output).
CREATE TABLE wr_item (id int PRIMARY KEY, name text, price numeric(6,2), tags text[], made date);
INSERT INTO wr_item VALUES (1, 'pen', 1.50, '{a,b}', '2024-01-02'), (2, 'ink "blue"', NULL, '{}', NULL), (3, 'pad', 3, NULL, '2023-12-31');
SELECT row_to_json(i) FROM wr_item i ORDER BY id;
SELECT to_jsonb(wr_item) FROM wr_item ORDER BY id;
SELECT to_json(x) FROM (SELECT id, upper(name) AS up FROM wr_item WHERE id < 3) x ORDER BY x.id;
SELECT json_agg(t ORDER BY t.id) FROM (SELECT id, name FROM wr_item) t;
SELECT jsonb_agg(t) FROM (SELECT id FROM wr_item ORDER BY id DESC) t;
SELECT i FROM wr_item i ORDER BY id;
SELECT array_agg(v ORDER BY v.n) FROM (VALUES (2, 'b'), (1, 'a')) v(n, s);
SELECT row_to_json(r) FROM (SELECT 1 AS a, NULL::text AS b, ARRAY[1,2] AS c, '{"k":1}'::jsonb AS d, true AS e, 1.5::float8 AS f, 'x'::name AS g, 7::oid AS h) r;
SELECT i.id, (SELECT row_to_json(s) FROM (SELECT i.name, i.price) s) FROM wr_item i ORDER BY 1;
SELECT id FROM wr_item wr_item_alias WHERE row_to_json(wr_item_alias)::text LIKE '%pad%';
SELECT json_build_object('item', i, 'n', 1) FROM wr_item i WHERE id = 1;
SELECT to_json(i.*) FROM wr_item i WHERE id = 3;
DROP TABLE wr_item;
