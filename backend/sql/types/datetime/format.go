package datetime

import (
	"strconv"
	"time"
)

// append2 appends v as at least two digits.
func append2(b []byte, v int) []byte {
	if v < 10 && v >= 0 {
		return append(b, '0', byte('0'+v))
	}
	return strconv.AppendInt(b, int64(v), 10)
}

// appendPadded appends v zero-padded to width characters, a minus sign
// counting as one.
func appendPadded(b []byte, v int64, width int) []byte {
	if v < 0 && v != -1<<63 {
		return appendPadded(append(b, '-'), -v, width-1)
	}
	var tmp [24]byte
	s := strconv.AppendInt(tmp[:0], v, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// appendFrac appends ".ffffff" without trailing zeros; nothing for 0.
func appendFrac(b []byte, usec int64) []byte {
	if usec == 0 {
		return b
	}
	if usec < 0 {
		usec = -usec
	}
	var d [7]byte
	d[0] = '.'
	for i := 6; i >= 1; i-- {
		d[i] = byte('0' + usec%10)
		usec /= 10
	}
	n := 7
	for n > 1 && d[n-1] == '0' {
		n--
	}
	return append(b, d[:n]...)
}

// appendOffset appends an offset east as +hh, +hh:mm or +hh:mm:ss.
func appendOffset(b []byte, secs int) []byte {
	if secs < 0 {
		b = append(b, '-')
		secs = -secs
	} else {
		b = append(b, '+')
	}
	b = append2(b, secs/3600)
	m, s := secs%3600/60, secs%60
	if m != 0 || s != 0 {
		b = append(b, ':')
		b = append2(b, m)
		if s != 0 {
			b = append(b, ':')
			b = append2(b, s)
		}
	}
	return b
}

// appendYMD appends YYYY-MM-DD with an astronomical year made positive;
// the caller adds " BC" for years <= 0.
func appendYMD(b []byte, y, m, d int) []byte {
	if y <= 0 {
		y = 1 - y
	}
	b = appendPadded(b, int64(y), 4)
	b = append(b, '-')
	b = append2(b, m)
	b = append(b, '-')
	return append2(b, d)
}

func appendHMS(b []byte, h, m, s int, usec int64) []byte {
	b = append2(b, h)
	b = append(b, ':')
	b = append2(b, m)
	b = append(b, ':')
	b = append2(b, s)
	return appendFrac(b, usec)
}

// AppendDate appends a date as DateStyle ISO prints it: 2024-01-31,
// 0044-03-15 BC, infinity.
func AppendDate(dst []byte, d int64) []byte {
	switch d {
	case DateNegInf:
		return append(dst, "-infinity"...)
	case DatePosInf:
		return append(dst, "infinity"...)
	}
	y, m, day := civilFromDays(d)
	dst = appendYMD(dst, y, m, day)
	if y <= 0 {
		dst = append(dst, " BC"...)
	}
	return dst
}

// AppendTime appends a time of day: 12:34:56, 12:34:56.789, 24:00:00.
func AppendTime(dst []byte, t int64) []byte {
	h := t / USecsPerHour
	t -= h * USecsPerHour
	m := t / USecsPerMin
	t -= m * USecsPerMin
	s := t / USecsPerSec
	return appendHMS(dst, int(h), int(m), int(s), t-s*USecsPerSec)
}

// AppendTimeTZ appends a time with time zone (offset in seconds east).
func AppendTimeTZ(dst []byte, t int64, offsetEast int) []byte {
	return appendOffset(AppendTime(dst, t), offsetEast)
}

// AppendTimestamp appends a timestamp: 2024-01-31 12:34:56.789.
func AppendTimestamp(dst []byte, ts int64) []byte {
	switch ts {
	case TimestampNegInf:
		return append(dst, "-infinity"...)
	case TimestampPosInf:
		return append(dst, "infinity"...)
	}
	f := splitTimestamp(ts)
	dst = appendYMD(dst, f.year, f.mon, f.mday)
	dst = append(dst, ' ')
	dst = appendHMS(dst, f.hour, f.min, f.sec, f.usec)
	if f.year <= 0 {
		dst = append(dst, " BC"...)
	}
	return dst
}

// AppendTimestampTZ appends a timestamptz shown in loc:
// 2024-01-31 12:34:56.789+02, +05:30, +05:53:28 for LMT.
func AppendTimestampTZ(dst []byte, ts int64, loc *time.Location) []byte {
	if !IsFiniteTimestamp(ts) {
		return AppendTimestamp(dst, ts)
	}
	off := offsetAt(ts, loc)
	f := splitTimestamp(ts + int64(off)*USecsPerSec)
	dst = appendYMD(dst, f.year, f.mon, f.mday)
	dst = append(dst, ' ')
	dst = appendHMS(dst, f.hour, f.min, f.sec, f.usec)
	dst = appendOffset(dst, off)
	if f.year <= 0 {
		dst = append(dst, " BC"...)
	}
	return dst
}

// intervalParts splits an interval as PostgreSQL's interval2itm does:
// every part carries the sign of the field it comes from.
func intervalParts(iv Interval) (year, mon, day int64, hour, min, sec, usec int64) {
	year = int64(iv.Months) / 12
	mon = int64(iv.Months) % 12
	day = int64(iv.Days)
	t := iv.Micros
	hour = t / USecsPerHour
	t -= hour * USecsPerHour
	min = t / USecsPerMin
	t -= min * USecsPerMin
	sec = t / USecsPerSec
	usec = t - sec*USecsPerSec
	return
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// appendSecs appends |sec|.ffffff with at least two integer digits.
func appendSecs(b []byte, sec, usec int64) []byte {
	return appendFrac(appendPadded(b, abs64(sec), 2), abs64(usec))
}

// AppendInterval appends an interval in the given style.
func AppendInterval(dst []byte, iv Interval, style IntervalStyle) []byte {
	year, mon, day, hour, min, sec, usec := intervalParts(iv)
	switch style {
	case IntervalISO8601:
		return appendISOInterval(dst, year, mon, day, hour, min, sec, usec)
	case IntervalSQLStandard:
		return appendSQLInterval(dst, year, mon, day, hour, min, sec, usec)
	case IntervalPostgresVerbose:
		return appendVerboseInterval(dst, year, mon, day, hour, min, sec, usec)
	}
	zero, before := true, false
	part := func(v int64, unit string) {
		if v == 0 {
			return
		}
		if !zero {
			dst = append(dst, ' ')
		}
		if before && v > 0 && !zero {
			dst = append(dst, '+')
		}
		dst = strconv.AppendInt(dst, v, 10)
		dst = append(dst, ' ')
		dst = append(dst, unit...)
		if v != 1 {
			dst = append(dst, 's')
		}
		before = v < 0
		zero = false
	}
	part(year, "year")
	part(mon, "mon")
	part(day, "day")
	if zero || hour != 0 || min != 0 || sec != 0 || usec != 0 {
		minus := hour < 0 || min < 0 || sec < 0 || usec < 0
		if !zero {
			dst = append(dst, ' ')
		}
		if minus {
			dst = append(dst, '-')
		} else if before {
			dst = append(dst, '+')
		}
		dst = appendPadded(dst, abs64(hour), 2)
		dst = append(dst, ':')
		dst = appendPadded(dst, abs64(min), 2)
		dst = append(dst, ':')
		dst = appendSecs(dst, sec, usec)
	}
	return dst
}

func appendISOInterval(dst []byte, year, mon, day, hour, min, sec, usec int64) []byte {
	if year == 0 && mon == 0 && day == 0 && hour == 0 && min == 0 && sec == 0 && usec == 0 {
		return append(dst, "PT0S"...)
	}
	dst = append(dst, 'P')
	unit := func(v int64, u byte) {
		if v != 0 {
			dst = strconv.AppendInt(dst, v, 10)
			dst = append(dst, u)
		}
	}
	unit(year, 'Y')
	unit(mon, 'M')
	unit(day, 'D')
	if hour != 0 || min != 0 || sec != 0 || usec != 0 {
		dst = append(dst, 'T')
	}
	unit(hour, 'H')
	unit(min, 'M')
	if sec != 0 || usec != 0 {
		if sec < 0 || usec < 0 {
			dst = append(dst, '-')
		}
		dst = strconv.AppendInt(dst, abs64(sec), 10)
		dst = appendFrac(dst, usec)
		dst = append(dst, 'S')
	}
	return dst
}

func appendSQLInterval(dst []byte, year, mon, day, hour, min, sec, usec int64) []byte {
	neg := year < 0 || mon < 0 || day < 0 || hour < 0 || min < 0 || sec < 0 || usec < 0
	pos := year > 0 || mon > 0 || day > 0 || hour > 0 || min > 0 || sec > 0 || usec > 0
	hasYM := year != 0 || mon != 0
	hasDT := day != 0 || hour != 0 || min != 0 || sec != 0 || usec != 0
	hms := func(b []byte) []byte {
		b = strconv.AppendInt(b, abs64(hour), 10)
		b = append(b, ':')
		b = append2(b, int(abs64(min)))
		b = append(b, ':')
		return appendSecs(b, sec, usec)
	}
	switch {
	case !neg && !pos:
		return append(dst, '0')
	case (neg && pos) || (hasYM && hasDT):
		sign := func(neg bool) byte {
			if neg {
				return '-'
			}
			return '+'
		}
		dst = append(dst, sign(year < 0 || mon < 0))
		dst = strconv.AppendInt(dst, abs64(year), 10)
		dst = append(dst, '-')
		dst = strconv.AppendInt(dst, abs64(mon), 10)
		dst = append(dst, ' ', sign(day < 0))
		dst = strconv.AppendInt(dst, abs64(day), 10)
		dst = append(dst, ' ', sign(hour < 0 || min < 0 || sec < 0 || usec < 0))
		return hms(dst)
	case hasYM:
		if neg {
			dst = append(dst, '-')
		}
		dst = strconv.AppendInt(dst, abs64(year), 10)
		dst = append(dst, '-')
		return strconv.AppendInt(dst, abs64(mon), 10)
	}
	if neg {
		dst = append(dst, '-')
	}
	if day != 0 {
		dst = strconv.AppendInt(dst, abs64(day), 10)
		dst = append(dst, ' ')
	}
	return hms(dst)
}

func appendVerboseInterval(dst []byte, year, mon, day, hour, min, sec, usec int64) []byte {
	dst = append(dst, '@')
	zero, before := true, false
	part := func(v int64, unit string) {
		if v == 0 {
			return
		}
		if zero {
			before = v < 0
			v = abs64(v)
		} else if before {
			v = -v
		}
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, v, 10)
		dst = append(dst, ' ')
		dst = append(dst, unit...)
		if v != 1 {
			dst = append(dst, 's')
		}
		zero = false
	}
	part(year, "year")
	part(mon, "mon")
	part(day, "day")
	part(hour, "hour")
	part(min, "min")
	if sec != 0 || usec != 0 {
		neg := sec < 0 || usec < 0
		if zero {
			before = neg
			neg = false
		} else if before {
			neg = !neg
		}
		dst = append(dst, ' ')
		if neg {
			dst = append(dst, '-')
		}
		dst = strconv.AppendInt(dst, abs64(sec), 10)
		dst = appendFrac(dst, usec)
		dst = append(dst, " sec"...)
		if !(abs64(sec) == 1 && usec == 0) {
			dst = append(dst, 's')
		}
		zero = false
	}
	if zero {
		dst = append(dst, " 0"...)
	}
	if before {
		dst = append(dst, " ago"...)
	}
	return dst
}
