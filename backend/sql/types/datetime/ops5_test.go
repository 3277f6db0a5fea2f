package datetime

import (
	"strings"
	"time"
)

func styleFromTag(tag string) DateStyle {
	st, _ := ParseDateStyle(strings.ReplaceAll(tag, "_", ", "), DefaultDateStyle)
	return st
}

func init() {
	// The style rides in the op's second argument, e.g. SQL_DMY; the SQL
	// sets it first.
	caseOps["style_date"] = caseOp{2, "select set_config('datestyle', replace($1::text, '_', ', '), false) || ' ' || $2::text::date::text", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		st := styleFromTag(a[0])
		return st.String() + " " + string(AppendDateStyle(nil, pDate(a[1]), st)), nil
	}}
	caseOps["style_ts"] = caseOp{2, "select set_config('datestyle', replace($1::text, '_', ', '), false) || ' ' || $2::text::timestamp::text", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		st := styleFromTag(a[0])
		return st.String() + " " + string(AppendTimestampStyle(nil, pTS(a[1], loc), st)), nil
	}}
	caseOps["style_tstz"] = caseOp{2, "select set_config('datestyle', replace($1::text, '_', ', '), false) || ' ' || $2::text::timestamptz::text", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		st := styleFromTag(a[0])
		return st.String() + " " + string(AppendTimestampTZStyle(nil, pTSTZ(a[1], loc), loc, st)), nil
	}}
}

func init() {
	caseOps["order_date"] = caseOp{2, "select set_config('datestyle', replace($1::text, '_', ', '), false) || ' ' || $2::text::date::text", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		st := styleFromTag(a[0])
		d, err := ParseDateOrder(a[1], fixedNow, loc, st.Order)
		return st.String() + " " + string(AppendDateStyle(nil, d, st)), err
	}}
	caseOps["order_ts"] = caseOp{2, "select set_config('datestyle', replace($1::text, '_', ', '), false) || ' ' || $2::text::timestamp::text", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		st := styleFromTag(a[0])
		v, err := ParseTimestampOrder(a[1], -1, fixedNow, loc, st.Order)
		return st.String() + " " + string(AppendTimestampStyle(nil, v, st)), err
	}}
}

func init() {
	caseOps["date_bin"] = caseOp{3, "select date_bin($1::text::interval, $2::text::timestamp, $3::text::timestamp)::text", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		r, err := DateBin(pIV(a[0]), pTS(a[1], loc), pTS(a[2], loc))
		return string(AppendTimestamp(nil, r)), err
	}}
}

func init() {
	caseOps["iv_in_sql"] = caseOp{1, "select $1::text::interval::text", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		v, err := ParseIntervalStyle(a[0], -1, IntervalSQLStandard)
		return string(AppendInterval(nil, v, IntervalSQLStandard)), err
	}}
}
