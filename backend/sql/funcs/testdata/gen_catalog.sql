-- Generates catalog_gen.go from a PostgreSQL 15 cluster:
--   psql -Atq -f testdata/gen_catalog.sql > catalog_gen.go && gofmt -w catalog_gen.go
\i testdata/supported_types.sql
select '// Code generated from PostgreSQL 15''s pg_proc and pg_operator by testdata/gen_catalog.sql; DO NOT EDIT.

package funcs

// pgProcs are the pg_proc rows whose argument and result types the type
// system knows. A row becomes a registered Func when an implementation is
// bound to it (builtins.go).
var pgProcs = []procRow{';
select format('{%s, %s, []uint32{%s}, %s, %s, %s, ''%s'', ''%s'', %s, %s, %s},',
  p.oid, '"' || p.proname || '"', array_to_string(p.proargtypes::oid[], ', '), p.prorettype, p.provariadic,
  case when p.proisstrict then 'true' else 'false' end, p.provolatile, p.prokind, case when p.proretset then 'true' else 'false' end, p.pronargdefaults,
  coalesce('[]Column{' || (select string_agg(format('{%s, %s}', '"' || n || '"', t), ', ' order by i)
     from unnest(p.proargnames, p.proargmodes::text[], p.proallargtypes::oid[]) with ordinality as u(n, m, t, i)
     where m in ('o','t')) || '}', 'nil'))
from pg_proc p where pronamespace = 11 and prokind in ('f','a','w')
 and prorettype in (select oid from sup) and prorettype <> 2275
 and not exists (select 1 from unnest(proargtypes) t where t not in (select oid from sup) or t = 2275)
order by p.oid;
select '}

// pgOperators are the pg_operator rows over known types. An operator is
// registered when its function (Proc) is.
var pgOperators = []operRow{';
select format('{%s, %s, %s, %s, %s, %s, %s, %s},', o.oid, '"' || o.oprname || '"', o.oprleft, o.oprright, o.oprresult,
  o.oprcode::oid, '"' || coalesce(c.oprname, '') || '"', '"' || coalesce(n.oprname, '') || '"')
from pg_operator o left join pg_operator c on c.oid = o.oprcom left join pg_operator n on n.oid = o.oprnegate
where o.oprright in (select oid from sup) and (o.oprleft = 0 or o.oprleft in (select oid from sup)) and o.oprresult in (select oid from sup)
order by o.oid;
select '}';
select '
// pgImplicitCasts are the pg_cast rows with castcontext ''i'' between known
// types: source, target.
var pgImplicitCasts = [][2]uint32{';
select format('{%s, %s},', castsource, casttarget) from pg_cast
where castcontext = 'i' and castsource in (select oid from sup) and casttarget in (select oid from sup)
order by castsource, casttarget;
select '}';
