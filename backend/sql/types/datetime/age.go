package datetime

import "time"

// ageFields subtracts broken-down times as PostgreSQL's age() does:
// field by field, borrowing from the next larger field, and taking a
// borrowed month's length from the earlier argument's month.
func ageFields(f1, f2 fields, less bool) Interval {
	year := int64(f1.year - f2.year)
	mon := int64(f1.mon - f2.mon)
	mday := int64(f1.mday - f2.mday)
	hour := int64(f1.hour - f2.hour)
	min := int64(f1.min - f2.min)
	sec := int64(f1.sec - f2.sec)
	usec := f1.usec - f2.usec
	if less {
		year, mon, mday, hour, min, sec, usec = -year, -mon, -mday, -hour, -min, -sec, -usec
	}
	for usec < 0 {
		usec += USecsPerSec
		sec--
	}
	for sec < 0 {
		sec += 60
		min--
	}
	for min < 0 {
		min += 60
		hour--
	}
	for hour < 0 {
		hour += 24
		mday--
	}
	for mday < 0 {
		if less {
			mday += int64(daysIn(f1.year, f1.mon))
		} else {
			mday += int64(daysIn(f2.year, f2.mon))
		}
		mon--
	}
	for mon < 0 {
		mon += 12
		year--
	}
	if less {
		year, mon, mday, hour, min, sec, usec = -year, -mon, -mday, -hour, -min, -sec, -usec
	}
	return Interval{
		Months: int32(year*12 + mon),
		Days:   int32(mday),
		Micros: ((hour*60+min)*60+sec)*USecsPerSec + usec,
	}
}

// Age returns age(a, b) for timestamps: a symbolic result in years,
// months and days. As in PostgreSQL 15, +infinity is read as its largest
// finite encoding (a year near 294277) and -infinity is out of range.
func Age(a, b int64) (Interval, error) {
	if a == TimestampNegInf || b == TimestampNegInf {
		return Interval{}, tsOutOfRange()
	}
	return ageFields(splitTimestamp(a), splitTimestamp(b), a < b), nil
}

// AgeTZ returns age(a, b) for timestamptz values, read in loc.
func AgeTZ(a, b int64, loc *time.Location) (Interval, error) {
	if a == TimestampNegInf || b == TimestampNegInf {
		return Interval{}, tsOutOfRange()
	}
	fa := splitShifted(a, offsetAt(a, loc))
	fb := splitShifted(b, offsetAt(b, loc))
	return ageFields(fa, fb, a < b), nil
}

// splitShifted breaks ts moved by off seconds into fields without
// overflowing near the ends of the int64 range.
func splitShifted(ts int64, off int) fields {
	days := floorDiv64(ts, USecsPerDay)
	t := ts - days*USecsPerDay + int64(off)*USecsPerSec
	days += floorDiv64(t, USecsPerDay)
	t -= floorDiv64(t, USecsPerDay) * USecsPerDay
	f := splitTimestamp(t)
	f.year, f.mon, f.mday = civilFromDays(days)
	return f
}
