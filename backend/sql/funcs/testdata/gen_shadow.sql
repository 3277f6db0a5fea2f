-- Generates shadow_gen.go: the pg_proc and pg_operator rows over types the
-- server does not have, which take part in overload resolution only.
--   psql -Atq -f testdata/gen_shadow.sql > shadow_gen.go && gofmt -w shadow_gen.go
\i testdata/supported_types.sql
select '// Code generated from PostgreSQL 15''s catalogs by testdata/gen_shadow.sql; DO NOT EDIT.

package funcs

// shadowProcs are pg_proc rows that involve types the server does not
// have: oid, name, argument types, variadic element type, defaults.
var shadowProcs = []shadowProc{';
select format('{%s, %s, []uint32{%s}, %s, %s},', p.oid, '"' || p.proname || '"', array_to_string(p.proargtypes::oid[], ', '), p.provariadic, p.pronargdefaults)
from pg_proc p where pronamespace = 11 and prokind in ('f','a','w')
 and not (prorettype in (select oid from sup) and prorettype <> 2275
   and not exists (select 1 from unnest(proargtypes) t where t not in (select oid from sup) or t = 2275))
 and not exists (select 1 from unnest(proargtypes) t where t in (2281, 2275))
order by p.oid;
select '}

// shadowOperators are pg_operator rows over types the server does not
// have: name, left, right.
var shadowOperators = []shadowOper{';
select format('{%s, %s, %s},', '"' || o.oprname || '"', o.oprleft, o.oprright)
from pg_operator o
where not (o.oprright in (select oid from sup) and (o.oprleft = 0 or o.oprleft in (select oid from sup)) and o.oprresult in (select oid from sup))
order by o.oid;
select '}

// shadowTypes are the category and preferred flag of every other type.
var shadowTypes = map[uint32]shadowType{';
select format('%s: {''%s'', %s, %s, %s},', t.oid, t.typcategory, case when t.typispreferred then 'true' else 'false' end, t.typelem, '"' || replace(format_type(t.oid, null), '"', '\"') || '"')
from pg_type t where t.oid not in (select oid from sup) and t.typnamespace = 11 order by t.oid;
select '}

// shadowCasts are the implicit casts that involve one of those types.
var shadowCasts = [][2]uint32{';
select format('{%s, %s},', castsource, casttarget) from pg_cast
where castcontext = 'i' and not (castsource in (select oid from sup) and casttarget in (select oid from sup))
order by castsource, casttarget;
select '}';
