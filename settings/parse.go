package settings

import (
	"math"
	"strconv"
	"strings"

	"ringpg/pgerr"
)

// value is one setting's value. Which field is meaningful depends on the
// Def's Type: n for bool (0 or 1), integer, enum (the EnumValue.Value) and
// real (its IEEE bits; NaN is never stored), s for string. Two words and a
// string keep a Set small enough to copy cheaply for every session.
type value struct {
	n int64
	s string
}

func realValue(f float64) value { return value{n: int64(math.Float64bits(f))} }

// f is a real setting's value.
func (v value) f() float64 { return math.Float64frombits(uint64(v.n)) }

func (a value) equal(b value) bool { return a.n == b.n && a.s == b.s }

// maxUnitLen is the longest unit spelling ("min").
const maxUnitLen = 3

// errInvalid is PostgreSQL's "invalid value for parameter" error. given is
// the parameter name as the caller spelled it, which PostgreSQL repeats.
func errInvalid(given, raw string) *pgerr.Error {
	return pgerr.New(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", given, raw)
}

// parseValue parses raw as a value of d. s is the set the value is for (nil
// at init, for the built-in defaults); string check hooks may consult it.
func parseValue(s *Set, d *Def, given, raw string) (value, error) {
	switch d.Type {
	case TypeBool:
		b, ok := parseBool(raw)
		if !ok {
			return value{}, pgerr.New(pgerr.InvalidParameterValue, "parameter \"%s\" requires a Boolean value", given)
		}
		if b {
			return value{n: 1}, nil
		}
		return value{}, nil
	case TypeInt:
		n, hint, ok := parseInt(raw, d.Unit)
		if !ok {
			e := errInvalid(given, raw)
			if hint != "" {
				e.WithHint("%s", hint)
			}
			return value{}, e
		}
		if n < d.Min || n > d.Max {
			u := ""
			if d.Unit != UnitNone {
				u = " " + d.Unit.String()
			}
			return value{}, pgerr.New(pgerr.InvalidParameterValue,
				"%d%s is outside the valid range for parameter \"%s\" (%d .. %d)", n, u, given, d.Min, d.Max)
		}
		if d.ID == WALBuffers {
			n = walBuffersFloor(n)
		}
		return value{n: n}, nil
	case TypeReal:
		f, hint, ok := parseReal(raw, d.Unit)
		if !ok {
			e := errInvalid(given, raw)
			if hint != "" {
				e.WithHint("%s", hint)
			}
			return value{}, e
		}
		if f < d.MinReal || f > d.MaxReal {
			u := ""
			if d.Unit != UnitNone {
				u = " " + d.Unit.String()
			}
			return value{}, pgerr.New(pgerr.InvalidParameterValue,
				"%s%s is outside the valid range for parameter \"%s\" (%s .. %s)",
				formatG(f), u, given, formatG(d.MinReal), formatG(d.MaxReal))
		}
		return realValue(f), nil
	case TypeEnum:
		for _, e := range d.Enum {
			if strings.EqualFold(e.Name, raw) {
				return value{n: int64(e.Value)}, nil
			}
		}
		return value{}, errInvalid(given, raw).WithHint("Available values: %s.", enumList(d))
	case TypeString:
		if d.check == nil {
			return value{s: raw}, nil
		}
		v, fail := d.check(s, raw)
		if fail != nil {
			code := fail.code
			if code == "" {
				code = pgerr.InvalidParameterValue
			}
			// A check hook's complaint names the parameter by its own
			// spelling, not the caller's; PostgreSQL does the same.
			e := pgerr.New(code, "invalid value for parameter \"%s\": \"%s\"", d.Name, raw)
			e.Detail, e.Hint = fail.detail, fail.hint
			return value{}, e
		}
		return value{s: v}, nil
	}
	return value{}, pgerr.New(pgerr.InternalError, "setting %q has no type", d.Name)
}

// enumList is the visible spellings of d, as PostgreSQL lists them in the
// "Available values" hint.
func enumList(d *Def) string {
	var b strings.Builder
	first := true
	for _, e := range d.Enum {
		if e.Hidden {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(e.Name)
	}
	return b.String()
}

// parseBool accepts what PostgreSQL's parse_bool accepts: any unique prefix
// of true, false, yes, no; on and off (at least two letters, since "o" is
// ambiguous); 1 and 0. Case does not matter; white space is not skipped.
func parseBool(v string) (bool, bool) {
	if v == "" {
		return false, false
	}
	l := strings.ToLower(v)
	switch l[0] {
	case 't':
		return true, strings.HasPrefix("true", l)
	case 'f':
		return false, strings.HasPrefix("false", l)
	case 'y':
		return true, strings.HasPrefix("yes", l)
	case 'n':
		return false, strings.HasPrefix("no", l)
	case 'o':
		if len(l) < 2 {
			return false, false
		}
		if strings.HasPrefix("on", l) {
			return true, true
		}
		return false, strings.HasPrefix("off", l)
	case '1':
		return true, len(l) == 1
	case '0':
		return false, len(l) == 1
	}
	return false, false
}

const hintIntRange = "Value exceeds integer range."

// parseInt reads an integer setting value with an optional unit, as
// PostgreSQL's parse_int does: a C integer (decimal, 0x hex, 0 octal), or a
// C float when the integer is followed by '.', 'e' or 'E' or overflows;
// then white space; then, for settings with a unit, a unit and white space.
// The result is in the base unit, rounded half to even, and must fit in 32
// bits. hint is set for failures that PostgreSQL explains.
func parseInt(raw string, u Unit) (n int64, hint string, ok bool) {
	iv, end, rangeErr := cStrtol(raw)
	fv := float64(iv)
	isFloat := false
	if rangeErr || (end < len(raw) && (raw[end] == '.' || raw[end] == 'e' || raw[end] == 'E')) {
		f, fend, frange := cStrtod(raw)
		if fend == 0 || frange {
			return 0, "", false
		}
		fv, end, isFloat = f, fend, true
	}
	if end == 0 {
		return 0, "", false
	}
	end = skipSpace(raw, end)
	if end < len(raw) {
		if u == UnitNone {
			return 0, "", false
		}
		unit, rest := readUnit(raw, end)
		if rest < len(raw) {
			return 0, unitsHint(u), false
		}
		c, okUnit := toBaseUnit(fv, unit, u)
		if !okUnit {
			return 0, unitsHint(u), false
		}
		fv, isFloat = c, true
	}
	if isFloat {
		fv = rint(fv)
		if math.IsNaN(fv) || fv > math.MaxInt32 || fv < math.MinInt32 {
			return 0, hintIntRange, false
		}
		return int64(fv), "", true
	}
	if iv > math.MaxInt32 || iv < math.MinInt32 {
		return 0, hintIntRange, false
	}
	return iv, "", true
}

// readUnit takes up to maxUnitLen characters of unit at i, stopping at white
// space, then skips white space; rest is where parsing stopped.
func readUnit(raw string, i int) (unit string, rest int) {
	j := i
	for j < len(raw) && !isCSpace(raw[j]) && j-i < maxUnitLen {
		j++
	}
	return raw[i:j], skipSpace(raw, j)
}

// parseReal reads a real setting value as PostgreSQL's parse_real does: a C
// float (NaN refused, overflow and underflow refused), white space, and for
// settings with a unit, a unit.
func parseReal(raw string, u Unit) (f float64, hint string, ok bool) {
	f, end, rangeErr := cStrtod(raw)
	if end == 0 || rangeErr || math.IsNaN(f) {
		return 0, "", false
	}
	end = skipSpace(raw, end)
	if end < len(raw) {
		if u == UnitNone {
			return 0, "", false
		}
		unit, rest := readUnit(raw, end)
		if rest < len(raw) {
			return 0, unitsHint(u), false
		}
		c, okUnit := toBaseUnit(f, unit, u)
		if !okUnit {
			return 0, unitsHint(u), false
		}
		f = c
	}
	return f, "", true
}

// walBuffersFloor applies wal_buffers' floor: -1 asks for autotuning, and
// anything else below 4 blocks becomes 4, as in PostgreSQL.
func walBuffersFloor(n int64) int64 {
	if n != -1 && n < 4 {
		return 4
	}
	return n
}

// AutoWALBuffers is the number of 8kB WAL buffers PostgreSQL chooses for
// wal_buffers = -1: a 32nd of shared_buffers, at least 8, at most one WAL
// segment. The postmaster stores the result with Set.SetInternal.
func AutoWALBuffers(sharedBuffers, walSegmentBytes int64) int64 {
	n := sharedBuffers / 32
	if seg := walSegmentBytes / 8192; n > seg {
		n = seg
	}
	if n < 8 {
		n = 8
	}
	return n
}

// formatG formats f as C's printf("%g") does in PostgreSQL, whose own printf
// spells infinities and NaN "Infinity", "-Infinity" and "NaN".
func formatG(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case math.IsNaN(f):
		return "NaN"
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}
