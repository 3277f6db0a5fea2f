package datetime

import (
	"time"
)

var caseOps = map[string]caseOp{
	"date": {1, "select $1::text::date::text", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		d, err := ParseDate(a[0], fixedNow, loc)
		return string(AppendDate(nil, d)), err
	}},
	"time": {1, "select $1::text::time::text", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		v, err := ParseTime(a[0], -1, fixedNow, loc)
		return string(AppendTime(nil, v)), err
	}},
	"ts": {1, "select $1::text::timestamp::text", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		v, err := ParseTimestamp(a[0], -1, fixedNow, loc)
		return string(AppendTimestamp(nil, v)), err
	}},
	"tstz": {1, "select $1::text::timestamptz::text", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		v, err := ParseTimestampTZ(a[0], -1, fixedNow, loc)
		return string(AppendTimestampTZ(nil, v, loc)), err
	}},
}

func ivOp(a []string, _ *time.Location, style IntervalStyle) (string, error) {
	v, err := ParseInterval(a[0], -1)
	return string(AppendInterval(nil, v, style)), err
}

func init() {
	caseOps["iv"] = caseOp{1, "select $1::text::interval::text", ivOp}
	caseOps["iv_iso"] = caseOp{1, "select $1::text::interval::text", ivOp}
	caseOps["iv_sql"] = caseOp{1, "select $1::text::interval::text", ivOp}
	caseOps["iv_verbose"] = caseOp{1, "select $1::text::interval::text", ivOp}
}
