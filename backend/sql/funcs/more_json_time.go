package funcs

import (
	"strconv"
	"strings"
	"time"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
	"ringpg/pgerr"
)

// jsonb_set_lax, the pretty forms of row_to_json and array_to_json, and
// the date/time functions timezone(interval, ...), date_bin and
// timestamp(date, time).

func init() {
	def("jsonb_set_lax", "jsonb,_text,jsonb,bool,text", jsonbSetLax)
	def("row_to_json", "record,bool", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		if a[0].Null || a[1].Null {
			return types.Null, nil
		}
		if a[1].I == 0 {
			return txt(string(jsonWriterOf(types.Of(types.RecordOid))(c, nil, a[0]))), nil
		}
		return txt(string(prettyRecordJSON(c, a[0].AsRecord()))), nil
	})
	def("array_to_json", "anyarray,bool", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		if a[0].Null || a[1].Null {
			return types.Null, nil
		}
		x := a[0].AsArray()
		w := jsonWriterOf(types.Of(x.Elem))
		if a[1].I == 0 || x.NDim() == 0 {
			return txt(string(appendJSONArray(c, nil, x, w, 0, 0))), nil
		}
		return txt(string(prettyArrayJSON(c, x, w))), nil
	})
	zoneShift := func(iv datetime.Interval) (int64, error) {
		if iv.Months != 0 || iv.Days != 0 {
			return 0, pgerr.New(codeInvalidParameter, "interval time zone \"%s\" must not include months or days",
				string(types.AppendOutput(nil, types.Of(types.IntervalOid), types.Datum{P: iv}, nil)))
		}
		return iv.Micros, nil
	}
	def("timezone", "interval,timestamptz", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		d, err := zoneShift(ivl(a[0]))
		if err != nil || !datetime.IsFiniteTimestamp(a[1].I) {
			return a[1], err
		}
		return shiftedTimestamp(a[1].I, d)
	})
	def("timezone", "interval,timestamp", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		d, err := zoneShift(ivl(a[0]))
		if err != nil || !datetime.IsFiniteTimestamp(a[1].I) {
			return a[1], err
		}
		return shiftedTimestamp(a[1].I, -d)
	})
	def("date_bin", "interval,timestamp,timestamp", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return dateBin(ivl(a[0]), a[1].I, a[2].I)
	})
	def("date_bin", "interval,timestamptz,timestamptz", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return dateBin(ivl(a[0]), a[1].I, a[2].I)
	})
	def("timestamp", "date,time", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		ts, err := datetime.DateToTimestamp(a[0].I)
		if err != nil || !datetime.IsFiniteTimestamp(ts) {
			return intD(ts, err)
		}
		return types.Datum{I: ts + a[1].I}, nil
	})
}

func shiftedTimestamp(ts, d int64) (types.Datum, error) {
	r := ts + d
	if (d > 0 && r < ts) || (d < 0 && r > ts) || !datetime.ValidTimestamp(r) {
		return types.Datum{}, pgerr.New("22008", "timestamp out of range")
	}
	return types.Datum{I: r}, nil
}

// dateBin is date_bin(stride, source, origin): the start of the stride-
// long bin, counted from origin, that source falls in.
func dateBin(stride datetime.Interval, ts, origin int64) (types.Datum, error) {
	if !datetime.IsFiniteTimestamp(ts) {
		return types.Datum{I: ts}, nil
	}
	if !datetime.IsFiniteTimestamp(origin) {
		return types.Datum{}, pgerr.New("22008", "origin out of range")
	}
	if stride.Months != 0 {
		return types.Datum{}, pgerr.New(codeFeatureNotSupported, "timestamps cannot be binned into intervals containing months or years")
	}
	step := int64(stride.Days)*datetime.USecsPerDay + stride.Micros
	if step <= 0 {
		return types.Datum{}, pgerr.New("22008", "stride must be greater than zero")
	}
	diff := ts - origin
	if (ts > 0 && origin < 0 && diff < 0) || (ts < 0 && origin > 0 && diff > 0) {
		return types.Datum{}, pgerr.New("22008", "interval out of range")
	}
	delta := diff - diff%step
	if diff < 0 && diff%step != 0 {
		delta -= step
	}
	return shiftedTimestamp(origin, delta)
}

// jsonbSetLax is jsonb_set_lax(target, path, new_value, create_if_missing,
// null_value_treatment): jsonb_set unless new_value is SQL NULL, which the
// treatment decides.
func jsonbSetLax(c *Ctx, a []types.Datum) (types.Datum, error) {
	if a[0].Null || a[1].Null || (len(a) > 3 && a[3].Null) {
		return types.Null, nil
	}
	create := len(a) < 4 || a[3].I != 0
	p := a[1].AsArray().Elems
	set := func(v *types.JSONB) (types.Datum, error) {
		if len(p) == 0 {
			return a[0], nil
		}
		j, err := jbSetPath(jb(a[0]), p, 0, v, create, false, false)
		return jbD(j), err
	}
	if !a[2].Null {
		return set(jb(a[2]))
	}
	treatment := "use_json_null"
	if len(a) > 4 {
		if a[4].Null {
			return types.Datum{}, pgerr.New(codeNullNotAllowed, "null_value_treatment must be \"delete_key\", \"return_target\", \"use_json_null\", or \"raise_exception\"")
		}
		treatment = a[4].S
	}
	switch treatment {
	case "raise_exception":
		return types.Datum{}, pgerr.New(codeNullNotAllowed, "JSON value must not be null").
			WithDetail("Exception was raised because null_value_treatment is \"raise_exception\".").
			WithHint("To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not passed.")
	case "use_json_null":
		return set(types.JSONBNull())
	case "delete_key":
		if len(p) == 0 {
			return a[0], nil
		}
		j, err := jbDeletePath(jb(a[0]), p, 0)
		return jbD(j), err
	case "return_target":
		return a[0], nil
	}
	return types.Datum{}, pgerr.New(codeInvalidParameter, "null_value_treatment must be \"delete_key\", \"return_target\", \"use_json_null\", or \"raise_exception\"")
}

// prettyRecordJSON is row_to_json(r, true): the top-level fields on lines
// of their own.
func prettyRecordJSON(c *Ctx, r *types.Record) []byte {
	dst := []byte{'{'}
	for i, v := range r.Values {
		if i > 0 {
			dst = append(dst, ",\n "...)
		}
		dst = types.AppendJSONString(dst, r.FieldName(i))
		dst = append(dst, ':')
		if v.Null {
			dst = append(dst, "null"...)
		} else {
			dst = jsonWriterOf(r.Types[i])(c, dst, v)
		}
	}
	return append(dst, '}')
}

// prettyArrayJSON is array_to_json(a, true): the elements of the first
// dimension on lines of their own.
func prettyArrayJSON(c *Ctx, a *types.Array, w jsonWriter) []byte {
	stride := 1
	for _, d := range a.Dims[1:] {
		stride *= int(d.Len)
	}
	dst := []byte{'['}
	for i := 0; i < int(a.Dims[0].Len); i++ {
		if i > 0 {
			dst = append(dst, ",\n "...)
		}
		if a.NDim() > 1 {
			dst = appendJSONArray(c, dst, a, w, 1, i*stride)
			continue
		}
		if e := a.Elems[i]; e.Null {
			dst = append(dst, "null"...)
		} else {
			dst = w(c, dst, e)
		}
	}
	return append(dst, ']')
}

// to_regclass, to_regtype and to_regproc read a name as the reg types'
// input does, giving NULL instead of an error when nothing has it.
func init() {
	for _, x := range []struct {
		name string
		t    types.Oid
	}{{"to_regclass", types.RegclassOid}, {"to_regtype", types.RegtypeOid}, {"to_regproc", types.RegprocOid}} {
		t := x.t
		def(x.name, "text", func(c *Ctx, a []types.Datum) (types.Datum, error) {
			d, err := types.Input(types.Of(t), a[0].S, c.env())
			if err != nil {
				switch pgerr.Code(err) {
				case pgerr.UndefinedTable, pgerr.UndefinedObject, pgerr.UndefinedFunction, pgerr.UndefinedSchema, "42725":
					return types.Null, nil
				}
				return types.Datum{}, err
			}
			return d, nil
		})
	}
}

// atTimeZone resolves the zone of AT TIME ZONE. A bare offset there is a
// POSIX one, hours west of Greenwich ('+05' is five hours behind UTC),
// unlike the TimeZone setting's; a name is a zone abbreviation ('PST')
// first, then what the setting accepts.
func atTimeZone(name string) (*time.Location, error) {
	s := strings.TrimSpace(name)
	body := strings.TrimLeft(s, "+-")
	if body == "" || len(s)-len(body) > 1 {
		return datetime.LookupZone(name)
	}
	parts := strings.Split(body, ":")
	if len(parts) > 3 {
		return datetime.LookupZone(name)
	}
	secs := 0
	for i, p := range parts {
		if p == "" || len(p) > 2 && i > 0 {
			return datetime.LookupZone(name)
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return datetime.LookupZone(name)
		}
		secs += v * []int{3600, 60, 1}[i]
	}
	if secs > 167*3600+59*60+59 { // POSIX allows up to 167 hours
		return datetime.LookupZone(name)
	}
	if strings.HasPrefix(s, "-") {
		secs = -secs
	}
	return time.FixedZone(s, -secs), nil
}
