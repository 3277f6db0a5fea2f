select typname from pg_type where typinput = 'pg_catalog.array_in'::regproc and typname in ('_int4', '_text', '_numeric', 'int4', 'text') order by 1;
select typname, typinput, typoutput, typreceive, typsend from pg_type where typname in ('_int4', '_jsonb') order by 1;
select 'array_in'::regproc, 'pg_catalog.array_out'::regproc::oid, 'array_send'::regproc::oid;
select 'priv_nosuch_fn'::regproc;
select 'length'::regproc;
select proname, pronargs from pg_proc where oid in (750, 751, 2400, 2401) order by oid;
