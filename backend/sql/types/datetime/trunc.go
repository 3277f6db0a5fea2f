package datetime

import (
	"time"

	"ringpg/pgerr"
)

// truncFields truncates broken-down fields to unit; ok false for a unit
// date_trunc does not know.
func truncFields(f *fields, unit string) bool {
	switch unit {
	case "millennium":
		if f.year > 0 {
			f.year = (f.year+999)/1000*1000 - 999
		} else {
			f.year = -((999-(f.year-1))/1000)*1000 + 1
		}
		f.mon, f.mday = 1, 1
	case "century":
		if f.year > 0 {
			f.year = (f.year+99)/100*100 - 99
		} else {
			f.year = -((99-(f.year-1))/100)*100 + 1
		}
		f.mon, f.mday = 1, 1
	case "decade":
		if f.year > 0 {
			f.year = f.year / 10 * 10
		} else {
			f.year = -((8 - (f.year - 1)) / 10) * 10
		}
		f.mon, f.mday = 1, 1
	case "year":
		f.mon, f.mday = 1, 1
	case "quarter":
		f.mon = 3*((f.mon-1)/3) + 1
		f.mday = 1
	case "month":
		f.mday = 1
	case "week":
		days := daysFromCivil(f.year, f.mon, f.mday)
		dow := (days%7 + 7 + 5) % 7 // days since Monday
		f.year, f.mon, f.mday = civilFromDays(days - dow)
	case "day":
	case "hour", "minute", "second", "milliseconds", "microseconds":
	default:
		return false
	}
	switch unit {
	case "microseconds":
		return true
	case "milliseconds":
		f.usec = f.usec / 1000 * 1000
		return true
	case "second":
		f.usec = 0
		return true
	case "minute":
		f.sec, f.usec = 0, 0
		return true
	case "hour":
		f.min, f.sec, f.usec = 0, 0, 0
		return true
	}
	f.hour, f.min, f.sec, f.usec = 0, 0, 0, 0
	return true
}

// DateTrunc implements date_trunc(field, timestamp).
func DateTrunc(field string, ts int64) (int64, error) {
	unit := canonicalField(field)
	if unit == "" {
		return 0, unitNotRecognized(field, nameTimestamp)
	}
	if !IsFiniteTimestamp(ts) {
		return ts, nil
	}
	f := splitTimestamp(ts)
	if !truncFields(&f, unit) {
		return 0, unitNotSupported(field, nameTimestamp)
	}
	r, ok := joinTimestamp(f)
	if !ok {
		return 0, tsOutOfRange()
	}
	return r, nil
}

// DateTruncTZ implements date_trunc(field, timestamptz [, zone]) with the
// fields read in loc. Truncation to a day or longer lands on local
// midnight; to an hour or less keeps the original offset, as PostgreSQL.
func DateTruncTZ(field string, ts int64, loc *time.Location) (int64, error) {
	unit := canonicalField(field)
	if unit == "" {
		return 0, unitNotRecognized(field, nameTimestampTZ)
	}
	if !IsFiniteTimestamp(ts) {
		return ts, nil
	}
	off := int64(offsetAt(ts, loc)) * USecsPerSec
	f := splitTimestamp(ts + off)
	if !truncFields(&f, unit) {
		return 0, unitNotSupported(field, nameTimestampTZ)
	}
	local, ok := joinTimestamp(f)
	if !ok {
		return 0, tsOutOfRange()
	}
	switch unit {
	case "hour", "minute", "second", "milliseconds", "microseconds":
		return local - off, nil
	}
	return localToUTC(local, loc), nil
}

// DateTruncInterval implements date_trunc(field, interval).
func DateTruncInterval(field string, iv Interval) (Interval, error) {
	unit := canonicalField(field)
	if unit == "" {
		return Interval{}, unitNotRecognized(field, nameInterval)
	}
	year, mon, day, hour, min, sec, usec := intervalParts(iv)
	switch unit {
	case "millennium":
		year, mon, day, hour, min, sec, usec = year/1000*1000, 0, 0, 0, 0, 0, 0
	case "century":
		year, mon, day, hour, min, sec, usec = year/100*100, 0, 0, 0, 0, 0, 0
	case "decade":
		year, mon, day, hour, min, sec, usec = year/10*10, 0, 0, 0, 0, 0, 0
	case "year":
		mon, day, hour, min, sec, usec = 0, 0, 0, 0, 0, 0
	case "quarter":
		mon, day, hour, min, sec, usec = 3*(mon/3), 0, 0, 0, 0, 0
	case "month":
		day, hour, min, sec, usec = 0, 0, 0, 0, 0
	case "day":
		hour, min, sec, usec = 0, 0, 0, 0
	case "hour":
		min, sec, usec = 0, 0, 0
	case "minute":
		sec, usec = 0, 0
	case "second":
		usec = 0
	case "milliseconds":
		usec = usec / 1000 * 1000
	case "microseconds":
	case "week":
		return Interval{}, pgerr.From(unitNotSupported(field, nameInterval)).
			WithDetail("Months usually have fractional weeks.")
	default:
		return Interval{}, unitNotSupported(field, nameInterval)
	}
	return Interval{
		Months: int32(year*12 + mon),
		Days:   int32(day),
		Micros: ((hour*60+min)*60+sec)*USecsPerSec + usec,
	}, nil
}
