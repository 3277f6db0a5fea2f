-- Values of each type as PostgreSQL prints them.
SELECT 1::int2, 2::int4, 3::int8, 1.5::float4, 2.5::float8, 0.1::float8 + 0.2::float8, 1e20::float8, 1e-5::float8;
SELECT 123.4500::numeric, 1.0/3, 2::numeric ^ 0.5, round(1.005, 2), -0.0::numeric;
SELECT 'abc'::varchar(2), 'ab'::char(4) || '|', 'x'::name, '\x0102'::bytea, 'a b'::text;
SELECT '2024-02-29'::date, '2024-01-31 12:34:56.789'::timestamp, '1 day 02:03:04'::interval, '10:11:12'::time;
SELECT '2024-01-31'::date + 1, '2024-01-31'::date + interval '1 month', date '2024-03-01' - date '2024-02-01';
SELECT interval '1 year 2 months 3 days' * 2, interval '90 minutes', interval '-1 hour';
SELECT '{"b": 1, "a": [1, 2, {"c": null}]}'::jsonb, '{"x": 1}'::json, '{"a": 1}'::jsonb -> 'a', '{"a": "t"}'::jsonb ->> 'a';
SELECT '{1,2,3}'::int[], ARRAY[[1, 2], [3, 4]], '{"a b",NULL,c}'::text[], (ARRAY[10, 20, 30])[2];
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, true, false, 't'::bool, 'off'::bool;
SELECT 32767::int2 + 1::int2;
SELECT 'abc'::varchar(2)::text, 12345.678::numeric(6,2);
SELECT 12345.678::numeric(5,2);
SELECT '2024-13-01'::date;
SELECT 'nan'::float8, '-Infinity'::float8, 'infinity'::date;
