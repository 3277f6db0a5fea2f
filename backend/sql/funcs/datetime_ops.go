package funcs

import (
	"time"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
)

// Date/time operators and functions, on package datetime's arithmetic.

func ivl(d types.Datum) datetime.Interval { return d.P.(datetime.Interval) }

func ivlD(iv datetime.Interval, err error) (types.Datum, error) {
	if err != nil {
		return types.Datum{}, err
	}
	return types.Datum{P: iv}, nil
}

func intD(v int64, err error) (types.Datum, error) {
	if err != nil {
		return types.Datum{}, err
	}
	return types.Datum{I: v}, nil
}

// loc returns the session time zone.
func (c *Ctx) loc() *time.Location { return c.location() }

func init() {
	def("date_pli", "date,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.DateAddDays(a[0].I, a[1].I))
	})
	def("integer_pl_date", "int4,date", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.DateAddDays(a[1].I, a[0].I))
	})
	def("date_mii", "date,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.DateAddDays(a[0].I, -a[1].I))
	})
	def("date_mi", "date,date", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.DateDiff(a[0].I, a[1].I))
	})
	def("date_pl_interval", "date,interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.DateAddInterval(a[0].I, ivl(a[1])))
	})
	def("interval_pl_date", "interval,date", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.DateAddInterval(a[1].I, ivl(a[0])))
	})
	def("date_mi_interval", "date,interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		neg, err := datetime.IntervalNeg(ivl(a[1]))
		if err != nil {
			return types.Datum{}, err
		}
		return intD(datetime.DateAddInterval(a[0].I, neg))
	})
	def("datetime_pl", "date,time", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		ts, err := datetime.DateToTimestamp(a[0].I)
		if err != nil || !datetime.IsFiniteTimestamp(ts) {
			return intD(ts, err)
		}
		return types.Datum{I: ts + a[1].I}, nil
	})
	def("timedate_pl", "time,date", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		ts, err := datetime.DateToTimestamp(a[1].I)
		if err != nil || !datetime.IsFiniteTimestamp(ts) {
			return intD(ts, err)
		}
		return types.Datum{I: ts + a[0].I}, nil
	})
	def("timestamp_pl_interval", "timestamp,interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.TimestampAddInterval(a[0].I, ivl(a[1])))
	})
	def("interval_pl_timestamp", "interval,timestamp", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.TimestampAddInterval(a[1].I, ivl(a[0])))
	})
	def("timestamp_mi_interval", "timestamp,interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.TimestampSubInterval(a[0].I, ivl(a[1])))
	})
	def("timestamp_mi", "timestamp,timestamp", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.TimestampDiff(a[0].I, a[1].I))
	})
	def("timestamptz_pl_interval", "timestamptz,interval", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.TimestampTZAddInterval(a[0].I, ivl(a[1]), c.loc()))
	})
	def("interval_pl_timestamptz", "interval,timestamptz", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.TimestampTZAddInterval(a[1].I, ivl(a[0]), c.loc()))
	})
	def("timestamptz_mi_interval", "timestamptz,interval", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.TimestampTZSubInterval(a[0].I, ivl(a[1]), c.loc()))
	})
	def("timestamptz_mi", "timestamptz,timestamptz", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.TimestampDiff(a[0].I, a[1].I))
	})
	def("time_pl_interval", "time,interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Datum{I: datetime.TimeAddInterval(a[0].I, ivl(a[1]))}, nil
	})
	def("interval_pl_time", "interval,time", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Datum{I: datetime.TimeAddInterval(a[1].I, ivl(a[0]))}, nil
	})
	def("time_mi_interval", "time,interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		neg, err := datetime.IntervalNeg(ivl(a[1]))
		if err != nil {
			return types.Datum{}, err
		}
		return types.Datum{I: datetime.TimeAddInterval(a[0].I, neg)}, nil
	})
	def("time_mi_time", "time,time", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Datum{P: datetime.TimeDiff(a[0].I, a[1].I)}, nil
	})
	def("interval_pl", "interval,interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.IntervalAdd(ivl(a[0]), ivl(a[1])))
	})
	def("interval_mi", "interval,interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.IntervalSub(ivl(a[0]), ivl(a[1])))
	})
	def("interval_um", "interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.IntervalNeg(ivl(a[0])))
	})
	def("interval_mul", "interval,float8", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.IntervalMul(ivl(a[0]), a[1].F))
	})
	def("mul_d_interval", "float8,interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.IntervalMul(ivl(a[1]), a[0].F))
	})
	def("interval_div", "interval,float8", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.IntervalDiv(ivl(a[0]), a[1].F))
	})
	def("justify_hours", "interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.JustifyHours(ivl(a[0])))
	})
	def("justify_days", "interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.JustifyDays(ivl(a[0])))
	})
	def("justify_interval", "interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.JustifyInterval(ivl(a[0])))
	})
	def("age", "timestamp,timestamp", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.Age(a[0].I, a[1].I))
	})
	def("age", "timestamptz,timestamptz", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return ivlD(datetime.AgeTZ(a[0].I, a[1].I, c.loc()))
	})
	// age(x) measures from midnight of the current date.
	def("age", "timestamp", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		today := datetime.TimestampTZToDate(c.TxnStart, c.loc())
		mid, err := datetime.DateToTimestamp(today)
		if err != nil {
			return types.Datum{}, err
		}
		return ivlD(datetime.Age(mid, a[0].I))
	})
	def("age", "timestamptz", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		today := datetime.TimestampTZToDate(c.TxnStart, c.loc())
		mid, err := datetime.DateToTimestampTZ(today, c.loc())
		if err != nil {
			return types.Datum{}, err
		}
		return ivlD(datetime.AgeTZ(mid, a[0].I, c.loc()))
	})
	isFiniteTS := func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Bool(datetime.IsFiniteTimestamp(a[0].I)), nil
	}
	def("isfinite", "timestamp", isFiniteTS)
	def("isfinite", "timestamptz", isFiniteTS)
	def("isfinite", "date", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Bool(datetime.IsFiniteDate(a[0].I)), nil
	})
	def("isfinite", "interval", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(true), nil })
	def("date", "timestamp", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Datum{I: datetime.TimestampToDate(a[0].I)}, nil
	})
	def("date", "timestamptz", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return types.Datum{I: datetime.TimestampTZToDate(a[0].I, c.loc())}, nil
	})

	// The clock.
	txn := func(c *Ctx, _ []types.Datum) (types.Datum, error) { return types.Datum{I: c.TxnStart}, nil }
	def("now", "", txn)
	def("transaction_timestamp", "", txn)
	def("statement_timestamp", "", func(c *Ctx, _ []types.Datum) (types.Datum, error) { return types.Datum{I: c.StmtStart}, nil })
	def("clock_timestamp", "", func(c *Ctx, _ []types.Datum) (types.Datum, error) {
		return types.Datum{I: TimestampFromTime(c.now())}, nil
	})
	def("timeofday", "", func(c *Ctx, _ []types.Datum) (types.Datum, error) {
		t := c.now().In(c.loc())
		return txt(t.Format("Mon Jan 02 15:04:05.000000 2006 MST")), nil
	})
	def("to_timestamp", "float8", toTimestampFloat)
}

// TimestampFromTime converts a Go time to the timestamptz representation
// (microseconds since 2000-01-01 UTC), for Ctx.TxnStart and StmtStart.
func TimestampFromTime(t time.Time) int64 {
	return datetime.ToTimestampFromUnixMicros(t.UnixMicro())
}
