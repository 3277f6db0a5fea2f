package datetime

import (
	"strconv"
	"strings"
	"time"

	"ringpg/backend/sql/types/numeric"
)

func decStr(d *numeric.Decimal, err error) (string, error) {
	if err != nil {
		return "", err
	}
	if d == nil {
		return "NULL", nil
	}
	return d.String(), nil
}

func atoi(s string) int { v, _ := strconv.Atoi(s); return v }

func init() {
	add := func(name string, n int, sql string, f func(a []string, loc *time.Location) (string, error)) {
		caseOps[name] = caseOp{n, sql, func(a []string, loc *time.Location, _ IntervalStyle) (string, error) { return f(a, loc) }}
	}
	add("extract_ts", 2, "select coalesce(pg_catalog.extract($1::text, $2::text::timestamp)::text, 'NULL')", func(a []string, loc *time.Location) (string, error) {
		return decStr(ExtractTimestamp(a[0], pTS(a[1], loc)))
	})
	add("extract_tstz", 2, "select coalesce(pg_catalog.extract($1::text, $2::text::timestamptz)::text, 'NULL')", func(a []string, loc *time.Location) (string, error) {
		return decStr(ExtractTimestampTZ(a[0], pTSTZ(a[1], loc), loc))
	})
	add("extract_date", 2, "select coalesce(pg_catalog.extract($1::text, $2::text::date)::text, 'NULL')", func(a []string, loc *time.Location) (string, error) {
		return decStr(ExtractDate(a[0], pDate(a[1])))
	})
	add("extract_time", 2, "select coalesce(pg_catalog.extract($1::text, $2::text::time)::text, 'NULL')", func(a []string, loc *time.Location) (string, error) {
		t, err := ParseTime(a[1], -1, 0, loc)
		if err != nil {
			return "", err
		}
		return decStr(ExtractTime(a[0], t))
	})
	add("extract_iv", 2, "select coalesce(pg_catalog.extract($1::text, $2::text::interval)::text, 'NULL')", func(a []string, loc *time.Location) (string, error) {
		return decStr(ExtractInterval(a[0], pIV(a[1])))
	})
	add("trunc_ts", 2, "select date_trunc($1::text, $2::text::timestamp)::text", func(a []string, loc *time.Location) (string, error) {
		r, err := DateTrunc(a[0], pTS(a[1], loc))
		return string(AppendTimestamp(nil, r)), err
	})
	add("trunc_tstz", 2, "select date_trunc($1::text, $2::text::timestamptz)::text", func(a []string, loc *time.Location) (string, error) {
		r, err := DateTruncTZ(a[0], pTSTZ(a[1], loc), loc)
		return string(AppendTimestampTZ(nil, r, loc)), err
	})
	add("trunc_iv", 2, "select date_trunc($1::text, $2::text::interval)::text", func(a []string, loc *time.Location) (string, error) {
		return ivStr(DateTruncInterval(a[0], pIV(a[1])))
	})
	add("make_date", 3, "select make_date($1::text::int, $2::text::int, $3::text::int)::text", func(a []string, loc *time.Location) (string, error) {
		r, err := MakeDate(atoi(a[0]), atoi(a[1]), atoi(a[2]))
		return string(AppendDate(nil, r)), err
	})
	add("make_time", 3, "select make_time($1::text::int, $2::text::int, $3::text::float8)::text", func(a []string, loc *time.Location) (string, error) {
		f, _ := strconv.ParseFloat(a[2], 64)
		r, err := MakeTime(atoi(a[0]), atoi(a[1]), f)
		return string(AppendTime(nil, r)), err
	})
	add("make_timestamptz", 6, "select make_timestamptz($1::text::int, $2::text::int, $3::text::int, $4::text::int, $5::text::int, $6::text::float8)::text", func(a []string, loc *time.Location) (string, error) {
		f, _ := strconv.ParseFloat(a[5], 64)
		r, err := MakeTimestampTZ(atoi(a[0]), atoi(a[1]), atoi(a[2]), atoi(a[3]), atoi(a[4]), f, loc)
		return string(AppendTimestampTZ(nil, r, loc)), err
	})
	add("make_interval", 7, "select make_interval($1::text::int, $2::text::int, $3::text::int, $4::text::int, $5::text::int, $6::text::int, $7::text::float8)::text", func(a []string, loc *time.Location) (string, error) {
		f, _ := strconv.ParseFloat(a[6], 64)
		return ivStr(MakeInterval(int32(atoi(a[0])), int32(atoi(a[1])), int32(atoi(a[2])), int32(atoi(a[3])), int32(atoi(a[4])), int32(atoi(a[5])), f))
	})
	add("to_timestamp", 1, "select to_timestamp($1::text::float8)::text", func(a []string, loc *time.Location) (string, error) {
		f, _ := strconv.ParseFloat(strings.TrimSpace(a[0]), 64)
		r, err := ToTimestamp(f)
		return string(AppendTimestampTZ(nil, r, loc)), err
	})
}
