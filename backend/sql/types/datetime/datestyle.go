package datetime

import (
	"strings"
	"time"
)

// DateStyle is the output half of the DateStyle setting: a style and, for
// the SQL and Postgres styles, a field order.
type DateStyle struct {
	Style DateStyleKind
	Order DateOrder
}

// DateStyleKind names an output style.
type DateStyleKind uint8

// Output styles.
const (
	StyleISO DateStyleKind = iota
	StyleSQL
	StylePostgres
	StyleGerman
)

// DateOrder is the day/month order of the DateStyle setting.
type DateOrder uint8

// Field orders.
const (
	OrderMDY DateOrder = iota
	OrderDMY
	OrderYMD
)

// DefaultDateStyle is 'ISO, MDY'.
var DefaultDateStyle = DateStyle{StyleISO, OrderMDY}

// AppendDateStyle appends a date in the given DateStyle.
func AppendDateStyle(dst []byte, d int64, st DateStyle) []byte {
	if st.Style == StyleISO || !IsFiniteDate(d) {
		return AppendDate(dst, d)
	}
	y, m, day := civilFromDays(d)
	dy := y
	if dy <= 0 {
		dy = 1 - dy
	}
	first, second := m, day
	if st.Order == OrderDMY || st.Style == StyleGerman {
		first, second = day, m
	}
	sep := byte('/')
	switch st.Style {
	case StyleGerman:
		sep = '.'
	case StylePostgres:
		sep = '-'
	}
	dst = append2(dst, first)
	dst = append(dst, sep)
	dst = append2(dst, second)
	dst = append(dst, sep)
	dst = appendPadded(dst, int64(dy), 4)
	if y <= 0 {
		dst = append(dst, " BC"...)
	}
	return dst
}

// AppendTimestampStyle appends a timestamp in the given DateStyle.
func AppendTimestampStyle(dst []byte, ts int64, st DateStyle) []byte {
	if st.Style == StyleISO || !IsFiniteTimestamp(ts) {
		return AppendTimestamp(dst, ts)
	}
	return appendStyled(dst, splitTimestamp(ts), floorDiv64(ts, USecsPerDay), st, false, 0, "")
}

// AppendTimestampTZStyle appends a timestamptz shown in loc in the given
// DateStyle; the non-ISO styles name the zone by its abbreviation.
func AppendTimestampTZStyle(dst []byte, ts int64, loc *time.Location, st DateStyle) []byte {
	if st.Style == StyleISO || !IsFiniteTimestamp(ts) {
		return AppendTimestampTZ(dst, ts, loc)
	}
	off := offsetAt(ts, loc)
	local := ts + int64(off)*USecsPerSec
	return appendStyled(dst, splitTimestamp(local), floorDiv64(local, USecsPerDay), st, true, off, ZoneAbbrev(ts, loc))
}

func appendStyled(dst []byte, f fields, days int64, st DateStyle, tz bool, off int, abbrev string) []byte {
	dy := f.year
	if dy <= 0 {
		dy = 1 - dy
	}
	clock := func() {
		dst = append2(dst, f.hour)
		dst = append(dst, ':')
		dst = append2(dst, f.min)
		dst = append(dst, ':')
		dst = append2(dst, f.sec)
		dst = appendFrac(dst, f.usec)
	}
	zone := func() {
		if !tz {
			return
		}
		dst = append(dst, ' ')
		if abbrev != "" && abbrev[0] != '+' && abbrev[0] != '-' {
			dst = append(dst, abbrev...)
		} else {
			dst = appendOffset(dst, off)
		}
	}
	switch st.Style {
	case StylePostgres:
		dow := int((days%7 + 7 + 6) % 7)
		dst = append(dst, dayFull[dow][:3]...)
		dst = append(dst, ' ')
		if st.Order == OrderDMY {
			dst = append2(dst, f.mday)
			dst = append(dst, ' ')
			dst = append(dst, monthAbbr[f.mon]...)
		} else {
			dst = append(dst, monthAbbr[f.mon]...)
			dst = append(dst, ' ')
			dst = append2(dst, f.mday)
		}
		dst = append(dst, ' ')
		clock()
		dst = append(dst, ' ')
		dst = appendPadded(dst, int64(dy), 4)
		zone()
	default:
		sep := byte('/')
		first, second := f.mon, f.mday
		if st.Style == StyleGerman {
			sep = '.'
			first, second = f.mday, f.mon
		} else if st.Order == OrderDMY {
			first, second = f.mday, f.mon
		}
		dst = append2(dst, first)
		dst = append(dst, sep)
		dst = append2(dst, second)
		dst = append(dst, sep)
		dst = appendPadded(dst, int64(dy), 4)
		dst = append(dst, ' ')
		clock()
		zone()
	}
	if f.year <= 0 {
		dst = append(dst, " BC"...)
	}
	return dst
}

// ParseDateStyle reads a DateStyle setting value such as 'ISO, MDY',
// 'SQL, DMY' or 'German'; ok is false for anything else.
func ParseDateStyle(s string, cur DateStyle) (DateStyle, bool) {
	r := cur
	for _, part := range strings.Split(s, ",") {
		switch strings.ToLower(strings.TrimSpace(part)) {
		case "iso":
			r.Style = StyleISO
		case "sql":
			r.Style = StyleSQL
		case "postgres":
			r.Style = StylePostgres
		case "german":
			r.Style = StyleGerman
			if !strings.Contains(strings.ToLower(s), "mdy") && !strings.Contains(strings.ToLower(s), "ymd") {
				r.Order = OrderDMY
			}
		case "mdy", "us", "noneuropean", "non-european":
			r.Order = OrderMDY
		case "dmy", "euro", "european":
			r.Order = OrderDMY
		case "ymd":
			r.Order = OrderYMD
		case "default":
		default:
			return cur, false
		}
	}
	return r, true
}

// String spells the setting as SHOW DateStyle does.
func (st DateStyle) String() string {
	s := [...]string{"ISO", "SQL", "Postgres", "German"}[st.Style]
	o := [...]string{"MDY", "DMY", "YMD"}[st.Order]
	return s + ", " + o
}
