package funcs

import (
	"fmt"
	"testing"
	"time"

	"ringpg/backend/sql/types"
)

// TestNoPanics calls every scalar function, set-returning function and
// aggregate with edge values of its argument types: errors are fine,
// panics are not.
func TestNoPanics(t *testing.T) {
	c := testCtx()
	in := func(oid types.Oid, s string) types.Datum {
		d, err := types.Input(types.Of(oid), s, c.Env)
		if err != nil {
			t.Fatalf("input %s %q: %v", typeName(oid), s, err)
		}
		return d
	}
	samples := map[types.Oid][]types.Datum{
		types.BoolOid:        {types.Bool(true), types.Bool(false)},
		types.Int2Oid:        {i64(0), i64(-1), i64(32767), i64(-32768)},
		types.Int4Oid:        {i64(0), i64(-1), i64(2), i64(2147483647), i64(-2147483648)},
		types.Int8Oid:        {i64(0), i64(-1), i64(1 << 62), i64(-1 << 63)},
		types.Float4Oid:      {f8(0), f8(-1.5), in(types.Float4Oid, "NaN"), in(types.Float4Oid, "Infinity")},
		types.Float8Oid:      {f8(0), f8(-1.5), in(types.Float8Oid, "NaN"), in(types.Float8Oid, "-Infinity"), f8(1e308)},
		types.NumericOid:     {in(types.NumericOid, "0"), in(types.NumericOid, "-1.5"), in(types.NumericOid, "NaN"), in(types.NumericOid, "Infinity")},
		types.TextOid:        {txt(""), txt("a,b"), txt("%_\\"), txt("(")},
		types.VarcharOid:     {txt(""), txt("abc")},
		types.BPCharOid:      {txt(""), txt("ab ")},
		types.NameOid:        {txt(""), txt("n")},
		types.ByteaOid:       {txt(""), txt("\x00\xff")},
		types.UUIDOid:        {txt("0123456789abcdef")},
		types.DateOid:        {in(types.DateOid, "2020-02-29"), in(types.DateOid, "infinity")},
		types.TimeOid:        {in(types.TimeOid, "00:00"), in(types.TimeOid, "24:00")},
		types.TimestampOid:   {in(types.TimestampOid, "2020-01-01"), in(types.TimestampOid, "-infinity")},
		types.TimestampTZOid: {in(types.TimestampTZOid, "2020-01-01 00:00+00"), in(types.TimestampTZOid, "infinity")},
		types.IntervalOid:    {in(types.IntervalOid, "0"), in(types.IntervalOid, "-1 year 2 days")},
		types.JSONBOid:       {in(types.JSONBOid, "{}"), in(types.JSONBOid, "[1,null]"), in(types.JSONBOid, "\"s\""), in(types.JSONBOid, "null")},
		types.JSONOid:        {txt("{}"), txt("[1, {\"a\": null}]"), txt("1")},
		types.Int4ArrayOid:   {in(types.Int4ArrayOid, "{}"), in(types.Int4ArrayOid, "{1,NULL}"), in(types.Int4ArrayOid, "{{1,2},{3,4}}")},
		types.TextArrayOid:   {in(types.TextArrayOid, "{}"), in(types.TextArrayOid, "{a,NULL}")},
		types.OidOid:         {i64(0), i64(4294967295)},
	}
	concrete := map[types.Oid]types.Oid{
		types.AnyElementOid: types.Int4Oid, AnyNonArrayOid: types.Int4Oid, AnyCompatibleOid: types.Int4Oid,
		AnyCompatibleNonArrayOid: types.Int4Oid, types.AnyOid: types.TextOid,
		types.AnyArrayOid: types.Int4ArrayOid, AnyCompatibleArrayOid: types.Int4ArrayOid,
	}
	for f := range Funcs() {
		if f.Win != nil {
			continue
		}
		argT := make([]types.T, len(f.Args))
		ok := true
		for i, a := range f.Args {
			if r, isPoly := concrete[a]; isPoly {
				a = r
			}
			if samples[a] == nil {
				ok = false
				break
			}
			argT[i] = types.Of(a)
		}
		if !ok {
			continue
		}
		r, err := ResolveFunc(f.Name, argT, false)
		if err != nil || r.Func.Oid != f.Oid {
			continue
		}
		// Every combination would be too many: vary one argument at a
		// time around the first sample of each.
		base := make([]types.Datum, len(argT))
		for i, tt := range argT {
			base[i] = samples[tt.Oid][0]
		}
		try := func(args []types.Datum) {
			start := time.Now()
			defer func() {
				if d := time.Since(start); d > 50*time.Millisecond {
					t.Logf("%s%v took %v", f.Name, fmtArgs(argT), d)
				}
				if p := recover(); p != nil {
					t.Errorf("%s%v panicked: %v", f.Name, fmtArgs(argT), p)
				}
			}()
			args = append([]types.Datum(nil), args...)
			if r.VariadicAt >= 0 {
				args = r.Pack(args)
			}
			switch {
			case f.Agg != nil:
				st := f.Agg.New(c, r.ArgTypes, r.Result)
				_ = st.Add(args)
				_, _ = st.Result()
			case f.SRF != nil:
				rows, err := f.SRF(c, args)
				for n := 0; err == nil && n < 100; n++ {
					var more bool
					if _, more, err = rows.Next(c); !more {
						break
					}
				}
			case r.Call != nil:
				_, _ = r.Call(c, args)
			}
		}
		try(base)
		for i, tt := range argT {
			for _, s := range samples[tt.Oid][1:] {
				args := append([]types.Datum(nil), base...)
				args[i] = s
				try(args)
			}
		}
	}
}

func fmtArgs(ts []types.T) string {
	s := "("
	for i, t := range ts {
		if i > 0 {
			s += ", "
		}
		s += typeName(t.Oid)
	}
	return fmt.Sprint(s + ")")
}
