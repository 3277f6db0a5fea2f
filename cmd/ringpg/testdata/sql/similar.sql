-- SIMILAR TO, through similar_to_escape as PostgreSQL rewrites it.
SELECT similar_to_escape('a%b_c.d|e(f)*'), similar_to_escape('a#%b', '#'), similar_to_escape('[a-c]{2}\.x+?'), similar_to_escape('50$^', '');
SELECT 'abc' SIMILAR TO 'abc', 'abc' SIMILAR TO 'a', 'abc' SIMILAR TO '%(b|d)%', 'abc' SIMILAR TO '(b|c)%', 'abd' NOT SIMILAR TO 'a_[cd]';
SELECT 'a.c' SIMILAR TO 'a.c', 'abc' SIMILAR TO 'a.c', '50%' SIMILAR TO '50#%' ESCAPE '#', 'x' SIMILAR TO NULL, NULL SIMILAR TO 'x';
SELECT s FROM (VALUES ('apple'), ('banana'), ('cherry'), ('ab12')) v(s) WHERE s SIMILAR TO '(a|b)%[0-9]*' ORDER BY 1;
SELECT 'aaa' SIMILAR TO 'a{2,3}', 'ab' SIMILAR TO 'a+b?', 'x' SIMILAR TO 'x' ESCAPE 'ab';
