-- to_char, to_timestamp, date_trunc, extract, age, justify, make_*,
-- interval arithmetic and time zones, compared with PostgreSQL 15.
SET timezone = 'UTC';
SET datestyle = 'ISO, MDY';
SELECT to_char(timestamp '2024-03-05 14:07:09.123456', 'YYYY-MM-DD HH24:MI:SS.US'), to_char(timestamp '2024-03-05 14:07:09.123456', 'HH12:MI:SS AM am PM p.m. A.M.'), to_char(timestamp '2024-03-05 00:07:09', 'HH HH12 HH24'), to_char(timestamp '2024-03-05 14:07:09.5', 'MS US FF1 FF2 FF3 FF6 SSSS SSSSS');
SELECT to_char(date '2024-03-05', 'Day day DAY Dy dy DY D ID'), to_char(date '2024-03-05', 'Month month MONTH Mon mon MON MM'), to_char(date '2024-03-05', 'FMDay, FMMonth FMDD'), to_char(date '2024-05-05', 'FMMonth|Month|');
SELECT to_char(date '2024-03-01', 'DDth DDTH FMDDth'), to_char(date '2024-03-02', 'DDth'), to_char(date '2024-03-03', 'DDth'), to_char(date '2024-03-11', 'DDth'), to_char(date '2024-03-12', 'FMDDth'), to_char(date '2024-03-13', 'FMDDTH'), to_char(date '2024-03-21', 'FMDDth'), to_char(date '2024-03-22', 'FMDDth'), to_char(date '2024-03-23', 'FMDDth'), to_char(date '2024-12-31', 'FMDDDth');
SELECT to_char(date '2021-01-03', 'IYYY-IW-ID IYY IY I'), to_char(date '2024-12-30', 'IYYY IW YYYY WW W'), to_char(date '2024-05-15', 'Q W WW DDD IDDD J'), to_char(date '2024-01-01', 'CC YYY YY Y Y,YYY'), to_char(date '0044-03-15' - 365 * 100, 'YYYY BC B.C. AD a.d.');
SELECT to_char(date '2001-01-01', 'CC'), to_char(date '2000-12-31', 'CC'), to_char(date '2024-03-05', 'RM rm FMRM'), to_char(date '2024-11-05', 'RM'), to_char(timestamp '2024-03-05 14:07:09', '"Date:" YYYY "at" HH24\"h'), to_char(date '2024-03-05', 'YYYYMMDD'), to_char(date '2024-03-05', 'TMDay TMMonth');
SELECT to_char(timestamptz '2024-03-05 14:07:09+00', 'YYYY-MM-DD HH24:MI:SS TZ OF'), to_char(date '2024-03-05', ''), to_char(NULL::date, 'YYYY'), to_char(date '2024-03-05', 'FMMM/FMDD/YY'), to_char(timestamp '2024-03-05 09:05:00', 'FMHH12:MI FMHH24');
SELECT to_char(interval '1 day 02:03:04.5', 'DD HH24:MI:SS.MS'), to_char(interval '-3 hours', 'HH24 MI'), to_char(interval '15 months', 'YYYY MM'), to_char(interval '100 hours', 'HH24');
SELECT to_char(interval '1 year', 'Month');
SELECT to_char(1234.5, '9,999.99'), to_char(-1234.5, '9G999D99'), to_char(0.5, '0.99'), to_char(0.5, 'FM0.99'), to_char(5, '000'), to_char(-5, 'S999'), to_char(5, 'SG999'), to_char(5, '999MI'), to_char(-5, '999PR'), to_char(12345, '999'), to_char(1.005, '9.99'), to_char(42, 'FM999th'), to_char(1, '9th');
SELECT to_char(123.45::float4, '999.99'), to_char(1e10::float8, '9999999999999'), to_char(-0.01, 'FM9.99'), to_char(0, 'FM999'), to_char(12, 'FM00'), to_char(3.14159, 'FM9.9999999'), to_char(100, '9.9');
-- to_timestamp and to_date.
SELECT to_timestamp('2024-03-05 14:07:09', 'YYYY-MM-DD HH24:MI:SS'), to_timestamp('05 Mar 2024', 'DD Mon YYYY'), to_timestamp('2024 65', 'YYYY DDD'), to_timestamp('12:30 PM 2024-01-01', 'HH12:MI AM YYYY-MM-DD'), to_timestamp('2024-03-05 14:07:09.123', 'YYYY-MM-DD HH24:MI:SS.MS'), to_timestamp('20240305', 'YYYYMMDD');
SELECT to_timestamp(0), to_timestamp(1700000000.5), to_timestamp(-1), to_timestamp('Infinity'::float8), to_timestamp(1e10);
SELECT to_timestamp('NaN'::float8);
SELECT to_date('March 5, 2024', 'Month DD, YYYY'), to_date('05-03-24', 'DD-MM-YY'), to_date('5/3/70', 'DD/MM/YY'), to_date('2024-3-5', 'YYYY-MM-DD'), to_date('  2024 03 05', 'YYYY MM DD'), to_date('TUESDAY 2024-03-05', 'DAY YYYY-MM-DD'), to_date('2451245', 'J'), to_date('2024Q1', 'YYYY"Q"Q');
SELECT to_date('2024-13-01', 'YYYY-MM-DD');
SELECT to_date('2024-02-30', 'YYYY-MM-DD');
SELECT to_date('xx', 'YYYY');
SELECT to_timestamp('25:00', 'HH24:MI');
SELECT to_timestamp('13:00 PM', 'HH12:MI PM');
SELECT to_timestamp('2024-03-05 10:00 +05:30', 'YYYY-MM-DD HH24:MI TZH:TZM'), to_timestamp('2024-03-05 10:00 -03', 'YYYY-MM-DD HH24:MI TZH'), to_date('44 BC', 'YYYY BC'), to_date('1 1 2000', 'FMDD FMMM YYYY');
-- date_trunc, also in time zones.
SELECT date_trunc('microseconds', timestamp '2024-03-05 14:07:09.123456'), date_trunc('milliseconds', timestamp '2024-03-05 14:07:09.123456'), date_trunc('second', timestamp '2024-03-05 14:07:09.9'), date_trunc('minute', timestamp '2024-03-05 14:07:09'), date_trunc('week', timestamp '2024-03-05 14:07:09'), date_trunc('month', date '2024-03-05'), date_trunc('quarter', timestamp '2024-05-05'), date_trunc('decade', timestamp '2024-05-05'), date_trunc('century', timestamp '2000-05-05'), date_trunc('millennium', timestamp '2000-05-05');
SELECT date_trunc('day', timestamptz '2024-03-10 12:00+00', 'America/New_York'), date_trunc('day', timestamptz '2024-03-10 03:00+00', 'Asia/Tokyo'), date_trunc('hour', timestamptz '2024-03-10 12:34+00', 'Asia/Kolkata'), date_trunc('month', timestamptz '2024-03-01 02:00+00', 'Europe/Berlin'), date_trunc('year', interval '1 year 5 months 3 days'), date_trunc('hour', interval '3 days 04:05:06');
SELECT date_trunc('fortnight', timestamp '2024-01-01');
SELECT date_trunc('week', interval '1 day');
SELECT date_trunc('day', timestamp 'infinity'), date_trunc('day', date '-infinity');
-- extract and date_part for every field.
SELECT extract(microseconds from timestamp '2024-03-05 14:07:09.123456'), extract(milliseconds from timestamp '2024-03-05 14:07:09.123456'), extract(second from timestamp '2024-03-05 14:07:09.123456'), extract(minute from time '14:07'), extract(hour from time '14:07'), extract(day from date '2024-03-05'), extract(month from date '2024-03-05'), extract(quarter from date '2024-03-05'), extract(year from date '2024-03-05'), extract(decade from date '2024-03-05'), extract(century from date '2024-03-05'), extract(millennium from date '2024-03-05');
SELECT extract(dow from date '2024-03-10'), extract(isodow from date '2024-03-10'), extract(doy from date '2024-03-10'), extract(week from date '2024-03-10'), extract(isoyear from date '2024-12-30'), extract(epoch from timestamp '2024-03-05 14:07:09.5'), extract(epoch from timestamptz '1970-01-01 00:00:01+01'), extract(julian from date '2024-03-05'), extract(julian from timestamptz '2024-03-05 06:00+00');
SELECT date_part('epoch', timestamp '2024-03-05 14:07:09.5'), date_part('microseconds', time '01:02:03.5'), date_part('timezone_hour', timestamptz '2024-01-01 01:02+05:30'), date_part('timezone_minute', timestamptz '2024-01-01 01:02-05:30'), date_part('dow', timestamp 'infinity'), date_part('year', timestamp '-infinity'), extract(epoch from timestamp 'infinity'), extract(year from date 'infinity');
SELECT extract(year from timestamp '0001-06-01 BC'), extract(century from timestamp '0100-01-01'), extract(century from timestamp '0101-01-01'), extract(millennium from timestamp '1000-01-01'), extract(decade from timestamp '0005-01-01 BC'), extract(epoch from interval '-1 year 2 days'), extract(day from interval '40 days'), extract(month from interval '40 months'), extract(millisecond from interval '1.5 seconds');
SELECT extract(timezone from timestamp '2024-01-01');
SELECT extract(foo from date '2024-01-01');
SELECT extract(hour from date '2024-01-01');
SELECT pg_typeof(extract(year from date '2024-01-01')), pg_typeof(date_part('year', date '2024-01-01'));
-- age and justify.
SELECT age(timestamp '2024-03-05', timestamp '2020-12-31'), age(timestamp '2020-12-31', timestamp '2024-03-05'), age(date '2024-03-01', date '2024-01-31'), age(timestamp '2024-01-01 00:00', timestamp '2023-12-31 23:00'), age(timestamptz '2024-03-31 00:00+00', timestamptz '2024-02-29 12:00+00');
SELECT age(timestamp 'infinity', timestamp '2024-01-01');
SELECT justify_days(interval '35 days'), justify_days(interval '-35 days'), justify_days(interval '1 month -40 days'), justify_hours(interval '50 hours'), justify_hours(interval '-50 hours'), justify_interval(interval '1 mon -1 hour'), justify_interval(interval '-1 mon 50 hours'), justify_interval(interval '400 days 30 hours');
-- make_*.
SELECT make_date(-44, 3, 15), make_time(23, 59, 59.999999), make_timestamp(2024, 2, 29, 12, 30, 45.5), make_timestamptz(2024, 7, 1, 12, 0, 0, 'Asia/Tokyo'), make_timestamptz(2024, 7, 1, 12, 0, 0), make_interval(1, 2, 3, 4, 5, 6, 7.25), make_interval(), make_interval(weeks => -1, mins => 90);
SELECT make_date(0, 1, 1);
SELECT make_date(2023, 2, 29);
SELECT make_time(24, 0, 0), make_time(24, 0, 1);
SELECT make_timestamp(2024, 13, 1, 0, 0, 0);
SELECT make_timestamp(2024, 1, 1, 0, 0, 60);
-- Interval arithmetic and output.
SELECT interval '1 month' + interval '-1 day', interval '1 year' - interval '1 day', -interval '1 day 2 hours', interval '1 day 2 hours' * -1, interval '3 hours' / 2, interval '1 day' / 7, interval '1 month' / 3, interval '1.5 months', interval '0.1 seconds' * 3, interval '1 hour' * 1.5e-6;
SELECT timestamp '2024-01-31 10:00' + interval '1 month', timestamp '2024-03-31' - interval '1 month', date '2024-02-29' + interval '1 year', date '2024-03-05' + time '10:00', date '2024-03-05' - date '2023-03-05', date '2024-03-05' + 30, date '2024-03-05' - 400, 7 + date '2024-03-05', time '23:00' + interval '2 hours', time '10:00' - time '12:30';
SELECT timestamp '2024-03-05 10:00' - interval '1 day 2 hours', timestamptz '2024-03-05 10:00+00' - timestamptz '2024-03-01 12:00+02', timestamp '2024-03-05' - date '2024-01-01', interval '26 hours' + date '2024-01-01', interval '1 day' * 3 + time '01:00';
SELECT date '2024-03-05' + 2147483647;
SELECT date '5874897-12-31' + 1;
SELECT interval '178000000 years';
SELECT interval '2147483647 months' + interval '1 month';
SELECT interval '1 day 01:02:03.456789', interval '-1 day -01:02:03', interval '1 mon -1 day +1 hour', interval '0.5 days', interval '1.5 years', interval '-0.5 hours', interval '100000 hours', interval '1 millisecond', interval '1 microsecond' * 1.5;
SELECT interval '1 day' > interval '23 hours', interval '30 days' = interval '1 month', interval '1 year' = interval '360 days', interval '1 year' > interval '364 days';
-- timestamptz under various TimeZone settings.
SET timezone = 'Asia/Kolkata';
SELECT timestamptz '2024-03-05 10:00+00', timestamp '2024-03-05 10:00'::timestamptz, timestamptz '2024-03-05 10:00+00' AT TIME ZONE 'America/Sao_Paulo', to_char(timestamptz '2024-03-05 10:00+00', 'HH24:MI TZ OF'), extract(timezone from now()), date_trunc('day', timestamptz '2024-03-05 20:00+00');
SET timezone = 'America/St_Johns';
SELECT timestamptz '2024-07-01 00:00+00', timestamptz '2024-01-01 00:00+00', to_char(timestamptz '2024-07-01 00:00+00', 'TZ OF TZH TZM'), date '2024-07-01'::timestamptz, timestamptz '2024-03-10 01:59' + interval '1 minute', timestamptz '2024-03-10 01:59' + interval '1 day';
SET timezone = 'Australia/Lord_Howe';
SELECT timestamptz '2024-04-07 01:45', timestamptz '2024-04-07 01:45' + interval '1 hour', timestamptz '2024-01-01 12:00+00', extract(timezone_minute from timestamptz '2024-01-01 12:00+00');
SET timezone = '+03:30';
SELECT timestamptz '2024-03-05 10:00+00', now() = now(), current_setting('TimeZone');
SET timezone = 'UTC-5';
SELECT timestamptz '2024-03-05 10:00+00', to_char(timestamptz '2024-03-05 10:00+00', 'TZ OF');
SET timezone = 'Etc/GMT+5';
SELECT timestamptz '2024-03-05 10:00+00', to_char(timestamptz '2024-03-05 10:00+00', 'TZ OF');
SET timezone = 'EST5EDT';
SELECT timestamptz '2024-07-05 10:00+00', timestamptz '2024-03-05 10:00+00', timestamptz '1900-01-01 00:00+00';
SET timezone = 'Europe/Amsterdam';
SELECT timestamptz '1900-01-01 00:00+00', timestamptz '1937-07-01 00:00+00', timestamptz '2024-06-01 00:00+00';
SET timezone = 'Nowhere/Special';
SET timezone = 'UTC';
SELECT timestamptz '2024-03-05 10:00 America/New_York', timestamptz '2024-07-05 10:00 EST', timestamptz '2024-07-05 10:00 Europe/Paris', timestamp '2024-03-05 10:00' AT TIME ZONE 'Asia/Tokyo', timezone('Asia/Tokyo', timestamptz '2024-03-05 10:00+00');
SELECT (date '2024-01-01', date '2024-01-10') OVERLAPS (date '2024-01-10', date '2024-01-20'), (date '2024-01-01', date '2024-01-01') OVERLAPS (date '2024-01-01', date '2024-01-01'), (timestamp '2024-01-10', timestamp '2024-01-01') OVERLAPS (timestamp '2024-01-05', interval '0');
-- generate_series.
SELECT * FROM generate_series(1, 10, 3);
SELECT * FROM generate_series(5, 1, -2);
SELECT * FROM generate_series(1, 0);
SELECT * FROM generate_series(1, 3, 0);
SELECT * FROM generate_series(2147483646, 2147483647);
SELECT * FROM generate_series(9223372036854775806::bigint, 9223372036854775807);
SELECT * FROM generate_series(0.5, 2.0, 0.5);
SELECT * FROM generate_series(1.1, 2);
SELECT * FROM generate_series(0, 1, 0.3::numeric);
SELECT * FROM generate_series(1::numeric, 'Infinity'::numeric);
SELECT * FROM generate_series(1::numeric, 3, 'NaN');
SELECT * FROM generate_series(1::numeric, 3, 0);
SELECT * FROM generate_series(timestamp '2024-01-31', timestamp '2024-05-01', interval '1 month');
SELECT * FROM generate_series(timestamptz '2024-03-09 00:00+00', timestamptz '2024-03-10 00:00+00', interval '6 hours');
SELECT * FROM generate_series(date '2024-01-01', date '2024-01-03', interval '1 day');
SELECT * FROM generate_series(timestamp '2024-01-01', timestamp '2024-01-02', interval '0');
SELECT * FROM generate_series(timestamp '2024-01-02', timestamp '2024-01-01', interval '-12 hours');
SELECT count(*) FROM generate_series(timestamp '2024-01-01', timestamp '2024-01-01 00:01', interval '1 second');
SELECT generate_series(1, 2) * 10, generate_series(timestamp '2024-01-01', '2024-01-02', '1 day')::date;
RESET timezone;
RESET datestyle;
