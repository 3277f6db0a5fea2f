package datetime

import (
	"math"
	"strconv"
	"time"

	"ringpg/pgerr"
)

// makeDays checks make_date's arguments (a negative year is BC) and
// returns the day number.
func makeDays(y, m, d int) (int64, error) {
	ay := y
	if y < 0 {
		ay = y + 1
	}
	if y == 0 || !validYMD(ay, m, d) {
		return 0, pgerr.New("22008", "date field value out of range: %d-%02d-%02d", y, m, d)
	}
	days := daysFromCivil(ay, m, d)
	if !ValidDate(days) {
		return 0, pgerr.New("22008", "date out of range: %d-%02d-%02d", y, m, d)
	}
	return days, nil
}

// MakeDate implements make_date(year, month, day).
func MakeDate(y, m, d int) (int64, error) { return makeDays(y, m, d) }

// makeClock checks make_time's fields and returns microseconds.
func makeClock(h, m int, sec float64) (int64, error) {
	if h < 0 || m < 0 || m > 59 || math.IsNaN(sec) || sec < 0 || sec > 60 || h > 24 ||
		(h == 24 && (m > 0 || sec > 0)) {
		return 0, pgerr.New("22008", "time field value out of range: %d:%02d:%s", h, m, fmtG(sec))
	}
	return int64(h)*USecsPerHour + int64(m)*USecsPerMin + int64(math.RoundToEven(sec*1e6)), nil
}

// fmtG prints a float as C's %02g would for these messages.
func fmtG(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if len(s) == 1 {
		s = "0" + s
	}
	return s
}

// MakeTime implements make_time(hour, min, sec).
func MakeTime(h, m int, sec float64) (int64, error) {
	t, err := makeClock(h, m, sec)
	if err != nil {
		return 0, err
	}
	if t > USecsPerDay {
		return 0, pgerr.New("22008", "time field value out of range: %d:%02d:%s", h, m, fmtG(sec))
	}
	return t, nil
}

// MakeTimestamp implements make_timestamp(year, month, mday, hour, min, sec).
func MakeTimestamp(y, mo, d, h, mi int, sec float64) (int64, error) {
	days, err := makeDays(y, mo, d)
	if err != nil {
		return 0, err
	}
	t, err := makeClock(h, mi, sec)
	if err != nil {
		return 0, err
	}
	ts := days*USecsPerDay + t
	if !ValidTimestamp(ts) {
		return 0, pgerr.New("22008", "timestamp out of range: %d-%02d-%02d %d:%02d:%s", y, mo, d, h, mi, fmtG(sec))
	}
	return ts, nil
}

// MakeTimestampTZ implements make_timestamptz(..., [zone]): the fields are
// read in loc.
func MakeTimestampTZ(y, mo, d, h, mi int, sec float64, loc *time.Location) (int64, error) {
	ts, err := MakeTimestamp(y, mo, d, h, mi, sec)
	if err != nil {
		return 0, err
	}
	return LocalToTimestampTZ(ts, loc)
}

// MakeInterval implements make_interval(years, months, weeks, days, hours,
// mins, secs).
func MakeInterval(years, months, weeks, days, hours, mins int32, secs float64) (Interval, error) {
	m := int64(years)*12 + int64(months)
	d := int64(weeks)*7 + int64(days)
	if math.IsNaN(secs) || math.IsInf(secs, 0) || m > math.MaxInt32 || m < math.MinInt32 || d > math.MaxInt32 || d < math.MinInt32 {
		return Interval{}, ivOutOfRange()
	}
	us := math.RoundToEven(secs * 1e6)
	if us >= math.MaxInt64 || us < math.MinInt64 {
		return Interval{}, ivOutOfRange()
	}
	total, ok := checkedMicros(int64(hours), int64(mins), 0, int64(us))
	if !ok {
		return Interval{}, ivOutOfRange()
	}
	return Interval{Months: int32(m), Days: int32(d), Micros: total}, nil
}

// ToTimestamp implements to_timestamp(double precision): Unix seconds to a
// timestamptz.
func ToTimestamp(secs float64) (int64, error) {
	switch {
	case math.IsNaN(secs):
		return 0, pgerr.New("22008", "timestamp cannot be NaN")
	case math.IsInf(secs, 1):
		return TimestampPosInf, nil
	case math.IsInf(secs, -1):
		return TimestampNegInf, nil
	}
	lo := float64(minTimestamp/USecsPerSec) + 946684800
	hi := float64(endTimestamp/USecsPerSec) + 946684800
	if secs < lo || secs >= hi {
		return 0, pgerr.New("22008", "timestamp out of range: \"%s\"", strconv.FormatFloat(secs, 'g', -1, 64))
	}
	v := math.RoundToEven((secs - 946684800) * 1e6)
	return int64(v), nil
}

// ToTimestampFromUnixMicros converts Unix microseconds to a timestamp.
func ToTimestampFromUnixMicros(us int64) int64 { return us + UnixEpochMicros }
