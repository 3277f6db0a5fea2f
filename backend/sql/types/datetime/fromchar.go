package datetime

import (
	"strings"
	"time"

	"ringpg/pgerr"
)

// to_date and to_timestamp(text, text): the input is read under
// to_char's template. Numeric fields take up to their width in digits
// (all the digits there are when the input is separated), leading blanks
// are skipped before each field, names (Mon, Month, Dy, Day) match in any
// case, and every other template character passes over one input
// character. Fields the template lacks default to January 1 of year 1,
// midnight.

// fromChar holds what a template read.
type fromChar struct {
	year, month, day   int
	hour, min          int
	usec               int64
	pm, hasMeridian    bool
	hour12             bool
	tzOff              int // seconds east, when hasTZ
	hasTZ, negTZ, bcYr bool
	// doy is DDD; isoYear, isoWeek, isoDay and isoDoy are IYYY, IW, ID
	// and IDDD (0 when not given); mode is the date convention the
	// template used (dateGregorian or dateISO), which may not be mixed.
	doy, isoYear, isoWeek, isoDay, isoDoy int
	mode                                  int
	// julian is the J field (a Julian day number) when hasJ; it sets the
	// date, overriding the year, month and day.
	julian int
	hasJ   bool
}

const (
	dateGregorian = 1 + iota
	dateISO
)

// setMode records the convention a field belongs to.
func (fc *fromChar) setMode(m int) error {
	if fc.mode != 0 && fc.mode != m {
		return pgerr.New("22007", "invalid combination of date conventions").
			WithHint("Do not mix Gregorian and ISO week date conventions in a formatting template.")
	}
	fc.mode = m
	return nil
}

var fromWidths = map[string]int{
	"YYYY": 4, "Y,YYY": 5, "YYY": 3, "YY": 2, "Y": 1, "MM": 2, "DD": 2, "DDD": 3, "HH": 2, "HH12": 2, "HH24": 2,
	"MI": 2, "SS": 2, "MS": 3, "US": 6, "FF1": 1, "FF2": 2, "FF3": 3, "FF4": 4, "FF5": 5, "FF6": 6,
	"TZH": 3, "TZM": 2, "D": 1, "ID": 1, "CC": 2, "J": 7, "Q": 1, "W": 1, "WW": 2, "IW": 2, "SSSS": 5, "SSSSS": 5,
	"IYYY": 4, "IYY": 3, "IY": 2, "I": 1, "IDDD": 3,
}

func badValue(v, pat string) error {
	return pgerr.New("22007", "invalid value \"%s\" for \"%s\"", v, pat).WithDetail("Value must be an integer.")
}

// parseFromChar reads in under format.
func parseFromChar(in, format string) (*fromChar, error) {
	// The year defaults to 0 (1 BC), as in PostgreSQL.
	fc := &fromChar{year: 0, month: 1, day: 1}
	i := 0
	skipBlanks := func() {
		for i < len(in) && in[i] == ' ' {
			i++
		}
	}
	for k := 0; k < len(format); {
		if i >= len(in) {
			break // the rest of the template is ignored once the input ends
		}
		if strings.HasPrefix(strings.ToUpper(format[k:]), "FM") || strings.HasPrefix(strings.ToUpper(format[k:]), "FX") {
			k += 2
			continue
		}
		if format[k] == '"' {
			k++
			for k < len(format) && format[k] != '"' {
				if format[k] == '\\' && k+1 < len(format) {
					k++
				}
				k++
				if i < len(in) {
					i++
				}
			}
			k++
			continue
		}
		pat := matchPattern(format[k:])
		if pat == "" {
			// A separator: blanks in the template match any run of
			// blanks; other characters pass over one input character.
			if format[k] == ' ' {
				skipBlanks()
			} else if i < len(in) && !isDigitByte(in[i]) {
				i++
			}
			k++
			continue
		}
		k += len(pat)
		up := strings.ToUpper(pat)
		switch up {
		case "MON", "MONTH":
			if err := fc.setMode(dateGregorian); err != nil {
				return nil, err
			}
			skipBlanks()
			m, n := matchName(in[i:], up == "MONTH")
			if m == 0 {
				return nil, pgerr.New("22007", "invalid value \"%s\" for \"%s\"", word(in[i:]), pat).
					WithDetail("The given value did not match any of the allowed values for this field.")
			}
			fc.month, i = m, i+n
			continue
		case "DY", "DAY":
			skipBlanks()
			_, n := matchDay(in[i:], up == "DAY")
			if n == 0 {
				return nil, pgerr.New("22007", "invalid value \"%s\" for \"%s\"", word(in[i:]), pat).
					WithDetail("The given value did not match any of the allowed values for this field.")
			}
			i += n
			continue
		case "AM", "PM", "A.M.", "P.M.":
			skipBlanks()
			rest := strings.ToUpper(in[i:])
			for _, m := range []string{"A.M.", "P.M.", "AM", "PM"} {
				if strings.HasPrefix(rest, m) {
					fc.hasMeridian, fc.pm = true, m[0] == 'P'
					i += len(m)
					break
				}
			}
			continue
		case "AD", "BC", "A.D.", "B.C.":
			skipBlanks()
			rest := strings.ToUpper(in[i:])
			for _, m := range []string{"A.D.", "B.C.", "AD", "BC"} {
				if strings.HasPrefix(rest, m) {
					fc.bcYr = m[0] == 'B'
					i += len(m)
					break
				}
			}
			continue
		case "TZ", "OF":
			skipBlanks()
			for i < len(in) && in[i] != ' ' {
				i++
			}
			continue
		}
		width, numeric := fromWidths[up]
		if !numeric {
			continue
		}
		skipBlanks()
		neg := false
		if up == "TZH" && i < len(in) && (in[i] == '-' || in[i] == '+') {
			neg = in[i] == '-'
			i++
			width--
		}
		start := i
		for i < len(in) && isDigitByte(in[i]) && (i-start < width || k >= len(format) || !isPatternStart(format[k:])) {
			if up == "Y,YYY" && i-start == 1 && i < len(in) && in[i] == ',' {
				i++
			}
			i++
		}
		digits := strings.ReplaceAll(in[start:i], ",", "")
		if digits == "" {
			return nil, badValue(word(in[start:]), pat)
		}
		v := 0
		for _, c := range []byte(digits) {
			v = v*10 + int(c-'0')
		}
		switch up {
		case "YYYY", "Y,YYY", "YYY", "YY", "Y", "MM", "DD", "DDD", "D", "WW", "W":
			if err := fc.setMode(dateGregorian); err != nil {
				return nil, err
			}
		case "IYYY", "IYY", "IY", "I", "IW", "ID", "IDDD":
			if err := fc.setMode(dateISO); err != nil {
				return nil, err
			}
		}
		switch up {
		case "DDD":
			fc.doy = v
		case "J":
			fc.julian, fc.hasJ = v, true
		case "IYYY":
			fc.isoYear = v
		case "IYY":
			fc.isoYear = v + 1000
			if v < 520 {
				fc.isoYear = v + 2000
			}
		case "IY":
			fc.isoYear = v + 1900
			if v < 70 {
				fc.isoYear = v + 2000
			}
		case "I":
			fc.isoYear = v + 2000
		case "IW":
			fc.isoWeek = v
		case "ID":
			fc.isoDay = v
		case "IDDD":
			fc.isoDoy = v
		case "YYYY", "Y,YYY":
			fc.year = v
		case "YYY":
			fc.year = v + 1000*(v/1000) // three digits: the nearest year, as 2xxx for small ones
			if v < 1000 {
				fc.year = v + 2000
			}
		case "YY":
			fc.year = v + 1900
			if v < 70 {
				fc.year = v + 2000
			}
		case "Y":
			fc.year = v + 2000
		case "MM":
			fc.month = v
		case "DD":
			fc.day = v
		case "HH", "HH12":
			fc.hour, fc.hour12 = v, true
		case "HH24":
			fc.hour = v
		case "MI":
			fc.min = v
		case "SS":
			fc.usec += int64(v) * 1e6
		case "MS":
			fc.usec += int64(v) * 1000 * pow10(3-len(digits))
		case "US", "FF6":
			fc.usec += int64(v) * pow10(6-len(digits))
		case "FF1", "FF2", "FF3", "FF4", "FF5":
			fc.usec += int64(v) * pow10(6-len(digits))
		case "TZH":
			fc.hasTZ, fc.negTZ = true, neg
			fc.tzOff += v * 3600
		case "TZM":
			fc.hasTZ = true
			fc.tzOff += v * 60
		}
	}
	if fc.negTZ {
		fc.tzOff = -fc.tzOff
	}
	fc.dayFromCounts()
	if fc.hasJ {
		fc.year, fc.month, fc.day = civilFromDays(int64(fc.julian) - epochJulian)
	}
	if fc.bcYr && fc.year > 0 {
		fc.year = -(fc.year - 1)
	}
	if fc.hour12 || fc.hasMeridian {
		if fc.hour < 1 || fc.hour > 12 {
			return nil, pgerr.New("22007", "hour \"%d\" is invalid for the 12-hour clock", fc.hour).
				WithHint("Use the 24-hour clock, or give an hour between 1 and 12.")
		}
		if fc.pm && fc.hour < 12 {
			fc.hour += 12
		} else if !fc.pm && fc.hour == 12 {
			fc.hour = 0
		}
	}
	return fc, nil
}

// dayFromCounts turns an ISO week date (IYYY with IW and ID, or IDDD) or
// a day of the year (DDD) into the year, month and day.
func (fc *fromChar) dayFromCounts() {
	var days int64
	switch {
	case fc.mode == dateISO && fc.isoDoy > 0:
		days = isoWeek1Monday(fc.isoYear) + int64(fc.isoDoy-1)
	case fc.mode == dateISO && fc.isoWeek > 0:
		d := fc.isoDay
		if d == 0 {
			d = 1
		}
		days = isoWeek1Monday(fc.isoYear) + int64(fc.isoWeek-1)*7 + int64(d-1)
	case fc.doy > 0 && (fc.month <= 1 || fc.day <= 1):
		// As PostgreSQL: the day of the year gives the month and the day
		// of the month where the template gave none; past the year's
		// end it gives month 13, which the range check rejects.
		yearLen := 365
		if isLeap(fc.year) {
			yearLen = 366
		}
		if fc.doy > yearLen {
			fc.month = 13
			return
		}
		_, m, d := civilFromDays(daysFromCivil(fc.year, 1, 1) + int64(fc.doy-1))
		if fc.month <= 1 {
			fc.month = m
		}
		if fc.day <= 1 {
			fc.day = d
		}
		return
	default:
		return
	}
	fc.year, fc.month, fc.day = civilFromDays(days)
}

// isoWeek1Monday is the Monday of ISO week 1 of year y: the week with
// January 4th.
func isoWeek1Monday(y int) int64 {
	jan4 := daysFromCivil(y, 1, 4)
	// 2000-01-01 (day 0) was a Saturday: weekday 0 = Monday.
	wd := ((jan4+5)%7 + 7) % 7
	return jan4 - wd
}

func (fc *fromChar) check(in string) error {
	if fc.month < 1 || fc.month > 12 || fc.day < 1 || fc.day > monthLen(fc.year, fc.month) ||
		fc.hour > 24 || fc.min > 59 || fc.usec > 60*1e6 {
		return pgerr.New("22008", "date/time field value out of range: \"%s\"", in)
	}
	return nil
}

func monthLen(y, m int) int {
	leap := 0
	if isLeap(y) {
		leap = 1
	}
	return monthDays[leap][m]
}

func pow10(n int) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// isPatternStart reports whether the template continues with a field
// (then a numeric field before it keeps to its width).
func isPatternStart(f string) bool { return matchPattern(f) != "" }

// word is the input up to the next blank, for messages.
func word(s string) string {
	if j := strings.IndexByte(s, ' '); j >= 0 {
		return s[:j]
	}
	return s
}

func matchName(s string, full bool) (month, n int) {
	up := strings.ToUpper(s)
	for m := 1; m <= 12; m++ {
		name := strings.ToUpper(time.Month(m).String())
		if full && strings.HasPrefix(up, name) {
			return m, len(name)
		}
		if !full && strings.HasPrefix(up, name[:3]) {
			return m, 3
		}
	}
	return 0, 0
}

func matchDay(s string, full bool) (day, n int) {
	up := strings.ToUpper(s)
	for d := 0; d < 7; d++ {
		name := strings.ToUpper(dayFull[d])
		if full && strings.HasPrefix(up, name) {
			return d, len(name)
		}
		if !full && strings.HasPrefix(up, name[:3]) {
			return d, 3
		}
	}
	return 0, 0
}

// signedYear turns an astronomical year (0 is 1 BC) into the signed form
// make_date takes (-1 is 1 BC).
func signedYear(y int) int {
	if y <= 0 {
		return y - 1
	}
	return y
}

// ToDate implements to_date(text, text): days since 2000-01-01.
func ToDate(in, format string) (int64, error) {
	fc, err := parseFromChar(in, format)
	if err != nil {
		return 0, err
	}
	if err := fc.check(in); err != nil {
		return 0, err
	}
	return makeDays(signedYear(fc.year), fc.month, fc.day)
}

// ToTimestampFormat implements to_timestamp(text, text): the fields are read in
// loc unless the template gave an offset (TZH, TZM).
func ToTimestampFormat(in, format string, loc *time.Location) (int64, error) {
	fc, err := parseFromChar(in, format)
	if err != nil {
		return 0, err
	}
	if err := fc.check(in); err != nil {
		return 0, err
	}
	ts, err := MakeTimestamp(signedYear(fc.year), fc.month, fc.day, fc.hour, fc.min, float64(fc.usec)/1e6)
	if err != nil {
		return 0, err
	}
	if fc.hasTZ {
		return ts - int64(fc.tzOff)*USecsPerSec, nil
	}
	return LocalToTimestampTZ(ts, loc)
}
