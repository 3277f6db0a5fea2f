-- Views depend on the table columns they read (pg_depend rows on the
-- columns, as PostgreSQL records them): DROP COLUMN of one is refused
-- (2BP01) or cascades to the view.
create table vd_t (a int, b int, c text, d int);
create view vd_v as select a, c from vd_t where d > 0;
create view vd_star as select * from vd_t;
alter table vd_t drop column b;
drop view vd_star;
alter table vd_t drop column b;
alter table vd_t drop column d;
alter table vd_t drop column d cascade;
select * from vd_v;
select relname from pg_class where relname like 'vd_%' order by 1;
create view vd_v2 as select a from vd_t;
drop table vd_t;
drop table vd_t cascade;
create table vd_u (x int, y int);
create view vd_w as select x from vd_u u1 join vd_u u2 using (x);
alter table vd_u drop column y;
alter table vd_u drop column x;
select classid::regclass, refobjsubid, deptype from pg_depend where refobjid = 'vd_u'::regclass and classid = 'pg_rewrite'::regclass order by 2;
drop table vd_u cascade;
