-- information_schema as ORMs and tools read it: tables, columns,
-- constraints, sequences and privileges of a few objects in two schemas.
create schema isch;
create schema isch_other;
create role isch_reader;
create role isch_staff;
grant isch_staff to isch_reader with admin option;
create table isch.author (
    id serial primary key,
    name varchar(40) not null,
    email varchar(100) unique,
    born date,
    rating numeric(4,1) default 0,
    created timestamptz not null default now(),
    tags text[],
    code char(3),
    note text
);
create table isch.book (
    id integer generated always as identity primary key,
    author_id integer not null references isch.author(id) on delete cascade on update restrict,
    title varchar(200) not null,
    pages smallint check (pages > 0),
    price numeric(8,2),
    weight double precision,
    isbn bigint,
    published timestamp(3),
    reading time,
    duration interval,
    flag boolean default true,
    unique (author_id, title)
);
create table isch.review (
    book_id integer,
    author_id integer,
    title varchar(200),
    stars int2 constraint stars_range check (stars between 1 and 5),
    foreign key (author_id, title) references isch.book(author_id, title) on delete set null
);
create view isch.book_titles as select b.id, b.title from isch.book b;
create sequence isch.counter increment by 5 start with 100 maxvalue 1000 cycle;
create sequence isch.small_seq as smallint;
create table isch_other.thing (id bigserial primary key, label varchar);
grant select, insert on isch.book to isch_reader;
set search_path = isch, isch_other, public;
grant select on isch.author to isch_reader with grant option;
select catalog_name = current_database(), schema_name, schema_owner, default_character_set_name, sql_path from information_schema.schemata where schema_name like 'isch%' order by schema_name;
select schema_name from information_schema.schemata where schema_name in ('public', 'pg_catalog', 'information_schema') order by 1;
select table_name, table_type from information_schema.tables where table_schema = 'isch' order by 1;
select table_schema, table_name, table_type, self_referencing_column_name, reference_generation, user_defined_type_name, is_typed, commit_action from information_schema.tables where table_schema like 'isch%' order by 1, 2;
select table_name, is_insertable_into from information_schema.tables where table_schema = 'isch' and table_type = 'BASE TABLE' order by 1;
select table_schema, table_name from information_schema.tables where table_name in ('pg_class', 'pg_roles', 'tables', 'columns') order by 1, 2;
select column_name, data_type, is_nullable, column_default, character_maximum_length, numeric_precision, numeric_scale, ordinal_position, udt_name, is_identity from information_schema.columns where table_schema = 'isch' and table_name = 'author' order by ordinal_position;
select column_name, data_type, is_nullable, column_default, character_maximum_length, numeric_precision, numeric_scale, ordinal_position, udt_name, is_identity from information_schema.columns where table_schema = 'isch' and table_name = 'book' order by ordinal_position;
select column_name, character_octet_length, numeric_precision_radix, datetime_precision, interval_type, interval_precision, collation_name, domain_name, udt_catalog = current_database(), udt_schema, dtd_identifier, is_self_referencing from information_schema.columns where table_schema = 'isch' and table_name in ('author', 'book') order by table_name, ordinal_position;
select column_name, is_identity, identity_generation, identity_start, identity_increment, identity_maximum, identity_minimum, identity_cycle, is_generated, generation_expression, is_updatable from information_schema.columns where table_schema = 'isch' and table_name = 'book' order by ordinal_position;
select table_name, column_name, data_type, udt_name from information_schema.columns where table_schema = 'isch' and table_name = 'book_titles' order by ordinal_position;
select table_name, column_name, data_type, column_default from information_schema.columns where table_schema = 'isch_other' order by ordinal_position;
select column_name from information_schema.columns where table_schema = 'pg_catalog' and table_name = 'pg_namespace' order by ordinal_position;
select constraint_name, table_name, constraint_type, is_deferrable, initially_deferred, enforced, nulls_distinct from information_schema.table_constraints where table_schema = 'isch' and constraint_type <> 'CHECK' order by table_name, constraint_name;
select table_name, constraint_type, count(*) from information_schema.table_constraints where table_schema = 'isch' group by 1, 2 order by 1, 2;
select constraint_name, table_name, column_name, ordinal_position, position_in_unique_constraint from information_schema.key_column_usage where table_schema = 'isch' order by table_name, constraint_name, ordinal_position;
select constraint_name, unique_constraint_schema, unique_constraint_name, match_option, update_rule, delete_rule from information_schema.referential_constraints where constraint_schema = 'isch' order by constraint_name;
select table_name, column_name, constraint_name from information_schema.constraint_column_usage where table_schema = 'isch' order by constraint_name, column_name;
select constraint_name, check_clause from information_schema.check_constraints where constraint_schema = 'isch' and constraint_name not like '%not_null' order by 1;
select check_clause from information_schema.check_constraints where constraint_schema = 'isch' and constraint_name like '%not_null' order by 1;
-- Django's constraint introspection.
select kcu.column_name, ccu.table_name as referenced_table, ccu.column_name as referenced_column from information_schema.constraint_column_usage ccu left join information_schema.key_column_usage kcu on ccu.constraint_catalog = kcu.constraint_catalog and ccu.constraint_schema = kcu.constraint_schema and ccu.constraint_name = kcu.constraint_name left join information_schema.table_constraints tc on ccu.constraint_catalog = tc.constraint_catalog and ccu.constraint_schema = tc.constraint_schema and ccu.constraint_name = tc.constraint_name where kcu.table_schema = 'isch' and kcu.table_name = 'book' and tc.constraint_type = 'FOREIGN KEY' order by 1;
-- Rails-style foreign keys of a table.
select tc.table_name, kcu.column_name, rc.update_rule, rc.delete_rule, kcu2.table_name as to_table, kcu2.column_name as primary_key from information_schema.table_constraints tc join information_schema.key_column_usage kcu on tc.constraint_name = kcu.constraint_name and tc.constraint_schema = kcu.constraint_schema join information_schema.referential_constraints rc on rc.constraint_name = tc.constraint_name and rc.constraint_schema = tc.constraint_schema join information_schema.key_column_usage kcu2 on kcu2.constraint_name = rc.unique_constraint_name and kcu2.constraint_schema = rc.unique_constraint_schema and kcu2.ordinal_position = kcu.position_in_unique_constraint where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'isch' order by 1, 2;
select table_name, view_definition, check_option, is_trigger_updatable, is_trigger_deletable, is_trigger_insertable_into from information_schema.views where table_schema = 'isch';
select sequence_schema, sequence_name, data_type, numeric_precision, numeric_precision_radix, numeric_scale, start_value, minimum_value, maximum_value, increment, cycle_option from information_schema.sequences where sequence_schema like 'isch%' order by 2;
select grantor, grantee, table_schema, table_name, privilege_type, is_grantable, with_hierarchy from information_schema.table_privileges where table_schema = 'isch' order by table_name, grantee, privilege_type;
select grantee, table_name, privilege_type, is_grantable from information_schema.role_table_grants where table_schema = 'isch' and grantee = 'isch_reader' order by 2, 3;
select character_set_catalog, character_set_schema, character_set_name, character_repertoire, form_of_use, default_collate_catalog = current_database() from information_schema.character_sets;
select * from information_schema.triggers;
select catalog_name = current_database() from information_schema.information_schema_catalog_name;
select table_name, constraint_name from information_schema.constraint_table_usage where table_schema = 'isch' order by 1, 2;
select grantor, grantee, table_name, column_name, privilege_type, is_grantable from information_schema.column_privileges where table_schema = 'isch' and grantee = 'isch_reader' order by table_name, column_name, privilege_type;
select grantee, role_name, is_grantable from information_schema.applicable_roles where grantee like 'isch%' order by 1, 2;
select grantee, role_name from information_schema.administrable_role_authorizations where grantee like 'isch%' order by 1, 2;
select role_name from information_schema.enabled_roles where role_name in ('postgres', 'isch_reader', 'pg_monitor') order by 1;
select routine_name, routine_type, data_type, type_udt_name, routine_body, external_language, is_deterministic, is_null_call, security_type from information_schema.routines where routine_schema = 'pg_catalog' and routine_name in ('now', 'int4pl', 'int8mul', 'textcat') order by 1;
-- Sequelize's and TypeORM's column queries, and other ORM shapes.
SELECT pk.constraint_type as "Constraint", c.column_name as "Field", c.column_default as "Default", c.is_nullable as "Null", (CASE WHEN c.udt_name = 'hstore' THEN c.udt_name ELSE c.data_type END) || (CASE WHEN c.character_maximum_length IS NOT NULL THEN '(' || c.character_maximum_length || ')' ELSE '' END) as "Type", (SELECT array_agg(e.enumlabel) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_enum e ON t.oid=e.enumtypid WHERE t.typname=c.udt_name) AS "special" FROM information_schema.columns c LEFT JOIN (SELECT tc.table_schema, tc.table_name, cu.column_name, tc.constraint_type FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.KEY_COLUMN_USAGE cu ON tc.table_schema=cu.table_schema and tc.table_name=cu.table_name and tc.constraint_name=cu.constraint_name and tc.constraint_type='PRIMARY KEY') pk ON pk.table_schema=c.table_schema AND pk.table_name=c.table_name AND pk.column_name=c.column_name WHERE c.table_name = 'book' AND c.table_schema = 'isch' order by c.ordinal_position;
SELECT columns.column_name, pg_catalog.col_description(('"' || table_schema || '"."' || table_name || '"')::regclass::oid, ordinal_position) AS description, ('"' || "udt_schema" || '"."' || "udt_name" || '"')::"regtype" AS "regtype", pg_catalog.format_type("col_attr"."atttypid", "col_attr"."atttypmod") AS "format_type" FROM "information_schema"."columns" LEFT JOIN "pg_catalog"."pg_attribute" AS "col_attr" ON "col_attr"."attname" = "columns"."column_name" AND "col_attr"."attrelid" = ( SELECT "cls"."oid" FROM "pg_catalog"."pg_class" AS "cls" LEFT JOIN "pg_catalog"."pg_namespace" AS "ns" ON "ns"."oid" = "cls"."relnamespace" WHERE "cls"."relname" = "columns"."table_name" AND "ns"."nspname" = "columns"."table_schema" ) WHERE ("table_schema" = 'isch' AND "table_name" = 'book') order by ordinal_position;
SELECT "table_schema", "table_name" FROM "information_schema"."tables" WHERE "table_schema" = 'isch' AND "table_type" = 'BASE TABLE' order by 2;
SELECT t.table_name FROM information_schema.tables t WHERE t.table_schema = current_schema() AND t.table_type IN ('BASE TABLE', 'VIEW') order by 1;
select tc.constraint_name, kcu.column_name, ccu.table_name as foreign_table_name, ccu.column_name as foreign_column_name from information_schema.table_constraints as tc join information_schema.key_column_usage as kcu on tc.constraint_name = kcu.constraint_name and tc.table_schema = kcu.table_schema join information_schema.constraint_column_usage as ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema where tc.constraint_type = 'FOREIGN KEY' and tc.table_name='review' order by 1, 2, 4;
select exists (select 1 from information_schema.tables where table_schema = 'isch' and table_name = 'book');
select sequence_name, start_value::bigint + 1 from information_schema.sequences where sequence_schema = 'isch' order by 1;
select '"isch"."book"'::regclass::oid = 'isch.book'::regclass::oid, 'ISCH.Book'::regclass::oid = 'isch.book'::regclass::oid, 'postgres.isch.book'::regclass::oid = 'isch.book'::regclass::oid;
select 'nodb.isch.book'::regclass;
select 'a.b.c.d'::regclass;
select 'a b'::regclass;
select '"Isch".book'::regclass;
create temp table isch_tmp (a int);
select table_schema like 'pg_temp_%', table_name, table_type from information_schema.tables where table_name = 'isch_tmp';
select pg_my_temp_schema() <> 0, pg_is_other_temp_schema(pg_my_temp_schema());
drop table isch_tmp;
-- What a role without privileges sees.
set role isch_reader;
select table_name from information_schema.tables where table_schema = 'isch' order by 1;
select table_name, column_name from information_schema.columns where table_schema = 'isch' order by 1, ordinal_position;
select constraint_name, table_name from information_schema.table_constraints where table_schema = 'isch' and constraint_type <> 'CHECK' order by 1;
select constraint_name, column_name from information_schema.key_column_usage where table_schema = 'isch' order by 1, 2;
select constraint_name from information_schema.constraint_column_usage where table_schema = 'isch' order by 1;
select count(*) from information_schema.check_constraints where constraint_schema = 'isch';
select sequence_name from information_schema.sequences where sequence_schema = 'isch';
select grantor, grantee, table_name, privilege_type, is_grantable from information_schema.table_privileges where table_schema = 'isch' order by table_name, grantee, privilege_type;
select grantee, table_name, privilege_type from information_schema.role_table_grants where table_schema = 'isch' order by 1, 2, 3;
select table_name, view_definition from information_schema.views where table_schema = 'isch';
select schema_name from information_schema.schemata where schema_name like 'isch%' order by 1;
select role_name from information_schema.enabled_roles order by 1;
select table_name, column_name, privilege_type from information_schema.column_privileges where table_schema = 'isch' and table_name = 'book' and column_name in ('id', 'title') order by 1, 2, 3;
select grantee, role_name, is_grantable from information_schema.applicable_roles order by 1, 2;
reset role;
select pg_has_role('isch_reader', 'USAGE'), pg_has_role('isch_reader', 'postgres', 'MEMBER'), pg_has_role('isch_reader', 'isch_reader', 'USAGE');
select has_column_privilege('isch_reader', 'isch.book', 'title', 'SELECT'), has_column_privilege('isch_reader', 'isch.book', 'title', 'UPDATE'), has_any_column_privilege('isch_reader', 'isch.author', 'SELECT');
select has_column_privilege('isch.book', 'nosuch', 'SELECT');
select pg_has_role('isch_reader', 'FLY');
-- The views' own columns and types.
select attname from pg_attribute where attrelid = 'information_schema.tables'::regclass and attnum > 0 order by attnum;
select attname from pg_attribute where attrelid = 'information_schema.columns'::regclass and attnum > 0 order by attnum;
select c.relname, count(*) from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 where c.relnamespace = 'information_schema'::regnamespace and c.relname in ('schemata', 'tables', 'columns', 'views', 'table_constraints', 'key_column_usage', 'referential_constraints', 'constraint_column_usage', 'check_constraints', 'sequences', 'table_privileges', 'role_table_grants', 'character_sets', 'routines', 'triggers', 'constraint_table_usage', 'column_privileges', 'applicable_roles', 'administrable_role_authorizations', 'enabled_roles') group by 1 order by 1;
select string_agg(attname, ',' order by attnum) from pg_attribute where attrelid = 'information_schema.routines'::regclass and attnum > 0;
select relkind, relacl from pg_class where oid = 'information_schema.tables'::regclass;
select nspname, nspacl from pg_namespace where nspname = 'information_schema';
drop view isch.book_titles;
drop table isch.review;
drop table isch.book;
drop table isch.author;
drop table isch_other.thing;
reset search_path;
drop sequence isch.counter, isch.small_seq;
drop schema isch;
drop schema isch_other;
drop role isch_reader;
drop role isch_staff;
