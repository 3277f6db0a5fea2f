-- 42703 and 42P01 errors with the hints PostgreSQL gives: the nearest column
-- name, the alias a table is read under.
CREATE TABLE d2_a (id int PRIMARY KEY, name text, qty int);
CREATE TABLE d2_b (id int, a_id int, nam text);
SELECT nam FROM d2_a;
SELECT naem FROM d2_a a JOIN d2_b b ON a.id = b.a_id;
SELECT a.nam FROM d2_a a JOIN d2_b b ON a.id = b.a_id;
SELECT id FROM d2_a a JOIN d2_b b ON a.id = b.a_id;
SELECT qyt FROM d2_a;
SELECT d2_a.qyt FROM d2_a;
SELECT * FROM d2_a WHERE nme = 'x';
SELECT * FROM d2_a ORDER BY nmae;
SELECT name FROM d2_a GROUP BY nme;
SELECT x FROM d2_a;
SELECT (SELECT nam FROM d2_b WHERE d2_b.id = d2_a.idd) FROM d2_a;
UPDATE d2_a SET qty = qyt + 1;
INSERT INTO d2_a (id, nam) VALUES (1, 'x');
DELETE FROM d2_a WHERE d2_b.id = 1;
SELECT * FROM d2_a a WHERE d2_a.id = 1;
ALTER TABLE d2_a DROP COLUMN nme;
ALTER TABLE d2_a RENAME COLUMN nme TO x;
CREATE INDEX ON d2_a (nme);
ALTER TABLE d2_a ADD CONSTRAINT c CHECK (nme > 0);
DROP TABLE d2_a, d2_b;
