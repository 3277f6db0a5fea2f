package datetime

// The proleptic Gregorian calendar with astronomical years (year 0 is
// 1 BC), counted in days since 2000-01-01.

// fields is a broken-down date and time.
type fields struct {
	year, mon, mday int // astronomical year
	hour, min, sec  int
	usec            int64
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// daysFromCivil returns the day number (since 2000-01-01) of y-m-d.
func daysFromCivil(y, m, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := floorDiv64(yy, 400)
	yoe := yy - era*400
	mm := int64(m)
	if mm > 2 {
		mm -= 3
	} else {
		mm += 9
	}
	doy := (153*mm+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468 - 10957
}

// civilFromDays is daysFromCivil's inverse.
func civilFromDays(z int64) (y, m, d int) {
	z += 719468 + 10957
	era := floorDiv64(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	if m <= 2 {
		yy++
	}
	return int(yy), m, d
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

var monthDays = [2][13]int{
	{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
	{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
}

func daysIn(y, m int) int {
	if isLeap(y) {
		return monthDays[1][m]
	}
	return monthDays[0][m]
}

// splitTimestamp breaks a finite timestamp into fields.
func splitTimestamp(ts int64) fields {
	days := floorDiv64(ts, USecsPerDay)
	t := ts - days*USecsPerDay
	var f fields
	f.year, f.mon, f.mday = civilFromDays(days)
	f.hour = int(t / USecsPerHour)
	t -= int64(f.hour) * USecsPerHour
	f.min = int(t / USecsPerMin)
	t -= int64(f.min) * USecsPerMin
	f.sec = int(t / USecsPerSec)
	f.usec = t - int64(f.sec)*USecsPerSec
	return f
}

// joinTimestamp builds a timestamp from fields; ok is false when the
// result leaves the timestamp range (or overflows).
func joinTimestamp(f fields) (int64, bool) {
	days := daysFromCivil(f.year, f.mon, f.mday)
	if days < minDate || days >= endDate {
		return 0, false
	}
	t := ((int64(f.hour)*60+int64(f.min))*60+int64(f.sec))*USecsPerSec + f.usec
	ts := days*USecsPerDay + t
	if days != 0 && (ts-t)/USecsPerDay != days {
		return 0, false
	}
	if !ValidTimestamp(ts) {
		return 0, false
	}
	return ts, true
}

// validYMD reports whether y-m-d names a real day.
func validYMD(y, m, d int) bool {
	return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}
