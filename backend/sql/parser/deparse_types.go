package parser

import "strings"

func (t *TypeName) format(w *writer) {
	save := w.bexpr
	w.bexpr = false
	defer func() { w.bexpr = save }()
	if t.Setof {
		w.str("SETOF ")
	}
	t.formatBase(w)
	for _, b := range t.ArrayBounds {
		if b < 0 {
			w.str("[]")
		} else {
			w.byte('[')
			w.str(formatInt(int64(b)))
			w.byte(']')
		}
	}
	if t.PctType {
		w.str("%TYPE")
	}
}

// sqlTypeNames spell the pg_catalog types that have SQL syntax.
var sqlTypeNames = map[string]string{
	"int2": "smallint", "int4": "integer", "int8": "bigint", "float4": "real",
	"float8": "double precision", "bool": "boolean",
}

// intMod returns the value of a typmod that is a plain integer constant.
func intMod(e Expr) (int64, bool) {
	c, ok := e.(*AConst)
	if !ok || c.Kind != ConstInteger || c.Ival < 0 {
		return 0, false
	}
	return c.Ival, true
}

func (t *TypeName) formatBase(w *writer) {
	if len(t.Names) == 2 && t.Names[0] == "pg_catalog" {
		name := t.Names[1]
		mods := t.Typmods
		one := -1
		if len(mods) == 1 {
			if v, ok := intMod(mods[0]); ok {
				one = int(v)
			}
		}
		switch name {
		case "int2", "int4", "int8", "float4", "float8", "bool":
			if len(mods) == 0 {
				w.str(sqlTypeNames[name])
				return
			}
		case "numeric":
			w.str("numeric")
			w.typmods(mods)
			return
		case "bpchar":
			if one >= 0 {
				w.str("character(" + formatInt(int64(one)) + ")")
				return
			}
		case "varchar":
			if len(mods) == 0 {
				w.str("character varying")
				return
			}
			if one >= 0 {
				w.str("character varying(" + formatInt(int64(one)) + ")")
				return
			}
		case "bit":
			if len(mods) > 0 {
				w.str("bit")
				w.typmods(mods)
				return
			}
		case "varbit":
			w.str("bit varying")
			w.typmods(mods)
			return
		case "timestamp", "timestamptz", "time", "timetz":
			if len(mods) == 0 || one >= 0 {
				base := strings.TrimSuffix(name, "tz")
				w.str(base)
				if one >= 0 {
					w.str("(" + formatInt(int64(one)) + ")")
				}
				if strings.HasSuffix(name, "tz") {
					w.str(" with time zone")
				}
				return
			}
		case "interval":
			if s, ok := intervalSpelling(mods); ok {
				w.str(s)
				return
			}
		}
		if builtinTypes[name] {
			w.ident(name)
			w.typmods(mods)
			return
		}
	}
	w.names(t.Names)
	w.typmods(t.Typmods)
}

func (w *writer) typmods(mods []Expr) {
	if len(mods) == 0 {
		return
	}
	w.byte('(')
	w.exprs(mods)
	w.byte(')')
}

// intervalSpelling writes INTERVAL with its fields and precision, decoding
// the typmods the grammar produced.
func intervalSpelling(mods []Expr) (string, bool) {
	if len(mods) == 0 {
		return "interval", true
	}
	if len(mods) > 2 {
		return "", false
	}
	mask, ok := intMod(mods[0])
	if !ok {
		return "", false
	}
	prec := int64(-1)
	if len(mods) == 2 {
		if prec, ok = intMod(mods[1]); !ok {
			return "", false
		}
	}
	if mask == IntervalFullRange {
		if prec < 0 {
			return "", false
		}
		return "interval(" + formatInt(prec) + ")", true
	}
	const (
		y, mo, d, h, mi, s = IntervalMaskYear, IntervalMaskMonth, IntervalMaskDay,
			IntervalMaskHour, IntervalMaskMinute, IntervalMaskSecond
	)
	fields := map[int64]string{
		y: "year", mo: "month", d: "day", h: "hour", mi: "minute", s: "second",
		y | mo: "year to month", d | h: "day to hour", d | h | mi: "day to minute",
		d | h | mi | s: "day to second", h | mi: "hour to minute", h | mi | s: "hour to second",
		mi | s: "minute to second",
	}
	f, ok := fields[mask]
	if !ok {
		return "", false
	}
	if prec >= 0 {
		if mask&s == 0 {
			return "", false
		}
		f += "(" + formatInt(prec) + ")"
	}
	return "interval " + f, true
}
