package datetime

import "time"

func init() {
	caseOps["to_char_ts"] = caseOp{2, "select to_char($1::text::timestamp, $2::text)", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		s, _ := ToCharTimestamp(pTS(a[0], loc), a[1])
		return s, nil
	}}
	caseOps["to_char_tstz"] = caseOp{2, "select to_char($1::text::timestamptz, $2::text)", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		s, _ := ToCharTimestampTZ(pTSTZ(a[0], loc), a[1], loc)
		return s, nil
	}}
}

func init() {
	caseOps["to_char_iv"] = caseOp{2, "select to_char($1::text::interval, $2::text)", func(a []string, loc *time.Location, _ IntervalStyle) (string, error) {
		s, _, err := ToCharInterval(pIV(a[0]), a[1])
		return s, err
	}}
}
