package datetime

import (
	"time"

	"ringpg/pgerr"
)

// Type names as error messages spell them.
const (
	typDate        = "date"
	typTime        = "time"
	typTimestamp   = "timestamp"
	typTimestampTZ = "timestamp with time zone"
)

// localDate returns the date of the timestamptz now in loc.
func localDate(now int64, loc *time.Location) int64 {
	local := now + int64(offsetAt(now, loc))*USecsPerSec
	return floorDiv64(local, USecsPerDay)
}

// ParseDate reads a date literal as date_in does (DateStyle MDY): ISO
// dates, month names, BC, 'epoch', 'infinity', 'today', 'now' (now is the
// transaction start as a timestamptz, loc the session zone). A time part is
// accepted and ignored.
func ParseDate(s string, now int64, loc *time.Location) (int64, error) {
	return ParseDateOrder(s, now, loc, OrderMDY)
}

// ParseDateOrder is ParseDate with the DateStyle field order for
// all-numeric dates (01/02/2024 is January 2 in MDY, February 1 in DMY).
func ParseDateOrder(s string, now int64, loc *time.Location, order DateOrder) (int64, error) {
	p, err := decodeDateTime(s, typDate, order)
	if err != nil {
		return 0, err
	}
	switch p.special {
	case spEpoch:
		if p.haveDate() {
			return 0, syntaxErr(typDate, s)
		}
		return unixEpochDays, nil
	case spPosInf, spNegInf:
		if p.haveDate() || p.haveTime {
			return 0, syntaxErr(typDate, s)
		}
		if p.special == spPosInf {
			return DatePosInf, nil
		}
		return DateNegInf, nil
	case spNow, spToday:
		if p.haveDate() {
			return 0, syntaxErr(typDate, s)
		}
		return localDate(now, loc) + int64(p.dayShift), nil
	}
	if err := p.resolveDate(s, typDate); err != nil {
		return 0, err
	}
	if p.haveTime {
		if err := p.resolveTime(s); err != nil {
			return 0, err
		}
	}
	d := daysFromCivil(p.f.year, p.f.mon, p.f.mday)
	if !ValidDate(d) {
		return 0, pgerr.New("22008", "date out of range: \"%s\"", s)
	}
	return d, nil
}

// ParseTime reads a time literal as time_in does, rounded to typmod
// fractional digits (-1: 6). A date or zone in the text is ignored.
func ParseTime(s string, typmod int32, now int64, loc *time.Location) (int64, error) {
	p, err := decodeDateTime(s, typTime, OrderMDY)
	if err != nil {
		return 0, err
	}
	switch p.special {
	case spNow:
		local := now + int64(offsetAt(now, loc))*USecsPerSec
		return RoundTime(local-floorDiv64(local, USecsPerDay)*USecsPerDay, typmod), nil
	case spNone:
	default:
		return 0, syntaxErr(typTime, s)
	}
	if !p.haveTime && !p.haveDate() {
		return 0, syntaxErr(typTime, s)
	}
	if p.haveDate() {
		if err := p.resolveDate(s, typTime); err != nil {
			return 0, err
		}
	}
	if err := p.resolveTime(s); err != nil {
		return 0, err
	}
	t := RoundTime(p.f.clockMicros(), typmod)
	if t > USecsPerDay {
		return 0, fieldRangeErr(s)
	}
	return t, nil
}

// parseTimestampLocal returns the wall-clock timestamp in the text and,
// when the text names a zone, the UTC instant it means (hasZone).
func parseTimestampLocal(s, typ string, now int64, loc *time.Location, order DateOrder) (local int64, utc int64, hasZone bool, special int, err error) {
	p, err := decodeDateTime(s, typ, order)
	if err != nil {
		return 0, 0, false, 0, err
	}
	switch p.special {
	case spEpoch, spPosInf, spNegInf, spNow:
		if p.haveDate() || p.haveTime || p.tzSet || p.tzLoc != nil {
			return 0, 0, false, 0, syntaxErr(typ, s)
		}
		return 0, 0, false, p.special, nil
	case spToday:
		if p.haveDate() {
			return 0, 0, false, 0, syntaxErr(typ, s)
		}
		d := localDate(now, loc) + int64(p.dayShift)
		p.f.year, p.f.mon, p.f.mday = civilFromDays(d)
		p.haveY, p.haveM, p.haveD, p.yearDigits = true, true, true, 4
		if p.f.year <= 0 {
			p.bc = true
			p.f.year = 1 - p.f.year
		}
	default:
		if err := p.resolveDate(s, typ); err != nil {
			return 0, 0, false, 0, err
		}
	}
	if err := p.resolveTime(s); err != nil {
		return 0, 0, false, 0, err
	}
	f := p.f
	extraSec := 0
	if f.sec == 60 {
		f.sec, extraSec = 59, 1
	}
	ts, ok := joinTimestamp(f)
	if !ok {
		return 0, 0, false, 0, pgerr.New("22008", "timestamp out of range: \"%s\"", s)
	}
	ts += int64(extraSec) * USecsPerSec
	switch {
	case p.tzSet:
		return ts, ts - int64(p.tzOff)*USecsPerSec, true, spNone, nil
	case p.tzLoc != nil:
		return ts, localToUTC(ts, p.tzLoc), true, spNone, nil
	}
	return ts, 0, false, spNone, nil
}

// ParseTimestamp reads a timestamp (without time zone) literal; a zone in
// the text is ignored, as PostgreSQL does. now is the transaction start
// (a timestamptz) and loc the session zone, for 'now' and 'today'.
func ParseTimestamp(s string, typmod int32, now int64, loc *time.Location) (int64, error) {
	return ParseTimestampOrder(s, typmod, now, loc, OrderMDY)
}

// ParseTimestampOrder is ParseTimestamp with a DateStyle field order.
func ParseTimestampOrder(s string, typmod int32, now int64, loc *time.Location, order DateOrder) (int64, error) {
	local, _, _, sp, err := parseTimestampLocal(s, typTimestamp, now, loc, order)
	if err != nil {
		return 0, err
	}
	switch sp {
	case spEpoch:
		return UnixEpochMicros, nil
	case spPosInf:
		return TimestampPosInf, nil
	case spNegInf:
		return TimestampNegInf, nil
	case spNow:
		return RoundTimestamp(now+int64(offsetAt(now, loc))*USecsPerSec, typmod)
	}
	return roundTimestampIn(local, typmod, s)
}

// ParseTimestampTZ reads a timestamptz literal; a text without a zone is
// read in loc.
func ParseTimestampTZ(s string, typmod int32, now int64, loc *time.Location) (int64, error) {
	return ParseTimestampTZOrder(s, typmod, now, loc, OrderMDY)
}

// ParseTimestampTZOrder is ParseTimestampTZ with a DateStyle field order.
func ParseTimestampTZOrder(s string, typmod int32, now int64, loc *time.Location, order DateOrder) (int64, error) {
	local, utc, hasZone, sp, err := parseTimestampLocal(s, typTimestampTZ, now, loc, order)
	if err != nil {
		return 0, err
	}
	switch sp {
	case spEpoch:
		return UnixEpochMicros, nil
	case spPosInf:
		return TimestampPosInf, nil
	case spNegInf:
		return TimestampNegInf, nil
	case spNow:
		return RoundTimestamp(now, typmod)
	}
	if !hasZone {
		utc = localToUTC(local, loc)
	}
	if !ValidTimestamp(utc) {
		return 0, pgerr.New("22008", "timestamp out of range: \"%s\"", s)
	}
	return roundTimestampIn(utc, typmod, s)
}

func roundTimestampIn(ts int64, typmod int32, s string) (int64, error) {
	r, err := RoundTimestamp(ts, typmod)
	if err != nil {
		return 0, pgerr.New("22008", "timestamp out of range: \"%s\"", s)
	}
	return r, nil
}

var roundUnits = [7]int64{1000000, 100000, 10000, 1000, 100, 10, 1}

// RoundTimestamp rounds a timestamp to typmod fractional digits (0..6; -1
// or 6 leave it), half away from zero as PostgreSQL does.
func RoundTimestamp(ts int64, typmod int32) (int64, error) {
	if typmod < 0 || typmod >= 6 || !IsFiniteTimestamp(ts) {
		return ts, nil
	}
	u := roundUnits[typmod]
	var r int64
	if ts >= 0 {
		r = (ts + u/2) / u * u
	} else {
		r = -((-ts + u/2) / u * u)
	}
	if !ValidTimestamp(r) {
		return 0, tsOutOfRange()
	}
	return r, nil
}

// RoundTime rounds a time of day to typmod fractional digits.
func RoundTime(t int64, typmod int32) int64 {
	if typmod < 0 || typmod >= 6 {
		return t
	}
	u := roundUnits[typmod]
	return (t + u/2) / u * u
}
