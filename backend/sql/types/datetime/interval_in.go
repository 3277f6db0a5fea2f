package datetime

import (
	"math"
	"strconv"
	"strings"

	"ringpg/pgerr"
)

func ivSyntaxErr(s string) error {
	return pgerr.New("22007", "invalid input syntax for type interval: \"%s\"", s)
}

func ivRangeErr(s string) error {
	return pgerr.New("22015", "interval field value out of range: \"%s\"", s)
}

// Interval typmod range bits, as PostgreSQL's INTERVAL_MASK.
const (
	ivMonth  = 1 << 1
	ivYear   = 1 << 2
	ivDay    = 1 << 3
	ivHour   = 1 << 10
	ivMinute = 1 << 11
	ivSecond = 1 << 12

	ivFullRange     = 0x7FFF
	ivFullPrecision = 0xFFFF
)

// IntervalTypmod builds an interval typmod from a range mask (the IV*
// constants or'ed, 0 for all fields) and a precision (-1 for none).
func IntervalTypmod(rangeMask int32, precision int32) int32 {
	if rangeMask == 0 {
		rangeMask = ivFullRange
	}
	if precision < 0 {
		precision = ivFullPrecision
	}
	return rangeMask<<16 | precision
}

// Interval range masks for IntervalTypmod.
const (
	IVYear   = ivYear
	IVMonth  = ivMonth
	IVDay    = ivDay
	IVHour   = ivHour
	IVMinute = ivMinute
	IVSecond = ivSecond
)

// ivAcc accumulates interval fields as DecodeInterval does, in the
// broken-down form, with float fractions spread down the units.
type ivAcc struct {
	year, mon, day, hour, min, sec int64
	usec                           float64
	seen                           int // unitBits of the fields read
}

var unitBits = map[string]int{"us": 1, "ms": 2, "s": 4, "min": 8, "h": 16, "d": 32, "w": 64,
	"mon": 128, "y": 256, "dec": 512, "c": 1024, "mil": 2048, "clock": 4096, "ym": 8192}

func (a *ivAcc) fractSeconds(frac float64, scale float64) {
	if frac == 0 {
		return
	}
	sec := frac * scale
	whole := math.Trunc(sec)
	a.sec += int64(whole)
	a.usec += math.Trunc((sec - whole) * 1e6)
}

func (a *ivAcc) fractDays(frac float64, scale float64) {
	if frac == 0 {
		return
	}
	days := frac * scale
	whole := math.Trunc(days)
	a.day += int64(whole)
	a.fractSeconds(days-whole, 86400)
}

// unitOf maps an interval unit word to a canonical unit name.
func unitOf(w string) string {
	switch w {
	case "microsecond", "microseconds", "microsecon", "us", "usec", "usecs", "useconds":
		return "us"
	case "millisecond", "milliseconds", "millisecon", "ms", "msec", "msecs", "mseconds":
		return "ms"
	case "second", "seconds", "s", "sec", "secs":
		return "s"
	case "minute", "minutes", "m", "min", "mins":
		return "min"
	case "hour", "hours", "h", "hr", "hrs":
		return "h"
	case "day", "days", "d":
		return "d"
	case "week", "weeks", "w":
		return "w"
	case "month", "months", "mon", "mons":
		return "mon"
	case "year", "years", "y", "yr", "yrs":
		return "y"
	case "decade", "decades", "dec", "decs":
		return "dec"
	case "century", "centuries", "c", "cent":
		return "c"
	case "millennium", "millennia", "mil", "mils":
		return "mil"
	}
	return ""
}

// splitNumber splits "-1.5days" into "-1", ".5" and "days".
func splitNumber(s string) (intPart, frac, rest string, ok bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	k := j
	if k < len(s) && s[k] == '.' {
		k++
		for k < len(s) && isDigit(s[k]) {
			k++
		}
	}
	if j == i && k <= j+1 {
		return "", "", "", false
	}
	return s[:j], s[j:k], s[k:], true
}

// ParseInterval reads an interval literal as interval_in does
// (IntervalStyle postgres input rules) and applies typmod (-1: none).
func ParseInterval(s string, typmod int32) (Interval, error) {
	return ParseIntervalStyle(s, typmod, IntervalPostgres)
}

// ParseIntervalStyle is ParseInterval under a given IntervalStyle: with
// sql_standard, a leading minus sign on the first field makes every field
// negative when no other field carries a sign ('-1 2:03:04' is minus one
// day, two hours, ...).
func ParseIntervalStyle(s string, typmod int32, style IntervalStyle) (Interval, error) {
	in := strings.TrimSpace(lower(s))
	if strings.HasPrefix(in, "p") {
		iv, err := parseISOInterval(in, s)
		if err != nil {
			return Interval{}, err
		}
		return AdjustInterval(iv, typmod)
	}
	rangeMask := int32(ivFullRange)
	if typmod >= 0 {
		rangeMask = typmod >> 16 & 0x7FFF
	}
	fs := strings.Fields(strings.ReplaceAll(in, ",", " "))
	if len(fs) > 0 && strings.HasPrefix(fs[0], "@") {
		fs[0] = fs[0][1:]
		if fs[0] == "" {
			fs = fs[1:]
		}
	}
	if style == IntervalSQLStandard && len(fs) > 1 && strings.HasPrefix(fs[0], "-") {
		signed := false
		for _, f := range fs[1:] {
			if strings.ContainsAny(f, "+-") {
				signed = true
			}
		}
		if !signed {
			for i := 1; i < len(fs); i++ {
				if f := fs[i]; f != "" && (isDigit(f[0]) || f[0] == '.') {
					fs[i] = "-" + f
				}
			}
		}
	}
	var a ivAcc
	ago := false
	any := false
	pendingNum := "" // a number still waiting for its unit
	for i := 0; i < len(fs); i++ {
		f := fs[i]
		if f == "ago" {
			if pendingNum != "" || !any || ago {
				return Interval{}, ivSyntaxErr(s)
			}
			ago = true
			continue
		}
		if strings.IndexByte(f, ':') >= 0 {
			if pendingNum != "" {
				// "3 4:05:06": the number before a time is days.
				if err := a.addUnit(pendingNum, "d", s); err != nil {
					return Interval{}, err
				}
				pendingNum = ""
			}
			if rangeMask == ivMinute|ivSecond && strings.Count(f, ":") == 1 {
				f = "0:" + strings.TrimPrefix(f, "+") // MINUTE TO SECOND reads mm:ss
				if strings.HasPrefix(f, "0:-") {
					f = "-0:" + f[3:]
				}
			}
			if err := a.addClock(f, s); err != nil {
				return Interval{}, err
			}
			any = true
			continue
		}
		if u := unitOf(f); u != "" {
			if pendingNum == "" {
				return Interval{}, ivSyntaxErr(s)
			}
			if err := a.addUnit(pendingNum, u, s); err != nil {
				return Interval{}, err
			}
			pendingNum = ""
			continue
		}
		ip, frac, rest, ok := splitNumber(f)
		if !ok {
			return Interval{}, ivSyntaxErr(s)
		}
		if pendingNum != "" {
			if err := a.addUnit(pendingNum, defaultUnit(rangeMask), s); err != nil {
				return Interval{}, err
			}
			pendingNum = ""
		}
		any = true
		if strings.HasPrefix(rest, "-") && frac == "" {
			// year-month: 1-2
			m, okm := atoiDigits(rest[1:])
			y, err := strconv.ParseInt(ip, 10, 64)
			if !okm || err != nil || m > 11 {
				if okm && err == nil {
					return Interval{}, ivRangeErr(s)
				}
				return Interval{}, ivSyntaxErr(s)
			}
			if a.seen&unitBits["ym"] != 0 {
				return Interval{}, ivSyntaxErr(s)
			}
			a.seen |= unitBits["ym"]
			if strings.HasPrefix(ip, "-") {
				a.year += y
				a.mon -= int64(m)
			} else {
				a.year += y
				a.mon += int64(m)
			}
			continue
		}
		if rest == "" {
			pendingNum = ip + frac
			continue
		}
		u := unitOf(rest)
		if u == "" {
			return Interval{}, ivSyntaxErr(s)
		}
		if err := a.addUnit(ip+frac, u, s); err != nil {
			return Interval{}, err
		}
	}
	if pendingNum != "" {
		if err := a.addUnit(pendingNum, defaultUnit(rangeMask), s); err != nil {
			return Interval{}, err
		}
	}
	if !any {
		return Interval{}, ivSyntaxErr(s)
	}
	iv, ok := a.interval()
	if !ok {
		if iv.Months != 0 {
			return Interval{}, pgerr.New("22008", "interval out of range")
		}
		return Interval{}, ivRangeErr(s)
	}
	if ago {
		iv, ok = negInterval(iv)
		if !ok {
			return Interval{}, ivRangeErr(s)
		}
	}
	return AdjustInterval(iv, typmod)
}

// defaultUnit is the unit of a bare number: the typmod's last field, or
// seconds.
func defaultUnit(mask int32) string {
	switch {
	case mask == ivFullRange || mask&ivSecond != 0:
		return "s"
	case mask&ivMinute != 0:
		return "min"
	case mask&ivHour != 0:
		return "h"
	case mask&ivDay != 0:
		return "d"
	case mask&ivMonth != 0:
		return "mon"
	case mask&ivYear != 0:
		return "y"
	}
	return "s"
}

// addUnit adds a number (maybe signed and fractional) of a unit; each unit
// may appear once.
func (a *ivAcc) addUnit(num, unit, s string) error {
	bit := unitBits[unit]
	if a.seen&bit != 0 || (bit&(unitBits["h"]|unitBits["min"]|unitBits["s"]) != 0 && a.seen&unitBits["clock"] != 0) {
		return ivSyntaxErr(s)
	}
	a.seen |= bit
	ip, frac, _, _ := splitNumber(num)
	neg := strings.HasPrefix(ip, "-")
	v := int64(0)
	if digits := strings.TrimLeft(ip, "+-"); digits != "" {
		var err error
		v, err = strconv.ParseInt(digits, 10, 64)
		if err != nil || v > math.MaxInt32 && !(neg && v == -math.MinInt32) {
			return ivRangeErr(s)
		}
	}
	fv := 0.0
	if frac != "" && frac != "." {
		fv, _ = strconv.ParseFloat("0"+frac, 64)
	}
	if neg {
		v, fv = -v, -fv
	}
	switch unit {
	case "us":
		a.usec += math.Trunc(float64(v) + fv)
	case "ms":
		a.sec += v / 1000
		a.usec += math.Trunc((float64(v%1000) + fv) * 1000)
	case "s":
		a.sec += v
		a.usec += math.Trunc(fv * 1e6)
	case "min":
		a.min += v
		a.fractSeconds(fv, 60)
	case "h":
		a.hour += v
		a.fractSeconds(fv, 3600)
	case "d":
		a.day += v
		a.fractSeconds(fv, 86400)
	case "w":
		a.day += v * 7
		a.fractDays(fv, 7)
	case "mon":
		a.mon += v
		a.fractDays(fv, 30)
	case "y":
		a.year += v
		a.mon += int64(math.RoundToEven(fv * 12))
	case "dec":
		a.year += v * 10
		a.mon += int64(math.RoundToEven(fv * 120))
	case "c":
		a.year += v * 100
		a.mon += int64(math.RoundToEven(fv * 1200))
	case "mil":
		a.year += v * 1000
		a.mon += int64(math.RoundToEven(fv * 12000))
	}
	return nil
}

// addClock adds h:m[:s[.f]] or m:s.f, with an optional sign on the whole.
func (a *ivAcc) addClock(f, s string) error {
	neg := false
	if f[0] == '-' || f[0] == '+' {
		neg = f[0] == '-'
		f = f[1:]
	}
	parts := strings.Split(f, ":")
	// A time field gives hours, minutes and seconds: none may be given
	// again, as a unit or another time field.
	if len(parts) > 3 || a.seen&(unitBits["clock"]|unitBits["h"]|unitBits["min"]|unitBits["s"]) != 0 {
		return ivSyntaxErr(s)
	}
	a.seen |= unitBits["clock"]
	last := parts[len(parts)-1]
	frac := ""
	if k := strings.IndexByte(last, '.'); k >= 0 {
		frac, last = last[k:], last[:k]
		parts[len(parts)-1] = last
	}
	var vals [3]int64
	for i, p := range parts {
		if p == "" || strings.IndexByte(p, '+') >= 0 || strings.IndexByte(p, '-') >= 0 {
			return ivSyntaxErr(s)
		}
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return ivRangeErr(s)
		}
		vals[i] = v
	}
	var h, m, sec int64
	switch {
	case len(parts) == 3:
		h, m, sec = vals[0], vals[1], vals[2]
	case frac != "":
		m, sec = vals[0], vals[1] // mm:ss.f
	default:
		h, m = vals[0], vals[1]
	}
	if m > 59 || sec > 60 {
		return ivRangeErr(s)
	}
	us, ok := parseFrac(frac)
	if !ok {
		return ivSyntaxErr(s)
	}
	if neg {
		h, m, sec, us = -h, -m, -sec, -us
	}
	a.hour += h
	a.min += m
	a.sec += sec
	a.usec += float64(us)
	return nil
}

// interval folds the fields into an Interval; ok is false on overflow.
func (a *ivAcc) interval() (Interval, bool) {
	months := a.year*12 + a.mon
	if a.day > math.MaxInt32 || a.day < math.MinInt32 {
		return Interval{}, false
	}
	if months > math.MaxInt32 || months < math.MinInt32 {
		return Interval{Months: 1}, false
	}
	us, ok := checkedMicros(a.hour, a.min, a.sec, int64(a.usec))
	if !ok {
		return Interval{}, false
	}
	return Interval{Months: int32(months), Days: int32(a.day), Micros: us}, true
}

func negInterval(iv Interval) (Interval, bool) {
	if iv.Months == math.MinInt32 || iv.Days == math.MinInt32 || iv.Micros == math.MinInt64 {
		return Interval{}, false
	}
	return Interval{Months: -iv.Months, Days: -iv.Days, Micros: -iv.Micros}, true
}

// parseISOInterval reads ISO 8601 durations: P1Y2M3DT4H5M6.5S, P2W and the
// alternative form P0001-02-03T04:05:06.
func parseISOInterval(in, orig string) (Interval, error) {
	var a ivAcc
	s := in[1:]
	if s == "" {
		return Interval{}, ivSyntaxErr(orig)
	}
	inTime := false
	for len(s) > 0 {
		if s[0] == 't' {
			if inTime {
				return Interval{}, ivSyntaxErr(orig)
			}
			inTime = true
			s = s[1:]
			continue
		}
		ip, frac, rest, ok := splitNumber(s)
		if !ok || rest == "" {
			return Interval{}, ivSyntaxErr(orig)
		}
		num := ip + frac
		var unit string
		switch rest[0] {
		case 'y':
			unit = "y"
		case 'm':
			if inTime {
				unit = "min"
			} else {
				unit = "mon"
			}
		case 'w':
			unit = "w"
		case 'd':
			unit = "d"
		case 'h':
			unit = "h"
		case 's':
			unit = "s"
		case '-', ':':
			return parseISOAltInterval(in, orig)
		default:
			return Interval{}, ivSyntaxErr(orig)
		}
		if inTime != (unit == "h" || unit == "min" || unit == "s") {
			return Interval{}, ivSyntaxErr(orig)
		}
		if err := a.addUnit(num, unit, orig); err != nil {
			return Interval{}, err
		}
		s = rest[1:]
	}
	iv, ok := a.interval()
	if !ok {
		return Interval{}, ivRangeErr(orig)
	}
	return iv, nil
}

func parseISOAltInterval(in, orig string) (Interval, error) {
	s := in[1:]
	datePart, timePart := s, ""
	if k := strings.IndexByte(s, 't'); k >= 0 {
		datePart, timePart = s[:k], s[k+1:]
	}
	var a ivAcc
	if datePart != "" {
		ps := strings.Split(datePart, "-")
		if len(ps) != 3 {
			return Interval{}, ivSyntaxErr(orig)
		}
		units := []string{"y", "mon", "d"}
		for i, p := range ps {
			if _, ok := atoiDigits(p); !ok {
				return Interval{}, ivSyntaxErr(orig)
			}
			if err := a.addUnit(p, units[i], orig); err != nil {
				return Interval{}, err
			}
		}
	}
	if timePart != "" {
		if err := a.addClock(timePart, orig); err != nil {
			return Interval{}, err
		}
	}
	iv, ok := a.interval()
	if !ok {
		return Interval{}, ivRangeErr(orig)
	}
	return iv, nil
}

// AdjustInterval applies an interval typmod: it drops fields right of the
// range's last field and rounds the seconds to the precision.
func AdjustInterval(iv Interval, typmod int32) (Interval, error) {
	if typmod < 0 {
		return iv, nil
	}
	rng := typmod >> 16 & 0x7FFF
	prec := typmod & 0xFFFF
	switch rng {
	case ivFullRange:
	case ivYear:
		iv = Interval{Months: iv.Months / 12 * 12}
	case ivMonth, ivYear | ivMonth:
		iv = Interval{Months: iv.Months}
	case ivDay:
		iv.Micros = 0
	case ivHour, ivDay | ivHour:
		iv.Micros = iv.Micros / USecsPerHour * USecsPerHour
	case ivMinute, ivDay | ivHour | ivMinute, ivHour | ivMinute:
		iv.Micros = iv.Micros / USecsPerMin * USecsPerMin
	}
	if prec != ivFullPrecision && prec < 6 && rng&ivSecond != 0 || (rng == ivFullRange && prec < 6) {
		u := roundUnits[prec]
		if iv.Micros >= 0 {
			iv.Micros = (iv.Micros + u/2) / u * u
		} else {
			iv.Micros = -((-iv.Micros + u/2) / u * u)
		}
	}
	return iv, nil
}

// checkedMicros returns ((h×60+m)×60+s)×10^6+us, reporting int64 overflow.
func checkedMicros(h, m, s, us int64) (int64, bool) {
	const lim = math.MaxInt64
	terms := [4][2]int64{{h, USecsPerHour}, {m, USecsPerMin}, {s, USecsPerSec}, {us, 1}}
	var sum int64
	for _, t := range terms {
		if t[0] != 0 && (t[0] > lim/t[1] || t[0] < -lim/t[1]) {
			return 0, false
		}
		v := t[0] * t[1]
		if (v > 0 && sum > lim-v) || (v < 0 && sum < math.MinInt64-v) {
			return 0, false
		}
		sum += v
	}
	return sum, true
}
