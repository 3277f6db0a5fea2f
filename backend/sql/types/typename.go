package types

import (
	"strconv"
	"strings"

	"ringpg/pgerr"
)

// ParseTypeName resolves a type name with its modifiers and array
// brackets, as written in SQL or printed by FormatType: "varchar(10)",
// "numeric(10, 2)", "timestamp(3) with time zone", "float(24)",
// "double precision[]", "int4[3][]". Unknown names give 42704
// `type "x" does not exist`; bad modifiers give Typmod's errors.
func ParseTypeName(name string) (T, error) {
	n := normalizeName(strings.TrimSpace(name))
	// Array brackets, possibly with bounds, at the end.
	ndim := 0
	for strings.HasSuffix(n, "]") {
		open := strings.LastIndexByte(n, '[')
		if open < 0 {
			return T{}, undefinedType(name)
		}
		inner := strings.TrimSpace(n[open+1 : len(n)-1])
		if inner != "" {
			if _, err := strconv.Atoi(inner); err != nil {
				return T{}, undefinedType(name)
			}
		}
		n = strings.TrimSpace(n[:open])
		ndim++
	}
	if strings.HasSuffix(n, " array") {
		n = strings.TrimSuffix(n, " array")
		ndim++
	}
	// Modifiers: "(...)" after the first word or at the end (timestamp(3)
	// with time zone, character varying(10)).
	var args []int32
	if open := strings.IndexByte(n, '('); open >= 0 {
		closeAt := strings.IndexByte(n[open:], ')')
		if closeAt < 0 {
			return T{}, undefinedType(name)
		}
		closeAt += open
		for _, a := range strings.Split(n[open+1:closeAt], ",") {
			v, err := strconv.ParseInt(strings.TrimSpace(a), 10, 32)
			if err != nil {
				return T{}, pgerr.New(pgerr.SyntaxError, "type modifiers must be simple constants or identifiers")
			}
			args = append(args, int32(v))
		}
		n = strings.TrimSpace(strings.TrimSpace(n[:open]) + " " + strings.TrimSpace(n[closeAt+1:]))
	}
	if strings.HasPrefix(n, "interval ") {
		return intervalTypeName(name, strings.TrimPrefix(n, "interval "), args, ndim)
	}
	var info *Info
	if n == "float" && len(args) == 1 {
		p := args[0]
		switch {
		case p < 1:
			return T{}, pgerr.New(pgerr.InvalidParameterValue, "precision for type float must be at least 1 bit")
		case p > 53:
			return T{}, pgerr.New(pgerr.InvalidParameterValue, "precision for type float must be less than 54 bits")
		case p <= 24:
			info = Lookup(Float4Oid)
		default:
			info = Lookup(Float8Oid)
		}
		args = nil
	} else {
		info = baseByName(n)
	}
	if info == nil {
		u, err := userTypeByName(n)
		if err != nil {
			return T{}, err
		}
		info = u
	}
	if info == nil {
		return T{}, undefinedType(name)
	}
	mod := int32(-1)
	if len(args) > 0 {
		var err error
		if info.Oid == IntervalOid && len(args) == 1 {
			args = []int32{intervalFullRange, args[0]} // interval(p)
		}
		if mod, err = Typmod(info, args); err != nil {
			return T{}, err
		}
	} else if info.Oid == BPCharOid && ndim >= 0 && !strings.HasPrefix(n, "bpchar") && !strings.Contains(n, "bpchar") {
		// char and character without a length mean char(1).
		mod = 1 + VarHdrSz
	}
	if ndim > 0 && !info.IsArray() {
		if info.Array == 0 {
			return T{}, undefinedType(name)
		}
		return T{Oid: info.Array, Mod: mod}, nil
	}
	return T{Oid: info.Oid, Mod: mod}, nil
}

func undefinedType(name string) error {
	return pgerr.New(pgerr.UndefinedObject, "type \"%s\" does not exist", name)
}

// intervalFields maps the field phrases of an interval type to their mask.
var intervalFields = map[string]int32{
	"year":             IntervalYear,
	"month":            IntervalMonth,
	"day":              IntervalDay,
	"hour":             IntervalHour,
	"minute":           IntervalMinute,
	"second":           IntervalSecond,
	"year to month":    IntervalYear | IntervalMonth,
	"day to hour":      IntervalDay | IntervalHour,
	"day to minute":    IntervalDay | IntervalHour | IntervalMinute,
	"day to second":    IntervalDay | IntervalHour | IntervalMinute | IntervalSecond,
	"hour to minute":   IntervalHour | IntervalMinute,
	"hour to second":   IntervalHour | IntervalMinute | IntervalSecond,
	"minute to second": IntervalMinute | IntervalSecond,
}

// intervalTypeName resolves "interval <fields>[(p)]".
func intervalTypeName(name, fields string, args []int32, ndim int) (T, error) {
	mask, ok := intervalFields[fields]
	if !ok || len(args) > 1 {
		return T{}, undefinedType(name)
	}
	prec := int32(-1)
	if len(args) == 1 {
		if mask&IntervalSecond == 0 {
			return T{}, pgerr.New(pgerr.SyntaxError, "interval precision specified twice")
		}
		prec = args[0]
	}
	mod, err := IntervalTypmod(mask, prec)
	if err != nil {
		return T{}, err
	}
	if ndim > 0 {
		return T{Oid: IntervalArrayOid, Mod: mod}, nil
	}
	return T{Oid: IntervalOid, Mod: mod}, nil
}
