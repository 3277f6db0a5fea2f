// Package datetime owns PostgreSQL's date/time types: date, time, timestamp,
// timestamptz and interval. It parses their text input as PostgreSQL 15's
// datetime.c does, prints them for DateStyle 'ISO, MDY' and the interval
// styles, resolves time zones (TimeZone values, abbreviations, numeric
// offsets), and implements their arithmetic, EXTRACT, date_trunc, the make_*
// constructors, to_timestamp and to_char.
//
// Values are plain numbers, as in PostgreSQL: a date is days since
// 2000-01-01 (DateNegInf/DatePosInf for the infinities); a time is
// microseconds since midnight; a timestamp or timestamptz is microseconds
// since 2000-01-01 00:00:00 (UTC for timestamptz), TimestampNegInf and
// TimestampPosInf for the infinities; an interval is an Interval value.
//
// Time zones are Go *time.Location values read from /usr/share/zoneinfo
// (names in any case, as PostgreSQL), or built for numeric and POSIX zone
// specifications; local times in a DST gap or overlap resolve as PostgreSQL
// resolves them.
//
// It imports the standard library, pgerr and numeric (EXTRACT's result). It
// holds one process-wide cache of loaded zones, guarded by a mutex; all
// other functions are pure.
//
// Expected results in testdata/ were recorded from PostgreSQL 15 in the
// zones UTC, America/New_York and Asia/Kolkata (and a few more); go test
// -run TestCases -record='host=... port=...' rewrites them.
package datetime
