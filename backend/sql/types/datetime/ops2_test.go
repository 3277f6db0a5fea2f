package datetime

import (
	"strconv"
	"time"
)

func pTS(s string, loc *time.Location) int64 {
	v, err := ParseTimestamp(s, -1, fixedNow, loc)
	if err != nil {
		panic(s + ": " + err.Error())
	}
	return v
}

func pTSTZ(s string, loc *time.Location) int64 {
	v, err := ParseTimestampTZ(s, -1, fixedNow, loc)
	if err != nil {
		panic(s + ": " + err.Error())
	}
	return v
}

func pIV(s string) Interval {
	v, err := ParseInterval(s, -1)
	if err != nil {
		panic(s + ": " + err.Error())
	}
	return v
}

func pDate(s string) int64 {
	v, err := ParseDate(s, fixedNow, time.UTC)
	if err != nil {
		panic(s + ": " + err.Error())
	}
	return v
}

func ivStr(iv Interval, err error) (string, error) {
	return string(AppendInterval(nil, iv, IntervalPostgres)), err
}

func init() {
	add := func(name string, n int, sql string, f func(a []string, loc *time.Location) (string, error)) {
		caseOps[name] = caseOp{n, sql, func(a []string, loc *time.Location, _ IntervalStyle) (string, error) { return f(a, loc) }}
	}
	add("ts_pl_iv", 2, "select ($1::text::timestamp + $2::text::interval)::text", func(a []string, loc *time.Location) (string, error) {
		r, err := TimestampAddInterval(pTS(a[0], loc), pIV(a[1]))
		return string(AppendTimestamp(nil, r)), err
	})
	add("ts_mi_iv", 2, "select ($1::text::timestamp - $2::text::interval)::text", func(a []string, loc *time.Location) (string, error) {
		r, err := TimestampSubInterval(pTS(a[0], loc), pIV(a[1]))
		return string(AppendTimestamp(nil, r)), err
	})
	add("tstz_pl_iv", 2, "select ($1::text::timestamptz + $2::text::interval)::text", func(a []string, loc *time.Location) (string, error) {
		r, err := TimestampTZAddInterval(pTSTZ(a[0], loc), pIV(a[1]), loc)
		return string(AppendTimestampTZ(nil, r, loc)), err
	})
	add("tstz_mi_iv", 2, "select ($1::text::timestamptz - $2::text::interval)::text", func(a []string, loc *time.Location) (string, error) {
		r, err := TimestampTZSubInterval(pTSTZ(a[0], loc), pIV(a[1]), loc)
		return string(AppendTimestampTZ(nil, r, loc)), err
	})
	add("ts_mi_ts", 2, "select ($1::text::timestamp - $2::text::timestamp)::text", func(a []string, loc *time.Location) (string, error) {
		return ivStr(TimestampDiff(pTS(a[0], loc), pTS(a[1], loc)))
	})
	add("tstz_mi_tstz", 2, "select ($1::text::timestamptz - $2::text::timestamptz)::text", func(a []string, loc *time.Location) (string, error) {
		return ivStr(TimestampDiff(pTSTZ(a[0], loc), pTSTZ(a[1], loc)))
	})
	add("date_pl_int", 2, "select ($1::text::date + $2::text::int)::text", func(a []string, loc *time.Location) (string, error) {
		n, _ := strconv.Atoi(a[1])
		r, err := DateAddDays(pDate(a[0]), int64(n))
		return string(AppendDate(nil, r)), err
	})
	add("date_mi_date", 2, "select ($1::text::date - $2::text::date)::text", func(a []string, loc *time.Location) (string, error) {
		r, err := DateDiff(pDate(a[0]), pDate(a[1]))
		return strconv.FormatInt(r, 10), err
	})
	add("date_pl_iv", 2, "select ($1::text::date + $2::text::interval)::text", func(a []string, loc *time.Location) (string, error) {
		r, err := DateAddInterval(pDate(a[0]), pIV(a[1]))
		return string(AppendTimestamp(nil, r)), err
	})
	add("iv_mul", 2, "select ($1::text::interval * $2::text::float8)::text", func(a []string, loc *time.Location) (string, error) {
		f, _ := strconv.ParseFloat(a[1], 64)
		return ivStr(IntervalMul(pIV(a[0]), f))
	})
	add("iv_div", 2, "select ($1::text::interval / $2::text::float8)::text", func(a []string, loc *time.Location) (string, error) {
		f, _ := strconv.ParseFloat(a[1], 64)
		return ivStr(IntervalDiv(pIV(a[0]), f))
	})
	add("iv_pl_iv", 2, "select ($1::text::interval + $2::text::interval)::text", func(a []string, loc *time.Location) (string, error) {
		return ivStr(IntervalAdd(pIV(a[0]), pIV(a[1])))
	})
	add("iv_mi_iv", 2, "select ($1::text::interval - $2::text::interval)::text", func(a []string, loc *time.Location) (string, error) {
		return ivStr(IntervalSub(pIV(a[0]), pIV(a[1])))
	})
	add("iv_neg", 1, "select (- $1::text::interval)::text", func(a []string, loc *time.Location) (string, error) {
		return ivStr(IntervalNeg(pIV(a[0])))
	})
	add("justify_hours", 1, "select justify_hours($1::text::interval)::text", func(a []string, loc *time.Location) (string, error) {
		return ivStr(JustifyHours(pIV(a[0])))
	})
	add("justify_days", 1, "select justify_days($1::text::interval)::text", func(a []string, loc *time.Location) (string, error) {
		return ivStr(JustifyDays(pIV(a[0])))
	})
	add("justify_interval", 1, "select justify_interval($1::text::interval)::text", func(a []string, loc *time.Location) (string, error) {
		return ivStr(JustifyInterval(pIV(a[0])))
	})
	add("age", 2, "select age($1::text::timestamp, $2::text::timestamp)::text", func(a []string, loc *time.Location) (string, error) {
		return ivStr(Age(pTS(a[0], loc), pTS(a[1], loc)))
	})
	add("age_tz", 2, "select age($1::text::timestamptz, $2::text::timestamptz)::text", func(a []string, loc *time.Location) (string, error) {
		return ivStr(AgeTZ(pTSTZ(a[0], loc), pTSTZ(a[1], loc), loc))
	})
	add("iv_cmp", 2, "select (case when $1::text::interval < $2::text::interval then -1 when $1::text::interval > $2::text::interval then 1 else 0 end)::text", func(a []string, loc *time.Location) (string, error) {
		return strconv.Itoa(CmpInterval(pIV(a[0]), pIV(a[1]))), nil
	})
	add("tstz_at", 2, "select ($1::text::timestamptz at time zone $2::text)::text", func(a []string, loc *time.Location) (string, error) {
		z, err := LookupZone(a[1])
		if err != nil {
			return "", err
		}
		r, err := TimestampTZToLocal(pTSTZ(a[0], loc), z)
		return string(AppendTimestamp(nil, r)), err
	})
	add("ts_at", 2, "select ($1::text::timestamp at time zone $2::text)::text", func(a []string, loc *time.Location) (string, error) {
		z, err := LookupZone(a[1])
		if err != nil {
			return "", err
		}
		r, err := LocalToTimestampTZ(pTS(a[0], loc), z)
		return string(AppendTimestampTZ(nil, r, loc)), err
	})
}
