-- Array subscripts over several dimensions and slices; field selection
-- from whole-row references.
SELECT (ARRAY[1,2,3,4,5])[2:3], (ARRAY[1,2,3,4,5])[:2], (ARRAY[1,2,3,4,5])[4:], (ARRAY[1,2,3,4,5])[:], (ARRAY[1,2,3])[0:10], (ARRAY[1,2,3])[3:2];
SELECT (ARRAY[[1,2,3],[4,5,6]])[2][1], (ARRAY[[1,2,3],[4,5,6]])[1][3], (ARRAY[[1,2,3],[4,5,6]])[3][1], (ARRAY[[1,2,3],[4,5,6]])[1];
SELECT (ARRAY[[1,2,3],[4,5,6]])[1:2][2:3], (ARRAY[[1,2,3],[4,5,6]])[2][2:3], (ARRAY[[1,2,3],[4,5,6]])[2:2], (ARRAY[[1,2,3],[4,5,6]])[:][3:];
SELECT ('[0:2]={a,b,c}'::text[])[0], ('[0:2]={a,b,c}'::text[])[0:1], ('[0:2]={a,b,c}'::text[])[2:];
SELECT (ARRAY['x','y'])[NULL::int], (ARRAY['x','y'])[1:NULL], (NULL::int[])[1:2], ('{}'::int[])[1:2], ('{}'::int[])[1];
CREATE TABLE as_t (id int, tags text[], grid int[]);
INSERT INTO as_t VALUES (1, '{a,b,c,d}', '{{1,2},{3,4}}'), (2, '{e}', NULL), (3, NULL, '{{5,6},{7,8},{9,10}}');
SELECT id, tags[2:3], tags[2:], tags[:1], grid[2:], grid[1][2], grid[2:3][1:1] FROM as_t ORDER BY id;
SELECT id, tags[id:id + 1] FROM as_t ORDER BY id;
SELECT a.id FROM as_t a JOIN as_t b ON a.tags[1:1] = b.tags[1:1] ORDER BY 1;
SELECT (t).id, (t).tags[1] FROM as_t t ORDER BY 1;
SELECT (x).b FROM (SELECT 1 AS a, 'q' AS b) x;
SELECT (x).nope FROM (SELECT 1 AS a) x;
SELECT (ROW(1, 'a')).f1;
SELECT (1)[1];
DROP TABLE as_t;
