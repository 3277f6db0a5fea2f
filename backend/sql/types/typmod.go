package types

import (
	"strconv"
	"strings"

	"ringpg/pgerr"
)

// VarHdrSz is the 4 that PostgreSQL adds to length and precision typmods.
const VarHdrSz = 4

// Length and precision limits of the typmods.
const (
	MaxVarcharLen     = 10485760 // MaxAttrSize in characters
	NumericMaxPrec    = 1000
	NumericMinScale   = -1000
	NumericMaxScale   = 1000
	MaxTimePrecision  = 6
	intervalFullRange = 0x7FFF
	intervalFullPrec  = 0xFFFF
)

// Interval field bits of an interval typmod (PostgreSQL's INTERVAL_MASK).
const (
	IntervalMonth  = 1 << 1
	IntervalYear   = 1 << 2
	IntervalDay    = 1 << 3
	IntervalHour   = 1 << 10
	IntervalMinute = 1 << 11
	IntervalSecond = 1 << 12
)

// Typmod computes the typmod of info with the modifiers written after the
// type name (varchar(10), numeric(10,2), timestamp(3)), with PostgreSQL's
// checks and errors. No arguments give -1. Warnings PostgreSQL emits
// (precision reduced to 6) are not reported: the value is clamped.
func Typmod(info *Info, args []int32) (int32, error) {
	if len(args) == 0 {
		return -1, nil
	}
	if info == nil {
		return -1, pgerr.New(pgerr.SyntaxError, "type modifier is not allowed for this type")
	}
	base := info.Oid
	if info.IsArray() && info.TypmodIn != "-" {
		base = info.Elem
	}
	switch base {
	case VarcharOid, BPCharOid:
		name := "varchar"
		if base == BPCharOid {
			name = "char"
		}
		if len(args) != 1 {
			return -1, pgerr.New(pgerr.InvalidParameterValue, "invalid type modifier")
		}
		if args[0] < 1 {
			return -1, pgerr.New(pgerr.InvalidParameterValue, "length for type %s must be at least 1", name)
		}
		if args[0] > MaxVarcharLen {
			return -1, pgerr.New(pgerr.InvalidParameterValue, "length for type %s cannot exceed %d", name, MaxVarcharLen)
		}
		return args[0] + VarHdrSz, nil
	case NumericOid:
		switch len(args) {
		case 1, 2:
		default:
			return -1, pgerr.New(pgerr.InvalidParameterValue, "invalid NUMERIC type modifier")
		}
		p := args[0]
		if p < 1 || p > NumericMaxPrec {
			return -1, pgerr.New(pgerr.InvalidParameterValue, "NUMERIC precision %d must be between 1 and %d", p, NumericMaxPrec)
		}
		var s int32
		if len(args) == 2 {
			s = args[1]
			if s < NumericMinScale || s > NumericMaxScale {
				return -1, pgerr.New(pgerr.InvalidParameterValue, "NUMERIC scale %d must be between %d and %d", s, NumericMinScale, NumericMaxScale)
			}
		}
		return NumericTypmod(p, s), nil
	case TimeOid, TimestampOid, TimestampTZOid:
		if len(args) != 1 {
			return -1, pgerr.New(pgerr.InvalidParameterValue, "invalid type modifier")
		}
		name := map[Oid]string{TimeOid: "TIME", TimestampOid: "TIMESTAMP", TimestampTZOid: "TIMESTAMP"}[base]
		tz := ""
		if base == TimestampTZOid {
			tz = " WITH TIME ZONE"
		}
		if args[0] < 0 {
			return -1, pgerr.New(pgerr.InvalidParameterValue, "%s(%d)%s precision must not be negative", name, args[0], tz)
		}
		if args[0] > MaxTimePrecision {
			return MaxTimePrecision, nil
		}
		return args[0], nil
	case IntervalOid:
		// The grammar gives the field mask, then the precision if written.
		prec := int32(-1)
		switch len(args) {
		case 1:
		case 2:
			prec = args[1]
		default:
			return -1, pgerr.New(pgerr.InvalidParameterValue, "invalid INTERVAL type modifier")
		}
		if !validIntervalFields(args[0]) {
			return -1, pgerr.New(pgerr.InvalidParameterValue, "invalid INTERVAL type modifier")
		}
		return IntervalTypmod(args[0], prec)
	}
	return -1, pgerr.New(pgerr.SyntaxError, "type modifier is not allowed for type \"%s\"", info.Typname)
}

// NumericTypmod returns the typmod of numeric(p,s).
func NumericTypmod(p, s int32) int32 { return (p<<16 | s&0x7FF) + VarHdrSz }

// NumericPrecScale splits a numeric typmod; ok is false for -1 (no limit).
func NumericPrecScale(mod int32) (p, s int32, ok bool) {
	if mod < VarHdrSz {
		return 0, 0, false
	}
	m := mod - VarHdrSz
	return m >> 16 & 0xFFFF, (m&0x7FF ^ 1024) - 1024, true
}

// validIntervalFields reports a field mask the grammar can produce.
func validIntervalFields(f int32) bool {
	switch f {
	case intervalFullRange, IntervalYear, IntervalMonth, IntervalDay, IntervalHour, IntervalMinute, IntervalSecond,
		IntervalYear | IntervalMonth, IntervalDay | IntervalHour, IntervalDay | IntervalHour | IntervalMinute,
		IntervalDay | IntervalHour | IntervalMinute | IntervalSecond, IntervalHour | IntervalMinute,
		IntervalHour | IntervalMinute | IntervalSecond, IntervalMinute | IntervalSecond:
		return true
	}
	return false
}

// IntervalTypmod returns the typmod of an interval restricted to fields (a
// mask of the Interval* bits, or 0x7FFF for all) with fractional-second
// precision prec (-1 for none).
func IntervalTypmod(fields, prec int32) (int32, error) {
	if prec < 0 {
		if prec != -1 {
			return -1, pgerr.New(pgerr.InvalidParameterValue, "INTERVAL(%d) precision must not be negative", prec)
		}
		if fields == intervalFullRange {
			return -1, nil
		}
		prec = intervalFullPrec
	} else if prec > MaxTimePrecision {
		prec = MaxTimePrecision
	}
	return fields<<16 | prec, nil
}

// CharLen returns the declared length of varchar(n) or bpchar(n), -1 when
// unlimited.
func CharLen(mod int32) int {
	if mod < VarHdrSz {
		return -1
	}
	return int(mod - VarHdrSz)
}

// FormatType prints a type as format_type(oid, typmod) does:
// "character varying(10)", "numeric(10,2)", "timestamp(3) without time
// zone", "integer[]". An unknown oid prints as "???".
func FormatType(t T) string {
	info := Lookup(t.Oid)
	if info == nil {
		return "???"
	}
	if info.IsArray() {
		return FormatType(T{Oid: info.Elem, Mod: t.Mod}) + "[]"
	}
	mod := t.Mod
	switch info.Oid {
	case BPCharOid:
		if mod > VarHdrSz {
			return "character(" + strconv.Itoa(int(mod-VarHdrSz)) + ")"
		}
		return "bpchar"
	case VarcharOid:
		if mod > VarHdrSz {
			return "character varying(" + strconv.Itoa(int(mod-VarHdrSz)) + ")"
		}
	case NumericOid:
		if p, s, ok := NumericPrecScale(mod); ok {
			return "numeric(" + strconv.Itoa(int(p)) + "," + strconv.Itoa(int(s)) + ")"
		}
	case TimeOid, TimestampOid, TimestampTZOid:
		if mod >= 0 {
			name, tail, _ := strings.Cut(info.Name, " ")
			return name + "(" + strconv.Itoa(int(mod)) + ") " + tail
		}
	case IntervalOid:
		if mod >= 0 {
			return "interval" + intervalModText(mod)
		}
	}
	return info.Name
}

// intervalModText prints the fields and precision of an interval typmod.
func intervalModText(mod int32) string {
	fields := mod >> 16 & 0x7FFF
	prec := mod & 0xFFFF
	var s string
	switch fields {
	case IntervalYear:
		s = " year"
	case IntervalMonth:
		s = " month"
	case IntervalDay:
		s = " day"
	case IntervalHour:
		s = " hour"
	case IntervalMinute:
		s = " minute"
	case IntervalSecond:
		s = " second"
	case IntervalYear | IntervalMonth:
		s = " year to month"
	case IntervalDay | IntervalHour:
		s = " day to hour"
	case IntervalDay | IntervalHour | IntervalMinute:
		s = " day to minute"
	case IntervalDay | IntervalHour | IntervalMinute | IntervalSecond:
		s = " day to second"
	case IntervalHour | IntervalMinute:
		s = " hour to minute"
	case IntervalHour | IntervalMinute | IntervalSecond:
		s = " hour to second"
	case IntervalMinute | IntervalSecond:
		s = " minute to second"
	}
	if prec != intervalFullPrec {
		s += "(" + strconv.Itoa(int(prec)) + ")"
	}
	return s
}
