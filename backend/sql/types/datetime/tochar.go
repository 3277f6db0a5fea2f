package datetime

import (
	"strconv"

	"ringpg/pgerr"
	"strings"
	"time"
)

// charFields is what to_char prints from.
type charFields struct {
	f      fields
	days   int64 // day number since 2000-01-01
	off    int   // zone offset east, seconds
	abbrev string
	hasTZ  bool
	// interval marks to_char(interval): patterns tied to calendar dates
	// or zones are rejected.
	interval bool
}

// calendarOnly lists the to_char patterns that an interval cannot print.
var calendarOnly = map[string]bool{
	"MON": true, "Mon": true, "mon": true, "MONTH": true, "Month": true, "month": true,
	"DAY": true, "Day": true, "day": true, "DY": true, "Dy": true, "dy": true, "D": true, "ID": true,
	"TZ": true, "tz": true, "OF": true, "of": true, "TZH": true, "TZM": true,
	"AD": true, "ad": true, "BC": true, "bc": true, "A.D.": true, "a.d.": true, "B.C.": true, "b.c.": true,
}

var monthAbbr = [...]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
var dayFull = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
var romanMonths = [...]string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

// toCharPatterns lists the patterns longest first where prefixes collide.
// Patterns whose letters name text are matched case-sensitively to pick
// upper, capitalized or lower case output; numeric ones in any case.
var toCharPatterns = []string{
	"A.D.", "a.d.", "A.M.", "a.m.", "B.C.", "b.c.", "P.M.", "p.m.",
	"Y,YYY", "HH24", "HH12", "IYYY", "IDDD", "SSSSS", "SSSS", "MONTH", "Month", "month",
	"YYYY", "YYY", "IYY", "DDD", "DAY", "Day", "day", "MON", "Mon", "mon",
	"FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "TZH", "TZM",
	"AD", "ad", "AM", "am", "BC", "bc", "PM", "pm", "CC", "DD", "DY", "Dy", "dy",
	"HH", "ID", "IW", "IY", "MI", "MM", "MS", "OF", "of", "RM", "rm", "SS", "TZ", "tz", "US", "WW", "YY",
	"D", "I", "J", "Q", "W", "Y",
}

// caseSensitive patterns keep their spelling; others match in any case.
var caseSensitive = map[string]bool{
	"A.D.": true, "a.d.": true, "A.M.": true, "a.m.": true, "B.C.": true, "b.c.": true, "P.M.": true, "p.m.": true,
	"MONTH": true, "Month": true, "month": true, "DAY": true, "Day": true, "day": true, "MON": true, "Mon": true, "mon": true,
	"AD": true, "ad": true, "AM": true, "am": true, "BC": true, "bc": true, "PM": true, "pm": true, "DY": true, "Dy": true, "dy": true,
	"RM": true, "rm": true, "TZ": true, "tz": true, "OF": true, "of": true,
}

func matchPattern(s string) string {
	for _, p := range toCharPatterns {
		if len(s) < len(p) {
			continue
		}
		if caseSensitive[p] {
			if s[:len(p)] == p {
				return p
			}
		} else if strings.EqualFold(s[:len(p)], p) {
			return strings.ToUpper(p)
		}
	}
	return ""
}

// ToCharTimestamp implements to_char(timestamp, format).
func ToCharTimestamp(ts int64, format string) (string, bool) {
	if !IsFiniteTimestamp(ts) || format == "" {
		return "", false // PostgreSQL returns NULL
	}
	f := splitTimestamp(ts)
	out, _ := toChar(charFields{f: f, days: floorDiv64(ts, USecsPerDay)}, format)
	return out, true
}

// ToCharTimestampTZ implements to_char(timestamptz, format) in loc.
func ToCharTimestampTZ(ts int64, format string, loc *time.Location) (string, bool) {
	if !IsFiniteTimestamp(ts) || format == "" {
		return "", false
	}
	off := offsetAt(ts, loc)
	local := ts + int64(off)*USecsPerSec
	cf := charFields{f: splitTimestamp(local), days: floorDiv64(local, USecsPerDay), off: off, abbrev: ZoneAbbrev(ts, loc), hasTZ: true}
	out, _ := toChar(cf, format)
	return out, true
}

// ToCharInterval implements to_char(interval, format) for the clock and
// day patterns; ok is false (NULL) for an empty format.
func ToCharInterval(iv Interval, format string) (out string, ok bool, err error) {
	year, mon, day, hour, min, sec, usec := intervalParts(iv)
	if format == "" {
		return "", false, nil
	}
	cf := charFields{f: fields{year: int(year), mon: int(mon), mday: int(day), hour: int(hour), min: int(min), sec: int(sec), usec: usec}, interval: true}
	out, err = toChar(cf, format)
	return out, err == nil, err
}

func ordinal(n int64) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

// toChar prints cf by format; it fails only for an interval given a
// calendar pattern.
func toChar(cf charFields, format string) (string, error) {
	var b []byte
	f := cf.f
	dispYear := int64(f.year)
	if dispYear <= 0 {
		dispYear = 1 - dispYear
	}
	dow := int((cf.days%7 + 7 + 6) % 7)
	doy := cf.days - daysFromCivil(f.year, 1, 1) + 1
	hour12 := f.hour % 12
	if hour12 == 0 {
		hour12 = 12
	}
	for i := 0; i < len(format); {
		c := format[i]
		if c == '"' {
			j := i + 1
			for j < len(format) && format[j] != '"' {
				if format[j] == '\\' && j+1 < len(format) {
					j++
				}
				b = append(b, format[j])
				j++
			}
			i = j + 1
			continue
		}
		// Outside quotes a backslash escapes only a double quote.
		if c == '\\' && i+1 < len(format) && format[i+1] == '"' {
			b = append(b, format[i+1])
			i += 2
			continue
		}
		// One prefix at most: FM (fill mode) or TM (translation mode,
		// which prints day and month names unpadded). A prefix followed
		// by no pattern is dropped.
		fm, tm := false, false
		if i+2 <= len(format) {
			switch format[i : i+2] {
			case "FM", "fm":
				fm = true
				i += 2
			case "TM", "tm":
				tm = true
				i += 2
			}
		}
		if i >= len(format) {
			break
		}
		p := matchPattern(format[i:])
		if p == "" {
			// The character after a dropped prefix is literal, even
			// when it could start another prefix.
			b = append(b, format[i])
			i++
			continue
		}
		if cf.interval && calendarOnly[p] {
			return "", pgerr.New("22007", "invalid format specification for an interval value").
				WithHint("Intervals are not tied to specific calendar dates.")
		}
		i += len(p)
		num := func(v int64, width int) {
			start := len(b)
			if fm {
				b = strconv.AppendInt(b, v, 10)
			} else if v < 0 {
				b = appendPadded(b, v, width+1)
			} else {
				b = appendPadded(b, v, width)
			}
			if i+2 <= len(format) && (format[i:i+2] == "TH" || format[i:i+2] == "th") {
				suf := ordinal(v)
				if format[i:i+2] == "TH" {
					suf = strings.ToUpper(suf)
				}
				b = append(b, suf...)
				i += 2
			}
			_ = start
		}
		text := func(s string, pad int) {
			b = append(b, s...)
			if !fm && !tm {
				for k := len(s); k < pad; k++ {
					b = append(b, ' ')
				}
			}
		}
		switch p {
		case "Y,YYY":
			b = strconv.AppendInt(b, dispYear/1000, 10)
			b = append(b, ',')
			b = appendPadded(b, dispYear%1000, 3)
		case "YYYY":
			num(dispYear, 4)
		case "YYY":
			num(dispYear%1000, 3)
		case "YY":
			num(dispYear%100, 2)
		case "Y":
			num(dispYear%10, 1)
		case "IYYY", "IYY", "IY", "I":
			iy, _ := isoWeek(f.year, f.mon, f.mday)
			v := int64(iy)
			if v <= 0 {
				v = 1 - v
			}
			switch p {
			case "IYYY":
				num(v, 4)
			case "IYY":
				num(v%1000, 3)
			case "IY":
				num(v%100, 2)
			default:
				num(v%10, 1)
			}
		case "MM":
			num(int64(f.mon), 2)
		case "DD", "DDD":
			// (PostgreSQL pads these to the width with the sign
			// counted in it: -1, not -01.)
			v, w := int64(f.mday), 2
			if p == "DDD" {
				v, w = doy, 3
			}
			if v < 0 && !fm {
				b = appendPadded(b, v, w)
				break
			}
			num(v, w)
		case "IDDD":
			_, w := isoWeek(f.year, f.mon, f.mday)
			isodow := dow
			if isodow == 0 {
				isodow = 7
			}
			num(int64((w-1)*7+isodow), 3)
		case "D":
			num(int64(dow+1), 1)
		case "ID":
			isodow := dow
			if isodow == 0 {
				isodow = 7
			}
			num(int64(isodow), 1)
		case "HH", "HH12":
			num(int64(hour12), 2)
		case "HH24":
			num(int64(f.hour), 2)
		case "MI":
			num(int64(f.min), 2)
		case "SS":
			num(int64(f.sec), 2)
		case "MS":
			num(f.usec/1000, 3)
		case "US":
			num(f.usec, 6)
		case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6":
			n := int(p[2] - '0')
			b = appendPadded(b, f.usec/roundUnits[n], n)
		case "SSSS", "SSSSS":
			num(int64(f.hour*3600+f.min*60+f.sec), 1)
		case "AM", "PM":
			b = append(b, map[bool]string{true: "PM", false: "AM"}[f.hour >= 12]...)
		case "am", "pm":
			b = append(b, map[bool]string{true: "pm", false: "am"}[f.hour >= 12]...)
		case "A.M.", "P.M.":
			b = append(b, map[bool]string{true: "P.M.", false: "A.M."}[f.hour >= 12]...)
		case "a.m.", "p.m.":
			b = append(b, map[bool]string{true: "p.m.", false: "a.m."}[f.hour >= 12]...)
		case "AD", "BC":
			b = append(b, map[bool]string{true: "BC", false: "AD"}[f.year <= 0]...)
		case "ad", "bc":
			b = append(b, map[bool]string{true: "bc", false: "ad"}[f.year <= 0]...)
		case "A.D.", "B.C.":
			b = append(b, map[bool]string{true: "B.C.", false: "A.D."}[f.year <= 0]...)
		case "a.d.", "b.c.":
			b = append(b, map[bool]string{true: "b.c.", false: "a.d."}[f.year <= 0]...)
		case "Month":
			text(monthNameCap(f.mon), 9)
		case "MONTH":
			text(strings.ToUpper(monthNameCap(f.mon)), 9)
		case "month":
			text(monthNames[clampMon(f.mon)], 9)
		case "Mon":
			b = append(b, monthAbbr[clampMon(f.mon)]...)
		case "MON":
			b = append(b, strings.ToUpper(monthAbbr[clampMon(f.mon)])...)
		case "mon":
			b = append(b, strings.ToLower(monthAbbr[clampMon(f.mon)])...)
		case "Day":
			text(dayFull[dow], 9)
		case "DAY":
			text(strings.ToUpper(dayFull[dow]), 9)
		case "day":
			text(strings.ToLower(dayFull[dow]), 9)
		case "Dy":
			b = append(b, dayFull[dow][:3]...)
		case "DY":
			b = append(b, strings.ToUpper(dayFull[dow][:3])...)
		case "dy":
			b = append(b, strings.ToLower(dayFull[dow][:3])...)
		case "RM":
			tm = false // roman months pad even in TM mode
			text(romanMonths[clampMon(f.mon)], 4)
		case "rm":
			tm = false // roman months pad even in TM mode
			text(strings.ToLower(romanMonths[clampMon(f.mon)]), 4)
		case "Q":
			num(int64((f.mon-1)/3+1), 1)
		case "WW":
			num((doy-1)/7+1, 2)
		case "W":
			num(int64((f.mday-1)/7+1), 1)
		case "IW":
			_, w := isoWeek(f.year, f.mon, f.mday)
			num(int64(w), 2)
		case "J":
			num(cf.days+epochJulian, 1)
		case "CC":
			cc := centuryOf(f.year)
			num(cc, 2)
		case "TZ":
			if cf.hasTZ {
				b = append(b, strings.ToUpper(cf.abbrev)...)
			}
		case "tz":
			if cf.hasTZ {
				b = append(b, strings.ToLower(cf.abbrev)...)
			}
		case "OF", "of":
			if cf.hasTZ {
				b = appendOffset(b, cf.off)
			}
		case "TZH":
			if cf.hasTZ {
				if cf.off < 0 {
					b = append(b, '-')
				} else {
					b = append(b, '+')
				}
				b = append2(b, abs(cf.off)/3600)
			}
		case "TZM":
			if cf.hasTZ {
				b = append2(b, abs(cf.off)%3600/60)
			}
		}
	}
	return string(b), nil
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func clampMon(m int) int {
	if m < 1 || m > 12 {
		return 0
	}
	return m
}

func monthNameCap(m int) string {
	n := monthNames[clampMon(m)]
	if n == "" {
		return ""
	}
	return strings.ToUpper(n[:1]) + n[1:]
}
