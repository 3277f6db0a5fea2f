-- Views keep working when what they read is renamed or moved: their
-- queries follow the relation, column and schema they meant.
create table vr_t(a int, b int);
create view vr_v as select a, b from vr_t where a > 0;
insert into vr_t values (1, 2), (-1, 5);
alter table vr_t rename column a to aa;
select * from vr_v;
select column_name from information_schema.columns where table_name = 'vr_v' order by ordinal_position;
select attname from pg_attribute where attrelid = 'vr_v'::regclass and attnum > 0 order by attnum;
alter table vr_t rename to vr_t2;
select * from vr_v;
insert into vr_t2 values (3, 4);
select a, b from vr_v order by a;

-- A schema the table moves to, then the schema renamed, then back.
create schema vr_s1;
alter table vr_t2 set schema vr_s1;
select * from vr_v order by a;
create schema vr_s0;
alter schema vr_s1 rename to vr_s0;
alter schema vr_nosuch rename to vr_s9;
alter schema vr_s1 rename to pg_vr;
drop schema vr_s0;
alter schema vr_s1 rename to vr_s2;
select * from vr_v order by a;
select nspname from pg_namespace where nspname like 'vr_s%' order by 1;
alter table vr_s2.vr_t2 set schema public;
select * from vr_v order by a;
drop schema vr_s2;

-- Rolled back: the view reads the old names again.
begin;
alter table vr_t2 rename column b to bb;
select * from vr_v order by a;
rollback;
select * from vr_v order by a;
select column_name from information_schema.columns where table_schema = 'public' and table_name = 'vr_t2' order by ordinal_position;
begin;
alter table vr_t2 rename to vr_t3;
select * from vr_v order by a;
rollback;
select * from vr_v order by a;
select count(*) from vr_t2;
begin;
alter table vr_t2 rename column b to bb;
savepoint vr_sp;
alter table vr_t2 rename column bb to b3;
select * from vr_v order by a;
rollback to vr_sp;
select * from vr_v order by a;
alter table vr_t2 rename column bb to b;
commit;
select * from vr_v order by a;

-- A view over the view: it reads the inner view's columns, whose names
-- stay; then the inner view's own column and name change.
create view vr_vv as select a, b from vr_v where b > 2;
alter table vr_t2 rename column aa to aaa;
select * from vr_vv order by a;
alter view vr_v rename column a to a1;
select * from vr_vv order by a;
select * from vr_v order by a1;
alter table vr_v rename column b to b1;
select * from vr_vv order by a;
alter view vr_v rename to vr_v1;
select * from vr_vv order by a;
select column_name from information_schema.columns where table_name = 'vr_vv' order by ordinal_position;
drop view vr_vv;
drop view vr_v1;
drop table vr_t2;

-- Two tables with a column of the renamed name: only the renamed
-- table's references change.
create table vr_j1(a int, b int);
create table vr_j2(a int, c int);
insert into vr_j1 values (1, 10), (2, 20);
insert into vr_j2 values (1, 100), (3, 300);
create view vr_jv as select vr_j1.a, vr_j2.a as a2, b, c from vr_j1 left join vr_j2 on vr_j1.a = vr_j2.a;
alter table vr_j1 rename column a to x;
select * from vr_jv order by a;
alter table vr_j2 rename column a to y;
select * from vr_jv order by a;
-- The new name is also another table's column: the reference is
-- qualified so that it stays unambiguous.
create table vr_k1(p int);
create table vr_k2(q int);
insert into vr_k1 values (7);
insert into vr_k2 values (7), (8);
create view vr_kv as select p, q from vr_k1, vr_k2 where p = q;
alter table vr_k1 rename column p to q;
select * from vr_kv;
select * from vr_kv where q = 7;
drop view vr_jv;
drop view vr_kv;
drop table vr_j1, vr_j2, vr_k1, vr_k2;

-- A sub-select whose alias is the table's name, and a CTE of the same
-- name: neither is the table.
create table vr_a(a int);
create table vr_b(a int);
insert into vr_a values (1), (2);
insert into vr_b values (10);
create view vr_sv as select vr_a.a, (select max(a) from vr_a) as m from (select a from vr_b) vr_a;
alter table vr_a rename column a to aa;
select * from vr_sv;
alter table vr_a rename to vr_a2;
select * from vr_sv;
create view vr_cv as with vr_b as (select 5 as a) select vr_b.a, (select min(a) from public.vr_b) as m from vr_b;
alter table vr_b rename column a to bb;
select * from vr_cv;
select * from vr_sv;
alter table vr_b rename to vr_b2;
select * from vr_cv;
select * from vr_sv;
-- The new name is a CTE's name where the table is read.
create table vr_c(a int);
insert into vr_c values (42);
create view vr_cc as with vr_c2 as (select 1 as a) select vr_c.a, (select a from vr_c2) as one from vr_c;
alter table vr_c rename to vr_c2;
select * from vr_cc;
drop view vr_sv;
drop view vr_cv;
drop view vr_cc;
drop table vr_a2, vr_b2, vr_c2;

-- Columns an alias list renames, a * in a sub-select, grouping and
-- ordering by the renamed column, a schema-qualified column reference.
create table vr_m(a int, b text);
insert into vr_m values (1, 'x'), (2, 'y'), (2, 'z');
create view vr_al as select x.p, x.q from vr_m x(p, q);
create view vr_st as select s.a, s.b from (select * from vr_m) s where s.a > 1;
create view vr_gr as select a, count(*) as n from vr_m group by a order by a;
create view vr_q as select public.vr_m.a, vr_m.b from public.vr_m where vr_m.a < 2;
create view vr_wr as select m.a, row_to_json(m) as j from vr_m m where m.a = 1;
alter table vr_m rename column a to aa;
select * from vr_al order by p, q;
select * from vr_st order by a, b;
select * from vr_gr;
select * from vr_q;
select * from vr_wr;
alter table vr_m rename to vr_m2;
select * from vr_al order by p, q;
select * from vr_st order by a, b;
select * from vr_gr;
select * from vr_q;
select a from vr_wr;
create schema vr_s3;
alter table vr_m2 set schema vr_s3;
select * from vr_q;
select * from vr_gr;
alter schema vr_s3 rename to vr_s4;
select * from vr_q;
select * from vr_st order by a, b;
select attname from pg_attribute where attrelid = 'vr_st'::regclass and attnum > 0 order by attnum;
drop schema vr_s4 cascade;

-- USING and NATURAL joins match columns by name: the renamed table's
-- columns keep their old names through an alias list.
create table vr_u1(a int, b int);
create table vr_u2(a int, c int);
insert into vr_u1 values (1, 2), (3, 4);
insert into vr_u2 values (1, 5);
create view vr_uv1 as select * from vr_u1 join vr_u2 using (a);
create view vr_uv2 as select a, b, c from vr_u1 natural join vr_u2;
create view vr_uv3 as select vr_u1.b, vr_u2.c from vr_u1 join vr_u2 using (a);
alter table vr_u1 rename column a to x;
select * from vr_uv1;
select * from vr_uv2;
select * from vr_uv3;
alter table vr_u1 rename column b to a;
select * from vr_uv2;
alter table vr_u2 rename column c to a2;
select * from vr_uv1;
select * from vr_uv3;
drop view vr_uv1, vr_uv2, vr_uv3;
drop table vr_u1, vr_u2;

-- A sequence a view reads, renamed and moved.
create sequence vr_seq;
create view vr_seqv as select last_value, is_called from vr_seq;
alter sequence vr_seq rename to vr_seq2;
select * from vr_seqv;
create schema vr_s5;
alter sequence vr_seq2 set schema vr_s5;
select * from vr_seqv;
drop schema vr_s5 cascade;

-- Views written through keep mapping their columns to the table's.
create table vr_ut(a int, b int);
create view vr_uv as select a, b from vr_ut where a > 0;
create view vr_us as select * from vr_ut;
alter table vr_ut rename column a to aa;
insert into vr_uv values (5, 6);
insert into vr_us values (7, 8);
update vr_uv set a = 9 where a = 5;
update vr_us set a = 10 where a = 7;
select * from vr_ut order by 1;
delete from vr_uv where a = 9;
alter table vr_ut rename to vr_ut2;
insert into vr_uv (a, b) values (11, 12);
select * from vr_uv order by 1;
select * from vr_us order by 1;
drop view vr_uv, vr_us;
drop table vr_ut2;

-- Errors leave the views as they were.
create table vr_e(a int, b int);
create view vr_ev as select a from vr_e;
alter table vr_e rename column a to b;
alter table vr_e rename column zz to y;
select * from vr_ev;
drop view vr_ev;
drop table vr_e;
