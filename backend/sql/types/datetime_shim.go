package types

import (
	"math/bits"
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

// Package datetime has no interval comparison yet; this is PostgreSQL's.

// intervalKey is the 128-bit signed comparison value of an interval, as
// PostgreSQL's interval_cmp_value: microseconds with a month as 30 days
// and a day as 24 hours.
func intervalKey(iv datetime.Interval) (hi int64, lo uint64) {
	days := int64(iv.Months)*30 + int64(iv.Days) // fits easily in int64
	// days * USecsPerDay as a 128-bit product, plus Micros.
	neg := days < 0
	ud := uint64(days)
	if neg {
		ud = uint64(-days)
	}
	phi, plo := bits.Mul64(ud, uint64(datetime.USecsPerDay))
	if neg {
		// two's complement negate
		plo = ^plo + 1
		phi = ^phi
		if plo == 0 {
			phi++
		}
	}
	m := uint64(iv.Micros)
	mhi := uint64(0)
	if iv.Micros < 0 {
		mhi = ^uint64(0)
	}
	lo, carry := bits.Add64(plo, m, 0)
	hi64, _ := bits.Add64(phi, mhi, carry)
	return int64(hi64), lo
}

// cmpInterval orders intervals by intervalKey.
func cmpInterval(a, b datetime.Interval) int {
	ah, al := intervalKey(a)
	bh, bl := intervalKey(b)
	switch {
	case ah < bh:
		return -1
	case ah > bh:
		return 1
	case al < bl:
		return -1
	case al > bl:
		return 1
	}
	return 0
}
