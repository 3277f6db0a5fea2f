-- LATERAL sub-selects and functions in FROM that read earlier FROM items.
create table lat_dept (id int primary key, name text, n int, tags text[], info jsonb);
create table lat_emp (id int primary key, dept int, name text, salary int);
insert into lat_dept values
  (1, 'eng', 3, '{a,b,c}', '[1, 2, 3]'),
  (2, 'ops', 1, '{x}', '[]'),
  (3, 'hr', 0, '{}', '[{"k": "v"}, null]'),
  (4, 'empty', 2, null, null);
insert into lat_emp values
  (1, 1, 'ann', 120), (2, 1, 'bob', 100), (3, 1, 'cid', 110), (4, 1, 'dee', 90),
  (5, 2, 'eve', 80), (6, 2, 'fay', 85), (7, 3, 'gus', 70);
-- comma-separated LATERAL sub-select
select d.name, e.name, e.salary from lat_dept d, lateral (select * from lat_emp e where e.dept = d.id) e order by 1, 2;
-- CROSS JOIN LATERAL
select d.name, s.total from lat_dept d cross join lateral (select sum(salary) as total from lat_emp where dept = d.id) s order by 1;
-- JOIN LATERAL ... ON
select d.name, s.name from lat_dept d join lateral (select name, salary from lat_emp where dept = d.id) s on s.salary > 95 order by 1, 2;
-- top-N per group
select d.name, top.name, top.salary
  from lat_dept d, lateral (select name, salary from lat_emp where dept = d.id order by salary desc limit 2) top
  order by d.name, top.salary desc;
-- LEFT JOIN LATERAL: departments without employees keep a NULL-extended row
select d.name, top.name from lat_dept d left join lateral (select name from lat_emp where dept = d.id order by salary desc limit 1) top on true order by 1;
select d.name, s.name, s.salary from lat_dept d left join lateral (select name, salary from lat_emp where dept = d.id) s on s.salary > 100 order by 1, 2;
-- lateral with aggregates (always one row, also for no input)
select d.name, s.cnt, s.avg_sal from lat_dept d, lateral (select count(*) as cnt, avg(salary)::int as avg_sal from lat_emp where dept = d.id) s order by 1;
select d.name, s.dept, s.c from lat_dept d, lateral (select dept, count(*) as c from lat_emp where dept <= d.id group by dept) s order by 1, 2;
-- references to several earlier items, and to an earlier lateral item
select d.name, e.name, p.peer from lat_dept d, lat_emp e, lateral (select count(*) as peer from lat_emp x where x.dept = d.id and x.salary < e.salary) p where e.dept = d.id order by 1, 2;
select d.name, a.name, b.name from lat_dept d, lateral (select name, salary from lat_emp where dept = d.id order by salary desc limit 1) a, lateral (select name from lat_emp where dept = d.id and salary < a.salary order by salary desc limit 1) b order by 1;
-- nested lateral
select d.name, s.name, s.rank from lat_dept d, lateral (select e.name, r.rank from lat_emp e, lateral (select count(*) + 1 as rank from lat_emp e2 where e2.dept = e.dept and e2.salary > e.salary) r where e.dept = d.id) s where s.rank <= 2 order by 1, 3;
-- lateral sub-select inside a correlated sub-query
select d.name, (select max(s.x) from lat_emp e, lateral (select e.salary + d.n as x) s where e.dept = d.id) from lat_dept d order by 1;
-- WHERE conditions on both sides, and LIMIT from the outer row
select d.name, s.name from lat_dept d, lateral (select name from lat_emp where dept = d.id order by name limit d.n) s where d.id < 3 and s.name <> 'bob' order by 1, 2;
-- a lateral item that references nothing
select d.id, s.x from lat_dept d, lateral (select 42 as x) s where d.id <= 2 order by 1;
-- lateral items that only compute expressions of the outer row
select d.name, c.double_n, c2.quad from lat_dept d cross join lateral (select d.n * 2 as double_n) c cross join lateral (select c.double_n * 2 as quad) c2 order by 1;
select d.name, c.* from lat_dept d, lateral (select d.n between 1 and 2 as mid, coalesce(d.tags[1], '-') as first_tag, d.id in (1, 3) as odd, case when d.n > 1 then 'many' else 'few' end as how) c order by 1;
select d.name, c.x from lat_dept d, lateral (select d.n + 1 as x where d.n > 0) c order by 1;
select d.name, c.x from lat_dept d left join lateral (select d.n + 1 as x where d.n > 0) c on true order by 1;
select d.name, c.x from lat_dept d left join lateral (select d.n * 3 as x) c on c.x > 3 order by 1;
select d.name, c.x from lat_dept d join lateral (select d.n * 3 as x) c on c.x > 3 where c.x < 9 order by 1;
select d.name, (select max(c.y) from lat_emp e cross join lateral (select e.salary + d.n as y) c where e.dept = d.id) from lat_dept d order by 1;
-- a join after a lateral item
select d.name, e.name, x.name from lat_dept d, lateral (select * from lat_emp where dept = d.id order by salary limit 1) e join lat_emp x on x.id = e.id + 1 order by 1;
-- a join inside the lateral item, its inner side reading the outer row
select d.name, s.a, s.b from lat_dept d, lateral (select e1.name as a, e2.name as b from lat_emp e1 join lat_emp e2 on e2.dept = e1.dept and e2.salary < e1.salary where e1.dept = d.id and e2.salary > d.n * 30) s order by 1, 2, 3;
-- set operations, DISTINCT, window functions and VALUES in a lateral item
select d.name, s.v from lat_dept d, lateral (select d.n as v union all select d.n * 10 union select -1) s where d.id <= 2 order by 1, 2;
select d.name, s.dept from lat_dept d, lateral (select distinct dept from lat_emp where dept < d.id) s order by 1, 2;
select d.name, s.name, s.rn from lat_dept d, lateral (select name, row_number() over (order by salary desc) as rn from lat_emp where dept = d.id) s where s.rn <= 2 order by 1, 3;
select d.name, v.x from lat_dept d, lateral (values (d.id), (d.n)) v(x) where d.id <= 2 order by 1, 2;
-- alias.* of an earlier item, and a lateral item inside a parenthesized join
select * from lat_dept d, lateral (select d.*) s where d.id = 1;
select d.name, e.name, s.raise from lat_dept d join (lat_emp e cross join lateral (select e.salary / 10 as raise) s) on e.dept = d.id order by 2;
-- lateral items inside sub-queries, correlated to the enclosing query
select d.name from lat_dept d where exists (select 1 from lat_emp e, lateral (select e.salary where e.salary > d.n * 35) s where e.dept = d.id) order by 1;
select d.name, (select count(*) from lat_emp e, generate_series(1, d.n) g where e.dept = d.id) from lat_dept d order by 1;
select d.name, (select sum(g) from generate_series(1, d.n) g) from lat_dept d order by 1;
select d.name, (select s.v from (select d.n + 1 as v) s) from lat_dept d order by 1;
select d.name, (select max(v) from (select d.n as v union all select d.id) s) from lat_dept d order by 1;
select d.name, (select count(*) from lat_emp e join (generate_series(1, d.n) g cross join lat_dept d2) on d2.id = e.dept) from lat_dept d order by 1;
select d.name, (select count(*) from lat_emp e, lat_emp e2 where e2.salary < d.n * 40) from lat_dept d order by 1;
-- prepared, so that the plan is reused with other parameters
prepare lat_p(int) as select d.name, s.name from lat_dept d, lateral (select name from lat_emp where dept = d.id and salary > $1 order by salary limit 1) s order by 1;
execute lat_p(80);
execute lat_p(100);
deallocate lat_p;
-- outer joins after a lateral item
select d.name, s.name, e.name from lat_dept d cross join lateral (select id, name from lat_emp where dept = d.id order by salary desc limit 1) s right join lat_emp e on e.id = s.id where e.dept < 3 order by 3;
select d.name, s.g, x.x from lat_dept d cross join lateral generate_series(1, d.n) s(g) full join (values (1), (5)) x(x) on x.x = s.g where d.name is null or d.name <> 'eng' order by 1, 2, 3;
-- set-returning functions in FROM are implicitly lateral
select d.name, g from lat_dept d, generate_series(1, d.n) g order by 1, 2;
select d.name, g from lat_dept d cross join lateral generate_series(1, d.n) as g order by 1, 2;
select d.name, g from lat_dept d left join generate_series(1, d.n) g on true order by 1, 2;
select d.name, e.value from lat_dept d, jsonb_array_elements(d.info) e order by 1, 2;
select d.name, u.v, u.n from lat_dept d cross join lateral unnest(d.tags) with ordinality u(v, n) order by 1, 3;
select d.name, u.v, u.n from lat_dept d left join lateral unnest(d.tags) with ordinality as u(v, n) on true order by 1, 3;
select d.name, count(g) from lat_dept d, generate_series(1, d.n) g group by d.name order by 1;
select g, s.c from generate_series(1, 3) g, lateral (select count(*) as c from lat_emp where dept = g) s order by 1;
-- UPDATE and DELETE with lateral FROM items
begin;
update lat_emp e set salary = e.salary + s.bonus from lat_dept d, lateral (select d.n * 10 as bonus) s where e.dept = d.id and e.id in (1, 5);
select name, salary from lat_emp order by id;
delete from lat_emp e using lat_dept d, lateral (select max(salary) as m from lat_emp where dept = d.id) s where e.dept = d.id and e.salary = s.m;
select name, salary from lat_emp order by id;
rollback;
-- errors: a sub-select without LATERAL cannot see its siblings
select * from lat_dept d, (select * from lat_emp where dept = d.id) s;
select * from lat_dept d, (select * from lat_emp where dept = id + n) s;
select * from lat_dept, (select lat_dept.id) s;
select * from lat_dept d join (select d.id) s on true;
select * from (select d.id) s, lat_dept d;
select * from lat_dept x, (select lat_dept.id) s;
-- errors: an aggregate of the outer row belongs to the FROM clause
select * from lat_dept d, lateral (select sum(d.n)) s;
select * from lat_dept d, generate_series(1, sum(d.n)) g;
select * from lat_dept d join lat_emp e on (select max(d.n)) > e.id;
select * from lat_dept d join lat_emp e on sum(e.id) > 0;
select * from lat_dept d where d.n = (select max(d.id) from lat_emp);
-- errors: RIGHT and FULL joins may not reference their left side
select * from lat_dept d right join lateral (select * from lat_emp where dept = d.id) s on true;
select * from lat_dept d full join lateral (select d.id) s on true;
select * from lat_dept d right join generate_series(1, d.n) g on true;
select * from lat_dept d full join lateral (select n) s on true;
select * from lat_dept d join lat_emp e on true right join lateral (select e.id) s on true;
select * from lat_dept d right join lateral (select d.*) s on true;
-- errors: UPDATE and DELETE FROM items may not reference the target
update lat_emp set salary = 0 from lateral (select lat_emp.id) s;
delete from lat_emp using generate_series(1, lat_emp.id) g;
drop table lat_emp, lat_dept;
