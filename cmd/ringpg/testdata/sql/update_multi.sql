-- UPDATE ... SET (a, b) = (SELECT ...) and = ROW(...).
CREATE TABLE um_t (id int PRIMARY KEY, a int, b text, c numeric(6,2));
CREATE TABLE um_src (id int, x int, y text);
INSERT INTO um_t VALUES (1, 1, 'one', 1.5), (2, 2, 'two', 2.5), (3, 3, 'three', 3.5);
INSERT INTO um_src VALUES (1, 10, 'ten'), (2, 20, 'twenty');
UPDATE um_t SET (a, b) = (SELECT x, y FROM um_src WHERE um_src.id = um_t.id) RETURNING *;
UPDATE um_t SET (c, a) = (SELECT 9.99, 99) WHERE id = 2 RETURNING *;
UPDATE um_t SET (a, b) = (1, 'x'), c = 0 WHERE id = 3 RETURNING *;
UPDATE um_t SET (a, b) = (SELECT x FROM um_src);
UPDATE um_t SET (a) = (SELECT x FROM um_src);
UPDATE um_t SET (a, b) = (SELECT x, y FROM um_src) WHERE id = 1;
SELECT * FROM um_t ORDER BY id;
DROP TABLE um_t, um_src;
