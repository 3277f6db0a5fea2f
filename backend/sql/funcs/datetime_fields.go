package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
	"ringpg/backend/sql/types/numeric"
)

// EXTRACT, date_part, date_trunc, the make_* constructors, to_char and
// AT TIME ZONE (timezone()), on package datetime.

// extractD wraps an extract result: nil is SQL NULL.
func extractD(d *numeric.Decimal, err error) (types.Datum, error) {
	if err != nil {
		return types.Datum{}, err
	}
	if d == nil {
		return types.Null, nil
	}
	return types.Datum{P: d}, nil
}

// datePartD converts an extract result to date_part's float8.
func datePartD(d *numeric.Decimal, err error) (types.Datum, error) {
	v, ok, err := datetime.DatePart(d, err)
	if err != nil {
		return types.Datum{}, err
	}
	if !ok {
		return types.Null, nil
	}
	return f8(v), nil
}

// optText returns argument i, or def when the call omitted it.
func optInt(a []types.Datum, i int) int32 {
	if i < len(a) {
		return int32(a[i].I)
	}
	return 0
}

func init() {
	def("extract", "text,timestamp", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return extractD(datetime.ExtractTimestamp(a[0].S, a[1].I))
	})
	def("extract", "text,timestamptz", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return extractD(datetime.ExtractTimestampTZ(a[0].S, a[1].I, c.loc()))
	})
	def("extract", "text,date", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return extractD(datetime.ExtractDate(a[0].S, a[1].I))
	})
	def("extract", "text,time", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return extractD(datetime.ExtractTime(a[0].S, a[1].I))
	})
	def("extract", "text,interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return extractD(datetime.ExtractInterval(a[0].S, ivl(a[1])))
	})
	def("date_part", "text,timestamp", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return datePartD(datetime.ExtractTimestamp(a[0].S, a[1].I))
	})
	def("date_part", "text,timestamptz", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return datePartD(datetime.ExtractTimestampTZ(a[0].S, a[1].I, c.loc()))
	})
	// date_part on a date reads it as a timestamp, as PostgreSQL's SQL
	// definition of it does.
	def("date_part", "text,date", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		ts, err := datetime.DateToTimestamp(a[1].I)
		if err != nil {
			return types.Datum{}, err
		}
		return datePartD(datetime.ExtractTimestamp(a[0].S, ts))
	})
	def("date_part", "text,time", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return datePartD(datetime.ExtractTime(a[0].S, a[1].I))
	})
	def("date_part", "text,interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return datePartD(datetime.ExtractInterval(a[0].S, ivl(a[1])))
	})
	def("date_trunc", "text,timestamp", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.DateTrunc(a[0].S, a[1].I))
	})
	def("date_trunc", "text,timestamptz", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.DateTruncTZ(a[0].S, a[1].I, c.loc()))
	})
	def("date_trunc", "text,timestamptz,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		loc, err := datetime.LoadZone(a[2].S)
		if err != nil {
			return types.Datum{}, err
		}
		return intD(datetime.DateTruncTZ(a[0].S, a[1].I, loc))
	})
	def("date_trunc", "text,interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.DateTruncInterval(a[0].S, ivl(a[1])))
	})
	def("make_date", "int4,int4,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.MakeDate(int(a[0].I), int(a[1].I), int(a[2].I)))
	})
	def("make_time", "int4,int4,float8", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.MakeTime(int(a[0].I), int(a[1].I), a[2].F))
	})
	def("make_timestamp", "int4,int4,int4,int4,int4,float8", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.MakeTimestamp(int(a[0].I), int(a[1].I), int(a[2].I), int(a[3].I), int(a[4].I), a[5].F))
	})
	def("make_timestamptz", "int4,int4,int4,int4,int4,float8", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.MakeTimestampTZ(int(a[0].I), int(a[1].I), int(a[2].I), int(a[3].I), int(a[4].I), a[5].F, c.loc()))
	})
	def("make_timestamptz", "int4,int4,int4,int4,int4,float8,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		loc, err := datetime.LoadZone(a[6].S)
		if err != nil {
			return types.Datum{}, err
		}
		return intD(datetime.MakeTimestampTZ(int(a[0].I), int(a[1].I), int(a[2].I), int(a[3].I), int(a[4].I), a[5].F, loc))
	})
	def("make_interval", "int4,int4,int4,int4,int4,int4,float8", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		secs := 0.0
		if len(a) > 6 {
			secs = a[6].F
		}
		return ivlD(datetime.MakeInterval(optInt(a, 0), optInt(a, 1), optInt(a, 2), optInt(a, 3), optInt(a, 4), optInt(a, 5), secs))
	})
	toChar := func(s string, ok bool) (types.Datum, error) {
		if !ok {
			return types.Null, nil
		}
		return txt(s), nil
	}
	def("to_char", "timestamp,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return toChar(datetime.ToCharTimestamp(a[0].I, a[1].S))
	})
	def("to_char", "timestamptz,text", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return toChar(datetime.ToCharTimestampTZ(a[0].I, a[1].S, c.loc()))
	})
	def("to_char", "interval,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		s, ok, err := datetime.ToCharInterval(ivl(a[0]), a[1].S)
		if err != nil {
			return types.Datum{}, err
		}
		return toChar(s, ok)
	})
	// AT TIME ZONE.
	def("timezone", "text,timestamptz", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		loc, err := atTimeZone(a[0].S)
		if err != nil {
			return types.Datum{}, err
		}
		return intD(datetime.TimestampTZToLocal(a[1].I, loc))
	})
	def("timezone", "text,timestamp", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		loc, err := atTimeZone(a[0].S)
		if err != nil {
			return types.Datum{}, err
		}
		return intD(datetime.LocalToTimestampTZ(a[1].I, loc))
	})
}
