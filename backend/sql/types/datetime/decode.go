package datetime

import (
	"math"
	"strconv"
	"strings"
	"time"

	"ringpg/pgerr"
)

func syntaxErr(typ, s string) error {
	return pgerr.New("22007", "invalid input syntax for type %s: \"%s\"", typ, s)
}

func fieldRangeErr(s string) error {
	return pgerr.New("22008", "date/time field value out of range: \"%s\"", s)
}

// special inputs.
const (
	spNone = iota
	spEpoch
	spPosInf
	spNegInf
	spNow
	spToday
)

// parsed is what decodeDateTime found in date/time input.
type parsed struct {
	f                   fields
	haveY, haveM, haveD bool
	haveTime            bool
	yearDigits          int
	bc, ad              bool
	ampm                int // 0 none, 1 am, 2 pm
	tzSet               bool
	tzOff               int // seconds east
	tzLoc               *time.Location
	special             int
	dayShift            int // today 0, tomorrow 1, yesterday -1
	allballs            bool
	order               DateOrder
	tzUTCWord           bool // the zone so far is the word utc or gmt
	julian              bool // the next number is a Julian day
}

func (p *parsed) haveDate() bool { return p.haveY || p.haveM || p.haveD }

// parseFrac reads ".ddd" (or "" for none) as microseconds, rounding as
// PostgreSQL's rint does.
func parseFrac(s string) (int64, bool) {
	if s == "" {
		return 0, true
	}
	if s[0] != '.' {
		return 0, false
	}
	if len(s) == 1 {
		return 0, true
	}
	for i := 1; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat("0"+s, 64)
	if err != nil {
		return 0, false
	}
	return int64(math.RoundToEven(f * 1e6)), true
}

func atoiDigits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

// splitInto splits s at sep into out's backing array, without allocating
// for up to len(out) parts; more parts give nil.
func splitInto(s string, sep byte, out []string) []string {
	parts := out[:0]
	for {
		k := strings.IndexByte(s, sep)
		if len(parts) == cap(out) {
			return nil
		}
		if k < 0 {
			return append(parts, s)
		}
		parts = append(parts, s[:k])
		s = s[k+1:]
	}
}

// parseClock reads h:m[:s[.f]].
func parseClock(s string) (h, m, sec int, usec int64, ok bool) {
	var arr [4]string
	parts := splitInto(s, ':', arr[:])
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, 0, false
	}
	if h, ok = atoiDigits(parts[0]); !ok {
		return
	}
	last := parts[len(parts)-1]
	frac := ""
	if k := strings.IndexByte(last, '.'); k >= 0 {
		frac = last[k:]
		last = last[:k]
	}
	if len(parts) == 2 {
		if m, ok = atoiDigits(last); !ok {
			return
		}
		if frac != "" {
			return 0, 0, 0, 0, false
		}
		return h, m, 0, 0, true
	}
	if m, ok = atoiDigits(parts[1]); !ok {
		return
	}
	if sec, ok = atoiDigits(last); !ok {
		return
	}
	usec, ok = parseFrac(frac)
	return
}

// parseOffset reads a numeric zone: +hh, +hhmm, +hh:mm, +hh:mm:ss.
func parseOffset(s string) (int, bool) {
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	s = s[1:]
	var h, m, sec int
	var ok bool
	if strings.IndexByte(s, ':') >= 0 {
		parts := strings.Split(s, ":")
		if len(parts) > 3 {
			return 0, false
		}
		vals := [3]int{}
		for i, p := range parts {
			if vals[i], ok = atoiDigits(p); !ok {
				return 0, false
			}
		}
		h, m, sec = vals[0], vals[1], vals[2]
	} else {
		if strings.IndexByte(s, '.') >= 0 {
			return 0, false
		}
		switch len(s) {
		case 1, 2:
			h, ok = atoiDigits(s)
		case 3, 4:
			h, _ = atoiDigits(s[:len(s)-2])
			m, ok = atoiDigits(s[len(s)-2:])
		case 5, 6:
			h, _ = atoiDigits(s[:len(s)-4])
			m, _ = atoiDigits(s[len(s)-4 : len(s)-2])
			sec, ok = atoiDigits(s[len(s)-2:])
		}
		if !ok {
			return 0, false
		}
	}
	if m >= 60 || sec >= 60 {
		return 0, false
	}
	return sign * (h*3600 + m*60 + sec), true
}

// tzDisplacementLimit is the largest numeric zone accepted: 15:59:59.
const tzDisplacementLimit = 15*3600 + 59*60 + 59

// decodeDateTime interprets date/time input for type typ.
func decodeDateTime(in, typ string, order DateOrder) (parsed, error) {
	var p parsed
	p.order = order
	var buf [12]token
	toks, ok := lex(in, buf[:0])
	if !ok || len(toks) == 0 {
		return p, syntaxErr(typ, in)
	}
	expectTime := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case tkWord:
			if err := p.word(t.s, in, typ, &expectTime); err != nil {
				return p, err
			}
		case tkTime:
			if p.haveTime {
				return p, syntaxErr(typ, in)
			}
			h, m, s, us, ok := parseClock(t.s)
			if !ok {
				return p, syntaxErr(typ, in)
			}
			p.f.hour, p.f.min, p.f.sec, p.f.usec = h, m, s, us
			p.haveTime = true
			expectTime = false
		case tkDate:
			if p.haveDate() {
				return p, syntaxErr(typ, in)
			}
			if err := p.date(t, in, typ); err != nil {
				return p, err
			}
		case tkSigned:
			if !p.haveTime && !p.haveDate() {
				return p, syntaxErr(typ, in)
			}
			off, ok := parseOffset(t.s)
			if ok && p.tzUTCWord {
				// utc+3 is a POSIX zone: three hours west.
				p.tzOff, p.tzUTCWord = -off, false
				continue
			}
			if !ok || p.tzSet || p.tzLoc != nil {
				return p, syntaxErr(typ, in)
			}
			if off > tzDisplacementLimit || off < -tzDisplacementLimit {
				return p, pgerr.New("22009", "time zone displacement out of range: \"%s\"", in)
			}
			p.tzSet, p.tzOff = true, off
		case tkNumber:
			if err := p.number(t.s, in, typ, &expectTime); err != nil {
				return p, err
			}
		}
	}
	if expectTime || p.julian {
		return p, syntaxErr(typ, in)
	}
	return p, nil
}

func (p *parsed) word(w, in, typ string, expectTime *bool) error {
	switch w {
	case "am":
		p.ampm = 1
		return nil
	case "pm":
		p.ampm = 2
		return nil
	case "bc":
		p.bc = true
		return nil
	case "ad":
		p.ad = true
		return nil
	case "t":
		*expectTime = true
		return nil
	case "epoch":
		return p.setSpecial(spEpoch, in, typ)
	case "infinity", "+infinity":
		return p.setSpecial(spPosInf, in, typ)
	case "-infinity":
		return p.setSpecial(spNegInf, in, typ)
	case "now":
		return p.setSpecial(spNow, in, typ)
	case "today", "tomorrow", "yesterday":
		if p.haveDate() || p.special == spToday {
			return syntaxErr(typ, in)
		}
		p.special = spToday
		switch w {
		case "tomorrow":
			p.dayShift = 1
		case "yesterday":
			p.dayShift = -1
		}
		return nil
	case "allballs":
		if p.haveTime {
			return syntaxErr(typ, in)
		}
		p.haveTime, p.allballs = true, true
		p.tzSet, p.tzOff = true, 0
		return nil
	case "at", "on":
		return nil
	case "j":
		p.julian = true
		return nil
	}
	if m := monthOf(w); m > 0 {
		if p.haveM {
			return syntaxErr(typ, in)
		}
		p.f.mon, p.haveM = m, true
		// A day number read before the month ("31 jan") stays the day.
		return nil
	}
	if isDayName(w) {
		return nil
	}
	if a, ok := tzAbbrevs[w]; ok {
		if p.tzSet || p.tzLoc != nil {
			return syntaxErr(typ, in)
		}
		p.tzSet, p.tzOff = true, int(a.offset)
		p.tzUTCWord = w == "utc" || w == "gmt"
		return nil
	}
	if real, ok := zoneFile(w); ok {
		if p.tzSet || p.tzLoc != nil {
			return syntaxErr(typ, in)
		}
		loc, err := time.LoadLocation(real)
		if err != nil {
			return zoneNotRecognized(w)
		}
		p.tzLoc = loc
		return nil
	}
	if strings.IndexByte(w, '/') >= 0 {
		return zoneNotRecognized(w)
	}
	return syntaxErr(typ, in)
}

func (p *parsed) setSpecial(sp int, in, typ string) error {
	if p.special != spNone {
		return syntaxErr(typ, in)
	}
	p.special = sp
	return nil
}

// date reads a field like 2024-01-31, 01/31/2024, 31-jan-2024, jan-31-2024.
func (p *parsed) date(t token, in, typ string) error {
	var arr [4]string
	parts := splitInto(t.s, t.delim, arr[:])
	if len(parts) != 3 {
		if len(parts) == 2 {
			return p.twoPartDate(parts, in, typ)
		}
		return syntaxErr(typ, in)
	}
	for i, part := range parts {
		if part == "" {
			return syntaxErr(typ, in)
		}
		if m := monthOf(part); m > 0 {
			p.f.mon, p.haveM = m, true
			rest := [2]string{}
			k := 0
			for j, q := range parts {
				if j != i {
					rest[k] = q
					k++
				}
			}
			var dayS, yearS string
			switch {
			case i == 0: // jan-31-2024
				dayS, yearS = rest[0], rest[1]
			case i == 1 && len(rest[0]) >= 3: // 2024-jan-31
				yearS, dayS = rest[0], rest[1]
			default: // 31-jan-2024
				dayS, yearS = rest[0], rest[1]
			}
			return p.setDayYear(dayS, yearS, in, typ)
		}
	}
	if len(parts[0]) >= 3 {
		// year first
		return p.setYMD(parts[0], parts[1], parts[2], in, typ)
	}
	switch p.order {
	case OrderDMY:
		return p.setYMD(parts[2], parts[1], parts[0], in, typ)
	case OrderYMD:
		return p.setYMD(parts[0], parts[1], parts[2], in, typ)
	}
	return p.setYMD(parts[2], parts[0], parts[1], in, typ)
}

func (p *parsed) twoPartDate(parts []string, in, typ string) error {
	// "jan-31" style: month and day without a year is not a complete date.
	return syntaxErr(typ, in)
}

func (p *parsed) setDayYear(dayS, yearS, in, typ string) error {
	d, ok1 := atoiDigits(dayS)
	y, ok2 := atoiDigits(yearS)
	if !ok1 || !ok2 {
		return syntaxErr(typ, in)
	}
	p.f.mday, p.haveD = d, true
	p.f.year, p.haveY, p.yearDigits = y, true, len(yearS)
	return nil
}

func (p *parsed) setYMD(yS, mS, dS, in, typ string) error {
	y, ok1 := atoiDigits(yS)
	m, ok2 := atoiDigits(mS)
	d, ok3 := atoiDigits(dS)
	if !ok1 || !ok2 || !ok3 {
		return syntaxErr(typ, in)
	}
	p.f.year, p.f.mon, p.f.mday = y, m, d
	p.haveY, p.haveM, p.haveD = true, true, true
	p.yearDigits = len(yS)
	return nil
}

func (p *parsed) number(s, in, typ string, expectTime *bool) error {
	frac := ""
	if k := strings.IndexByte(s, '.'); k >= 0 {
		frac = s[k:]
		s = s[:k]
	}
	if *expectTime || (!p.haveTime && len(s) == 6 && (p.haveDate() || typ == typTime)) || (typ == typTime && !p.haveTime && len(s) == 4) {
		// ISO 8601 basic time: hh, hhmm, hhmmss[.f]
		*expectTime = false
		var h, m, sec int
		var ok bool
		switch len(s) {
		case 2:
			h, ok = atoiDigits(s)
		case 4:
			h, _ = atoiDigits(s[:2])
			m, ok = atoiDigits(s[2:])
		case 6:
			h, _ = atoiDigits(s[:2])
			m, _ = atoiDigits(s[2:4])
			sec, ok = atoiDigits(s[4:])
		}
		us, ok2 := parseFrac(frac)
		if !ok || !ok2 || p.haveTime {
			return syntaxErr(typ, in)
		}
		p.f.hour, p.f.min, p.f.sec, p.f.usec = h, m, sec, us
		p.haveTime = true
		return nil
	}
	if p.julian {
		p.julian = false
		jd, ok := atoiDigits(s)
		if !ok || frac != "" || p.haveDate() {
			return syntaxErr(typ, in)
		}
		p.f.year, p.f.mon, p.f.mday = civilFromDays(int64(jd) - epochJulian)
		p.haveY, p.haveM, p.haveD, p.yearDigits = true, true, true, 4
		if p.f.year <= 0 {
			p.f.year, p.bc = 1-p.f.year, true
		}
		return nil
	}
	if frac != "" && len(s) == 4 && len(frac) == 4 && !p.haveDate() {
		// yyyy.ddd: a year and a day of the year
		y, _ := atoiDigits(s)
		doy, ok := atoiDigits(frac[1:])
		if !ok || doy < 1 || doy > 366 {
			return fieldRangeErr(in)
		}
		p.f.year, p.f.mon, p.f.mday = civilFromDays(daysFromCivil(y, 1, 1) + int64(doy) - 1)
		p.haveY, p.haveM, p.haveD, p.yearDigits = true, true, true, 4
		return nil
	}
	if frac != "" {
		return syntaxErr(typ, in)
	}
	v, ok := atoiDigits(s)
	if !ok {
		return syntaxErr(typ, in)
	}
	switch {
	case !p.haveDate() && (len(s) == 8 || len(s) == 6):
		// yyyymmdd or yymmdd
		k := len(s) - 4
		p.f.year, _ = atoiDigits(s[:k])
		p.f.mon, _ = atoiDigits(s[k : k+2])
		p.f.mday, _ = atoiDigits(s[k+2:])
		p.haveY, p.haveM, p.haveD = true, true, true
		p.yearDigits = k
	case !p.haveD && len(s) <= 2 && v <= 31 && !(p.haveY && !p.haveM):
		p.f.mday, p.haveD = v, true
	case !p.haveY:
		p.f.year, p.haveY, p.yearDigits = v, true, len(s)
	default:
		return syntaxErr(typ, in)
	}
	return nil
}

// resolveDate checks and finishes the date fields (BC, two-digit years).
func (p *parsed) resolveDate(in, typ string) error {
	if !(p.haveY && p.haveM && p.haveD) {
		return syntaxErr(typ, in)
	}
	if p.bc {
		if p.f.year <= 0 {
			return fieldRangeErr(in)
		}
		p.f.year = 1 - p.f.year
	} else {
		if p.yearDigits <= 2 {
			if p.f.year < 70 {
				p.f.year += 2000
			} else {
				p.f.year += 1900
			}
		} else if p.f.year == 0 {
			return fieldRangeErr(in)
		}
	}
	if p.f.mon < 1 || p.f.mon > 12 || p.f.mday < 1 || p.f.mday > daysIn(p.f.year, p.f.mon) {
		err := pgerr.New("22008", "date/time field value out of range: \"%s\"", in)
		if p.f.mon < 1 || p.f.mon > 12 || p.f.mday < 1 || p.f.mday > 31 {
			err.WithHint("Perhaps you need a different \"datestyle\" setting.")
		}
		return err
	}
	return nil
}

// resolveTime checks the time fields and applies AM/PM.
func (p *parsed) resolveTime(in string) error {
	switch p.ampm {
	case 1:
		if p.f.hour > 12 {
			return fieldRangeErr(in)
		}
		if p.f.hour == 12 {
			p.f.hour = 0
		}
	case 2:
		if p.f.hour > 12 {
			return fieldRangeErr(in)
		}
		if p.f.hour != 12 {
			p.f.hour += 12
		}
	}
	f := p.f
	if f.hour < 0 || f.min < 0 || f.min > 59 || f.sec < 0 || f.sec > 60 || f.usec < 0 || f.usec > USecsPerSec ||
		f.hour > 24 || (f.hour == 24 && (f.min > 0 || f.sec > 0 || f.usec > 0)) {
		return fieldRangeErr(in)
	}
	return nil
}

// clockMicros returns the time fields as microseconds since midnight.
func (f *fields) clockMicros() int64 {
	return ((int64(f.hour)*60+int64(f.min))*60+int64(f.sec))*USecsPerSec + f.usec
}
