package datetime

import (
	"math"
	"time"

	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// Infinities.
const (
	DateNegInf      = math.MinInt32
	DatePosInf      = math.MaxInt32
	TimestampNegInf = math.MinInt64
	TimestampPosInf = math.MaxInt64
)

// Units in microseconds.
const (
	USecsPerSec  = int64(1000000)
	USecsPerMin  = 60 * USecsPerSec
	USecsPerHour = 60 * USecsPerMin
	USecsPerDay  = 24 * USecsPerHour
)

// Interval is PostgreSQL's interval: months, days and microseconds kept
// apart, because a month's and a day's length depend on where they are
// added.
type Interval struct {
	Months int32
	Days   int32
	Micros int64
}

// IntervalStyle selects interval output.
type IntervalStyle uint8

// Interval styles, as the IntervalStyle setting names them.
const (
	IntervalPostgres IntervalStyle = iota
	IntervalPostgresVerbose
	IntervalSQLStandard
	IntervalISO8601
)

func notYet(what string) error {
	return pgerr.New(pgerr.FeatureNotSupported, "%s is not implemented", what)
}

// ParseDate reads a date literal. now is the transaction start (a
// timestamptz) and loc the session zone, used by 'now', 'today', ...
func ParseDate(s string, now int64, loc *time.Location) (int64, error) {
	return 0, notYet("date input")
}

// ParseTime reads a time literal, rounded to typmod fractional digits (-1: 6).
func ParseTime(s string, typmod int32, now int64, loc *time.Location) (int64, error) {
	return 0, notYet("time input")
}

// ParseTimestamp reads a timestamp (without time zone) literal; a zone in
// the text is ignored, as PostgreSQL does.
func ParseTimestamp(s string, typmod int32, now int64, loc *time.Location) (int64, error) {
	return 0, notYet("timestamp input")
}

// ParseTimestampTZ reads a timestamptz literal; a text without a zone is in
// loc.
func ParseTimestampTZ(s string, typmod int32, now int64, loc *time.Location) (int64, error) {
	return 0, notYet("timestamptz input")
}

// ParseInterval reads an interval literal and applies typmod (-1: none).
func ParseInterval(s string, typmod int32) (Interval, error) {
	return Interval{}, notYet("interval input")
}

// AppendDate appends a date as DateStyle ISO prints it.
func AppendDate(dst []byte, d int64) []byte { return dst }

// AppendTime appends a time of day.
func AppendTime(dst []byte, t int64) []byte { return dst }

// AppendTimestamp appends a timestamp.
func AppendTimestamp(dst []byte, ts int64) []byte { return dst }

// AppendTimestampTZ appends a timestamptz shown in loc.
func AppendTimestampTZ(dst []byte, ts int64, loc *time.Location) []byte { return dst }

// AppendInterval appends an interval in the given style.
func AppendInterval(dst []byte, iv Interval, style IntervalStyle) []byte { return dst }

// LoadZone resolves a TimeZone setting value.
func LoadZone(name string) (*time.Location, error) { return nil, notYet("time zones") }

// TimestampTZToLocal converts a timestamptz to the timestamp it reads as in loc.
func TimestampTZToLocal(ts int64, loc *time.Location) (int64, error) { return ts, nil }

// LocalToTimestampTZ converts a timestamp read in loc to a timestamptz.
func LocalToTimestampTZ(ts int64, loc *time.Location) (int64, error) { return ts, nil }

// CmpInterval compares intervals as PostgreSQL does (30-day months, 24-hour days).
func CmpInterval(a, b Interval) int { return 0 }

// IntervalKey returns a signed 128-bit key (hi, lo) that orders and hashes
// intervals as CmpInterval does.
func IntervalKey(iv Interval) (hi int64, lo uint64) { return 0, 0 }

// ExtractTimestamp implements EXTRACT(field FROM timestamp).
func ExtractTimestamp(field string, ts int64) (*numeric.Decimal, error) {
	return nil, notYet("extract")
}
