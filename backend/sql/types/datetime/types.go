package datetime

import "math"

// Infinities, as PostgreSQL stores them.
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

// Calendar limits, as PostgreSQL's: dates run from 4714-11-24 BC (Julian
// day 0) to 5874897-12-31, timestamps to 294276-12-31 23:59:59.999999.
const (
	epochJulian   = 2451545 // Julian day of 2000-01-01
	unixEpochDays = -10957  // 1970-01-01 in days since 2000-01-01
	minDate       = -epochJulian
	endDate       = 2147483494 - epochJulian // exclusive
	minTimestamp  = int64(-211813488000000000)
	endTimestamp  = int64(9223371331200000000) // exclusive
	// UnixEpochMicros is 1970-01-01 00:00 as a timestamp.
	UnixEpochMicros = unixEpochDays * USecsPerDay
)

// Interval is PostgreSQL's interval: months, days and microseconds kept
// apart, because a month's and a day's length depend on where they are
// added.
type Interval struct {
	Months int32
	Days   int32
	Micros int64
}

// IntervalStyle selects interval output, as the IntervalStyle setting.
type IntervalStyle uint8

// Interval styles.
const (
	IntervalPostgres IntervalStyle = iota
	IntervalPostgresVerbose
	IntervalSQLStandard
	IntervalISO8601
)

// IsFiniteDate reports whether d is neither infinity.
func IsFiniteDate(d int64) bool { return d != DateNegInf && d != DatePosInf }

// IsFiniteTimestamp reports whether ts is neither infinity.
func IsFiniteTimestamp(ts int64) bool { return ts != TimestampNegInf && ts != TimestampPosInf }

// ValidDate reports whether a finite date is within PostgreSQL's range.
func ValidDate(d int64) bool { return d >= minDate && d < endDate }

// ValidTimestamp reports whether a finite timestamp is within range.
func ValidTimestamp(ts int64) bool { return ts >= minTimestamp && ts < endTimestamp }
