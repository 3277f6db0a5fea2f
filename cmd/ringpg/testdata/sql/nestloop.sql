-- Joins where the inner side is looked up through its index once per
-- outer row: the answers must be those of PostgreSQL whichever join runs.
CREATE TABLE nl_customer (id int PRIMARY KEY, name text NOT NULL, region int);
CREATE TABLE nl_order (id int PRIMARY KEY, customer_id int REFERENCES nl_customer, total numeric, note text);
CREATE INDEX nl_order_customer ON nl_order (customer_id);
INSERT INTO nl_customer SELECT g, 'c' || g, g % 7 FROM generate_series(1, 5000) g;
INSERT INTO nl_order SELECT g, (g * 37) % 5000 + 1, g * 1.5, CASE WHEN g % 3 = 0 THEN NULL ELSE 'n' || g END FROM generate_series(1, 20000) g;
INSERT INTO nl_customer VALUES (5001, 'lonely', NULL);
ANALYZE nl_customer;
ANALYZE nl_order;
-- one outer row by its key, inner rows by an index
SELECT o.id, o.total, c.name FROM nl_order o JOIN nl_customer c ON c.id = o.customer_id WHERE o.id = 42;
SELECT c.name, o.id, o.total FROM nl_customer c JOIN nl_order o ON o.customer_id = c.id WHERE c.id = 38 ORDER BY o.id;
-- the big table written first
SELECT c.name, o.id FROM nl_order o JOIN nl_customer c ON c.id = o.customer_id WHERE c.id = 1234 ORDER BY o.id;
-- outer join: a customer without orders, a condition on the inner side in ON
SELECT c.id, o.id FROM nl_customer c LEFT JOIN nl_order o ON o.customer_id = c.id AND o.total > 100 WHERE c.id IN (5001) ORDER BY 1, 2;
SELECT c.id, o.id, o.note FROM nl_customer c LEFT JOIN nl_order o ON o.customer_id = c.id AND o.note IS NULL WHERE c.id = 38 ORDER BY 1, 2;
-- VALUES and LIMIT as the outer side
SELECT v.x, c.name FROM (VALUES (3), (1), (5001), (99999), (NULL::int)) v(x) JOIN nl_customer c ON c.id = v.x ORDER BY v.x;
SELECT v.x, c.name FROM (VALUES (3), (99999)) v(x) LEFT JOIN nl_customer c ON c.id = v.x ORDER BY v.x;
SELECT s.id, c.region FROM (SELECT id, customer_id FROM nl_order ORDER BY id LIMIT 5) s JOIN nl_customer c ON c.id = s.customer_id ORDER BY s.id;
-- three tables, the join key reaching back to the first
SELECT o.id, c.name, o2.id FROM nl_order o JOIN nl_customer c ON c.id = o.customer_id JOIN nl_order o2 ON o2.customer_id = c.id WHERE o.id = 7 ORDER BY o2.id;
-- an extra join condition besides the key
SELECT o.id, c.name FROM nl_order o JOIN nl_customer c ON c.id = o.customer_id AND c.region = 3 WHERE o.id BETWEEN 1 AND 20 ORDER BY o.id;
SELECT count(*), sum(o.total) FROM nl_customer c JOIN nl_order o ON o.customer_id = c.id WHERE c.id = 17;
-- EXISTS / NOT EXISTS / IN against the indexed side
SELECT c.id FROM nl_customer c WHERE c.id <= 12 AND EXISTS (SELECT 1 FROM nl_order o WHERE o.customer_id = c.id AND o.total > 29000) ORDER BY 1;
SELECT c.id FROM nl_customer c WHERE c.id > 4990 AND NOT EXISTS (SELECT 1 FROM nl_order o WHERE o.customer_id = c.id) ORDER BY 1;
-- inside a prepared statement, parameter as the outer key
PREPARE nl_q(int) AS SELECT c.name, count(o.id) FROM nl_customer c JOIN nl_order o ON o.customer_id = c.id WHERE c.id = $1 GROUP BY c.name;
EXECUTE nl_q(10);
EXECUTE nl_q(11);
EXECUTE nl_q(5001);
DEALLOCATE nl_q;
-- UPDATE ... FROM and DELETE ... USING with a small source
UPDATE nl_order o SET note = 'upd' FROM nl_customer c WHERE c.id = o.customer_id AND c.id = 20;
SELECT id, note FROM nl_order WHERE customer_id = 20 ORDER BY id;
DELETE FROM nl_order o USING (VALUES (20), (21)) v(x) WHERE o.customer_id = v.x;
SELECT count(*) FROM nl_order WHERE customer_id IN (20, 21);
DROP TABLE nl_order;
DROP TABLE nl_customer;
