package types

import (
	"time"

	"ringpg/backend/sql/types/datetime"
)

// Thin wrappers over package datetime's parsers.

func parseDate(s string, now int64, loc *time.Location) (int64, error) {
	return datetime.ParseDate(s, now, loc)
}

func parseTime(s string, typmod int32, now int64, loc *time.Location) (int64, error) {
	return datetime.ParseTime(s, typmod, now, loc)
}

func parseTimestamp(s string, typmod int32, now int64, loc *time.Location) (int64, error) {
	return datetime.ParseTimestamp(s, typmod, now, loc)
}

func parseTimestampTZ(s string, typmod int32, now int64, loc *time.Location) (int64, error) {
	return datetime.ParseTimestampTZ(s, typmod, now, loc)
}

func parseInterval(s string, typmod int32) (datetime.Interval, error) {
	return datetime.ParseInterval(s, typmod)
}
