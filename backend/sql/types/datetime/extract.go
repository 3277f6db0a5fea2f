package datetime

import (
	"strings"
	"time"

	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// Type names as unit errors spell them.
const (
	nameDate        = "date"
	nameTime        = "time without time zone"
	nameTimestamp   = "timestamp without time zone"
	nameTimestampTZ = "timestamp with time zone"
	nameInterval    = "interval"
)

// canonicalField maps EXTRACT / date_trunc unit spellings to one name;
// "" when the word is no unit.
func canonicalField(w string) string {
	w = strings.ToLower(strings.TrimSpace(w))
	switch w {
	case "microsecond", "microseconds", "microsecon", "us", "usec", "usecs", "useconds":
		return "microseconds"
	case "millisecond", "milliseconds", "millisecon", "ms", "msec", "msecs", "mseconds":
		return "milliseconds"
	case "second", "seconds", "s", "sec", "secs":
		return "second"
	case "minute", "minutes", "m", "min", "mins":
		return "minute"
	case "hour", "hours", "h", "hr", "hrs":
		return "hour"
	case "day", "days", "d":
		return "day"
	case "week", "weeks", "w":
		return "week"
	case "month", "months", "mon", "mons":
		return "month"
	case "quarter", "qtr":
		return "quarter"
	case "year", "years", "y", "yr", "yrs":
		return "year"
	case "decade", "decades", "dec", "decs":
		return "decade"
	case "century", "centuries", "c", "cent":
		return "century"
	case "millennium", "millennia", "mil", "mils", "millenniums":
		return "millennium"
	case "dow", "isodow", "doy", "epoch", "julian", "isoyear", "timezone", "timezone_hour", "timezone_minute":
		return w
	case "j":
		return "julian"
	case "timezone_h":
		return "timezone_hour"
	case "timezone_m":
		return "timezone_minute"
	}
	return ""
}

func unitNotRecognized(unit, typ string) error {
	return pgerr.New(pgerr.InvalidParameterValue, "unit \"%s\" not recognized for type %s", unit, typ)
}

func unitNotSupported(unit, typ string) error {
	return pgerr.New(pgerr.FeatureNotSupported, "unit \"%s\" not supported for type %s", unit, typ)
}

func dec(v int64) *numeric.Decimal { return numeric.FromInt64(v) }

// microsDecimal returns v / 10^scale with that display scale.
func scaled(v int64, scale int32) *numeric.Decimal { return numeric.FromUnscaled(v, scale) }

// yearOf turns an astronomical year into PostgreSQL's signed year (no 0).
func yearOf(y int) int64 {
	if y > 0 {
		return int64(y)
	}
	return int64(y) - 1
}

func decadeOf(y int) int64 {
	if y >= 0 {
		return int64(y) / 10
	}
	return -((8 - (int64(y) - 1)) / 10)
}

func centuryOf(y int) int64 {
	if y > 0 {
		return (int64(y) + 99) / 100
	}
	return -((99 - (int64(y) - 1)) / 100)
}

func millenniumOf(y int) int64 {
	if y > 0 {
		return (int64(y) + 999) / 1000
	}
	return -((999 - (int64(y) - 1)) / 1000)
}

// isoWeek returns the ISO 8601 year and week of a date.
func isoWeek(y, m, d int) (int, int) {
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).ISOWeek()
}

// dateFieldValue computes the date-derived fields; ok false when unit is
// not one of them.
func dateFieldValue(unit string, f fields) (int64, bool) {
	days := daysFromCivil(f.year, f.mon, f.mday)
	switch unit {
	case "day":
		return int64(f.mday), true
	case "month":
		return int64(f.mon), true
	case "quarter":
		return int64((f.mon-1)/3 + 1), true
	case "year":
		return yearOf(f.year), true
	case "decade":
		return decadeOf(f.year), true
	case "century":
		return centuryOf(f.year), true
	case "millennium":
		return millenniumOf(f.year), true
	case "week":
		_, w := isoWeek(f.year, f.mon, f.mday)
		return int64(w), true
	case "isoyear":
		iy, _ := isoWeek(f.year, f.mon, f.mday)
		if iy <= 0 {
			return int64(iy) - 1, true
		}
		return int64(iy), true
	case "dow", "isodow":
		dow := (days%7 + 7 + 6) % 7 // 2000-01-01 was a Saturday
		if unit == "isodow" && dow == 0 {
			dow = 7
		}
		return dow, true
	case "doy":
		return days - daysFromCivil(f.year, 1, 1) + 1, true
	}
	return 0, false
}

// infiniteField returns EXTRACT's result for an infinite timestamp or date:
// ±Infinity for the fields that grow without bound, NULL (nil) otherwise.
func infiniteField(unit string, positive bool) *numeric.Decimal {
	switch unit {
	case "year", "decade", "century", "millennium", "julian", "isoyear", "epoch":
		if positive {
			return numeric.Inf(1)
		}
		return numeric.Inf(-1)
	}
	return nil
}

// ExtractTimestamp implements EXTRACT(field FROM timestamp). A nil result
// with a nil error is SQL NULL (a bounded field of an infinite timestamp).
func ExtractTimestamp(field string, ts int64) (*numeric.Decimal, error) {
	return extractTS(field, ts, ts, 0, false)
}

// ExtractTimestampTZ implements EXTRACT(field FROM timestamptz), with the
// fields read in loc.
func ExtractTimestampTZ(field string, ts int64, loc *time.Location) (*numeric.Decimal, error) {
	off := 0
	if IsFiniteTimestamp(ts) {
		off = offsetAt(ts, loc)
	}
	return extractTS(field, ts, ts+int64(off)*USecsPerSec, off, true)
}

func extractTS(field string, ts, local int64, off int, tz bool) (*numeric.Decimal, error) {
	typ := nameTimestamp
	if tz {
		typ = nameTimestampTZ
	}
	unit := canonicalField(field)
	if unit == "" {
		return nil, unitNotRecognized(field, typ)
	}
	if (unit == "timezone" || unit == "timezone_hour" || unit == "timezone_minute") && !tz {
		return nil, unitNotSupported(field, typ)
	}
	if !IsFiniteTimestamp(ts) {
		return infiniteField(unit, ts == TimestampPosInf), nil
	}
	f := splitTimestamp(local)
	switch unit {
	case "microseconds":
		return dec(int64(f.sec)*USecsPerSec + f.usec), nil
	case "milliseconds":
		return scaled(int64(f.sec)*USecsPerSec+f.usec, 3), nil
	case "second":
		return scaled(int64(f.sec)*USecsPerSec+f.usec, 6), nil
	case "minute":
		return dec(int64(f.min)), nil
	case "hour":
		return dec(int64(f.hour)), nil
	case "epoch":
		return scaled(ts-UnixEpochMicros, 6), nil
	case "julian":
		day := daysFromCivil(f.year, f.mon, f.mday) + epochJulian
		frac, err := numeric.Div(dec(f.clockMicros()), dec(USecsPerDay))
		if err != nil {
			return nil, err
		}
		return numeric.Add(dec(day), frac)
	case "timezone":
		return dec(int64(off)), nil
	case "timezone_hour":
		return dec(int64(off / 3600)), nil
	case "timezone_minute":
		return dec(int64(off / 60 % 60)), nil
	}
	if v, ok := dateFieldValue(unit, f); ok {
		return dec(v), nil
	}
	return nil, unitNotSupported(field, typ)
}

// ExtractDate implements EXTRACT(field FROM date).
func ExtractDate(field string, d int64) (*numeric.Decimal, error) {
	unit := canonicalField(field)
	if unit == "" {
		return nil, unitNotRecognized(field, nameDate)
	}
	switch unit {
	case "microseconds", "milliseconds", "second", "minute", "hour", "timezone", "timezone_hour", "timezone_minute":
		return nil, unitNotSupported(field, nameDate)
	}
	if !IsFiniteDate(d) {
		return infiniteField(unit, d == DatePosInf), nil
	}
	var f fields
	f.year, f.mon, f.mday = civilFromDays(d)
	switch unit {
	case "epoch":
		return dec((d - unixEpochDays) * 86400), nil
	case "julian":
		return dec(d + epochJulian), nil
	}
	if v, ok := dateFieldValue(unit, f); ok {
		return dec(v), nil
	}
	return nil, unitNotSupported(field, nameDate)
}

// ExtractTime implements EXTRACT(field FROM time).
func ExtractTime(field string, t int64) (*numeric.Decimal, error) {
	unit := canonicalField(field)
	if unit == "" {
		return nil, unitNotRecognized(field, nameTime)
	}
	sec := t % USecsPerMin
	switch unit {
	case "microseconds":
		return dec(sec), nil
	case "milliseconds":
		return scaled(sec, 3), nil
	case "second":
		return scaled(sec, 6), nil
	case "minute":
		return dec(t / USecsPerMin % 60), nil
	case "hour":
		return dec(t / USecsPerHour), nil
	case "epoch":
		return scaled(t, 6), nil
	}
	return nil, unitNotSupported(field, nameTime)
}

// ExtractInterval implements EXTRACT(field FROM interval).
func ExtractInterval(field string, iv Interval) (*numeric.Decimal, error) {
	unit := canonicalField(field)
	if unit == "" {
		return nil, unitNotRecognized(field, nameInterval)
	}
	year, mon, day, hour, min, sec, usec := intervalParts(iv)
	switch unit {
	case "microseconds":
		return dec(sec*USecsPerSec + usec), nil
	case "milliseconds":
		return scaled(sec*USecsPerSec+usec, 3), nil
	case "second":
		return scaled(sec*USecsPerSec+usec, 6), nil
	case "minute":
		return dec(min), nil
	case "hour":
		return dec(hour), nil
	case "day":
		return dec(day), nil
	case "month":
		return dec(mon), nil
	case "quarter":
		return dec(mon/3 + 1), nil
	case "year":
		return dec(year), nil
	case "decade":
		return dec(year / 10), nil
	case "century":
		return dec(year / 100), nil
	case "millennium":
		return dec(year / 1000), nil
	case "epoch":
		// A year counts 365.25 days, a month 30.
		secs := int64(iv.Months/12)*31557600 + (int64(iv.Months%12)*30+int64(iv.Days))*86400
		return numeric.Add(scaled(iv.Micros, 6), dec(secs))
	}
	return nil, unitNotSupported(field, nameInterval)
}

// DatePart returns date_part's float8 for an EXTRACT result (NULL stays
// NULL: ok is false).
func DatePart(d *numeric.Decimal, err error) (v float64, ok bool, e error) {
	if err != nil || d == nil {
		return 0, false, err
	}
	return d.Float64(), true, nil
}
