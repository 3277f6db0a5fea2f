package datetime

import (
	"math"
	"time"

	"ringpg/pgerr"
)

func dateOutOfRange() error { return pgerr.New("22008", "date out of range") }

func ivOutOfRange() error { return pgerr.New("22008", "interval out of range") }

// addMonthsFields adds months to broken-down fields, clamping the day to
// the end of the resulting month.
func addMonthsFields(f *fields, months int32) bool {
	if months == 0 {
		return true
	}
	m := int64(f.year)*12 + int64(f.mon-1) + int64(months)
	y := floorDiv64(m, 12)
	if y > 1<<30 || y < -(1<<30) {
		return false
	}
	f.year = int(y)
	f.mon = int(m-y*12) + 1
	if d := daysIn(f.year, f.mon); f.mday > d {
		f.mday = d
	}
	return true
}

// addChecked returns a+b, reporting int64 overflow.
func addChecked(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

// TimestampAddInterval returns ts + iv for a timestamp: months first (the
// day clamped to the month's end), then days, then microseconds.
func TimestampAddInterval(ts int64, iv Interval) (int64, error) {
	if !IsFiniteTimestamp(ts) {
		return ts, nil
	}
	if iv.Months != 0 {
		f := splitTimestamp(ts)
		if !addMonthsFields(&f, iv.Months) {
			return 0, tsOutOfRange()
		}
		var ok bool
		if ts, ok = joinTimestamp(f); !ok {
			return 0, tsOutOfRange()
		}
	}
	var ok bool
	if ts, ok = addChecked(ts, int64(iv.Days)*USecsPerDay); !ok {
		return 0, tsOutOfRange()
	}
	if ts, ok = addChecked(ts, iv.Micros); !ok || !ValidTimestamp(ts) {
		return 0, tsOutOfRange()
	}
	return ts, nil
}

// TimestampTZAddInterval returns ts + iv for a timestamptz: months and days
// move the wall clock in loc (so a day across a DST change is 23 or 25
// hours), microseconds move the instant.
func TimestampTZAddInterval(ts int64, iv Interval, loc *time.Location) (int64, error) {
	if !IsFiniteTimestamp(ts) {
		return ts, nil
	}
	if iv.Months != 0 || iv.Days != 0 {
		local := ts + int64(offsetAt(ts, loc))*USecsPerSec
		var err error
		if local, err = TimestampAddInterval(local, Interval{Months: iv.Months, Days: iv.Days}); err != nil {
			return 0, err
		}
		ts = localToUTC(local, loc)
	}
	r, ok := addChecked(ts, iv.Micros)
	if !ok || !ValidTimestamp(r) {
		return 0, tsOutOfRange()
	}
	return r, nil
}

// TimestampSubInterval returns ts - iv for a timestamp.
func TimestampSubInterval(ts int64, iv Interval) (int64, error) {
	n, err := IntervalNeg(iv)
	if err != nil {
		return 0, err
	}
	return TimestampAddInterval(ts, n)
}

// TimestampTZSubInterval returns ts - iv for a timestamptz.
func TimestampTZSubInterval(ts int64, iv Interval, loc *time.Location) (int64, error) {
	n, err := IntervalNeg(iv)
	if err != nil {
		return 0, err
	}
	return TimestampTZAddInterval(ts, n, loc)
}

// TimestampDiff returns a - b (timestamp or timestamptz) as an interval
// with whole days split out of the hours, as timestamp_mi does.
func TimestampDiff(a, b int64) (Interval, error) {
	if !IsFiniteTimestamp(a) || !IsFiniteTimestamp(b) {
		return Interval{}, pgerr.New("22008", "cannot subtract infinite timestamps")
	}
	// PostgreSQL 15 lets this difference wrap for the widest spans; so do we.
	return JustifyHours(Interval{Micros: a - b})
}

// DateAddDays returns d + n days (date + integer).
func DateAddDays(d int64, n int64) (int64, error) {
	if !IsFiniteDate(d) {
		return d, nil
	}
	r := d + n
	if n > math.MaxInt32 || n < math.MinInt32 || !ValidDate(r) {
		return 0, dateOutOfRange()
	}
	return r, nil
}

// DateDiff returns a - b in days (date - date).
func DateDiff(a, b int64) (int64, error) {
	if !IsFiniteDate(a) || !IsFiniteDate(b) {
		return 0, pgerr.New("22008", "cannot subtract infinite dates")
	}
	return a - b, nil
}

// DateToTimestamp returns midnight of d as a timestamp.
func DateToTimestamp(d int64) (int64, error) {
	switch d {
	case DateNegInf:
		return TimestampNegInf, nil
	case DatePosInf:
		return TimestampPosInf, nil
	}
	ts := d * USecsPerDay
	if !ValidTimestamp(ts) {
		return 0, pgerr.New("22008", "date out of range for timestamp")
	}
	return ts, nil
}

// DateToTimestampTZ returns midnight of d in loc as a timestamptz.
func DateToTimestampTZ(d int64, loc *time.Location) (int64, error) {
	ts, err := DateToTimestamp(d)
	if err != nil || !IsFiniteTimestamp(ts) {
		return ts, err
	}
	r := localToUTC(ts, loc)
	if !ValidTimestamp(r) {
		return 0, pgerr.New("22008", "date out of range for timestamp")
	}
	return r, nil
}

// TimestampToDate returns the date part of a timestamp.
func TimestampToDate(ts int64) int64 {
	switch ts {
	case TimestampNegInf:
		return DateNegInf
	case TimestampPosInf:
		return DatePosInf
	}
	return floorDiv64(ts, USecsPerDay)
}

// TimestampTZToDate returns the date of a timestamptz in loc.
func TimestampTZToDate(ts int64, loc *time.Location) int64 {
	if !IsFiniteTimestamp(ts) {
		return TimestampToDate(ts)
	}
	return floorDiv64(ts+int64(offsetAt(ts, loc))*USecsPerSec, USecsPerDay)
}

// TimestampTime returns the time of day of a timestamp.
func TimestampTime(ts int64) int64 {
	return ts - floorDiv64(ts, USecsPerDay)*USecsPerDay
}

// DateAddInterval returns d + iv as a timestamp (date + interval).
func DateAddInterval(d int64, iv Interval) (int64, error) {
	ts, err := DateToTimestamp(d)
	if err != nil {
		return 0, err
	}
	return TimestampAddInterval(ts, iv)
}

// TimeAddInterval returns t + iv for a time of day, wrapping at midnight
// (months and days are ignored, as PostgreSQL does).
func TimeAddInterval(t int64, iv Interval) int64 {
	r := (t + iv.Micros%USecsPerDay) % USecsPerDay
	if r < 0 {
		r += USecsPerDay
	}
	return r
}

// TimeDiff returns a - b for times of day as an interval.
func TimeDiff(a, b int64) Interval { return Interval{Micros: a - b} }
